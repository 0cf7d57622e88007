"""Creating accounts: a member's "S'inscrire" (numéro d'adhérent + date de naissance + numéro de sécurité
sociale + e-mail).

Knowing a member's numéro and birth date must never be enough to open their account, so the form also asks
for the NIR, which the member reads on their carte Vitale and OCSO keeps encrypted; wrong answers are bounded
per numéro and every attempt per client address (``throttle``); and the member always learns that an account
was opened: the temporary password goes to the e-mail OCSO knows, or, when OCSO knows none, a letter to their
postal address is queued for printing (``letters``).
"""

from __future__ import annotations

import hmac
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Account, AccountKind, Interface, Member
from ocso_app.services import audit, letters, throttle
from ocso_app.services.crypto import decrypt_field
from ocso_app.services.email_addresses import valid_email
from ocso_app.services.errors import OcsoError
from ocso_app.services.identifiers import compact_nir
from ocso_app.services.passwords import hash_password, temporary_password
from ocso_app.services.passwords_flow import give_temporary_password, mail_temporary_password_after_commit

REGISTRATION_ANSWER = (
    "Merci. Si ces informations correspondent à un adhérent sans compte, vous allez recevoir par e-mail "
    "votre mot de passe temporaire, valable 24 heures. Sans e-mail d'ici quelques minutes, vérifiez vos "
    "informations ou contactez le service adhérents à support@ocso.fr ou au 05 56 34 36 66."
)
NO_EMAIL_ANSWER = (
    "Sans adresse e-mail, votre mot de passe temporaire ne peut pas vous être envoyé : contactez le service "
    "informatique à support@ocso.fr ou au 05 56 34 36 66."
)
TOO_MANY_ATTEMPTS = (
    "Trop de tentatives d'inscription : pour votre sécurité, réessayez dans 24 heures ou contactez le "
    "service adhérents à support@ocso.fr ou au 05 56 34 36 66."
)
BAD_MEMBER_NUMBER = "Le numéro d'adhérent compte 6 chiffres (courrier de bienvenue, carte de tiers payant)."
BAD_NIR = (
    "Le numéro de sécurité sociale compte 15 chiffres, clé comprise : recopiez-le depuis votre carte Vitale."
)
BAD_EMAIL = "Cette adresse e-mail n'est pas valide."


def _nir_matches(member: Member, typed: str) -> bool:
    """Whether ``typed`` (compact) is the member's NIR; constant-time, and the clear NIR goes nowhere."""
    if not member.nir_enc:
        return False
    stored = compact_nir(decrypt_field(member.nir_enc)) or ""
    return hmac.compare_digest(stored.encode(), typed.encode())


def _throttled(session: Session, member_number: str, ip_address: str | None) -> bool:
    """Every attempt counts for its client; wrong answers count for the numéro (see the caller)."""
    if not throttle.attempt_from_client(session, throttle.REGISTRATION_CLIENT, ip_address):
        return True
    return not throttle.check(session, throttle.REGISTRATION_NUMBER, member_number).allowed


def register_member(
    session: Session,
    *,
    member_number: str,
    birth_date: date,
    nir: str,
    email: str,
    interface: Interface = Interface.WEB,
    ip_address: str | None = None,
) -> str:
    """Create the family's account and e-mail a temporary password when the numéro, birth date and NIR match
    a member without an account. The answer never says whether (nor which field) they matched, nor does its
    timing: no path talks to SMTP, the password leaving once the caller commits (never if it rolls back).

    When OCSO already knows the member's e-mail, the typed address must be that one: knowing a numéro and
    a birth date is not enough to receive someone else's password at another address. Malformed input
    raises ``OcsoError`` and writes nothing. Too many attempts (per numéro or per client) answer
    ``TOO_MANY_ATTEMPTS`` without checking anything; every attempt is counted, so the caller commits."""
    member_number = (member_number or "").strip()
    email = (email or "").strip().lower()
    if len(member_number) != 6 or not member_number.isascii() or not member_number.isdigit():
        raise OcsoError(BAD_MEMBER_NUMBER)
    typed_nir = compact_nir(nir)
    if typed_nir is None:
        raise OcsoError(BAD_NIR)
    if not email:
        return NO_EMAIL_ANSWER
    if not valid_email(email):
        raise OcsoError(BAD_EMAIL)
    if _throttled(session, member_number, ip_address):
        hash_password(temporary_password())  # same cost as any other answer
        return TOO_MANY_ATTEMPTS
    member = session.scalar(select(Member).where(Member.member_number == member_number))
    if (
        member is None
        or member.birth_date != birth_date
        or not _nir_matches(member, typed_nir)
        or (member.email and member.email.lower() != email)
        or session.scalar(select(Account.id).where(Account.member_id == member.id)) is not None
    ):
        throttle.count(session, throttle.REGISTRATION_NUMBER, member_number)
        hash_password(temporary_password())  # same cost as the real path: timing says nothing
        return REGISTRATION_ANSWER
    throttle.clear(session, throttle.REGISTRATION_NUMBER, member_number)
    account = Account(
        kind=AccountKind.MEMBER,
        login=member_number,
        email=email,
        first_name=member.first_name,
        last_name=member.last_name,
        member_id=member.id,
    )
    session.add(account)
    password = give_temporary_password(account)
    session.flush()
    actor = audit.Actor(account.id, member.id, interface=interface, ip_address=ip_address)
    audit.record_by(session, actor, event_type="Compte", action="Création du compte")
    if not member.email:
        # OCSO had no address for the member: the typed one is new, so the member hears of the account by
        # post, at the address OCSO already had.
        member.email = email
        audit.record_by(
            session, actor, event_type="Mes informations", action="Adresse e-mail enregistrée à l'inscription"
        )
        letters.queue_account_opened_letter(session, member=member, email=email)
    mail_temporary_password_after_commit(session, account, password)  # no path waits for SMTP
    return REGISTRATION_ANSWER
