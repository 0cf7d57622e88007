"""An introducer's session, however valid, opens none of the portal's private files: not a décompte, a card,
a document or an attachment of an employee of a company in the introducer's own portfolio, nor any employer
or OCSO file of that company (the Espace Apporteurs shows figures, never an individual's data)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.db import db_session
from ocso_app.models import Account, AccountKind, Company, Employee
from ocso_app.services.sessions import SESSION_COOKIE, resolve_caller, start_session
from tests.builders import make_care_member, make_employee, make_introducer
from tests.builders.contracts import make_employer_guide

PUBLIC = {"API_HEALTH", "API_LOGIN", "API_LOGOUT", "API_SECOND_FACTOR"}
GETS = [
    name for name, endpoint in routes.endpoints().items() if "GET" in endpoint.methods and name not in PUBLIC
]
# The letters POSTed by a confirmation dialog (each replaces a secret): refused to an introducer as well.
LETTERS = [
    "API_EMPLOYER_AFFILIATION_LETTER",
    "API_STAFF_COMPANY_CODE_LETTER",
    "API_STAFF_MEMBER_PASSWORD_LETTER",
]


@pytest.fixture
def introducer_of_the_members_company() -> tuple[str, dict[str, object], str]:
    """A member of a company (with décomptes), an introducer whose portfolio holds that company, logged in:
    (the introducer's cookie, the ids of that client's data, the member's last name)."""
    with db_session() as session:
        member = make_care_member(session, first_name="Apolline", last_name="PORTEFEUILLE")
        company = session.get(Company, member.company_id)
        employee_id = session.scalar(select(Employee.id).where(Employee.company_id == company.id).limit(1))
        if employee_id is None:
            employee_id = make_employee(session, company=company).id
        introducer = make_introducer(session, companies=(company,), password="Apporteur-2026!")
        account = session.scalar(
            select(Account).where(
                Account.kind == AccountKind.INTRODUCER, Account.introducer_id == introducer.id
            )
        )
        token = start_session(session, account=account, second_factor_done=True)
        ids = {
            "statement_id": member.statement_ids[0],
            "member_id": member.member_id,
            "company_id": company.id,
            "employee_id": employee_id,
            "guide_id": make_employer_guide(session, title="Guide RH PORTEFEUILLE").id,  # every employer's
            "format": "csv",
        }
    cookie = f"{SESSION_COOKIE}={token}"
    caller = resolve_caller(cookie)
    assert caller is not None and caller.introducer_id == introducer.id  # a live introducer's session
    return cookie, ids, "PORTEFEUILLE"


@pytest.mark.parametrize(
    ("name", "method"), [(name, "GET") for name in GETS] + [(name, "POST") for name in LETTERS]
)
def test_an_introducer_opens_no_private_file_of_a_client(introducer_of_the_members_company, name, method):
    cookie, ids, last_name = introducer_of_the_members_company
    endpoint = routes.endpoints()[name]
    assert method in endpoint.methods
    url = endpoint.url(
        query={"salaries": str(ids["employee_id"])}, **{p: ids.get(p, 1) for p in endpoint.path_parameters()}
    )
    client = TestClient(build_api(), base_url="http://localhost:3000")
    response = client.request(method, url, headers={"cookie": cookie}, follow_redirects=False)
    assert response.status_code in (302, 303, 400, 401, 403, 404), (name, response.status_code)
    assert not response.content.startswith((b"%PDF", b"PK")), name
    assert last_name.encode() not in response.content, name
