"""The guard of the HTTP routes, and their private answers: the same ``resolve_principal`` as the pages,
from the request's own cookie, on every request; ids from the URL parsed strictly (``services.ids``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ocso_app.db import db_session
from ocso_app.models import AccountKind
from ocso_app.services import employer_access, staff_access
from ocso_app.services.audit import Actor, interface_from_user_agent
from ocso_app.services.employer_access import EmployerAction, EmployerScope
from ocso_app.services.ids import parse_id
from ocso_app.services.sessions import Principal, resolve_principal
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.workers import run_blocking

PRIVATE = {"cache-control": "no-store, private", "pragma": "no-cache", "x-content-type-options": "nosniff"}
LOG_IN = "Connectez-vous à votre Espace Santé Assuré."
EMPLOYER_LOG_IN = "Connectez-vous à votre Espace Employeur."
STAFF_LOG_IN = "Connectez-vous à l'Espace OCSO."
NEEDS = "__ocso_employer_action__"  # the action an employer route is guarded for (the access tests read it)
STRUCTURE_QUERY = "structure"  # ?structure=ID: the structure chosen in the header, narrowing the scope
STAFF_NEEDS = "__ocso_staff_action__"  # the action a staff route is guarded for (the access tests read it)

EmployerAnswer = Callable[[Session, Actor, EmployerScope, Request], Response | None]
StaffAnswer = Callable[[Session, StaffCaller, Request], Response | None]


def _actor(principal_account: int, member_id: int | None, request: Request) -> Actor:
    return Actor(
        account_id=principal_account,
        member_id=member_id,
        interface=interface_from_user_agent(request.headers.get("user-agent")),
        ip_address=request.client.host if request.client else None,
    )


def member_actor(session: Session, request: Request) -> Actor | None:
    """The fully logged-in member behind the request's cookie, as the services' ``Actor``; else ``None``."""
    principal = _logged_in(session, request, AccountKind.MEMBER)
    return _actor(principal.account_id, principal.member_id, request) if principal is not None else None


def path_id(request: Request, name: str) -> int | None:
    """The id named ``name`` in the URL, or ``None`` when it is no id (answered as an unknown one)."""
    return parse_id(request.path_params.get(name))


def started_elsewhere(request: Request) -> bool:
    """A request another site started, a sibling site of the same domain included (the browser says so in
    ``Sec-Fetch-Site``; none from old browsers and from a link opened by hand): what may not have a download
    that replaces a secret (a letter with a new code or password)."""
    return request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none")


def refused(status: int, text: str) -> Response:
    """A refusal that no cache keeps."""
    return PlainTextResponse(text, status_code=status, headers=PRIVATE)


def private_file(content: bytes, content_type: str, filename: str) -> Response:
    """A private file to download (never cached, never sniffed), its name in UTF-8."""
    disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=content_type, headers={**PRIVATE, "content-disposition": disposition})


async def serve_member(
    request: Request, answer: Callable[[Session, Actor], Response | None], *, not_found: str
) -> Response:
    """The shape of every member route: 401 without a live member session, else ``answer`` for that
    member, 404 (``not_found``) when it has nothing for them, exactly as for a missing thing. The whole
    unit of work (queries, PDF drawing, file reading) runs in the bounded pool, off the event loop."""

    def work() -> Response:
        with db_session() as session:
            actor = member_actor(session, request)
            if actor is None or actor.member_id is None:
                return refused(401, LOG_IN)
            response = answer(session, actor)
        return response if response is not None else refused(404, not_found)

    return await run_blocking(work)


def employer_route(
    action: EmployerAction, answer: EmployerAnswer, *, not_found: str
) -> Callable[[Request], Awaitable[Response]]:
    """The shape of every employer route: 401 without a live, fully authenticated employer session; 404
    (``not_found``) when no structure of the caller allows ``action``, or when ``answer`` has nothing for
    that scope (another company's id looks exactly like a missing one). The scope is every structure on
    which the caller's profile allows ``action``, narrowed to one of them by ``?structure=ID`` (the header's
    choice; a structure outside the scope, or no id, is the same 404); ``answer`` restricts its queries to
    it. The whole unit of work runs in the bounded pool, off the event loop."""

    def work(request: Request) -> Response:
        with db_session() as session:
            principal = _logged_in(session, request, AccountKind.EMPLOYER)
            if principal is None:
                return refused(401, EMPLOYER_LOG_IN)
            chosen = request.query_params.get(STRUCTURE_QUERY)
            chosen_id = parse_id(chosen) if chosen is not None else None
            scope = employer_access.scope_for(
                session, account_id=principal.account_id, action=action, chosen=chosen_id
            )
            response = None
            if scope is not None and (chosen is None or chosen_id is not None):
                response = answer(session, _actor(principal.account_id, None, request), scope, request)
        return response if response is not None else refused(404, not_found)

    return _pooled(work, answer.__doc__, NEEDS, action)


def _logged_in(session: Session, request: Request, kind: AccountKind) -> Principal | None:
    """The live, fully authenticated session of an account of ``kind`` behind the request's cookie."""
    principal = resolve_principal(session, cookie_header=request.headers.get("cookie"))
    if principal is None or principal.kind != kind or not principal.fully_authenticated:
        return None
    return principal


def _pooled(
    work: Callable[[Request], Response], doc: str | None, marker: str, action: object
) -> Callable[[Request], Awaitable[Response]]:
    """A route running ``work`` in the bounded pool, marked with the action it is guarded for."""

    async def handler(request: Request) -> Response:
        return await run_blocking(work, request)

    handler.__doc__ = doc
    setattr(handler, marker, action)
    return handler


def staff_route(
    action: StaffAction, answer: StaffAnswer, *, not_found: str
) -> Callable[[Request], Awaitable[Response]]:
    """The shape of every staff route: 401 without a live, fully authenticated staff session (password and
    authenticator); 404 (``not_found``) when the caller's role does not allow ``action``, or when ``answer``
    has nothing for that caller (a démarche of a desk the role does not handle looks exactly like a missing
    one). ``answer`` restricts its queries to ``StaffCaller.desks``. Runs in the bounded pool."""

    def work(request: Request) -> Response:
        with db_session() as session:
            principal = _logged_in(session, request, AccountKind.STAFF)
            if principal is None:
                return refused(401, STAFF_LOG_IN)
            caller = staff_access.caller_for(principal, action, _actor(principal.account_id, None, request))
            response = answer(session, caller, request) if caller is not None else None
        return response if response is not None else refused(404, not_found)

    return _pooled(work, answer.__doc__, STAFF_NEEDS, action)
