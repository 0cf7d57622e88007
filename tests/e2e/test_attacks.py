"""Attacks on the private handlers and routes, outside our pages: raw websocket calls with another client
token, no cookie, or another party's cookie, and forged arguments naming another party's identifiers."""

from __future__ import annotations

import pytest
from reflex.state import OnLoadInternalState, State
from sqlalchemy import select

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Account, EmployerProfile
from ocso_app.services.sessions import SESSION_COOKIE, read_cookie
from ocso_app.state.employer.administration import AdministrationState
from ocso_app.state.employer.home import EmployerHomeState
from ocso_app.state.introducer.portfolio import PortfolioState
from ocso_app.state.member.home import HomeState
from ocso_app.state.member.information import InformationState
from ocso_app.state.member.reimbursements import ReimbursementsState
from tests.builders import (
    PASSWORD,
    make_care_member,
    make_company,
    make_employer,
    make_introducer,
    make_member,
    make_member_account,
)
from tests.e2e.helpers import cookie_for
from tests.support.raw_socket import RawReflexSocket, handler_name


@pytest.fixture
def two_members():
    """Two members whose names differ (Faker's could be the same, and a test would find the second's name in
    the first's page)."""
    with db_session() as session:
        first, second = (
            make_member_account(session, member=make_member(session, last_name=name))
            for name in ("ADHERENTUN", "ADHERENTDEUX")
        )
        return [(a.id, a.login, a.last_name) for a in (first, second)]


def test_private_handler_without_cookie_sends_no_member_data(live_app, two_members):
    (_, number, last_name), _ = two_members
    socket = RawReflexSocket(live_app.url)
    frames = " ".join(socket.call(handler_name(HomeState, "load"), path="/assure"))
    socket.close()
    assert "connexion" in frames  # told to log in
    assert number not in frames and last_name not in frames


def test_member_cookie_only_ever_reaches_its_own_data(live_app, two_members):
    (first_id, first_number, _), (_, second_number, second_name) = two_members
    socket = RawReflexSocket(live_app.url, cookie=cookie_for(first_id))
    frames = " ".join(socket.call(handler_name(HomeState, "load"), path="/assure"))
    socket.close()
    assert first_number in frames
    assert second_number not in frames and second_name not in frames


def test_the_session_token_never_comes_back_over_the_websocket(live_app, two_members):
    """The session cookie is HttpOnly: no script of the page may read it. The state Reflex sends holds the
    connection's headers (``router.headers``): a page load and a navigation must not carry the cookie."""
    (first_id, first_number, _), _ = two_members
    cookie = cookie_for(first_id)
    token = read_cookie(cookie, SESSION_COOKIE)
    socket = RawReflexSocket(live_app.url, cookie=cookie)
    frames = socket.call(handler_name(State, "hydrate_and_load"), path=routes.MEMBER_HOME)
    navigate = handler_name(OnLoadInternalState, "on_load_internal")
    frames += socket.call(navigate, path=routes.MEMBER_INFORMATION)
    socket.close()
    sent = " ".join(frames)
    assert token and first_number in sent and "user_agent" in sent  # the headers were sent, and the page
    assert token not in sent and SESSION_COOKIE not in sent


def test_another_clients_token_with_another_cookie_gets_that_cookies_data(live_app, two_members):
    (first_id, first_number, _), (second_id, second_number, _) = two_members
    victim = RawReflexSocket(live_app.url, cookie=cookie_for(first_id))
    victim.call(handler_name(HomeState, "load"), path="/assure")
    victim.close()
    thief = RawReflexSocket(live_app.url, token=victim.token, cookie=cookie_for(second_id))
    frames = " ".join(thief.call(handler_name(HomeState, "load"), path="/assure"))
    thief.close()
    assert first_number not in frames and second_number in frames


def test_password_change_handler_refuses_a_caller_without_session(live_app, two_members):
    (first_id, _, _), _ = two_members
    socket = RawReflexSocket(live_app.url)
    form = {"current": PASSWORD, "password": "Pirate-Passe-99", "confirmation": "Pirate-Passe-99"}
    socket.call(
        handler_name(InformationState, "change_password"), {"form": form}, path="/assure/informations"
    )
    socket.close()
    with db_session() as session:
        assert session.get(Account, first_id).password_changed_at is None


def test_employer_cannot_grant_access_to_another_companys_structure(live_app):
    with db_session() as session:
        mine, theirs = make_company(session, name="MA SOCIETE"), make_company(session, name="SOCIETE VOISINE")
        boss = make_employer(session, principal_of=(mine,))
        make_employer(session, principal_of=(theirs,))
        boss_id, their_id, their_name = boss.id, theirs.id, theirs.name
    socket = RawReflexSocket(live_app.url, cookie=cookie_for(boss_id))
    form = {
        "email": "complice@example.fr",
        "first_name": "Eve",
        "last_name": "Pirate",
        "phone": "0611111111",
        "job_title": "RH",
        f"profil_{their_id}": EmployerProfile.ADMIN.value,
    }
    frames = " ".join(
        socket.call(handler_name(AdministrationState, "invite"), {"form": form}, path="/employeur")
    )
    home = " ".join(socket.call(handler_name(EmployerHomeState, "load"), path="/employeur"))
    socket.close()
    with db_session() as session:
        assert session.scalar(select(Account).where(Account.login == "complice@example.fr")) is None
    assert their_name not in frames and their_name not in home


def test_introducer_sees_only_the_companies_of_their_portfolio(live_app):
    with db_session() as session:
        companies = [make_company(session, name="PORTEFEUILLE UN"), make_company(session, name="AUTRE DEUX")]
        accounts = [
            session.scalar(
                select(Account.id).where(
                    Account.introducer_id == make_introducer(session, companies=(company,)).id
                )
            )
            for company in companies
        ]
        names = [c.name for c in companies]
    socket = RawReflexSocket(live_app.url, cookie=cookie_for(accounts[0]))
    frames = " ".join(socket.call(handler_name(PortfolioState, "load"), path="/apporteur"))
    socket.close()
    assert names[0] in frames and names[1] not in frames


def test_member_cannot_expand_or_filter_on_another_members_statements(live_app):
    with db_session() as session:
        mine = make_care_member(session, first_name="Alice", last_name="MOI")
        theirs = make_care_member(session, first_name="Bruno", last_name="AUTRE")
    socket = RawReflexSocket(live_app.url, cookie=cookie_for(mine.account_id))
    loaded = " ".join(socket.call(handler_name(ReimbursementsState, "load"), path="/assure/remboursements"))
    stolen = {"statement_id": str(theirs.statement_ids[0])}
    expanded = " ".join(socket.call(handler_name(ReimbursementsState, "toggle"), stolen, path="/assure"))
    form = {"form": {"beneficiaire": str(theirs.beneficiary_ids["EA"])}}
    filtered = " ".join(
        socket.call(handler_name(ReimbursementsState, "search"), form, path="/assure/remboursements")
    )
    socket.close()
    assert "MOI" in loaded  # the handler works for its owner…
    for frames in (loaded, expanded, filtered):  # …and never shows the other family
        assert "AUTRE" not in frames
    assert "Dr TEST" not in expanded  # no care line of the other member's décompte
