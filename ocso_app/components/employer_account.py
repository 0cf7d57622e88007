"""The user's own account in Administration des structures: « Modifier mon mot de passe » and « Modifier
mon numéro de téléphone » (the number the second factor's SMS goes to), each asking for the password, and
the e-mails of OCSO's deposits (a box saved as soon as it is ticked or unticked). Their ids are their own:
the invitation form of the same page has a « phone » field too."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles
from ocso_app.components.forms import banner, beside_its_label, field, submit_button
from ocso_app.components.structure_admin import section
from ocso_app.services.deposit_emails import PREFERENCE_LABEL
from ocso_app.services.passwords import EMPLOYER_PASSWORD_RULE
from ocso_app.state.employer.administration import (
    ACCOUNT_PASSWORD_FIELDS,
    PHONE_FIELD,
    PHONE_PASSWORD_FIELD,
)
from ocso_app.state.employer.administration import AdministrationState as S


def _form(*fields: rx.Component, error: rx.Var, info: rx.Var, button: str, on_submit) -> rx.Component:
    """A form of the account, not emptied when sent: its answer empties what it refuses, and all once
    changed (``state.password_fields``)."""
    return rx.vstack(
        banner(error),
        banner(info, tone="success"),
        rx.form(
            rx.vstack(*fields, submit_button(button, width="auto"), spacing="3", width="100%"),
            on_submit=on_submit,
            width="100%",
        ),
        spacing="2",
        width="100%",
    )


def _deposit_emails() -> rx.Component:
    return rx.vstack(
        rx.text("Mes e-mails", font_weight="600"),
        banner(S.deposit_info, tone="success"),
        beside_its_label(
            rx.checkbox(
                id="compte-emails-depots", checked=S.wants_deposit_emails, on_change=S.set_deposit_emails
            ),
            PREFERENCE_LABEL,
            for_id="compte-emails-depots",
            align="start",
        ),
        rx.text(
            "Les e-mails de sécurité de votre compte (mot de passe, codes de connexion, invitations) vous "
            "parviennent toujours.",
            size="2",
            color=styles.TEXT_MUTED,
        ),
        spacing="2",
        width="100%",
    )


def my_account_section() -> rx.Component:
    """The two forms of the user's own account, and the choice of the deposits' e-mails."""
    return section(
        "Mon compte",
        rx.text("Modifier mon mot de passe", font_weight="600"),
        _form(
            field(
                "Mot de passe actuel",
                "current",
                id_=ACCOUNT_PASSWORD_FIELDS.current,
                type_="password",
                autocomplete="current-password",
            ),
            field(
                "Nouveau mot de passe",
                "password",
                id_=ACCOUNT_PASSWORD_FIELDS.new,
                type_="password",
                autocomplete="new-password",
                hint=EMPLOYER_PASSWORD_RULE,
            ),
            field(
                "Confirmation",
                "confirmation",
                id_=ACCOUNT_PASSWORD_FIELDS.confirmation,
                type_="password",
                autocomplete="new-password",
            ),
            error=S.password_error,
            info=S.password_info,
            button="Modifier mon mot de passe",
            on_submit=S.change_password,
        ),
        rx.separator(size="4"),
        rx.text("Modifier mon numéro de téléphone", font_weight="600"),
        rx.text(
            "Les codes de connexion par SMS sont envoyés à ce numéro. Un e-mail vous prévient du changement.",
            size="2",
            color=styles.TEXT_MUTED,
        ),
        _form(
            field("Nouveau numéro de mobile", "phone", id_=PHONE_FIELD, type_="tel", autocomplete="tel"),
            field(
                "Votre mot de passe, pour confirmer que c'est vous",
                "phone_password",
                id_=PHONE_PASSWORD_FIELD,
                type_="password",
                autocomplete="current-password",
            ),
            error=S.phone_error,
            info=S.phone_info,
            button="Modifier mon numéro",
            on_submit=S.change_phone,
        ),
        rx.separator(size="4"),
        _deposit_emails(),
    )
