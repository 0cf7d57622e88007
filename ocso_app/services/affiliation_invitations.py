"""The employee's way in to their affiliation page: a personal link e-mailed by the portal, or, for an
employee without an e-mail address, a code printed on a letter HR downloads and posts.

The e-mail names the contracts the employee is registered on (santé, prévoyance, or both) and agrees with
their civility (« inscrite » to a Mme), the first invitation and a relance alike.

The secrets are random, single-use, expiring, and stored as keyed hashes only. Issuing a new one (a relance,
a new letter) revokes the earlier ones of the same employee. Opening the page also asks the birth date
(``services.affiliation_page``'s concern), so a stolen letter alone is not enough.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.config import settings
from ocso_app.models import (
    AffiliationInvitation,
    Company,
    Contract,
    ContractKind,
    Employee,
    EmployeeContract,
    InvitationChannel,
)
from ocso_app.models.base import utcnow
from ocso_app.services.crypto import new_token, token_hash
from ocso_app.services.dispense_cover import covers_a_day
from ocso_app.services.formats import agreed, format_short_date, paris_date
from ocso_app.services.mail import send_after_commit
from ocso_app.services.sessions import _as_aware

LIFETIME = timedelta(days=30)
# A letter's code is typed by hand: no 0/O, 1/I/L; 12 characters of 32 = 60 bits, shown as XXXX-XXXX-XXXX.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
_NOT_CODE = re.compile(f"[^{CODE_ALPHABET}]")


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalized_code(typed: str) -> str:
    """A typed letter code in its printed form (case, spaces and dashes do not matter)."""
    raw = _NOT_CODE.sub("", typed.upper())[:CODE_LENGTH]
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def issue(
    session: Session, employee: Employee, channel: InvitationChannel, *, now: datetime | None = None
) -> str:
    """A new secret for ``employee`` (a link token for e-mail, a code for a letter); earlier ones revoked."""
    now = now or utcnow()
    spend_all(session, employee.id, now=now)
    secret = new_token() if channel == InvitationChannel.EMAIL else _new_code()
    session.add(
        AffiliationInvitation(
            employee_id=employee.id,
            channel=channel,
            secret_hash=token_hash(secret),
            created_at=now,
            expires_at=now + LIFETIME,
        )
    )
    session.flush()
    return secret


def find(session: Session, secret: str, *, now: datetime | None = None) -> AffiliationInvitation | None:
    """The still-usable invitation of a link's token or a typed letter code; ``None`` otherwise."""
    now = now or utcnow()
    candidates = {secret.strip(), normalized_code(secret)} - {""}
    invitation = session.scalar(
        select(AffiliationInvitation).where(
            AffiliationInvitation.secret_hash.in_([token_hash(c) for c in candidates])
        )
    )
    if invitation is None or invitation.used_at is not None or now >= _as_aware(invitation.expires_at):
        return None
    return invitation


def spend_all(session: Session, employee_id: int, *, now: datetime) -> None:
    """Spend every still-open invitation of the employee (a new one is issued, or the employee is done)."""
    session.execute(
        update(AffiliationInvitation)
        .where(AffiliationInvitation.employee_id == employee_id, AffiliationInvitation.used_at.is_(None))
        .values(used_at=now)
    )


def use(invitation: AffiliationInvitation, *, now: datetime | None = None) -> None:
    """Spend the invitation (the affiliation or the dispense request is sent)."""
    invitation.used_at = now or utcnow()


def link(token: str) -> str:
    """The personal link e-mailed to the employee."""
    return f"{settings().public_url}{routes.AFFILIATION}?jeton={token}"


def link_validity(now: datetime) -> str:
    """The e-mails' sentence on a link issued at ``now``: its last day is the day in France when it expires
    (one issued between midnight and 2 a.m. in France expires on the day after its UTC date)."""
    last_day = format_short_date(paris_date(now + LIFETIME))
    return (
        f"Ce lien est personnel et valable jusqu'au {last_day}. Votre date de naissance vous sera demandée."
    )


@dataclass(frozen=True)
class Invited:
    """How the employee was invited: by e-mail (sent after commit), or HR must post a letter."""

    channel: InvitationChannel


@dataclass(frozen=True)
class Why:
    """Why the employee is asked to affiliate, when it is not the usual first invitation: the e-mail's
    subject and the paragraph said before the link."""

    subject: str
    text: str


# What the e-mail calls the contracts the employee is registered on: in its text, and in its subject.
_CONTRACTS: dict[frozenset[ContractKind], tuple[str, str]] = {
    frozenset({ContractKind.SANTE}): (
        "au contrat collectif de complémentaire santé géré par OCSO",
        "à la complémentaire santé",
    ),
    frozenset({ContractKind.PREVOYANCE}): (
        "au contrat collectif de prévoyance géré par OCSO",
        "à la prévoyance",
    ),
    frozenset({ContractKind.SANTE, ContractKind.PREVOYANCE}): (
        "aux contrats collectifs de complémentaire santé et de prévoyance gérés par OCSO",
        "à la complémentaire santé et à la prévoyance",
    ),
}
_NO_CONTRACT = ("aux contrats collectifs de l'entreprise gérés par OCSO", "aux contrats collectifs")


def _registered_on(session: Session, employee_id: int, today: date) -> frozenset[ContractKind]:
    """The kinds of the signed contracts the employee is registered on, that cover a day from ``today``."""
    kinds = session.scalars(
        select(Contract.kind)
        .join(EmployeeContract, EmployeeContract.contract_id == Contract.id)
        .where(
            EmployeeContract.employee_id == employee_id,
            Contract.signed_on.is_not(None),
            or_(EmployeeContract.end_date.is_(None), EmployeeContract.end_date >= today),
            covers_a_day(),
        )
        .distinct()
    )
    return frozenset(ContractKind(kind) for kind in kinds)


def usual_wording(
    session: Session, employee: Employee, company_name: str, *, reminder: bool, now: datetime
) -> Why:
    """The usual subject and paragraph: who registered the employee, on which contracts (the e-mail's and
    the courrier d'affiliation's)."""
    text, subject = _CONTRACTS.get(_registered_on(session, employee.id, paris_date(now)), _NO_CONTRACT)
    registered = agreed(employee.civility, "inscrit", "inscrite")
    first = "Rappel : votre" if reminder else "Votre"
    return Why(
        f"{first} affiliation {subject} de {company_name}", f"{company_name} vous a {registered} {text}."
    )


def invite(
    session: Session,
    employee: Employee,
    *,
    now: datetime | None = None,
    reminder: bool = False,
    why: Why | None = None,
) -> Invited:
    """Invite ``employee`` to affiliate: the e-mail with their personal link when they have an address
    (sent once the caller's transaction commits); otherwise HR downloads the letter (``letter_code``).
    Sets ``invited_at``; a relance (``reminder``) sets ``last_reminder_at`` instead and keeps the date of the
    invitation, which the fiche shows (either restarts the 8 days of « à relancer »: ``affiliation``).
    ``why`` words the e-mail for an employee asked again (a dispense that ended).
    """
    now = now or utcnow()
    if reminder:
        employee.last_reminder_at = now
    if not reminder or employee.invited_at is None:
        employee.invited_at = now
    if not employee.email:
        return Invited(InvitationChannel.LETTER)
    token = issue(session, employee, InvitationChannel.EMAIL, now=now)
    company = session.get(Company, employee.company_id)
    company_name = company.name if company else ""
    why = why or usual_wording(session, employee, company_name, reminder=reminder, now=now)
    send_after_commit(
        session,
        to=employee.email,
        subject=why.subject,
        text=(
            f"Bonjour {employee.first_name} {employee.last_name},\n\n{why.text}\n"
            "Pour choisir votre option, ajouter vos bénéficiaires et vos coordonnées bancaires, ou demander "
            "une dispense d'affiliation, ouvrez votre lien personnel :\n\n"
            f"{link(token)}\n\n{link_validity(now)}"
        ),
    )
    return Invited(InvitationChannel.EMAIL)
