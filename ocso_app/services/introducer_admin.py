"""Apporteurs d'affaires (Espace OCSO, administrateurs only: ``StaffAction.MANAGE_INTRODUCERS``): the list of
the business introducers with their portfolio, a new introducer with their account (identifier ``AP`` and
six digits, the temporary password e-mailed once the transaction commits, to be changed at the first login),
a company added to or taken out of a portfolio by its client number, with the commission agreed, and an
introducer deactivated (their contract with OCSO ended: their account no longer logs in and every session
they have open ends now; their portfolio is kept, and no company is added to it meanwhile) or reactivated
(they log in again and find it), and an introducer's e-mail address changed (their sessions end, the old and
the new address are told). An address is one account's among those found by their e-mail (introducers,
employers, collaborators), at the creation as at a change.

Until now only the demo data created introducers: the Espace Apporteurs could not welcome a new one. Every
refusal raises before anything is written; every change writes one audit row by the administrator."""

from __future__ import annotations

import dataclasses
import re
import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ocso_app.db import savepoint
from ocso_app.models import Account, AccountKind, BusinessIntroducer, Company, PortfolioEntry
from ocso_app.services import audit, sessions, trusted_devices
from ocso_app.services.email_addresses import valid_email
from ocso_app.services.employer_accounts import BAD_PHONE, normalize_phone
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_percent, format_short_date, parse_percent
from ocso_app.services.login import end_what_the_old_address_opened
from ocso_app.services.mail import send_after_commit
from ocso_app.services.passwords_flow import give_temporary_password, mail_temporary_password_after_commit
from ocso_app.services.registration import BAD_EMAIL
from ocso_app.services.two_factor import mask_email
from ocso_app.services.typed_text import has_control
from ocso_app.services.unique_numbers import unique_refused

EVENT_TYPE = "Apporteur d'affaires"
MAX_NAME = 120
NAME_REQUIRED = f"Indiquez la raison sociale ou le nom de l'apporteur ({MAX_NAME} caractères au plus)."
BAD_ORIAS = "Le numéro ORIAS compte 8 chiffres."
EMAIL_TAKEN = "Un apporteur d'affaires a déjà cette adresse e-mail."
UNKNOWN_INTRODUCER = "Cet apporteur d'affaires n'existe pas."
CHOOSE_INTRODUCER = "Choisissez l'apporteur d'affaires."
UNKNOWN_COMPANY = "Aucune entreprise ne porte ce numéro client."
ALREADY_IN = "Cette entreprise est déjà dans le portefeuille de cet apporteur."
NOT_IN = "Cette entreprise n'est pas dans le portefeuille de cet apporteur."
IN_ANOTHER = (
    "Cette entreprise est dans le portefeuille de {name} ({identifier}) : retirez-la d'abord de ce "
    "portefeuille pour la confier à un autre apporteur."
)
BAD_COMMISSION = "Indiquez la commission en pourcentage, de 0 à 100 (par exemple 2,5)."
CREATED = (
    "L'apporteur {name} est créé (identifiant {identifier}) : son mot de passe temporaire lui est envoyé "
    "par e-mail, à changer à sa première connexion."
)
ADDED = "{company} est ajoutée au portefeuille de {name}."
REMOVED = "{company} est retirée du portefeuille de {name}."
ACTIVE_LABEL = "Actif"
INACTIVE_LABEL = "Désactivé"
DEACTIVATED = (
    "L'apporteur {name} ({identifier}) est désactivé : il ne peut plus se connecter et ses connexions en "
    "cours sont fermées. Son portefeuille est conservé."
)
REACTIVATED = (
    "L'apporteur {name} ({identifier}) est réactivé : il peut de nouveau se connecter et retrouve son "
    "portefeuille."
)
ALREADY_INACTIVE = "L'apporteur {name} ({identifier}) est déjà désactivé."
ALREADY_ACTIVE = "L'apporteur {name} ({identifier}) est déjà actif."
INACTIVE_INTRODUCER = (
    "L'apporteur {name} ({identifier}) est désactivé : réactivez-le avant de lui confier une entreprise."
)
INACTIVE_CHOICE = " — désactivé"  # after a deactivated introducer's name in the portfolio form's list
NO_ACCOUNT = "Cet apporteur d'affaires n'a pas de compte de connexion à réactiver."
SAME_EMAIL = "C'est déjà l'adresse e-mail de cet apporteur d'affaires."
EMAIL_IN_USE = (
    "Cette adresse e-mail est déjà celle d'un autre compte du portail (employeur ou collaborateur OCSO) : "
    "choisissez-en une autre."
)
EMAIL_CHANGED = (
    "L'adresse e-mail de l'apporteur {name} ({identifier}) est maintenant {email} : ses connexions en cours "
    "sont fermées, et un avis du changement est envoyé à l'ancienne et à la nouvelle adresse."
)
CHANGED_SUBJECT = "Changement de votre adresse e-mail - Espace Apporteurs d'affaires OCSO"
# the accounts whose e-mail is how they log in or are found (« Obtenir votre identifiant »): one address
# belongs to one of them only
LOGS_IN_WITH_EMAIL = (AccountKind.INTRODUCER, AccountKind.EMPLOYER, AccountKind.STAFF)


@dataclass(frozen=True)
class PortfolioLine:
    entry_id: int
    company: str
    client_number: str
    since: str
    commission: str


@dataclass(frozen=True)
class IntroducerLine:
    introducer_id: int
    name: str
    identifier: str
    email: str
    orias: str
    companies: list[PortfolioLine]
    is_active: bool  # an account of theirs may log in (« Désactivé » when none may)
    status: str


def introducers(session: Session) -> list[IntroducerLine]:
    """Every introducer, by name, with the companies of their portfolio."""
    entries: dict[int, list[PortfolioLine]] = {}
    rows = session.execute(
        select(PortfolioEntry, Company.name, Company.client_number)
        .join(Company, Company.id == PortfolioEntry.company_id)
        .order_by(Company.name)
    )
    for entry, name, number in rows:
        entries.setdefault(entry.introducer_id, []).append(
            PortfolioLine(
                entry.id,
                name,
                number,
                format_short_date(entry.since),
                format_percent(entry.commission_percent),
            )
        )
    active = set(
        session.scalars(
            select(Account.introducer_id).where(
                Account.kind == AccountKind.INTRODUCER,
                Account.introducer_id.is_not(None),
                Account.is_active.is_(True),
            )
        )
    )
    return [
        IntroducerLine(
            i.id,
            i.name,
            i.identifier,
            i.email,
            i.orias_number or "",
            entries.get(i.id, []),
            i.id in active,
            ACTIVE_LABEL if i.id in active else INACTIVE_LABEL,
        )
        for i in session.scalars(select(BusinessIntroducer).order_by(BusinessIntroducer.name))
    ]


def _new_identifier(session: Session) -> str:
    while True:
        identifier = f"AP{secrets.randbelow(10**6):06d}"
        taken = session.scalar(select(func.count()).where(BusinessIntroducer.identifier == identifier))
        if not taken:
            return identifier


def create_introducer(
    session: Session, *, actor: audit.Actor, name: str, orias: str, email: str, phone: str
) -> str:
    """A new introducer and their account; returns the confirmation. ``OcsoError``: nothing written."""
    name, orias = " ".join((name or "").split()), re.sub(r"\s", "", orias or "")
    email = (email or "").strip().lower()
    if not name or len(name) > MAX_NAME or has_control(name):
        raise OcsoError(NAME_REQUIRED)
    if orias and not re.fullmatch(r"[0-9]{8}", orias):
        raise OcsoError(BAD_ORIAS)
    if not valid_email(email):
        raise OcsoError(BAD_EMAIL)
    normalized = normalize_phone(phone) if (phone or "").strip() else None
    if (phone or "").strip() and normalized is None:
        raise OcsoError(BAD_PHONE)
    _refuse_taken_email(session, email)
    identifier = _new_identifier(session)
    introducer = BusinessIntroducer(
        identifier=identifier, name=name, orias_number=orias or None, email=email, phone=normalized
    )
    session.add(introducer)
    session.flush()
    account = Account(kind=AccountKind.INTRODUCER, login=identifier, email=email, introducer_id=introducer.id)
    account.last_name = name[:80]
    password = give_temporary_password(account)
    session.add(account)
    session.flush()
    audit.record_by(
        session, actor, event_type=EVENT_TYPE, action=f"Création de l'apporteur {name} ({identifier})"
    )
    mail_temporary_password_after_commit(session, account, password)
    return CREATED.format(name=name, identifier=identifier)


def _refuse_taken_email(
    session: Session, email: str, *, introducer: BusinessIntroducer | None = None
) -> None:
    """``email`` (normalised) is already another account's that logs in with an e-mail (an introducer's,
    ``EMAIL_TAKEN``; an employer's or a collaborator's, ``EMAIL_IN_USE``); ``introducer``'s own accounts
    and row do not count."""
    others = select(Account.kind).where(
        Account.kind.in_(LOGS_IN_WITH_EMAIL),
        or_(func.lower(Account.email) == email, func.lower(Account.login) == email),
    )
    introducers_with_it = select(BusinessIntroducer.id).where(func.lower(BusinessIntroducer.email) == email)
    if introducer is not None:
        others = others.where(or_(Account.introducer_id.is_(None), Account.introducer_id != introducer.id))
        introducers_with_it = introducers_with_it.where(BusinessIntroducer.id != introducer.id)
    kinds = set(session.scalars(others))
    if AccountKind.INTRODUCER in kinds or session.scalar(introducers_with_it.limit(1)) is not None:
        raise OcsoError(EMAIL_TAKEN)
    if kinds:
        raise OcsoError(EMAIL_IN_USE)


def _introducer(session: Session, introducer_id: int) -> BusinessIntroducer:
    introducer = session.get(BusinessIntroducer, introducer_id)
    if introducer is None:
        raise OcsoError(UNKNOWN_INTRODUCER)
    return introducer


def _commission(text: str) -> Decimal:
    value = parse_percent(text)
    if value is None:
        raise OcsoError(BAD_COMMISSION)
    return value


def add_company(
    session: Session,
    *,
    actor: audit.Actor,
    introducer_id: int,
    client_number: str,
    commission: str,
    today: date,
) -> str:
    """Put the company of ``client_number`` in the introducer's portfolio from ``today``; a company already
    in a portfolio, this one or another introducer's, is refused (``ALREADY_IN``, ``IN_ANOTHER``). The
    database holds it too (``portfolio_entries.company_id`` is unique): an entry written by another
    administrator after the check is refused with the same message, nothing of this one written. A
    deactivated introducer (no account of theirs may log in, « Désactivé » in the list) is refused
    (``INACTIVE_INTRODUCER``): their contract with OCSO ended."""
    introducer = _introducer(session, introducer_id)
    if not any(account.is_active for account in _accounts(session, introducer)):
        raise OcsoError(INACTIVE_INTRODUCER.format(name=introducer.name, identifier=introducer.identifier))
    number = (client_number or "").strip().upper()
    company = (
        None
        if has_control(number)
        else session.scalar(select(Company).where(Company.client_number == number))
    )
    if company is None:
        raise OcsoError(UNKNOWN_COMPANY)
    percent = _commission(commission)
    _refuse_if_held(_holder(session, company.id), introducer)
    try:
        with savepoint(session):
            entry = PortfolioEntry(
                introducer_id=introducer.id, company_id=company.id, since=today, commission_percent=percent
            )
            session.add(entry)
            session.flush()
    except IntegrityError as error:  # another administrator put it in a portfolio since the check above
        if not unique_refused(error):
            raise
        _refuse_if_held(_holder(session, company.id), introducer)
        raise
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=company.id),
        event_type=EVENT_TYPE,
        action=f"{company.name} ajoutée au portefeuille de {introducer.name} ({introducer.identifier}), "
        f"commission {format_percent(percent)}",
    )
    return ADDED.format(company=company.name, name=introducer.name)


def _holder(session: Session, company_id: int) -> BusinessIntroducer | None:
    """The introducer whose portfolio holds the company, if any (one at most: its unique index)."""
    return session.scalar(
        select(BusinessIntroducer)
        .join(PortfolioEntry, PortfolioEntry.introducer_id == BusinessIntroducer.id)
        .where(PortfolioEntry.company_id == company_id)
        .limit(1)
    )


def _refuse_if_held(holder: BusinessIntroducer | None, introducer: BusinessIntroducer) -> None:
    """A company is in one portfolio: its introducer alone sees a client."""
    if holder is not None and holder.id == introducer.id:
        raise OcsoError(ALREADY_IN)
    if holder is not None:
        raise OcsoError(IN_ANOTHER.format(name=holder.name, identifier=holder.identifier))


def remove_company(session: Session, *, actor: audit.Actor, entry_id: int) -> str:
    """Take a company out of a portfolio (the introducer no longer sees it)."""
    entry = session.get(PortfolioEntry, entry_id)
    if entry is None:
        raise OcsoError(NOT_IN)
    introducer = _introducer(session, entry.introducer_id)
    company = session.get(Company, entry.company_id)
    company_name = company.name if company else ""
    session.delete(entry)
    for account_id in session.scalars(select(Account.id).where(Account.introducer_id == introducer.id)):
        sessions.rights_changed(session, account_id=account_id)  # their open tabs forget that company
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=entry.company_id),
        event_type=EVENT_TYPE,
        action=f"{company_name} retirée du portefeuille de {introducer.name} ({introducer.identifier})",
    )
    return REMOVED.format(company=company_name, name=introducer.name)


def _accounts(session: Session, introducer: BusinessIntroducer) -> list[Account]:
    return list(
        session.scalars(
            select(Account)
            .where(Account.kind == AccountKind.INTRODUCER, Account.introducer_id == introducer.id)
            .order_by(Account.id)
        )
    )


def _set_active(session: Session, *, actor: audit.Actor, introducer_id: int, active: bool) -> str:
    """Deactivate (``active=False``) or reactivate the introducer's accounts, audited. Deactivating ends
    every session of theirs now; a reactivation opens no session again. Already in that state: said so,
    nothing written; reactivating an introducer without any account: ``NO_ACCOUNT``."""
    introducer = _introducer(session, introducer_id)
    named = {"name": introducer.name, "identifier": introducer.identifier}
    accounts = _accounts(session, introducer)
    if active and not accounts:
        raise OcsoError(NO_ACCOUNT)
    if active and any(account.is_active for account in accounts):
        return ALREADY_ACTIVE.format(**named)  # one account already lets them in: nothing to do
    changed = [account for account in accounts if account.is_active != active]
    if not changed:
        return ALREADY_INACTIVE.format(**named)
    for account in changed:
        account.is_active = active
        if not active:
            sessions.revoke_account_sessions(session, account_id=account.id)
            trusted_devices.forget_all(session, account_id=account.id)
    verb = "Réactivation" if active else "Désactivation"
    audit.record_by(
        session,
        actor,
        event_type=EVENT_TYPE,
        action=f"{verb} de l'apporteur {introducer.name} ({introducer.identifier})",
    )
    session.flush()
    return (REACTIVATED if active else DEACTIVATED).format(**named)


def deactivate_introducer(session: Session, *, actor: audit.Actor, introducer_id: int) -> str:
    """The introducer's contract with OCSO ended: no account of theirs logs in any more (the login's usual
    refusal, as for any deactivated account), and every session they have open ends now (an open page is
    logged out at its next event). Their portfolio is kept, for a reactivation. Already deactivated: said
    so, nothing written."""
    return _set_active(session, actor=actor, introducer_id=introducer_id, active=False)


def reactivate_introducer(session: Session, *, actor: audit.Actor, introducer_id: int) -> str:
    """Let a deactivated introducer log in again, with their password as it was, and their portfolio."""
    return _set_active(session, actor=actor, introducer_id=introducer_id, active=True)


def change_introducer_email(session: Session, *, actor: audit.Actor, introducer_id: int, email: str) -> str:
    """The introducer's e-mail address (where the Espace Apporteurs sends their identifier and their password
    reset links) becomes ``email``, normalised as at the creation, on their row and their accounts. Every
    session they have open ends now and a reset link already sent to the old address no longer works (as
    for a member's change of address); a notice goes to the old and the new address once the transaction
    commits (no password, no link), and the change is audited. Refused, nothing written: an invalid address
    (``BAD_EMAIL``), the one they have (``SAME_EMAIL``), another account's (``EMAIL_TAKEN``,
    ``EMAIL_IN_USE``)."""
    introducer = _introducer(session, introducer_id)
    address = (email or "").strip().lower()
    if not valid_email(address):
        raise OcsoError(BAD_EMAIL)
    accounts = _accounts(session, introducer)
    old = {(held or "").lower() for held in (introducer.email, *(account.email for account in accounts))}
    old.discard("")
    if old <= {address}:
        raise OcsoError(SAME_EMAIL)
    _refuse_taken_email(session, address, introducer=introducer)
    introducer.email = address
    for account in accounts:
        account.email = address
        sessions.revoke_account_sessions(session, account_id=account.id)
        end_what_the_old_address_opened(session, account_id=account.id)
    old.discard(address)
    audit.record_by(
        session,
        actor,
        event_type=EVENT_TYPE,
        action=f"Adresse e-mail de l'apporteur {introducer.name} ({introducer.identifier}) modifiée : "
        f"{', '.join(sorted(old))} remplacée par {address}",
    )
    session.flush()
    for previous in sorted(old):
        send_after_commit(
            session,
            to=previous,
            subject=CHANGED_SUBJECT,
            text=(
                "Bonjour,\n\nL'adresse e-mail de votre compte de l'Espace Apporteurs d'affaires OCSO a été "
                f"remplacée par l'adresse {mask_email(address)} par un administrateur OCSO. Vos connexions "
                "en cours ont été fermées, et les messages de votre espace (identifiant oublié, mot de passe "
                "oublié) partiront désormais vers cette nouvelle adresse.\n\nSi vous n'attendiez pas ce "
                "changement, prévenez-nous à support@ocso.fr."
            ),
        )
    send_after_commit(
        session,
        to=address,
        subject=CHANGED_SUBJECT,
        text=(
            "Bonjour,\n\nCette adresse est désormais celle de votre compte de l'Espace Apporteurs "
            f"d'affaires OCSO ({introducer.name}) : c'est à elle que seront envoyés votre identifiant et les "
            "liens de mot de passe oublié. Votre identifiant et votre mot de passe ne changent pas ; vos "
            "connexions en cours ont été fermées, reconnectez-vous.\n\nSi vous n'attendiez pas ce "
            "changement, prévenez-nous à support@ocso.fr."
        ),
    )
    return EMAIL_CHANGED.format(name=introducer.name, identifier=introducer.identifier, email=address)
