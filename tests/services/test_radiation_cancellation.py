"""« Annuler la radiation »: a radiation recorded by mistake, cancelled within 30 days, gives back exactly
what it changed (status, departure fields, registrations, member, beneficiaries, dispense requests) and
nothing else; both rows stay in the history, the cancellation is audited with its author and e-mailed
after the commit; a replay cancels once; every refusal writes nothing."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ocso_app.models import (
    AffiliationStatus,
    AuditEvent,
    Beneficiary,
    DispenseDecision,
    DispenseRequest,
    Employee,
    EmployeeContract,
    EmployeeStatusChange,
    Member,
    RadiationRecord,
)
from ocso_app.models.base import utcnow
from ocso_app.services import audit, tiers_payant
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.formats import paris_today
from ocso_app.services.radiation import radiate
from ocso_app.services.radiation_cancellation import (
    ALREADY_CANCELLED,
    NOT_FOUND,
    NOT_RADIATED,
    NOT_REMEMBERED,
    TOO_OLD,
    CancellationRefused,
    cancel_radiation,
    cancellation_offer,
)
from tests.builders import make_employee, new_email
from tests.builders.dispenses import make_dispense_request
from tests.builders.roster import make_covered_employee, make_plans
from tests.support.mailbox import body_text

TODAY = paris_today()
LEFT_ON = TODAY - timedelta(days=6)
HR = StatusAuthor(None, "Claire RH (RH)")
FIXER = StatusAuthor(None, "Paul RH (RH)")
EARLIER_END = date(2025, 12, 31)  # a beneficiary and a registration that ended before the radiation
LATER_END = TODAY + timedelta(days=400)  # a registration that was to end after the departure


def _covered(db, *, email: str | None = None):
    """An affiliated employee with a family, one registration and one beneficiary already ended, one
    registration ending later, and an e-mail: (company, employee, member)."""
    plans = make_plans(db)
    employee = make_covered_employee(db, plans=plans, family=True)
    employee.email = email
    member = db.get(Member, employee.member_id)
    spouse = next(b for b in member.beneficiaries if b.rank == "CJ")
    spouse.end_date = EARLIER_END
    registrations = db.scalars(select(EmployeeContract).where(EmployeeContract.employee_id == employee.id))
    health, provident = sorted(registrations, key=lambda r: r.contract_id)
    health.end_date, provident.end_date = LATER_END, EARLIER_END
    db.flush()
    return plans.company, employee, member


def _snapshot(db, employee_id: int) -> dict:
    """Every row a radiation may change, as stored."""
    db.flush()
    db.expire_all()
    employee = db.get(Employee, employee_id)
    return {
        "employee": (
            employee.status,
            employee.radiated_on,
            employee.radiation_reason,
            employee.portability_end_on,
            employee.affiliated_on,
        ),
        "registrations": db.execute(
            select(EmployeeContract.id, EmployeeContract.start_date, EmployeeContract.end_date)
            .where(EmployeeContract.employee_id == employee_id)
            .order_by(EmployeeContract.id)
        ).all(),
        "member": db.scalar(select(Member.radiation_date).where(Member.id == employee.member_id)),
        "beneficiaries": db.execute(
            select(Beneficiary.id, Beneficiary.end_date)
            .where(Beneficiary.member_id == employee.member_id)
            .order_by(Beneficiary.id)
        ).all(),
        "dispenses": db.execute(
            select(DispenseRequest.id, DispenseRequest.decision, DispenseRequest.decided_at)
            .where(DispenseRequest.employee_id == employee_id)
            .order_by(DispenseRequest.id)
        ).all(),
    }


def _writes(db, employee_id: int) -> tuple:
    """What a refused cancellation must not add."""
    db.flush()
    return (
        db.scalar(select(func.count(AuditEvent.id))),
        db.scalar(select(func.count()).where(EmployeeStatusChange.employee_id == employee_id)),
        _snapshot(db, employee_id),
    )


def _radiate(db, company, employee, reason: str = "demission"):
    actor = audit.Actor(account_id=None, company_id=company.id)
    return radiate(db, employee, left_on=LEFT_ON, reason=reason, by=HR, actor=actor, today=TODAY)


def _cancel(db, company, employee_id: int, *, now=None):
    return cancel_radiation(
        db,
        structure_ids=(company.id,),
        employee_id=employee_id,
        by=FIXER,
        actor=audit.Actor(account_id=None),
        now=now or utcnow(),
    )


def test_cancelling_gives_back_every_row_exactly_and_keeps_both_rows_of_the_history(db, mailbox):
    email = new_email()
    company, employee, member = _covered(db, email=email)
    before = _snapshot(db, employee.id)
    _radiate(db, company, employee)
    radiated = _snapshot(db, employee.id)
    assert radiated["employee"][0] == AffiliationStatus.RADIATED and radiated["member"] == LEFT_ON
    assert [end for _id, _start, end in radiated["registrations"]] == [LEFT_ON, EARLIER_END]
    assert sorted(end for _id, end in radiated["beneficiaries"]) == [EARLIER_END, LEFT_ON, LEFT_ON]
    assert cancellation_offer(db, employee, today=TODAY).possible

    cancelled = _cancel(db, company, employee.id)
    db.commit()
    assert _snapshot(db, employee.id) == before
    assert (cancelled.status, cancelled.left_on) == ("Affilié(e)", LEFT_ON)
    history = db.execute(
        select(EmployeeStatusChange.status, EmployeeStatusChange.by_label, EmployeeStatusChange.note)
        .where(EmployeeStatusChange.employee_id == employee.id)
        .order_by(EmployeeStatusChange.id)
    ).all()
    assert [(status, by) for status, by, _note in history] == [
        (AffiliationStatus.RADIATED, HR.label),
        (AffiliationStatus.AFFILIATED, FIXER.label),
    ]
    assert "Annulation de la radiation" in history[1].note
    trail = db.scalar(
        select(AuditEvent.action).where(AuditEvent.company_id == company.id).order_by(AuditEvent.id.desc())
    )
    assert trail.startswith("Annulation de la radiation") and FIXER.label in trail
    record = db.scalar(select(RadiationRecord).where(RadiationRecord.employee_id == employee.id))
    assert record.cancelled_at is not None and record.cancellation_change is not None
    mails = mailbox.wait_for(email, count=2)  # sent from two threads: in either order
    cancellation_mail = next(m for m in mails if "annulée" in m["Subject"])
    assert "votre radiation est annulée, vos garanties continuent" in body_text(cancellation_mail)
    assert tiers_payant.card_for(db, member_id=member.id, today=TODAY + timedelta(days=60)).rights_note == ""


def test_a_cancelled_portability_is_removed_and_the_cover_runs_on(db):
    company, employee, member = _covered(db)
    before = _snapshot(db, employee.id)
    radiation = _radiate(db, company, employee, reason="licenciement")
    assert radiation.portability is not None and employee.status == AffiliationStatus.PORTABILITY
    assert member.radiation_date == radiation.portability.ends_on
    _cancel(db, company, employee.id)
    after = _snapshot(db, employee.id)
    assert after == before and after["employee"][3] is None and after["member"] is None


def test_the_daily_jobs_end_of_the_portability_is_cancelled_with_it(db):
    company, employee, _member = _covered(db)
    before = _snapshot(db, employee.id)
    _radiate(db, company, employee, reason="licenciement")
    employee.status = AffiliationStatus.RADIATED  # as the daily job leaves it once the portabilité ended
    _cancel(db, company, employee.id)
    assert _snapshot(db, employee.id) == before


def test_a_pending_employees_dispense_request_closed_by_the_radiation_waits_again(db):
    plans = make_plans(db)
    employee = make_employee(db, company=plans.company, status=AffiliationStatus.PENDING)
    make_dispense_request(db, employee=employee)
    before = _snapshot(db, employee.id)
    _radiate(db, plans.company, employee)
    assert _snapshot(db, employee.id)["dispenses"][0][1] == DispenseDecision.WITHDRAWN
    assert _cancel(db, plans.company, employee.id).status == "En cours d'affiliation"
    assert _snapshot(db, employee.id) == before


def test_a_row_changed_since_the_radiation_is_left_as_it_is(db):
    company, employee, member = _covered(db)
    _radiate(db, company, employee)
    child = next(b for b in member.beneficiaries if b.rank == "EA")
    child.end_date = LEFT_ON - timedelta(days=2)  # OCSO corrected the child's end meanwhile
    _cancel(db, company, employee.id)
    db.refresh(child)
    assert child.end_date == LEFT_ON - timedelta(days=2)
    assert db.scalar(select(Member.radiation_date).where(Member.id == member.id)) is None


def test_a_second_click_or_a_replay_cancels_once(db, mailbox):
    email = new_email()
    company, employee, _member = _covered(db, email=email)
    _radiate(db, company, employee)
    _cancel(db, company, employee.id)
    db.commit()
    done = _writes(db, employee.id)
    with pytest.raises(CancellationRefused, match=re.escape(ALREADY_CANCELLED)):
        _cancel(db, company, employee.id)
    db.commit()
    assert _writes(db, employee.id) == done
    assert len(mailbox.wait_for(email, count=2)) == 2
    assert not cancellation_offer(db, employee, today=TODAY).possible


def test_a_replay_that_passed_the_checks_before_the_first_committed_writes_nothing(db, monkeypatch):
    """Two events at once both read « radié(e) »: the conditional update lets only one through."""
    from ocso_app.services import radiation_cancellation

    company, employee, _member = _covered(db)
    _radiate(db, company, employee)
    _cancel(db, company, employee.id)
    record = db.scalar(select(RadiationRecord).where(RadiationRecord.employee_id == employee.id))
    done = _writes(db, employee.id)
    # The second event's checks, as read before the first one committed: the radiation still in force.
    monkeypatch.setattr(radiation_cancellation, "_radiation_in_force", lambda *_args: record)
    with pytest.raises(CancellationRefused, match=re.escape(ALREADY_CANCELLED)):
        _cancel(db, company, employee.id)
    assert _writes(db, employee.id) == done


def test_past_30_days_the_fiche_says_to_contact_ocso_and_nothing_is_written(db):
    company, employee, _member = _covered(db)
    _radiate(db, company, employee)
    assert _cancel_refused(db, company, employee.id, now=utcnow() + timedelta(days=31)) == TOO_OLD
    offer = cancellation_offer(db, employee, today=TODAY + timedelta(days=31))
    assert not offer.possible and "contactez OCSO" in offer.refusal
    assert cancellation_offer(db, employee, today=TODAY + timedelta(days=30)).possible


def test_a_radiation_recorded_before_the_portal_kept_its_memory_is_left_to_ocso(db):
    company, employee, _member = _covered(db)
    _radiate(db, company, employee)
    db.delete(db.scalar(select(RadiationRecord).where(RadiationRecord.employee_id == employee.id)))
    assert _cancel_refused(db, company, employee.id) == NOT_REMEMBERED
    assert "contactez OCSO" in cancellation_offer(db, employee, today=TODAY).refusal


def test_an_employee_not_radiated_or_of_another_structure_is_refused(db):
    company, employee, _member = _covered(db)
    assert _cancel_refused(db, company, employee.id) == NOT_RADIATED
    assert cancellation_offer(db, employee, today=TODAY).refusal == ""
    other_company, other, _ = _covered(db)
    _radiate(db, other_company, other)
    assert _cancel_refused(db, company, other.id) == NOT_FOUND


def _cancel_refused(db, company, employee_id: int, *, now=None) -> str:
    """The refusal's message; fails if anything was written."""
    before = _writes(db, employee_id)
    with pytest.raises(CancellationRefused) as refused:
        _cancel(db, company, employee_id, now=now)
    assert _writes(db, employee_id) == before
    return refused.value.message


def test_an_employee_covered_by_nothing_is_not_told_their_cover_and_card_continue(db, mailbox):
    """Radiated while still « en cours d'affiliation » (no member file, no registration), then cancelled: the
    e-mail promised « Vous et vos bénéficiaires restez couverts comme avant […] avec la même carte de tiers
    payant » and « vos garanties continuent », to someone who never had a cover or a card."""
    email = new_email()
    company = make_plans(db).company
    employee = make_employee(db, company=company, status=AffiliationStatus.PENDING, email=email)
    _radiate(db, company, employee)
    _cancel(db, company, employee.id)
    db.commit()
    mails = mailbox.wait_for(email, count=2)
    cancellation = next(m for m in mails if "annulée" in m["Subject"])
    text = " ".join(body_text(cancellation).split())
    assert cancellation["Subject"] == "Votre radiation est annulée"
    assert "votre radiation est annulée." in text and "Votre affiliation reprend où elle en était" in text
    for promise in ("garanties continuent", "carte de tiers payant", "bénéficiaires", "restez couvert"):
        assert promise not in text
