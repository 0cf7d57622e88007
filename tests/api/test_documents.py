"""The PDF routes: only the logged-in member's décomptes and card, never cached, every download audited."""

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from starlette.testclient import TestClient

from ocso_app.api import build_api
from ocso_app.db import db_session
from ocso_app.models import Account, AuditEvent, Statement
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from tests.builders import CareMember, make_care_member, make_company, make_employer


@pytest.fixture
def two_members() -> tuple[CareMember, CareMember, str]:
    """Martin (logged in: his cookie) and Michael, committed since the routes open their own sessions."""
    with db_session() as session:
        martin = make_care_member(session)
        michael = make_care_member(session, first_name="Michael", last_name="DEMAREST")
        token = start_session(
            session, account=session.get(Account, martin.account_id), second_factor_done=True
        )
    return martin, michael, f"{SESSION_COOKIE}={token}"


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:3000")


def _assert_private_pdf(response) -> str:
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert "no-store" in response.headers["cache-control"]
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).replace(
        "\u00a0", " "
    )


def test_member_downloads_own_statement(client, two_members):
    martin, _, cookie = two_members
    response = client.get(f"/api/assure/decomptes/{martin.statement_ids[1]}.pdf", headers={"cookie": cookie})
    text = _assert_private_pdf(response)
    assert "Martin DUBOIS" in text and "16,18 €" in text and "24 août 2025" in text
    with db_session() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.member_id == martin.member_id)
        ).all()
        number = session.get(Statement, martin.statement_ids[1]).number
    assert f"Téléchargement du décompte de prestations n° {number}" in actions


def test_member_cannot_download_another_members_statement(client, two_members):
    _, michael, cookie = two_members
    response = client.get(f"/api/assure/decomptes/{michael.statement_ids[0]}.pdf", headers={"cookie": cookie})
    assert response.status_code == 404
    assert b"%PDF" not in response.content and "no-store" in response.headers["cache-control"]


def test_unknown_statement_is_404_too(client, two_members):
    _, _, cookie = two_members
    assert client.get("/api/assure/decomptes/999999999.pdf", headers={"cookie": cookie}).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/api/assure/decomptes/1.pdf", "/api/assure/decomptes.pdf", "/api/assure/carte-tiers-payant.pdf"],
)
def test_no_session_cookie_no_pdf(client, path):
    response = client.get(path)
    assert response.status_code == 401 and b"%PDF" not in response.content
    forged = client.get(path, headers={"cookie": f"{SESSION_COOKIE}=forged-token"})
    assert forged.status_code == 401


def test_selection_pdf_uses_the_callers_filters_and_sums(client, two_members):
    martin, _, cookie = two_members
    julie = martin.beneficiary_ids["EA"]
    response = client.get(
        f"/api/assure/decomptes.pdf?du=2025-01-01&au=2025-12-31&beneficiaire={julie}&nature=PHAR",
        headers={"cookie": cookie},
    )
    text = _assert_private_pdf(response)
    assert "JULIE DUBOIS" in text and "Pharmacie" in text and "24,26 €" in text and "8,49 €" in text
    assert "Analyses de biologie" not in text  # the June décompte is not in this selection


def test_another_members_beneficiary_in_the_selection_is_refused(client, two_members):
    _, michael, cookie = two_members
    response = client.get(
        f"/api/assure/decomptes.pdf?beneficiaire={michael.beneficiary_ids['EA']}", headers={"cookie": cookie}
    )
    assert response.status_code == 400 and b"%PDF" not in response.content


def test_member_downloads_own_card(client, two_members):
    martin, _, cookie = two_members
    text = _assert_private_pdf(client.get("/api/assure/carte-tiers-payant.pdf", headers={"cookie": cookie}))
    assert martin.member_number in text and "VIAMEDIS" in text and "DUBOIS JULIE" in text


def test_an_employer_session_opens_no_member_pdf(client, two_members):
    martin, _, _ = two_members
    with db_session() as session:
        company = make_company(session)
        employer = make_employer(session, principal_of=(company,))
        token = start_session(session, account=employer, second_factor_done=True)
    response = client.get(
        f"/api/assure/decomptes/{martin.statement_ids[0]}.pdf",
        headers={"cookie": f"{SESSION_COOKIE}={token}"},
    )
    assert response.status_code == 401 and b"%PDF" not in response.content


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/assure/documents/%C2%B2", 404),  # "²".isdigit() is true, int("²") fails
        ("/api/assure/documents/99999999999999999999999", 404),
        ("/api/assure/decomptes/99999999999999999999999.pdf", 404),
        ("/api/assure/demarches/%C2%B2/pieces/1", 404),
        ("/api/assure/decomptes.pdf?beneficiaire=%C2%B2", 400),
        ("/api/assure/decomptes.pdf?beneficiaire=99999999999999999999999", 400),
    ],
)
def test_a_malformed_id_is_answered_as_an_unknown_one_not_with_a_stack_trace(
    client, two_members, path, status
):
    _, _, cookie = two_members
    response = client.get(path, headers={"cookie": cookie})
    assert response.status_code == status
    assert b"Traceback" not in response.content
