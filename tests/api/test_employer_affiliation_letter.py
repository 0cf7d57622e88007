"""GET /api/employeur/salaries/{id}/courrier-affiliation.pdf: each download draws a new code and revokes the
one already posted to the employee, so only a request the portal's own page started may have it, as for the
staff letters: ``Sec-Fetch-Site`` same-origin, or none (a link opened by hand, an old browser). A request
another site started, even a sibling site of the same domain, is refused before anything is drawn."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.api.employer_affiliation import CROSS_SITE
from ocso_app.db import db_session
from ocso_app.models import AffiliationInvitation, AffiliationStatus, EmployerProfile
from ocso_app.models.base import utcnow
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from tests.builders import make_company, make_employee, make_employer


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:3000")


@pytest.fixture
def letter() -> tuple[str, str, int]:
    """The letter's URL, an HR cookie of the structure and the employee (to affiliate, without e-mail)."""
    with db_session() as session:
        company = make_company(session)
        hr = make_employer(session, grants={company: EmployerProfile.STAFF_MANAGEMENT})
        employee = make_employee(
            session,
            company=company,
            status=AffiliationStatus.PENDING,
            invited_at=utcnow() - timedelta(days=1),
        )
        employee.address_line, employee.postal_code, employee.city = "3 rue de Siam", "29200", "BREST"
        token = start_session(session, account=hr, second_factor_done=True)
        url = routes.API_EMPLOYER_AFFILIATION_LETTER.url(employee_id=employee.id)
        return url, f"{SESSION_COOKIE}={token}", employee.id


def _codes(employee_id: int) -> int:
    with db_session() as session:
        return (
            session.scalar(select(func.count()).where(AffiliationInvitation.employee_id == employee_id)) or 0
        )


@pytest.mark.parametrize("site", ["cross-site", "same-site"])
def test_a_request_another_site_started_draws_no_new_code(client, letter, site):
    url, cookie, employee_id = letter
    answer = client.get(url, headers={"cookie": cookie, "sec-fetch-site": site})
    assert answer.status_code == 403 and CROSS_SITE in answer.text
    assert _codes(employee_id) == 0


@pytest.mark.parametrize("site", ["same-origin", "none", None])
def test_the_fiche_salariee_and_a_link_opened_by_hand_get_the_letter(client, letter, site):
    url, cookie, employee_id = letter
    headers = {"cookie": cookie} | ({"sec-fetch-site": site} if site else {})
    answer = client.get(url, headers=headers)
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    assert _codes(employee_id) == 1
