"""« Renouveler le justificatif » on the fiche salarié(e): a dispense whose case needs a new proof every
year (another collective cover: ``EndKind.YEARLY_PROOF``) holds only while HR keeps this year's proof, which
URSSAF may ask for. The daily job reminds the employee to give it to HR before its date; here HR files it.

The new proof is kept as a new accepted dispense of the same case, due a year after the previous date (a
year after today when that date has passed), so that the history keeps every proof; a proof filed while the
current one is due in more than two months replaces it and keeps its date (HR sending the right file after a
wrong one must not gain a year); the status history and
the audit log say who filed it. The employee is looked up within the caller's structures: another
structure's id, an employee who is not dispensed, or a dispense of another kind is refused, nothing written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import AffiliationStatus, DispenseDecision, DispenseRequest, Employee
from ocso_app.services import audit, uploads
from ocso_app.services.dispense_decisions import EVENT_TYPE
from ocso_app.services.dispenses import EndKind, case_of
from ocso_app.services.employee_status import StatusAuthor, change_status
from ocso_app.services.employees import employee_of
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_short_date, paris_date
from ocso_app.services.portability import add_months

REPLACING_WITHIN = timedelta(days=60)  # a proof due later than this was just filed: a new one replaces it
NOT_RENEWABLE = "Ce/cette salarié(e) n'a pas de dispense dont le justificatif se renouvelle chaque année."


@dataclasses.dataclass(frozen=True)
class Renewal:
    """The dispense whose proof is due, as the fiche shows it."""

    case_label: str
    due_on: date
    overdue: bool


def _current(session: Session, employee: Employee) -> DispenseRequest | None:
    """The employee's latest accepted dispense, if it is one whose proof is renewed every year."""
    if employee.status != AffiliationStatus.EXEMPTED:
        return None
    latest = session.scalar(
        select(DispenseRequest)
        .where(
            DispenseRequest.employee_id == employee.id,
            DispenseRequest.decision == DispenseDecision.ACCEPTED,
        )
        .order_by(DispenseRequest.id.desc())
        .limit(1)
    )
    case = case_of(latest.case) if latest is not None else None
    if latest is None or case is None or case.end != EndKind.YEARLY_PROOF or latest.ends_on is None:
        return None
    return latest


def renewal(session: Session, employee: Employee, today: date) -> Renewal | None:
    """The proof the employee's dispense needs next, or ``None`` when it needs none."""
    current = _current(session, employee)
    if current is None or current.ends_on is None:
        return None
    case = case_of(current.case)
    return Renewal(case.label if case else current.case, current.ends_on, current.ends_on < today)


def renew_proof(
    session: Session,
    *,
    structure_ids: Sequence[int],
    employee_id: int,
    proof: uploads.CheckedFile,
    by: StatusAuthor,
    actor: audit.Actor,
    now: datetime,
) -> date:
    """File ``proof`` (already checked by ``uploads.check_file``) as the new proof of the employee's yearly
    dispense; returns its next due date. ``OcsoError``: nothing written, nothing stored."""
    employee = employee_of(session, structure_ids, employee_id)
    current = _current(session, employee) if employee is not None else None
    if employee is None or current is None or current.ends_on is None:
        raise OcsoError(NOT_RENEWABLE)
    today = paris_date(now)
    # A proof filed while the current one is not yet due replaces it (a wrong file sent again), date kept:
    # two uploads in a row must not push the next proof two years away.
    replaces = current.ends_on > today + REPLACING_WITHIN
    due = current.ends_on if replaces else add_months(max(current.ends_on, today), 12)
    saved = uploads.store(proof, session=session)
    with uploads.removed_on_failure([saved.storage_key]):
        session.add(
            DispenseRequest(
                employee_id=employee.id,
                case=current.case,
                ends_on=due,
                sworn_statement=False,
                proof_name=saved.original_name,
                proof_storage_key=saved.storage_key,
                proof_content_type=saved.content_type,
                decision=DispenseDecision.ACCEPTED,
                decided_by_account_id=by.account_id,
                decided_at=now,
                created_at=now,
            )
        )
        note = f"Justificatif de dispense renouvelé : prochaine échéance le {format_short_date(due)}"
        change_status(session, employee, AffiliationStatus.EXEMPTED, on=today, by=by, note=note)
        audit.record_by(
            session,
            dataclasses.replace(actor, company_id=employee.company_id),
            event_type=EVENT_TYPE,
            action=(
                f"Justificatif de dispense renouvelé : {employee.first_name} {employee.last_name} "
                f"(salarié(e) n° {employee.id}), prochaine échéance le {format_short_date(due)}"
            ),
        )
        session.flush()
    return due
