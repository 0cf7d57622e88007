"""« Ajouter un contrat » (Espace OCSO): a santé contract gets the catalog's base plan and option, a
prévoyance contract the provident plan, with their guarantee tables and Decimal contributions; numbers are
unique in the demo's format; every wrong field is refused with its French message and nothing written; the
addition is audited with the agent. The new contract then works as a seeded one does: the employer's
Entreprise page, the pré-affiliation, the employee's choice of option and the member's guarantees."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ocso_app.models import (
    AuditEvent,
    Contract,
    ContractKind,
    ContractOption,
    EmployeeContract,
    Guarantee,
    StaffRole,
)
from ocso_app.services import contracts, enrolment_choice, new_contracts
from ocso_app.services import pre_affiliation as pre
from ocso_app.services.audit import Actor
from ocso_app.services.care_catalog import (
    BASE_PLAN,
    OPTION_PLAN,
    PROVIDENT_MONTHLY_CONTRIBUTION,
    PROVIDENT_RULES,
    plan_by_code,
)
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.errors import FieldsRefused, OcsoError
from ocso_app.services.identifiers import nir_with_key
from ocso_app.services.new_contracts import ContractForm
from tests.builders import make_company, make_staff
from tests.builders.contracts import make_contract

TODAY = date(2027, 1, 15)
FORM = ContractForm(
    kind="sante",
    label="Frais de santé – Ensemble du personnel",
    insurer="Atlantique Prévoyance",
    personnel_category="Ensemble du personnel",
    start="01/01/2027",
    employer_share="62,5",
    signed_on="10/12/2026",
)


def _agent(db) -> Actor:
    return Actor(account_id=make_staff(db, role=StaffRole.ENTREPRISES).id)


def _added(db, company, **changes) -> Contract:
    new_contracts.add_contract(
        db, actor=_agent(db), company_id=company.id, form=dataclasses.replace(FORM, **changes), today=TODAY
    )
    return db.scalars(
        select(Contract).where(Contract.company_id == company.id).order_by(Contract.id.desc())
    ).first()


def _written(db) -> tuple[int, ...]:
    return tuple(
        db.scalar(select(func.count(t.id))) for t in (Contract, ContractOption, Guarantee, AuditEvent)
    )


def test_a_sante_contract_gets_the_catalogs_options_guarantees_and_decimal_contributions(db):
    company = make_company(db)
    actor = _agent(db)
    message = new_contracts.add_contract(db, actor=actor, company_id=company.id, form=FORM, today=TODAY)

    contract = db.scalar(select(Contract).where(Contract.company_id == company.id))
    assert contract.number == f"CS-2027-{company.client_number.removeprefix('C')}"
    assert message == f"Contrat {contract.number} ajouté : {FORM.label}."
    assert (contract.kind, contract.start_date, contract.signed_on) == (
        ContractKind.SANTE,
        date(2027, 1, 1),
        date(2026, 12, 10),
    )
    assert contract.employer_share_percent == Decimal("62.50") and contract.insurer == "Atlantique Prévoyance"
    options = db.scalars(
        select(ContractOption).where(ContractOption.contract_id == contract.id).order_by(ContractOption.id)
    ).all()
    assert [(o.code, o.label, o.is_base) for o in options] == [
        (BASE_PLAN.code, BASE_PLAN.label, True),
        (OPTION_PLAN.code, OPTION_PLAN.label, False),
    ]
    for option, plan in zip(options, (BASE_PLAN, OPTION_PLAN), strict=True):
        assert isinstance(option.monthly_contribution, Decimal)
        assert option.monthly_contribution == plan.monthly_contribution
        assert plan_by_code(option.code) is plan
        rows = db.execute(
            select(Guarantee.care_category, Guarantee.rule, Guarantee.rate_percent, Guarantee.flat_amount)
            .where(Guarantee.option_id == option.id)
            .order_by(Guarantee.id)
        ).all()
        assert [tuple(r) for r in rows] == [
            (r.category, r.rule, r.rate_percent, r.flat_amount) for r in plan.rules
        ]
    [row] = db.scalars(select(AuditEvent).where(AuditEvent.company_id == company.id)).all()
    assert row.account_id == actor.account_id and contract.number in row.action


def test_a_prevoyance_contract_gets_the_provident_plan(db):
    company = make_company(db)
    contract = _added(db, company, kind="prevoyance", label="Prévoyance – Cadres", signed_on="")
    assert contract.number.startswith("CP-2027-") and contract.signed_on is None
    [option] = db.scalars(select(ContractOption).where(ContractOption.contract_id == contract.id)).all()
    assert (option.code, option.is_base, option.monthly_contribution) == (
        "BASE",
        True,
        PROVIDENT_MONTHLY_CONTRIBUTION,
    )
    categories = db.scalars(select(Guarantee.care_category).where(Guarantee.option_id == option.id)).all()
    assert sorted(categories) == sorted(rule.category for rule in PROVIDENT_RULES)


def test_contract_numbers_are_unique_for_several_contracts_of_a_kind_and_year(db):
    company = make_company(db)
    numbers = [_added(db, company).number for _ in range(3)]
    base = f"CS-2027-{company.client_number.removeprefix('C')}"
    assert numbers == [base, f"{base}-2", f"{base}-3"]


def test_a_number_another_agent_takes_after_it_was_checked_gives_the_next_one(db, monkeypatch):
    """Two agents at once: the other's contract is written with the number this one found free, before this
    one writes it; the unique column refuses it, and this contract gets the next number."""
    company = make_company(db)
    other = make_contract(db, company=company)
    checked = new_contracts._taken_numbers

    def then_taken(session, base):
        taken = checked(session, base)
        other.number = base
        session.flush()
        return taken

    monkeypatch.setattr(new_contracts, "_taken_numbers", then_taken)
    contract = _added(db, company)

    base = f"CS-2027-{company.client_number.removeprefix('C')}"
    assert (other.number, contract.number) == (base, f"{base}-2")
    assert db.scalar(select(func.count(ContractOption.id)).where(ContractOption.contract_id == contract.id))
    [row] = db.scalars(select(AuditEvent.action).where(AuditEvent.company_id == company.id)).all()
    assert f"{base}-2" in row


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": "auto"}, "type_contrat", new_contracts.BAD_KIND),
        ({"label": " "}, "libelle", new_contracts.LABEL_REQUIRED),
        ({"insurer": ""}, "assureur", new_contracts.INSURER_REQUIRED),
        ({"personnel_category": "C" * 81}, "categorie", new_contracts.CATEGORY_REQUIRED),
        ({"start": "31/02/2027"}, "date_effet", new_contracts.BAD_START),
        ({"start": ""}, "date_effet", new_contracts.BAD_START),
        ({"start": "01/01/1900"}, "date_effet", new_contracts.BAD_START),
        ({"employer_share": "101"}, "part_employeur", new_contracts.BAD_SHARE),
        ({"employer_share": "-1"}, "part_employeur", new_contracts.BAD_SHARE),
        ({"employer_share": "cinquante"}, "part_employeur", new_contracts.BAD_SHARE),
        ({"employer_share": "50,125"}, "part_employeur", new_contracts.BAD_SHARE),
        ({"employer_share": "100,5"}, "part_employeur", new_contracts.BAD_SHARE),
        ({"employer_share": "-0"}, "part_employeur", new_contracts.BAD_SHARE),  # was kept, shown « -0 % »
        ({"employer_share": "1e1"}, "part_employeur", new_contracts.BAD_SHARE),  # was read 10
        ({"employer_share": "1_0"}, "part_employeur", new_contracts.BAD_SHARE),  # was read 10
        ({"signed_on": "16/01/2027"}, "signe_le", new_contracts.BAD_SIGNED),  # tomorrow
        ({"signed_on": "10-12"}, "signe_le", new_contracts.BAD_SIGNED),
    ],
)
def test_each_wrong_field_gets_its_french_message_and_nothing_is_written(db, changes, field, message):
    company = make_company(db)
    actor = _agent(db)
    before = _written(db)
    with pytest.raises(FieldsRefused) as refused:
        new_contracts.add_contract(
            db, actor=actor, company_id=company.id, form=dataclasses.replace(FORM, **changes), today=TODAY
        )
    assert refused.value.errors == {field: message}
    assert _written(db) == before


def test_an_unknown_company_is_refused(db):
    before = _written(db)
    with pytest.raises(OcsoError) as refused:
        new_contracts.add_contract(db, actor=_agent(db), company_id=987654321, form=FORM, today=TODAY)
    assert refused.value.message == new_contracts.NOT_FOUND
    assert _written(db) == before


def test_the_new_contract_works_where_a_seeded_one_does(db):
    """Entreprise shows it, HR pré-affiliates an employee on it, the employee is offered its options priced
    with the employer's share, and the options are the catalog's plans."""
    company = make_company(db)
    health = _added(db, company)
    provident = _added(db, company, kind="prevoyance", label="Prévoyance – Ensemble du personnel")

    shown = contracts.company_contracts(db, structure_ids=(company.id,), today=TODAY)
    assert {c.number for c in shown.contracts} == {health.number, provident.number}
    assert {c.id for c in pre.open_contracts(db, [company.id], TODAY)} == {health.id, provident.id}

    data = pre.PreAffiliation(
        civility="Mme",
        last_name="Le Goff",
        first_name="Anne",
        birth_date="02/04/1985",
        nir=nir_with_key("2850475056123"),
        company_id=str(company.id),
        personnel_category=FORM.personnel_category,
        contract_ids=(str(health.id), str(provident.id)),
        hired_on="04/01/2027",
        email="anne.legoff@example.org",
        dispense_email="rh@example.org",
    )
    assert pre.validate(db, [company.id], data, TODAY) == {}
    now = datetime(2027, 1, 15, 9, 0, tzinfo=UTC)
    employee = pre.register(db, data, by=StatusAuthor(None, "RH"), actor=Actor(account_id=None), now=now)
    registered = db.scalars(
        select(EmployeeContract.contract_id).where(EmployeeContract.employee_id == employee.id)
    )
    assert set(registered) == {health.id, provident.id}

    offer = enrolment_choice.offer(db, employee, today=TODAY)
    assert [o.code for o in offer.options] == ["BASE", "OPT1"]
    base, option = offer.options
    assert base.monthly_contribution == BASE_PLAN.monthly_contribution
    assert base.employee_contribution == Decimal("23.40")  # 62,40 € × (100 − 62,5) %
    assert option.employee_contribution == Decimal("23.40") + OPTION_PLAN.monthly_contribution
    assert all(plan_by_code(o.code) is not None for o in offer.options)
