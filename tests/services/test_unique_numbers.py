"""``unique_numbers``: a number another writer took meanwhile is retried with the next one; any other refusal
of the database (a missing required value, a foreign key to nothing, another unique column) is the caller's
bug and is raised as it is, at once, not retried until « réessayez »."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ocso_app.db import db_session
from ocso_app.models import Contract, ContractKind, StaffRole
from ocso_app.services import audit, new_contracts
from ocso_app.services.audit import Actor
from ocso_app.services.errors import OcsoError
from ocso_app.services.unique_numbers import TRIES, write_with_free_number
from tests.builders import make_company, make_staff
from tests.builders.contracts import make_contract


def _contract(**changes) -> Contract:
    columns = {
        "kind": ContractKind.SANTE,
        "number": "",
        "label": "Frais de santé",
        "insurer": "Atlantique Prévoyance",
        "personnel_category": "Ensemble du personnel",
        "start_date": date(2027, 1, 1),
        "end_date": None,
        "signed_on": None,
        "employer_share_percent": Decimal("50.00"),
    }
    return Contract(**(columns | changes))


def _candidates(tried: list[str]):
    for n in count(1):
        tried.append(f"T-{n}")
        yield f"T-{n}"


def test_a_number_taken_meanwhile_gives_the_next_one(db):
    company = make_company(db)
    make_contract(db, company=company).number = "T-1"
    db.flush()
    tried: list[str] = []
    contract = _contract(company_id=company.id)
    assert write_with_free_number(db, contract, "number", _candidates(tried), exhausted="x") == "T-2"
    assert tried == ["T-1", "T-2"] and contract.id is not None


def test_every_number_taken_is_told_after_the_tries(db):
    company = make_company(db)
    taken = make_contract(db, company=company)
    with pytest.raises(OcsoError) as refused:
        write_with_free_number(
            db,
            _contract(company_id=company.id),
            "number",
            (taken.number for _ in range(TRIES + 5)),
            exhausted="plus rien",
        )
    assert refused.value.message == "plus rien"


@pytest.mark.parametrize(
    "changes",
    [{"label": None}, {"company_id": 987654321}],
    ids=["a missing required value", "a foreign key to nothing"],
)
def test_another_refusal_of_the_database_is_raised_at_once(db, changes):
    company = make_company(db)
    tried: list[str] = []
    with pytest.raises(IntegrityError):
        write_with_free_number(
            db,
            _contract(**({"company_id": company.id} | changes)),
            "number",
            _candidates(tried),
            exhausted="x",
        )
    assert tried == ["T-1"]  # not 20 tries ending in « réessayez »


def test_a_failure_after_the_number_was_written_leaves_nothing_written(monkeypatch):
    """SQLite (pysqlite opens a transaction only before a write): the savepoint was the transaction's first
    statement, so it opened the transaction itself and its RELEASE committed the contract; the audit row
    failing next then left a contract without options nor audit. Everything of the unit of work goes now."""
    with db_session() as session:
        company = make_company(session)
        agent = make_staff(session, role=StaffRole.ENTREPRISES)
    company_id, agent_id = company.id, agent.id

    def audit_down(*_args, **_kwargs):
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(audit, "record_by", audit_down)
    form = new_contracts.ContractForm("sante", "Frais de santé", "Atlantique", "Cadres", "01/01/2027", "50")
    with pytest.raises(RuntimeError), db_session() as session:
        new_contracts.add_contract(
            session,
            actor=Actor(account_id=agent_id),
            company_id=company_id,
            form=form,
            today=date(2027, 1, 15),
        )
    with db_session() as session:
        assert session.scalar(select(func.count(Contract.id)).where(Contract.company_id == company_id)) == 0
