"""Every public handler of every private state, called over the raw websocket by somebody else: with no
cookie, and with the cookie of another space, on the very client token that a victim of that space just
filled with their data. Each call must answer with a redirect, send none of the victim's data, and write
nothing (no audit row, no démarche nor reply, no session, no password change)."""

from __future__ import annotations

import inspect
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app.db import db_session
from ocso_app.models import Account, AuditEvent, EmployerProfile, LoginSession, Request, RequestMessage
from ocso_app.state.base import SessionState, own_handlers, private_states
from ocso_app.state.employer.base import STRUCTURE_ARGUMENT, EmployerState
from ocso_app.state.introducer.portfolio import IntroducerState
from ocso_app.state.member.base import MemberState
from ocso_app.state.staff.base import StaffState
from tests.builders import make_care_member, make_company, make_employer, make_introducer, make_staff
from tests.e2e.helpers import cookie_for
from tests.support.raw_socket import RawReflexSocket, handler_name

FORM = {
    "current": "Azerty-1234",
    "password": "Pirate-Passe-99",
    "confirmation": "Pirate-Passe-99",
    "email": "pirate@example.org",
    "email_pro": "pirate@example.org",
    "phone": "06 12 34 56 78",  # Mes informations › Mon numéro de téléphone
    "topic": "Autre",
    "message": "x",
    "profil_1": "administrateur",
    "demarche": "1",
    "employee_id": "1",  # « Salarié concerné » picked
}


@dataclass(frozen=True)
class Victim:
    """A logged-in user of one space, the words that would reveal their data, and their cookie."""

    cookie: str
    markers: tuple[str, ...]


def _arguments(handler, structure_id: int) -> dict:
    """A plausible value for every argument the browser may send."""
    values = {}
    for name in list(inspect.signature(handler).parameters)[1:]:
        if name == "form":
            values[name] = FORM
        elif name == "files":
            values[name] = []
        elif name == STRUCTURE_ARGUMENT:
            values[name] = str(structure_id)
        else:
            values[name] = "1"
    return values


def _space(cls: type[SessionState]) -> str:
    for base, space in (
        (MemberState, "member"),
        (EmployerState, "employer"),
        (IntroducerState, "introducer"),
        (StaffState, "staff"),
    ):
        if issubclass(cls, base):
            return space
    return "steps"  # second factor, first password: states of every space's login steps


def _counts() -> tuple[int, ...]:
    with db_session() as session:
        rows = [
            session.scalar(select(func.count()).select_from(t))
            for t in (AuditEvent, Request, RequestMessage, LoginSession)
        ]
        changed = session.scalar(select(func.count()).where(Account.password_changed_at.is_not(None)))
        return (*rows, changed)


@pytest.fixture
def victims(live_app) -> tuple[dict[str, Victim], int]:
    with db_session() as session:
        care = make_care_member(session, first_name="Eugénie", last_name="VICTIMEWALK")
        company = make_company(session)
        boss = make_employer(
            session, principal_of=(company,), grants={make_company(session): EmployerProfile.ADMIN}
        )
        introducer = make_introducer(session, companies=(company,), password="Apporteur-Passe-1")
        introducer_account = session.scalar(select(Account).where(Account.introducer_id == introducer.id))
        staff = make_staff(session)
        ids = (care.account_id, boss.id, introducer_account.id, staff.id)
        markers = {
            "member": (care.member_number, "VICTIMEWALK"),
            "employer": (boss.email, company.name),
            "introducer": (introducer.identifier, company.name),
            "staff": (staff.email,),
        }
        structure_id = company.id
    victims = {
        space: Victim(cookie_for(account_id), markers[space])
        for space, account_id in zip(("member", "employer", "introducer", "staff"), ids, strict=True)
    }
    victims["steps"] = Victim(victims["member"].cookie, markers["member"])
    return victims, structure_id


OTHER_SPACE = {"member": "employer", "employer": "member", "introducer": "member", "staff": "employer"}


TOKENS = 8  # the victim fills this many tabs, each attacked on its own connection at the same time


def _fill(url: str, victim: Victim, states: list) -> str:
    """A tab of the victim whose space's states are filled with their data: its client token."""
    owner = RawReflexSocket(url, cookie=victim.cookie)
    for cls in states:
        if "load" in own_handlers(cls):
            owner.call(handler_name(cls, "load"), path="/")
    owner.close()
    return owner.token


def _attack(url: str, token: str, cookie: str | None, calls: list, structure_id: int, victim: Victim) -> None:
    """Every handler of ``calls`` on the victim's tab ``token``, by somebody with ``cookie``."""
    who = "no cookie" if cookie is None else "another space's cookie"
    attacker = RawReflexSocket(url, token=token, cookie=cookie)
    try:
        for cls, name, handler in calls:
            arguments = _arguments(handler, structure_id)
            frames = " ".join(attacker.call(handler_name(cls, name), arguments, path="/"))
            assert "_redirect" in frames, f"{cls.__name__}.{name} with {who}: no redirect"
            for marker in victim.markers:
                assert marker not in frames, f"{cls.__name__}.{name} with {who} sent {marker!r}"
    finally:
        attacker.close()


@pytest.mark.parametrize("space", ["member", "employer", "introducer", "staff", "steps"])
def test_every_private_handler_refuses_no_cookie_and_another_spaces_cookie(live_app, victims, space):
    people, structure_id = victims
    victim = people[space]
    states = [cls for cls in private_states() if _space(cls) == space and own_handlers(cls)]
    assert states
    calls = [(cls, name, handler) for cls in states for name, handler in own_handlers(cls).items()]
    chunks = [calls[i::TOKENS] for i in range(TOKENS) if calls[i::TOKENS]]
    with ThreadPoolExecutor(max_workers=len(chunks)) as pool:
        # The victim fills the states of their space on several tabs.
        tokens = list(pool.map(lambda _chunk: _fill(live_app.url, victim, states), chunks))
        before = _counts()
        for cookie in (None, people[OTHER_SPACE.get(space, "employer")].cookie):
            attacks = [
                pool.submit(_attack, live_app.url, token, cookie, chunk, structure_id, victim)
                for token, chunk in zip(tokens, chunks, strict=True)
            ]
            for attack in attacks:
                attack.result()  # re-raises the first failed assertion
    assert _counts() == before


def test_the_walk_reaches_the_employee_picker_of_the_demarches():
    """« Salarié concerné »'s search and choice are walked like every employer handler (by no cookie and
    another space's cookie, on a tab the victim filled): they are public handlers of an employer state."""
    walked = {name for cls in private_states() if _space(cls) == "employer" for name in own_handlers(cls)}
    assert {
        "search_employee_salaries",
        "search_employee_arrets",
        "pick_employee_salaries",
        "pick_employee_arrets",
    } <= walked
