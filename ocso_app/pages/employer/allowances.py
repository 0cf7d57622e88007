"""Indemnités journalières (guide 000 §06): under the prévoyance incapacité contracts, the arrêts de travail
of the chosen structure(s), each with its payments of indemnités journalières and their décomptes to
download, filtered by payment date, employee and status (« En cours »: where Accueil's counter leads),
with the sums of the selection.

At 1280 px the payments of a leave are a table; at 375 px each payment is a wrapping card (a table would
hide its amounts and its download link)."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.downloads import download_link
from ocso_app.components.facts import sums_grid
from ocso_app.components.forms import banner, date_field, select_field
from ocso_app.components.tables import Column, data_table, pager
from ocso_app.state.employer.allowances import STATUS_CHOICES, STATUS_PARAMETER
from ocso_app.state.employer.allowances import AllowancesState as S
from ocso_app.templates import employer_page

WIDE = ["none", "none", "block"]  # shown from the md breakpoint
NARROW = ["flex", "flex", "none"]


def _decompte_link(payment: rx.Var) -> rx.Component:
    return download_link(
        "Décompte",
        href=payment.pdf_href,
        icon=True,
        aria_label="Télécharger le décompte n° " + payment.number,
    )


PAYMENT_COLUMNS = (
    Column("Décompte n°", "number", header=True, nowrap=True),
    Column("Période indemnisée", "period"),
    Column("Jours", "days", nowrap=True),
    Column("Indemnité journalière", "daily_amount", nowrap=True),
    Column("Montant brut", "gross", nowrap=True),
    Column("Charges sociales", "charges", nowrap=True),
    Column("Montant net", "net", nowrap=True),
    Column("Payé le", "paid_on", nowrap=True),
    Column("Télécharger", "pdf_href", nowrap=True, render=_decompte_link),
)


def _filters() -> rx.Component:
    return rx.form(
        rx.grid(
            date_field("Payées du", "du"),
            date_field("Au", "au"),
            select_field("Salarié", "salarie", S.employee_options, first=("", "Tous")),
            select_field("Arrêts", STATUS_PARAMETER, STATUS_CHOICES, first=("", "Tous"), default=S.status),
            rx.button("Rechercher", type="submit", size="3", align_self="end"),
            columns=rx.breakpoints(initial="1", sm="3", lg="5"),
            spacing="3",
            width="100%",
        ),
        rx.text(
            "La période porte sur la date de paiement des indemnités.",
            size="1",
            color=styles.TEXT_MUTED,
            margin_top="0.5em",
        ),
        key=S.form_key,
        on_submit=S.search,
        style=styles.CARD,
    )


def _sums() -> rx.Component:
    return rx.vstack(
        rx.text(S.leave_count, " · ", S.totals["payments"], font_weight="600"),
        sums_grid(
            S.totals,
            (
                ("Jours indemnisés", "days"),
                ("Montant brut", "gross"),
                ("Charges sociales", "charges"),
                ("Montant net versé", "net"),
            ),
        ),
        style=styles.CARD,
        spacing="3",
    )


def _amount(label: str, value: rx.Var) -> rx.Component:
    return rx.text(rx.text.span(label + " ", color=styles.TEXT_MUTED), value, size="2", white_space="nowrap")


def _payment_card(payment: rx.Var) -> rx.Component:
    """A payment at 375 px: its number and link (under it at 320 px), its period, then the amounts,
    wrapping."""
    return rx.vstack(
        rx.hstack(
            rx.text("N° ", payment.number, font_weight="600", size="2", white_space="nowrap"),
            _decompte_link(payment),
            justify="between",
            wrap="wrap",
            width="100%",
            align="center",
        ),
        rx.text(payment.period, " · ", payment.days, " × ", payment.daily_amount, size="2"),
        rx.flex(
            _amount("Brut", payment.gross),
            _amount("Charges", payment.charges),
            _amount("Net", payment.net),
            wrap="wrap",
            column_gap="1em",
        ),
        rx.text("Payé le ", payment.paid_on, size="2", color=styles.TEXT_MUTED),
        border_top=f"1px solid {styles.RULE}",
        padding_top="0.5em",
        spacing="1",
        width="100%",
    )


def _payments(leave: rx.Var) -> rx.Component:
    return rx.cond(
        leave.payments.length() > 0,
        rx.fragment(
            rx.box(
                data_table(leave.payments, PAYMENT_COLUMNS, empty="", size="1", label="Paiements"),
                display=WIDE,
                width="100%",
            ),
            rx.vstack(rx.foreach(leave.payments, _payment_card), display=NARROW, spacing="2", width="100%"),
        ),
        rx.text("Aucun paiement pour cette période.", color=styles.TEXT_MUTED, size="2"),
    )


def _leave(leave: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.heading(leave.employee, as_="h2", size="3", color=styles.NAVY),  # each arrêt: a section
            rx.cond(S.several_structures, rx.text(leave.structure, color=styles.TEXT_MUTED, size="2")),
            rx.spacer(),
            rx.badge(
                leave.status,
                color_scheme=rx.cond(leave.status == "En cours", "orange", "gray"),
                variant="soft",
                size="2",
            ),
            align="center",
            wrap="wrap",
            gap="0.3em 0.8em",
            width="100%",
        ),
        rx.flex(
            rx.text("Référence ", rx.text.span(leave.reference, font_weight="600"), size="2"),
            rx.text("Arrêt ", leave.dates, size="2"),
            rx.text("Carence : ", leave.waiting_days, size="2"),
            wrap="wrap",
            gap="0.2em 1.5em",
            color=styles.TEXT,
        ),
        _payments(leave),
        style=styles.CARD,
        spacing="2",
        data_leave=leave.reference,
    )


def _leaves() -> rx.Component:
    return rx.vstack(
        rx.cond(
            S.leaves.length() > 0,
            rx.vstack(rx.foreach(S.leaves, _leave), width="100%", spacing="3"),
            rx.text("Aucun arrêt de travail pour cette sélection.", color=styles.TEXT_MUTED),
        ),
        rx.cond(
            S.pages > 1,
            pager(
                page=S.page,
                pages=S.pages,
                on_previous=S.change_page(-1),
                on_next=S.change_page(1),
                has_next=S.has_next,
            ),
        ),
        width="100%",
        spacing="3",
    )


@employer_page(route=routes.EMPLOYER_ALLOWANCES, title="Indemnités journalières", on_load=S.load)
def employer_allowances() -> rx.Component:
    """Indemnités journalières."""
    return rx.vstack(
        rx.heading("Indemnités journalières", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.text(
            "Dans le cadre de vos contrats Prévoyance Incapacité, visualisez ici les remboursements "
            "d'indemnités journalières et téléchargez vos décomptes."
        ),
        _filters(),
        banner(S.error),
        _sums(),
        _leaves(),
        width="100%",
        spacing="4",
    )
