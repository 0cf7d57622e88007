"""The fiche salarié(e): what it shows, the edit of the personal information (checked, audited with the
fields' names only), « Relancer par e-mail » at most once a day (the invitation's date kept, the relance in
the history), the affiliation letter and its code, HR's dispense decisions; always within the caller's
structures."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from ocso_app.models import (
    AffiliationStatus,
    AuditEvent,
    DispenseDecision,
    Employee,
    EmployeeStatusChange,
)
from ocso_app.services import affiliation_invitations, dispense_decisions, employer_access, staff_record
from ocso_app.services import pre_affiliation as pre
from ocso_app.services.affiliation_letter import affiliation_letter
from ocso_app.services.audit import Actor
from ocso_app.services.crypto import decrypt_field
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.employees import EmployeeQuery, list_employees
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.formats import paris_date
from ocso_app.services.identifiers import nir_with_key
from ocso_app.services.mail import _PENDING
from ocso_app.services.typed_text import bad_character
from tests.builders import make_employer
from tests.builders.dispenses import make_dispense_request
from tests.builders.roster import CATEGORY, make_plans

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
HR = StatusAuthor(None, "Claire RH (RH)")
ACTOR = Actor(account_id=None)
NIR = nir_with_key("1850475056123")


def _pending(db, plans, *, email: str | None = "paul.martin@example.org") -> Employee:
    data = pre.PreAffiliation(
        civility="M.",
        last_name="Martin",
        first_name="Paul",
        birth_date="02/04/1985",
        nir=NIR,
        company_id=str(plans.company.id),
        personnel_category=CATEGORY,
        contract_ids=(str(plans.health.id),),
        hired_on="01/03/2026",
        email=email or "",
        address_line="" if email else "3 rue de Siam",
        postal_code="" if email else "29200",
        city="" if email else "Brest",
        dispense_email="rh@example.org",
    )
    assert pre.validate(db, [plans.company.id], data, TODAY) == {}
    employee = pre.register(db, data, by=HR, actor=ACTOR, now=NOW)
    affiliation_invitations.invite(db, employee, now=NOW)
    return employee


def _audits(db, company_id: int) -> list[str]:
    return list(db.scalars(select(AuditEvent.action).where(AuditEvent.company_id == company_id)))


def test_the_record_shows_identity_contracts_status_and_history(db):
    plans = make_plans(db)
    employee = _pending(db, plans)
    record = staff_record.staff_record(
        db, structure_ids=[plans.company.id], employee_id=employee.id, today=TODAY
    )
    assert record is not None
    assert record.file.last_name == "MARTIN" and record.file.nir_masked.startswith("1 **")
    assert record.status_code == AffiliationStatus.PENDING.value and record.can_remind and record.can_force
    assert [c.number for c in record.file.covers] == [plans.health.number]
    assert [(h.status, h.by) for h in record.history] == [("En cours d'affiliation", HR.label)]
    assert record.personal.email == "paul.martin@example.org" and record.personal.nir == ""


def test_another_structures_employee_has_no_record_and_cannot_be_touched(db):
    plans, other = make_plans(db), make_plans(db)
    employee = _pending(db, plans)
    scope = [other.company.id]
    assert staff_record.staff_record(db, structure_ids=scope, employee_id=employee.id, today=TODAY) is None
    with pytest.raises(staff_record.RecordRefused):
        staff_record.remind(db, structure_ids=scope, employee_id=employee.id, actor=ACTOR, now=NOW)
    with pytest.raises(staff_record.RecordRefused):
        staff_record.update_personal(
            db,
            structure_ids=scope,
            employee_id=employee.id,
            typed=staff_record.PersonalInfo(civility="M."),
            actor=ACTOR,
            today=TODAY,
        )
    assert affiliation_letter(db, structure_ids=scope, employee_id=employee.id, actor=ACTOR, now=NOW) is None


def _typed(employee: Employee, **changes) -> staff_record.PersonalInfo:
    record = staff_record._personal(employee)
    return dataclasses.replace(record, **changes)


def test_editing_checks_each_field_and_writes_nothing_when_one_is_wrong(db):
    plans = make_plans(db)
    employee = _pending(db, plans)
    before = len(_audits(db, plans.company.id))
    errors = staff_record.update_personal(
        db,
        structure_ids=[plans.company.id],
        employee_id=employee.id,
        typed=_typed(employee, last_name="", email="paul@", nir="123"),
        actor=ACTOR,
        today=TODAY,
    )
    assert errors == {"last_name": pre.REQUIRED, "email": pre.BAD_EMAIL, "nir": pre.BAD_NIR}
    assert employee.last_name == "MARTIN" and len(_audits(db, plans.company.id)) == before


def test_editing_saves_and_audits_the_fields_names_never_the_nir(db):
    plans = make_plans(db)
    employee = _pending(db, plans)
    new_nir = nir_with_key("1850475056999")
    errors = staff_record.update_personal(
        db,
        structure_ids=[plans.company.id],
        employee_id=employee.id,
        typed=_typed(employee, last_name="Martin-Roux", city="Quimper", nir=new_nir),
        actor=ACTOR,
        today=TODAY,
    )
    assert errors == {}
    assert employee.last_name == "MARTIN-ROUX" and decrypt_field(employee.nir_enc or "") == new_nir
    action = _audits(db, plans.company.id)[-1]
    assert "nom" in action and "numéro de sécurité sociale" in action and new_nir not in action
    assert "Quimper".upper() not in action
    with pytest.raises(staff_record.RecordRefused, match="Aucune information"):
        staff_record.update_personal(
            db,
            structure_ids=[plans.company.id],
            employee_id=employee.id,
            typed=_typed(employee),
            actor=ACTOR,
            today=TODAY,
        )


def test_a_reminder_is_sent_at_most_once_a_day_and_only_while_pending(db, mailbox):
    plans = make_plans(db)
    employee = _pending(db, plans)
    scope = [plans.company.id]
    assert staff_record.remind(db, structure_ids=scope, employee_id=employee.id, actor=ACTOR, now=NOW)
    assert employee.last_reminder_at == NOW
    with pytest.raises(staff_record.RecordRefused, match="déjà été envoyée le 02/03/2026 à 10:00"):
        staff_record.remind(
            db, structure_ids=scope, employee_id=employee.id, actor=ACTOR, now=NOW + timedelta(hours=23)
        )
    later = NOW + timedelta(hours=25)
    staff_record.remind(db, structure_ids=scope, employee_id=employee.id, actor=ACTOR, now=later)
    employee.status = AffiliationStatus.EXEMPTED
    with pytest.raises(staff_record.RecordRefused, match="en cours d'affiliation ou à relancer"):
        staff_record.remind(
            db, structure_ids=scope, employee_id=employee.id, actor=ACTOR, now=later + timedelta(days=2)
        )


def test_without_e_mail_there_is_no_reminder_but_a_letter_with_a_working_code(db):
    plans = make_plans(db)
    employee = _pending(db, plans, email=None)
    scope = [plans.company.id]
    with pytest.raises(staff_record.RecordRefused, match="pas d'adresse e-mail"):
        staff_record.remind(db, structure_ids=scope, employee_id=employee.id, actor=ACTOR, now=NOW)
    first = affiliation_letter(db, structure_ids=scope, employee_id=employee.id, actor=ACTOR, now=NOW)
    second = affiliation_letter(db, structure_ids=scope, employee_id=employee.id, actor=ACTOR, now=NOW)
    assert first is not None and second is not None
    texts = [
        "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.pdf)).pages)
        for letter in (first, second)
    ]
    codes = [re.search(r"Votre code personnel\s+([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", t)[1] for t in texts]
    assert affiliation_invitations.find(db, codes[0], now=NOW) is None  # revoked by the second letter
    found = affiliation_invitations.find(db, codes[1], now=NOW)
    assert found is not None and found.employee_id == employee.id
    assert "3 rue de Siam" in texts[1] and "29200 BREST" in texts[1] and "/affiliation" in texts[1]
    assert all(codes[1] not in action for action in _audits(db, plans.company.id))


def test_the_affiliation_letter_prints_the_companys_town_as_typed(db):
    """A town entered from a démarche « Coordonnées de l'entreprise » as « SAINT-DENIS <LA PLAINE> » lost
    « <LA PLAINE> » at the head of the letter (reportlab read it as markup), and « A&B » printed « A&B; »."""
    plans = make_plans(db)
    plans.company.city = "SAINT-DENIS <LA PLAINE> & CO"
    employee = _pending(db, plans, email=None)
    letter = affiliation_letter(
        db, structure_ids=[plans.company.id], employee_id=employee.id, actor=ACTOR, now=NOW
    )
    assert letter is not None
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.pdf)).pages)
    assert "SAINT-DENIS <LA PLAINE> & CO" in text and "&;" not in text


def test_accepting_a_dispense_exempts_the_employee_and_keeps_it_in_the_history(db):
    plans = make_plans(db)
    employee = _pending(db, plans)
    request = make_dispense_request(db, employee=employee, ends_on=date(2026, 12, 31))
    decided = dispense_decisions.accept(
        db, structure_ids=[plans.company.id], request_id=request.id, by=HR, actor=ACTOR, now=NOW
    )
    assert decided.status == employee.status == AffiliationStatus.EXEMPTED
    assert request.decision == DispenseDecision.ACCEPTED and request.ends_on == date(2026, 12, 31)
    history = staff_record.status_history(db, employee_id=employee.id)
    assert history[0].status == "Dispensé(e)" and "jusqu'au 31/12/2026" in history[0].note
    with pytest.raises(dispense_decisions.DecisionRefused):  # already decided
        dispense_decisions.accept(
            db, structure_ids=[plans.company.id], request_id=request.id, by=HR, actor=ACTOR, now=NOW
        )


def test_refusing_needs_a_reason_and_sends_the_employee_back_to_affiliate(db):
    plans = make_plans(db)
    employee = _pending(db, plans)
    request = make_dispense_request(db, employee=employee)
    scope = [plans.company.id]
    changes = db.scalar(select(func.count(EmployeeStatusChange.id)))
    with pytest.raises(dispense_decisions.DecisionRefused, match="motif"):
        dispense_decisions.refuse(
            db, structure_ids=scope, request_id=request.id, reason="  ", by=HR, actor=ACTOR, now=NOW
        )
    with pytest.raises(dispense_decisions.DecisionRefused) as refused:  # a NUL: PostgreSQL refused the row
        dispense_decisions.refuse(
            db,
            structure_ids=scope,
            request_id=request.id,
            reason="Illi\x00sible",
            by=HR,
            actor=ACTOR,
            now=NOW,
        )
    assert refused.value.message == bad_character("Motif du refus")
    assert request.decision == DispenseDecision.REQUESTED
    assert db.scalar(select(func.count(EmployeeStatusChange.id))) == changes
    decided = dispense_decisions.refuse(
        db,
        structure_ids=scope,
        request_id=request.id,
        reason="Justificatif illisible",
        by=HR,
        actor=ACTOR,
        now=NOW,
    )
    assert decided.status == AffiliationStatus.PENDING and decided.channel is not None
    assert request.refusal_reason == "Justificatif illisible"


def test_a_pending_dispense_request_is_closed_when_the_affiliation_is_settled_otherwise(db):
    """HR forces the affiliation while the employee's dispense request waits: the request is « sans suite »,
    and accepting or refusing it afterwards is refused and writes nothing (it used to make an affiliated
    member « dispensé(e) », or send them back « en cours »)."""
    plans = make_plans(db)
    employee = _pending(db, plans)
    request = make_dispense_request(db, employee=employee)
    scope = [plans.company.id]
    staff_record.force_base(db, structure_ids=scope, employee_id=employee.id, by=HR, actor=ACTOR, now=NOW)
    assert request.decision == DispenseDecision.WITHDRAWN and request.decided_at is not None
    assert any("classée sans suite (Affilié(e))" in a for a in _audits(db, plans.company.id))
    record = staff_record.staff_record(db, structure_ids=scope, employee_id=employee.id, today=TODAY)
    assert record is not None and [d.decision for d in record.dispenses] == ["Sans suite"]
    changes = db.scalar(select(func.count(EmployeeStatusChange.id)))
    with pytest.raises(dispense_decisions.DecisionRefused):
        dispense_decisions.accept(db, structure_ids=scope, request_id=request.id, by=HR, actor=ACTOR, now=NOW)
    with pytest.raises(dispense_decisions.DecisionRefused):
        dispense_decisions.refuse(
            db, structure_ids=scope, request_id=request.id, reason="Non", by=HR, actor=ACTOR, now=NOW
        )
    assert employee.status == AffiliationStatus.AFFILIATED and request.decision == DispenseDecision.WITHDRAWN
    assert db.scalar(select(func.count(EmployeeStatusChange.id))) == changes


def test_a_request_still_open_on_an_employee_no_longer_to_affiliate_is_not_decided(db):
    """A request « demandée » written before requests were closed (or by any other path) on an employee
    already radiated: neither decision applies, nothing is written."""
    plans = make_plans(db)
    employee = _pending(db, plans)
    request = make_dispense_request(db, employee=employee)
    employee.status = AffiliationStatus.RADIATED
    db.flush()
    with pytest.raises(dispense_decisions.DecisionRefused):
        dispense_decisions.accept(
            db, structure_ids=[plans.company.id], request_id=request.id, by=HR, actor=ACTOR, now=NOW
        )
    assert employee.status == AffiliationStatus.RADIATED and request.decision == DispenseDecision.REQUESTED


def test_another_structure_cannot_decide_nor_read_the_proof(db):
    plans, other = make_plans(db), make_plans(db)
    employee = _pending(db, plans)
    request = make_dispense_request(db, employee=employee)
    with pytest.raises(dispense_decisions.DecisionRefused):
        dispense_decisions.accept(
            db, structure_ids=[other.company.id], request_id=request.id, by=HR, actor=ACTOR, now=NOW
        )
    assert (
        dispense_decisions.proof(db, structure_ids=[other.company.id], request_id=request.id, actor=ACTOR)
        is None
    )
    proof = dispense_decisions.proof(db, structure_ids=[plans.company.id], request_id=request.id, actor=ACTOR)
    assert proof is not None and proof.content.startswith(b"%PDF") and proof.filename.endswith(".pdf")


def test_mes_salaries_lists_every_status_and_filters_on_the_status_read_today(db):
    from ocso_app.services import employees
    from tests.builders.roster import make_covered_employee

    plans = make_plans(db)
    fresh = _pending(db, plans)
    late = make_covered_employee(
        db, plans=plans, status=AffiliationStatus.PENDING, invited_at=NOW - timedelta(days=9), nir=None
    )
    gone = make_covered_employee(db, plans=plans, status=AffiliationStatus.RADIATED, nir=None)

    def listed(status: str) -> set[int]:
        query = employees.parse_query(tab="tous", status=status)
        found = employees.list_employees(db, structure_ids=[plans.company.id], query=query, today=TODAY)
        return {row.id for row in found.rows}

    assert listed("") == {fresh.id, late.id, gone.id}
    assert listed(AffiliationStatus.PENDING.value) == {fresh.id}
    assert listed(AffiliationStatus.TO_REMIND.value) == {late.id}
    assert listed(AffiliationStatus.RADIATED.value) == {gone.id}
    assert listed("nimporte") == {fresh.id, late.id, gone.id}  # a forged status is no filter
    query = employees.parse_query(tab="tous")
    label = employees.list_employees(
        db, structure_ids=[plans.company.id], query=query, today=TODAY
    ).total_label
    assert label == "3 salarié(e)s"


def test_forcing_the_base_plan_makes_a_member_without_beneficiaries(db):
    from ocso_app.models import Beneficiary, Member

    plans = make_plans(db)
    employee = _pending(db, plans)
    scope = [plans.company.id]
    enrolled = staff_record.force_base(
        db, structure_ids=scope, employee_id=employee.id, by=HR, actor=ACTOR, now=NOW
    )
    member = db.get(Member, enrolled.member_id)
    assert employee.status == AffiliationStatus.AFFILIATED and employee.member_id == member.id
    assert member.contract_option_id == plans.health_option.id
    ranks = db.scalars(select(Beneficiary.rank).where(Beneficiary.member_id == member.id)).all()
    assert ranks == ["AS"]
    assert staff_record.status_history(db, employee_id=employee.id)[0].status == "Affilié(e)"
    with pytest.raises(staff_record.RecordRefused, match="affilié\\(e\\) d'office"):
        staff_record.force_base(db, structure_ids=scope, employee_id=employee.id, by=HR, actor=ACTOR, now=NOW)


def test_a_radiated_employees_record_still_lists_the_contracts_with_their_end(db):
    """The fiche of an employee who left lists the registrations the radiation ended, with their last day;
    the files that say what covers an employee today (attestation, Détail santé) list none."""
    from ocso_app.services.radiation import radiate

    plans = make_plans(db)
    employee = _pending(db, plans)
    radiate(db, employee, left_on=TODAY, reason="demission", by=HR, actor=ACTOR, today=TODAY)
    later = TODAY + timedelta(days=10)
    record = staff_record.staff_record(
        db, structure_ids=[plans.company.id], employee_id=employee.id, today=later
    )
    assert record is not None and record.file.covers == []
    [registration] = record.registrations
    assert registration.number == plans.health.number
    assert registration.end_date == TODAY.strftime("%d/%m/%Y")


LATE_EVENING = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # already 2 March, 00:30, in France


def test_the_link_e_mailed_on_an_invitation_or_a_refused_dispense_ends_on_its_day_in_france(db):
    """The link made at 00:30 in France lives 30 days, until 1 April 01:30 in France (31 March 23:30 UTC):
    both e-mails read « valable jusqu'au 31/03/2026 », the day in UTC, a day too early."""
    plans = make_plans(db)
    employee = _pending(db, plans)
    before = len(db.info.get(_PENDING, []))
    affiliation_invitations.invite(db, employee, now=LATE_EVENING)
    request = make_dispense_request(db, employee=employee)
    dispense_decisions.refuse(
        db,
        structure_ids=[plans.company.id],
        request_id=request.id,
        reason="Justificatif illisible",
        by=HR,
        actor=ACTOR,
        now=LATE_EVENING,
    )
    invitation, refusal = db.info[_PENDING][before:]
    for mail in (invitation, refusal):
        assert "valable jusqu'au 01/04/2026." in mail.text


def test_a_dispense_whose_cover_has_already_ended_cannot_be_accepted(db):
    plans = make_plans(db)
    employee = _pending(db, plans)
    request = make_dispense_request(db, employee=employee, ends_on=TODAY + timedelta(days=10))
    later = NOW + timedelta(days=11)  # HR decides after the end date the employee gave
    with pytest.raises(dispense_decisions.DecisionRefused) as refused:
        dispense_decisions.accept(
            db, structure_ids=[plans.company.id], request_id=request.id, by=HR, actor=ACTOR, now=later
        )
    assert refused.value.message == dispense_decisions.ENDED.format(ended="12/03/2026")
    assert request.decision == DispenseDecision.REQUESTED
    assert employee.status == AffiliationStatus.PENDING
    on_the_day = NOW + timedelta(days=10)
    dispense_decisions.accept(
        db, structure_ids=[plans.company.id], request_id=request.id, by=HR, actor=ACTOR, now=on_the_day
    )
    assert employee.status == AffiliationStatus.EXEMPTED


# --- « Suivi de l'affiliation »: where the dispense requests go, and who is told when it is finished


def _choices(db, plans, employee, *, actor: Actor, **typed) -> dict[str, str]:
    return staff_record.update_hr_choices(
        db,
        structure_ids=[plans.company.id],
        employee_id=employee.id,
        typed=staff_record.HrChoices(**typed),
        actor=actor,
        today=TODAY,
    )


def test_the_record_shows_where_dispense_requests_go_and_who_is_told_when_it_is_finished(db):
    plans = make_plans(db)
    inviter = make_employer(db, principal_of=(plans.company,))
    employee = _pending(db, plans)
    employee.invited_by_account_id, employee.notify_hr_email = inviter.id, "paie@example.org"
    record = staff_record.staff_record(
        db, structure_ids=[plans.company.id], employee_id=employee.id, today=TODAY
    )
    assert record is not None and record.hr_choices is not None
    assert record.hr_choices.dispense_email == "rh@example.org"
    assert record.hr_choices.notify_email == "paie@example.org"
    assert record.hr_choices_note == ""


def test_the_record_says_when_nobody_receives_them_any_more_because_their_chooser_left(db):
    """The addresses chosen at the invitation are used only while the HR user who chose them may still act
    (``employer_access.hr_address``): once that user is gone, the fiche says so instead of staying silent."""
    plans = make_plans(db)
    gone = make_employer(db, principal_of=(plans.company,))
    employee = _pending(db, plans)
    employee.invited_by_account_id = gone.id
    gone.is_active = False
    db.flush()
    record = staff_record.staff_record(
        db, structure_ids=[plans.company.id], employee_id=employee.id, today=TODAY
    )
    assert record is not None and record.hr_choices_note == staff_record.CHOICES_UNUSED


def test_hr_changes_the_choices_checked_audited_and_then_used(db):
    plans = make_plans(db)
    gone = make_employer(db, principal_of=(plans.company,))
    successor = make_employer(db, principal_of=(plans.company,))
    employee = _pending(db, plans)
    employee.invited_by_account_id = gone.id
    gone.is_active = False
    db.flush()
    actor = Actor(account_id=successor.id)
    assert _choices(db, plans, employee, actor=actor, dispense_email="", notify_email="x@") == {
        "dispense_email": pre.REQUIRED,
        "notify_email": pre.BAD_EMAIL,
    }
    assert employee.dispense_email == "rh@example.org"
    assert (
        _choices(
            db,
            plans,
            employee,
            actor=actor,
            dispense_email=" RH2@Example.org ",
            notify_email="paie@example.org",
        )
        == {}
    )
    assert (employee.dispense_email, employee.notify_hr_email) == ("rh2@example.org", "paie@example.org")
    assert employee.invited_by_account_id == successor.id  # the addresses are now the successor's choice
    action = _audits(db, plans.company.id)[-1]
    assert "rh2@example.org" in action and "paie@example.org" in action
    record = staff_record.staff_record(
        db, structure_ids=[plans.company.id], employee_id=employee.id, today=TODAY
    )
    assert record is not None and record.hr_choices_note == ""
    # and the next dispense request or « Affiliation finalisée » goes there
    assert (
        employer_access.hr_address(
            db,
            address=employee.dispense_email,
            chosen_by=employee.invited_by_account_id,
            company_id=plans.company.id,
            action=EmployerAction.MANAGE_EMPLOYEES,
        )
        == "rh2@example.org"
    )
    # an empty notification address: HR is no longer told
    assert _choices(db, plans, employee, actor=actor, dispense_email="rh2@example.org", notify_email="") == {}
    assert employee.notify_hr_email is None
    with pytest.raises(staff_record.RecordRefused, match="Aucune information"):
        _choices(db, plans, employee, actor=actor, dispense_email="rh2@example.org", notify_email="")


def test_the_choices_change_only_while_the_affiliation_is_open_and_only_within_the_structures(db):
    plans, other = make_plans(db), make_plans(db)
    employee = _pending(db, plans)
    actor = Actor(account_id=make_employer(db, principal_of=(plans.company,)).id)
    with pytest.raises(staff_record.RecordRefused, match="introuvable"):
        staff_record.update_hr_choices(
            db,
            structure_ids=[other.company.id],
            employee_id=employee.id,
            typed=staff_record.HrChoices(dispense_email="a@example.org"),
            actor=actor,
            today=TODAY,
        )
    employee.status = AffiliationStatus.AFFILIATED
    db.flush()
    with pytest.raises(staff_record.RecordRefused, match="affiliation est terminée"):
        _choices(db, plans, employee, actor=actor, dispense_email="a@example.org")
    assert employee.dispense_email == "rh@example.org"
    record = staff_record.staff_record(
        db, structure_ids=[plans.company.id], employee_id=employee.id, today=TODAY
    )
    assert record is not None and record.hr_choices is None


def test_saving_the_same_addresses_again_makes_them_work_again_after_their_chooser_left(db):
    plans = make_plans(db)
    gone = make_employer(db, principal_of=(plans.company,))
    successor = make_employer(db, principal_of=(plans.company,))
    employee = _pending(db, plans)
    employee.invited_by_account_id = gone.id
    gone.is_active = False
    db.flush()
    actor = Actor(account_id=successor.id)
    assert _choices(db, plans, employee, actor=actor, dispense_email="rh@example.org") == {}
    assert employee.invited_by_account_id == successor.id
    record = staff_record.staff_record(
        db, structure_ids=[plans.company.id], employee_id=employee.id, today=TODAY
    )
    assert record is not None and record.hr_choices_note == ""


def test_a_reminder_keeps_the_invitation_date_and_is_kept_in_the_history_and_the_audit_log(db, mailbox):
    """« Invitation envoyée le 30/10/2026 à 22:59 » became the reminder's date, and « Historique du statut »
    had no row for it. Now the fiche keeps the invitation's date, shows the reminder as « Dernière
    relance », lists it in the history with who sent it, and the 8 days of « en cours » restart from it
    (on the fiche and in Assurés alike)."""
    plans = make_plans(db)
    hr = make_employer(db, principal_of=(plans.company,))
    hr.first_name, hr.last_name = "Thérèse", "Rolland"
    actor = Actor(account_id=hr.id)
    employee = _pending(db, plans)  # invited at NOW, 10:00 in Paris
    scope = [plans.company.id]

    def fiche(today: date) -> staff_record.StaffRecord:
        record = staff_record.staff_record(db, structure_ids=scope, employee_id=employee.id, today=today)
        assert record is not None
        return record

    def listed(today: date) -> str:
        (row,) = list_employees(db, structure_ids=scope, query=EmployeeQuery(), today=today).rows
        return row.status_code

    reminded = NOW + timedelta(days=9, hours=9, minutes=14)  # 11/03/2026 at 19:14 in Paris
    before = fiche(paris_date(reminded))
    assert (before.invited_on, before.last_reminder_on) == ("02/03/2026 à 10:00", "—")
    assert before.status_code == listed(paris_date(reminded)) == AffiliationStatus.TO_REMIND.value
    staff_record.remind(db, structure_ids=scope, employee_id=employee.id, actor=actor, now=reminded)
    after = fiche(paris_date(reminded))
    assert (after.invited_on, after.last_reminder_on) == ("02/03/2026 à 10:00", "11/03/2026 à 19:14")
    latest = after.history[0]
    assert (latest.status, latest.effective_on, latest.by, latest.note) == (
        "En cours d'affiliation",
        "11/03/2026",
        "Thérèse Rolland (RH)",
        "Relance par e-mail",
    )
    assert f"Relance par e-mail du/de la salarié(e) n° {employee.id}" in _audits(db, plans.company.id)
    for days, status in ((7, AffiliationStatus.PENDING), (8, AffiliationStatus.TO_REMIND)):
        today = paris_date(reminded) + timedelta(days=days)
        assert fiche(today).status_code == listed(today) == status.value, days
