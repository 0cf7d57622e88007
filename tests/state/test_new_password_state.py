"""« Personnalisez votre mot de passe » (first login with a temporary password): the websocket event saves
the password and passes no session; the page then shows « Continuer », a plain form POSTing the hand-off to
``API_NEW_PASSWORD_HANDOFF``, which renews the session's token."""

from __future__ import annotations

import inspect
from types import SimpleNamespace

from starlette.testclient import TestClient

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.db import db_session
from ocso_app.models import LoginSession
from ocso_app.services import passwords_flow
from ocso_app.services.passwords import MEMBER_PASSWORD_RULE
from ocso_app.services.passwords_flow import give_temporary_password
from ocso_app.services.sessions import SESSION_COOKIE, resolve_principal, start_session
from ocso_app.state.account.new_password import PASSWORD_SAVED, NewPasswordState
from ocso_app.state.base import is_guarded
from ocso_app.state.public.login import LoginPageState
from tests.builders import make_member_account

NEW = "Tout-Neuf-2027"


class Page(SimpleNamespace):
    """The state as a handler sees it: its vars and the helpers it calls."""

    def __init__(self) -> None:
        super().__init__(**{name: field.default for name, field in NewPasswordState.__fields__.items()})
        self.router = SimpleNamespace(headers=SimpleNamespace(user_agent="pytest"))
        self._interface = NewPasswordState._interface.__get__(self)


def _submit(page: Page, principal, password: str, confirmation: str | None = None):
    handler = NewPasswordState.event_handlers["submit"].fn
    assert is_guarded(handler)
    form = {"password": password, "confirmation": confirmation or password}
    return inspect.unwrap(handler)(page, principal, form)


def _first_login():
    with db_session() as session:
        account = make_member_account(session)
        give_temporary_password(account)
        cookie = f"{SESSION_COOKIE}={start_session(session, account=account, second_factor_done=True)}"
        return resolve_principal(session, cookie_header=cookie), cookie


def _still_temporary(principal) -> bool:
    with db_session() as session:
        return session.get(LoginSession, principal.session_id).must_change_password


def test_saving_the_password_passes_no_session_and_shows_continuer():
    """Before, ``submit`` marked the session the websocket's cookie named, token unchanged, and redirected
    home: a session planted in this browser became fully logged in for its planter."""
    principal, _cookie = _first_login()
    page = Page()
    assert _submit(page, principal, NEW) is None  # no redirect: « Continuer » goes on
    assert page.handoff and page.info == PASSWORD_SAVED and page.error == ""
    assert _still_temporary(principal)


def test_a_refused_password_gives_no_continuer_and_empties_the_refused_fields():
    principal, _cookie = _first_login()
    page = Page()
    emptied = _submit(page, principal, "faible")
    assert page.error == MEMBER_PASSWORD_RULE and page.handoff == "" and page.info == ""
    assert len(emptied) == 2  # the new password and its confirmation
    differ = _submit(page, principal, NEW, "Autre-Chose-2027")
    assert page.error == passwords_flow.PASSWORDS_DIFFER and len(differ) == 1  # the confirmation only


def test_the_hand_off_the_page_shows_passes_at_the_route_under_a_new_token():
    principal, cookie = _first_login()
    page = Page()
    _submit(page, principal, NEW)
    client = TestClient(build_api(), base_url="http://localhost:3000")
    response = client.post(
        routes.API_NEW_PASSWORD_HANDOFF.url(),
        data={"passage": page.handoff},
        headers={"cookie": cookie, "origin": "http://localhost:3000"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == routes.MEMBER_HOME
    renewed = f"{SESSION_COOKIE}={response.cookies[SESSION_COOKIE]}"
    with db_session() as session:
        assert resolve_principal(session, cookie_header=cookie) is None
        assert resolve_principal(session, cookie_header=renewed).fully_authenticated


def test_the_login_page_says_the_step_expired_after_a_refused_continuer():
    page = SimpleNamespace(
        router=SimpleNamespace(
            url=SimpleNamespace(query_parameters={"erreur": passwords_flow.PASSWORD_HANDOFF_REFUSED})
        )
    )
    LoginPageState.event_handlers["load"].fn(page)
    assert page.error == passwords_flow.PASSWORD_STEP_EXPIRED
    page.router.url.query_parameters = {"erreur": "1"}
    LoginPageState.event_handlers["load"].fn(page)
    assert page.error != passwords_flow.PASSWORD_STEP_EXPIRED and page.error
