"""The card a device keeps offline (issue 15): its static page is the caller's own card only, never stored
by the HTTP cache, refused without a member session; the service worker and the manifest name the portal's
real routes and icons."""

import json
import re

import pytest
from PIL import Image
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.db import db_session
from ocso_app.models import Account, AuditEvent
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from tests.builders import make_care_member, make_company, make_employer
from tests.support.paths import ROOT

ASSETS = ROOT / "assets"
OFFLINE = routes.API_MEMBER_CARD_OFFLINE.url()


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:3000")


def _cookie(account_id: int) -> str:
    with db_session() as session:
        token = start_session(session, account=session.get(Account, account_id), second_factor_done=True)
    return f"{SESSION_COOKIE}={token}"


def test_the_offline_card_is_the_callers_own_never_cached_and_audited(client):
    with db_session() as session:
        martin = make_care_member(session)
        michael = make_care_member(session, first_name="Michael", last_name="DEMAREST")
    response = client.get(OFFLINE, headers={"cookie": _cookie(martin.account_id)})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "no-store" in response.headers["cache-control"]
    page = response.text
    assert martin.member_number in page and "VIAMEDIS" in page and michael.member_number not in page
    assert "<script" not in page and "http" not in page.split("</style>")[1]  # nothing from elsewhere
    with db_session() as session:
        actions = session.query(AuditEvent.action).filter(AuditEvent.member_id == martin.member_id).all()
    assert ("Carte de tiers payant gardée sur un appareil",) in actions


def test_no_member_session_no_offline_card(client):
    assert client.get(OFFLINE).status_code == 401
    assert client.get(OFFLINE, headers={"cookie": f"{SESSION_COOKIE}=forged"}).status_code == 401
    with db_session() as session:
        employer = make_employer(session, principal_of=(make_company(session),))
        token = start_session(session, account=employer, second_factor_done=True)
    response = client.get(OFFLINE, headers={"cookie": f"{SESSION_COOKIE}={token}"})
    assert response.status_code == 401 and "Carte de tiers payant" not in response.text


def test_the_service_worker_caches_only_the_card_and_forgets_it_at_logout():
    worker = (ASSETS / "sw.js").read_text()
    named = dict(re.findall(r'const (\w+) = "([^"]+)";', worker))
    assert named["CARD_VIEW"] == OFFLINE
    assert named["CARD_PDF"] == routes.API_MEMBER_CARD_PDF.url()
    assert named["CARD_PAGE"] == routes.MEMBER_CARD and named["MEMBER_SPACE"] == routes.MEMBER_HOME
    assert named["LOGOUT"] == routes.API_LOGOUT.url()
    assert worker.count("cache.put(") == 1  # only in keepCard, run on the member's request
    page_script = (ASSETS / "ocso.js").read_text()
    assert f'"{routes.API_LOGOUT.url()}"' in page_script and "caches.delete" in page_script


def test_the_manifest_installs_ocso_sante_with_its_icons():
    manifest = json.loads((ASSETS / "manifest.webmanifest").read_text())
    assert manifest["name"] == "OCSO Santé" and manifest["lang"] == "fr"
    assert manifest["start_url"] == routes.MEMBER_HOME and manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        with Image.open(ASSETS / icon["src"].lstrip("/")) as image:
            assert image.format == "PNG" and f"{image.width}x{image.height}" == icon["sizes"]
    assert {"any", "maskable"} <= {icon["purpose"] for icon in manifest["icons"]}
