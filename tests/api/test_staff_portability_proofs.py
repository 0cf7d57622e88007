"""GET /api/ocso/dossiers/entreprises/{company_id}/portabilite/{proof_id}: a proof of portabilité OCSO
recorded, for the staff who read the company's file (Entreprises, administrateur). No session, a member's or
an employer's (HR of that very company included: they see the count and the date only) answer 401; a
Prestations agent, a proof of another company under this company's number, or a missing one 404; a request
another site started 403. None of those writes an audit row; each download does."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.db import db_session
from ocso_app.models import (
    Account,
    AffiliationStatus,
    AuditEvent,
    EmployerProfile,
    PortabilityProof,
    StaffRole,
)
from ocso_app.services import portability_proofs, uploads
from ocso_app.services.audit import Actor
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from tests.builders import (
    make_company,
    make_employee,
    make_employer,
    make_member_account,
    make_pdf,
    make_staff,
)


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:3000")


def _cookie(session, account) -> str:
    return f"{SESSION_COOKIE}={start_session(session, account=account, second_factor_done=True)}"


@pytest.fixture
def world():
    """Two companies, each with a proof recorded for its employee en portabilité; every caller's cookie."""
    with db_session() as session:
        companies, proofs = [], []
        agent = make_staff(session, role=StaffRole.ENTREPRISES)
        for _ in range(2):
            company = make_company(session)
            employee = make_employee(session, company=company, status=AffiliationStatus.PORTABILITY)
            employee.radiated_on, employee.portability_end_on = date(2026, 3, 31), date(2026, 9, 30)
            portability_proofs.record_proof(
                session,
                actor=Actor(account_id=agent.id),
                company_id=company.id,
                employee_id=employee.id,
                received="15/05/2026",
                file=uploads.IncomingFile("attestation.pdf", make_pdf("Attestation France Travail")),
                today=date(2026, 6, 10),
            )
            session.flush()
            companies.append(company.id)
            proofs.append(
                session.scalar(select(PortabilityProof.id).where(PortabilityProof.employee_id == employee.id))
            )
        cookies = {
            role.value: _cookie(session, session.get(Account, make_staff(session, role=role).id))
            for role in StaffRole
        }
        cookies["member"] = _cookie(session, make_member_account(session))
        hr = make_employer(session, grants={session.get(type(company), companies[0]): EmployerProfile.ADMIN})
        cookies["employer"] = _cookie(session, hr)
    yield companies, proofs, cookies
    with db_session() as session:
        keys = session.scalars(select(PortabilityProof.storage_key).where(PortabilityProof.id.in_(proofs)))
        uploads.delete_stored(list(keys))


def _audits(company_id: int) -> int:
    with db_session() as session:
        return (
            session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.company_id == company_id)) or 0
        )


def test_only_the_staff_reading_company_files_open_a_proof_of_that_company(client, world):
    (company, other), (proof, others_proof), cookies = world
    url = routes.API_STAFF_PORTABILITY_PROOF.url(company_id=company, proof_id=proof)
    before = _audits(company)
    for who, status in (("", 401), ("member", 401), ("employer", 401), ("prestations", 404)):
        answer = client.get(url, headers={"cookie": cookies[who]} if who else {})
        assert answer.status_code == status and b"%PDF" not in answer.content, who
    mixed = routes.API_STAFF_PORTABILITY_PROOF.url(company_id=company, proof_id=others_proof)
    missing = routes.API_STAFF_PORTABILITY_PROOF.url(company_id=company, proof_id=987654321)
    for wrong in (mixed, missing):
        assert client.get(wrong, headers={"cookie": cookies["administrateur"]}).status_code == 404
    elsewhere = client.get(url, headers={"cookie": cookies["entreprises"], "sec-fetch-site": "cross-site"})
    assert elsewhere.status_code == 403 and "dossier de l'entreprise" in elsewhere.text
    assert _audits(company) == before and _audits(other) == before

    for role in ("entreprises", "administrateur"):
        answer = client.get(url, headers={"cookie": cookies[role], "sec-fetch-site": "same-origin"})
        assert answer.status_code == 200 and answer.content.startswith(b"%PDF"), role
        assert "no-store" in answer.headers["cache-control"]
        assert "attestation.pdf" in answer.headers["content-disposition"]
    assert _audits(company) == before + 2
