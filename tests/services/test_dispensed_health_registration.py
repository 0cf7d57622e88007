"""An employee dispensed from the santé plan is not covered by it: the santé registration the pré-affiliation
opened (without option) never opens once HR accepts the dispense, so HR's Assurés list, its « Détail santé »,
the export, the attestation d'adhésion and the fiche name the prévoyance alone; a refused dispense leaves it
as it was, a renewed proof keeps it withdrawn, the end of a fixed-term dispense gives it back as it was, and
the employee who then affiliates is registered on the santé contract again. A radiation of a dispensed
employee decides what it decided before: the portabilité of the prévoyance alone."""

from __future__ import annotations

import hashlib
import io
from contextlib import nullcontext
from datetime import UTC, date, datetime

from pypdf import PdfReader
from sqlalchemy import select

from ocso_app.models import AffiliationStatus, AuditEvent, Contract, ContractKind, EmployeeContract, Member
from ocso_app.services import (
    audit,
    dispense_decisions,
    dispense_renewal,
    employee_export,
    enrolment,
    spreadsheets,
    uploads,
)
from ocso_app.services.attestation_pdf import attestations_pdf
from ocso_app.services.daily import run_daily
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.employees import EmployeeQuery, health_detail, list_employees, registrations
from ocso_app.services.radiation import radiate
from tests.builders.dispenses import make_dispense_request
from tests.builders.files import make_pdf
from tests.builders.roster import make_plans, make_pre_affiliated

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
COVER_START = date(2026, 3, 1)
HR = StatusAuthor(None, "Claire RH (RH)")
ACTOR = audit.Actor(account_id=None)


def _pre_affiliated(db, plans):
    return make_pre_affiliated(db, plans=plans, hired_on=COVER_START, by=HR, actor=ACTOR, now=NOW)


def _dispensed(db, *, case: str = "cdd_moins_12_mois", ends_on: date | None = date(2026, 6, 30)):
    """(plans, employee) whose dispense HR accepted on ``NOW``."""
    plans = make_plans(db)
    employee = _pre_affiliated(db, plans)
    request = make_dispense_request(db, employee=employee, case=case, ends_on=ends_on)
    dispense_decisions.accept(
        db, structure_ids=[plans.company.id], request_id=request.id, by=HR, actor=ACTOR, now=NOW
    )
    db.flush()
    return plans, employee


def _row(db, plans, today: date = TODAY):
    [row] = list_employees(db, structure_ids=[plans.company.id], query=EmployeeQuery(), today=today).rows
    return row


def _health(db, employee) -> EmployeeContract | None:
    return db.scalar(
        select(EmployeeContract)
        .join(Contract, Contract.id == EmployeeContract.contract_id)
        .where(EmployeeContract.employee_id == employee.id, Contract.kind == ContractKind.SANTE)
    )


def _kinds_on_fiche(db, employee, today: date = TODAY) -> list[ContractKind]:
    return [cover.kind for cover in registrations(db, employee_id=employee.id, today=today)]


# --- what HR reads of a dispensed employee


def test_the_list_shows_a_dispensed_employee_on_the_provident_contract_only(db):
    plans = make_plans(db)
    employee = _pre_affiliated(db, plans)
    before = _row(db, plans)
    assert (before.contracts, before.has_health) == ("Santé, Prévoyance", True)
    request = make_dispense_request(db, employee=employee, ends_on=date(2026, 6, 30))
    dispense_decisions.accept(
        db, structure_ids=[plans.company.id], request_id=request.id, by=HR, actor=ACTOR, now=NOW
    )
    row = _row(db, plans)
    assert (row.contracts, row.status) == ("Prévoyance", "Dispensé(e)")
    assert not row.has_health and row.has_contract


def test_a_dispensed_employee_hired_later_is_not_shown_on_the_health_contract_before_their_start(db):
    """The cover starts next month: a registration that covers no day is not a contract, then either."""
    plans, employee = _dispensed(db)
    assert _row(db, plans, today=date(2026, 2, 1)).contracts == "Prévoyance"
    assert _kinds_on_fiche(db, employee, today=date(2026, 2, 1)) == [ContractKind.PREVOYANCE]


def test_there_is_no_health_detail_of_a_dispensed_employee(db):
    plans, employee = _dispensed(db)
    detail = health_detail(
        db, actor=ACTOR, structure_ids=[plans.company.id], employee_id=employee.id, today=TODAY
    )
    assert detail is None


def test_the_fiche_lists_the_provident_registration_only(db):
    _, employee = _dispensed(db)
    assert _kinds_on_fiche(db, employee) == [ContractKind.PREVOYANCE]


def test_the_export_names_no_health_contract_for_a_dispensed_employee(db):
    plans, _ = _dispensed(db)
    sheet = employee_export.staff_sheet(
        db, actor=ACTOR, structure_ids=[plans.company.id], file_format=spreadsheets.CSV, today=TODAY
    )
    [line] = [dict(zip(sheet.headings, values, strict=True)) for values in sheet.rows]
    assert line["Contrat santé"] is None and line["Option santé"] is None
    assert line["Contrat prévoyance"] == f"{plans.provident.number} – {plans.provident.label}"
    assert line["Statut"] == "Dispensé(e)"


def test_the_attestation_of_a_dispensed_employee_names_the_provident_contract_only(db):
    plans, employee = _dispensed(db)
    pdf = attestations_pdf(
        db, actor=ACTOR, structure_ids=[plans.company.id], employee_ids=[employee.id], today=TODAY
    )
    assert pdf is not None
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Prévoyance" in text
    assert plans.health.label not in text and "Bénéficiaires du contrat santé" not in text


# --- the transitions of a dispense


def test_accepting_keeps_the_health_registration_and_audits_its_withdrawal_with_who_did_it(db):
    plans, employee = _dispensed(db)
    health = _health(db, employee)
    assert health is not None  # kept, to be given back when the dispense ends
    assert (health.start_date, health.option_id) == (COVER_START, None)
    assert health.end_date is not None and health.end_date < health.start_date  # covers no day
    [accepted] = db.scalars(
        select(AuditEvent.action).where(
            AuditEvent.company_id == plans.company.id, AuditEvent.action.like("Demande de dispense acceptée%")
        )
    )
    assert f"inscription au contrat santé {plans.health.number} retirée" in accepted


def test_a_refused_dispense_leaves_the_health_registration_as_it_was(db):
    plans = make_plans(db)
    employee = _pre_affiliated(db, plans)
    request = make_dispense_request(db, employee=employee)
    dispense_decisions.refuse(
        db,
        structure_ids=[plans.company.id],
        request_id=request.id,
        reason="Justificatif illisible",
        by=HR,
        actor=ACTOR,
        now=NOW,
    )
    health = _health(db, employee)
    assert health is not None and (health.start_date, health.end_date) == (COVER_START, None)
    assert _row(db, plans).contracts == "Santé, Prévoyance"


def test_a_renewed_proof_keeps_the_employee_off_the_health_contract(db):
    plans, employee = _dispensed(db, case="couverture_collective", ends_on=date(2026, 3, 20))
    content = make_pdf("Attestation employeur du conjoint 2026")
    digest = hashlib.sha256(content).hexdigest()
    proof = uploads.CheckedFile("attestation.pdf", content, "application/pdf", digest)
    scope = [plans.company.id]
    dispense_renewal.renew_proof(
        db, structure_ids=scope, employee_id=employee.id, proof=proof, by=HR, actor=ACTOR, now=NOW
    )
    assert _row(db, plans).contracts == "Prévoyance"


def test_the_end_of_the_dispense_gives_the_health_registration_back_from_the_day_after_it(db):
    """The employee was not covered while dispensed: the santé cover starts when the dispense ends."""
    plans, employee = _dispensed(db, ends_on=date(2026, 6, 30))
    report = run_daily(date(2026, 7, 3), lambda: nullcontext(db))  # the job did not run for two days
    assert employee.id in report.dispenses_ended
    assert employee.status == AffiliationStatus.PENDING
    health = _health(db, employee)
    assert health is not None
    assert (health.contract_id, health.start_date, health.end_date, health.option_id) == (
        plans.health.id,
        date(2026, 7, 1),
        None,
        None,
    )
    row = _row(db, plans, today=date(2026, 7, 3))
    assert (row.contracts, row.has_health) == ("Santé, Prévoyance", True)
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.company_id == plans.company.id))
    given_back = f"inscription au contrat santé {plans.health.number} rétablie"
    assert any("Fin de la dispense" in action and given_back in action for action in actions)


def test_affiliating_after_the_dispense_ends_registers_the_employee_on_the_health_contract_from_then(db):
    """Not from the hiring: the member file, the card and the adhesion date HR reads do not reach back into
    the months the employee was dispensed."""
    plans, employee = _dispensed(db, ends_on=date(2026, 6, 30))
    run_daily(date(2026, 7, 1), lambda: nullcontext(db))
    enrolled = enrolment.force_base(
        db, employee, by=HR, actor=ACTOR, now=datetime(2026, 7, 2, 9, 0, tzinfo=UTC)
    )
    health = _health(db, employee)
    assert health is not None and (health.start_date, health.end_date) == (date(2026, 7, 1), None)
    assert health.option_id == plans.health_option.id
    member = db.get(Member, enrolled.member_id)
    assert employee.affiliated_on == member.adhesion_date == date(2026, 7, 1)
    row = _row(db, plans, today=date(2026, 7, 2))
    assert (row.contracts, row.status, row.has_health) == ("Santé, Prévoyance", "Affilié(e)", True)


def test_radiating_a_dispensed_employee_maintains_the_provident_cover_alone_and_no_health_registration(db):
    plans, employee = _dispensed(db)
    employee.hired_on = date(2025, 3, 1)  # a year of work: a portabilité of 12 months
    left_on = date(2026, 3, 10)
    radiation = radiate(
        db,
        employee,
        left_on=left_on,
        reason="licenciement",
        by=HR,
        actor=audit.Actor(account_id=None, company_id=plans.company.id),
        today=TODAY,
    )
    assert radiation.portability is not None
    assert (radiation.health, radiation.provident) == (False, True)
    assert employee.status == AffiliationStatus.PORTABILITY
    assert _kinds_on_fiche(db, employee) == [ContractKind.PREVOYANCE]
    health = _health(db, employee)
    assert health is not None and health.end_date is not None and health.end_date < health.start_date
