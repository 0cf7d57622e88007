"""GET /api/assure/garanties/{id}: a document of the member's own contract. Another contract's document is a
404 like a missing one; no session, a forged one or an employer's is refused; nothing is written when
refused."""

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.db import db_session
from ocso_app.models import AuditEvent, EmployerProfile
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from tests.builders import make_employer, make_member, make_member_account
from tests.builders.contracts import make_contract_document
from tests.builders.members import new_email
from tests.builders.roster import make_plans


@dataclass
class Covered:
    member_id: int
    cookie: str
    document_id: int


def _covered(session) -> Covered:
    plans = make_plans(session)
    member = make_member(session, email=new_email(), contract_option_id=plans.health_option.id)
    account = make_member_account(session, member=member)
    document = make_contract_document(session, contract=plans.health, title="Descriptif des garanties")
    token = start_session(session, account=account, second_factor_done=True)
    return Covered(account.member_id, f"{SESSION_COOKIE}={token}", document.id)


@pytest.fixture
def pair() -> tuple[Covered, Covered]:
    with db_session() as session:
        return _covered(session), _covered(session)


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:3000")


def _url(document_id: int | str) -> str:
    return routes.API_MEMBER_GUARANTEES.url(document_id=document_id)


def _history(member_id: int) -> int:
    with db_session() as session:
        return session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.member_id == member_id)) or 0


def test_the_member_downloads_the_descriptif_of_their_contract(client, pair):
    me, _ = pair
    response = client.get(_url(me.document_id), headers={"cookie": me.cookie})
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert "Descriptif%20des%20garanties%20" in response.headers["content-disposition"]
    assert "no-store" in response.headers["cache-control"]
    assert _history(me.member_id) == 1


def test_another_contracts_document_no_session_or_an_employers_session_get_nothing(client, pair):
    me, other = pair
    before = _history(me.member_id)
    assert client.get(_url(other.document_id), headers={"cookie": me.cookie}).status_code == 404
    assert client.get(_url("abc"), headers={"cookie": me.cookie}).status_code == 404
    assert client.get(_url(me.document_id)).status_code == 401
    forged = client.get(_url(me.document_id), headers={"cookie": f"{SESSION_COOKIE}=forged"})
    assert forged.status_code == 401
    with db_session() as session:
        plans = make_plans(session)
        employer = make_employer(session, grants={plans.company: EmployerProfile.ADMIN})
        employer_cookie = (
            f"{SESSION_COOKIE}={start_session(session, account=employer, second_factor_done=True)}"
        )
    refused = client.get(_url(me.document_id), headers={"cookie": employer_cookie})
    assert refused.status_code == 401 and b"%PDF" not in refused.content
    assert _history(me.member_id) == before
