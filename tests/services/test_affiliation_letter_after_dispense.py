"""The courrier d'affiliation of an employee whose dispense has ended (the daily job: a fixed-term dispense
past its last day, or a yearly proof that lapsed) says why they are asked again, in the e-mail's own words:
when the dispense ended or which proof was not received, from when to affiliate, and that they may ask for
the dispense again with an up-to-date proof. A first invitation's letter keeps its words."""

from __future__ import annotations

import io
from contextlib import nullcontext
from datetime import UTC, date, datetime

from pypdf import PdfReader

from ocso_app.models import AffiliationStatus, DispenseDecision, Employee, EmployeeContract
from ocso_app.services import audit, dispense_decisions, dispense_renewal
from ocso_app.services.affiliation_letter import affiliation_letter
from ocso_app.services.daily import run_daily
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.mail import _PENDING
from tests.builders import make_employee, new_email
from tests.builders.dispenses import make_dispense_request
from tests.builders.roster import Plans, make_dispensed_employee, make_plans

ACTOR = audit.Actor(account_id=None)
HR = StatusAuthor(None, "Claire RH (RH)")
GENERIC = "vous a inscrite au contrat collectif de complémentaire santé géré par OCSO"


def _dispensed(db, plans: Plans, case: str, ends_on: date, *, email: str | None = None) -> Employee:
    """A dispensed employee with a postal address (the letter's) on an accepted dispense of ``case``."""
    employee = make_dispensed_employee(db, plans=plans, since=date(2026, 1, 1))
    employee.email = email
    employee.address_line, employee.postal_code, employee.city = "3 rue de Siam", "29200", "BREST"
    request = make_dispense_request(db, employee=employee, case=case, ends_on=ends_on)
    request.decision = DispenseDecision.ACCEPTED
    db.flush()
    return employee


def _ended(db, case: str, ends_on: date, today: date, *, email: str | None = None) -> tuple[Plans, Employee]:
    """The employee's dispense ended by the daily job of ``today``."""
    plans = make_plans(db)
    employee = _dispensed(db, plans, case, ends_on, email=email)
    assert employee.id in run_daily(today, lambda: nullcontext(db)).dispenses_ended
    return plans, employee


def _letter_text(db, plans: Plans, employee: Employee, now: datetime) -> str:
    letter = affiliation_letter(
        db, structure_ids=[plans.company.id], employee_id=employee.id, actor=ACTOR, now=now
    )
    assert letter is not None
    reader = PdfReader(io.BytesIO(letter.pdf))
    assert len(reader.pages) == 1
    return " ".join("\n".join(page.extract_text() for page in reader.pages).split())


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_letter_after_a_fixed_term_dispense_says_when_it_ended_and_from_when_to_affiliate(db):
    plans, employee = _ended(db, "cdd_moins_12_mois", date(2026, 6, 30), date(2026, 7, 1))
    text = _letter_text(db, plans, employee, datetime(2026, 7, 2, 9, 0, tzinfo=UTC))
    company = plans.company.name
    assert f"Fin de votre dispense : votre affiliation à la complémentaire santé de {company}" in text
    assert (
        f"Votre dispense d'affiliation à la complémentaire santé de {company} a pris fin le 30/06/2026"
        in text
    )
    assert "vous devez vous affilier au contrat collectif à compter du 01/07/2026" in text
    assert "vous pouvez plutôt demander de nouveau la dispense en joignant votre justificatif à jour" in text
    assert GENERIC not in text  # not the first invitation's words
    assert "Votre code personnel" in text and "29200 BREST" in text


def test_the_letter_after_a_lapsed_yearly_proof_says_the_proof_was_not_received(db):
    plans, employee = _ended(db, "couverture_collective", date(2026, 9, 30), date(2026, 10, 8))
    text = _letter_text(db, plans, employee, datetime(2026, 10, 8, 9, 0, tzinfo=UTC))
    assert "Le justificatif de cette couverture, attendu le 30/09/2026, n'a pas été reçu" in text
    assert "votre dispense a donc pris fin" in text
    assert "vous devez vous affilier au contrat collectif à compter du 01/10/2026" in text
    assert "demander de nouveau la dispense" in text and GENERIC not in text


def _first_invitation(db, plans: Plans, *contracts) -> Employee:
    """A Mme still to affiliate, with a postal address, registered on ``contracts`` from 2026-03-01."""
    employee = make_employee(db, company=plans.company, status=AffiliationStatus.PENDING, last_name="ROUX")
    employee.address_line, employee.postal_code, employee.city = "3 rue de Siam", "29200", "BREST"
    for contract in contracts:
        db.add(
            EmployeeContract(employee_id=employee.id, contract_id=contract.id, start_date=date(2026, 3, 1))
        )
    db.flush()
    return employee


def test_a_first_invitations_letter_says_who_registered_them_on_which_contract(db):
    plans = make_plans(db)
    employee = _first_invitation(db, plans, plans.health)
    text = _letter_text(db, plans, employee, datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    company = plans.company.name
    assert (
        f"{company} {GENERIC}. Votre affiliation se fait en ligne, en quelques minutes : vous y choisissez "
        "votre option, ajoutez vos bénéficiaires (conjoint, enfants) et vos coordonnées bancaires, ou "
        "demandez une dispense d'affiliation si vous êtes dans l'un des cas prévus par la loi."
    ) in text
    assert f"Le 2 mars 2026 Votre affiliation à la complémentaire santé de {company} Madame," in text
    assert "dispense" not in text.split("Madame,")[1].split("Votre affiliation se fait")[0]
    assert "a pris fin" not in text and "Fin de votre dispense" not in text


def test_the_first_letter_names_the_contracts_the_e_mail_names(db):
    """The letter said « complémentaire santé » to every employee, also to one registered on the prévoyance
    only, and « inscrit(e) » to a Mme: it now says what the invitation e-mail says."""
    plans = make_plans(db)
    company = plans.company.name
    provident_only = _first_invitation(db, plans, plans.provident)
    text = _letter_text(db, plans, provident_only, datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    assert f"Votre affiliation à la prévoyance de {company} Madame," in text
    assert f"{company} vous a inscrite au contrat collectif de prévoyance géré par OCSO." in text
    assert "complémentaire santé" not in text
    both = _first_invitation(db, plans, plans.health, plans.provident)
    text = _letter_text(db, plans, both, datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    assert f"Votre affiliation à la complémentaire santé et à la prévoyance de {company}" in text
    assert "aux contrats collectifs de complémentaire santé et de prévoyance gérés par OCSO" in text


def test_the_e_mail_and_the_letter_say_why_in_the_same_words(db):
    email = new_email()
    plans, employee = _ended(db, "cdd_moins_12_mois", date(2026, 6, 30), date(2026, 7, 1), email=email)
    [mail] = [message for message in db.info.get(_PENDING, []) if message.to == email]
    letter = _letter_text(db, plans, employee, datetime(2026, 7, 2, 9, 0, tzinfo=UTC))
    why = dispense_renewal.end_invitation(
        plans.company.name, last_day=date(2026, 6, 30), from_day=date(2026, 7, 1)
    )
    assert _words(why.text) in _words(mail.text) and _words(why.text) in letter
    assert why.subject == mail.subject and why.subject in letter


def test_a_refused_new_request_after_the_end_gets_the_first_letters_words(db):
    """Asked again after the end, HR refused the new request: the letter HR posts then is the usual one,
    not « you may ask for the dispense again » that HR just refused."""
    plans, employee = _ended(db, "cdd_moins_12_mois", date(2026, 6, 30), date(2026, 7, 1))
    request = make_dispense_request(
        db, employee=employee, case="cdd_moins_12_mois", ends_on=date(2026, 9, 30)
    )
    dispense_decisions.refuse(
        db,
        structure_ids=[plans.company.id],
        request_id=request.id,
        reason="Justificatif illisible",
        by=HR,
        actor=ACTOR,
        now=datetime(2026, 7, 3, 9, 0, tzinfo=UTC),
    )
    text = _letter_text(db, plans, employee, datetime(2026, 7, 3, 10, 0, tzinfo=UTC))
    assert "vous a inscrite aux contrats collectifs de complémentaire santé et de prévoyance" in text
    assert "a pris fin" not in text
