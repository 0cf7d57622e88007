"""Mes remboursements: filters (période, bénéficiaire, nature de l'acte), the two pies, the sums, the yearly
forfaits left, and the payments newest first, each expanding (▼) into its décompte with how each line was
computed, and downloadable as a PDF."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.charts import pie_card, pie_pair
from ocso_app.components.downloads import download_link
from ocso_app.components.facts import sums_grid
from ocso_app.components.forfaits import explanation_list, forfaits_card
from ocso_app.components.forms import banner, date_field, select_field
from ocso_app.components.tables import Column, data_table, pager
from ocso_app.state.member.reimbursements import ReimbursementsState as S
from ocso_app.templates import member_page

LINE_COLUMNS = (
    Column("Date des soins", "care_date", nowrap=True),
    Column("Bénéficiaire", "beneficiary"),
    Column("Nature de l'acte", "act"),
    Column("Montant dépensé", "spent", nowrap=True),
    Column("Base de remboursement", "ss_base", nowrap=True),
    Column("Taux SS", "ss_rate", nowrap=True),
    Column("Remboursement Sécurité sociale", "ss_reimbursed", nowrap=True),
    Column("Remboursement OCSO", "complementary", nowrap=True),
    Column("Reste à charge", "remaining", nowrap=True),
    Column("Payé à", "payee"),
)


# Why a payment listed can exceed the totals: a décompte paid at once may hold other people's or other acts'
# care (the selection PDF says the same of its pages)
SELECTION_NOTE = (
    "Les totaux portent sur les soins de la sélection (dates des soins, bénéficiaire, nature de l'acte). "
    "Chaque paiement listé, daté du jour où il a été versé, est celui de son décompte entier, qui peut "
    "comprendre d'autres soins."
)


def _filters() -> rx.Component:
    return rx.form(
        rx.grid(
            # the dates of care, which the totals count; a payment's date is later
            date_field("Soins du", "du"),
            date_field("Au", "au"),
            select_field("Bénéficiaire", "beneficiaire", S.beneficiary_options, first=("", "Tous")),
            select_field("Nature de l'acte", "nature", S.category_options, first=("", "Toutes")),
            rx.button("Rechercher", type="submit", size="3", align_self="end"),
            columns=rx.breakpoints(initial="1", sm="2", lg="5"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.search,
        style=styles.CARD,
    )


def _sums() -> rx.Component:
    return rx.vstack(
        sums_grid(
            S.totals,
            (
                ("Total dépensé", "spent"),
                ("Remboursé par la Sécurité sociale", "social_security"),
                ("Remboursé par OCSO", "complementary"),
                ("Reste à charge", "remaining"),
            ),
        ),
        rx.text(SELECTION_NOTE, color=styles.TEXT_MUTED, size="2"),
        rx.cond(  # an empty selection has no décompte to download
            S.rows.length() > 0,
            download_link("Télécharger les décomptes de la sélection", href=S.selection_href, icon=True),
            rx.fragment(),
        ),
        style=styles.CARD,
        spacing="3",
    )


def _lines_table() -> rx.Component:
    return data_table(
        S.lines, LINE_COLUMNS, empty="", size="1", label="Actes du décompte", padding_top="0.5em"
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
        rx.cond(
            expanded, rx.vstack(_lines_table(), explanation_list(S.explanations), width="100%"), rx.fragment()
        ),
        border_bottom=f"1px solid {styles.RULE}",
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
        pager(page=S.page, on_previous=S.change_page(-1), on_next=S.change_page(1), has_next=S.has_next),
        style=styles.CARD,
        spacing="3",
    )


@member_page(route=routes.MEMBER_REIMBURSEMENTS, title="Mes remboursements", on_load=S.load)
def member_reimbursements() -> rx.Component:
    """Mes remboursements."""
    return rx.vstack(
        rx.heading("Mes remboursements", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.hstack(
            rx.text("Suivez vos remboursements et imprimez vos décomptes grâce à cette rubrique."),
            rx.link("Simuler un remboursement", href=routes.MEMBER_SIMULATION, font_weight="600"),
            justify="between",
            width="100%",
            wrap="wrap",
        ),
        _filters(),
        banner(S.error),
        pie_pair(
            pie_card("Répartition par bénéficiaire (%)", S.by_beneficiary, chart_id="pie-beneficiaires"),
            pie_card("Répartition par type (%)", S.by_category, chart_id="pie-types"),
        ),
        _sums(),
        _statements(),
        forfaits_card(S.forfaits),
        width="100%",
        spacing="4",
    )
