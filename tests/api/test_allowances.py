"""The employer's décompte d'indemnités journalières route: only a payment of a structure where the caller's
profile allows viewing arrêts de travail, never cached, every download audited."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import delete, select
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.db import db_session
from ocso_app.models import Account, AuditEvent, DailyAllowance, EmployerProfile, SickLeave
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from tests.builders import make_company, make_employee, make_employer
from tests.builders.sick_leaves import make_provident_contract, make_sick_leave


@dataclass
class Payments:
    account_id: int
    cookie: str
    own_id: int
    own_number: str
    other_id: int
    staff_only_cookie: str


def _cookie(session, account_id: int) -> str:
    token = start_session(session, account=session.get(Account, account_id), second_factor_done=True)
    return f"{SESSION_COOKIE}={token}"


def _payment(session, company) -> tuple[int, str, int]:
    leave, (payment,) = make_sick_leave(
        session,
        employee=make_employee(session, company=company, first_name="Sophie", last_name="Lambert"),
        contract=make_provident_contract(session, company=company),
        start=date(2025, 1, 6),
        end=None,
        daily=Decimal("48.62"),
        periods=[(date(2025, 1, 9), date(2025, 2, 7))],
    )
    return payment.id, payment.statement_number, leave.id


@pytest.fixture
def payments() -> Iterator[Payments]:
    """Committed: the route opens its own session. The arrêts and payments are deleted after the test, so
    that no test meets them in the shared database (health data of people the test invented)."""
    with db_session() as session:
        own, other = make_company(session), make_company(session)
        employer = make_employer(session, principal_of=(own,))
        staff_only = make_employer(session, grants={own: EmployerProfile.STAFF_MANAGEMENT})
        own_id, own_number, own_leave = _payment(session, own)
        other_id, _, other_leave = _payment(session, other)
        made = Payments(
            employer.id,
            _cookie(session, employer.id),
            own_id,
            own_number,
            other_id,
            _cookie(session, staff_only.id),
        )
    yield made
    with db_session() as session:
        leaves = (own_leave, other_leave)
        session.execute(delete(DailyAllowance).where(DailyAllowance.sick_leave_id.in_(leaves)))
        session.execute(delete(SickLeave).where(SickLeave.id.in_(leaves)))


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:3000")


def _url(allowance_id: object) -> str:
    return routes.API_EMPLOYER_ALLOWANCE_PDF.url(allowance_id=allowance_id)


def test_employer_downloads_a_decompte_of_own_structure_and_it_is_audited(client, payments):
    response = client.get(_url(payments.own_id), headers={"cookie": payments.cookie})
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert "no-store" in response.headers["cache-control"]
    (page,) = PdfReader(io.BytesIO(response.content)).pages
    text = page.extract_text().replace("\u00a0", " ")
    assert "LAMBERT Sophie" in text and "1 360,87 €" in text and payments.own_number in text
    with db_session() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.account_id == payments.account_id)
        ).all()
    assert actions == [f"Téléchargement du décompte d'indemnités journalières n° {payments.own_number}"]


def test_another_companys_decompte_answers_404_like_a_missing_one(client, payments):
    for allowance_id in (payments.other_id, 999_999_999, "abc", "1e3"):
        response = client.get(_url(allowance_id), headers={"cookie": payments.cookie})
        assert response.status_code == 404 and b"%PDF" not in response.content, allowance_id


def test_a_profile_without_sick_leave_rights_gets_404(client, payments):
    response = client.get(_url(payments.own_id), headers={"cookie": payments.staff_only_cookie})
    assert response.status_code == 404


def test_no_session_no_decompte(client, payments):
    assert client.get(_url(payments.own_id)).status_code == 401
    forged = client.get(_url(payments.own_id), headers={"cookie": f"{SESSION_COOKIE}=forged"})
    assert forged.status_code == 401
