"""GET /api/employeur/salaries/{id}/courrier-radiation.pdf, the radiation letter of the fiche salarié(e):
every employer profile of the company and of another company, as the access matrix asks of each employer route
(tests/e2e/test_employer_access_matrix.py lists this route as tested here): a profile that may manage the
employees gets the PDF of its own company's radiated employee; any other profile, and anybody of another
company, gets the 404 of a missing letter; without a cookie, 401."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.api.app import HANDLERS
from ocso_app.api.guard import NEEDS
from ocso_app.db import db_session
from ocso_app.models import AuditEvent, EmployerProfile
from ocso_app.services import audit, employer_access
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.formats import paris_today
from ocso_app.services.radiation import radiate
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from tests.builders import make_company, make_employee, make_employer, make_member


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:3000")


def _company() -> tuple[int, int, dict[EmployerProfile, str]]:
    """A company with a radiated employee and one user per profile: (company, employee, cookies)."""
    with db_session() as session:
        company = make_company(session)
        member = make_member(session, email=None)
        employee = make_employee(
            session, company=company, member_id=member.id, email=None, hired_on=date(2024, 1, 8)
        )
        radiate(
            session,
            employee,
            left_on=paris_today() - timedelta(days=2),
            reason="licenciement",
            by=StatusAuthor(None, "RH"),
            actor=audit.Actor(account_id=None, company_id=company.id),
            today=paris_today(),
        )
        cookies = {}
        for profile in EmployerProfile:
            user = make_employer(session, grants={company: profile})
            token = start_session(session, account=user, second_factor_done=True)
            cookies[profile] = f"{SESSION_COOKIE}={token}"
        return company.id, employee.id, cookies


def _letters(company_id: int) -> int:
    with db_session() as session:
        return (
            session.scalar(
                select(func.count()).where(
                    AuditEvent.company_id == company_id, AuditEvent.action.startswith("Courrier de radiation")
                )
            )
            or 0
        )


def test_the_route_needs_the_right_to_manage_the_employees():
    assert getattr(HANDLERS[routes.API_EMPLOYER_RADIATION_LETTER], NEEDS) == EmployerAction.MANAGE_EMPLOYEES


@pytest.mark.parametrize("profile", list(EmployerProfile), ids=lambda p: p.value)
def test_each_profile_gets_its_own_companys_letter_only_if_it_may_manage_and_never_anothers(client, profile):
    mine, my_employee, my_cookies = _company()
    theirs, their_employee, _their_cookies = _company()
    cookie = {"cookie": my_cookies[profile]}
    own = routes.API_EMPLOYER_RADIATION_LETTER.url(employee_id=my_employee)
    other = routes.API_EMPLOYER_RADIATION_LETTER.url(employee_id=their_employee)
    assert client.get(own).status_code == 401
    assert client.get(other, headers=cookie).status_code == 404
    assert _letters(theirs) == 0
    answer = client.get(own, headers=cookie)
    if employer_access.allows(profile, EmployerAction.MANAGE_EMPLOYEES):
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/pdf")
        assert answer.content.startswith(b"%PDF") and _letters(mine) == 1
    else:
        assert answer.status_code == 404 and _letters(mine) == 0
