"""Mes informations: the member changes their e-mail address, their postal address and their telephone number
(guide 002, « Gérer vos informations personnelles »).

The e-mail address changes only through a link sent to the NEW address (single use, 24 h, stored hashed with
the address it confirms: ``one_time`` purpose ``EMAIL_CHANGE``); the current password is asked again, the OLD
address is told at once, and nothing changes until the link is used. Requests are bounded per account
(``throttle.EMAIL_CHANGE``, counted whatever their answer, so the caller commits even a refusal). The postal
address and the telephone number change at once. Every change is audited with who made it (the telephone
number itself stays out of the audit log).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.config import settings
from ocso_app.models import Account, AccountKind, Interface, Member, OneTimeSecretPurpose
from ocso_app.services import audit, documents, one_time, throttle
from ocso_app.services.audit import Actor
from ocso_app.services.email_addresses import valid_email
from ocso_app.services.employer_accounts import normalize_phone
from ocso_app.services.errors import AccessDenied, CountedRefusal, OcsoError
from ocso_app.services.formats import format_phone
from ocso_app.services.identifiers import compact_postal_code, is_french_postal_code
from ocso_app.services.login import end_what_the_old_address_opened, recheck_password
from ocso_app.services.mail import send_after_commit
from ocso_app.services.two_factor import mask_email
from ocso_app.services.typed_text import capitals_length

EVENT_TYPE = "Mes informations"
BAD_EMAIL = "Cette adresse e-mail n'est pas valide."
SAME_EMAIL = "C'est déjà votre adresse e-mail."
WRONG_PASSWORD = "Le mot de passe actuel est incorrect : l'adresse e-mail n'a pas été modifiée."
TOO_MANY_REQUESTS = "Trop de demandes de changement d'adresse e-mail : réessayez dans une heure."
LINK_INVALID = "Ce lien n'est plus valable : demandez un nouveau changement depuis Mes informations."
BAD_ADDRESS_LINE = "Indiquez le numéro et la rue (3 à 120 caractères)."
BAD_POSTAL_CODE = "Indiquez un code postal français : 5 chiffres, par exemple 33700."
BAD_CITY = "Indiquez la commune (lettres, espaces, tirets et apostrophes, 80 caractères au plus)."
BAD_PHONE = (
    "Indiquez un numéro de téléphone français à 10 chiffres, par exemple 06 12 34 56 78 (laissez le champ "
    "vide pour le retirer)."
)
_CITY = re.compile(r"^[^\W\d_]+(?:[ '’-][^\W\d_]+)*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _member_account(session: Session, actor: Actor) -> tuple[Account, Member]:
    account = session.get(Account, actor.account_id) if actor.account_id is not None else None
    member = session.get(Member, actor.member_id) if actor.member_id is not None else None
    if (
        account is None
        or member is None
        or account.member_id != member.id
        or account.kind != AccountKind.MEMBER
    ):
        raise AccessDenied("Adhérent introuvable.")
    return account, member


def current_email(account: Account, member: Member) -> str:
    """The address OCSO writes to (the member's file first, then the login's)."""
    return member.email or account.email or ""


def _checked_email(typed: str) -> str:
    address = (typed or "").strip().lower()
    if not valid_email(address):  # one « @ », no list of addresses (« , ; < > »), no control character
        raise OcsoError(BAD_EMAIL)
    return address


@dataclass(frozen=True)
class EmailChangeAnswer:
    """What the page says: ``sent`` when the link left for the new address, else why not."""

    sent: bool
    message: str


def request_email_change(
    session: Session, actor: Actor, *, current_password: str, new_email: str
) -> EmailChangeAnswer:
    """« Modifier mon adresse e-mail »: check the current password, then send the confirmation link to the new
    address and a notice to the old one. A malformed address raises ``OcsoError`` and writes nothing; any
    other request is counted (the caller commits the refusal too)."""
    address = _checked_email(new_email)
    account, member = _member_account(session, actor)
    if address == current_email(account, member).lower():
        raise OcsoError(SAME_EMAIL)
    subject = str(account.id)
    if not throttle.check(session, throttle.EMAIL_CHANGE, subject).allowed:
        return EmailChangeAnswer(False, TOO_MANY_REQUESTS)
    throttle.count(session, throttle.EMAIL_CHANGE, subject)
    try:
        recheck_password(session, account, current_password, wrong=WRONG_PASSWORD)
    except CountedRefusal as refusal:
        audit.record_by(session, actor, event_type=EVENT_TYPE, action="Changement d'adresse e-mail refusé")
        return EmailChangeAnswer(False, refusal.message)
    secret = one_time.issue(
        session, account_id=account.id, purpose=OneTimeSecretPurpose.EMAIL_CHANGE, new_email=address
    )
    link = f"{settings().public_url}{routes.MEMBER_EMAIL_CONFIRMATION}?jeton={secret}"
    send_after_commit(
        session,
        to=address,
        subject="Confirmez votre nouvelle adresse e-mail - Espace Santé Assuré OCSO",
        text=(
            "Bonjour,\n\nVous avez demandé que cette adresse devienne celle de votre Espace Santé Assuré "
            f"OCSO (adhérent n° {member.member_number}). Pour le confirmer, ouvrez ce lien (valable 24 "
            f"heures, une seule fois) :\n\n{link}\n\nTant que vous ne l'avez pas ouvert, rien ne change. "
            "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message."
        ),
    )
    old = current_email(account, member)
    if old:
        send_after_commit(
            session,
            to=old,
            subject="Demande de changement de votre adresse e-mail - OCSO",
            text=(
                "Bonjour,\n\nUne demande de changement de l'adresse e-mail de votre Espace Santé Assuré OCSO "
                f"vient d'être faite, vers l'adresse {mask_email(address)}. Elle ne prendra effet que "
                "lorsque le lien envoyé à cette nouvelle adresse aura été ouvert.\n\nSi vous n'êtes pas à "
                "l'origine de cette demande, changez votre mot de passe et prévenez-nous à support@ocso.fr."
            ),
        )
    audit.record_by(
        session,
        actor,
        event_type=EVENT_TYPE,
        action=f"Demande de changement d'adresse e-mail vers {mask_email(address)}",
    )
    return EmailChangeAnswer(
        True,
        f"Un lien de confirmation vient d'être envoyé à {address}. Votre adresse e-mail changera quand vous "
        "l'aurez ouvert (il est valable 24 heures).",
    )


def pending_email_change(session: Session, *, secret: str) -> str | None:
    """The address a still-usable confirmation link would make the member's, ``None`` when the link cannot
    be used (the page says so at once). Its holder received it at that very address."""
    if not secret:
        return None
    row = one_time.peek_row(session, secret=secret, purpose=OneTimeSecretPurpose.EMAIL_CHANGE)
    return row.new_email if row is not None else None


def confirm_email_change(
    session: Session, *, secret: str, interface: Interface, ip_address: str | None
) -> str:
    """Use the link once: the member's address becomes the one it confirms (file and login alike), audited.
    Returns that address; an unknown, used or expired link raises ``OcsoError``."""
    row = one_time.consume_row(session, secret=secret, purpose=OneTimeSecretPurpose.EMAIL_CHANGE)
    account = session.get(Account, row.account_id) if row is not None else None
    member = session.get(Member, account.member_id) if account is not None and account.member_id else None
    if row is None or row.new_email is None or account is None or member is None:
        raise OcsoError(LINK_INVALID)
    account.email = member.email = row.new_email
    end_what_the_old_address_opened(session, account_id=account.id)
    audit.record_by(
        session,
        Actor(account.id, member.id, interface=interface, ip_address=ip_address),
        event_type=EVENT_TYPE,
        action=f"Adresse e-mail modifiée en {mask_email(row.new_email)} (lien de confirmation)",
    )
    return row.new_email


def _clean(text: str) -> str:
    return " ".join((text or "").split())


@dataclass(frozen=True)
class PostalAddress:
    """An address as typed, cleaned: spaces folded, the code postal compact, the commune in capitals."""

    line: str
    postal_code: str
    city: str


def checked_postal_address(line: str, postal_code: str, city: str) -> tuple[PostalAddress, dict[str, str]]:
    """The address cleaned, and a French message for each wrong part (keys ``line``, ``postal_code``,
    ``city``, in that order; none when it is right)."""
    line, postal_code, city = _clean(line), compact_postal_code(postal_code), _clean(city)
    errors: dict[str, str] = {}
    if not 3 <= len(line) <= 120 or _CONTROL.search(line):
        errors["line"] = BAD_ADDRESS_LINE
    if not is_french_postal_code(postal_code):
        errors["postal_code"] = BAD_POSTAL_CODE
    if not (city and capitals_length(city) <= 80 and _CITY.match(city)):
        errors["city"] = BAD_CITY
    return PostalAddress(line, postal_code, city.upper()), errors


def change_postal_address(session: Session, actor: Actor, *, line: str, postal_code: str, city: str) -> None:
    """« Modifier mon adresse postale »: checked, saved at once (Accueil shows it) and audited; a bad field
    raises ``OcsoError`` with a French message and writes nothing."""
    address, errors = checked_postal_address(line, postal_code, city)
    if errors:
        raise OcsoError(next(iter(errors.values())))
    _account, member = _member_account(session, actor)
    member.address_line, member.postal_code, member.city = address.line, address.postal_code, address.city
    audit.record_by(session, actor, event_type=EVENT_TYPE, action="Modification de l'adresse postale")


def member_email(session: Session, *, member_id: int) -> str:
    """The address OCSO writes to, for Mes informations."""
    member = session.get(Member, member_id)
    if member is None:
        raise AccessDenied("Adhérent introuvable.")
    return documents.member_email(session, member) or ""


def member_phone(session: Session, *, member_id: int) -> str:
    """The member's telephone number as Mes informations shows it (``05 56 34 36 66``), ``""`` without one."""
    member = session.get(Member, member_id)
    if member is None:
        raise AccessDenied("Adhérent introuvable.")
    return format_phone(member.phone)


def change_phone(session: Session, actor: Actor, *, phone: str) -> str:
    """« Modifier mon numéro de téléphone »: a French number (spaces, dots, dashes, +33 allowed) saved at once
    as ten digits, or removed when left empty; audited without the number. The same number writes nothing. A
    bad number raises ``OcsoError(BAD_PHONE)`` and writes nothing. Returns the number as shown."""
    typed = (phone or "").strip()
    digits = normalize_phone(typed) if typed else None
    if typed and digits is None:
        raise OcsoError(BAD_PHONE)
    _account, member = _member_account(session, actor)
    if (member.phone or None) == digits:
        return format_phone(digits)
    member.phone = digits
    action = "Modification du numéro de téléphone" if digits else "Suppression du numéro de téléphone"
    audit.record_by(session, actor, event_type=EVENT_TYPE, action=action)
    return format_phone(digits)
