"""The letters OCSO's staff download to post, each replacing a secret: asked by a POST of the file's
confirmation dialog, never by a GET (a stray click, a middle-click, a browser prefetching a link).

POST /api/ocso/dossiers/entreprises/{id}/code-securite.pdf: the letter with a new code de sécurité, for the
roles that may change companies. Another role gets 404 (as a missing company), no session or a member's or an
employer's 401, a request another site started or another origin posted 403; none of them changes the code
nor writes a line.

POST /api/ocso/dossiers/assures/{id}/mot-de-passe.pdf: the letter with a temporary password, for the roles
that may change a member's file; refused the same way (and 400 with the French message for a member without
an account), changing neither the password nor the audit log. Each letter replaces the password.

A GET of either is a 405: nothing changed, nothing audited, whoever asks."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api, wrapped
from ocso_app.api.headers import FOREIGN_ORIGIN
from ocso_app.db import db_session
from ocso_app.models import Account, AuditEvent, Company, EmployerProfile, StaffRole
from ocso_app.services import member_access
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from tests.builders import make_company, make_employer, make_member, make_member_account, make_staff

PORTAL = "http://localhost:3000"
FROM_THE_FILE = {"origin": PORTAL, "sec-fetch-site": "same-origin"}  # the dialog's form, as Chromium posts it


@pytest.fixture
def client() -> TestClient:
    """Our routes inside the wrappers the portal serves them with (the origin check included)."""
    return TestClient(wrapped(build_api()), base_url=PORTAL)


def _cookie(session, account) -> str:
    return f"{SESSION_COOKIE}={start_session(session, account=account, second_factor_done=True)}"


def _post(client: TestClient, url: str, cookie: str | None, headers: dict[str, str] | None = None):
    """The dialog's form posted with ``cookie``, ``headers`` in place of the file page's own."""
    return client.post(url, headers=FROM_THE_FILE | ({"cookie": cookie} if cookie else {}) | (headers or {}))


def _refused_elsewhere(client: TestClient, url: str, cookie: str) -> None:
    """Another site's page (Sec-Fetch-Site), another origin, no origin at all: 403, never a PDF."""
    elsewhere = _post(client, url, cookie, {"sec-fetch-site": "cross-site"})
    assert elsewhere.status_code == 403 and b"%PDF" not in elsewhere.content
    for origin in ("https://evil.example", "null"):
        foreign = _post(client, url, cookie, {"origin": origin})
        assert foreign.status_code == 403 and foreign.text == FOREIGN_ORIGIN
    no_origin = client.post(url, headers={"cookie": cookie})
    assert no_origin.status_code == 403 and no_origin.text == FOREIGN_ORIGIN


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
        answer = _post(client, url, cookies[who] if who else None)
        assert answer.status_code == status and b"%PDF" not in answer.content, who
    _refused_elsewhere(client, url, cookies["entreprises"])
    assert _state(company_id) == before

    for role in ("entreprises", "administrateur"):
        answer = _post(client, url, cookies[role])
        assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
        assert "no-store" in answer.headers["cache-control"]
        assert answer.headers["content-disposition"].startswith("attachment;")
        after = _state(company_id)
        assert after[0] != before[0] and after[1] == before[1] + 1
        before = after
    missing = routes.API_STAFF_COMPANY_CODE_LETTER.url(company_id=987654321)
    assert _post(client, missing, cookies["entreprises"]).status_code == 404


@pytest.fixture
def members() -> tuple[int, int, dict[str, str]]:
    """A member with an account (the target), another member without one, and every kind of caller."""
    with db_session() as session:
        target = make_member_account(session)
        cookies = {
            role.value: _cookie(session, session.get(Account, make_staff(session, role=role).id))
            for role in StaffRole
        }
        cookies["member"] = _cookie(session, make_member_account(session))
        cookies["target"] = _cookie(session, target)  # the member themselves: not staff either
        company = make_company(session)
        cookies["employer"] = _cookie(
            session, make_employer(session, grants={company: EmployerProfile.ADMIN})
        )
        return target.member_id, make_member(session).id, cookies


def _member_state(member_id: int) -> tuple[str, int]:
    with db_session() as session:
        password_hash = session.scalar(select(Account.password_hash).where(Account.member_id == member_id))
        audits = session.scalar(select(func.count()).where(AuditEvent.member_id == member_id))
        return password_hash, audits


def test_a_get_of_either_letter_changes_nothing(client, world, members):
    """A link, a prefetch, a stray click: 405 to the roles that may have the letter, nothing written."""
    company_id, company_cookies = world
    member_id, _without_account, member_cookies = members
    letters = (
        (
            routes.API_STAFF_COMPANY_CODE_LETTER.url(company_id=company_id),
            lambda: _state(company_id),
            [company_cookies[role] for role in ("entreprises", "administrateur")],
        ),
        (
            routes.API_STAFF_MEMBER_PASSWORD_LETTER.url(member_id=member_id),
            lambda: _member_state(member_id),
            [member_cookies[role] for role in ("prestations", "administrateur")],
        ),
    )
    for url, written, cookies in letters:
        before = written()
        for cookie in cookies:
            answer = client.get(url, headers={"cookie": cookie, "sec-fetch-site": "same-origin"})
            assert answer.status_code == 405 and b"%PDF" not in answer.content, url
        assert written() == before, url


def test_only_the_roles_that_change_members_get_a_new_password(client, members):
    member_id, without_account, cookies = members
    url = routes.API_STAFF_MEMBER_PASSWORD_LETTER.url(member_id=member_id)
    before = _member_state(member_id)
    for who, status in (("", 401), ("member", 401), ("target", 401), ("employer", 401), ("entreprises", 404)):
        answer = _post(client, url, cookies[who] if who else None)
        assert answer.status_code == status and b"%PDF" not in answer.content, who
    _refused_elsewhere(client, url, cookies["prestations"])
    assert _member_state(member_id) == before

    nobody = routes.API_STAFF_MEMBER_PASSWORD_LETTER.url(member_id=without_account)
    answer = _post(client, nobody, cookies["prestations"])
    assert answer.status_code == 400 and member_access.NO_ACCOUNT in answer.text
    assert _member_state(without_account) == (None, 0)
    missing = routes.API_STAFF_MEMBER_PASSWORD_LETTER.url(member_id=987654321)
    assert _post(client, missing, cookies["prestations"]).status_code == 404

    for role in ("prestations", "administrateur"):
        answer = _post(client, url, cookies[role])
        assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
        assert "no-store" in answer.headers["cache-control"]
        assert answer.headers["content-disposition"].startswith("attachment;")
        after = _member_state(member_id)
        assert after[0] != before[0] and after[1] == before[1] + 1
        before = after
