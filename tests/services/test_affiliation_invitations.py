"""The employee's way in to their affiliation page: single-use, expiring, hashed, revoked by a new one; and
the history of status changes, with who made them; the e-mail's wording, and the dates an invitation and a
relance set."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from ocso_app.models import AffiliationInvitation, AffiliationStatus, EmployeeContract, InvitationChannel
from ocso_app.services import affiliation_invitations as invitations
from ocso_app.services.employee_status import THE_EMPLOYEE, StatusAuthor, change_status, status_history
from ocso_app.services.mail import _PENDING
from tests.builders import make_company, make_employee
from tests.builders.roster import make_plans

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_link_token_opens_once_and_is_stored_hashed_only(db):
    employee = make_employee(db, company=make_company(db), status=AffiliationStatus.PENDING)
    token = invitations.issue(db, employee, InvitationChannel.EMAIL, now=NOW)
    stored = db.scalars(select(AffiliationInvitation.secret_hash)).all()
    assert token not in stored and len(token) >= 40
    invitation = invitations.find(db, token, now=NOW)
    assert invitation is not None and invitation.employee_id == employee.id
    invitations.use(invitation, now=NOW)
    assert invitations.find(db, token, now=NOW) is None


def test_a_letter_code_is_typed_in_any_case_with_or_without_dashes(db):
    employee = make_employee(db, company=make_company(db), status=AffiliationStatus.PENDING)
    code = invitations.issue(db, employee, InvitationChannel.LETTER, now=NOW)
    assert len(code) == 14 and code.count("-") == 2
    typed = " " + code.replace("-", " ").lower() + " "
    assert invitations.find(db, typed, now=NOW) is not None
    assert invitations.find(db, code[:-1] + ("A" if code[-1] != "A" else "B"), now=NOW) is None
    assert invitations.find(db, "", now=NOW) is None


def test_an_invitation_expires_and_a_new_one_revokes_the_old(db):
    employee = make_employee(db, company=make_company(db), status=AffiliationStatus.PENDING)
    first = invitations.issue(db, employee, InvitationChannel.EMAIL, now=NOW)
    assert invitations.find(db, first, now=NOW + invitations.LIFETIME) is None
    second = invitations.issue(db, employee, InvitationChannel.EMAIL, now=NOW + timedelta(days=1))
    assert invitations.find(db, first, now=NOW + timedelta(days=1)) is None
    assert invitations.find(db, second, now=NOW + timedelta(days=1)) is not None


def test_inviting_without_e_mail_asks_for_a_letter_and_sends_nothing(db):
    employee = make_employee(db, company=make_company(db), status=AffiliationStatus.PENDING)
    sent = invitations.invite(db, employee, now=NOW)
    assert sent.channel == InvitationChannel.LETTER and employee.invited_at == NOW
    assert (
        db.scalar(select(AffiliationInvitation).where(AffiliationInvitation.employee_id == employee.id))
        is None
    )


def test_every_status_change_is_kept_with_its_author(db):
    employee = make_employee(db, company=make_company(db), status=AffiliationStatus.PENDING)
    hr = StatusAuthor(None, "Claire RH (RH)")
    change_status(db, employee, AffiliationStatus.PENDING, on=date(2026, 3, 1), by=hr)
    db.flush()
    change_status(
        db, employee, AffiliationStatus.AFFILIATED, on=date(2026, 3, 4), by=THE_EMPLOYEE, note="Option 2"
    )
    db.flush()
    history = status_history(db, employee_id=employee.id)
    assert employee.status == AffiliationStatus.AFFILIATED
    assert [(row.status, row.effective_on, row.by) for row in history] == [
        ("Affilié(e)", "04/03/2026", "Le/la salarié(e)"),
        ("En cours d'affiliation", "01/03/2026", "Claire RH (RH)"),
    ]
    assert history[0].note == "Option 2"


# --- the e-mail names the contracts the employee is registered on, agreed with the civility


def _registered(db, plans, *contracts, civility: str = "Mme"):
    employee = make_employee(
        db, company=plans.company, status=AffiliationStatus.PENDING, email="martine.adam@example.org"
    )
    employee.civility = civility
    for contract in contracts:
        db.add(
            EmployeeContract(employee_id=employee.id, contract_id=contract.id, start_date=date(2026, 3, 1))
        )
    db.flush()
    return employee


def _mailed(db, employee, *, reminder: bool = False):
    before = len(db.info.get(_PENDING, []))
    invitations.invite(db, employee, now=NOW, reminder=reminder)
    (mail,) = db.info[_PENDING][before:]
    return mail.subject, " ".join(mail.text.split())


def test_the_invitation_and_its_relance_name_both_contracts_to_a_mme_registered_on_both(db):
    """The relance said « … vous a inscrit(e) au contrat collectif de complémentaire santé » to a Mme
    registered on the prévoyance contract too."""
    plans = make_plans(db, name="ATELIERS DU TEST")
    employee = _registered(db, plans, plans.health, plans.provident)
    both = "aux contrats collectifs de complémentaire santé et de prévoyance gérés par OCSO"
    for reminder, subject in (
        (False, "Votre affiliation à la complémentaire santé et à la prévoyance de ATELIERS DU TEST"),
        (True, "Rappel : votre affiliation à la complémentaire santé et à la prévoyance de ATELIERS DU TEST"),
    ):
        mailed_subject, text = _mailed(db, employee, reminder=reminder)
        assert mailed_subject == subject
        assert f"ATELIERS DU TEST vous a inscrite {both}." in text
        assert "inscrit(e)" not in text


def test_the_e_mail_names_the_one_contract_and_agrees_with_a_monsieur(db):
    plans = make_plans(db, name="ATELIERS DU TEST")
    health_only = _registered(db, plans, plans.health, civility="M.")
    subject, text = _mailed(db, health_only)
    assert subject == "Votre affiliation à la complémentaire santé de ATELIERS DU TEST"
    assert "vous a inscrit au contrat collectif de complémentaire santé géré par OCSO." in text
    provident_only = _registered(db, plans, plans.provident)
    subject, text = _mailed(db, provident_only, reminder=True)
    assert subject == "Rappel : votre affiliation à la prévoyance de ATELIERS DU TEST"
    assert "vous a inscrite au contrat collectif de prévoyance géré par OCSO." in text


def test_a_relance_keeps_the_invitations_date_and_an_invitation_never_sent_takes_the_relances(db):
    plans = make_plans(db)
    invited = _registered(db, plans, plans.health)
    invitations.invite(db, invited, now=NOW)
    later = NOW + timedelta(days=9)
    invitations.invite(db, invited, now=later, reminder=True)
    assert (invited.invited_at, invited.last_reminder_at) == (NOW, later)
    never = _registered(db, plans, plans.health)
    invitations.invite(db, never, now=later, reminder=True)
    assert never.invited_at == never.last_reminder_at == later
