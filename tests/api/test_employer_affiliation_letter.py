"""POST /api/employeur/salaries/{id}/courrier-affiliation.pdf, the courrier d'affiliation of the fiche
salarié(e) (and of the affiliation wizard's last step): each letter draws a new code and revokes the one
already posted to the employee, so it is asked by the POST of a confirmation dialog, never by a GET (a stray
click, a middle-click, a browser prefetching a link), and only by the portal's own page, as for the staff
letters: the portal's Origin, and ``Sec-Fetch-Site`` same-origin or none (an old browser). A request another
site started, even a sibling site of the same domain, or another origin posted, is refused before anything is
drawn. The access matrix of every employer route (tests/e2e/test_employer_access_matrix.py lists this route
as tested in tests/e2e/test_affiliation_hr_access.py) is kept here too: without a cookie 401; a profile that
may not manage the employees, and anybody of another company, the 404 of a missing letter."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api, wrapped
from ocso_app.api.employer_affiliation import CROSS_SITE, NO_LETTER
from ocso_app.api.headers import FOREIGN_ORIGIN
from ocso_app.db import db_session
from ocso_app.models import AffiliationInvitation, AffiliationStatus, AuditEvent, Employee, EmployerProfile
from ocso_app.models.base import utcnow
from ocso_app.services import employer_access
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from tests.builders import make_company, make_employee, make_employer

PORTAL = "http://localhost:3000"
FROM_THE_FICHE = {
    "origin": PORTAL,
    "sec-fetch-site": "same-origin",
}  # the dialog's form, as Chromium posts it
OTHER_COMPANY = "another company's administrator"


@pytest.fixture
def client() -> TestClient:
    """Our routes inside the wrappers the portal serves them with (the origin check included)."""
    return TestClient(wrapped(build_api()), base_url=PORTAL)


@pytest.fixture
def letter() -> tuple[str, dict[str, str], int]:
    """The letter's URL, a cookie per profile of the structure (and one of another company's administrator),
    and the employee (to affiliate, without e-mail)."""
    with db_session() as session:
        company = make_company(session)
        employee = make_employee(
            session,
            company=company,
            status=AffiliationStatus.PENDING,
            invited_at=utcnow() - timedelta(days=1),
        )
        employee.address_line, employee.postal_code, employee.city = "3 rue de Siam", "29200", "BREST"
        users = {
            profile.value: make_employer(session, grants={company: profile}) for profile in EmployerProfile
        }
        users[OTHER_COMPANY] = make_employer(session, grants={make_company(session): EmployerProfile.ADMIN})
        cookies = {
            who: f"{SESSION_COOKIE}={start_session(session, account=user, second_factor_done=True)}"
            for who, user in users.items()
        }
        url = routes.API_EMPLOYER_AFFILIATION_LETTER.url(employee_id=employee.id)
        return url, cookies, employee.id


def _post(client: TestClient, url: str, cookie: str | None, headers: dict[str, str] | None = None):
    """The dialog's form posted with ``cookie``, ``headers`` in place of the fiche's own."""
    return client.post(url, headers=FROM_THE_FICHE | ({"cookie": cookie} if cookie else {}) | (headers or {}))


def _written(employee_id: int) -> tuple[list[tuple[int, datetime | None, datetime]], datetime | None, int]:
    """The employee's invitations (id, used, expiry), their date of invitation, and their company's log."""
    with db_session() as session:
        employee = session.get(Employee, employee_id)
        invitations = session.execute(
            select(AffiliationInvitation.id, AffiliationInvitation.used_at, AffiliationInvitation.expires_at)
            .where(AffiliationInvitation.employee_id == employee_id)
            .order_by(AffiliationInvitation.id)
        ).all()
        audits = session.scalar(select(func.count()).where(AuditEvent.company_id == employee.company_id))
        return [tuple(row) for row in invitations], employee.invited_at, audits


def test_a_get_leaves_the_posted_code_as_it_was(client, letter):
    url, cookies, employee_id = letter
    admin = cookies[EmployerProfile.ADMIN.value]
    assert _post(client, url, admin).status_code == 200  # the letter posted to the employee
    before = _written(employee_id)
    for profile in (EmployerProfile.ADMIN, EmployerProfile.STAFF_MANAGEMENT):
        answer = client.get(url, headers={"cookie": cookies[profile.value], "sec-fetch-site": "same-origin"})
        assert answer.status_code == 405 and b"%PDF" not in answer.content, profile.value
    assert _written(employee_id) == before


@pytest.mark.parametrize("site", ["cross-site", "same-site"])
def test_a_request_another_site_started_draws_no_new_code(client, letter, site):
    url, cookies, employee_id = letter
    before = _written(employee_id)
    answer = _post(client, url, cookies[EmployerProfile.ADMIN.value], {"sec-fetch-site": site})
    assert answer.status_code == 403 and CROSS_SITE in answer.text
    assert _written(employee_id) == before


@pytest.mark.parametrize("origin", ["https://evil.example", "null", None])
def test_a_post_from_another_origin_draws_no_new_code(client, letter, origin):
    url, cookies, employee_id = letter
    before = _written(employee_id)
    headers = {"cookie": cookies[EmployerProfile.ADMIN.value]} | ({"origin": origin} if origin else {})
    answer = client.post(url, headers=headers)
    assert answer.status_code == 403 and answer.text == FOREIGN_ORIGIN
    assert _written(employee_id) == before


def test_only_the_profiles_that_manage_the_companys_employees_get_the_letter(client, letter):
    url, cookies, employee_id = letter
    before = _written(employee_id)
    for who in (None, OTHER_COMPANY, *(p.value for p in EmployerProfile)):
        allowed = who in {p.value for p in EmployerProfile} and employer_access.allows(
            EmployerProfile(who), EmployerAction.MANAGE_EMPLOYEES
        )
        if allowed:
            continue
        answer = _post(client, url, cookies[who] if who else None)
        assert answer.status_code == (401 if who is None else 404), who
        assert b"%PDF" not in answer.content and (who is None or NO_LETTER in answer.text)
    assert _written(employee_id) == before


@pytest.mark.parametrize("site", ["same-origin", "none", None])
def test_the_fiche_salariee_gets_the_letter_with_a_new_code(client, letter, site):
    url, cookies, employee_id = letter
    headers = {"origin": PORTAL} | ({"sec-fetch-site": site} if site else {})
    first = client.post(url, headers={"cookie": cookies[EmployerProfile.ADMIN.value]} | headers)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    assert first.headers["content-disposition"].startswith("attachment;")
    assert "no-store" in first.headers["cache-control"]
    (posted,), _, audits = _written(employee_id)
    assert posted[1] is None  # usable

    again = client.post(url, headers={"cookie": cookies[EmployerProfile.STAFF_MANAGEMENT.value]} | headers)
    assert again.status_code == 200 and again.content.startswith(b"%PDF")
    (revoked, fresh), _, audits_after = _written(employee_id)
    assert revoked[0] == posted[0] and revoked[1] is not None and fresh[1] is None
    assert audits_after == audits + 1
