"""The introducer's portfolio, bound to its state: one card per company, the one opened showing its signed
contracts, headcounts per affiliation status, bordereaux and open démarches (figures only, no names)."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles
from ocso_app.components.facts import fact
from ocso_app.state.introducer.portfolio import PortfolioState as S


def _part(title: str, rows: rx.Var, line, empty: str) -> rx.Component:
    return rx.vstack(
        rx.heading(title, as_="h3", size="3", color=styles.NAVY),
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


def company_detail() -> rx.Component:
    """The opened company's figures."""
    return rx.vstack(
        _part(
            "Contrats signés",
            S.contracts,
            lambda c: _line(rx.text(c["number"], font_weight="700"), rx.text(c["label"]), _muted(c["kind"])),
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
        _part(
            "Bordereaux de cotisations",
            S.statements,
            lambda s: _line(
                rx.text(s["period"], font_weight="600", min_width="14em"),
                rx.text("Dû ", s["due"]),
                rx.text("Payé ", s["paid"]),
                rx.badge(s["status"], variant="soft"),
            ),
            "Aucun bordereau.",
        ),
        _part(
            "Démarches en cours",
            S.requests,
            lambda r: _line(
                rx.text(r["kind"], font_weight="600"), _muted(r["sent_on"]), rx.badge(r["status"])
            ),
            "Aucune démarche en cours.",
        ),
        border_top=f"2px solid {styles.ORANGE}",
        padding_top="0.75em",
        spacing="4",
        width="100%",
    )


def company_card(company: rx.Var) -> rx.Component:
    """One company of the portfolio; its detail when it is the opened one."""
    opened = S.detail_id == company["company_id"]
    return rx.vstack(
        rx.heading(company["name"], as_="h2", size="4", color=styles.NAVY),
        fact("SIREN", company["siren"]),
        fact("N° client", company["client_number"]),
        fact("Ville", company["city"]),
        fact("Dans votre portefeuille depuis", company["since"]),
        fact(
            "Contrats santé / prévoyance",
            company["health_contracts"] + " / " + company["provident_contracts"],
        ),
        fact("Assurés", company["insured_employees"]),
        rx.button(
            rx.cond(opened, "Masquer le détail", "Voir le détail"),
            variant="soft",
            on_click=S.open_company(company["company_id"]),
            aria_expanded=rx.cond(opened, "true", "false"),
            aria_label=rx.cond(opened, "Masquer le détail de ", "Voir le détail de ") + company["name"],
        ),
        rx.cond(opened, company_detail()),
        style=styles.CARD,
        spacing="2",
        width="100%",
    )
