"""Comptes OCSO (Espace OCSO, administrateurs only: ``StaffAction.MANAGE_STAFF``): the list of the OCSO
collaborators' accounts, a new account (its temporary password e-mailed once the transaction commits, to be
changed at the first login, where the collaborator also enrols their authenticator app), a change of role,
and an account deactivated (its sessions end at once) or reactivated.

The Espace OCSO always keeps one active administrateur: the last one can be neither given another role nor
deactivated, and nobody deactivates or changes their own account here. Every refusal raises before anything
is written; every change writes one audit row by the administrator, naming the account acted on.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ocso_app.models import Account, AccountKind, StaffRole
from ocso_app.services import audit, sessions, trusted_devices
from ocso_app.services.audit import Actor
from ocso_app.services.employer_accounts import email_and_names
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import of
from ocso_app.services.passwords_flow import give_temporary_password, mail_temporary_password_after_commit
from ocso_app.services.sessions import display_name, logged_name
from ocso_app.services.staff_access import ROLE_LABELS, role_label
from ocso_app.services.structure_admin import (
    ACTIVE_LABEL,
    ALREADY_ACTIVE,
    ALREADY_INACTIVE,
    DEACTIVATED,
    INACTIVE_LABEL,
    NOT_YOURSELF,
    REACTIVATED,
)
from ocso_app.services.typed_text import capitals_length, column_length

EVENT_TYPE = "Compte OCSO"
ROLE_CHOICES = [(role.value, label) for role, label in ROLE_LABELS.items()]

NAME_REQUIRED = "Indiquez le prénom et le nom du collaborateur (80 caractères au plus chacun)."
UNKNOWN_ROLE = "Rôle inconnu : choisissez Prestations, Entreprises ou Administrateur."
EMAIL_TAKEN = "Un compte OCSO existe déjà pour cette adresse e-mail."
UNKNOWN_ACCOUNT = "Ce compte OCSO n'existe pas."
NOT_YOUR_OWN_ROLE = "Vous ne pouvez pas modifier votre propre rôle : demandez-le à un autre administrateur."
LAST_ADMIN = (
    "L'Espace OCSO garde toujours un administrateur actif : nommez-en un autre avant de modifier le rôle "
    "de celui-ci ou de le désactiver."
)
CREATED = (
    "Le compte {of_name} est créé : son mot de passe temporaire lui est envoyé par e-mail. À sa première "
    "connexion, il enregistrera son application d'authentification puis choisira son mot de passe."
)
ROLE_CHANGED = "{name} a maintenant le rôle {role}."
SAME_ROLE = "Aucune modification : {name} a déjà le rôle {role}."


@dataclass(frozen=True)
class StaffAccountLine:
    """One OCSO collaborator's account as the list shows it."""

    account_id: int
    full_name: str
    email: str
    role: str
    role_label: str
    is_active: bool
    status_label: str
    has_authenticator: bool
    is_self: bool


def staff_accounts(session: Session, *, viewer_id: int) -> list[StaffAccountLine]:
    """Every staff account, active ones first, by name; ``is_self`` marks the viewer's."""
    rows = session.scalars(
        select(Account)
        .where(Account.kind == AccountKind.STAFF)
        .order_by(Account.is_active.desc(), Account.last_name, Account.first_name, Account.id)
    )
    return [
        StaffAccountLine(
            account_id=account.id,
            full_name=display_name(account),
            email=account.email or account.login,
            role=StaffRole(account.staff_role).value if account.staff_role else "",
            role_label=role_label(account.staff_role),
            is_active=account.is_active,
            status_label=ACTIVE_LABEL if account.is_active else INACTIVE_LABEL,
            has_authenticator=account.totp_secret_enc is not None,
            is_self=account.id == viewer_id,
        )
        for account in rows
    ]


def _role(role: str) -> StaffRole:
    try:
        return StaffRole((role or "").strip())
    except ValueError:
        raise OcsoError(UNKNOWN_ROLE) from None


def _record(session: Session, actor: Actor, action: str) -> None:
    audit.record_by(session, actor, event_type=EVENT_TYPE, action=action)


def create_staff_account(
    session: Session, *, actor: Actor, first_name: str, last_name: str, email: str, role: str
) -> str:
    """A new collaborator's account with ``role``; its temporary password (24 h, to change at the first
    login) is e-mailed once the caller commits. Returns the message to show."""
    email, first_name, last_name = email_and_names(email, first_name, last_name, name_required=NAME_REQUIRED)
    if capitals_length(last_name) > column_length(Account.last_name):  # stored in capitals
        raise OcsoError(NAME_REQUIRED)
    staff_role = _role(role)
    taken = select(Account.id).where(Account.kind == AccountKind.STAFF, Account.login == email)
    if session.scalar(taken) is not None:
        raise OcsoError(EMAIL_TAKEN)
    account = Account(
        kind=AccountKind.STAFF,
        login=email,
        email=email,
        first_name=first_name,
        last_name=last_name.upper(),
        staff_role=staff_role,
    )
    session.add(account)
    password = give_temporary_password(account)
    session.flush()
    _record(
        session, actor, f"Création du compte OCSO de {logged_name(account)} (rôle {role_label(staff_role)})"
    )
    mail_temporary_password_after_commit(session, account, password)
    return CREATED.format(of_name=of(display_name(account)))


def _staff_account(session: Session, account_id: int) -> Account:
    account = session.get(Account, account_id)
    if account is None or account.kind != AccountKind.STAFF:
        raise OcsoError(UNKNOWN_ACCOUNT)
    return account


def _keeps_an_admin(session: Session, account: Account) -> None:
    """Refuse when ``account`` is the last active administrateur."""
    if account.staff_role != StaffRole.ADMIN or not account.is_active:
        return
    others = select(func.count()).where(
        Account.kind == AccountKind.STAFF,
        Account.staff_role == StaffRole.ADMIN,
        Account.is_active.is_(True),
        Account.id != account.id,
    )
    if not session.scalar(others):
        raise OcsoError(LAST_ADMIN)


def change_role(session: Session, *, actor: Actor, account_id: int, role: str) -> str:
    """Give another collaborator ``role`` (their open pages follow the new role at their next event)."""
    staff_role = _role(role)
    account = _staff_account(session, account_id)
    if account.id == actor.account_id:
        raise OcsoError(NOT_YOUR_OWN_ROLE)
    if account.staff_role == staff_role:
        return SAME_ROLE.format(name=display_name(account), role=role_label(staff_role))
    if staff_role != StaffRole.ADMIN:
        _keeps_an_admin(session, account)
    before = role_label(account.staff_role)
    account.staff_role = staff_role
    _record(
        session, actor, f"Rôle du compte OCSO de {logged_name(account)} : {before} → {role_label(staff_role)}"
    )
    session.flush()
    return ROLE_CHANGED.format(name=display_name(account), role=role_label(staff_role))


def deactivate(session: Session, *, actor: Actor, account_id: int) -> str:
    """The collaborator can no longer log in, and every session they have open ends now."""
    account = _staff_account(session, account_id)
    if account.id == actor.account_id:
        raise OcsoError(NOT_YOURSELF)
    if not account.is_active:
        return ALREADY_INACTIVE.format(of_name=of(display_name(account)))
    _keeps_an_admin(session, account)
    account.is_active = False
    sessions.revoke_account_sessions(session, account_id=account.id)
    trusted_devices.forget_all(session, account_id=account.id)
    _record(session, actor, f"Désactivation du compte OCSO de {logged_name(account)}")
    session.flush()
    return DEACTIVATED.format(of_name=of(display_name(account)))


def reactivate(session: Session, *, actor: Actor, account_id: int) -> str:
    """Let a deactivated collaborator log in again (with their password and authenticator as they were)."""
    account = _staff_account(session, account_id)
    if account.is_active:
        return ALREADY_ACTIVE.format(of_name=of(display_name(account)))
    account.is_active = True
    _record(session, actor, f"Réactivation du compte OCSO de {logged_name(account)}")
    session.flush()
    return REACTIVATED.format(of_name=of(display_name(account)))
