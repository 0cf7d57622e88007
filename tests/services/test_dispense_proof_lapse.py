"""A dispense whose proof is due every year (another collective cover) holds only while HR keeps this year's
proof: once its date has passed, and the grace with it, without a new proof, the daily job ends it as it ends
a fixed-term dispense (« en cours d'affiliation » again, a new invitation, the santé registration given back
from the day after the due date, the change kept and audited as the job's) and tells the employee why and
what to do, and the HR users who follow the affiliation, without a word of the case. A proof filed in time
keeps the dispense; one brought after the end is a new dispense request."""

from __future__ import annotations

import hashlib
import re
from contextlib import nullcontext
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from ocso_app.models import (
    AffiliationInvitation,
    AffiliationStatus,
    AuditEvent,
    Contract,
    ContractKind,
    DispenseDecision,
    DispenseRequest,
    EmployeeContract,
    EmployeeStatusChange,
    EmployerGrant,
    EmployerProfile,
    Interface,
)
from ocso_app.services import audit, dispense_renewal, dispense_requests, staff_record, uploads
from ocso_app.services.daily import run_daily
from ocso_app.services.dispenses import CASES
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.errors import OcsoError
from ocso_app.services.hr_follow_up import follow_up
from ocso_app.services.mail import _PENDING
from tests.builders import make_employer, new_email
from tests.builders.dispenses import make_dispense_request
from tests.builders.files import make_pdf
from tests.builders.roster import make_dispensed_employee, make_plans

DUE = date(2026, 9, 30)
LAPSED = date(2026, 10, 8)  # the first day after the grace
CASE = "couverture_collective"
HR = StatusAuthor(None, "Claire RH (RH)")
ACTOR = audit.Actor(account_id=None)


def _dispensed(db):
    """(plans, employee): dispensed since 01/01/2026 for another collective cover, its next proof due on
    ``DUE``; HR chose where the dispense requests go and who is told (two addresses)."""
    plans = make_plans(db)
    employee = make_dispensed_employee(db, plans=plans, since=date(2026, 1, 1))
    employee.email = new_email()
    employee.dispense_email, employee.notify_hr_email = new_email(), new_email()
    employee.invited_by_account_id = make_employer(
        db, grants={plans.company: EmployerProfile.STAFF_MANAGEMENT}
    ).id
    request = make_dispense_request(db, employee=employee, case=CASE, ends_on=DUE)
    request.decision = DispenseDecision.ACCEPTED
    db.flush()
    return plans, employee


def _run(db, today: date):
    return run_daily(today, lambda: nullcontext(db))


def _mails(db, to: str) -> list:
    return [message for message in db.info.get(_PENDING, []) if message.to == to]


def _health(db, employee) -> EmployeeContract:
    return db.scalars(
        select(EmployeeContract)
        .join(Contract, Contract.id == EmployeeContract.contract_id)
        .where(EmployeeContract.employee_id == employee.id, Contract.kind == ContractKind.SANTE)
    ).one()


def _job_changes(db, employee) -> list[tuple[AffiliationStatus, date, str, str | None]]:
    rows = db.execute(
        select(
            EmployeeStatusChange.status,
            EmployeeStatusChange.effective_on,
            EmployeeStatusChange.by_label,
            EmployeeStatusChange.note,
        ).where(EmployeeStatusChange.employee_id == employee.id, EmployeeStatusChange.by_account_id.is_(None))
    ).all()
    return [tuple(row) for row in rows if row.by_label == "Traitement automatique"]


def _job_audits(db, employee) -> list[str]:
    return list(
        db.scalars(
            select(AuditEvent.action).where(
                AuditEvent.company_id == employee.company_id,
                AuditEvent.interface == Interface.AUTOMATIC,
                AuditEvent.event_type == "Dispense d'affiliation",
            )
        ).all()
    )


def _proof() -> uploads.CheckedFile:
    content = make_pdf("Attestation employeur du conjoint 2026")
    return uploads.CheckedFile(
        "attestation.pdf", content, "application/pdf", hashlib.sha256(content).hexdigest()
    )


def _renew(db, plans, employee, now: datetime) -> date:
    """HR files the employee's new proof on their fiche (« Renouveler le justificatif »)."""
    return dispense_renewal.renew_proof(
        db,
        structure_ids=[plans.company.id],
        employee_id=employee.id,
        proof=_proof(),
        by=HR,
        actor=ACTOR,
        now=now,
    )


def test_a_yearly_proof_overdue_past_the_grace_ends_the_dispense_as_a_fixed_term_one_ends(db):
    plans, employee = _dispensed(db)
    report = _run(db, LAPSED)
    assert employee.id in report.dispenses_ended
    assert employee.status == AffiliationStatus.PENDING and employee.invited_at is not None
    invitations = db.scalars(
        select(AffiliationInvitation).where(AffiliationInvitation.employee_id == employee.id)
    )
    assert len(invitations.all()) == 1
    # not covered while dispensed: the santé cover starts the day after the proof was due
    health = _health(db, employee)
    assert (health.contract_id, health.start_date, health.end_date) == (
        plans.health.id,
        date(2026, 10, 1),
        None,
    )
    assert _job_changes(db, employee) == [
        (
            AffiliationStatus.PENDING,
            LAPSED,
            "Traitement automatique",
            "Fin de la dispense : justificatif annuel attendu le 30/09/2026 non reçu",
        )
    ]
    name = f"{employee.first_name} {employee.last_name}"
    assert _job_audits(db, employee) == [
        "Fin de la dispense, justificatif annuel attendu le 30/09/2026 non reçu, inscription au contrat "
        f"santé {plans.health.number} rétablie, invitation à s'affilier envoyée par e-mail : {name} "
        f"(salarié(e) n° {employee.id}), par Traitement automatique"
    ]


def test_the_employee_is_told_why_and_how_to_affiliate_or_ask_again(db):
    _, employee = _dispensed(db)
    _run(db, LAPSED)
    [told] = _mails(db, employee.email)
    text = " ".join(told.text.split())
    assert "dispense" in told.subject
    assert "justificatif" in text and "30/09/2026" in text and "non reçu" not in told.subject
    assert "01/10/2026" in text  # affiliated from then
    assert "/affiliation?jeton=" in text
    assert "demander de nouveau la dispense" in text and "justificatif à jour" in text


def test_the_hr_users_following_the_affiliation_are_told_without_the_case(db):
    _, employee = _dispensed(db)
    _run(db, LAPSED)
    name = f"{employee.first_name} {employee.last_name.upper()}"
    for address in (employee.dispense_email, employee.notify_hr_email):
        [told] = _mails(db, address)
        text = " ".join(told.text.split())
        assert name in told.subject and "dispense" in told.subject
        assert "30/09/2026" in text and "01/10/2026" in text
        assert f"salarie={employee.id}" in text and "invitation à s'affilier" in text
        assert CASES[CASE].label not in text and "couverture collective" not in text
        assert "/affiliation?jeton=" not in text  # the employee's personal link is theirs alone


def test_hr_is_told_once_when_both_addresses_are_the_same(db):
    _, employee = _dispensed(db)
    employee.notify_hr_email = employee.dispense_email
    _run(db, LAPSED)
    assert len(_mails(db, employee.dispense_email)) == 1


def test_within_the_grace_the_dispense_holds(db):
    """HR may still file the proof the employee gave on its date: the fiche shows it late, nothing ends."""
    _, employee = _dispensed(db)
    for today in (DUE, date(2026, 10, 1), date(2026, 10, 7)):
        assert employee.id not in _run(db, today).dispenses_ended
    assert employee.status == AffiliationStatus.EXEMPTED
    assert _job_changes(db, employee) == [] and _job_audits(db, employee) == []
    assert _mails(db, employee.dispense_email) == []


def test_a_proof_renewed_in_time_keeps_the_dispense(db):
    plans, employee = _dispensed(db)
    _renew(db, plans, employee, datetime(2026, 9, 20, 9, 0, tzinfo=UTC))
    assert employee.id not in _run(db, LAPSED).dispenses_ended
    assert employee.status == AffiliationStatus.EXEMPTED
    assert _health(db, employee).end_date < _health(db, employee).start_date  # still withdrawn


def test_a_proof_filed_late_but_within_the_grace_keeps_the_dispense(db):
    plans, employee = _dispensed(db)
    _renew(db, plans, employee, datetime(2026, 10, 6, 9, 0, tzinfo=UTC))
    assert employee.id not in _run(db, LAPSED).dispenses_ended
    assert employee.status == AffiliationStatus.EXEMPTED


def test_hr_who_may_no_longer_follow_the_employee_is_not_told(db):
    """The addresses go by who chose them (``employer_access.hr_address``): a user who lost the access
    to the employees is sent no name any more."""
    _, employee = _dispensed(db)
    grant = db.scalars(
        select(EmployerGrant).where(EmployerGrant.account_id == employee.invited_by_account_id)
    )
    db.delete(grant.one())
    db.flush()
    assert employee.id in _run(db, LAPSED).dispenses_ended
    assert _mails(db, employee.dispense_email) == _mails(db, employee.notify_hr_email) == []
    assert len(_mails(db, employee.email)) == 1


def test_the_reminder_says_the_dispense_ends_without_the_proof(db):
    _, employee = _dispensed(db)
    _run(db, date(2026, 9, 1))
    [reminder] = _mails(db, employee.email)
    assert "30/09/2026" in reminder.text
    assert "votre dispense prendra fin" in " ".join(reminder.text.split())


def test_the_job_run_twice_ends_the_dispense_once(db):
    _, employee = _dispensed(db)
    assert employee.id in _run(db, LAPSED).dispenses_ended
    assert employee.id not in _run(db, LAPSED).dispenses_ended
    assert employee.id not in _run(db, date(2026, 10, 9)).dispenses_ended
    assert len(_job_changes(db, employee)) == 1 and len(_job_audits(db, employee)) == 1
    assert len(_mails(db, employee.email)) == 1 and len(_mails(db, employee.dispense_email)) == 1


def test_a_proof_brought_after_the_end_is_a_new_dispense_request(db):
    """HR can no longer renew it; the employee asks again from their personal link, and HR decides."""
    plans, employee = _dispensed(db)
    _run(db, LAPSED)
    now = datetime(2026, 10, 9, 9, 0, tzinfo=UTC)
    with pytest.raises(OcsoError, match=re.escape(dispense_renewal.NOT_RENEWABLE)):
        _renew(db, plans, employee, now)
    sent = dispense_requests.request_dispense(
        db, employee, case_code=CASE, ends_on="30/09/2027", proof=_proof(), sworn=False, actor=ACTOR, now=now
    )
    assert db.get(DispenseRequest, sent.request_id).decision == DispenseDecision.REQUESTED


def test_the_fiche_says_until_when_a_late_proof_may_be_filed_then_offers_no_renewal(db):
    plans, employee = _dispensed(db)
    scope = [plans.company.id]
    late = staff_record.staff_record(
        db, structure_ids=scope, employee_id=employee.id, today=date(2026, 10, 2)
    )
    assert late is not None and late.renewal is not None
    assert (late.renewal.overdue, late.renewal.last_day) == (True, date(2026, 10, 7))
    _run(db, LAPSED)
    ended = staff_record.staff_record(db, structure_ids=scope, employee_id=employee.id, today=LAPSED)
    assert ended is not None and ended.renewal is None


def test_the_accueil_lists_a_late_proof_with_its_last_day_until_the_dispense_ends(db):
    plans, employee = _dispensed(db)
    scope = [plans.company.id]
    [late] = follow_up(db, structure_ids=scope, today=date(2026, 10, 2)).expiring
    assert (late.employee_id, late.late, late.last_day) == (employee.id, True, "07/10/2026")
    _run(db, LAPSED)
    assert follow_up(db, structure_ids=scope, today=LAPSED).expiring == []


def test_hr_is_told_too_when_a_fixed_term_dispense_ends(db):
    """The end of a fixed-term dispense (a CDD here) asks the employee to affiliate, as a lapsed proof does:
    the HR users who follow the affiliation were told of the one and not of the other."""
    _, employee = _dispensed(db)
    request = db.scalars(select(DispenseRequest).where(DispenseRequest.employee_id == employee.id)).one()
    request.case, request.ends_on = "cdd_moins_12_mois", date(2026, 6, 30)
    assert CASES[request.case].end != CASES[CASE].end
    db.flush()
    assert employee.id in _run(db, date(2026, 7, 1)).dispenses_ended
    name = f"{employee.first_name} {employee.last_name.upper()}"
    for address in (employee.dispense_email, employee.notify_hr_email):
        [told] = _mails(db, address)
        text = " ".join(told.text.split())
        assert name in told.subject and "dispense" in told.subject
        assert f"La dispense d'affiliation de {name}" in text and "a pris fin le 30/06/2026" in text
        assert "à compter du 01/07/2026" in text and "justificatif annuel" not in text
        assert CASES[request.case].label not in text and "/affiliation?jeton=" not in text
