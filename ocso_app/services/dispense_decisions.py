"""HR's answer to an employee's dispense request, on the fiche salarié(e): « Accepter » makes the employee
« dispensé(e) » (the case's end date stays on the request: the dispense ends then, or a new proof is due)
and withdraws their santé registration, which never opens (``dispense_cover``);
« Refuser », with a reason, puts the employee back « en cours d'affiliation » and e-mails them a new personal
link asking them to affiliate (without an e-mail address, HR posts a new letter). Both are kept in the status
history and the audit log. The proof is read through a guarded route only (``proof``).

Only a request still « demandée », of an employee of the caller's structures who is still to affiliate, is
decided: any other id is answered as missing, and nothing is written. (A request left « demandée » when the
affiliation was settled otherwise is closed « sans suite » by ``employee_status.change_status``; an employee
affiliated, radiated or dispensed is never turned « dispensé(e) » or back « en cours » by an old request.)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import (
    AffiliationStatus,
    Company,
    DispenseDecision,
    DispenseRequest,
    Employee,
    InvitationChannel,
)
from ocso_app.services import affiliation_invitations, audit, dispense_cover, uploads
from ocso_app.services.dispenses import case_of
from ocso_app.services.employee_status import STILL_TO_AFFILIATE, StatusAuthor, change_status
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_short_date, paris_date
from ocso_app.services.mail import send_after_commit
from ocso_app.services.typed_text import bad_character, has_control

EVENT_TYPE = "Dispense d'affiliation"
MAX_REASON = 500
NOT_FOUND = "Cette demande de dispense est introuvable ou a déjà été traitée."
REASON_NEEDED = "Indiquez le motif du refus : il est envoyé au/à la salarié(e)."
REASON_TOO_LONG = f"Le motif du refus compte au plus {MAX_REASON} caractères."
ENDED = (
    "La couverture qui justifie cette dispense a pris fin le {ended} : elle ne peut plus être acceptée. "
    "Refusez-la en indiquant ce motif, le/la salarié(e) sera invité(e) à s'affilier."
)

DECISION_LABELS = {
    DispenseDecision.REQUESTED: "À traiter",
    DispenseDecision.ACCEPTED: "Acceptée",
    DispenseDecision.REFUSED: "Refusée",
    DispenseDecision.WITHDRAWN: "Sans suite",
}


class DecisionRefused(OcsoError):
    """The decision cannot be recorded (message in French)."""


@dataclass(frozen=True)
class Decided:
    """What happened: the new status, and how the employee learns of a refusal (e-mail, or a letter)."""

    status: AffiliationStatus
    channel: InvitationChannel | None = None


def _pending(
    session: Session, structure_ids: Sequence[int], request_id: int
) -> tuple[DispenseRequest, Employee] | None:
    row = session.execute(
        select(DispenseRequest, Employee)
        .join(Employee, Employee.id == DispenseRequest.employee_id)
        .where(
            DispenseRequest.id == request_id,
            DispenseRequest.decision == DispenseDecision.REQUESTED,
            Employee.company_id.in_(structure_ids),
            Employee.status.in_(STILL_TO_AFFILIATE),
        )
    ).first()
    return (row[0], row[1]) if row else None


def _case_label(code: str) -> str:
    case = case_of(code)
    return case.label if case else code


def _decide(request: DispenseRequest, decision: DispenseDecision, by: StatusAuthor, now: datetime) -> None:
    request.decision = decision
    request.decided_by_account_id = by.account_id
    request.decided_at = now


def _record(session: Session, actor: audit.Actor, employee: Employee, action: str, more: str = "") -> None:
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=employee.company_id),
        event_type=EVENT_TYPE,
        action=f"{action} : {employee.first_name} {employee.last_name} (salarié(e) n° {employee.id}){more}",
    )


def accept(
    session: Session,
    *,
    structure_ids: Sequence[int],
    request_id: int,
    by: StatusAuthor,
    actor: audit.Actor,
    now: datetime,
) -> Decided:
    """« Accepter »: the employee is « dispensé(e) » from today, the request's case and end date kept; their
    santé registration never opens (``dispense_cover``)."""
    found = _pending(session, structure_ids, request_id)
    if found is None:
        raise DecisionRefused(NOT_FOUND)
    request, employee = found
    if request.ends_on is not None and request.ends_on < paris_date(now):
        # the daily job would turn the employee back « en cours » the next night: a dispense already over
        raise DecisionRefused(ENDED.format(ended=format_short_date(request.ends_on)))
    _decide(request, DispenseDecision.ACCEPTED, by, now)
    until = f" jusqu'au {format_short_date(request.ends_on)}" if request.ends_on else ""
    change_status(
        session,
        employee,
        AffiliationStatus.EXEMPTED,
        on=paris_date(now),
        by=by,
        note=f"Dispense acceptée{until} : {_case_label(request.case)}"[:255],
    )
    withdrawn = dispense_cover.withdraw(session, employee)
    _record(session, actor, employee, "Demande de dispense acceptée", withdrawn)
    return Decided(AffiliationStatus.EXEMPTED)


def refuse(
    session: Session,
    *,
    structure_ids: Sequence[int],
    request_id: int,
    reason: str,
    by: StatusAuthor,
    actor: audit.Actor,
    now: datetime,
) -> Decided:
    """« Refuser » with ``reason``: the employee is « en cours d'affiliation » again and is asked, with the
    reason, to affiliate through a new personal link (or HR posts a new letter when there is no e-mail)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise DecisionRefused(REASON_NEEDED)
    if len(reason) > MAX_REASON:
        raise DecisionRefused(REASON_TOO_LONG)
    if has_control(reason):  # a NUL: PostgreSQL refuses it in the request's row
        raise DecisionRefused(bad_character("Motif du refus"))
    found = _pending(session, structure_ids, request_id)
    if found is None:
        raise DecisionRefused(NOT_FOUND)
    request, employee = found
    _decide(request, DispenseDecision.REFUSED, by, now)
    request.refusal_reason = reason
    change_status(
        session, employee, AffiliationStatus.PENDING, on=paris_date(now), by=by, note="Dispense refusée"
    )
    employee.invited_at = now  # the 8 days to act start again
    channel = InvitationChannel.LETTER
    if employee.email:
        _mail_refusal(session, employee, request, reason, now)
        channel = InvitationChannel.EMAIL
    _record(session, actor, employee, "Demande de dispense refusée")
    return Decided(AffiliationStatus.PENDING, channel)


def _mail_refusal(
    session: Session, employee: Employee, request: DispenseRequest, reason: str, now: datetime
) -> None:
    token = affiliation_invitations.issue(session, employee, InvitationChannel.EMAIL, now=now)
    company = session.get(Company, employee.company_id)
    send_after_commit(
        session,
        to=employee.email or "",
        subject=f"Votre demande de dispense n'a pas été acceptée par {company.name if company else ''}",
        text=(
            f"Bonjour {employee.first_name} {employee.last_name},\n\n"
            f"Votre demande de dispense d'affiliation ({_case_label(request.case)}) n'a pas été acceptée.\n"
            f"Motif : {reason}\n\n"
            "Vous devez donc vous affilier au contrat collectif de complémentaire santé. Choisissez votre "
            "option, vos bénéficiaires et vos coordonnées bancaires en ouvrant votre lien personnel :\n\n"
            f"{affiliation_invitations.link(token)}\n\n{affiliation_invitations.link_validity(now)}"
        ),
    )


@dataclass(frozen=True)
class Proof:
    """A dispense request's proof, to stream."""

    content: bytes
    content_type: str
    filename: str


def proof(
    session: Session, *, structure_ids: Sequence[int], request_id: int, actor: audit.Actor
) -> Proof | None:
    """The proof of a dispense request of an employee of the caller's structures (the download audited);
    ``None`` for anything else."""
    row = session.execute(
        select(DispenseRequest, Employee)
        .join(Employee, Employee.id == DispenseRequest.employee_id)
        .where(DispenseRequest.id == request_id, Employee.company_id.in_(structure_ids))
    ).first()
    if row is None or not row[0].proof_storage_key:
        return None
    request, employee = row
    stored = uploads.StoredFile(
        storage_key=request.proof_storage_key or "",
        content_type=request.proof_content_type or "application/octet-stream",
        filename=request.proof_name or "justificatif",
    )
    _record(session, actor, employee, "Justificatif de dispense téléchargé")
    return Proof(uploads.read_stored(stored.storage_key), stored.content_type, stored.download_name)
