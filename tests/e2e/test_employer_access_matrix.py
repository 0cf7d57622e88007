"""The employer access matrix: two companies × each profile × every employer handler (over the raw websocket)
and every employer route (over HTTP).

The guides published to every employer belong to no company: in the route matrix, company A's id is a guide
in force (every profile reads it) and company B's a withdrawn one (404 for everybody, its title never sent).

A user of company A with each profile calls every handler of the Espace Employeur with company B's ids
(employees, users, contracts, structures, an employee's name typed in a search…), and every route with B's
ids then with A's. Nothing of B ever
comes back and nothing of B is written; a handler or route the profile does not allow is refused and sends
none of A's data either; the words that only a given right may read (an employee's name: Assurés; a leave
reference: Indemnités journalières; a bordereau reference: cotisations) never reach a profile without it.
"""

from __future__ import annotations

import inspect
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import func, select

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app import routes
from ocso_app.api.app import HANDLERS
from ocso_app.api.guard import NEEDS as ROUTE_NEEDS
from ocso_app.db import db_session
from ocso_app.models import (
    Account,
    AffiliationStatus,
    AuditEvent,
    Company,
    Document,
    Employee,
    EmployeeImport,
    EmployerGrant,
    EmployerProfile,
    Request,
    RequestMessage,
)
from ocso_app.services import employer_access
from ocso_app.services.employer_access import EmployerAction
from ocso_app.state.base import own_handlers, private_states
from ocso_app.state.employer.administration import AdministrationState
from ocso_app.state.employer.base import NEEDS, STRUCTURE_ARGUMENT, EmployerState
from ocso_app.state.employer.reminders import BulkReminderState
from ocso_app.state.employer.requests import EmployerRequestsState
from tests.builders import make_employee, make_employer, send_bulletin
from tests.builders.contracts import (
    make_company_document,
    make_contract_document,
    make_contribution,
    make_employer_guide,
)
from tests.builders.roster import make_covered_employee, make_plans
from tests.builders.sick_leaves import make_sick_leave
from tests.e2e.helpers import cookie_for
from tests.support.raw_socket import RawReflexSocket, handler_name


@dataclass(frozen=True)
class Side:
    """One company of the matrix, its ids and the words that would reveal its data."""

    company_id: int
    client_number: str
    siren: str
    admin_id: int
    ids: dict[str, int]
    markers: dict[str, str]  # word -> the action needed to read it ("" : nobody of the other company)
    employee_name: str  # what a search for the employee ``ids["employee_id"]`` types


def _side(session, letter: str, tag: str) -> Side:
    plans = make_plans(session, name=f"{letter}SOCIETE {tag}")
    company = plans.company
    admin = make_employer(session, principal_of=(company,))
    plain = make_covered_employee(session, plans=plans, last_name=f"{letter}NOMSALARIE{tag}", family=True)
    ill = make_covered_employee(session, plans=plans, last_name=f"{letter}NOMARRET{tag}")
    leave, payments = make_sick_leave(
        session,
        employee=ill,
        contract=plans.provident,
        start=date(2026, 1, 5),
        end=None,
        daily=Decimal("41.20"),
        periods=[(date(2026, 1, 8), date(2026, 1, 31))],
    )
    bordereau = make_contribution(
        session,
        contract=plans.health,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        due=Decimal("1200"),
        paid=Decimal("0"),
        due_on=date(2026, 4, 15),
    )
    notice = make_contract_document(session, contract=plans.health, title=f"Notice {letter}{tag}")
    mail = make_company_document(session, company=company, title=f"Courrier {letter}{tag}")
    # A guide is every employer's, so no company has one of its own: A's is in force (its users read it),
    # B's withdrawn (nobody reads it any more: what the other company's id stands for in the route matrix).
    guide = make_employer_guide(session, title=f"Guide {letter}{tag}", withdrawn=letter != "A")
    request_id, attachment = send_bulletin(
        session,
        company=company,
        author=admin,
        message=f"{letter}MESSAGE{tag}",
        nonce=f"matrix-{letter}-{tag}",
    )
    # answered by OCSO, so that a reply is possible at all: the other company's users must still be refused
    session.add(RequestMessage(request_id=request_id, from_ocso=True, body=f"{letter}REPONSE{tag}"))
    # an affiliation whose « Suivi de l'affiliation » nobody receives (its chooser left): the other company's
    # users must not take it over (« Recevoir le suivi de ces affiliations »)
    gone = make_employer(session, grants={company: EmployerProfile.STAFF_MANAGEMENT})
    gone.is_active = False
    unheard = make_employee(
        session,
        company=company,
        status=AffiliationStatus.PENDING,
        invited_at=datetime.now(UTC),
        last_name=f"{letter}ORPHELIN{tag}",
    )
    unheard.dispense_email, unheard.invited_by_account_id = gone.email, gone.id
    batch = EmployeeImport(
        company_id=company.id, account_id=admin.id, file_name="salaries.csv", row_count=0, imported_count=0
    )
    session.add(batch)
    session.flush()
    return Side(
        company_id=company.id,
        client_number=company.client_number,
        siren=company.siren,
        admin_id=admin.id,
        ids={
            "employee_id": plain.id,
            "account_id": admin.id,
            "allowance_id": payments[0].id,
            "contract_id": plans.health.id,
            "provident_id": plans.provident.id,
            "notice_id": notice.id,
            "document_id": mail.id,
            "guide_id": guide.id,
            "request_id": request_id,
            "attachment_id": attachment,
            "structure_id": company.id,
            "import_id": batch.id,
            "unheard_employee_id": unheard.id,
        },
        markers={
            company.name: EmployerAction.VIEW_STRUCTURE,
            f"{letter}NOMSALARIE{tag}": EmployerAction.VIEW_EMPLOYEES,
            f"{letter}ORPHELIN{tag}": EmployerAction.VIEW_EMPLOYEES,
            leave.reference: EmployerAction.VIEW_SICK_LEAVE,
            bordereau.reference: EmployerAction.VIEW_CONTRIBUTIONS,
            f"{letter}MESSAGE{tag}": EmployerAction.MANAGE_EMPLOYEES,  # a « Salariés » démarche
            f"{letter}REPONSE{tag}": EmployerAction.MANAGE_EMPLOYEES,  # OCSO's answer on it
            admin.email: EmployerAction.VIEW_STRUCTURE,
            guide.title: EmployerAction.VIEW_STRUCTURE,  # B's: withdrawn, so never listed nor served
        },
        employee_name=f"{letter}NOMSALARIE{tag}",
    )


@dataclass(frozen=True)
class World:
    mine: Side
    theirs: Side
    users: dict[EmployerProfile, int]  # one user of ``mine`` per profile


_BUILT: list[World] = []


@pytest.fixture
def world(live_app) -> World:
    """Built once for the module (in the portal's database, which the per-test settings point at)."""
    if not _BUILT:
        _BUILT.append(_build())
    return _BUILT[0]


def _build() -> World:
    tag = uuid.uuid4().hex[:6].upper()
    with db_session() as session:
        mine, theirs = _side(session, "A", tag), _side(session, "B", tag)
    users = {EmployerProfile.ADMIN: mine.admin_id}
    with db_session() as session:
        company = session.get(Company, mine.company_id)
        for profile in EmployerProfile:
            if profile != EmployerProfile.ADMIN:
                users[profile] = make_employer(session, grants={company: profile}).id
    return World(mine, theirs, users)


def _employer_handlers() -> list[tuple[type, str, object]]:
    return [
        (cls, name, handler)
        for cls in private_states()
        if issubclass(cls, EmployerState)
        for name, handler in own_handlers(cls).items()
    ]


def _form(side: Side) -> dict[str, str]:
    """Every field an employer form may carry, pointing at ``side``'s things."""
    return {
        "structure": str(side.company_id),
        f"profil_{side.company_id}": EmployerProfile.ADMIN.value,
        "client_number": side.client_number,
        "siren": side.siren,
        "security_code": "K7P-42Q",
        "email": f"intrus.{uuid.uuid4().hex[:8]}@example.org",
        "first_name": "Eve",
        "last_name": "Intruse",
        "phone": "0611111111",
        "job_title": "RH",
        "contrat": str(side.ids["contract_id"]),
        "precompte": "non",
        "effectif": "3",
        "salarie": str(side.ids["employee_id"]),
        "employee_id": str(side.ids["employee_id"]),  # « Salarié concerné » picked
        "du": "01/01/2020",
        "au": "31/12/2030",
        "recherche": "",
        "topic": "Bulletin d'adhésion",
        "employee": "X",
        "message": "intrusion",
        "kind": "salaries",
        "demarche": str(side.ids["request_id"]),  # the démarche a reply is for
    }


def _arguments(handler, side: Side) -> dict:
    values: dict = {}
    for name in list(inspect.signature(handler).parameters)[1:]:
        if name == "form":
            values[name] = _form(side)
        elif name == "files":
            values[name] = []
        elif name == "structure":  # the structure chosen in a démarche's form
            values[name] = str(side.company_id)
        elif name == "typed":  # a search as one types: the side's employee
            values[name] = side.employee_name
        elif name in (STRUCTURE_ARGUMENT, "value"):
            values[name] = str(side.ids["contract_id"]) if name == "value" else str(side.company_id)
        elif name in side.ids:
            values[name] = str(side.ids[name])
        elif name == "employee_ids":
            values[name] = [str(side.ids["employee_id"])]
        else:
            values[name] = "1"
    return values


def _written_on(side: Side) -> tuple:
    """What would show that somebody wrote on ``side``'s company."""
    with db_session() as session:
        return (
            session.scalar(select(func.count()).where(AuditEvent.company_id == side.company_id)),
            session.scalar(select(func.count()).where(Request.company_id == side.company_id)),
            session.scalar(
                select(func.count())
                .select_from(RequestMessage)
                .join(Request, Request.id == RequestMessage.request_id)
                .where(Request.company_id == side.company_id)
            ),
            tuple(
                session.execute(
                    select(EmployerGrant.account_id, EmployerGrant.profile, EmployerGrant.is_principal)
                    .where(EmployerGrant.company_id == side.company_id)
                    .order_by(EmployerGrant.account_id)
                ).all()
            ),
            session.scalar(select(Account.is_active).where(Account.id == side.admin_id)),
            session.scalar(select(Document.read_at).where(Document.id == side.ids["document_id"])),
            session.execute(
                select(
                    Employee.invited_by_account_id, Employee.dispense_email, Employee.notify_hr_email
                ).where(Employee.id == side.ids["unheard_employee_id"])
            ).one(),
        )


def _forbidden(side: Side, profile: EmployerProfile) -> list[str]:
    """``side``'s words that ``profile`` may not read."""
    return [word for word, action in side.markers.items() if not employer_access.allows(profile, action)]


def _call_as(url: str, cookie: str, cls, name: str, arguments: dict) -> str:
    """One handler called on a fresh connection (its own client token) of the caller: what came back."""
    socket = RawReflexSocket(url, cookie=cookie)
    try:
        return " ".join(socket.call(handler_name(cls, name), arguments, path="/employeur"))
    finally:
        socket.close()


@pytest.mark.parametrize("profile", list(EmployerProfile), ids=lambda p: p.value)
def test_each_profile_gets_nothing_of_another_company_and_nothing_beyond_its_profile(
    live_app, world: World, profile: EmployerProfile
):
    handlers = _employer_handlers()
    assert len(handlers) > 25
    before = _written_on(world.theirs)
    cookie = cookie_for(world.users[profile])
    # Each handler on its own connection, several at once: the server answers them independently.
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = pool.map(
            lambda h: _call_as(live_app.url, cookie, h[0], h[1], _arguments(h[2], world.theirs)), handlers
        )
        frames_by_handler = list(zip(handlers, answers, strict=True))
    seen_own_data = False
    for (cls, name, handler), frames in frames_by_handler:
        action = getattr(handler, NEEDS)
        where = f"{profile.value} → {cls.__name__}.{name}"
        for word in world.theirs.markers:
            assert word not in frames, f"{where} sent the other company's {word!r}"
        for word in _forbidden(world.mine, profile):
            assert word not in frames, f"{where} sent {word!r}, beyond its profile"
        if not employer_access.allows(profile, action):
            assert "_redirect" in frames, f"{where}: not allowed, yet not refused"
        seen_own_data = seen_own_data or any(
            w in frames for w, a in world.mine.markers.items() if a != EmployerAction.VIEW_STRUCTURE
        )
    assert _written_on(world.theirs) == before
    assert seen_own_data, "the matrix never saw the caller's own data: it would pass without testing"


ROUTE_IDS = {
    routes.API_EMPLOYER_CONTRACT_DOCUMENT: {"document_id": "notice_id"},
}
PATH_VALUES = {"format": "xlsx"}  # path parameters that are no id: the same for both companies
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROUTE_CONTENT_TYPES = {  # the others answer a PDF
    routes.API_EMPLOYER_STAFF_EXPORT: XLSX,
    routes.API_EMPLOYER_IMPORT_TEMPLATE: XLSX,
    routes.API_EMPLOYER_IMPORT_REPORT: XLSX,
    routes.API_EMPLOYER_DISPENSE_REGISTER: "application/zip",
}
ROUTE_QUERIES = {
    routes.API_EMPLOYER_ATTESTATIONS: lambda ids: {"salaries": str(ids["employee_id"])},
    routes.API_EMPLOYER_BIA_PDF: lambda ids: {
        "contrat": str(ids["contract_id"]),
        "options": "",
        "precompte": "oui",
        "effectif": "",
    },
    # a route without an id in its path reaches a company through the header's choice
    routes.API_EMPLOYER_STAFF_EXPORT: lambda ids: {"structure": str(ids["structure_id"])},
    routes.API_EMPLOYER_IMPORT_TEMPLATE: lambda ids: {"structure": str(ids["structure_id"])},
    routes.API_EMPLOYER_DISPENSE_REGISTER: lambda ids: {"structure": str(ids["structure_id"])},
}
# What a route checks beyond its guard's action (a « Salariés » démarche's file needs its kind's action).
ROUTE_NEEDS_MORE = {routes.API_EMPLOYER_ATTACHMENT: EmployerAction.MANAGE_EMPLOYEES}
# Routes whose things this world does not build, each in the matrix of its own feature's test file.
TESTED_ELSEWHERE = {
    routes.API_EMPLOYER_AFFILIATION_LETTER: "test_affiliation_hr_access",
    routes.API_EMPLOYER_RADIATION_LETTER: "test_affiliation_hr_access",
    routes.API_EMPLOYER_DISPENSE_PROOF: "test_affiliation_hr_access",
}


def employer_routes() -> list[tuple[routes.Endpoint, EmployerAction]]:
    """Every employer route and the action its guard needs."""
    return [(e, getattr(h, ROUTE_NEEDS)) for e, h in HANDLERS.items() if hasattr(h, ROUTE_NEEDS)]


def _employer_routes() -> list[tuple[routes.Endpoint, EmployerAction]]:
    return [(e, a) for e, a in employer_routes() if e not in TESTED_ELSEWHERE]


def _url(endpoint: routes.Endpoint, side: Side) -> str:
    names = ROUTE_IDS.get(endpoint, {})
    parameters = {
        name: PATH_VALUES[name] if name in PATH_VALUES else side.ids[names.get(name, name)]
        for name in endpoint.path_parameters()
    }
    query = ROUTE_QUERIES[endpoint](side.ids) if endpoint in ROUTE_QUERIES else None
    return endpoint.url(query, **parameters)


@pytest.mark.parametrize("profile", list(EmployerProfile), ids=lambda p: p.value)
def test_each_employer_route_answers_only_within_the_company_and_the_profile(
    live_app, world: World, profile: EmployerProfile
):
    found = _employer_routes()
    assert len(found) >= 7
    cookie = {"Cookie": cookie_for(world.users[profile])}
    with httpx.Client(base_url=live_app.url, timeout=30) as client:
        for endpoint, action in found:
            theirs, mine = _url(endpoint, world.theirs), _url(endpoint, world.mine)
            assert client.get(mine).status_code == 401, f"{endpoint.path} without a cookie"
            assert client.get(theirs, headers=cookie).status_code == 404, (
                f"{profile.value} got another company's {theirs}"
            )
            needed = [action, *([ROUTE_NEEDS_MORE[endpoint]] if endpoint in ROUTE_NEEDS_MORE else [])]
            allowed = all(employer_access.allows(profile, a) for a in needed)
            answer = client.get(mine, headers=cookie)
            assert answer.status_code == (200 if allowed else 404), f"{profile.value} on {mine}"
            if allowed:
                expected = ROUTE_CONTENT_TYPES.get(endpoint, "application/pdf")
                assert answer.headers["content-type"].startswith(expected), f"{profile.value} on {mine}"


def test_an_administrator_who_opens_another_companys_user_then_saves_changes_nothing(live_app, world: World):
    before = _written_on(world.theirs)
    socket = RawReflexSocket(live_app.url, cookie=cookie_for(world.users[EmployerProfile.ADMIN]))
    for name, arguments in (
        ("load", {}),
        ("edit_user", {"account_id": str(world.theirs.admin_id)}),
        ("save_access", {"form": _form(world.theirs) | {f"profil_{world.mine.company_id}": ""}}),
        ("deactivate", {"account_id": str(world.theirs.admin_id)}),
    ):
        socket.call(handler_name(AdministrationState, name), arguments, path="/employeur")
    frames = " ".join(socket.received)
    socket.close()
    for word in world.theirs.markers:
        assert word not in frames, f"sent the other company's {word!r}"
    assert _written_on(world.theirs) == before


def _late_employee(company_id: int) -> tuple[int, str]:
    """An employee of ``company_id`` à relancer (invited 20 days ago), with an e-mail: id and address."""
    email = f"arelancer.{uuid.uuid4().hex[:8]}@example.org"
    with db_session() as session:
        employee = make_employee(
            session,
            company=session.get(Company, company_id),
            status=AffiliationStatus.PENDING,
            invited_at=datetime.now(UTC) - timedelta(days=20),
            email=email,
        )
        return employee.id, email


def _reminded_at(employee_id: int) -> datetime | None:
    with db_session() as session:
        return session.scalar(select(Employee.last_reminder_at).where(Employee.id == employee_id))


@pytest.mark.parametrize("profile", [*EmployerProfile, None], ids=lambda p: p.value if p else "sans-cookie")
def test_relancer_tous_reaches_only_the_callers_structures_where_the_profile_may_relancer(
    live_app, world: World, mailbox, profile: EmployerProfile | None
):
    """The confirmation then the sending, on one connection, with another company's structure chosen in the
    header: a profile that may manage the employees relances its own company's employee only; any other
    profile, and no cookie, is refused; the other company's employee is never relancé nor e-mailed."""
    mine, mine_email = _late_employee(world.mine.company_id)
    theirs, theirs_email = _late_employee(world.theirs.company_id)
    before = _written_on(world.theirs)
    socket = RawReflexSocket(live_app.url, cookie=cookie_for(world.users[profile]) if profile else None)
    try:
        socket.call(
            handler_name(EmployerState, "choose_structure"),
            {"value": str(world.theirs.company_id)},
            path="/employeur",
        )
        asked = " ".join(socket.call(handler_name(BulkReminderState, "prepare"), {}, path="/employeur"))
        socket.call(handler_name(BulkReminderState, "send_all"), {}, path="/employeur")
    finally:
        socket.close()
    allowed = profile is not None and employer_access.allows(profile, EmployerAction.MANAGE_EMPLOYEES)
    if allowed:
        assert "Envoyer" in asked and "relance" in asked
        mailbox.wait_for(mine_email)
        assert _reminded_at(mine) is not None
    else:
        assert "_redirect" in asked and "Envoyer" not in asked
        time.sleep(1)  # a mail would leave right after the commit
        assert _reminded_at(mine) is None and mailbox.to(mine_email) == []
    assert _reminded_at(theirs) is None and mailbox.to(theirs_email) == []
    assert _written_on(world.theirs) == before


# « Salarié concerné » of the Démarches: its search, its choice and the submission, by every kind of intruder.
PICKER = ("search_employee_salaries", "search_employee_arrets", "pick_employee_salaries")
INTRUDERS = {
    # who calls: (their cookie's account, the side whose structure, employee and name the calls aim at)
    "sans-cookie": (None, "mine"),
    "autre-entreprise": ("theirs-admin", "mine"),
    "profil-cotisations": (EmployerProfile.CONTRIBUTIONS, "mine"),
    "structure-d-une-autre": (EmployerProfile.ADMIN, "theirs"),
}


def _picker_calls(url: str, account_id: int | None, target: Side, employee: Side) -> str:
    """The search (by the employee's name), the choice and a « Salariés » démarche naming ``employee``, all
    in ``target``'s structure, on one connection: every frame that came back."""
    socket = RawReflexSocket(url, cookie=cookie_for(account_id) if account_id else None)
    structure, employee_id = str(target.company_id), str(employee.ids["employee_id"])
    calls = [
        (PICKER[0], {"structure": structure, "typed": employee.employee_name}),
        (PICKER[1], {"structure": structure, "typed": employee.employee_name}),
        (PICKER[2], {"structure": structure, "employee_id": employee_id}),
        ("upload_salaries", {"files": [], "form": _picker_form(structure, employee_id)}),
    ]
    try:
        for name, arguments in calls:
            socket.call(handler_name(EmployerRequestsState, name), arguments, path="/employeur/demarches")
        return " ".join(socket.received)
    finally:
        socket.close()


def _picker_form(structure: str, employee_id: str) -> dict[str, str]:
    return {
        "structure": structure,
        "topic": "Sortie des effectifs",
        "employee_id": employee_id,
        "message": "Départ le 31 décembre.",
    }


@pytest.mark.parametrize("intruder", list(INTRUDERS))
def test_the_employee_picker_never_lists_nor_names_another_structures_employee(
    live_app, world: World, intruder: str
):
    """No cookie, another company's user, a profile that may not send a « Salariés » nor an « Arrêts de
    travail » démarche, and another company's structure: the employee's name never comes back and
    nothing is written on either company."""
    who, aimed = INTRUDERS[intruder]
    target = world.mine if aimed == "mine" else world.theirs
    account_id = world.theirs.admin_id if who == "theirs-admin" else world.users[who] if who else None
    before = (_written_on(world.mine), _written_on(world.theirs))
    frames = _picker_calls(live_app.url, account_id, target, target)
    assert target.employee_name not in frames, f"{intruder} read {target.employee_name!r}"
    assert "est envoyée" not in frames
    assert (_written_on(world.mine), _written_on(world.theirs)) == before


def test_the_employee_picker_refuses_another_companys_employee_in_the_callers_own_structure(
    live_app, world: World
):
    """The caller's own structure, the other company's employee (their name typed, their id picked and
    sent): not listed, not picked, the démarche refused in French and nothing written; the same calls with
    the caller's own employee list them, pick them and send the démarche (the test would pass otherwise)."""
    admin = world.users[EmployerProfile.ADMIN]
    before = (_written_on(world.mine), _written_on(world.theirs))
    frames = _picker_calls(live_app.url, admin, world.mine, world.theirs)
    assert world.theirs.employee_name not in frames
    assert "Ce salarié n'est pas enregistré sur la structure concernée" in frames
    assert (_written_on(world.mine), _written_on(world.theirs)) == before
    own = _picker_calls(live_app.url, admin, world.mine, world.mine)
    assert world.mine.employee_name in own and "est envoyée" in own
    assert _written_on(world.theirs) == before[1]
