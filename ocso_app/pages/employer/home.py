"""Accueil of the Espace Employeur: counters of the chosen structure(s) with links to their pages, the
user's structures, the latest documents, OCSO's news for employers and the OCSO contacts."""

from collections.abc import Callable

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.reminder_dialog import reminder_dialog
from ocso_app.components.wording import of
from ocso_app.state.employer.home import EmployerHomeState as S
from ocso_app.state.employer.staff import PENDING_HREF, TO_REMIND_HREF, UNHEARD_HREF
from ocso_app.templates import employer_page

CONTACTS = (
    ("MÉRIGNAC", "30 avenue Ariane, BP 50255, 33698 Mérignac cedex", "05 56 34 36 66"),
    ("BAYONNE", "Espace Mendi Alde, bât. B, 48-50 avenue du 8 mai 1945, 64100 Bayonne", "05 59 52 11 12"),
)


def _counter(value: rx.Var, label: str, href: str, detail: rx.Var | str = "") -> rx.Component:
    """One counter card, drawn only when the profile allows what it counts (``value`` not empty)."""
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
        _counter(S.active, "Assurés actifs", routes.EMPLOYER_EMPLOYEES, "affilié(e)s et couvert(e)s"),
        _counter(S.portability, "En portabilité", routes.EMPLOYER_EMPLOYEES),
        _counter(S.pending, "Affiliations en cours", PENDING_HREF),
        _counter(
            S.to_remind,
            "Affiliations à relancer",
            TO_REMIND_HREF,
            "sans réponse après 8 jours",
        ),
        _counter(S.sick_leaves, "Arrêts de travail en cours", routes.EMPLOYER_ALLOWANCES),
        _counter(S.requests, "Démarches en cours", routes.EMPLOYER_REQUESTS),
        _counter(S.contributions, "Cotisations dues", routes.EMPLOYER_COMPANY, S.contributions_amount),
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
                            d["title"],
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


def _portability(p: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(p["name"], font_weight="700"),
        _line("Fin le ", p["ends_on"], " (", p["ends_in"], ")"),
        _line(p["proofs"]),
        rx.cond(p["reminded"] != "", _line(p["reminded"]), rx.fragment()),
        spacing="0",
    )


def _expiring(e: rx.Var) -> rx.Component:
    return rx.vstack(rx.text(e["name"], font_weight="700"), _line(e["case"]), _line(e["when"]), spacing="0")


def _unanswered(r: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(r["name"], font_weight="700"), _line(r["since"]), spacing="0"),
        rx.link(
            r["action"], href=r["href"], size="2", aria_label=r["action"] + " : " + of("fiche", r["name"])
        ),
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
