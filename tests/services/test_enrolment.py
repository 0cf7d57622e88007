"""A pending employee becomes a member: the option and its contribution (Decimal), the beneficiaries and
their ranks, the bank details and the signed SEPA mandate, a free numéro d'adhérent, the status, the
invitation spent, the audit row and the e-mails; wrong input is refused field by field with nothing
written; HR's « forcer l'affiliation au régime de base »."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from ocso_app.models import (
    Account,
    AffiliationStatus,
    AuditEvent,
    Beneficiary,
    Company,
    ContractKind,
    Document,
    DocumentCategory,
    Employee,
    EmployeeContract,
    EmployeeStatusChange,
    EmployerGrant,
    EmployerProfile,
    InvitationChannel,
    Member,
    SepaMandate,
)
from ocso_app.services import affiliation_invitations as invitations
from ocso_app.services import enrolment, enrolment_choice, history, mail, uploads
from ocso_app.services.audit import Actor
from ocso_app.services.crypto import decrypt_field, encrypt_field
from ocso_app.services.employee_status import THE_EMPLOYEE, StatusAuthor
from ocso_app.services.errors import OcsoError
from ocso_app.services.identifiers import nir_with_key
from ocso_app.services.mail import _PENDING
from ocso_app.services.requests import refusals
from ocso_app.services.sepa_mandate import TITLE
from ocso_app.services.typed_text import bad_character
from tests.builders import make_company, make_employee, make_employer, new_email
from tests.builders.contracts import make_contract

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
IBAN = "FR7630006000011234567890189"
BIC = "AGRIFRPP"
ACTOR = Actor(account_id=None, ip_address="203.0.113.9")


def _nir(first13: str) -> str:
    return nir_with_key(first13)


@pytest.fixture
def pending(db) -> Employee:
    company = make_company(db)
    make_contract(db, company=company, kind=ContractKind.SANTE)
    make_contract(db, company=company, kind=ContractKind.PREVOYANCE)
    employee = make_employee(db, company=company, status=AffiliationStatus.PENDING, email=new_email())
    employee.nir_enc = encrypt_field(_nir("2850675000123"))
    employee.address_line, employee.postal_code, employee.city = "3 rue des Lilas", "33700", "MÉRIGNAC"
    employee.notify_hr_email = new_email()  # a shared mailbox the HR user chose
    employee.invited_by_account_id = make_employer(db, grants={company: EmployerProfile.STAFF_MANAGEMENT}).id
    db.flush()
    return employee


def _choice(db, employee: Employee, **changes) -> enrolment_choice.EnrolmentChoice:
    offer = enrolment_choice.offer(db, employee, today=NOW.date())
    values = {
        "option_id": offer.options[-1].id,
        "iban": "FR76 3000 6000 0112 3456 7890 189",
        "bic": BIC,
        "mandate_accepted": True,
        "beneficiaries": (
            enrolment_choice.BeneficiaryInput("enfant", "Dupont", "Léa", "27/10/2014"),
            enrolment_choice.BeneficiaryInput("conjoint", "Dupont", "Marc", "02/04/1984", civility="M."),
            enrolment_choice.BeneficiaryInput(
                "enfant", "Dupont", "Hugo", "05/05/2012", nir=_nir("1120575000123")
            ),
        ),
    }
    values.update(changes)
    return enrolment_choice.EnrolmentChoice(**values)


def _counts(db) -> tuple[int, ...]:
    return tuple(
        db.scalar(select(func.count()).select_from(model))
        for model in (Member, Beneficiary, SepaMandate, EmployeeStatusChange, AuditEvent)
    )


def test_the_offer_lists_the_options_with_their_monthly_contribution_in_decimal(db, pending):
    offer = enrolment_choice.offer(db, pending, today=NOW.date())
    assert [option.is_base for option in offer.options] == [True, False]
    base, upgrade = offer.options
    # The employer pays half of the base plan (the contract's share), none of the upgrade on top of it.
    assert (base.monthly_contribution, base.employee_contribution) == (Decimal("62.40"), Decimal("31.20"))
    assert (upgrade.monthly_contribution, upgrade.employee_contribution) == (
        Decimal("87.20"),
        Decimal("56.00"),
    )
    assert upgrade.employee_label == "56,00\u00a0€"
    assert offer.options[0].monthly_label.endswith("€") and "," in offer.options[0].monthly_label
    assert offer.contract_label.startswith("Frais de santé") and not offer.needs_nir


def test_an_employee_becomes_a_member_with_beneficiaries_mandate_and_status(db, pending):
    invitation_token = invitations.issue(db, pending, InvitationChannel.EMAIL, now=NOW)
    enrolled = enrolment.complete_affiliation(
        db, pending, _choice(db, pending), by=THE_EMPLOYEE, actor=ACTOR, now=NOW
    )
    member = db.get(Member, enrolled.member_id)
    assert member is not None and member.member_number == enrolled.member_number
    assert len(member.member_number) == 6 and member.member_number.isdigit()
    assert decrypt_field(member.nir_enc) == decrypt_field(pending.nir_enc)
    assert decrypt_field(member.iban_enc) == IBAN and member.bic == BIC
    assert (member.address_line, member.city, member.email) == ("3 rue des Lilas", "MÉRIGNAC", pending.email)
    ranks = {b.rank: (b.quality.value, b.first_name) for b in member.beneficiaries}
    assert ranks == {
        "AS": ("assure", pending.first_name.upper()),
        "CJ": ("conjoint", "MARC"),
        "EA": ("enfant", "HUGO"),  # the eldest child first
        "EB": ("enfant", "LÉA"),
    }
    registration = db.scalar(select(EmployeeContract).where(EmployeeContract.employee_id == pending.id))
    assert registration.option_id == member.contract_option_id == _choice(db, pending).option_id
    assert pending.status == AffiliationStatus.AFFILIATED and pending.member_id == member.id
    assert pending.affiliated_on == NOW.date()
    assert invitations.find(db, invitation_token, now=NOW) is None
    change = db.scalar(select(EmployeeStatusChange).where(EmployeeStatusChange.employee_id == pending.id))
    assert change.by_label == THE_EMPLOYEE.label and change.status == AffiliationStatus.AFFILIATED
    audit_row = db.scalar(select(AuditEvent).where(AuditEvent.member_id == member.id))
    assert member.member_number in audit_row.action and IBAN not in audit_row.action
    assert audit_row.ip_address == ACTOR.ip_address


def test_an_employee_with_the_longest_names_signs_a_mandate_within_its_column(db, pending):
    """A first and a last name of 80 characters each (what the pré-affiliation accepts) made a holder of 161
    characters for a column of 160: PostgreSQL refused the mandate, and the employee's affiliation failed
    with « Une erreur inattendue »."""
    pending.first_name, pending.last_name = "Anne" * 20, "DUPONT" * 13 + "AB"
    db.flush()
    enrolled = enrolment.complete_affiliation(
        db, pending, _choice(db, pending), by=THE_EMPLOYEE, actor=ACTOR, now=NOW
    )
    db.flush()
    holder = db.scalar(select(SepaMandate.holder_name).where(SepaMandate.member_id == enrolled.member_id))
    assert (
        holder is not None and len(holder) == 160 and holder.startswith("AnneAnne") and holder.endswith("…")
    )


def test_the_mandate_pdf_has_its_unique_reference_and_the_creditor(db, pending):
    enrolled = enrolment.complete_affiliation(
        db, pending, _choice(db, pending), by=THE_EMPLOYEE, actor=ACTOR, now=NOW
    )
    mandate = db.scalar(select(SepaMandate).where(SepaMandate.member_id == enrolled.member_id))
    assert mandate.reference == enrolled.mandate_reference and decrypt_field(mandate.iban_enc) == IBAN
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(uploads.read_stored(mandate.storage_key))).pages
    )
    assert mandate.reference in text and "FR12ZZZ845137" in text and "FR76 3000 6000" in text
    # and the member finds it in Mes documents, unread, the same PDF
    [listed] = db.scalars(select(Document).where(Document.member_id == enrolled.member_id)).all()
    assert (listed.category, listed.title) == (
        DocumentCategory.MAIL,
        f"{TITLE} {mandate.reference}",
    )
    assert listed.read_at is None and listed.storage_key != mandate.storage_key
    assert uploads.read_stored(listed.storage_key) == uploads.read_stored(mandate.storage_key)


def test_the_welcome_mail_and_hr_notification_wait_for_the_commit(db, pending):
    enrolled = enrolment.complete_affiliation(
        db, pending, _choice(db, pending), by=THE_EMPLOYEE, actor=ACTOR, now=NOW
    )
    mails = {message.to: message for message in db.info[_PENDING]}
    welcome = mails[pending.email]
    assert enrolled.member_number in welcome.text and "/assure/inscription" in welcome.text
    notice = mails[pending.notify_hr_email]
    assert "Affiliation finalisée" in notice.subject and IBAN not in notice.text
    assert "Hugo" not in notice.text.upper() and "HUGO" not in notice.text  # no family detail for HR
    assert "Votre part de la cotisation" in welcome.text  # the employee's share, said as such
    assert "L'équipe OCSO" not in welcome.text  # the signature is added once, when it is sent
    assert mail.SIGNATURE.startswith("\n\nÀ bientôt !\nL'équipe OCSO")


def test_hr_who_keyed_the_affiliation_in_is_not_told_it_is_done(db, pending):
    """Affiliation complète by HR: the employee is welcomed, HR (who did it) gets no « Affiliation
    finalisée »."""
    hr = StatusAuthor(account_id=None, label="RH")
    enrolment.complete_affiliation(db, pending, _choice(db, pending), by=hr, actor=ACTOR, now=NOW)
    assert {message.to for message in db.info[_PENDING]} == {pending.email}


def _company_rows(db, company_id: int) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.company_id == company_id)))


@pytest.mark.parametrize("forced", [False, True])
def test_the_members_history_says_their_employer_affiliated_them_not_the_hr_user(db, pending, forced):
    """Mon historique of the new member: an affiliation HR keyed in (complète, or forced to the base
    option) says their employer did it, by its name, as the other changes of their employer read
    (``employer_changes``); never the HR user's own name, which is the structure's business."""
    db.get(Company, pending.company_id).name = "ACME"
    hr = StatusAuthor(None, "Thérèse ROLLAND (RH)")
    actor = Actor(account_id=pending.invited_by_account_id, company_id=pending.company_id)
    if forced:
        enrolled = enrolment.force_base(db, pending, by=hr, actor=actor, now=NOW)
    else:
        enrolled = enrolment.complete_affiliation(
            db, pending, _choice(db, pending), by=hr, actor=actor, now=NOW
        )
    db.flush()
    [row] = history.history_page(db, member_id=enrolled.member_id).rows
    option = enrolled.option_label
    if forced:
        assert row.action == (
            "Affiliation forcée au régime de base par votre employeur (ACME) : "
            f"adhérent n° {enrolled.member_number}, option {option}, 0 bénéficiaire(s)"
        )
    else:  # the member's own mandate, HR keyed it in for them
        assert row.action == (
            f"Affiliation enregistrée par votre employeur (ACME) : adhérent n° {enrolled.member_number}, "
            f"option {option}, 3 bénéficiaire(s), mandat SEPA {enrolled.mandate_reference}"
        )
    assert row.event_type == "Affiliation" and "Thérèse" not in row.action and "ROLLAND" not in row.action
    [member_row] = db.scalars(select(AuditEvent).where(AuditEvent.member_id == enrolled.member_id)).all()
    assert member_row.account_id == actor.account_id and member_row.company_id is None  # one author
    [company_row] = _company_rows(db, pending.company_id)
    assert company_row.member_id is None and company_row.account_id == actor.account_id
    assert company_row.action.endswith(", par Thérèse ROLLAND (RH)")  # HR's log names its user


def test_the_members_history_of_their_own_affiliation_names_nobody_else(db, pending):
    enrolled = enrolment.complete_affiliation(
        db, pending, _choice(db, pending), by=THE_EMPLOYEE, actor=ACTOR, now=NOW
    )
    [row] = history.history_page(db, member_id=enrolled.member_id).rows
    assert row.action.startswith("Affiliation : ") and ", par " not in row.action
    assert row.action.endswith(f", mandat SEPA {enrolled.mandate_reference}")  # their own mandate


@pytest.mark.parametrize("by_hr", [False, True])
def test_the_structures_log_of_an_affiliation_has_affiliation_data_and_no_banking_data(db, pending, by_hr):
    """The structure's log reads who was affiliated, the numéro d'adhérent, the option and how many
    beneficiaries (what the Détail santé shows HR), never the member's SEPA mandate reference (RUM), their
    IBAN, their NIR nor their beneficiaries' names: the debit mandate is the member's own, not the
    employer's business, even when HR keyed it in."""
    by = StatusAuthor(None, "Thérèse ROLLAND (RH)") if by_hr else THE_EMPLOYEE
    pending.first_name, pending.last_name = "Sophie", "MORIN"
    enrolled = enrolment.complete_affiliation(db, pending, _choice(db, pending), by=by, actor=ACTOR, now=NOW)
    db.flush()
    [row] = _company_rows(db, pending.company_id)
    assert row.event_type == "Affiliation" and row.member_id is None  # not in Mon historique twice
    assert row.action.startswith(
        f"Affiliation : Sophie MORIN, adhérent n° {enrolled.member_number}, "
        f"option {enrolled.option_label}, 3 bénéficiaire(s)"
    )
    assert enrolled.mandate_reference and enrolled.mandate_reference not in row.action
    assert "mandat" not in row.action.lower() and "SEPA" not in row.action
    assert IBAN not in row.action and BIC not in row.action and "2850675" not in row.action  # NIR
    assert not {"LÉA", "HUGO", "MARC", "DUPONT"} & set(row.action.upper().replace(",", " ").split())


@pytest.mark.parametrize("how", ["désactivé", "accès retiré", "profil sans accès aux salariés"])
def test_hr_who_may_no_longer_read_the_employee_is_not_told_the_affiliation_is_finished(db, pending, how):
    """« Affiliation finalisée : NOM » goes to the address the HR user chose only while that user may still
    read the employee's fiche: not after they left the company or lost that access."""
    hr = db.get(Account, pending.invited_by_account_id)
    grant = db.scalar(select(EmployerGrant).where(EmployerGrant.account_id == hr.id))
    if how == "désactivé":
        hr.is_active = False
    elif how == "accès retiré":
        db.delete(grant)
    else:
        grant.profile = EmployerProfile.CONTRIBUTIONS
    db.flush()
    enrolment.complete_affiliation(db, pending, _choice(db, pending), by=THE_EMPLOYEE, actor=ACTOR, now=NOW)
    assert {message.to for message in db.info[_PENDING]} == {pending.email}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"iban": "FR76 3000 6000 0112 3456 7890 188"}, "iban", refusals.BAD_IBAN),
        # valid, but outside the SEPA zone: neither the cotisation debited nor a reimbursement paid there
        ({"iban": "BR18 0036 0305 0000 1000 9795 493C 1"}, "iban", refusals.NOT_SEPA_IBAN),
        ({"iban": "SA03 8000 0000 6080 1016 7519"}, "iban", refusals.NOT_SEPA_IBAN),
        ({"bic": "AGRI"}, "bic", refusals.BAD_BIC),
        ({"mandate_accepted": False}, "mandate", enrolment_choice.MANDATE_NOT_ACCEPTED),
        ({"option_id": -1}, "option", enrolment_choice.BAD_OPTION),
        (
            {
                "beneficiaries": (
                    enrolment_choice.BeneficiaryInput("enfant", "D", "L", "01/01/2015", nir="1234"),
                )
            },
            "beneficiary.0.nir",
            refusals.BAD_NIR,
        ),
        (
            {"beneficiaries": (enrolment_choice.BeneficiaryInput("enfant", "D", "L", "31/02/2015"),)},
            "beneficiary.0.birth_date",
            refusals.BAD_BIRTH_DATE,
        ),
        (
            {"beneficiaries": (enrolment_choice.BeneficiaryInput("cousin", "D", "L", "01/01/2015"),)},
            "beneficiary.0.quality",
            enrolment_choice.BAD_QUALITY,
        ),
        # a NUL: PostgreSQL refused the beneficiary's row, the employee met « Une erreur inattendue »
        (
            {"beneficiaries": (enrolment_choice.BeneficiaryInput("enfant", "D", "L\x00a", "01/01/2015"),)},
            "beneficiary.0.first_name",
            bad_character("Prénom"),
        ),
        (
            {"beneficiaries": (enrolment_choice.BeneficiaryInput("enfant", "D\x1b", "L", "01/01/2015"),)},
            "beneficiary.0.last_name",
            bad_character("Nom"),
        ),
        (
            {
                "beneficiaries": (
                    enrolment_choice.BeneficiaryInput("conjoint", "D", "A", "01/01/1980"),
                    enrolment_choice.BeneficiaryInput("conjoint", "D", "B", "01/01/1981"),
                )
            },
            "beneficiaries",
            enrolment_choice.TWO_SPOUSES,
        ),
    ],
)
def test_wrong_input_is_refused_by_field_and_nothing_is_written(db, pending, changes, field, message):
    before, invitation_token = _counts(db), invitations.issue(db, pending, InvitationChannel.EMAIL, now=NOW)
    with pytest.raises(enrolment_choice.EnrolmentRefused) as refused:
        enrolment.complete_affiliation(
            db, pending, _choice(db, pending, **changes), by=THE_EMPLOYEE, actor=ACTOR, now=NOW
        )
    assert refused.value.errors[field] == message
    db.flush()
    assert _counts(db) == before and pending.status == AffiliationStatus.PENDING
    assert invitations.find(db, invitation_token, now=NOW) is not None and not db.info.get(_PENDING)


@pytest.mark.parametrize(
    "iban", ["DE89370400440532013000", "MC5811222000010123456789030", "CH9300762011623852957"]
)
def test_an_account_elsewhere_in_the_sepa_zone_signs_the_mandate(db, pending, iban):
    enrolled = enrolment.complete_affiliation(
        db, pending, _choice(db, pending, iban=iban), by=THE_EMPLOYEE, actor=ACTOR, now=NOW
    )
    assert decrypt_field(db.get(Member, enrolled.member_id).iban_enc) == iban


def test_all_wrong_fields_are_told_at_once(db, pending):
    with pytest.raises(enrolment_choice.EnrolmentRefused) as refused:
        enrolment.complete_affiliation(
            db,
            pending,
            _choice(db, pending, iban="FR00", bic="", mandate_accepted=False),
            by=THE_EMPLOYEE,
            actor=ACTOR,
            now=NOW,
        )
    assert set(refused.value.errors) == {"iban", "bic", "mandate"}


def test_an_employee_without_nir_gives_it_on_the_form(db, pending):
    pending.nir_enc = None
    assert enrolment_choice.offer(db, pending, today=NOW.date()).needs_nir
    with pytest.raises(enrolment_choice.EnrolmentRefused) as refused:
        enrolment.complete_affiliation(
            db, pending, _choice(db, pending), by=THE_EMPLOYEE, actor=ACTOR, now=NOW
        )
    assert refused.value.errors["nir"] == enrolment_choice.MISSING_NIR
    enrolled = enrolment.complete_affiliation(
        db,
        pending,
        _choice(db, pending, nir="2 85 06 75 000 123 " + _nir("2850675000123")[-2:]),
        by=THE_EMPLOYEE,
        actor=ACTOR,
        now=NOW,
    )
    member = db.get(Member, enrolled.member_id)
    assert decrypt_field(member.nir_enc) == _nir("2850675000123") == decrypt_field(pending.nir_enc)


def test_an_affiliated_employee_cannot_be_affiliated_twice(db, pending):
    enrolment.complete_affiliation(db, pending, _choice(db, pending), by=THE_EMPLOYEE, actor=ACTOR, now=NOW)
    before = _counts(db)
    with pytest.raises(OcsoError) as refused:
        enrolment.complete_affiliation(
            db, pending, _choice(db, pending), by=THE_EMPLOYEE, actor=ACTOR, now=NOW
        )
    assert refused.value.message == enrolment_choice.NOT_PENDING and _counts(db) == before


def test_two_enrolments_get_distinct_numbers_even_when_the_same_one_is_drawn(db, pending, monkeypatch):
    other = make_employee(db, company=db.get(Company, pending.company_id), status=AffiliationStatus.PENDING)
    other.nir_enc = pending.nir_enc
    first = enrolment.complete_affiliation(
        db, pending, _choice(db, pending), by=THE_EMPLOYEE, actor=ACTOR, now=NOW
    )
    drawn = iter(
        [first.member_number, first.member_number, "654321" if first.member_number != "654321" else "123456"]
    )
    monkeypatch.setattr(enrolment, "new_member_number", lambda: next(drawn))
    monkeypatch.setattr(
        enrolment, "_number_taken", lambda session, number: False
    )  # as a concurrent one sees it
    second = enrolment.complete_affiliation(
        db, other, _choice(db, other), by=THE_EMPLOYEE, actor=ACTOR, now=NOW
    )
    assert second.member_number != first.member_number and len(second.member_number) == 6
    assert (
        db.scalar(
            select(func.count()).select_from(Member).where(Member.id.in_([first.member_id, second.member_id]))
        )
        == 2
    )


def test_hr_forces_the_base_option_without_beneficiaries_nor_mandate(db, pending):
    hr = StatusAuthor(None, "Claire MARTIN (RH)")
    enrolled = enrolment.force_base(db, pending, by=hr, actor=Actor(account_id=None), now=NOW)
    member = db.get(Member, enrolled.member_id)
    base = enrolment_choice.offer(db, pending, today=NOW.date()).options[0]
    assert base.is_base and member.contract_option_id == base.id and enrolled.mandate_reference is None
    assert [b.rank for b in member.beneficiaries] == ["AS"] and member.iban_enc is None
    change = db.scalar(select(EmployeeStatusChange).where(EmployeeStatusChange.employee_id == pending.id))
    assert change.by_label == hr.label and "régime de base" in change.note
    assert (
        db.scalar(select(func.count()).select_from(SepaMandate).where(SepaMandate.member_id == member.id))
        == 0
    )


def test_an_employee_of_a_company_without_santé_contract_is_told_so(db):
    employee = make_employee(db, company=make_company(db), status=AffiliationStatus.PENDING)
    with pytest.raises(OcsoError) as refused:
        enrolment_choice.offer(db, employee, today=NOW.date())
    assert refused.value.message == enrolment_choice.NO_CONTRACT


def test_the_employee_of_a_structure_is_found_only_within_the_given_structures(db, pending):
    assert enrolment.pending_employee(db, pending.id, [pending.company_id]) is pending
    assert enrolment.pending_employee(db, pending.id, [pending.company_id + 10_000]) is None


def test_a_beneficiary_whose_names_lengthen_in_capitals_is_stored_within_its_columns(db, pending):
    """Names typed for a beneficiary are cut to their columns (80) and stored in capitals: « Weiß… » of 80
    characters became 81 once in capitals, which PostgreSQL refused (« Une erreur inattendue »)."""
    weiss = "Weiß" + "e" * 76
    person = enrolment_choice.BeneficiaryInput("enfant", weiss, weiss, "27/10/2014")
    enrolled = enrolment.complete_affiliation(
        db, pending, _choice(db, pending, beneficiaries=(person,)), by=THE_EMPLOYEE, actor=ACTOR, now=NOW
    )
    db.flush()
    names = db.execute(
        select(Beneficiary.last_name, Beneficiary.first_name).where(
            Beneficiary.member_id == enrolled.member_id, Beneficiary.rank != "AS"
        )
    ).all()
    assert [tuple(n) for n in names] == [("WEISS" + "E" * 75, "WEISS" + "E" * 75)]
