"""Affilier un(e) salarié(e) (guide 003, affiliation simple): the 4 steps of the pré-affiliation with a
stepper, then « Envoyer l'invitation » or « Saisir l'affiliation complète »; once sent, the letter to
download when the employee has no e-mail address. A refused step moves the focus to its first field in
error."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.affiliation_letter import affiliation_letter_button
from ocso_app.components.checked_form import checked_field, checked_select, field_error, stepper
from ocso_app.components.facts import fact
from ocso_app.components.focus import refusal_focus
from ocso_app.components.forms import banner, link_button
from ocso_app.state.employer.affiliate import BACK, COMPLETE, FORWARD, INVITE, NOTIFY_FIELD, STEP_TITLES
from ocso_app.state.employer.affiliate import AffiliateState as S
from ocso_app.templates import employer_page

DATE_HINT = "jj/mm/aaaa"
WIZARD = "pre-affiliation"  # the form's id


def _text(label: str, name: str, **props) -> rx.Component:
    return checked_field(label, name, S.values, S.errors, **props)


def _date(label: str, name: str, hint: str = DATE_HINT) -> rx.Component:
    return _text(label, name, hint=hint, placeholder="jj/mm/aaaa", input_mode="numeric", max_length=10)


def _grid(*children: rx.Component) -> rx.Component:
    return rx.grid(*children, columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%")


def _identity() -> rx.Component:
    return _grid(
        checked_select("Civilité", "civility", [("M.", "M."), ("Mme", "Mme")], S.values, S.errors),
        rx.box(),
        _text("Nom", "last_name", autocomplete="off", max_length=80),
        _text("Prénom", "first_name", autocomplete="off", max_length=80),
        _date("Date de naissance", "birth_date"),
        _text(
            "N° de sécurité sociale",
            "nir",
            hint="15 caractères, clé comprise (carte Vitale)",
            autocomplete="off",
            max_length=21,
        ),
    )


def _contract_choice(contract: rx.Var) -> rx.Component:
    return rx.el.label(
        rx.checkbox(
            checked=S.chosen_contracts.contains(contract["id"]),
            on_change=lambda _checked: S.toggle_contract(contract["id"]),
            size="2",
        ),
        rx.text(contract["label"], " (n° ", contract["number"], ")"),
        style={"display": "flex", "gap": "0.5em", "align_items": "center", "cursor": "pointer"},
    )


def _contract() -> rx.Component:
    return rx.vstack(
        _grid(
            checked_select(
                "Structure de rattachement",
                "company_id",
                S.structures,
                S.values,
                S.errors,
                follows_state=True,
                on_change=lambda value: S.pick("company_id", value),
            ),
            checked_select(
                "Catégorie de personnel",
                "personnel_category",
                S.categories,
                S.values,
                S.errors,
                follows_state=True,
                on_change=lambda value: S.pick("personnel_category", value),
            ),
        ),
        rx.el.fieldset(
            rx.el.legend("Contrat(s)", font_weight="600", font_size="0.95em"),
            rx.cond(
                S.contracts.length() > 0,
                rx.vstack(rx.foreach(S.contracts, _contract_choice), spacing="2"),
                rx.text(
                    "Choisissez la structure et la catégorie de personnel : leurs contrats en vigueur "
                    "s'affichent ici.",
                    color=styles.TEXT_MUTED,
                ),
            ),
            field_error(S.errors, "contract_ids"),
            style={"border": "none", "padding": "0", "margin": "0", "width": "100%"},
        ),
        _grid(
            _date("Date d'embauche", "hired_on"),
            _date("Début de la couverture", "cover_start_on", hint="jj/mm/aaaa – vide : la date d'embauche"),
        ),
        spacing="4",
        width="100%",
    )


def _contact() -> rx.Component:
    return rx.vstack(
        rx.text(
            "Le/la salarié(e) reçoit par e-mail son lien personnel d'affiliation. Sans adresse e-mail, "
            "indiquez son adresse postale : vous téléchargerez un courrier à lui poster.",
            color=styles.TEXT_MUTED,
        ),
        _grid(
            _text("Adresse e-mail du/de la salarié(e)", "email", type_="email", autocomplete="off"),
            rx.box(),
            _text("Adresse", "address_line", autocomplete="off", max_length=200),
            rx.box(),
            _text("Code postal", "postal_code", autocomplete="off", max_length=6, input_mode="numeric"),
            _text("Ville", "city", autocomplete="off", max_length=80),
        ),
        spacing="4",
        width="100%",
    )


def _summary() -> rx.Component:
    return rx.vstack(
        rx.vstack(rx.foreach(S.summary, lambda row: fact(row["label"], row["value"])), spacing="1"),
        rx.divider(),
        _grid(
            _text(
                "E-mail où recevoir les demandes de dispense",
                "dispense_email",
                type_="email",
                autocomplete="email",
            ),
            _text("E-mail où être prévenu(e)", "notify_email", type_="email", autocomplete="email"),
        ),
        rx.el.label(
            rx.el.input(type="checkbox", name=NOTIFY_FIELD, id=NOTIFY_FIELD, default_checked=S.notify_me),
            "Me prévenir par e-mail quand le/la salarié(e) a finalisé son affiliation",
            style={"display": "flex", "gap": "0.5em", "align_items": "center"},
        ),
        spacing="4",
        width="100%",
    )


def _buttons() -> rx.Component:
    """The forward button comes first in the page's order (Entrée presses it), drawn on the right."""
    last = S.step == len(STEP_TITLES) - 1
    back = rx.cond(
        S.step > 0,
        rx.button("Précédent", type="submit", variant="soft", size="3", on_click=S.choose(BACK)),
        rx.box(),
    )
    forward = rx.cond(
        last,
        rx.flex(
            rx.button("Envoyer l'invitation", type="submit", size="3", on_click=S.choose(INVITE)),
            rx.button(
                "Saisir l'affiliation complète",
                type="submit",
                variant="outline",
                size="3",
                on_click=S.choose(COMPLETE),
            ),
            direction="row-reverse",
            spacing="3",
            wrap="wrap",
        ),
        rx.button("Suivant", type="submit", size="3", on_click=S.choose(FORWARD)),
    )
    return rx.flex(
        forward,
        back,
        direction="row-reverse",
        justify="between",
        align="center",
        wrap="wrap",
        spacing="3",
        width="100%",
    )


def _wizard() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(
                rx.match(S.step, *[(i, f"{i + 1}. {t}") for i, t in enumerate(STEP_TITLES)], ""),
                as_="h2",
                size="4",
                color=styles.NAVY,
            ),
            banner(S.error),
            rx.match(S.step, (0, _identity()), (1, _contract()), (2, _contact()), _summary()),
            _buttons(),
            rx.button(
                "Tout effacer et recommencer",
                type="button",
                variant="ghost",
                size="2",
                on_click=S.restart,
            ),
            refusal_focus(WIZARD, S.refusals),
            spacing="4",
            width="100%",
        ),
        on_submit=S.submit,
        id=WIZARD,
        width="100%",
        key=S.draft.to(str),  # a new affiliation, or a draft brought back by a reload: drawn afresh
    )


def _done() -> rx.Component:
    return rx.vstack(
        rx.callout(
            S.done_message, color_scheme=rx.cond(S.letter_href != "", "orange", "green"), role="status"
        ),
        rx.cond(
            S.letter_href != "",
            affiliation_letter_button(S.letter_href),
            rx.fragment(),
        ),
        rx.flex(
            link_button("Voir la fiche salarié(e)", href=S.record_href, variant="soft"),
            rx.button("Affilier un(e) autre salarié(e)", on_click=S.restart),
            rx.link("Retour à Mes salarié(e)s", href=routes.EMPLOYER_STAFF),
            spacing="4",
            align="center",
            wrap="wrap",
        ),
        spacing="4",
        width="100%",
    )


@employer_page(route=routes.EMPLOYER_AFFILIATE, title="Affilier un(e) salarié(e)", on_load=S.load)
def employer_affiliate() -> rx.Component:
    """Affilier un(e) salarié(e)."""
    return rx.vstack(
        rx.heading("Affilier un(e) salarié(e)", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.text(
            "Renseignez les 4 étapes de pré-affiliation : votre salarié(e) reçoit ensuite un lien "
            "personnel (à défaut un courrier) pour choisir son option, ajouter ses bénéficiaires ou "
            "demander une dispense."
        ),
        rx.vstack(
            stepper(STEP_TITLES, rx.cond(S.done, len(STEP_TITLES), S.step)),
            rx.cond(S.done, _done(), _wizard()),
            style=styles.CARD,
            spacing="5",
            width="100%",
        ),
        width="100%",
        spacing="4",
    )
