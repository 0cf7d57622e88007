"""Creating accounts: a member's "S'inscrire" (numéro d'adhérent + date de naissance + e-mail)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Account, AccountKind, Interface, Member
from ocso_app.services import audit
from ocso_app.services.errors import OcsoError
from ocso_app.services.passwords import hash_password, temporary_password
from ocso_app.services.passwords_flow import give_temporary_password, mail_temporary_password

REGISTRATION_ANSWER = (
    "Merci. Si ces informations correspondent à un adhérent sans compte, vous allez recevoir par e-mail "
    "votre mot de passe temporaire, valable 24 heures."
)
NO_EMAIL_ANSWER = (
    "Sans adresse e-mail, votre mot de passe temporaire ne peut pas vous être envoyé : contactez le service "
    "informatique à support@ocso.fr ou au 05 56 34 36 66."
)
BAD_MEMBER_NUMBER = "Le numéro d'adhérent compte 6 chiffres (courrier de bienvenue, carte de tiers payant)."
BAD_EMAIL = "Cette adresse e-mail n'est pas valide."


def _valid_email(email: str) -> bool:
    local, _, domain = email.partition("@")
    return bool(local) and "." in domain and " " not in email and len(email) <= 254


def register_member(
    session: Session,
    *,
    member_number: str,
    birth_date: date,
    email: str,
    interface: Interface = Interface.WEB,
) -> str:
    """Create the family's account and e-mail a temporary password when the numéro and birth date match
    a member without an account. The answer never says whether they matched.

    When OCSO already knows the member's e-mail, the typed address must be that one: knowing a numéro and
    a birth date is not enough to receive someone else's password at another address."""
    member_number = member_number.strip()
    email = email.strip().lower()
    if len(member_number) != 6 or not member_number.isdigit():
        raise OcsoError(BAD_MEMBER_NUMBER)
    if not email:
        return NO_EMAIL_ANSWER
    if not _valid_email(email):
        raise OcsoError(BAD_EMAIL)
    member = session.scalar(select(Member).where(Member.member_number == member_number))
    if (
        member is None
        or member.birth_date != birth_date
        or (member.email and member.email.lower() != email)
        or session.scalar(select(Account.id).where(Account.member_id == member.id)) is not None
    ):
        hash_password(temporary_password())  # same cost as the real path: timing says nothing
        return REGISTRATION_ANSWER
    account = Account(
        kind=AccountKind.MEMBER,
        login=member_number,
        email=email,
        first_name=member.first_name,
        last_name=member.last_name,
        member_id=member.id,
    )
    session.add(account)
    member.email = member.email or email
    password = give_temporary_password(account)
    session.flush()
    audit.record(
        session,
        event_type="Compte",
        action="Création du compte",
        account_id=account.id,
        member_id=member.id,
        interface=interface,
    )
    mail_temporary_password(account, password)
    return REGISTRATION_ANSWER
