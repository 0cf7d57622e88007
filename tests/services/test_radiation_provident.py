"""The portabilité covers prévoyance too (art. L911-8 CSS: health AND décès, incapacité, invalidité, free of
charge): a former employee's registrations stay in force to the portabilité's end, end on the date de sortie
without one, come back exactly when the radiation is cancelled; the e-mail, the courrier de radiation and the
certificat de travail say « santé et prévoyance » when the employee had a prévoyance registration on their
last day, santé only otherwise."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from ocso_app.models import Contract, ContractKind, EmployeeContract
from ocso_app.models.base import utcnow
from ocso_app.services import audit
from ocso_app.services.attestation_pdf import attestations_pdf
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.employees import employee_files
from ocso_app.services.formats import format_short_date, paris_today
from ocso_app.services.radiation import plan_radiations, radiate, radiation_of
from ocso_app.services.radiation_cancellation import cancel_radiation
from ocso_app.services.radiation_letter import radiation_letter
from tests.builders import new_email
from tests.builders.roster import make_covered_employee, make_plans
from tests.support.mailbox import body_text

TODAY = paris_today()
LEFT_ON = TODAY - timedelta(days=6)
HIRED_ON = LEFT_ON - timedelta(days=150)  # a portabilité of 5 or 6 months
HR = StatusAuthor(None, "Claire RH (RH)")
BOTH = "santé et prévoyance"


def _employee(db, *, provident: bool = True, email: str | None = None):
    """An affiliated employee of a company with both contracts, registered on santé and (``provident``) on
    prévoyance: (company, employee)."""
    plans = make_plans(db)
    employee = make_covered_employee(db, plans=plans, provident=provident)
    employee.hired_on, employee.email = HIRED_ON, email
    employee.address_line, employee.postal_code, employee.city = "3 rue de Siam", "29200", "BREST"
    db.flush()
    return plans.company, employee


def _radiate(db, company, employee, reason: str):
    actor = audit.Actor(account_id=None, company_id=company.id)
    return radiate(db, employee, left_on=LEFT_ON, reason=reason, by=HR, actor=actor, today=TODAY)


def _ends(db, employee) -> dict[ContractKind, date | None]:
    db.flush()
    rows = db.execute(
        select(Contract.kind, EmployeeContract.end_date)
        .join(Contract, Contract.id == EmployeeContract.contract_id)
        .where(EmployeeContract.employee_id == employee.id)
    )
    return {ContractKind(kind): end for kind, end in rows}


def _e_mail(db, mailbox, reason: str, *, provident: bool = True) -> tuple[str, str]:
    """The subject and the text (on one line) of the e-mail of an employee radiated for ``reason``."""
    email = new_email()
    company, employee = _employee(db, email=email, provident=provident)
    _radiate(db, company, employee, reason)
    db.commit()
    [message] = mailbox.wait_for(email)
    return message["Subject"], " ".join(body_text(message).split())


def _letter_text(db, company, employee) -> str:
    now = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
    letter = radiation_letter(
        db, structure_ids=[company.id], employee_id=employee.id, actor=audit.Actor(account_id=None), now=now
    )
    assert letter is not None
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(letter.pdf)).pages).split())


# --- the registrations


def test_with_a_portability_the_provident_registration_runs_to_its_end_like_the_health_cover(db):
    company, employee = _employee(db)
    radiation = _radiate(db, company, employee, "licenciement")
    assert radiation.portability is not None
    ends_on = radiation.portability.ends_on
    assert _ends(db, employee) == {ContractKind.SANTE: ends_on, ContractKind.PREVOYANCE: ends_on}


@pytest.mark.parametrize("reason", ["demission", "retraite"])
def test_without_a_portability_every_registration_ends_on_the_date_de_sortie(db, reason):
    company, employee = _employee(db)
    assert _radiate(db, company, employee, reason).portability is None
    assert _ends(db, employee) == {ContractKind.SANTE: LEFT_ON, ContractKind.PREVOYANCE: LEFT_ON}


def test_a_registration_ending_during_the_portability_keeps_its_own_end(db):
    """The portabilité maintains the cover as it was, not past a registration's own end."""
    company, employee = _employee(db)
    own_end = LEFT_ON + timedelta(days=20)
    provident = db.scalar(
        select(EmployeeContract)
        .join(Contract, Contract.id == EmployeeContract.contract_id)
        .where(EmployeeContract.employee_id == employee.id, Contract.kind == ContractKind.PREVOYANCE)
    )
    provident.end_date = own_end
    radiation = _radiate(db, company, employee, "licenciement")
    assert radiation.portability is not None
    assert _ends(db, employee)[ContractKind.PREVOYANCE] == own_end


def test_cancelling_a_portability_gives_the_provident_registration_back_its_open_end(db):
    company, employee = _employee(db)
    radiation = _radiate(db, company, employee, "licenciement")
    assert radiation.portability is not None
    assert _ends(db, employee)[ContractKind.PREVOYANCE] == radiation.portability.ends_on
    cancel_radiation(
        db,
        structure_ids=(company.id,),
        employee_id=employee.id,
        by=HR,
        actor=audit.Actor(account_id=None),
        now=utcnow(),
    )
    db.expire_all()
    assert _ends(db, employee) == {ContractKind.SANTE: None, ContractKind.PREVOYANCE: None}


def test_during_the_portability_hr_s_file_of_the_employee_lists_both_contracts_until_its_end(db):
    """The Assurés list, its export and the attestation d'adhésion read the registrations running today: an
    employee en portabilité had none (the attestation was refused), though covered by both contracts."""
    company, employee = _employee(db)
    radiation = _radiate(db, company, employee, "licenciement")
    assert radiation.portability is not None
    ends_on = radiation.portability.ends_on
    for day in (TODAY, ends_on):
        [file] = employee_files(db, structure_ids=[company.id], employee_ids=[employee.id], today=day)
        assert [cover.kind for cover in file.covers] == [ContractKind.SANTE, ContractKind.PREVOYANCE]
        assert {cover.end_date for cover in file.covers} == {format_short_date(ends_on)}
    after = ends_on + timedelta(days=1)
    [file] = employee_files(db, structure_ids=[company.id], employee_ids=[employee.id], today=after)
    assert file.covers == []
    actor = audit.Actor(account_id=None)
    attestation = attestations_pdf(
        db, actor=actor, structure_ids=[company.id], employee_ids=[employee.id], today=TODAY
    )
    assert attestation is not None
    text = " ".join(PdfReader(io.BytesIO(attestation)).pages[0].extract_text().split())
    assert "En portabilité jusqu'au" in text and "Prévoyance" in text


# --- what the employee and HR read


def test_the_e_mail_names_health_and_provident_cover_when_both_were_in_force(db, mailbox):
    subject, text = _e_mail(db, mailbox, "licenciement")
    assert subject == "Fin de votre affiliation aux contrats santé et prévoyance"
    assert f"portabilité de vos garanties {BOTH}" in text


def test_the_e_mail_of_an_employee_on_health_only_names_health_only(db, mailbox):
    subject, text = _e_mail(db, mailbox, "licenciement", provident=False)
    assert subject == "Fin de votre affiliation à la complémentaire santé"
    assert "portabilité de vos garanties santé" in text and "prévoyance" not in text


def test_without_a_portability_the_e_mail_says_both_covers_end(db, mailbox):
    subject, text = _e_mail(db, mailbox, "demission")
    assert "prévoyance" in subject
    assert f"ne permet pas la portabilité de vos garanties {BOTH}" in text


def test_the_letter_names_health_and_provident_cover(db):
    company, employee = _employee(db)
    _radiate(db, company, employee, "licenciement")
    text = _letter_text(db, company, employee)
    assert f"portabilité de vos garanties {BOTH}" in text
    assert "Fin de votre affiliation aux contrats santé et prévoyance" in text


def test_the_letter_of_an_employee_on_health_only_names_health_only(db):
    company, employee = _employee(db, provident=False)
    _radiate(db, company, employee, "licenciement")
    text = _letter_text(db, company, employee)
    assert "portabilité de vos garanties santé" in text and "prévoyance" not in text


def test_the_certificate_wording_names_provident_cover_in_the_plan_the_radiation_and_the_fiche(db):
    company, employee = _employee(db)
    [planned] = plan_radiations(
        db,
        structure_ids=(company.id,),
        employee_ids=[employee.id],
        left_on=LEFT_ON,
        reason="licenciement",
        today=TODAY,
    )
    radiation = _radiate(db, company, employee, "licenciement")
    read_back = radiation_of(db, employee)
    assert read_back is not None
    wordings = {planned.certificate_wording, radiation.certificate_wording, read_back.certificate_wording}
    assert len(wordings) == 1
    [wording] = wordings
    assert "maintien à titre gratuit de ses garanties frais de santé et de prévoyance" in wording


@pytest.mark.parametrize(
    ("provident", "reason", "named"),
    [
        (True, "demission", "ne bénéficie pas du maintien de ses garanties frais de santé et de prévoyance"),
        (False, "licenciement", "maintien à titre gratuit de ses garanties frais de santé au titre"),
        (False, "demission", "ne bénéficie pas du maintien de ses garanties frais de santé au titre"),
    ],
)
def test_the_certificate_wording_names_what_the_employee_had(db, provident, reason, named):
    company, employee = _employee(db, provident=provident)
    radiation = _radiate(db, company, employee, reason)
    assert named in radiation.certificate_wording
    read_back = radiation_of(db, employee)
    assert read_back is not None and read_back.certificate_wording == radiation.certificate_wording
