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
from ocso_app.services.kept_card import KEPT_CARD_COOKIE
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from tests.builders import PASSWORD, make_care_member, make_company, make_employer
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


def _keep_card(client: TestClient, account_id: int) -> str:
    """The worker fetches the card on the member's request: the device now holds the holder's cookie."""
    response = client.get(OFFLINE, headers={"cookie": _cookie(account_id)})
    assert response.status_code == 200
    [set_cookie] = [v for k, v in response.headers.multi_items() if k == "set-cookie"]
    assert set_cookie.startswith(f"{KEPT_CARD_COOKIE}=") and "httponly" in set_cookie.lower()
    client.cookies.clear()
    return set_cookie.split(";")[0]


def _log_in(client: TestClient, space: str, login: str, kept: str):
    response = client.post(
        f"/api/login/{space}",
        data={"login": login, "password": PASSWORD, "suite": ""},
        headers={"origin": "http://localhost:3000", "cookie": kept},
        follow_redirects=False,
    )
    assert response.status_code == 303 and SESSION_COOKIE in response.cookies
    client.cookies.clear()
    return response


def test_a_login_of_anybody_else_on_the_device_deletes_the_card_kept_there(client):
    """Martin kept his card on the family tablet and his session expired there (no logout): Michael, then an
    employer, log in on it. The browser is told to delete the kept card and unregister the worker
    (Clear-Site-Data); Martin's own next login keeps it."""
    with db_session() as session:
        martin = make_care_member(session)
        michael = make_care_member(session, first_name="Michael", last_name="DEMAREST")
        employer = make_employer(session, principal_of=(make_company(session),))
        employer_login = employer.login
    kept = _keep_card(client, martin.account_id)
    assert martin.member_number not in kept

    assert "clear-site-data" not in _log_in(client, "assure", martin.member_number, kept).headers
    for space, login in (("assure", michael.member_number), ("employeur", employer_login)):
        answer = _log_in(client, space, login, kept)
        assert '"storage"' in answer.headers["clear-site-data"], space
        assert any(
            k == "set-cookie" and v.startswith(f'{KEPT_CARD_COOKIE}=""')
            for k, v in answer.headers.multi_items()
        )
    assert "clear-site-data" not in _log_in(client, "assure", michael.member_number, "").headers


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
