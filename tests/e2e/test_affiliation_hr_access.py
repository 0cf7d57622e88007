"""The access matrix of HR's affiliation pages (issue 12): the wizard, Mes salarié(e)s, the fiche salarié(e)
(over the raw websocket) and its two files, the affiliation letter and a dispense's proof (over HTTP).

Two companies: a user of A, with each profile, gets nothing of B — B's fiche does not open, B's employee is
neither reminded, edited, forced, decided on nor has their radiation cancelled, B's contracts register
nobody — and nothing of B is written nor e-mailed; a profile that may only view A's employees reads A's
fiche but none of its actions writes. Every
other employer handler is already walked with B's ids by ``test_employer_access_matrix``.
"""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import func, select

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import (
    AuditEvent,
    Company,
    DispenseDecision,
    DispenseRequest,
    Employee,
    EmployeeStatusChange,
    EmployerProfile,
)
from ocso_app.services import affiliation_invitations, employer_access
from ocso_app.services import pre_affiliation as pre
from ocso_app.services.audit import Actor
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.identifiers import nir_with_key
from ocso_app.services.radiation import radiate
from ocso_app.state.employer.affiliate import AffiliateState
from ocso_app.state.employer.staff import StaffState
from ocso_app.state.employer.staff_record import StaffRecordState
from tests.builders import make_employer
from tests.builders.dispenses import make_dispense_request
from tests.builders.roster import CATEGORY, make_covered_employee, make_plans
from tests.e2e.helpers import cookie_for
from tests.e2e.test_employer_access_matrix import TESTED_ELSEWHERE, employer_routes
from tests.support.raw_socket import RawReflexSocket, handler_name

NOW = datetime.now(UTC)
HR = StatusAuthor(None, "RH (RH)")
OWN_ROUTES = {e for e, module in TESTED_ELSEWHERE.items() if module == __name__.rsplit(".", 1)[-1]}


@dataclass(frozen=True)
class Side:
    """One company: its pending employees (with e-mail; without, for the letter), a dispense request."""

    company_id: int
    contract_id: int
    admin_id: int
    employee_id: int
    letter_employee_id: int
    request_id: int
    radiated_id: int  # radiated today by démission: « Annuler la radiation » is offered on their fiche
    radiated_email: str
    marker: str  # the employee's name: only a profile allowed to see employees may read it


def _pending(session, plans, tag: str, n: int, *, email: bool) -> Employee:
    data = pre.PreAffiliation(
        civility="M.",
        last_name=f"NOMFICHE{tag}",
        first_name=f"Prenom{'abcdefgh'[n]}",
        birth_date="02/04/1985",
        nir=nir_with_key(f"18504750{n:02d}123"),
        company_id=str(plans.company.id),
        personnel_category=CATEGORY,
        contract_ids=(str(plans.health.id),),
        hired_on="01/03/2026",
        email=f"fiche.{tag.lower()}.{n}@example.org" if email else "",
        address_line="" if email else "3 rue de Siam",
        postal_code="" if email else "29200",
        city="" if email else "Brest",
        dispense_email="rh@example.org",
    )
    employee = pre.register(session, data, by=HR, actor=Actor(account_id=None), now=NOW)
    affiliation_invitations.invite(session, employee, now=NOW)
    return employee


def _side(letter: str) -> Side:
    tag = f"{letter}{uuid.uuid4().hex[:6].upper()}"
    with db_session() as session:
        plans = make_plans(session, name=f"{letter}SOCIETE {tag}")
        admin = make_employer(session, principal_of=(plans.company,))
        employee = _pending(session, plans, tag, 0, email=True)
        by_post = _pending(session, plans, tag, 1, email=False)
        request = make_dispense_request(session, employee=employee)
        radiated = make_covered_employee(session, plans=plans, last_name=f"NOMFICHE{tag}", family=True)
        radiated.email = f"radie.{tag.lower()}@example.org"
        radiate(
            session,
            radiated,
            left_on=NOW.date(),
            reason="demission",
            by=HR,
            actor=Actor(account_id=None, company_id=plans.company.id),
            today=NOW.date(),
        )
        return Side(
            plans.company.id,
            plans.health.id,
            admin.id,
            employee.id,
            by_post.id,
            request.id,
            radiated.id,
            radiated.email,
            f"NOMFICHE{tag}",
        )


@dataclass(frozen=True)
class World:
    mine: Side
    theirs: Side
    users: dict[EmployerProfile, int]


_BUILT: list[World] = []


@pytest.fixture
def world(live_app) -> World:
    if not _BUILT:
        mine, theirs = _side("A"), _side("B")
        users = {EmployerProfile.ADMIN: mine.admin_id}
        with db_session() as session:
            company = session.get(Company, mine.company_id)
            for profile in EmployerProfile:
                if profile != EmployerProfile.ADMIN:
                    users[profile] = make_employer(session, grants={company: profile}).id
        _BUILT.append(World(mine, theirs, users))
    return _BUILT[0]


def _written_on(side: Side) -> tuple:
    """What would show that somebody acted on ``side``'s employees."""
    with db_session() as session:
        employees = select(Employee.id).where(Employee.company_id == side.company_id)
        return (
            session.scalar(select(func.count()).where(AuditEvent.company_id == side.company_id)),
            session.scalar(select(func.count()).select_from(employees.subquery())),
            session.scalar(
                select(func.count()).where(EmployeeStatusChange.employee_id.in_(employees.scalar_subquery()))
            ),
            tuple(
                session.execute(
                    select(Employee.status, Employee.last_reminder_at, Employee.last_name, Employee.member_id)
                    .where(Employee.company_id == side.company_id)
                    .order_by(Employee.id)
                ).all()
            ),
            session.scalar(select(DispenseRequest.decision).where(DispenseRequest.id == side.request_id)),
            session.scalar(  # a yearly proof filed (« Renouveler le justificatif ») is a new request
                select(func.count()).where(DispenseRequest.employee_id.in_(employees.scalar_subquery()))
            ),
        )


def _form(side: Side) -> dict[str, str]:
    """A complete pré-affiliation and a personal-information edit, all pointing at ``side``."""
    return {
        "civility": "Mme",
        "last_name": "INTRUSE",
        "first_name": "Eve",
        "birth_date": "02/04/1985",
        "nir": nir_with_key("2850475056123"),
        "company_id": str(side.company_id),
        "personnel_category": CATEGORY,
        "hired_on": "01/03/2026",
        "email": f"eve.{uuid.uuid4().hex[:6]}@example.org",
        "dispense_email": "eve@example.org",
        "notify_me": "on",
        "reason": "intrusion",
    }


def _sequence(side: Side) -> list[tuple[type, str, dict, str]]:
    """Every handler of the three pages, in the order a person would use them, on ``side``'s things."""
    record = f"{routes.EMPLOYER_STAFF_RECORD}?salarie={side.employee_id}"
    radiated = f"{routes.EMPLOYER_STAFF_RECORD}?salarie={side.radiated_id}"
    form = _form(side)
    return [
        (StaffState, "load", {}, routes.EMPLOYER_STAFF),
        (StaffState, "search", {"form": {"recherche": "NOMFICHE", "statut": ""}}, routes.EMPLOYER_STAFF),
        (StaffState, "change_page", {"delta": 1}, routes.EMPLOYER_STAFF),
        (StaffState, "take_over_follow_up", {}, routes.EMPLOYER_STAFF),  # the caller's own structures only
        (StaffRecordState, "load", {}, record),
        (StaffRecordState, "edit", {"open_it": True}, record),
        (StaffRecordState, "save_personal", {"form": form}, record),
        (StaffRecordState, "edit_choices", {"open_it": True}, record),
        (StaffRecordState, "save_choices", {"form": form}, record),
        (StaffRecordState, "remind", {}, record),
        (StaffRecordState, "force_base", {}, record),
        (StaffRecordState, "accept_dispense", {"request_id": str(side.request_id)}, record),
        (StaffRecordState, "start_refusal", {"request_id": str(side.request_id)}, record),
        (StaffRecordState, "refuse_dispense", {"form": form}, record),
        (StaffRecordState, "upload_renewal", {"files": [], "form": form}, record),
        (StaffRecordState, "start_radiation", {}, record),
        (StaffRecordState, "refresh", {}, record),
        (StaffRecordState, "load", {}, radiated),
        (StaffRecordState, "cancel_radiation", {}, radiated),
        (AffiliateState, "load", {}, routes.EMPLOYER_AFFILIATE),
        (AffiliateState, "restart", {}, routes.EMPLOYER_AFFILIATE),
        (
            AffiliateState,
            "pick",
            {"name": "company_id", "value": str(side.company_id)},
            routes.EMPLOYER_AFFILIATE,
        ),
        (
            AffiliateState,
            "toggle_contract",
            {"contract_id": str(side.contract_id)},
            routes.EMPLOYER_AFFILIATE,
        ),
        *[(AffiliateState, "submit", {"form": form}, routes.EMPLOYER_AFFILIATE)] * 3,
        (AffiliateState, "choose", {"button": "invitation"}, routes.EMPLOYER_AFFILIATE),
        (AffiliateState, "submit", {"form": form}, routes.EMPLOYER_AFFILIATE),
    ]


def _run(url: str, cookie: str, side: Side) -> dict[str, str]:
    """The sequence on one connection: what came back, by handler."""
    socket = RawReflexSocket(url, cookie=cookie)
    frames: dict[str, str] = {}
    try:
        for cls, name, payload, path in _sequence(side):
            frames[f"{cls.__name__}.{name}"] = " ".join(
                socket.call(handler_name(cls, name), payload, path=path)
            )
    finally:
        socket.close()
    return frames


def test_the_sequence_covers_every_handler_of_the_three_pages():
    from ocso_app.state.base import own_handlers

    called = {(cls, name) for cls, name, _, _ in _sequence(_NO_SIDE)}
    for cls in (AffiliateState, StaffState, StaffRecordState):
        assert {(cls, name) for name in own_handlers(cls)} <= called, cls.__name__


_NO_SIDE = Side(0, 0, 0, 0, 0, 0, 0, "", "")


def _told_of_a_cancellation(side: Side, mailbox) -> list:
    time.sleep(1)  # a mail would leave right after the commit
    return [m for m in mailbox.to(side.radiated_email) if "annulée" in str(m["Subject"])]


def test_each_profile_gets_and_changes_nothing_of_another_company(live_app, world: World, mailbox):
    before = _written_on(world.theirs)
    profiles = list(EmployerProfile)
    with ThreadPoolExecutor(max_workers=len(profiles)) as pool:  # one connection each, at once
        answers = pool.map(lambda p: _run(live_app.url, cookie_for(world.users[p]), world.theirs), profiles)
        by_profile = dict(zip(profiles, answers, strict=True))
    for profile, frames in by_profile.items():
        assert len(frames) == len({(c, n) for c, n, _, _ in _sequence(world.theirs)})
        for handler, answer in frames.items():
            assert world.theirs.marker not in answer, f"{profile.value} → {handler} sent the other company's"
    assert _written_on(world.theirs) == before
    assert _told_of_a_cancellation(world.theirs, mailbox) == []


def test_a_viewer_reads_the_record_but_none_of_its_actions_writes(live_app, world: World, mailbox):
    before = _written_on(world.mine)
    frames = _run(live_app.url, cookie_for(world.users[EmployerProfile.READ_ONLY]), world.mine)
    assert world.mine.marker in frames["StaffRecordState.load"]
    for name in (
        "save_personal",
        "save_choices",
        "remind",
        "force_base",
        "accept_dispense",
        "refuse_dispense",
        "upload_renewal",
        "cancel_radiation",
    ):
        assert "_redirect" in frames[f"StaffRecordState.{name}"], name
    assert "_redirect" in frames["AffiliateState.load"]
    assert "_redirect" in frames["StaffState.take_over_follow_up"]
    after = _written_on(world.mine)
    assert after[1:] == before[1:]  # the view of the fiche is the only audit row it may add
    assert _told_of_a_cancellation(world.mine, mailbox) == []


def test_the_letter_and_the_proof_answer_only_within_the_company_and_the_profile(live_app, world: World):
    found = [(e, a) for e, a in employer_routes() if e in OWN_ROUTES]
    assert (
        {e for e, _ in found}
        == OWN_ROUTES
        == {
            routes.API_EMPLOYER_AFFILIATION_LETTER,
            routes.API_EMPLOYER_RADIATION_LETTER,
            routes.API_EMPLOYER_DISPENSE_PROOF,
        }
    )

    def url(endpoint: routes.Endpoint, side: Side) -> str:
        if endpoint == routes.API_EMPLOYER_AFFILIATION_LETTER:
            return endpoint.url(employee_id=side.letter_employee_id)
        if endpoint == routes.API_EMPLOYER_RADIATION_LETTER:  # radiated today by démission
            return endpoint.url(employee_id=side.radiated_id)
        return endpoint.url(request_id=side.request_id)

    before = _written_on(world.theirs)
    with httpx.Client(base_url=live_app.url, timeout=30) as client:

        def ask(
            endpoint: routes.Endpoint, side: Side, headers: dict[str, str] | None = None
        ) -> httpx.Response:
            """A GET, or for the letter, which draws a new code, the POST of its dialog's form."""
            if endpoint.methods == ("POST",):
                return client.post(url(endpoint, side), headers={"Origin": live_app.url} | (headers or {}))
            return client.get(url(endpoint, side), headers=headers)

        for endpoint, action in found:
            assert ask(endpoint, world.mine).status_code == 401, endpoint.path
            for profile, account_id in world.users.items():
                cookie = {"Cookie": cookie_for(account_id)}
                assert ask(endpoint, world.theirs, cookie).status_code == 404
                answer = ask(endpoint, world.mine, cookie)
                allowed = employer_access.allows(profile, action)
                assert answer.status_code == (200 if allowed else 404), f"{profile.value} on {endpoint.path}"
                if allowed:
                    assert answer.content.startswith(b"%PDF")
            admin = {"Cookie": cookie_for(world.mine.admin_id)}
            cross = ask(endpoint, world.mine, admin | {"Sec-Fetch-Site": "cross-site"})
            if endpoint == routes.API_EMPLOYER_AFFILIATION_LETTER:
                assert cross.status_code == 403  # another site's page may not revoke the posted code
                foreign = ask(endpoint, world.mine, admin | {"Origin": "https://evil.example"})
                assert foreign.status_code == 403
                fetched = client.get(url(endpoint, world.mine), headers=admin)  # a link, a prefetch
                # POST only: the API answers 405, and the portal, whose pages take every GET, its 404
                assert fetched.status_code in (404, 405) and b"%PDF" not in fetched.content
    assert _written_on(world.theirs) == before
    assert action == EmployerAction.MANAGE_EMPLOYEES
    with db_session() as session:
        decision = session.scalar(
            select(DispenseRequest.decision).where(DispenseRequest.id == world.mine.request_id)
        )
    assert decision == DispenseDecision.REQUESTED
