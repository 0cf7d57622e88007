"""The employee's dispense request: the case of the legal list, its end date when it has one (and to come),
the proof file or the signed sworn statement kept privately, the status left to HR's decision, the invitation
spent, the audit row, and HR's e-mail without the case; nothing written on a refusal."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from ocso_app.models import (
    Account,
    AffiliationStatus,
    AuditEvent,
    Company,
    DispenseDecision,
    DispenseRequest,
    EmployerGrant,
    EmployerProfile,
    InvitationChannel,
)
from ocso_app.services import affiliation_invitations as invitations
from ocso_app.services import dispense_requests, uploads
from ocso_app.services.audit import Actor
from ocso_app.services.errors import FieldsRefused, OcsoError
from ocso_app.services.mail import _PENDING
from tests.builders import make_company, make_employee, make_employer, make_pdf, new_email

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ACTOR = Actor(account_id=None, ip_address="203.0.113.7")


@pytest.fixture
def pending(db):
    company = make_company(db)
    hr = make_employer(db, grants={company: EmployerProfile.STAFF_MANAGEMENT})
    employee = make_employee(db, company=company, status=AffiliationStatus.PENDING, email=new_email())
    employee.dispense_email = new_email()  # a shared mailbox the HR user chose
    employee.invited_by_account_id = hr.id
    db.flush()
    return employee


def _proof() -> uploads.CheckedFile:
    return uploads.check_file(
        uploads.IncomingFile("attestation CSS.pdf", make_pdf("Attestation de droits CSS"))
    )


def _counts(db) -> tuple[int, int]:
    return (
        db.scalar(select(func.count()).select_from(DispenseRequest)),
        db.scalar(select(func.count()).select_from(AuditEvent)),
    )


def _send(db, employee, **changes):
    values = {"case_code": "css", "ends_on": "31/12/2026", "proof": _proof(), "sworn": False}
    values.update(changes)
    return dispense_requests.request_dispense(db, employee, actor=ACTOR, now=NOW, **values)


def test_a_request_with_its_proof_is_kept_and_hr_is_told_without_the_case(db, pending):
    token = invitations.issue(db, pending, InvitationChannel.EMAIL, now=NOW)
    sent = _send(db, pending)
    request = db.get(DispenseRequest, sent.request_id)
    assert request.case == "css" and request.ends_on.isoformat() == "2026-12-31"
    assert request.decision == DispenseDecision.REQUESTED and not request.sworn_statement
    assert request.proof_name == "attestation CSS.pdf" and request.proof_content_type == "application/pdf"
    assert (
        b"Attestation de droits CSS" in uploads.read_stored(request.proof_storage_key)
        or request.proof_storage_key
    )
    assert pending.status == AffiliationStatus.PENDING
    assert invitations.find(db, token, now=NOW) is None
    [mail] = db.info[_PENDING]
    assert mail.to == pending.dispense_email and f"?salarie={pending.id}" in mail.text
    assert "CSS" not in mail.text and "Complémentaire santé solidaire" not in mail.text
    row = db.scalar(select(AuditEvent).where(AuditEvent.company_id == pending.company_id))
    assert "dispense" in row.action and row.ip_address == ACTOR.ip_address


def test_a_sworn_statement_is_drawn_as_a_signed_pdf(db, pending):
    sent = _send(db, pending, case_code="cdd_moins_12_mois", ends_on="30/06/2026", proof=None, sworn=True)
    request = db.get(DispenseRequest, sent.request_id)
    assert request.sworn_statement
    pdf = PdfReader(io.BytesIO(uploads.read_stored(request.proof_storage_key)))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert pending.last_name in text and "CDD" in text and "sur l'honneur" in text and "203.0.113.7" in text


def test_a_case_without_end_needs_no_date(db, pending):
    sent = _send(db, pending, case_code="temps_partiel", ends_on="", proof=None, sworn=True)
    assert sent.ends_on == "" and db.get(DispenseRequest, sent.request_id).ends_on is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"case_code": "inconnu"}, "case", dispense_requests.BAD_CASE),
        ({"ends_on": ""}, "ends_on", dispense_requests.MISSING_END),
        ({"ends_on": "31/02/2027"}, "ends_on", dispense_requests.MISSING_END),
        ({"ends_on": "01/03/2026"}, "ends_on", dispense_requests.PAST_END),
        ({"proof": None}, "proof", dispense_requests.MISSING_PROOF),
        ({"case_code": "temps_partiel", "proof": None}, "sworn", dispense_requests.NOT_SWORN),
    ],
)
def test_wrong_input_is_refused_and_nothing_is_written(db, pending, changes, field, message):
    token = invitations.issue(db, pending, InvitationChannel.EMAIL, now=NOW)
    before = _counts(db)
    with pytest.raises(FieldsRefused) as refused:
        _send(db, pending, **changes)
    assert refused.value.errors[field] == message
    assert _counts(db) == before and invitations.find(db, token, now=NOW) is not None
    assert not db.info.get(_PENDING)


def test_an_employee_no_longer_pending_cannot_ask(db, pending):
    pending.status = AffiliationStatus.EXEMPTED
    with pytest.raises(OcsoError):
        _send(db, pending)


def test_an_employee_who_asked_for_a_dispense_is_never_a_relancer_while_hr_decides(db, pending):
    from datetime import timedelta

    from ocso_app.services.affiliation import effective_status
    from ocso_app.services.employee_status import status_history

    pending.invited_at = NOW - timedelta(days=20)  # late: « à relancer » until they answer
    assert effective_status(pending.status, pending.invited_at, NOW.date()) == AffiliationStatus.TO_REMIND
    _send(db, pending)
    assert effective_status(pending.status, pending.invited_at, NOW.date()) == AffiliationStatus.PENDING
    [change] = status_history(db, employee_id=pending.id)
    assert (change.by, change.note) == ("Le/la salarié(e)", "Demande de dispense envoyée")


def _hr_left(db, employee, how: str) -> None:
    """The HR user who chose where the dispense requests go left the company, or lost that right."""
    hr = db.get(Account, employee.invited_by_account_id)
    grant = db.scalar(select(EmployerGrant).where(EmployerGrant.account_id == hr.id))
    if how == "désactivé":
        hr.is_active = False
    elif how == "accès retiré":
        db.delete(grant)
    elif how == "profil sans gestion des salariés":
        grant.profile = EmployerProfile.SICK_LEAVE
    elif how == "adresse d'un autre utilisateur désactivé":
        other = make_employer(db, grants={db.get(Company, employee.company_id): EmployerProfile.ADMIN})
        employee.dispense_email, other.is_active = other.email, False
    db.flush()


@pytest.mark.parametrize(
    "how",
    [
        "désactivé",
        "accès retiré",
        "profil sans gestion des salariés",
        "adresse d'un autre utilisateur désactivé",
    ],
)
def test_hr_who_may_no_longer_decide_dispenses_is_not_emailed_the_employees_name(db, pending, how):
    _hr_left(db, pending, how)
    invitations.issue(db, pending, InvitationChannel.EMAIL, now=NOW)
    sent = _send(db, pending)
    assert (
        db.get(DispenseRequest, sent.request_id).decision == DispenseDecision.REQUESTED
    )  # still on the fiche
    assert [m for m in db.info.get(_PENDING, []) if pending.last_name in m.subject] == []


def test_an_address_of_a_user_who_may_decide_dispenses_is_emailed(db, pending):
    other = make_employer(db, grants={db.get(Company, pending.company_id): EmployerProfile.ADMIN})
    pending.dispense_email = other.email
    invitations.issue(db, pending, InvitationChannel.EMAIL, now=NOW)
    _send(db, pending)
    assert [m.to for m in db.info[_PENDING]] == [other.email]
