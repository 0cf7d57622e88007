"""Accueil of the Espace Employeur: counters of the chosen structure(s), each opening the view of what it
counts, « À suivre » whose names open their fiche salarié(e), the user's structures, the latest documents
(each downloaded by its title), OCSO's news for employers and the OCSO contacts."""

from collections.abc import Callable

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.downloads import download_link
from ocso_app.components.reminder_dialog import reminder_dialog
from ocso_app.state.employer.home import COUNTER_HREFS
from ocso_app.state.employer.home import EmployerHomeState as S
from ocso_app.state.employer.staff import UNHEARD_HREF
from ocso_app.templates import employer_page

CONTACTS = (
    ("MÉRIGNAC", "30 avenue Ariane, BP 50255, 33698 Mérignac cedex", "05 56 34 36 66"),
    ("BAYONNE", "Espace Mendi Alde, bât. B, 48-50 avenue du 8 mai 1945, 64100 Bayonne", "05 59 52 11 12"),
)


def _counter(name: str, label: str, detail: rx.Var | str = "") -> rx.Component:
    """The counter card of the state var ``name``, drawn only when the profile allows what it counts (its
    value not empty), opening the view of what it counts (``COUNTER_HREFS[name]``)."""
    value, href = getattr(S, name), COUNTER_HREFS[name]
    return rx.cond(
        value != "",
        rx.link(
            rx.vstack(
                rx.text(value, font_size="1.8em", font_weight="700", color=styles.NAVY, line_height="1.1"),
                rx.text(label, font_weight="600"),
                rx.text(detail, color=styles.TEXT_MUTED, font_size="0.85em"),
                spacing="1",
            ),
            href=href,
            underline="none",
            color="inherit",
            style={**styles.CARD, "border_top": f"4px solid {styles.ORANGE}"},
            width="100%",
        ),
        rx.fragment(),
    )


def _counters() -> rx.Component:
    return rx.grid(
        _counter("active", "Assurés actifs", "affilié(e)s et couvert(e)s"),
        _counter("portability", "En portabilité"),
        _counter("pending", "Affiliations en cours"),
        _counter("to_remind", "Affiliations à relancer", "sans réponse après 8 jours"),
        _counter("sick_leaves", "Arrêts de travail en cours"),
        _counter("requests", "Démarches en cours"),
        _counter("contributions", "Cotisations dues", S.contributions_amount),
        columns=rx.breakpoints(initial="2", sm="3", lg="4"),
        spacing="3",
        width="100%",
    )


def _structure(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(row["name"], font_weight="700"),
        rx.text(
            "Profil : ",
            row["profile"],
            rx.cond(row["role"] != "", rx.text.span(" · ", row["role"]), rx.fragment()),
            color=styles.TEXT_MUTED,
            font_size="0.9em",
        ),
        spacing="0",
        width="100%",
    )


def _block(title: str, *children: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.heading(title, as_="h2", size="4", color=styles.NAVY), *children, style=styles.CARD, spacing="3"
    )


def _documents() -> rx.Component:
    return _block(
        "Derniers documents",
        rx.cond(
            S.documents.length() > 0,
            rx.vstack(
                rx.foreach(
                    S.documents,
                    lambda d: rx.hstack(
                        rx.text(d["day"], font_weight="700", color=styles.NAVY, white_space="nowrap"),
                        rx.text(
                            download_link(
                                d["title"],
                                href=d["href"],
                                on_click=[rx.prevent_default, S.open_document(d["id"])],
                            ),
                            rx.cond(
                                d["new"] != "",
                                rx.badge(d["new"], color_scheme="red", variant="soft", margin_left="0.5em"),
                                rx.fragment(),
                            ),
                        ),
                        width="100%",
                        align="start",
                    ),
                ),
                width="100%",
            ),
            rx.text("Aucun document pour le moment.", color=styles.TEXT_MUTED),
        ),
        rx.link("Tous les documents", href=routes.EMPLOYER_DOCUMENTS, size="2"),
    )


def _news() -> rx.Component:
    return _block(
        "OCSO vous informe",
        rx.cond(
            S.news.length() > 0,
            rx.foreach(
                S.news, lambda n: rx.vstack(rx.text(n["title"], font_weight="700"), rx.text(n["body"]))
            ),
            rx.text("Aucune actualité.", color=styles.TEXT_MUTED),
        ),
    )


def _follow_list(rows: rx.Var, empty: str, render: Callable[[rx.Var], rx.Component]) -> rx.Component:
    return rx.cond(
        rows.length() > 0,
        rx.vstack(rx.foreach(rows, render), spacing="3", width="100%"),
        rx.text(empty, color=styles.TEXT_MUTED),
    )


def _line(*parts: rx.Var | str) -> rx.Component:
    return rx.text(*parts, color=styles.TEXT_MUTED, font_size="0.85em")


def _name(row: rx.Var) -> rx.Component:
    """An employee of « À suivre »: a link to their fiche salarié(e)."""
    return rx.link(row["name"], href=row["href"], font_weight="700")


def _portability(p: rx.Var) -> rx.Component:
    return rx.vstack(
        _name(p),
        _line("Fin le ", p["ends_on"], " (", p["ends_in"], ")"),
        _line(p["proofs"]),
        rx.cond(p["reminded"] != "", _line(p["reminded"]), rx.fragment()),
        spacing="0",
    )


def _expiring(e: rx.Var) -> rx.Component:
    return rx.vstack(_name(e), _line(e["case"]), _line(e["when"]), spacing="0")


def _unanswered(r: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(r["name"], font_weight="700"), _line(r["since"]), spacing="0"),
        rx.link(r["action"], href=r["href"], size="2", aria_label=r["action_label"]),
        justify="between",
        align="center",
        width="100%",
    )


def _unheard() -> rx.Component:
    """How many open affiliations nobody follows any more, with Mes salarié(e)s filtered to them."""
    return rx.cond(
        S.follow_unheard != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("mail-warning")),
            rx.callout.text(
                S.follow_unheard,
                " ",
                rx.link("Voir ces salarié(e)s", href=UNHEARD_HREF, font_weight="600"),
            ),
            color_scheme="orange",
            width="100%",
        ),
        rx.fragment(),
    )


def _follow_up() -> rx.Component:
    """« À suivre »: the affiliations whose follow-up nobody receives, portabilités running, dispense proofs
    due within 30 days, invitations unanswered after 8 days and employees registered without an invitation."""
    return rx.cond(
        S.follows,
        rx.vstack(
            rx.heading("À suivre", as_="h2", size="5", color=styles.NAVY),
            _unheard(),
            rx.grid(
                _block(
                    "Portabilités en cours (" + S.follow_portabilities_total + ")",
                    _follow_list(S.follow_portabilities, "Aucune portabilité en cours.", _portability),
                ),
                _block(
                    "Dispenses : échéances sous 30 jours",
                    _follow_list(S.follow_expiring, "Aucune dispense n'arrive à échéance.", _expiring),
                ),
                _block(
                    "Affiliations à relancer ou à reprendre (" + S.follow_to_remind_total + ")",
                    _follow_list(
                        S.follow_to_remind,
                        "Aucune : vos salarié(e)s invité(e)s ont répondu et vos saisies sont terminées.",
                        _unanswered,
                    ),
                    rx.cond(S.remind_all, reminder_dialog(), rx.fragment()),
                ),
                columns=rx.breakpoints(initial="1", md="2", lg="3"),
                spacing="4",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        rx.fragment(),
    )


def _dedicated(contact: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(contact["name"], font_weight="700"),
        rx.link(contact["email"], href=contact["href"]),
        spacing="0",
    )


def _contacts() -> rx.Component:
    return _block(
        "Vos contacts OCSO",
        rx.cond(
            S.dedicated.length() > 0,
            rx.vstack(
                rx.text("Votre interlocuteur dédié", color=styles.TEXT_MUTED, font_size="0.85em"),
                rx.foreach(S.dedicated, _dedicated),
                spacing="1",
            ),
        ),
        *[
            rx.vstack(
                rx.text(city, font_weight="700"),
                rx.text(address),
                rx.link(f"Tél. {phone}", href=f"tel:{phone.replace(' ', '')}"),
                spacing="0",
            )
            for city, address, phone in CONTACTS
        ],
        rx.link("support@ocso.fr", href="mailto:support@ocso.fr"),
    )


@employer_page(route=routes.EMPLOYER_HOME, title="Accueil", on_load=S.load)
def employer_home() -> rx.Component:
    """Accueil."""
    return rx.vstack(
        rx.heading("Accueil", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.text("Bienvenue ", rx.text.strong(S.user_name), "."),
        _counters(),
        _follow_up(),
        rx.grid(
            _block("Mes structures", rx.foreach(S.structures, _structure)),
            _documents(),
            rx.vstack(_news(), _contacts(), width="100%", spacing="4"),
            columns=rx.breakpoints(initial="1", md="2", lg="3"),
            spacing="4",
            width="100%",
            align_items="start",  # each card as tall as its content, not as the news and contacts together
        ),
        width="100%",
        spacing="4",
    )
