"""The portabilité covers prévoyance too (art. L911-8 CSS: health AND décès, incapacité, invalidité, free of
charge): a former employee's registrations stay in force to the portabilité's end, end on the date de sortie
without one, come back exactly when the radiation is cancelled; the e-mail, the courrier de radiation and the
certificat de travail say « santé et prévoyance » when the employee had a prévoyance registration on their
last day, santé only otherwise.

An employee dispensed from the santé plan (or affiliated to prévoyance alone, without a member file) but
registered on the prévoyance contract on their last day gets the portabilité of their prévoyance: its
registration runs to the portabilité's end; the santé one, which the dispense withdrew (``dispense_cover``),
stays as it was and covers no day; they are « en portabilité » for HR; what they and HR read names the
prévoyance alone, never a card or care they never had."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from ocso_app.models import AffiliationStatus, Contract, ContractKind, Employee, EmployeeContract
from ocso_app.models.base import utcnow
from ocso_app.services import audit, employee_export, spreadsheets
from ocso_app.services.attestation_pdf import attestations_pdf
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.employees import EmployeeQuery, EmployeeTab, employee_files, list_employees
from ocso_app.services.formats import format_short_date, paris_today
from ocso_app.services.portability import portability_for
from ocso_app.services.radiation import plan_radiations, radiate, radiation_of
from ocso_app.services.radiation_cancellation import cancel_radiation
from ocso_app.services.radiation_letter import radiation_letter
from ocso_app.services.staff_record import staff_record
from tests.builders import new_email
from tests.builders.roster import make_covered_employee, make_dispensed_employee, make_plans
from tests.support.mailbox import body_text

TODAY = paris_today()
LEFT_ON = TODAY - timedelta(days=6)
HIRED_ON = LEFT_ON - timedelta(days=150)  # a portabilité of 5 or 6 months
HR = StatusAuthor(None, "Claire RH (RH)")
BOTH = "santé et prévoyance"


def _employee(db, *, provident: bool = True, email: str | None = None, health: str = "affiliated"):
    """An employee of a company with both contracts, registered (``provident``) on prévoyance and, for their
    santé (``health``): « affiliated » (a member), « dispensed » (the santé registration without option the
    pré-affiliation leaves) or « provident_only » (affiliated to prévoyance alone, no member file):
    (company, employee)."""
    plans = make_plans(db)
    if health == "dispensed":
        employee = make_dispensed_employee(db, plans=plans, provident=provident)
    else:
        employee = make_covered_employee(db, plans=plans, provident=provident, health=health == "affiliated")
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


def _cancel(db, company, employee) -> None:
    cancel_radiation(
        db,
        structure_ids=(company.id,),
        employee_id=employee.id,
        by=HR,
        actor=audit.Actor(account_id=None),
        now=utcnow(),
    )
    db.expire_all()


def _e_mail(
    db, mailbox, reason: str, *, provident: bool = True, health: str = "affiliated"
) -> tuple[str, str]:
    """The subject and the text (on one line) of the e-mail of an employee radiated for ``reason``."""
    email = new_email()
    company, employee = _employee(db, email=email, provident=provident, health=health)
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
    _cancel(db, company, employee)
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


# --- an employee not covered by the santé plan, but by the prévoyance one

NOT_ON_HEALTH = ["dispensed", "provident_only"]
# the end date of the santé registration a dispense withdrew: the day before its start (it covers no day)
WITHDRAWN = date(2023, 12, 31)  # ``make_dispensed_employee``'s registrations start on 1 Jan 2024
PROVIDENT_ONLY = "Portabilité (prévoyance) jusqu'au"


@pytest.mark.parametrize("health", NOT_ON_HEALTH)
def test_an_employee_registered_on_provident_only_gets_its_portability_for_the_legal_length(db, health):
    """Art. L911-8 maintains the prévoyance too: a dispense from the santé plan does not take it away."""
    company, employee = _employee(db, health=health)
    radiation = _radiate(db, company, employee, "licenciement")
    expected = portability_for(hired_on=HIRED_ON, left_on=LEFT_ON, reason="licenciement", covered=True)
    assert expected is not None and radiation.portability == expected
    assert (radiation.health, radiation.provident) == (False, True)
    assert employee.status == AffiliationStatus.PORTABILITY
    assert (employee.radiated_on, employee.portability_end_on) == (LEFT_ON, expected.ends_on)
    assert employee.member_id is None
    ends = _ends(db, employee)
    assert ends[ContractKind.PREVOYANCE] == expected.ends_on
    # no santé cover to maintain: the santé registration a dispense withdrew stays as it was
    assert ends.get(ContractKind.SANTE) == (WITHDRAWN if health == "dispensed" else None)


@pytest.mark.parametrize("provident_end", [None, LEFT_ON - timedelta(days=1)])
def test_an_employee_without_any_registration_in_force_gets_no_portability(db, provident_end):
    company, employee = _employee(db, health="dispensed", provident=provident_end is not None)
    if provident_end is not None:
        db.execute(
            EmployeeContract.__table__.update()
            .where(EmployeeContract.employee_id == employee.id, EmployeeContract.option_id.is_not(None))
            .values(end_date=provident_end)
        )
    radiation = _radiate(db, company, employee, "licenciement")
    assert radiation.portability is None and not radiation.covered
    assert employee.status == AffiliationStatus.RADIATED and employee.portability_end_on is None


def test_during_a_provident_portability_hr_reads_the_provident_contract_only(db):
    """The list (En portabilité tab), its export, the file and the attestation: prévoyance, no santé, no
    beneficiary, no numéro d'adhérent."""
    company, employee = _employee(db, health="dispensed")
    radiation = _radiate(db, company, employee, "licenciement")
    assert radiation.portability is not None
    ends_on = format_short_date(radiation.portability.ends_on)
    query = EmployeeQuery(tab=EmployeeTab.PORTABILITY)
    [row] = list_employees(db, structure_ids=[company.id], query=query, today=TODAY).rows
    assert (row.contracts, row.status, row.portability_end) == ("Prévoyance", "En portabilité", ends_on)
    assert not row.has_health and row.has_contract
    [file] = employee_files(db, structure_ids=[company.id], employee_ids=[employee.id], today=TODAY)
    assert [cover.kind for cover in file.covers] == [ContractKind.PREVOYANCE]
    assert file.beneficiaries == [] and file.portability_end == ends_on
    sheet = employee_export.staff_sheet(
        db,
        actor=audit.Actor(account_id=None),
        structure_ids=[company.id],
        file_format=spreadsheets.CSV,
        today=TODAY,
    )
    [line] = [dict(zip(sheet.headings, values, strict=True)) for values in sheet.rows]
    assert line["Contrat santé"] is None and line["Contrat prévoyance"] is not None
    assert (line["Statut"], line["Fin de portabilité"]) == ("En portabilité", radiation.portability.ends_on)
    attestation = attestations_pdf(
        db,
        actor=audit.Actor(account_id=None),
        structure_ids=[company.id],
        employee_ids=[employee.id],
        today=TODAY,
    )
    assert attestation is not None
    text = " ".join(PdfReader(io.BytesIO(attestation)).pages[0].extract_text().split())
    assert f"En portabilité jusqu'au {ends_on}" in text and "Prévoyance" in text
    assert "Frais de santé" not in text and "Bénéficiaires du contrat santé" not in text


def test_cancelling_a_provident_portability_gives_the_dispensed_employee_back_exactly(db):
    company, employee = _employee(db, health="dispensed")
    _radiate(db, company, employee, "licenciement")
    _cancel(db, company, employee)
    restored = db.get(Employee, employee.id)
    assert restored.status == AffiliationStatus.EXEMPTED
    assert (restored.radiated_on, restored.radiation_reason, restored.portability_end_on) == (
        None,
        None,
        None,
    )
    assert _ends(db, employee) == {ContractKind.SANTE: WITHDRAWN, ContractKind.PREVOYANCE: None}


def test_the_plan_names_what_the_portability_maintains(db):
    plans = make_plans(db)
    people = {
        "prévoyance": make_dispensed_employee(db, plans=plans),
        "santé et prévoyance": make_covered_employee(db, plans=plans),
        "santé": make_covered_employee(db, plans=plans, provident=False),
    }
    for employee in people.values():
        employee.hired_on = HIRED_ON
    planned = plan_radiations(
        db,
        structure_ids=(plans.company.id,),
        employee_ids=[e.id for e in people.values()],
        left_on=LEFT_ON,
        reason="licenciement",
        today=TODAY,
    )
    outcomes = {p.employee_id: p.outcome for p in planned}
    for what, employee in people.items():
        assert outcomes[employee.id].startswith(f"Portabilité ({what}) jusqu'au "), outcomes[employee.id]


def _no_health_care(text: str) -> None:
    """Nothing of a santé cover the employee never had: no card, no care, no Espace Santé Assuré."""
    assert "santé" not in text.replace("Code de la sécurité sociale", "")
    assert "carte" not in text and "soins" not in text and "n'étiez pas couvert" not in text


def test_the_e_mail_of_a_provident_portability_names_the_provident_cover_only(db, mailbox):
    subject, text = _e_mail(db, mailbox, "licenciement", health="dispensed")
    assert subject == "Fin de votre affiliation au contrat de prévoyance"
    assert "Vous êtes radié(e) du contrat collectif de prévoyance" in text
    assert "portabilité de vos garanties prévoyance" in text and "support@ocso.fr" in text
    # without an Espace Santé Assuré, the proofs come by e-mail or post, and OCSO records them for HR to see
    assert "ou par courrier (OCSO, 30 avenue Ariane" in text and "nous les enregistrons" in text
    _no_health_care(text)


def test_without_a_portability_the_e_mail_says_the_provident_cover_ends(db, mailbox):
    subject, text = _e_mail(db, mailbox, "demission", health="dispensed")
    assert subject == "Fin de votre affiliation au contrat de prévoyance"
    assert "ne permet pas la portabilité de vos garanties prévoyance" in text
    _no_health_care(text)


def test_the_letter_of_a_provident_portability_names_the_provident_cover_only(db):
    company, employee = _employee(db, health="dispensed")
    _radiate(db, company, employee, "licenciement")
    text = _letter_text(db, company, employee)
    assert "Fin de votre affiliation au contrat de prévoyance" in text
    assert "portabilité de vos garanties prévoyance" in text
    assert "support@ocso.fr ou par courrier" in text and "nous les enregistrons" in text
    _no_health_care(text)


@pytest.mark.parametrize(
    ("reason", "named"),
    [
        ("licenciement", "maintien à titre gratuit de ses garanties de prévoyance au titre"),
        ("demission", "ne bénéficie pas du maintien de ses garanties de prévoyance au titre"),
    ],
)
def test_the_certificate_wording_of_a_dispensed_employee_names_the_provident_cover(db, reason, named):
    company, employee = _employee(db, health="dispensed")
    [planned] = plan_radiations(
        db,
        structure_ids=(company.id,),
        employee_ids=[employee.id],
        left_on=LEFT_ON,
        reason=reason,
        today=TODAY,
    )
    radiation = _radiate(db, company, employee, reason)
    read_back = radiation_of(db, employee)
    assert read_back is not None
    assert {planned.certificate_wording, read_back.certificate_wording} == {radiation.certificate_wording}
    assert named in radiation.certificate_wording and "santé" not in radiation.certificate_wording


def test_the_cancellation_e_mail_of_a_provident_portability_promises_no_card(db, mailbox):
    email = new_email()
    company, employee = _employee(db, health="dispensed", email=email)
    _radiate(db, company, employee, "licenciement")
    _cancel(db, company, employee)
    db.commit()
    [cancelled] = [m for m in mailbox.wait_for(email, count=2) if "annulée" in m["Subject"]]
    text = " ".join(body_text(cancelled).split())
    assert "prévoyance" in text and "carte" not in text and "bénéficiaires" not in text


def test_the_fiche_of_a_dispensed_employee_en_portabilite_shows_the_provident_portability(db):
    """Status, the contracts with their last day (the prévoyance alone, at the portabilité's end: the
    dispensed employee was never on the santé contract), the certificat de travail mention, the courrier de
    radiation and « Annuler la radiation »."""
    company, employee = _employee(db, health="dispensed")
    radiation = _radiate(db, company, employee, "licenciement")
    assert radiation.portability is not None
    record = staff_record(db, structure_ids=[company.id], employee_id=employee.id, today=TODAY)
    assert record is not None
    assert (record.status_code, record.file.status) == (AffiliationStatus.PORTABILITY.value, "En portabilité")
    ends = {cover.kind: cover.end_date for cover in record.registrations}
    assert ends == {ContractKind.PREVOYANCE: format_short_date(radiation.portability.ends_on)}
    assert "garanties de prévoyance au titre de la portabilité" in record.certificate_wording
    assert record.radiation_letter and record.cancellation.possible and not record.member_number_known
