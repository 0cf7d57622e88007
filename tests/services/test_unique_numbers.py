"""``unique_numbers``: a number another writer took meanwhile is retried with the next one; any other refusal
of the database (a missing required value, a foreign key to nothing, another unique column) is the caller's
bug and is raised as it is, at once, not retried until « réessayez »."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

import pytest
from sqlalchemy.exc import IntegrityError

from ocso_app.models import Contract, ContractKind
from ocso_app.services.errors import OcsoError
from ocso_app.services.unique_numbers import TRIES, write_with_free_number
from tests.builders import make_company
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
