"""The one-click link of a deposit's e-mail, through the wrappers the portal serves it with.

GET /api/employeur/e-mails-depots/arret?jeton=…: a short French page with a button, nothing changed (a mail
scanner opens links). POST (that button, or the mail client's own RFC 8058 request, which has no Origin):
the e-mails off for the account the signed token names, audited as that account, the same answer again and
nothing more. The access matrix: no token, a bad one (tampered, expired, another purpose, a member's), with
no cookie, with the holder's or another account's cookie: refused 400 in French, nothing written anywhere; a
cookie never chooses the account, only the token does. The token is never logged."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api, wrapped
from ocso_app.db import db_session
from ocso_app.models import Account, AuditEvent
from ocso_app.services import deposit_emails, signed_links
from ocso_app.services.sessions import SESSION_COOKIE, start_session
from tests.builders import make_company, make_employer, make_member_account

PORTAL = "http://localhost:3000"
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


@pytest.fixture
def client() -> TestClient:
    return TestClient(wrapped(build_api()), base_url=PORTAL)


@pytest.fixture
def people() -> dict[str, int]:
    with db_session() as session:
        company = make_company(session)
        return {
            "holder": make_employer(session, principal_of=(company,)).id,
            "colleague": make_employer(session, principal_of=(company,)).id,
            "member": make_member_account(session).id,
        }


def _cookie(account_id: int) -> dict[str, str]:
    with db_session() as session:
        account = session.get(Account, account_id)
        return {
            "cookie": f"{SESSION_COOKIE}={start_session(session, account=account, second_factor_done=True)}"
        }


def _link(account_id: int) -> str:
    return deposit_emails.unsubscribe_url(account_id).removeprefix(PORTAL)


def _token(link: str) -> str:
    return parse_qs(urlsplit(link).query)[deposit_emails.TOKEN_PARAMETER][0]


def _written(people: dict[str, int]) -> tuple:
    """Every account's choice and audit rows: what a refused request must leave as it was."""
    with db_session() as session:
        ids = list(people.values())
        query = select(Account.id, Account.deposit_emails).where(Account.id.in_(ids))
        choices = {account_id: wanted for account_id, wanted in session.execute(query)}
        audits = session.scalar(select(func.count()).where(AuditEvent.account_id.in_(ids)))
        return choices, audits


def test_the_page_asks_first_and_changes_nothing(client, people):
    before = _written(people)
    page = client.get(_link(people["holder"]))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Ne plus recevoir ces e-mails" in page.text and 'method="post"' in page.text
    assert "no-store" in page.headers["cache-control"] and page.headers["referrer-policy"] == "no-referrer"
    assert _written(people) == before


def test_the_mail_clients_one_click_post_turns_them_off_once_audited_as_the_holder(client, people, caplog):
    caplog.set_level(logging.DEBUG)
    link = _link(people["holder"])
    for _ in range(2):  # RFC 8058: the mail client POSTs itself, with no Origin nor Referer
        answer = client.post(link, data=ONE_CLICK, follow_redirects=False)
        assert answer.status_code == 200 and "vous ne recevrez plus d'e-mail" in unescape(answer.text)
    with db_session() as session:
        assert session.get(Account, people["holder"]).deposit_emails is False
        assert session.get(Account, people["colleague"]).deposit_emails is True
        events = session.execute(
            select(AuditEvent.account_id, AuditEvent.action).where(AuditEvent.account_id == people["holder"])
        ).all()
    assert events == [(people["holder"], "E-mails des dépôts d'OCSO désactivés (lien de l'e-mail)")]
    server_side = [r.getMessage() for r in caplog.records if not r.name.startswith("httpx")]  # not the client
    assert server_side and all(_token(link) not in message for message in server_side)


def _expired(account_id: int) -> str:
    long_ago = datetime.now(UTC) - deposit_emails.LINK_LIFETIME - timedelta(hours=1)
    return signed_links.sign(deposit_emails.PURPOSE, account_id, issued_at=long_ago)


def _bad_tokens(people: dict[str, int]) -> dict[str, str | None]:
    good = _token(_link(people["holder"]))
    return {
        "none": None,
        "empty": "",
        "tampered": good[:-3] + ("AAA" if good[-3:] != "AAA" else "BBB"),
        "expired": _expired(people["holder"]),
        "other-purpose": signed_links.sign("password-reset", people["holder"]),
        "member-account": signed_links.sign(deposit_emails.PURPOSE, people["member"]),
    }


@pytest.mark.parametrize("cookie_of", [None, "holder", "colleague", "member"])
def test_without_a_good_token_nobody_changes_anything_whatever_their_cookie(client, people, cookie_of):
    headers = _cookie(people[cookie_of]) if cookie_of else {}
    before = _written(people)
    for name, token in _bad_tokens(people).items():
        query = {} if token is None else {deposit_emails.TOKEN_PARAMETER: token}
        url = routes.API_DEPOSIT_EMAILS_OFF.url(query)
        for answer in (
            client.get(url, headers=headers),
            client.post(url, data=ONE_CLICK, headers={**headers, "origin": PORTAL}),
        ):
            assert answer.status_code == 400, f"{name} with the cookie of {cookie_of}"
            assert "Ce lien n'est pas valable ou a expiré : rien n'a été modifié." in unescape(answer.text)
            assert "Ne plus recevoir ces e-mails</button>" not in answer.text
    assert _written(people) == before


def test_a_cookie_never_chooses_the_account_only_the_token_does(client, people):
    """The holder's link posted from the colleague's logged-in browser: the holder's choice changes, never
    the colleague's (the cookie is not read)."""
    client.post(_link(people["holder"]), data=ONE_CLICK, headers=_cookie(people["colleague"]))
    with db_session() as session:
        assert session.get(Account, people["colleague"]).deposit_emails is True
        assert session.get(Account, people["holder"]).deposit_emails is False
