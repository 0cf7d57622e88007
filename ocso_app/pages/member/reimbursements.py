"""Mes remboursements: filters (période, bénéficiaire, nature de l'acte), the two pies, the sums, and the
payments newest first, each expanding (▼) into its décompte and downloadable as a PDF."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.charts import pie_card, pie_pair
from ocso_app.components.downloads import download_link
from ocso_app.components.forms import banner
from ocso_app.state.reimbursements import ReimbursementsState as S
from ocso_app.templates import member_page

LINE_COLUMNS = (
    ("Date des soins", "care_date"),
    ("Bénéficiaire", "beneficiary"),
    ("Nature de l'acte", "act"),
    ("Montant dépensé", "spent"),
    ("Base de remboursement", "ss_base"),
    ("Taux SS", "ss_rate"),
    ("Remboursement Sécurité sociale", "ss_reimbursed"),
    ("Remboursement OCSO", "complementary"),
    ("Reste à charge", "remaining"),
    ("Payé à", "payee"),
)


def _labelled(label: str, control: rx.Component, name: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=name, font_weight="600", font_size="0.95em"),
        control,
        spacing="1",
        width="100%",
    )


def _select(name: str, options: rx.Var, all_label: str) -> rx.Component:
    return rx.el.select(
        rx.el.option(all_label, value=""),
        rx.foreach(options, lambda o: rx.el.option(o["label"], value=o["value"])),
        id=name,
        name=name,
        style={"width": "100%", "padding": "0.5em", "border": "1px solid #c9d6ea", "border_radius": "6px"},
    )


def _filters() -> rx.Component:
    return rx.form(
        rx.grid(
            _labelled("Période du", rx.input(type="date", id="du", name="du", size="3", width="100%"), "du"),
            _labelled("Au", rx.input(type="date", id="au", name="au", size="3", width="100%"), "au"),
            _labelled("Bénéficiaire", _select("beneficiaire", S.beneficiary_options, "Tous"), "beneficiaire"),
            _labelled("Nature de l'acte", _select("nature", S.category_options, "Toutes"), "nature"),
            rx.button("Rechercher", type="submit", size="3", align_self="end"),
            columns=rx.breakpoints(initial="1", sm="2", lg="5"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.search,
        style=styles.CARD,
    )


def _sum(label: str, key: str) -> rx.Component:
    return rx.vstack(
        rx.text(label, color=styles.TEXT_MUTED, size="2"),
        rx.text(S.totals[key], font_weight="700", size="5", color=styles.NAVY, data_total=key),
        spacing="1",
    )


def _sums() -> rx.Component:
    return rx.vstack(
        rx.grid(
            _sum("Total dépensé", "spent"),
            _sum("Remboursé par la Sécurité sociale", "social_security"),
            _sum("Remboursé par OCSO", "complementary"),
            _sum("Reste à charge", "remaining"),
            columns=rx.breakpoints(initial="2", md="4"),
            spacing="4",
            width="100%",
        ),
        download_link(
            rx.icon("download", size=16), "Télécharger les décomptes de la sélection", href=S.selection_href
        ),
        style=styles.CARD,
        spacing="3",
    )


def _lines_table() -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(*[rx.table.column_header_cell(title) for title, _ in LINE_COLUMNS]),
            ),
            rx.table.body(
                rx.foreach(
                    S.lines,
                    lambda line: rx.table.row(*[rx.table.cell(line[key]) for _, key in LINE_COLUMNS]),
                )
            ),
            size="1",
            variant="surface",
        ),
        overflow_x="auto",
        width="100%",
        padding_top="0.5em",
    )


def _statement(row: rx.Var) -> rx.Component:
    expanded = S.expanded_id == row["id"]
    return rx.vstack(
        rx.hstack(
            rx.text(row["paid_on"], font_weight="600", min_width="7.5em"),
            rx.text(row["payee"], flex="1"),
            rx.text(row["amount"], font_weight="700"),
            download_link(
                "Télécharger", href=row["pdf_href"], aria_label="Télécharger le décompte du " + row["paid_on"]
            ),
            rx.button(
                rx.cond(expanded, "▲", "▼"),
                on_click=S.toggle(row["id"]),
                variant="ghost",
                size="2",
                aria_label="Détail du décompte du " + row["paid_on"],
                aria_expanded=rx.cond(expanded, "true", "false"),
            ),
            align="center",
            width="100%",
            wrap="wrap",
            spacing="3",
        ),
        rx.cond(expanded, _lines_table(), rx.fragment()),
        border_bottom="1px solid #e2e8f0",
        padding_y="0.6em",
        width="100%",
        spacing="1",
    )


def _statements() -> rx.Component:
    return rx.vstack(
        rx.heading("Mes paiements", as_="h2", size="4", color=styles.NAVY),
        rx.cond(
            S.rows.length() > 0,
            rx.vstack(rx.foreach(S.rows, _statement), width="100%", spacing="0"),
            rx.text("Aucun remboursement pour cette sélection.", color=styles.TEXT_MUTED),
        ),
        rx.hstack(
            rx.button("Page précédente", on_click=S.change_page(-1), disabled=S.page <= 1, variant="soft"),
            rx.text("Page ", S.page, size="2"),
            rx.button("Page suivante", on_click=S.change_page(1), disabled=~S.has_next, variant="soft"),
            align="center",
            spacing="3",
        ),
        style=styles.CARD,
        spacing="3",
    )


@member_page(route=routes.MEMBER_REIMBURSEMENTS, title="Mes remboursements", on_load=S.load)
def member_reimbursements() -> rx.Component:
    """Mes remboursements."""
    return rx.vstack(
        rx.heading("Mes remboursements", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.text("Suivez vos remboursements et imprimez vos décomptes grâce à cette rubrique."),
        _filters(),
        banner(S.error),
        pie_pair(
            pie_card(
                "Répartition par bénéficiaire (%)", S.by_beneficiary_figure, chart_id="pie-beneficiaires"
            ),
            pie_card("Répartition par type (%)", S.by_category_figure, chart_id="pie-types"),
        ),
        _sums(),
        _statements(),
        width="100%",
        spacing="4",
    )
