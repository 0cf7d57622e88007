"""MES DOCUMENTS: the guide's sections, each with its unread badge; opening a document drops the badges.
DESCRIPTIFS DES GARANTIES shows the tableau de garanties of the member's option above its PDFs."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.badges import count_badge
from ocso_app.components.downloads import CARD_PDF, download_link
from ocso_app.components.facts import guarantee_line
from ocso_app.state.member.documents import DocumentsState
from ocso_app.templates import member_page


def _document_link(doc, **marking) -> rx.Component:
    return rx.link(
        rx.hstack(rx.icon("file-down", size=16), rx.text(doc.title), align="center", spacing="1"),
        href=doc.url,
        reload_document=True,
        font_weight=rx.cond(doc.unread, "700", "400"),
        **marking,
    )


def _document_row(doc) -> rx.Component:
    """A document of the member's own marks itself read at the click (the badges drop at once); a document
    of their contract is a plain download."""
    return rx.hstack(
        rx.text(doc.date_label, color=styles.TEXT_MUTED, min_width="6.5em"),
        rx.cond(
            doc.marks_read,
            _document_link(doc, on_click=[rx.prevent_default, DocumentsState.open_document(doc.id)]),
            _document_link(doc),
        ),
        rx.cond(doc.unread, rx.badge("Nouveau", color_scheme="red", variant="soft"), rx.fragment()),
        align="center",
        wrap="wrap",
        width="100%",
    )


def _guarantee_table(section) -> rx.Component:
    """Votre tableau de garanties: the member's option, its insurer, each kind of care and its rule."""
    return rx.cond(
        section.table_title != "",
        rx.vstack(
            rx.heading("Votre tableau de garanties", as_="h3", size="2", color=styles.NAVY),
            rx.text(section.table_title, font_weight="600"),
            rx.text(section.table_insurer, size="2", color=styles.TEXT_MUTED),
            rx.vstack(rx.foreach(section.table, guarantee_line), spacing="0", width="100%"),
            rx.text(
                "« % BR » : pourcentage de la base de remboursement de la Sécurité sociale, sa part "
                "comprise. Les forfaits se renouvellent chaque année civile.",
                size="1",
                color=styles.TEXT_MUTED,
            ),
            rx.link("Simuler un remboursement", href=routes.MEMBER_SIMULATION, size="2"),
            spacing="2",
            width="100%",
        ),
        rx.fragment(),
    )


def _section_extra(section) -> rx.Component:
    """The card, garanties and help sections carry content of their own besides any document."""
    return rx.match(
        section.key,
        (
            "carte",
            rx.hstack(
                download_link("Télécharger ma carte de tiers payant", href=CARD_PDF, icon=True),
                rx.link("Voir ou envoyer ma carte", href=routes.MEMBER_CARD),
                spacing="4",
                wrap="wrap",
            ),
        ),
        ("garanties", _guarantee_table(section)),
        ("aide", rx.link("Questions fréquentes : J'ai besoin d'aide", href=routes.MEMBER_HELP)),
        rx.fragment(),
    )


def _section(section) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(section.title, as_="h2", size="3", color=styles.NAVY),
            count_badge(
                section.unread,
                section.unread.to_string() + rx.cond(section.unread > 1, " non lus", " non lu"),
            ),
            align="center",
        ),
        _section_extra(section),
        rx.foreach(section.documents, _document_row),
        style=styles.CARD,
        spacing="2",
    )


@member_page(route=routes.MEMBER_DOCUMENTS, title="Mes documents", on_load=DocumentsState.load)
def member_documents() -> rx.Component:
    """Mes documents."""
    return rx.vstack(
        rx.heading("Mes documents", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.foreach(DocumentsState.sections, _section),
        width="100%",
        spacing="3",
    )
