"""The daily job, run with a fixed date: the statuses whose date has come move once, the reminders due are
sent once, however many times it runs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ocso_app import cli
from ocso_app.db import db_session
from ocso_app.models import (
    AffiliationStatus,
    AuditEvent,
    Company,
    ContractKind,
    DispenseDecision,
    DispenseRequest,
    Employee,
    EmployeeContract,
    EmployeeStatusChange,
    Interface,
)
from ocso_app.services import audit, history
from ocso_app.services.daily import PORTABILITY_ENDING, PROOF_DUE, run_daily
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.radiation import radiate
from tests.builders import make_company, make_employee, make_member, new_email
from tests.builders.contracts import make_contract
from tests.support.mailbox import body_text

HR = StatusAuthor(None, "Claire RH (RH)")


def _in_portability(email: str, *, provident: bool = False, dispensed: bool = False) -> int:
    """A former employee (committed) radiated for licenciement on 14/04/2026: portabilité to 14/08/2026;
    ``provident``: registered on the company's prévoyance contract too; ``dispensed``: dispensed from the
    santé plan (no member file: the portabilité is of the prévoyance alone)."""
    with db_session() as session:
        company = make_company(session)
        if dispensed:
            employee = make_employee(
                session,
                company=company,
                status=AffiliationStatus.EXEMPTED,
                email=email,
                hired_on=date(2026, 1, 5),
            )
        else:
            member = make_member(session, email=email)
            employee = make_employee(session, company=company, member_id=member.id, hired_on=date(2026, 1, 5))
        if provident or dispensed:
            contract = make_contract(session, company=company, kind=ContractKind.PREVOYANCE)
            session.add(
                EmployeeContract(
                    employee_id=employee.id, contract_id=contract.id, start_date=date(2026, 1, 5)
                )
            )
        radiate(
            session,
            employee,
            left_on=date(2026, 4, 14),
            reason="licenciement",
            by=HR,
            actor=audit.Actor(account_id=None, company_id=company.id),
            today=date(2026, 4, 20),
        )
        return employee.id


def _changes(employee_id: int, status: AffiliationStatus) -> int:
    with db_session() as session:
        return session.scalar(
            select(func.count(EmployeeStatusChange.id)).where(
                EmployeeStatusChange.employee_id == employee_id, EmployeeStatusChange.status == status
            )
        )


def test_a_portability_reminder_a_month_before_then_radiated_at_the_end_each_once(mailbox, capsys):
    email = new_email()
    employee_id = _in_portability(email)
    mailbox.wait_for(email)  # the radiation e-mail
    for _ in range(2):
        report = run_daily(date(2026, 7, 20), db_session)
    first = run_daily(date(2026, 7, 14), db_session)
    assert (PORTABILITY_ENDING, employee_id) not in report.reminders + first.reminders  # already sent
    reminders = [m for m in mailbox.wait_for(email, count=2) if "se termine bientôt" in m["Subject"]]
    assert len(reminders) == 1 and "14/08/2026" in body_text(reminders[0])
    assert "prévoyance" not in reminders[0]["Subject"] + body_text(reminders[0])  # santé only

    assert employee_id not in run_daily(date(2026, 8, 14), db_session).radiated  # the last covered day
    assert cli.main(["daily", "--today", "2026-08-15"]) == 0
    assert cli.main(["daily", "--today", "2026-08-15"]) == 0
    assert "fin(s) de portabilité" in capsys.readouterr().out
    with db_session() as session:
        assert session.get(Employee, employee_id).status == AffiliationStatus.RADIATED
    assert _changes(employee_id, AffiliationStatus.RADIATED) == 1


def test_the_portability_reminder_names_the_provident_cover_that_ends_too(mailbox):
    """The portabilité maintained the prévoyance too (art. L911-8): its end is announced with the santé's."""
    email = new_email()
    _in_portability(email, provident=True)
    mailbox.wait_for(email)  # the radiation e-mail
    run_daily(date(2026, 7, 20), db_session)
    [reminder] = [m for m in mailbox.wait_for(email, count=2) if "se termine bientôt" in m["Subject"]]
    assert "santé et prévoyance" in reminder["Subject"]
    text = " ".join(body_text(reminder).split())
    assert "La portabilité de vos garanties santé et prévoyance prend fin le 14/08/2026" in text
    assert "décès, d'incapacité de travail ou d'invalidité" in text


def test_a_portability_of_the_provident_cover_alone_is_reminded_then_ended_without_a_word_of_care(mailbox):
    """A dispensed employee's portabilité keeps their prévoyance (art. L911-8): the reminder a month before
    names it alone (no soins, no card, no Espace Santé Assuré they never had), and the job ends it."""
    email = new_email()
    employee_id = _in_portability(email, dispensed=True)
    mailbox.wait_for(email)  # the radiation e-mail
    assert (PORTABILITY_ENDING, employee_id) in run_daily(date(2026, 7, 20), db_session).reminders
    [reminder] = [m for m in mailbox.wait_for(email, count=2) if "se termine bientôt" in m["Subject"]]
    assert reminder["Subject"] == "Votre portabilité prévoyance se termine bientôt"
    text = " ".join(body_text(reminder).split())
    assert "La portabilité de vos garanties prévoyance prend fin le 14/08/2026" in text
    assert "vous ne serez plus couvert(e) en cas de décès, d'incapacité de travail ou d'invalidité" in text
    assert "support@ocso.fr" in text
    assert "santé" not in text and "soins" not in text and "carte" not in text
    assert employee_id not in run_daily(date(2026, 8, 14), db_session).radiated  # the last covered day
    assert employee_id in run_daily(date(2026, 8, 15), db_session).radiated
    assert employee_id not in run_daily(date(2026, 8, 15), db_session).radiated
    with db_session() as session:
        assert session.get(Employee, employee_id).status == AffiliationStatus.RADIATED
    assert _changes(employee_id, AffiliationStatus.RADIATED) == 1


def _dispensed(email: str, case: str, ends_on: date) -> int:
    with db_session() as session:
        employee = make_employee(session, company=make_company(session), status=AffiliationStatus.EXEMPTED)
        employee.email = email
        session.add(
            DispenseRequest(
                employee_id=employee.id,
                case=case,
                ends_on=ends_on,
                sworn_statement=True,
                decision=DispenseDecision.ACCEPTED,
            )
        )
        return employee.id


def test_an_ended_dispense_asks_the_employee_to_affiliate_once(mailbox):
    email = new_email()
    employee_id = _dispensed(email, "cdd_moins_12_mois", date(2026, 6, 30))
    assert employee_id not in run_daily(date(2026, 6, 30), db_session).dispenses_ended
    assert employee_id in run_daily(date(2026, 7, 1), db_session).dispenses_ended
    assert employee_id not in run_daily(date(2026, 7, 1), db_session).dispenses_ended
    with db_session() as session:
        assert session.get(Employee, employee_id).status == AffiliationStatus.PENDING
    [invitation] = mailbox.wait_for(email)
    text = " ".join(body_text(invitation).split())
    assert "/affiliation?jeton=" in text
    # why they are asked again, and from when (not the first invitation's « … vous a inscrit(e) »)
    assert invitation["Subject"].startswith("Fin de votre dispense")
    assert "a pris fin le 30/06/2026" in text and "à compter du 01/07/2026" in text
    assert "vous a inscrit" not in text
    assert _changes(employee_id, AffiliationStatus.PENDING) == 1


def _job_rows(employee_id: int, event_type: str) -> list[tuple[int | None, str]]:
    """The daily job's audit rows of ``event_type`` on the employee's structure that name them (HR's
    radiation before a portability names them too): (account, action); each says it came from no browser
    but from OCSO's automatic processing (« Automatique », not « Web »)."""
    with db_session() as session:
        employee = session.get(Employee, employee_id)
        rows = session.execute(
            select(AuditEvent.account_id, AuditEvent.action)
            .where(AuditEvent.interface == Interface.AUTOMATIC)
            .where(AuditEvent.company_id == employee.company_id, AuditEvent.event_type == event_type)
            .where(AuditEvent.action.contains(f"(salarié(e) n° {employee_id})"))
            .where(AuditEvent.action.endswith(", par Traitement automatique"))
            .order_by(AuditEvent.id)
        )
        return [tuple(row) for row in rows]


def _name(employee_id: int) -> str:
    with db_session() as session:
        employee = session.get(Employee, employee_id)
        return f"{employee.first_name} {employee.last_name}"


def test_the_end_of_a_portability_is_audited_once_as_done_by_the_daily_job(mailbox):
    employee_id = _in_portability(new_email())
    for _ in range(2):
        run_daily(date(2026, 8, 15), db_session)
    assert _job_rows(employee_id, "Radiation") == [
        (
            None,
            f"Fin de la portabilité, radiation au 15/08/2026 : {_name(employee_id)} "
            f"(salarié(e) n° {employee_id}), par Traitement automatique",
        )
    ]


def test_the_member_reads_the_end_of_their_portability_once_in_mon_historique(mailbox):
    """The structure's row is HR's; the member's own row (member_id, no company, no account, « Automatique »)
    tells them their cover ended and when, their former employer by its name, nothing of the company's."""
    employee_id = _in_portability(new_email())
    with db_session() as session:
        employee = session.get(Employee, employee_id)
        member_id, company_name = employee.member_id, session.get(Company, employee.company_id).name
    for _ in range(2):
        run_daily(date(2026, 8, 15), db_session)
    wording = (
        "Fin de la portabilité de vos garanties le 14/08/2026 : radiation au 15/08/2026 du contrat "
        f"collectif de votre ancien employeur ({company_name})"
    )
    with db_session() as session:
        rows = session.execute(
            select(
                AuditEvent.account_id, AuditEvent.company_id, AuditEvent.event_type, AuditEvent.action
            ).where(AuditEvent.member_id == member_id, AuditEvent.interface == Interface.AUTOMATIC)
        ).all()
        assert [tuple(row) for row in rows] == [(None, None, "Radiation", wording)]
        seen = history.history_page(session, member_id=member_id).rows
    assert [(row.action, row.interface) for row in seen if "portabilité" in row.action.split(":")[0]] == [
        (wording, "Automatique")
    ]
    assert not [row for row in seen if "salarié(e) n°" in row.action or "Traitement" in row.action]


def test_the_end_of_a_dispense_is_audited_once_as_done_by_the_daily_job(mailbox):
    by_email = _dispensed(new_email(), "cdd_moins_12_mois", date(2026, 6, 30))
    by_letter = _dispensed(new_email(), "css", date(2026, 6, 30))
    with db_session() as session:
        session.get(Employee, by_letter).email = None
    for _ in range(2):
        run_daily(date(2026, 7, 1), db_session)
    event_type = "Dispense d'affiliation"
    assert _job_rows(by_email, event_type) == [
        (
            None,
            f"Fin de la dispense, invitation à s'affilier envoyée par e-mail : {_name(by_email)} "
            f"(salarié(e) n° {by_email}), par Traitement automatique",
        )
    ]
    assert _job_rows(by_letter, event_type) == [
        (
            None,
            f"Fin de la dispense, courrier d'invitation à s'affilier à poster : {_name(by_letter)} "
            f"(salarié(e) n° {by_letter}), par Traitement automatique",
        )
    ]


def test_a_yearly_proof_is_asked_for_once_within_thirty_days(mailbox):
    email = new_email()
    employee_id = _dispensed(email, "couverture_collective", date(2026, 9, 30))
    assert (PROOF_DUE, employee_id) not in run_daily(date(2026, 8, 30), db_session).reminders
    assert (PROOF_DUE, employee_id) in run_daily(date(2026, 8, 31), db_session).reminders
    assert (PROOF_DUE, employee_id) not in run_daily(date(2026, 9, 10), db_session).reminders
    assert len(mailbox.wait_for(email)) == 1
    with db_session() as session:
        assert session.get(Employee, employee_id).status == AffiliationStatus.EXEMPTED


def test_a_dispense_ending_on_29_february_ends_on_1_march(mailbox):
    employee_id = _dispensed(new_email(), "css", date(2028, 2, 29))
    assert employee_id not in run_daily(date(2028, 2, 29), db_session).dispenses_ended
    assert employee_id in run_daily(date(2028, 3, 1), db_session).dispenses_ended


def test_a_dispense_without_end_is_never_ended(mailbox):
    employee_id = _dispensed(new_email(), "temps_partiel", date(2026, 1, 31))
    assert employee_id not in run_daily(date(2026, 12, 31), db_session).dispenses_ended
