"""The access matrix of the employee's affiliation page and of HR's affiliation complète, over the raw
websocket and HTTP (what a script can do without our pages).

The public page: every handler after the identification, called with no invitation, after a wrong code,
after a wrong birth date, once the invitation is used or expired, and naming another employee's invitation;
the dispense proof's upload without a usable invitation. HR's page: every handler with no cookie, another
company's HR, a read-only profile, and an employee of another structure. Each is refused, and nothing of the
employees is written.
"""

from __future__ import annotations

import inspect
import secrets
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import func, select, update

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app import routes
from ocso_app.components.affiliation_form import ALONE_BY_HR
from ocso_app.db import db_session
from ocso_app.models import (
    AffiliationInvitation,
    AffiliationStatus,
    AuditEvent,
    ContractKind,
    DispenseRequest,
    Employee,
    EmployeeContract,
    EmployerProfile,
    InvitationChannel,
)
from ocso_app.services import affiliation_invitations as invitations
from ocso_app.services import affiliation_page
from ocso_app.services.identifiers import nir_with_key
from ocso_app.state.base import own_handlers
from ocso_app.state.employer.complete_affiliation import NOT_FOUND, CompleteAffiliationState
from ocso_app.state.public.affiliation import AffiliationState
from tests.builders import make_company, make_employee, make_employer, make_pdf
from tests.builders.contracts import make_contract
from tests.e2e.helpers import cookie_for, page_as, shoot
from tests.support.raw_socket import RawReflexSocket, handler_name
from tests.support.uploads import handler_arguments

BIRTH = "12/06/1985"  # make_employee's
OPENING = ("load", "identify")  # the public page's own way in: everything else needs the invitation
HR_PATH = routes.EMPLOYER_COMPLETE_AFFILIATION


@dataclass(frozen=True)
class World:
    employee_ids: dict[str, int]  # "a", "b" (company A, head office), "other" (A's second structure)
    codes: dict[str, str]
    company_ids: tuple[int, ...]
    hr: dict[str, int]  # "admin" of A's head office only, "read_only" of A, "stranger" (another company)


_BUILT: list[World] = []


@pytest.fixture
def world(live_app) -> World:
    if not _BUILT:
        _BUILT.append(_build())
    return _BUILT[0]


def _build() -> World:
    tag = uuid.uuid4().hex[:6].upper()
    with db_session() as session:
        head = make_company(session, name=f"ACCES SIEGE {tag}")
        branch = make_company(session, parent=head, name=f"ACCES AGENCE {tag}")
        elsewhere = make_company(session, name=f"AUTRE {tag}")
        for company in (head, branch, elsewhere):
            make_contract(session, company=company, kind=ContractKind.SANTE)
        employees = {
            "a": make_employee(
                session, company=head, status=AffiliationStatus.PENDING, last_name=f"ANOM{tag}"
            ),
            "b": make_employee(
                session, company=head, status=AffiliationStatus.PENDING, last_name=f"BNOM{tag}"
            ),
            "other": make_employee(session, company=branch, status=AffiliationStatus.PENDING),
        }
        codes = {key: invitations.issue(session, e, InvitationChannel.LETTER) for key, e in employees.items()}
        hr = {
            "admin": make_employer(session, grants={head: EmployerProfile.ADMIN}).id,
            "read_only": make_employer(session, grants={head: EmployerProfile.READ_ONLY}).id,
            "stranger": make_employer(session, principal_of=(elsewhere,)).id,
        }
        return World(
            {key: e.id for key, e in employees.items()}, codes, (head.id, branch.id, elsewhere.id), hr
        )


def _written(world: World) -> tuple:
    """What would show that someone affiliated or dispensed one of the world's employees."""
    ids = list(world.employee_ids.values())
    with db_session() as session:
        return (
            session.scalar(
                select(func.count()).select_from(DispenseRequest).where(DispenseRequest.employee_id.in_(ids))
            ),
            session.scalar(
                select(func.count())
                .select_from(EmployeeContract)
                .where(EmployeeContract.employee_id.in_(ids))
            ),
            session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.company_id.in_(world.company_ids))
            ),
            session.scalar(select(func.count()).where(Employee.id.in_(ids), Employee.member_id.is_not(None))),
            tuple(session.scalars(select(Employee.status).where(Employee.id.in_(ids)).order_by(Employee.id))),
        )


def _form(world: World) -> dict[str, str]:
    """Every field the page's forms carry, filled with good values: only the guard may stop them."""
    return {
        "option": "1",
        "nir": "185067500012312",
        "quality": "enfant",
        "last_name": "Intrus",
        "first_name": "Eve",
        "birth_date": "01/01/2015",
        "iban": "FR7630006000011234567890189",
        "bic": "AGRIFRPP",
        "mandate": "on",
        "case": "temps_partiel",
        "ends_on": "31/12/2099",
        "sworn": "on",
        "code": world.codes["b"],
    }


def _arguments(handler, world: World) -> dict:
    values: dict = {}
    for name in list(inspect.signature(handler).parameters)[1:]:
        values[name] = {
            "form": _form(world),
            "files": [],
            "index": 0,
            "step": "banque",
            "choice": "affiliation",
            "code": "temps_partiel",
        }.get(name, "1")
    return values


def _public_handlers() -> list[tuple[str, object]]:
    return [(name, h) for name, h in own_handlers(AffiliationState).items() if name not in OPENING]


def _identified(url: str, world: World, key: str, birth: str = BIRTH) -> tuple[RawReflexSocket, str]:
    socket = RawReflexSocket(url)
    frames = socket.call(
        handler_name(AffiliationState, "identify"),
        {"form": {"code": world.codes[key], "birth_date": birth}},
        path=routes.AFFILIATION,
    )
    return socket, " ".join(frames)


def _walk(socket: RawReflexSocket, world: World, **extra) -> list[str]:
    answers = []
    for name, handler in _public_handlers():
        frames = socket.call(
            handler_name(AffiliationState, name),
            {**_arguments(handler, world), **extra},
            path=routes.AFFILIATION,
        )
        answers.append((name, " ".join(frames)))
    return answers


# What a handler that ran would send: the form, the employee, a later stage or step of the page.
OPENED = ("Formule", "ANOM", "BNOM", '"choix"', '"affiliation"', '"dispense"', '"beneficiaires"', '"banque"')
DONE = ('"recapitulatif"', '"termine"', '"dispense-envoyee"', "attestation")


def _assert_refused(answers: list) -> None:
    assert len(answers) >= 10
    assert "n'est plus valable" in " ".join(frames for _, frames in answers), "never told the access ended"
    for name, frames in answers:
        for word in (*OPENED, *DONE):
            assert word not in frames, f"{name} answered {word} without a usable invitation"


def _walk_all(sockets: list[RawReflexSocket], world: World, **extra) -> None:
    """Walk every handler on each socket (each its own client), the sockets side by side."""
    with ThreadPoolExecutor(max_workers=len(sockets)) as pool:
        for answers in pool.map(lambda socket: _walk(socket, world, **extra), sockets):
            _assert_refused(answers)
    for socket in sockets:
        socket.close()


def test_without_invitation_or_after_a_wrong_code_or_birth_date_nothing_opens(live_app, world: World):
    before = _written(world)
    wrong_code = RawReflexSocket(live_app.url)
    frames = " ".join(
        wrong_code.call(
            handler_name(AffiliationState, "identify"),
            {"form": {"code": "ABCD-EFGH-JKMN", "birth_date": BIRTH}},
            path=routes.AFFILIATION,
        )
    )
    assert affiliation_page.NOT_RECOGNISED[:40] in frames
    wrong_birth, frames = _identified(live_app.url, world, "a", birth="13/06/1985")
    assert affiliation_page.NOT_RECOGNISED[:40] in frames and "ANOM" not in frames
    _walk_all([RawReflexSocket(live_app.url), wrong_code, wrong_birth], world)
    assert _written(world) == before


def test_a_used_or_expired_invitation_and_another_employees_invitation_open_nothing(live_app, world: World):
    before = _written(world)
    named, frames = _identified(live_app.url, world, "a")
    assert "Formule Essentielle" in frames and "ANOM" not in frames  # the options, never the record
    # The browser cannot name the invitation: an argument for the guard's caller is refused.
    _walk_all([named], world, invited={"invitation_id": 1, "employee_id": world.employee_ids["b"]})
    used, _ = _identified(live_app.url, world, "a")
    expired, _ = _identified(live_app.url, world, "b")
    with db_session() as session:
        session.execute(
            update(AffiliationInvitation)
            .where(AffiliationInvitation.employee_id == world.employee_ids["a"])
            .values(used_at=datetime.now(UTC))
        )
        session.execute(
            update(AffiliationInvitation)
            .where(AffiliationInvitation.employee_id == world.employee_ids["b"])
            .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
        )
    _walk_all([used, expired], world)
    assert _written(world) == before


def test_the_dispense_proof_upload_needs_a_usable_invitation(live_app, world: World):
    fresh = RawReflexSocket(live_app.url)
    fresh.call(handler_name(AffiliationState, "load"), path=routes.AFFILIATION)
    headers = {
        "reflex-client-token": fresh.token,
        "reflex-event-handler": handler_name(AffiliationState, "upload_proof"),
        "origin": live_app.url,
    }
    files = [("files", ("preuve.pdf", make_pdf("Preuve"), "application/pdf"))]
    data = handler_arguments(form=_form(world))  # the fields, as the page sends them
    before = _written(world)
    for token in (fresh.token, "jamais-vu"):
        answer = httpx.post(
            f"{live_app.url}/_upload",
            headers={**headers, "reflex-client-token": token},
            data=data,
            files=files,
        )
        assert answer.status_code == 401
    fresh.close()
    assert _written(world) == before


def _hr_call(url: str, cookie: str | None, name: str, arguments: dict, salarie: int) -> str:
    socket = RawReflexSocket(url, cookie=cookie)
    try:
        socket.call(handler_name(CompleteAffiliationState, "load"), path=f"{HR_PATH}?salarie={salarie}")
        if name != "load":
            socket.call(handler_name(CompleteAffiliationState, name), arguments, path=HR_PATH)
        return " ".join(socket.received)
    finally:
        socket.close()


@pytest.mark.parametrize("who", ["no-cookie", "stranger", "read_only", "other-structure"])
def test_hr_complete_affiliation_refuses_whoever_may_not_affiliate_that_employee(live_app, world: World, who):
    before = _written(world)
    cookie = (
        None if who == "no-cookie" else cookie_for(world.hr["admin" if who == "other-structure" else who])
    )
    target = world.employee_ids["other" if who == "other-structure" else "a"]
    handlers = own_handlers(CompleteAffiliationState)
    assert {"load", "submit_option", "add_beneficiary", "submit_bank", "confirm"} <= set(handlers)
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = pool.map(
            lambda item: (
                item[0],
                _hr_call(live_app.url, cookie, item[0], _arguments(item[1], world), target),
            ),
            handlers.items(),
        )
    for name, frames in answers:
        if who in ("no-cookie", "read_only"):
            assert "_redirect" in frames, f"{who} → {name} not refused"
        else:
            assert NOT_FOUND[:30] in frames or "_redirect" in frames, f"{who} → {name} answered"
        assert "Formule" not in frames and "ANOM" not in frames, f"{who} → {name} sent the form"
    assert _written(world) == before


def test_hr_of_the_structure_opens_the_form_of_its_pending_employee(
    live_app, world: World, browser: Browser, artifacts: Path
):
    frames = _hr_call(live_app.url, cookie_for(world.hr["admin"]), "load", {}, world.employee_ids["b"])
    assert "Formule Essentielle" in frames and "BNOM" in frames
    page = page_as(browser, live_app.url, world.hr["admin"])
    page.goto(f"{live_app.url}{HR_PATH}?salarie={world.employee_ids['b']}")
    expect(page.get_by_role("heading", name="1. L'option")).to_be_visible()
    expect(page.get_by_text("BNOM")).to_be_visible()
    shoot(page, artifacts, "affiliation-complete-rh")
    # A reload (or a lost connection) in the middle keeps the form being filled.
    page.get_by_role("radio").first.check()
    page.get_by_label("Numéro de Sécurité sociale du/de la salarié(e)").fill(
        nir_with_key(f"28506750{secrets.randbelow(10**5):05d}")  # Mme, born in June 1985
    )
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_role("heading", name="2. Les bénéficiaires")).to_be_visible()
    expect(page.get_by_text(ALONE_BY_HR)).to_be_visible()  # HR reads of the employee
    page.reload()
    expect(page.get_by_role("heading", name="2. Les bénéficiaires")).to_be_visible()
    page.context.close()
