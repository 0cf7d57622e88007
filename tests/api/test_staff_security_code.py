"""GET /api/ocso/dossiers/entreprises/{id}/code-securite.pdf: the letter with a new code de sécurité, for the
roles that may change companies. Another role gets 404 (as a missing company), no session or a member's or an
employer's 401, a request another site started 403; none of them changes the code nor writes a line."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.db import db_session
from ocso_app.models import Account, AuditEvent, Company, EmployerProfile, StaffRole
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from tests.builders import make_company, make_employer, make_member_account, make_staff


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:3000")


def _cookie(session, account) -> str:
    return f"{SESSION_COOKIE}={start_session(session, account=account, second_factor_done=True)}"


@pytest.fixture
def world() -> tuple[int, dict[str, str]]:
    with db_session() as session:
        company = make_company(session)
        cookies = {
            role.value: _cookie(session, session.get(Account, make_staff(session, role=role).id))
            for role in StaffRole
        }
        cookies["member"] = _cookie(session, make_member_account(session))
        cookies["employer"] = _cookie(
            session, make_employer(session, grants={company: EmployerProfile.ADMIN})
        )
        return company.id, cookies


def _state(company_id: int) -> tuple[str, int]:
    with db_session() as session:
        code_hash = session.scalar(select(Company.security_code_hash).where(Company.id == company_id))
        audits = session.scalar(select(func.count()).where(AuditEvent.company_id == company_id))
        return code_hash, audits


def test_only_the_roles_that_change_companies_get_a_new_code(client, world):
    company_id, cookies = world
    url = routes.API_STAFF_COMPANY_CODE_LETTER.url(company_id=company_id)
    before = _state(company_id)
    for who, status in (("", 401), ("member", 401), ("employer", 401), ("prestations", 404)):
        headers = {"cookie": cookies[who]} if who else {}
        answer = client.get(url, headers=headers)
        assert answer.status_code == status and b"%PDF" not in answer.content, who
    elsewhere = client.get(url, headers={"cookie": cookies["entreprises"], "sec-fetch-site": "cross-site"})
    assert elsewhere.status_code == 403 and b"%PDF" not in elsewhere.content
    assert _state(company_id) == before

    for role in ("entreprises", "administrateur"):
        answer = client.get(url, headers={"cookie": cookies[role], "sec-fetch-site": "same-origin"})
        assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
        assert "no-store" in answer.headers["cache-control"]
        after = _state(company_id)
        assert after[0] != before[0] and after[1] == before[1] + 1
        before = after
    missing = routes.API_STAFF_COMPANY_CODE_LETTER.url(company_id=987654321)
    assert client.get(missing, headers={"cookie": cookies["entreprises"]}).status_code == 404
