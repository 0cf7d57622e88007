"""Mes informations: the member's identity (NIR masked), the e-mail address (changed through a link sent to
the new one), the postal address and the telephone number, the e-mail on a new payment, "Modifier mon mot de
passe", Mes coordonnées bancaires (IBAN masked, BIC), Mes bénéficiaires and their télétransmission (NOEMIE). A
refusal about one field shows under it, the others in the form's banner, and the focus goes there."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.checked_form import error_props, field_error
from ocso_app.components.focus import refusal_focus
from ocso_app.components.forms import banner, beside_its_label, field, submit_button
from ocso_app.components.member_info import member_info_card
from ocso_app.components.tables import Column, data_table
from ocso_app.services.passwords import MEMBER_PASSWORD_RULE
from ocso_app.state.member.information import InformationState as S
from ocso_app.templates import member_page

BENEFICIARY_COLUMNS = (
    Column("PRÉNOM", "first_name"),
    Column("NOM", "last_name", header=True),
    Column("RANG", "rank"),
    Column("NÉ(E) LE", "birth_date", nowrap=True),
    Column("ADHÉSION", "adhesion_date", nowrap=True),
)


def _field(label: str, name: str, **props) -> rx.Component:
    """A field of the page's forms, with the message of a refusal about it under it (the field aria-invalid
    and described by it)."""
    return rx.vstack(
        field(label, name, **error_props(S.field_errors, name), **props),
        field_error(S.field_errors, name),
        spacing="1",
        width="100%",
    )


def _form_card(
    title: str,
    messages: tuple[rx.Var, rx.Var],
    *fields: rx.Component,
    button: str,
    on_submit,
    scope: str,
    intro: rx.Component | None = None,
    **form_props,
) -> rx.Component:
    """One form of the page in its card (``id=scope``): title, its error and confirmation, the fields, the
    button; refused, the focus goes to its field in error or to its error."""
    error, info = messages
    return rx.vstack(
        rx.heading(title, as_="h2", size="5", style=styles.SECTION_TITLE),
        *([intro] if intro is not None else []),
        banner(error),
        banner(info, tone="success"),
        rx.form(
            rx.vstack(*fields, submit_button(button), spacing="3", max_width="420px", width="100%"),
            on_submit=on_submit,
            **form_props,
        ),
        refusal_focus(scope, S.refusals),
        style=styles.CARD,
        id=scope,
    )


def _change_password_form() -> rx.Component:
    return _form_card(
        "Modifier mon mot de passe",
        (S.error, S.info),
        _field("Mot de passe actuel", "current", type_="password", autocomplete="current-password"),
        _field(
            "Nouveau mot de passe",
            "password",
            type_="password",
            autocomplete="new-password",
            hint=MEMBER_PASSWORD_RULE,
        ),
        _field("Confirmation", "confirmation", type_="password", autocomplete="new-password"),
        button="Modifier mon mot de passe",
        on_submit=S.change_password,
        scope="mot-de-passe",
    )


def _email_form() -> rx.Component:
    return _form_card(
        "Mon adresse e-mail",
        (S.email_error, S.email_info),
        _field("Nouvelle adresse e-mail", "new_email", type_="email", autocomplete="email"),
        _field(
            "Votre mot de passe, pour confirmer que c'est vous",
            "email_password",
            type_="password",
            autocomplete="current-password",
            hint="Un lien de confirmation est envoyé à la nouvelle adresse ; rien ne change avant.",
        ),
        button="Modifier mon adresse e-mail",
        on_submit=S.change_email,
        scope="adresse-email",
        intro=rx.text(
            "Adresse actuelle : ",
            rx.text.strong(rx.cond(S.email != "", S.email, "aucune")),
            overflow_wrap="anywhere",
        ),
    )


def _address_form() -> rx.Component:
    return _form_card(
        "Mon adresse postale",
        (S.address_error, S.address_info),
        _field("Numéro et rue", "address_line", autocomplete="street-address", default_value=S.address_line),
        rx.grid(
            _field(
                "Code postal",
                "postal_code",
                autocomplete="postal-code",
                input_mode="numeric",
                max_length=6,  # « 33 700 » too
                default_value=S.postal_code,
            ),
            _field("Commune", "city", autocomplete="address-level2", default_value=S.city),
            columns="8em 1fr",
            spacing="3",
            width="100%",
        ),
        button="Modifier mon adresse postale",
        on_submit=S.change_address,
        scope="adresse-postale",
        key=S.address_line + S.postal_city,  # redrawn with the saved address
    )


def _phone_form() -> rx.Component:
    return _form_card(
        "Mon numéro de téléphone",
        (S.phone_error, S.phone_info),
        _field(
            "Numéro de téléphone",
            "phone",
            type_="tel",
            autocomplete="tel",
            input_mode="tel",
            required=False,
            max_length=20,
            default_value=S.phone,
            hint="Pour que nos services puissent vous joindre ; laissez vide pour le retirer.",
        ),
        button="Modifier mon numéro de téléphone",
        on_submit=S.change_phone,
        scope="telephone",
        key=S.phone,  # redrawn with the saved number
    )


def _payment_email() -> rx.Component:
    return rx.vstack(
        rx.heading("Mes notifications", as_="h2", size="5", style=styles.SECTION_TITLE),
        beside_its_label(
            rx.switch(id="payment-email", checked=S.payment_email, on_change=S.set_payment_email),
            "Me prévenir par e-mail de chaque nouveau remboursement",
            for_id="payment-email",
        ),
        rx.text(
            "Le message dit seulement la date, le montant et le destinataire du paiement ; le détail "
            "reste dans votre espace.",
            size="2",
            color=styles.TEXT_MUTED,
        ),
        banner(S.payment_info, tone="success"),
        style=styles.CARD,
    )


def _link_row(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(row["name"], font_weight="600", flex="1"),
            rx.text("rang ", row["rank"], color=styles.TEXT_MUTED, size="2"),
            rx.badge(
                row["status"],
                color_scheme=rx.cond(row["active"] != "", "green", "orange"),
                variant="soft",
                size="2",
            ),
            align="center",
            width="100%",
            wrap="wrap",
        ),
        rx.cond(
            row["active"] != "",
            rx.fragment(),
            rx.text(row["advice"], size="2", color=styles.TEXT_MUTED),
        ),
        spacing="1",
        width="100%",
        padding_y="0.4em",
        border_bottom=f"1px solid {styles.RULE}",
    )


def _teletransmission() -> rx.Component:
    return rx.vstack(
        rx.heading(
            "Télétransmission avec l'Assurance Maladie", as_="h2", size="5", style=styles.SECTION_TITLE
        ),
        rx.text(
            "Quand la liaison (NOEMIE) est active, votre caisse nous transmet vos remboursements de la "
            "Sécurité sociale : vous n'avez rien à nous envoyer.",
            size="2",
            color=styles.TEXT_MUTED,
        ),
        rx.foreach(S.teletransmission, _link_row),
        rx.link(  # the advice above: the attestation de droits, then the décomptes, by « Envoi de document »
            "Mes démarches >",
            href=routes.member_request_section("documents"),
            size="2",
            aria_label="Mes démarches : envoyer un document",  # opens that démarche
        ),
        style=styles.CARD,
        width="100%",
    )


def _bank_details() -> rx.Component:
    return rx.vstack(
        rx.heading("Mes coordonnées bancaires", as_="h2", size="5", style=styles.SECTION_TITLE),
        rx.hstack(rx.text("IBAN", color=styles.TEXT_MUTED, min_width="5em"), rx.code(S.iban_masked)),
        rx.hstack(rx.text("BIC", color=styles.TEXT_MUTED, min_width="5em"), rx.code(S.bic)),
        rx.link("Modifier mes coordonnées bancaires", href=routes.member_request_section("bank"), size="2"),
        style=styles.CARD,
    )


def _beneficiaries() -> rx.Component:
    return rx.vstack(
        rx.heading("Mes bénéficiaires", as_="h2", size="5", style=styles.SECTION_TITLE),
        data_table(
            S.beneficiaries,
            BENEFICIARY_COLUMNS,
            empty="Aucun bénéficiaire en dehors de vous.",
            label="Mes bénéficiaires",
        ),
        rx.link(
            "Mes démarches >",
            href=routes.member_request_section("beneficiaries"),
            size="2",
            aria_label="Mes démarches : modifier mes bénéficiaires",  # opens that démarche
        ),
        style=styles.CARD,
    )


@member_page(route=routes.MEMBER_INFORMATION, title="Mes informations", on_load=S.load)
def member_information() -> rx.Component:
    """Mes informations."""
    return rx.vstack(
        rx.heading("Mes informations", as_="h1", size="6", style=styles.SECTION_TITLE),
        rx.grid(
            member_info_card(),
            _payment_email(),
            _email_form(),
            _address_form(),
            _phone_form(),
            _change_password_form(),
            _bank_details(),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        _beneficiaries(),
        _teletransmission(),
        width="100%",
        spacing="4",
    )
