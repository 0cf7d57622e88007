"""Mon portefeuille's handlers called as the guard calls them (the introducer injected, the browser's
arguments as sent), without a browser: a company of another introducer's portfolio, or any id the browser
makes up, opens nothing; the guard itself refuses any account that is not an introducer's."""

from __future__ import annotations

from types import SimpleNamespace

from ocso_app.db import db_session
from ocso_app.models import AccountKind
from ocso_app.services.sessions import Principal
from ocso_app.state.introducer.portfolio import IntroducerState, PortfolioState
from tests.builders import make_company_with_activity, make_introducer


class Page(SimpleNamespace):
    """The state as the handler sees it: its vars and the helper it calls."""

    def __init__(self) -> None:
        super().__init__(
            companies=[],
            detail_id="",
            detail_name="",
            contracts=[],
            headcounts=[],
            statements=[],
            requests=[],
        )
        self._show = PortfolioState._show.__get__(self)


def _open(page: Page, introducer: Principal, company_id: object) -> None:
    PortfolioState.event_handlers["open_company"].fn.__wrapped__(page, introducer, company_id)


def _introducers() -> tuple[Principal, int, int]:
    """An introducer (as the guard hands them over), the id of their client and of another's."""
    with db_session() as session:
        mine = make_company_with_activity(session, name="CLIENT DE L'APPORTEUR")
        other = make_company_with_activity(session, name="CLIENT D'UN AUTRE")
        me = make_introducer(session, companies=(mine,))
        make_introducer(session, companies=(other,))
        principal = Principal(
            account_id=0, kind=AccountKind.INTRODUCER, display_name="", session_id=0, introducer_id=me.id
        )
        return principal, mine.id, other.id


def test_an_introducer_opens_their_client_only():
    introducer, mine, other = _introducers()
    page = Page()
    _open(page, introducer, str(mine))
    assert page.detail_name == "CLIENT DE L'APPORTEUR" and page.contracts and page.headcounts
    for sent in (str(other), other, "0", "-1", "1e3", str(2**40), ["1"], {"id": other}):
        page = Page()
        _open(page, introducer, sent)
        assert (page.detail_id, page.detail_name, page.contracts, page.statements) == ("", "", [], []), sent


def test_only_a_fully_logged_in_introducer_account_passes_the_guard():
    def principal(**changes) -> Principal:
        values = {"account_id": 1, "kind": AccountKind.INTRODUCER, "display_name": "", "session_id": 1}
        return Principal(**(values | {"introducer_id": 7} | changes))

    state = IntroducerState.__new__(IntroducerState)  # the rule only: no Reflex state tree needed
    assert IntroducerState._authorized(state, principal())
    assert not IntroducerState._authorized(state, principal(introducer_id=None))
    assert not IntroducerState._authorized(state, principal(kind=AccountKind.EMPLOYER))
    assert not IntroducerState._authorized(state, principal(kind=AccountKind.MEMBER, member_id=3))
    assert not IntroducerState._authorized(state, principal(must_change_password=True))
