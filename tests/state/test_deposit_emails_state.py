"""« Recevoir un e-mail quand OCSO dépose … » in Administration des structures › Mon compte, called as the
guard calls it (the caller injected, the box's value as the browser sends it): the caller's own account
only, whatever value comes, audited with the caller; the page reads the saved choice back. (The guard itself
over the websocket: ``tests/e2e/test_deposit_emails.py``.)"""

from __future__ import annotations

import inspect
from types import SimpleNamespace

from sqlalchemy import select

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app.db import db_session
from ocso_app.models import Account, AccountKind, AuditEvent
from ocso_app.services import audit, deposit_emails, employer_access
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.sessions import Principal
from ocso_app.state.base import is_guarded
from ocso_app.state.employer.administration import AdministrationState
from ocso_app.state.employer.base import NEEDS, EmployerCaller
from tests.builders import make_company, make_employer


class Page(SimpleNamespace):
    """The state as a handler sees it: its vars, the helpers it calls, a router with a user agent."""

    def __init__(self) -> None:
        super().__init__(**{name: field.default for name, field in AdministrationState.__fields__.items()})
        self.router = SimpleNamespace(
            headers=SimpleNamespace(user_agent="pytest"), session=SimpleNamespace(client_ip="203.0.113.7")
        )
        for name in ("_fill", "_actor", "_interface", "_client_ip"):
            setattr(self, name, getattr(AdministrationState, name).__get__(self))


def _users() -> tuple[int, int]:
    with db_session() as session:
        company = make_company(session)
        return make_employer(session, principal_of=(company,)).id, make_employer(
            session, principal_of=(company,)
        ).id


def _set(page: Page, account_id: int, value: object) -> None:
    handler = AdministrationState.event_handlers["set_deposit_emails"].fn
    assert is_guarded(handler) and getattr(handler, NEEDS) == EmployerAction.VIEW_STRUCTURE
    # no id from the browser: the account is the guard's caller
    assert list(inspect.signature(handler.__wrapped__).parameters) == ["self", "employer", "enabled"]
    handler.__wrapped__(page, Principal(account_id, AccountKind.EMPLOYER, "RH", 0), value)


def _state(account_id: int) -> tuple[bool, list[tuple[int | None, str, str | None]]]:
    with db_session() as session:
        wanted = session.get(Account, account_id).deposit_emails
        query = select(AuditEvent.account_id, AuditEvent.action, AuditEvent.ip_address).where(
            AuditEvent.account_id == account_id
        )
        return wanted, [tuple(row) for row in session.execute(query)]


def test_unticking_then_ticking_changes_the_callers_own_account_only_audited_with_them():
    mine, colleague = _users()
    page = Page()
    _set(page, mine, False)
    assert page.wants_deposit_emails is False and page.deposit_info == deposit_emails.TURNED_OFF
    _set(page, mine, "true")  # what a browser may send
    assert page.wants_deposit_emails is True and page.deposit_info == deposit_emails.TURNED_ON
    assert _state(mine) == (
        True,
        [
            (mine, "E-mails des dépôts d'OCSO désactivés", "203.0.113.7"),
            (mine, "E-mails des dépôts d'OCSO activés", "203.0.113.7"),
        ],
    )
    assert _state(colleague) == (True, [])


def test_anything_but_a_tick_is_an_untick_and_a_repeat_writes_nothing():
    mine, _colleague = _users()
    page = Page()
    for value in (False, "", "off", None, {"checked": True}, str(_colleague)):
        _set(page, mine, value)
    wanted, audits = _state(mine)
    assert wanted is False and len(audits) == 1


def test_the_page_shows_the_saved_choice():
    mine, _colleague = _users()
    with db_session() as session:
        deposit_emails.set_enabled(session, audit.Actor(mine), enabled=False)
        grants = employer_access.granted_structures(session, account_id=mine)
    scope = employer_access.scope_of(grants, account_id=mine, action=EmployerAction.VIEW_STRUCTURE)
    assert scope is not None
    caller = EmployerCaller(
        Principal(mine, AccountKind.EMPLOYER, "RH", 0), scope, tuple(grants), audit.Actor(mine)
    )
    page = Page()
    page._fill(caller)
    assert page.wants_deposit_emails is False
