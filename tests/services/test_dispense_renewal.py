"""« Renouveler le justificatif »: the yearly proof of a dispense for another collective cover is filed by HR
as a new accepted dispense due a year later (a year after today once late); « À suivre » shows it due, then
late, and forgets it once renewed. Any other employee, dispense or structure is refused, nothing written."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from ocso_app.models import (
    AffiliationStatus,
    AuditEvent,
    DispenseDecision,
    DispenseRequest,
    EmployeeStatusChange,
)
from ocso_app.services import dispense_renewal, staff_record, uploads
from ocso_app.services.audit import Actor
from ocso_app.services.dispenses import CASES
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.errors import OcsoError
from ocso_app.services.hr_follow_up import follow_up
from tests.builders import make_company, make_employee, make_pdf

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
HR = StatusAuthor(None, "Claire RH (RH)")
ACTOR = Actor(account_id=None)


def _proof() -> uploads.CheckedFile:
    content = make_pdf("Attestation employeur du conjoint 2026")
    return uploads.CheckedFile(
        "attestation-2026.pdf", content, "application/pdf", hashlib.sha256(content).hexdigest()
    )


def _dispensed(db, company, *, case: str, due: date):
    employee = make_employee(db, company=company, status=AffiliationStatus.EXEMPTED)
    db.add(
        DispenseRequest(employee_id=employee.id, case=case, ends_on=due, decision=DispenseDecision.ACCEPTED)
    )
    db.flush()
    return employee


def _renew(db, company, employee):
    return dispense_renewal.renew_proof(
        db, structure_ids=[company.id], employee_id=employee.id, proof=_proof(), by=HR, actor=ACTOR, now=NOW
    )


def _written(db, employee_id: int) -> tuple[int, int, int]:
    return (
        db.scalar(select(func.count()).where(DispenseRequest.employee_id == employee_id)),
        db.scalar(select(func.count()).where(EmployeeStatusChange.employee_id == employee_id)),
        db.scalar(select(func.count()).select_from(AuditEvent)),
    )


def test_hr_files_the_yearly_proof_due_soon_and_the_follow_up_forgets_it(db):
    company = make_company(db)
    employee = _dispensed(db, company, case="couverture_collective", due=date(2026, 6, 30))
    [due] = follow_up(db, structure_ids=[company.id], today=TODAY).expiring
    assert (due.employee_id, due.due_on, due.ends, due.late) == (employee.id, "30/06/2026", False, False)
    record = staff_record.staff_record(db, structure_ids=[company.id], employee_id=employee.id, today=TODAY)
    assert record is not None and record.renewal == dispense_renewal.Renewal(
        CASES["couverture_collective"].label, date(2026, 6, 30), False, date(2026, 7, 7)
    )

    assert _renew(db, company, employee) == date(2027, 6, 30)
    # the right file sent again after a wrong one: it replaces it, and the date stays
    assert _renew(db, company, employee) == date(2027, 6, 30)

    latest = db.scalars(
        select(DispenseRequest).where(DispenseRequest.employee_id == employee.id).order_by(DispenseRequest.id)
    ).all()
    assert [(d.decision, d.ends_on) for d in latest] == [
        (DispenseDecision.ACCEPTED, date(2026, 6, 30)),
        (DispenseDecision.ACCEPTED, date(2027, 6, 30)),
        (DispenseDecision.ACCEPTED, date(2027, 6, 30)),
    ]
    assert latest[2].proof_name == "attestation-2026.pdf" and uploads.read_stored(latest[2].proof_storage_key)
    assert employee.status == AffiliationStatus.EXEMPTED
    assert (
        "prochaine échéance le 30/06/2027" in staff_record.status_history(db, employee_id=employee.id)[0].note
    )
    assert follow_up(db, structure_ids=[company.id], today=TODAY).expiring == []
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.company_id == company.id)).all()
    assert any("Justificatif de dispense renouvelé" in a and "30/06/2027" in a for a in actions)


def test_a_late_proof_stays_in_the_follow_up_and_is_then_due_a_year_from_today(db):
    company = make_company(db)
    employee = _dispensed(db, company, case="couverture_collective", due=date(2026, 5, 1))
    [late] = follow_up(db, structure_ids=[company.id], today=TODAY).expiring
    assert (late.due_on, late.late) == ("01/05/2026", True)
    record = staff_record.staff_record(db, structure_ids=[company.id], employee_id=employee.id, today=TODAY)
    assert record is not None and record.renewal is not None and record.renewal.overdue
    assert _renew(db, company, employee) == date(2027, 6, 10)


@pytest.mark.parametrize("situation", ["a dispense that ends", "not dispensed", "another structure"])
def test_any_other_employee_or_dispense_is_refused_and_nothing_is_written(db, situation):
    company, other = make_company(db), make_company(db)
    case = "css" if situation == "a dispense that ends" else "couverture_collective"
    employee = _dispensed(db, company, case=case, due=date(2026, 6, 30))
    scope = other if situation == "another structure" else company
    if situation == "not dispensed":
        employee.status = AffiliationStatus.AFFILIATED
    before = _written(db, employee.id)
    with pytest.raises(OcsoError, match="se renouvelle chaque année"):
        _renew(db, scope, employee)
    assert _written(db, employee.id) == before
