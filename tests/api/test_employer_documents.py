"""The employer's Entreprise and Documents routes: a contract's notice, a structure's document and the BIA,
each within the caller's structures (another company's id is a 404), refused without a session, private."""

import io
from dataclasses import dataclass

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.db import db_session
from ocso_app.models import AuditEvent, ContractKind, ContractOption
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from tests.builders import make_company, make_employer
from tests.builders.contracts import make_company_document, make_contract, make_contract_document


@dataclass
class Structure:
    company_id: int
    cookie: str
    notice_id: int
    document_id: int
    health_id: int
    provident_id: int
    option_id: int


def _structure(session) -> Structure:
    company = make_company(session)
    employer = make_employer(session, principal_of=(company,))
    health = make_contract(session, company=company)
    provident = make_contract(session, company=company, kind=ContractKind.PREVOYANCE)
    option_id = session.scalar(
        select(ContractOption.id).where(
            ContractOption.contract_id == health.id, ContractOption.is_base.is_(False)
        )
    )
    token = start_session(session, account=employer, second_factor_done=True)
    return Structure(
        company.id,
        f"{SESSION_COOKIE}={token}",
        make_contract_document(session, contract=health, title="Notice santé").id,
        make_company_document(session, company=company, title="Avenant").id,
        health.id,
        provident.id,
        option_id,
    )


@pytest.fixture
def pair() -> tuple[Structure, Structure]:
    with db_session() as session:
        return _structure(session), _structure(session)


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:3000")


def _pdf_text(response) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert "no-store" in response.headers["cache-control"]
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def _bia(contract_id: int, **query: str) -> str:
    return routes.API_EMPLOYER_BIA_PDF.url({"contrat": str(contract_id), "precompte": "oui", **query})


def test_employer_downloads_own_contract_notice_and_company_document(client, pair):
    mine, _ = pair
    notice = client.get(
        f"/api/employeur/contrats/documents/{mine.notice_id}", headers={"cookie": mine.cookie}
    )
    assert "Notice santé" in _pdf_text(notice)
    document = client.get(f"/api/employeur/documents/{mine.document_id}", headers={"cookie": mine.cookie})
    assert "Avenant" in _pdf_text(document)
    with db_session() as session:
        actions = set(
            session.scalars(select(AuditEvent.action).where(AuditEvent.company_id == mine.company_id))
        )
    assert {"Téléchargement du document « Avenant »"} <= actions


def test_another_companys_documents_and_contracts_are_not_found(client, pair):
    mine, theirs = pair
    for url in (
        f"/api/employeur/contrats/documents/{theirs.notice_id}",
        f"/api/employeur/documents/{theirs.document_id}",
        _bia(theirs.health_id),
        f"/api/employeur/documents/{theirs.notice_id}abc",
        routes.API_EMPLOYER_BIA_PDF.url({"contrat": "x", "precompte": "oui"}),
    ):
        response = client.get(url, headers={"cookie": mine.cookie})
        assert response.status_code == 404, url
        assert b"%PDF" not in response.content


def test_without_a_session_every_route_is_refused(client, pair):
    mine, _ = pair
    for url in (
        f"/api/employeur/contrats/documents/{mine.notice_id}",
        f"/api/employeur/documents/{mine.document_id}",
        _bia(mine.health_id),
    ):
        assert client.get(url).status_code == 401


def test_bia_is_composed_from_the_query(client, pair):
    mine, _ = pair
    response = client.get(_bia(mine.health_id, options=str(mine.option_id)), headers={"cookie": mine.cookie})
    text = _pdf_text(response)
    assert "Formule Confort (option)" in text and "Précompte employeur : Oui" in text
    provident = client.get(_bia(mine.provident_id, effectif="3"), headers={"cookie": mine.cookie})
    assert "QUESTIONNAIRE MÉDICAL" in _pdf_text(provident)


def test_bia_with_a_bad_headcount_is_a_400_in_french(client, pair):
    mine, _ = pair
    response = client.get(_bia(mine.provident_id, effectif="beaucoup"), headers={"cookie": mine.cookie})
    assert response.status_code == 400
    assert "nombre de salariés inscrits sur le contrat" in response.text
