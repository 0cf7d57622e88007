"""The employer's Entreprise and Documents routes: a contract's notice, a structure's document and the BIA,
each within the caller's structures (another company's id is a 404), refused without a session, private;
a guide published to every employer, read by any employer user and by nobody else, until withdrawn."""

import io
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.db import db_session
from ocso_app.models import (
    Account,
    AccountKind,
    AuditEvent,
    ContractKind,
    ContractOption,
    GuideKind,
    StaffRole,
)
from ocso_app.services import uploads
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from tests.builders import make_company, make_employer, make_introducer, make_member_account, make_staff
from tests.builders.contracts import (
    make_company_document,
    make_contract,
    make_contract_document,
    make_employer_guide,
)


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


@dataclass
class Guides:
    live_id: int
    withdrawn_id: int
    storage_keys: tuple[str, ...]


@pytest.fixture
def guides() -> Iterator[Guides]:
    with db_session() as session:
        live = make_employer_guide(session, title="Guide RH – affilier et radier", kind=GuideKind.HR_GUIDE)
        gone = make_employer_guide(session, title="Ancien tutoriel", kind=GuideKind.TUTORIAL, withdrawn=True)
        built = Guides(live.id, gone.id, (live.storage_key, gone.storage_key))
    yield built
    uploads.delete_stored(list(built.storage_keys))


def _cookie(session, account) -> str:
    return f"{SESSION_COOKIE}={start_session(session, account=account, second_factor_done=True)}"


def test_every_employer_reads_a_guide_of_every_employer_audited_with_who_read_it(client, pair, guides):
    """The guide belongs to no structure: each company's users read it (the same file), each download
    audited with the reader."""
    url = routes.API_EMPLOYER_GUIDE.url(guide_id=guides.live_id)
    for side in pair:
        assert "Guide RH – affilier et radier" in _pdf_text(client.get(url, headers={"cookie": side.cookie}))
    answer = client.get(url, headers={"cookie": pair[0].cookie})
    assert "Guide%20RH" in answer.headers["content-disposition"]
    with db_session() as session:
        readers = session.scalars(
            select(AuditEvent.account_id).where(
                AuditEvent.action == "Téléchargement du document « Guide RH – affilier et radier » (Guide RH)"
            )
        ).all()
    assert len(readers) == 3 and len(set(readers)) == 2


def test_a_withdrawn_unknown_or_malformed_guide_is_not_found(client, pair, guides):
    mine, _ = pair
    for guide_id in (guides.withdrawn_id, 10**9, "abc", "-1"):
        answer = client.get(routes.API_EMPLOYER_GUIDE.url(guide_id=guide_id), headers={"cookie": mine.cookie})
        assert answer.status_code == 404, guide_id
        assert b"%PDF" not in answer.content and "Document introuvable." in answer.text


def test_nobody_but_an_employer_gets_a_guide(client, guides):
    """No cookie, a member's, an introducer's, an OCSO agent's (the employer space's guard answers 401 to
    every session that is not an employer's), and an employer user without any structure (404, as a route
    does when no structure of the caller allows it)."""
    url = routes.API_EMPLOYER_GUIDE.url(guide_id=guides.live_id)
    with db_session() as session:
        member = make_member_account(session)
        introducer = make_introducer(session, companies=(make_company(session),))
        introducer_account = session.scalar(
            select(Account).where(
                Account.kind == AccountKind.INTRODUCER, Account.introducer_id == introducer.id
            )
        )
        cookies = {
            "assuré": _cookie(session, member),
            "apporteur": _cookie(session, introducer_account),
            "OCSO": _cookie(session, make_staff(session, role=StaffRole.ADMIN)),
        }
        unattached = _cookie(session, make_employer(session, principal_of=()))
    assert client.get(url).status_code == 401
    for who, cookie in cookies.items():
        answer = client.get(url, headers={"cookie": cookie})
        assert answer.status_code == 401 and b"%PDF" not in answer.content, who
    answer = client.get(url, headers={"cookie": unattached})
    assert answer.status_code == 404 and b"%PDF" not in answer.content


def test_the_guide_route_is_guarded_for_the_documents_page():
    from ocso_app.api.app import HANDLERS
    from ocso_app.api.guard import NEEDS

    assert getattr(HANDLERS[routes.API_EMPLOYER_GUIDE], NEEDS) == EmployerAction.VIEW_STRUCTURE
