"""GET /api/employeur/demarches/{id}/pieces/{id}: a live employer session, a structure of the caller, and a
profile allowing the démarche's kind there; anything else is a 404 (401 without a session), audited only
when served."""

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.api.app import HANDLERS
from ocso_app.api.guard import NEEDS
from ocso_app.db import db_session
from ocso_app.models import Account, AuditEvent, EmployerProfile, Request
from ocso_app.services import audit, requests
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from ocso_app.services.uploads import IncomingFile
from tests.builders import make_company, make_employer, make_pdf


@dataclass
class Setting:
    admin: str
    accountant: str
    stranger: str
    stranger_id: int
    url: str


def _cookie(session, account: Account) -> str:
    return f"{SESSION_COOKIE}={start_session(session, account=account, second_factor_done=True)}"


@pytest.fixture
def setting() -> Setting:
    """A salariés démarche with a bulletin, of a structure whose admin and cotisations user hold sessions,
    and the admin of another company (committed)."""
    with db_session() as session:
        company, other = make_company(session), make_company(session)
        admin = make_employer(session, principal_of=(company,))
        accountant = make_employer(session, grants={company: EmployerProfile.CONTRIBUTIONS})
        stranger = make_employer(session, principal_of=(other,))
        submitted = requests.submit_for_company(
            session,
            actor=audit.Actor(account_id=admin.id),
            structure_ids=(company.id,),
            nonce="route",
            form=requests.company_form(
                requests.EMPLOYEES,
                {"topic": "Bulletin d'adhésion", "employee": "Camille Rousseau", "message": "Ci-joint."},
            ),
            files=[IncomingFile("bulletin.pdf", make_pdf("Bulletin"))],
        )
        attachment_id = session.get(Request, submitted.request_id).attachments[0].id
        url = routes.API_EMPLOYER_ATTACHMENT.url(request_id=submitted.request_id, attachment_id=attachment_id)
        return Setting(
            _cookie(session, admin),
            _cookie(session, accountant),
            _cookie(session, stranger),
            stranger.id,
            url,
        )


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:3000")


def test_the_route_is_guarded_for_viewing_the_structure():
    assert getattr(HANDLERS[routes.API_EMPLOYER_ATTACHMENT], NEEDS) == EmployerAction.VIEW_STRUCTURE


def test_the_structures_admin_downloads_the_bulletin(client, setting):
    response = client.get(setting.url, headers={"cookie": setting.admin})
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response.headers["content-disposition"] == "attachment; filename*=UTF-8''bulletin.pdf"
    assert "no-store" in response.headers["cache-control"]


def test_another_company_and_a_profile_not_allowing_the_kind_get_a_404(client, setting):
    for cookie in (setting.stranger, setting.accountant):
        response = client.get(setting.url, headers={"cookie": cookie})
        assert response.status_code == 404 and b"%PDF" not in response.content
    with db_session() as session:
        served = select(func.count(AuditEvent.id)).where(
            AuditEvent.account_id == setting.stranger_id, AuditEvent.event_type == "Téléchargement"
        )
        assert session.scalar(served) == 0


def test_without_a_session_or_with_malformed_ids(client, setting):
    assert client.get(setting.url).status_code == 401
    assert client.get(setting.url, headers={"cookie": f"{SESSION_COOKIE}=forged"}).status_code == 401
    bad = routes.API_EMPLOYER_ATTACHMENT.url(request_id="abc", attachment_id="1")
    assert client.get(bad, headers={"cookie": setting.admin}).status_code == 404
