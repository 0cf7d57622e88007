"""The staff access matrix: no cookie, a member's cookie, an employer's cookie and each staff role against
every staff handler (over the raw websocket) and every staff route (over HTTP).

The world is a member's démarche (a RIB change with its file) and an employer's (a « Salariés » bulletin
with its file). Outside the staff space nobody gets anything or writes anything; a role lacking a handler's
action is refused; a prestations agent never reads nor touches an employer's démarche, an entreprises agent
never a member's; the administrator reads both.
"""

from __future__ import annotations

import inspect
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import func, select

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app import routes
from ocso_app.api.app import HANDLERS
from ocso_app.api.guard import STAFF_NEEDS as ROUTE_NEEDS
from ocso_app.db import db_session
from ocso_app.models import (
    Account,
    AccountKind,
    AuditEvent,
    BusinessIntroducer,
    Company,
    Contract,
    Employee,
    EmployerGuide,
    Member,
    OutboxMessage,
    PortabilityProof,
    Request,
    RequestAttachment,
    RequestMessage,
    StaffRole,
)
from ocso_app.models.base import utcnow
from ocso_app.services import outbox, requests, staff_access
from ocso_app.services.formats import paris_today
from ocso_app.services.staff_access import Desk
from ocso_app.services.uploads import IncomingFile
from ocso_app.state.base import own_handlers, private_states
from ocso_app.state.staff.base import NEEDS, StaffState
from ocso_app.state.staff.files import StaffCompanyFileState
from ocso_app.state.staff.new_company import StaffNewCompanyState
from ocso_app.state.staff.queue import StaffQueueState
from ocso_app.state.staff.request import StaffRequestState
from tests.builders import (
    PASSWORD,
    make_company,
    make_employer,
    make_member_account,
    make_pdf,
    make_staff,
    new_email,
    send_bulletin,
)
from tests.builders._unique import unused
from tests.builders.employers import new_siren
from tests.e2e.helpers import cookie_for
from tests.support.raw_socket import RawReflexSocket, handler_name

IBAN = "FR7630006000011234567890189"


@dataclass(frozen=True)
class Target:
    """One démarche of the world, its file and the words that would reveal it."""

    desk: Desk
    request_id: int
    attachment_id: int
    search: str
    markers: tuple[str, ...]


@dataclass(frozen=True)
class World:
    member: Target
    company: Target
    member_id: int
    company_id: int
    cookies: dict[str, str]  # "member", "employer", and each staff role's value


_BUILT: list[World] = []


@pytest.fixture
def world(live_app) -> World:
    """Built once for the module, in the portal's database."""
    if not _BUILT:
        _BUILT.append(_build_apart())
    return _BUILT[0]


def _build_apart() -> World:
    """The world, with démarche ids that are not its member's nor its company's id. The client files' pages
    read the same ``?n=`` as a démarche's page, and a role may open any file of its desk (audited): sent from
    the member's démarche page numbered like the world's company, the « another desk » calls would open that
    company's file for the Entreprises desk, rightly, and the test would fail in that test order only."""
    for _ in range(5):  # ids grow with each build: a coincidence does not last
        world = _build()
        if not {world.member.request_id, world.company.request_id} & {world.member_id, world.company_id}:
            return world
    raise AssertionError("the world's démarches keep the ids of its member or company")


def _attachment(session, request_id: int) -> int:
    return session.scalar(select(RequestAttachment.id).where(RequestAttachment.request_id == request_id))


def _build() -> World:
    tag = uuid.uuid4().hex[:6].upper()
    with db_session() as session:
        account = make_member_account(session)
        member = session.get(Member, account.member_id)
        member.last_name = f"MNOMSTAFF{tag}"
        bank = requests.submit(
            session,
            submitter=requests.Submitter(account.id, member.id, nonce=f"staff-matrix-{tag}"),
            form=requests.BankDetailsForm(iban=IBAN, bic="AGRIFRPP123", password=PASSWORD),
            files=[IncomingFile("rib.pdf", make_pdf("RIB"))],
            today=paris_today(),
        )
        company = make_company(session, name=f"CSOCIETESTAFF {tag}")
        boss = make_employer(session, principal_of=(company,))
        bulletin, bulletin_file = send_bulletin(
            session, company=company, author=boss, message=f"CMESSAGE{tag}", nonce=f"staff-matrix-{tag}"
        )
        staff = {role: make_staff(session, role=role).id for role in StaffRole}
        given_up, _ = outbox.enqueue(session, outbox.Outgoing(new_email(), "Objet", "Texte"), now=utcnow())
        given_up.claimed_by, given_up.attempts, given_up.failed_at = None, outbox.MAX_ATTEMPTS, utcnow()
        world = World(
            member=Target(
                Desk.PRESTATIONS,
                bank.request_id,
                _attachment(session, bank.request_id),
                member.member_number,
                (member.last_name, "FR76 3000 6000"),
            ),
            company=Target(
                Desk.ENTREPRISES,
                bulletin,
                bulletin_file,
                company.name,
                (company.name, f"CMESSAGE{tag}"),
            ),
            member_id=member.id,
            company_id=company.id,
            cookies={},
        )
        ids = {"member": account.id, "employer": boss.id} | {role.value: i for role, i in staff.items()}
    return World(**{**world.__dict__, "cookies": {who: cookie_for(i) for who, i in ids.items()}})


def _written(world: World) -> tuple:
    """What would show that somebody wrote on the world's démarches or files, or on the staff accounts."""
    ids = (world.member.request_id, world.company.request_id)
    with db_session() as session:
        return (
            session.scalar(
                select(func.count()).where(
                    (AuditEvent.member_id == world.member_id) | (AuditEvent.company_id == world.company_id)
                )
            ),
            session.scalar(select(func.count()).where(RequestMessage.request_id.in_(ids))),
            tuple(
                session.execute(
                    select(Request.status, Request.assignee_account_id).where(Request.id.in_(ids))
                )
            ),
            session.scalar(select(Member.iban_enc).where(Member.id == world.member_id)),
            session.scalar(select(Company.address_line).where(Company.id == world.company_id)),
            tuple(
                session.execute(
                    select(Account.id, Account.staff_role, Account.is_active)
                    .where(Account.kind == AccountKind.STAFF)
                    .order_by(Account.id)
                )
            ),
            # the introducers' accounts (« Désactiver » / « Réactiver » on Apporteurs d'affaires, called with
            # {"introducer_id": "1"} like every staff handler's argument; « Enregistrer l'adresse » with the
            # FORM's introducer 1 and new address) and the introducers' own addresses
            tuple(
                session.execute(
                    select(Account.id, Account.is_active, Account.email)
                    .where(Account.kind == AccountKind.INTRODUCER)
                    .order_by(Account.id)
                )
            ),
            tuple(
                session.execute(
                    select(BusinessIntroducer.id, BusinessIntroducer.email).order_by(BusinessIntroducer.id)
                )
            ),
            # the e-mails given up (the world holds one): only an administrator may send them again
            session.scalar(select(func.count()).where(OutboxMessage.failed_at.is_not(None))),
            # the client companies and contracts (« Nouvelle entreprise », « Ajouter un contrat »)
            session.scalar(select(func.count(Company.id))),
            session.scalar(select(func.count(Contract.id))),
            # the guides of every employer in force (« Retirer », « Publier » to every employer)
            session.scalar(select(func.count(EmployerGuide.id)).where(EmployerGuide.withdrawn_at.is_(None))),
            # the proofs of portabilité OCSO recorded (« Enregistrer un justificatif de portabilité reçu »)
            session.scalar(
                select(func.count(PortabilityProof.id))
                .join(Employee, Employee.id == PortabilityProof.employee_id)
                .where(Employee.company_id == world.company_id)
            ),
        )


def _staff_handlers() -> list[tuple[type, str, object]]:
    return [
        (cls, name, handler)
        for cls in private_states()
        if issubclass(cls, StaffState)
        for name, handler in own_handlers(cls).items()
    ]


FORM = {
    "reponse": "intrusion",
    "statut": "refusee",
    "motif": "intrusion",
    "code": "123456",
    "adresse": "1 rue Pirate",
    "code_postal": "75001",
    "ville": "PARIS",
    "date_sortie": "01/12/2026",
    "motif_depart": "demission",
    "search": "",
    "status": "",
    "introducer": "1",  # Apporteurs d'affaires: « Enregistrer l'adresse » of introducer 1
    "new_email": "matrice.intrusion@example.fr",
}


def _arguments(handler) -> dict:
    return {
        name: (FORM if name == "form" else [] if name == "files" else "1")
        for name in list(inspect.signature(handler).parameters)[1:]
    }


Call = tuple[str, dict, str]  # a handler's wire name, its payload, the page it is sent from
AT_ONCE = 8  # connections at a time


def _on_its_own_connection(url: str, cookie: str | None, calls: list[Call]) -> str:
    """``calls`` in order on a fresh connection (its own client token): every frame that came back."""
    socket = RawReflexSocket(url, cookie=cookie)
    try:
        for name, payload, path in calls:
            socket.call(name, payload, path=path)
        return " ".join(socket.received)
    finally:
        socket.close()


def _each_at_once(url: str, cookie: str | None, sequences: list[list[Call]]) -> list[str]:
    """Each sequence on its own connection, several at a time: the server answers them independently."""
    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        return list(pool.map(lambda calls: _on_its_own_connection(url, cookie, calls), sequences))


def _handler_call(cls: type, name: str, handler, path: str) -> Call:
    return (handler_name(cls, name), _arguments(handler), path)


def _calls(url: str, cookie: str | None, target: Target, handlers) -> str:
    """``target``'s page opened, then one handler of ``handlers``, each on its own connection: what came
    back to all of them."""
    path = f"{routes.STAFF_REQUEST}?n={target.request_id}"
    opened: Call = (handler_name(StaffRequestState, "load"), {}, path)
    sequences = [[opened, _handler_call(cls, name, handler, path)] for cls, name, handler in handlers]
    return " ".join(_each_at_once(url, cookie, sequences))


def _outsider(url: str, cookie: str | None, world: World) -> list[tuple[str, str]]:
    """Both démarches' pages opened, and every staff handler, each on its own connection: what came back."""
    labelled: list[tuple[str, Call]] = [
        (
            f"{StaffRequestState.__name__}.load {target.desk}",
            (handler_name(StaffRequestState, "load"), {}, f"{routes.STAFF_REQUEST}?n={target.request_id}"),
        )
        for target in (world.member, world.company)
    ]
    labelled += [
        (f"{cls.__name__}.{name}", _handler_call(cls, name, handler, routes.STAFF_HOME))
        for cls, name, handler in _staff_handlers()
    ]
    answers = _each_at_once(url, cookie, [[call] for _, call in labelled])
    return [(where, frames) for (where, _), frames in zip(labelled, answers, strict=True)]


def test_nobody_outside_the_staff_space_gets_or_writes_anything(live_app, world: World):
    """No cookie, a member's, an employer's: every staff handler is refused, sends nothing, writes nothing
    (each handler on its own connection, several at a time)."""
    assert len(_staff_handlers()) >= 9
    before = _written(world)
    callers = [None, "member", "employer"]
    for who in callers:
        for where, frames in _outsider(live_app.url, world.cookies.get(who or ""), world):
            assert "_redirect" in frames, f"{who} → {where}: not refused"
            for word in (*world.member.markers, *world.company.markers):
                assert word not in frames, f"{who} → {where} sent {word!r}"
    assert _written(world) == before


@pytest.mark.parametrize("role", list(StaffRole), ids=lambda r: r.value)
def test_each_role_reads_and_touches_only_its_desks_demarches(live_app, world: World, role: StaffRole):
    cookie = world.cookies[role.value]
    desks = staff_access.desks_of(role)
    before = _written(world)
    for target in (world.member, world.company):
        if target.desk in desks:  # its own desk: the démarche's page and the queue show it (reads only)
            socket = RawReflexSocket(live_app.url, cookie=cookie)
            path = f"{routes.STAFF_REQUEST}?n={target.request_id}"
            frames = " ".join(socket.call(handler_name(StaffRequestState, "load"), {}, path=path))
            found = socket.call(
                handler_name(StaffQueueState, "filter"),
                {"form": {"search": target.search, "status": ""}},
                path=routes.STAFF_QUEUE,
            )
            socket.close()
            assert all(word in frames for word in target.markers), f"{role.value} cannot read its own desk"
            assert target.markers[0] in " ".join(found), f"{role.value}: the queue does not find it"
            continue
        # another desk: every handler on its page, nothing comes back, nothing is written
        frames = _calls(live_app.url, cookie, target, _staff_handlers())
        for word in target.markers:
            assert word not in frames, f"{role.value} read another desk's {word!r}"
    assert _written(world) == before


def test_a_role_lacking_a_handlers_action_is_refused(live_app, world: World):
    """Whatever the staff handlers (the queue's, and those of pages still to come), a role without the
    action a handler names is redirected, and nothing is written."""
    before = _written(world)
    checked = 0
    for role in StaffRole:
        refused = [h for h in _staff_handlers() if not staff_access.allows(role, getattr(h[2], NEEDS))]
        sequences = [[_handler_call(cls, name, handler, "/ocso")] for cls, name, handler in refused]
        answers = _each_at_once(live_app.url, world.cookies[role.value], sequences)
        for (cls, name, _), frames in zip(refused, answers, strict=True):
            assert "_redirect" in frames, f"{role.value} → {cls.__name__}.{name}: not refused"
            checked += 1
    assert _written(world) == before
    if not checked:
        pytest.skip("no staff handler needs an action that some role lacks (every role handles démarches)")


def _staff_routes() -> list[tuple[routes.Endpoint, object]]:
    return [(e, getattr(h, ROUTE_NEEDS)) for e, h in HANDLERS.items() if hasattr(h, ROUTE_NEEDS)]


def test_the_attachment_route_answers_only_the_roles_of_the_demarches_desk(live_app, world: World):
    found = _staff_routes()
    assert routes.API_STAFF_ATTACHMENT in {e for e, _ in found}
    url = {
        target.desk: routes.API_STAFF_ATTACHMENT.url(
            request_id=target.request_id, attachment_id=target.attachment_id
        )
        for target in (world.member, world.company)
    }
    with httpx.Client(base_url=live_app.url, timeout=30) as client:
        for desk, address in url.items():
            for who in (None, "member", "employer"):
                headers = {"Cookie": world.cookies[who]} if who else {}
                assert client.get(address, headers=headers).status_code == 401, f"{who} on {desk}"
            for role in StaffRole:
                answer = client.get(address, headers={"Cookie": world.cookies[role.value]})
                expected = 200 if desk in staff_access.desks_of(role) else 404
                assert answer.status_code == expected, f"{role.value} on the {desk} démarche's file"
                if expected == 200:
                    assert answer.content.startswith(b"%PDF")
                    assert answer.headers["cache-control"].startswith("no-store")
        # another démarche's attachment id under this démarche's number is not found either
        mixed = routes.API_STAFF_ATTACHMENT.url(
            request_id=world.member.request_id, attachment_id=world.company.attachment_id
        )
        assert client.get(mixed, headers={"Cookie": world.cookies["administrateur"]}).status_code == 404


def _new_client_calls(world: World, siren: str) -> list[list[Call]]:
    """« Nouvelle entreprise » and « Ajouter un contrat » (on the world's company's file) with forms that
    an allowed role gets written: a refusal can only be the guard's."""
    company = {
        "raison_sociale": f"CLIENT MATRICE {siren}",
        "siren": siren,
        "adresse": "4 quai des Chartrons",
        "code_postal": "33000",
        "ville": "BORDEAUX",
        "telephone": "0556001122",
    }
    contract = {
        "type_contrat": "sante",
        "libelle": "Frais de santé – matrice",
        "assureur": "Atlantique Prévoyance",
        "categorie": "Ensemble du personnel",
        "date_effet": "01/01/2026",
        "part_employeur": "50",
    }
    new_page, file_page = routes.STAFF_NEW_COMPANY, f"{routes.STAFF_COMPANY_FILE}?n={world.company_id}"
    return [
        [
            (handler_name(StaffNewCompanyState, "load"), {}, new_page),
            (handler_name(StaffNewCompanyState, "create"), {"form": company}, new_page),
        ],
        [
            (handler_name(StaffCompanyFileState, "load"), {}, file_page),
            (handler_name(StaffCompanyFileState, "add_contract"), {"form": contract}, file_page),
        ],
    ]


def _clients() -> tuple[int, int]:
    with db_session() as session:
        return session.scalar(select(func.count(Company.id))), session.scalar(select(func.count(Contract.id)))


def test_only_entreprises_and_administrators_create_clients_and_contracts(live_app, world: World):
    """Nobody outside the staff space nor a Prestations agent creates a company or adds a contract, even
    with forms that pass every check; the Entreprises desk and an administrator do."""
    with db_session() as session:
        sirens = [unused(session, Company.siren, lambda n: new_siren(n + 26_000_000)) for _ in range(6)]
    callers = [None, "member", "employer", StaffRole.PRESTATIONS.value]
    before = _written(world)
    for who, siren in zip(callers, sirens, strict=False):
        frames = _each_at_once(live_app.url, world.cookies.get(who or ""), _new_client_calls(world, siren))
        assert all("_redirect" in answer for answer in frames), f"{who}: not refused"
        assert "CLIENT MATRICE" not in " ".join(frames)
    assert _written(world) == before
    for role, siren in zip((StaffRole.ENTREPRISES, StaffRole.ADMIN), sirens[4:], strict=True):
        assert staff_access.allows(role, staff_access.StaffAction.MANAGE_CLIENTS)
        companies, contracts = _clients()
        _each_at_once(live_app.url, world.cookies[role.value], _new_client_calls(world, siren))
        assert _clients() == (companies + 1, contracts + 1), role.value
