"""The attestation routes: an employer session, the structures whose profile allows seeing the employees,
one id outside them refuses the whole download, every attestation drawn is audited."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.db import db_session
from ocso_app.models import AuditEvent, EmployerProfile
from ocso_app.services.attestation_pdf import TOO_MANY
from tests.builders import make_employer
from tests.builders.roster import make_covered_employee, make_plans
from tests.e2e.helpers import cookie_for


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:3000")


@pytest.fixture
def world() -> dict[str, object]:
    """An employer of one company (principal), a payroll user of it, and an employee of another company."""
    with db_session() as session:
        mine, other = make_plans(session), make_plans(session)
        employees = [make_covered_employee(session, plans=mine, last_name=n) for n in ("ARNAUD", "BLANC")]
        stranger = make_covered_employee(session, plans=other, last_name="ETRANGER")
        boss = make_employer(session, principal_of=(mine.company,))
        payroll = make_employer(session, grants={mine.company: EmployerProfile.CONTRIBUTIONS})
        return {
            "ids": [e.id for e in employees],
            "stranger": stranger.id,
            "boss": boss.id,
            "payroll": payroll.id,
        }


def _pages(response) -> list[str]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert "no-store" in response.headers["cache-control"]
    return [p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages]


def _downloads(account_id: int) -> list[str]:
    with db_session() as session:
        return list(session.scalars(select(AuditEvent.action).where(AuditEvent.account_id == account_id)))


def test_one_attestation_and_a_selection(client, world):
    cookie = {"cookie": cookie_for(world["boss"])}
    first, second = world["ids"]
    (page,) = _pages(client.get(routes.API_EMPLOYER_ATTESTATION.url(employee_id=first), headers=cookie))
    assert "ARNAUD" in page
    url = routes.API_EMPLOYER_ATTESTATIONS.url({"salaries": f"{second},{first}"})
    pages = _pages(client.get(url, headers=cookie))
    assert len(pages) == 2 and "BLANC" in pages[0] and "ARNAUD" in pages[1]
    assert len(_downloads(world["boss"])) == 3


def test_another_companys_employee_looks_missing_even_inside_a_selection(client, world):
    cookie = {"cookie": cookie_for(world["boss"])}
    stranger, first = world["stranger"], world["ids"][0]
    assert (
        client.get(routes.API_EMPLOYER_ATTESTATION.url(employee_id=stranger), headers=cookie).status_code
        == 404
    )
    forged = routes.API_EMPLOYER_ATTESTATIONS.url({"salaries": f"{first},{stranger}"})
    response = client.get(forged, headers=cookie)
    assert response.status_code == 404 and b"%PDF" not in response.content
    for nonsense in ("abc", "1e3", "-1", "99999999999999999999"):
        url = routes.API_EMPLOYER_ATTESTATIONS.url({"salaries": f"{first},{nonsense}"})
        assert client.get(url, headers=cookie).status_code == 404, nonsense
    assert _downloads(world["boss"]) == []


def test_no_session_no_right_or_too_many(client, world):
    first = world["ids"][0]
    assert client.get(routes.API_EMPLOYER_ATTESTATION.url(employee_id=first)).status_code == 401
    payroll = {"cookie": cookie_for(world["payroll"])}  # cotisations: may not see the employees
    assert (
        client.get(routes.API_EMPLOYER_ATTESTATION.url(employee_id=first), headers=payroll).status_code == 404
    )
    cookie = {"cookie": cookie_for(world["boss"])}
    many = ",".join(str(first + n) for n in range(201))
    response = client.get(routes.API_EMPLOYER_ATTESTATIONS.url({"salaries": many}), headers=cookie)
    assert response.status_code == 400 and response.text == TOO_MANY
    assert client.get(routes.API_EMPLOYER_ATTESTATIONS.url(), headers=cookie).status_code == 400
