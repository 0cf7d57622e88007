"""Who may use the employee's public affiliation page: the holder of a still-usable invitation (the e-mailed
link's token, or the letter's code typed by hand) who also gives the employee's birth date, so that a
stolen letter alone opens nothing.

Guessing is bounded twice: every attempt counts for the client address (``throttle.AFFILIATION_CLIENT``),
and wrong birth dates count on the invitation, which stops opening after ``MAX_WRONG_BIRTH_DATES`` (HR
sends a new one). A wrong code, an expired or used link and a wrong birth date get the same answer. Once
identified, every action of the page asks :func:`usable_employee` again: the invitation may have been used,
revoked or expired meanwhile, and the employee affiliated by HR.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ocso_app.models import AffiliationInvitation, Employee
from ocso_app.services import affiliation_invitations, throttle
from ocso_app.services.enrolment_choice import OPEN_STATUSES
from ocso_app.services.periods import InvalidFilter, parse_day
from ocso_app.services.sessions import _as_aware

MAX_WRONG_BIRTH_DATES = 5
NOT_RECOGNISED = (
    "Ces informations ne permettent pas d'ouvrir votre affiliation : vérifiez le code de votre courrier "
    "(ou ouvrez le lien de votre e-mail) et votre date de naissance (jj/mm/aaaa). Un lien déjà utilisé ou "
    "expiré ne fonctionne plus : demandez-en un nouveau à votre service RH."
)
TOO_MANY_TRIES = (
    "Trop de tentatives : pour votre sécurité, l'accès est bloqué. Réessayez dans une heure, ou demandez à "
    "votre service RH de vous envoyer une nouvelle invitation."
)
EXPIRED = (
    "Votre accès n'est plus valable (affiliation déjà envoyée, lien expiré ou remplacé) : demandez une "
    "nouvelle invitation à votre service RH si besoin."
)


@dataclass(frozen=True)
class Identification:
    """The invitation opened (``invitation_id``), or the one message every failure gets."""

    invitation_id: int | None
    message: str = ""


def _open(invitation: AffiliationInvitation | None, now: datetime) -> bool:
    return (
        invitation is not None
        and invitation.used_at is None
        and now < _as_aware(invitation.expires_at)
        and invitation.failed_attempts < MAX_WRONG_BIRTH_DATES
    )


def usable_employee(session: Session, invitation_id: int | None, *, now: datetime) -> Employee | None:
    """The employee of the invitation if it still opens the page and they are still to affiliate."""
    invitation = session.get(AffiliationInvitation, invitation_id) if invitation_id else None
    if invitation is None or not _open(invitation, now):
        return None
    employee = session.get(Employee, invitation.employee_id)
    if employee is None or employee.status not in OPEN_STATUSES or employee.member_id is not None:
        return None
    return employee


def identify(
    session: Session, *, secret: str, birth_date: str, ip_address: str | None, now: datetime
) -> Identification:
    """Open the page for the link's token or the letter's code and the birth date. Every attempt is counted
    (the caller commits whatever the answer)."""
    if not throttle.attempt_from_client(session, throttle.AFFILIATION_CLIENT, ip_address):
        return Identification(None, TOO_MANY_TRIES)
    invitation = affiliation_invitations.find(session, secret or "", now=now) if secret.strip() else None
    if invitation is None or not _open(invitation, now):
        return Identification(None, NOT_RECOGNISED)
    employee = usable_employee(session, invitation.id, now=now)
    try:
        typed = parse_day(birth_date)
    except InvalidFilter:
        typed = None
    if employee is None or typed != employee.birth_date:
        if employee is not None:
            invitation.failed_attempts += 1
        return Identification(None, NOT_RECOGNISED)
    return Identification(invitation.id)
