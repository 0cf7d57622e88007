"""The introducer's portfolio, bound to its state: one card per company, the one opened showing its signed
contracts, headcounts per affiliation status, bordereaux and open démarches (figures only, no names)."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles
from ocso_app.components.wording import of
from ocso_app.services.introducers import STATEMENTS_NOTE
from ocso_app.state.introducer.portfolio import PortfolioState as S


def _part(title: str, rows: rx.Var, line, empty: str, note: str = "") -> rx.Component:
    return rx.vstack(
        rx.heading(title, as_="h3", size="3", color=styles.NAVY),
        *([rx.text(note, color=styles.TEXT_MUTED, size="2")] if note else []),
        rx.cond(
            rows.length() > 0,
            rx.vstack(rx.foreach(rows, line), spacing="0", width="100%"),
            rx.text(empty, color=styles.TEXT_MUTED, size="2"),
        ),
        spacing="2",
        width="100%",
    )


def _line(*children: rx.Component) -> rx.Component:
    return rx.hstack(
        *children,
        wrap="wrap",
        spacing="2",
        align="center",
        padding_y="0.35em",
        border_top=f"1px solid {styles.RULE}",
        width="100%",
    )


def _muted(value: rx.Var) -> rx.Component:
    return rx.text(value, color=styles.TEXT_MUTED, size="2")


def _headcount(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(row["count"], font_size="1.4em", font_weight="700", color=styles.NAVY, line_height="1.1"),
        rx.text(row["status"], size="2"),
        spacing="0",
        padding="0.5em",
        border=f"1px solid {styles.RULE}",
        border_radius="6px",
    )


def _figure(label: str, value: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=styles.TEXT_MUTED),
        rx.text(value, font_weight="700"),
        spacing="0",
    )


def company_detail() -> rx.Component:
    """The opened company's figures: two columns on a wide screen, one on a phone."""
    return rx.grid(
        rx.vstack(
            _part(
                "Contrats signés",
                S.contracts,
                lambda c: _line(
                    rx.text(c["number"], font_weight="700"), rx.text(c["label"]), _muted(c["kind"])
                ),
                "Aucun contrat signé.",
            ),
            rx.vstack(
                rx.heading("Effectifs par statut d'affiliation", as_="h3", size="3", color=styles.NAVY),
                rx.grid(
                    rx.foreach(S.headcounts, _headcount),
                    columns=rx.breakpoints(initial="2", sm="3"),
                    spacing="2",
                    width="100%",
                ),
                spacing="2",
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        rx.vstack(
            _part(
                "Bordereaux de cotisations",
                S.statements,
                lambda s: _line(
                    rx.text(s["contract"], font_weight="600"),
                    rx.text(s["period"]),
                    rx.text("Dû ", s["due"]),
                    rx.text("Payé ", s["paid"]),
                    rx.badge(s["status"], variant="soft"),
                ),
                "Aucun bordereau.",
                STATEMENTS_NOTE,
            ),
            _part(
                "Démarches en cours",
                S.requests,
                lambda r: _line(
                    rx.text(r["kind"], font_weight="600"), _muted(r["sent_on"]), rx.badge(r["status"])
                ),
                "Aucune démarche en cours.",
            ),
            spacing="4",
            width="100%",
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="5",
        border_top=f"2px solid {styles.ORANGE}",
        padding_top="0.75em",
        width="100%",
    )


def company_card(company: rx.Var) -> rx.Component:
    """One company of the portfolio; its detail when it is the opened one."""
    opened = S.detail_id == company["company_id"]
    return rx.vstack(
        rx.hstack(
            rx.heading(company["name"], as_="h2", size="4", color=styles.NAVY),
            rx.button(
                rx.cond(opened, "Masquer le détail", "Voir le détail"),
                variant="soft",
                on_click=S.open_company(company["company_id"]),
                aria_expanded=rx.cond(opened, "true", "false"),
                aria_label=rx.cond(
                    opened, of("Masquer le détail", company["name"]), of("Voir le détail", company["name"])
                ),
            ),
            wrap="wrap",
            justify="between",
            align="center",
            width="100%",
        ),
        rx.grid(
            _figure("SIREN", company["siren"]),
            _figure("N° client", company["client_number"]),
            _figure("Ville", company["city"]),
            _figure("En portefeuille depuis", company["since"]),
            _figure(
                "Contrats santé / prévoyance",
                company["health_contracts"] + " / " + company["provident_contracts"],
            ),
            _figure("Assurés", company["insured_employees"]),
            columns=rx.breakpoints(initial="2", sm="3", lg="6"),
            spacing="3",
            width="100%",
        ),
        rx.cond(opened, company_detail()),
        style=styles.CARD,
        spacing="3",
        width="100%",
    )
