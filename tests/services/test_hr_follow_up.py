"""HR's « À suivre » and the former employee's own view: portabilités running with their proofs and the
reminder, dispense dates due within 30 days, invitations unanswered after 8 days and employees registered
without an invitation; only the caller's structures."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from ocso_app.models import (
    AffiliationStatus,
    DispenseDecision,
    DispenseRequest,
    EmployerProfile,
    PortabilityProof,
    Request,
    SentNotice,
)
from ocso_app.services import staff_record
from ocso_app.services.daily import PORTABILITY_ENDING
from ocso_app.services.hr_follow_up import follow_up, member_portability
from ocso_app.services.requests.labels import PORTABILITY_PROOF, SEND_DOCUMENTS
from tests.builders import make_company, make_employee, make_employer, make_member
from tests.support.statements import statements_sent

TODAY = date(2026, 6, 10)


def _proof(db, member_id: int, day: datetime) -> None:
    db.add(
        Request(
            member_id=member_id,
            request_type=SEND_DOCUMENTS,
            subject=PORTABILITY_PROOF,
            routed_service="prestations",
            submission_key=uuid.uuid4().hex,
            created_at=day,
        )
    )


def test_hr_follows_portabilities_dispenses_and_unanswered_invitations_of_their_structures(db):
    company, elsewhere = make_company(db), make_company(db)
    member = make_member(db)
    leaving = make_employee(db, company=company, status=AffiliationStatus.PORTABILITY, member_id=member.id)
    leaving.portability_end_on, leaving.radiated_on = date(2026, 7, 1), date(2026, 3, 1)
    ended = make_employee(db, company=company, status=AffiliationStatus.PORTABILITY)
    ended.portability_end_on = date(2026, 6, 9)
    _proof(db, member.id, datetime(2026, 4, 2, 10, tzinfo=UTC))
    _proof(db, member.id, datetime(2026, 5, 4, 10, tzinfo=UTC))
    db.add(
        SentNotice(
            kind=PORTABILITY_ENDING,
            subject_id=leaving.id,
            due_on=date(2026, 7, 1),
            sent_at=datetime(2026, 6, 1, 3, tzinfo=UTC),
        )
    )
    for case, ends_on in (("couverture_collective", date(2026, 7, 5)), ("css", date(2026, 8, 1))):
        dispensed = make_employee(
            db, company=company, status=AffiliationStatus.EXEMPTED, last_name=case.upper()
        )
        db.add(
            DispenseRequest(
                employee_id=dispensed.id, case=case, ends_on=ends_on, decision=DispenseDecision.ACCEPTED
            )
        )
    late = make_employee(
        db, company=company, status=AffiliationStatus.PENDING, invited_at=datetime(2026, 5, 20, tzinfo=UTC)
    )
    make_employee(
        db, company=company, status=AffiliationStatus.PENDING, invited_at=datetime(2026, 6, 5, tzinfo=UTC)
    )
    make_employee(
        db, company=elsewhere, status=AffiliationStatus.PENDING, invited_at=datetime(2026, 5, 20, tzinfo=UTC)
    )
    # Registered without an invitation: an affiliation complète left unfinished is listed (HR alone can take
    # it up); an employee whose dispense request awaits HR's decision is not (they have answered).
    unfinished = make_employee(db, company=company, status=AffiliationStatus.PENDING, last_name="SAISIE")
    unfinished.created_at = datetime(2026, 6, 1, 22, 30, tzinfo=UTC)  # 2 June in Paris
    asking = make_employee(db, company=company, status=AffiliationStatus.PENDING, last_name="DEMANDE")
    db.add(DispenseRequest(employee_id=asking.id, case="css", decision=DispenseDecision.REQUESTED))
    make_employee(db, company=elsewhere, status=AffiliationStatus.PENDING)
    make_employee(db, company=company, status=AffiliationStatus.AFFILIATED)
    db.flush()

    found = follow_up(db, structure_ids=(company.id,), today=TODAY)

    [running] = found.portabilities
    assert (running.employee_id, running.ends_on, running.ends_in) == (
        leaving.id,
        "01/07/2026",
        "dans 21 jours",
    )
    assert (running.proofs, running.last_proof, running.reminded_on) == (2, "04/05/2026", "01/06/2026")
    assert found.portabilities_total == 1
    [expiring] = found.expiring
    assert (expiring.name.split()[0], expiring.due_on, expiring.ends) == (
        "COUVERTURE_COLLECTIVE",
        "05/07/2026",
        False,
    )
    assert [r.employee_id for r in found.to_remind] == [late.id, unfinished.id] and found.to_remind_total == 2
    assert found.to_remind[0].invited_on == "20/05/2026"
    assert (found.to_remind[1].invited_on, found.to_remind[1].registered_on) == ("", "02/06/2026")

    mine = member_portability(db, member_id=member.id, today=TODAY)
    assert mine is not None and mine.ends_on == "01/07/2026" and mine.proofs == 2
    assert member_portability(db, member_id=member.id, today=date(2026, 7, 2)) is None


def test_a_portabilite_ending_tomorrow_or_today_says_so_in_french(db):
    """Accueil read « dans 1 jours » the day before the end and « dans 0 jours » on the last day."""
    company = make_company(db)
    member = make_member(db)
    leaving = make_employee(db, company=company, status=AffiliationStatus.PORTABILITY, member_id=member.id)
    leaving.portability_end_on, leaving.radiated_on = date(2026, 7, 1), date(2026, 3, 1)
    db.flush()
    for today, said in ((date(2026, 6, 30), "dans 1 jour"), (date(2026, 7, 1), "aujourd'hui")):
        [running] = follow_up(db, structure_ids=(company.id,), today=today).portabilities
        mine = member_portability(db, member_id=member.id, today=today)
        assert running.ends_in == said and mine is not None and mine.ends_in == said


def test_the_lists_show_the_first_ten_and_count_them_all_within_the_structures(db):
    company, elsewhere = make_company(db), make_company(db)
    for day in range(12):
        leaving = make_employee(db, company=company, status=AffiliationStatus.PORTABILITY)
        leaving.portability_end_on = date(2026, 7, 1 + day)
        invited = datetime(2026, 5, 1 + day, tzinfo=UTC)
        make_employee(db, company=company, status=AffiliationStatus.PENDING, invited_at=invited)
    other = make_employee(db, company=elsewhere, status=AffiliationStatus.PORTABILITY)
    other.portability_end_on = date(2026, 6, 20)
    make_employee(
        db, company=elsewhere, status=AffiliationStatus.PENDING, invited_at=datetime(2026, 4, 1, tzinfo=UTC)
    )
    db.flush()

    found = follow_up(db, structure_ids=(company.id,), today=TODAY)

    assert len(found.portabilities) == 10 and found.portabilities_total == 12
    assert [p.ends_on for p in found.portabilities][:2] == ["01/07/2026", "02/07/2026"]
    assert {p.proofs for p in found.portabilities} == {0} and {
        p.reminded_on for p in found.portabilities
    } == {""}
    assert len(found.to_remind) == 10 and found.to_remind_total == 12
    assert found.to_remind[0].invited_on == "01/05/2026"
    nothing = follow_up(db, structure_ids=(make_company(db).id,), today=TODAY)
    assert (nothing.portabilities, nothing.portabilities_total, nothing.to_remind_total) == ([], 0, 0)


def test_each_portabilite_shows_its_own_proofs_and_reminder(db):
    """Proofs are the former employee's own, the reminder the one of this employee and this end date; a
    proof sent at 22:30 UTC is dated the next day, as in Paris."""
    company = make_company(db)
    rows = []
    for index, proofs in enumerate((0, 1, 3)):
        member = make_member(db)
        leaving = make_employee(
            db, company=company, status=AffiliationStatus.PORTABILITY, member_id=member.id
        )
        leaving.portability_end_on = date(2026, 7, 1 + index)
        for day in range(proofs):
            _proof(db, member.id, datetime(2026, 5, 1 + day, 22, 30, tzinfo=UTC))
        rows.append(leaving)
    first, second, third = rows
    elsewhere = make_employee(db, company=make_company(db), status=AffiliationStatus.PORTABILITY)
    elsewhere.portability_end_on = date(2026, 7, 1)
    sent = datetime(2026, 6, 2, 3, tzinfo=UTC)
    for kind, employee, due_on in (
        (PORTABILITY_ENDING, second, date(2026, 7, 2)),
        (PORTABILITY_ENDING, third, date(2026, 6, 20)),  # of another end date (extended since)
        ("autre_rappel", first, date(2026, 7, 1)),  # another kind of notice
        (PORTABILITY_ENDING, elsewhere, date(2026, 7, 1)),  # another employee's, on the first's end date
    ):
        db.add(SentNotice(kind=kind, subject_id=employee.id, due_on=due_on, sent_at=sent))
    db.flush()

    found = follow_up(db, structure_ids=(company.id,), today=TODAY)

    assert [(p.employee_id, p.proofs, p.last_proof, p.reminded_on) for p in found.portabilities] == [
        (first.id, 0, "", ""),
        (second.id, 1, "02/05/2026", "02/06/2026"),
        (third.id, 3, "04/05/2026", ""),
    ]
    mine = member_portability(db, member_id=third.member_id, today=TODAY)
    assert mine is not None and (mine.proofs, mine.last_proof, mine.reminded_on) == (3, "04/05/2026", "")


# --- open affiliations whose « Suivi de l'affiliation » nobody receives any more


def _followed(db, company, chooser, *, status=AffiliationStatus.PENDING, days_ago=1, **addresses):
    """An employee invited ``days_ago`` days ago whose two addresses ``chooser`` chose (theirs by default)."""
    employee = make_employee(
        db,
        company=company,
        status=status,
        invited_at=datetime(2026, 6, 10, 8, tzinfo=UTC) - timedelta(days_ago),
    )
    employee.dispense_email = addresses.get("dispense", chooser.email if chooser else "rh@example.org")
    employee.notify_hr_email = addresses.get("notify", chooser.email if chooser else None)
    employee.invited_by_account_id = chooser.id if chooser else None
    return employee


def test_hr_counts_the_open_affiliations_whose_follow_up_nobody_receives_any_more(db):
    company, elsewhere = make_company(db), make_company(db)
    present = make_employer(db, principal_of=(company,))
    gone = make_employer(db, principal_of=(company, elsewhere))
    gone.is_active = False  # left the company
    demoted = make_employer(db, grants={company: EmployerProfile.READ_ONLY})  # may no longer manage
    left_structure = make_employer(db, grants={elsewhere: EmployerProfile.ADMIN})
    counted = [
        _followed(db, company, gone),
        _followed(db, company, gone, days_ago=20),  # à relancer
        _followed(db, company, demoted, notify=None),  # the dispense requests need MANAGE_EMPLOYEES
        _followed(db, company, left_structure, dispense="paie@example.org", notify=None),
        _followed(db, company, None),  # its chooser's account is gone with its id
        # chosen by somebody still here, but it is the address of a user who left: they would read it
        _followed(db, company, present, dispense=gone.email, notify=None),
    ]
    not_counted = [
        _followed(db, company, present),
        _followed(db, company, present, dispense="paie@example.org", notify=None),  # a shared mailbox
        _followed(db, company, demoted, dispense="", notify=demoted.email),  # reading is enough to be told
        _followed(db, company, gone, dispense="", notify=None),  # no address: nobody is expected to read
        _followed(
            db, company, gone, status=AffiliationStatus.AFFILIATED
        ),  # finished: the addresses serve no more
        _followed(db, elsewhere, gone),  # another structure
    ]
    member = make_member(db)
    not_counted.append(_followed(db, company, gone))
    not_counted[-1].member_id = member.id  # has become a member: the affiliation is over
    db.flush()

    assert follow_up(db, structure_ids=(company.id,), today=TODAY).unheard_total == len(counted)
    assert follow_up(db, structure_ids=(company.id, elsewhere.id), today=TODAY).unheard_total == 7
    # the count says what each fiche says
    for employee in counted + not_counted[:-3]:
        note = staff_record._choices_note(db, employee)
        assert (note == staff_record.CHOICES_UNUSED) == (employee in counted), employee.last_name


def test_a_chooser_still_present_leaves_nothing_to_count(db):
    company = make_company(db)
    hr = make_employer(db, principal_of=(company,))
    manager = make_employer(db, grants={company: EmployerProfile.STAFF_MANAGEMENT})
    _followed(db, company, hr)
    _followed(db, company, manager, days_ago=20)
    db.flush()
    assert follow_up(db, structure_ids=(company.id,), today=TODAY).unheard_total == 0


def test_the_count_is_one_query_whatever_the_number_of_employees(db, test_engine):
    company, branch = make_company(db), make_company(db)
    gone = make_employer(db, principal_of=(company,))
    gone.is_active = False
    hr = make_employer(db, principal_of=(company,))
    for days_ago in range(30):
        _followed(db, company, gone if days_ago % 2 else hr, days_ago=days_ago)
    db.flush()
    with statements_sent(test_engine) as sent:
        found = follow_up(db, structure_ids=(company.id, branch.id), today=TODAY)
    assert found.unheard_total == 15
    assert len(sent) == 4  # portabilités, to remind, expiring, and the one count: never a query per employee
    if db.get_bind().dialect.name == "sqlite":  # the count reads the structures' open affiliations only
        plan = " | ".join(
            row[3] for row in db.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sent[3][0]}", sent[3][1])
        )
        assert "ix_employees_company_status" in plan and "SCAN" not in plan, plan


def _recorded(db, employee_id: int, day: date) -> None:
    """A proof OCSO recorded from the company's file (``portability_proofs``), received on ``day``."""
    db.add(
        PortabilityProof(
            employee_id=employee_id,
            received_on=day,
            original_name="attestation.pdf",
            storage_key=uuid.uuid4().hex,
            content_type="application/pdf",
            size_bytes=100,
            sha256="0" * 64,
        )
    )


def test_the_proofs_ocso_recorded_count_with_the_members_own_in_one_statement(db, test_engine):
    """A former employee covered by the prévoyance alone (no member file) sends their proofs by e-mail or
    post: those OCSO recorded are counted and dated like the démarches of a member, and added to them."""
    company = make_company(db)
    provident_only = make_employee(db, company=company, status=AffiliationStatus.PORTABILITY)
    provident_only.portability_end_on, provident_only.radiated_on = date(2026, 7, 1), date(2026, 3, 1)
    member = make_member(db)
    both = make_employee(db, company=company, status=AffiliationStatus.PORTABILITY, member_id=member.id)
    both.portability_end_on, both.radiated_on = date(2026, 7, 2), date(2026, 3, 1)
    _recorded(db, provident_only.id, date(2026, 4, 3))
    _recorded(db, provident_only.id, date(2026, 5, 6))
    _proof(db, member.id, datetime(2026, 5, 4, 10, tzinfo=UTC))
    _recorded(db, both.id, date(2026, 4, 20))  # older than the démarche: the démarche's date is the last
    db.flush()

    with statements_sent(test_engine) as sent:
        found = follow_up(db, structure_ids=(company.id,), today=TODAY)

    assert [(p.employee_id, p.proofs, p.last_proof) for p in found.portabilities] == [
        (provident_only.id, 2, "06/05/2026"),
        (both.id, 2, "04/05/2026"),
    ]
    assert len(sent) == 4  # still one statement for the portabilités, whatever their proofs
    _recorded(db, both.id, date(2026, 5, 25))
    db.flush()
    mine = member_portability(db, member_id=member.id, today=TODAY)
    assert mine is not None and (mine.proofs, mine.last_proof) == (3, "25/05/2026")
