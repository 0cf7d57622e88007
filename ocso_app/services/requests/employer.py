"""The Espace Employeur's Démarches (guide 000 §08), on the members' machinery: the same drafts, submission
(one row, checked files kept privately, audit row, confirmation e-mail) and follow-up. « Salarié concerné »
is picked among the employees of the démarche's structure (``concerned``): the search and the submission
resolve the structure the same way (``_structure``), and the id sent must be one of its employees.

Each of the five kinds needs one action of the employer's profile on the structure it concerns
(``KIND_ACTIONS``): the page offers a kind only on the structures where the profile allows it, the service
checks the grant again on the structure submitted, and « Mes derniers envois » lists, on the caller's
structures, only the kinds the profile allows on each (a cotisations profile never sees a bulletin
d'adhésion, nor its attachments).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from ocso_app import routes
from ocso_app.db import read
from ocso_app.models import Account, Request, RequestAttachment
from ocso_app.services import audit, employer_access, uploads
from ocso_app.services.employer_access import EmployerAction, GrantedStructure
from ocso_app.services.formats import format_long_date, paris_today
from ocso_app.services.ids import parse_id
from ocso_app.services.requests import concerned, labels, refusals
from ocso_app.services.requests.concerned import NamedEmployee
from ocso_app.services.requests.drafts import draft_company
from ocso_app.services.requests.follow_up import RequestView, request_view, served
from ocso_app.services.requests.forms import CompanyForm
from ocso_app.services.requests.labels import Choice
from ocso_app.services.requests.queue import person_label
from ocso_app.services.requests.refusals import RequestRefused
from ocso_app.services.requests.submission import Submitted, store

KIND_ACTIONS: dict[str, EmployerAction] = {
    labels.EMPLOYEES: EmployerAction.MANAGE_EMPLOYEES,
    labels.COMPANY_DETAILS: EmployerAction.ADMINISTER_USERS,
    labels.SICK_LEAVE: EmployerAction.MANAGE_SICK_LEAVE,
    labels.CONTRIBUTIONS: EmployerAction.MANAGE_CONTRIBUTIONS,
    labels.COMPANY_QUESTION: EmployerAction.VIEW_STRUCTURE,
}
HISTORY_LENGTH = 20


def company_attachment_url(request_id: int, attachment_id: int) -> str:
    """The protected route of one attachment of a structure's démarche (``api/employer_requests.py``)."""
    return routes.API_EMPLOYER_ATTACHMENT.url(request_id=request_id, attachment_id=attachment_id)


def _on_scope(
    grants: Sequence[GrantedStructure], structure_ids: Sequence[int], kind: str
) -> list[GrantedStructure]:
    """The caller's structures among ``structure_ids`` on which their profile allows ``kind``."""
    action = KIND_ACTIONS[kind]
    return [g for g in grants if g.company_id in structure_ids and employer_access.allows(g.profile, action)]


def structures_by_kind(
    grants: Sequence[GrantedStructure], *, structure_ids: Sequence[int]
) -> dict[str, list[Choice]]:
    """For each kind, the structures among ``structure_ids`` (the page's scope) on which the caller's
    profile (``grants``, from the guard) allows it; an empty list: the page does not offer that kind."""
    return {
        kind: [Choice(str(g.company_id), g.name) for g in _on_scope(grants, structure_ids, kind)]
        for kind in KIND_ACTIONS
    }


def _structure(
    session: Session, account_id: int | None, structure_ids: Sequence[int], kind: str, structure: str
) -> int:
    """The structure a démarche of ``kind`` concerns: the one chosen in the form (``structure``), or the
    scope's only one; it must be in the scope, and the caller's profile on it must allow the kind."""
    if account_id is None or not structure_ids:
        raise RequestRefused(refusals.KIND_NOT_ALLOWED)
    chosen = parse_id(structure) if structure else None
    if chosen is None and not structure and len(structure_ids) == 1:
        chosen = structure_ids[0]
    if chosen is None:
        raise RequestRefused(refusals.BAD_STRUCTURE)
    if chosen not in structure_ids or not kind_allowed(
        session, account_id=account_id, company_id=chosen, kind=kind
    ):
        raise RequestRefused(refusals.KIND_NOT_ALLOWED)
    return chosen


def find_concerned(
    session: Session,
    *,
    account_id: int,
    structure_ids: Sequence[int],
    kind: str,
    structure: str,
    typed: str,
    today: date,
) -> list[NamedEmployee]:
    """« Salarié concerné » as HR types it: the employees of the structure chosen in the form of ``kind``
    (checked as a submission checks it), among ``structure_ids`` (the kind's scope, from the guard);
    :class:`RequestRefused` when the structure is missing or not allowed, ``InvalidSearch`` when too long."""
    company_id = _structure(session, account_id, structure_ids, kind, structure)
    with_status = _sees_status(session, account_id, company_id)
    return concerned.find_named(
        session, company_id=company_id, typed=typed, today=today, with_status=with_status
    )


def concerned_employee(
    session: Session,
    *,
    account_id: int,
    structure_ids: Sequence[int],
    kind: str,
    structure: str,
    employee_id: str,
    today: date,
) -> NamedEmployee:
    """The employee picked in the form of ``kind``, checked to be of its structure (as ``find_concerned``)."""
    company_id = _structure(session, account_id, structure_ids, kind, structure)
    with_status = _sees_status(session, account_id, company_id)
    return concerned.named_employee(
        session, company_id=company_id, employee_id=employee_id, today=today, with_status=with_status
    )


def _sees_status(session: Session, account_id: int, company_id: int) -> bool:
    """Whether the picker shows the affiliation status: only to a profile that may see the Assurés."""
    action = EmployerAction.VIEW_EMPLOYEES
    grant = employer_access.grant_for(session, account_id=account_id, company_id=company_id, action=action)
    return grant is not None


def _named(session: Session, company_id: int, form: CompanyForm) -> NamedEmployee | None:
    """The employee picked, when the object names one and an id was sent: of ``company_id``, or refused."""
    topic = labels.company_topic(form.kind, form.topic)
    if topic is None or not topic.names_employee or not form.employee_id.strip():
        return None
    # only the name and the id are kept: the day (for the status the picker shows) does not matter here
    return concerned.named_employee(
        session, company_id=company_id, employee_id=form.employee_id, today=paris_today()
    )


def submit_for_company(
    session: Session,
    *,
    actor: audit.Actor,
    structure_ids: Sequence[int],
    nonce: str,
    form: CompanyForm,
    files: Sequence[uploads.IncomingFile] = (),
) -> Submitted:
    """An employer's démarche for one of ``structure_ids`` (the scope of the kind's action, from the guard):
    the structure, then the form, then the files are checked before one request of that structure is
    stored; raises :class:`RequestRefused` or ``UploadRejected`` with a French message, writing nothing."""
    company_id = _structure(session, actor.account_id, structure_ids, form.kind, form.structure)
    drafted = draft_company(form, named=_named(session, company_id, form))
    account = session.get(Account, actor.account_id)
    return store(
        session,
        actor=replace(actor, member_id=None, company_id=company_id),
        nonce=nonce,
        drafted=drafted,
        form=form,
        files=files,
        email=account.email if account is not None else None,
    )


def _seen_kinds(grants: Sequence[GrantedStructure], structure_ids: Sequence[int]) -> dict[str, list[int]]:
    """Per kind the caller may see, the structures among ``structure_ids`` where their profile allows it."""
    seen = {kind: [g.company_id for g in _on_scope(grants, structure_ids, kind)] for kind in KIND_ACTIONS}
    return {kind: ids for kind, ids in seen.items() if ids}


def _visible(grants: Sequence[GrantedStructure], structure_ids: Sequence[int]) -> ColumnElement[bool] | None:
    """The démarches the caller may see: each kind on the structures where their profile allows it."""
    visible = [
        and_(Request.request_type == kind, Request.company_id.in_(ids))
        for kind, ids in _seen_kinds(grants, structure_ids).items()
    ]
    return or_(*visible) if visible else None


# Built once (Accueil runs it on every opening): the open démarches of the bound structures per kind.
_OPEN_BY_KIND = (
    select(Request.request_type, Request.company_id, func.count())
    .where(
        Request.company_id.in_(employer_access.STRUCTURE_IDS),
        Request.status.in_(labels.OPEN_STATUSES),
    )
    .group_by(Request.request_type, Request.company_id)
)


def open_company_requests(
    session: Session, *, grants: Sequence[GrantedStructure], structure_ids: Sequence[int]
) -> int:
    """How many of the démarches « Mes derniers envois » would show are not answered yet (Accueil): counted
    per kind and structure, then kept where the caller's profile allows that kind (``_seen_kinds``, the
    history's rule)."""
    seen = _seen_kinds(grants, structure_ids)
    allowed = {(kind, company) for kind, ids in seen.items() for company in ids}
    if not allowed:
        return 0
    rows = read(session, _OPEN_BY_KIND, {"structure_ids": sorted({company for _kind, company in allowed})})
    return sum(count for kind, company, count in rows if (kind, company) in allowed)


def company_requests(
    session: Session,
    *,
    grants: Sequence[GrantedStructure],
    structure_ids: Sequence[int],
    limit: int = HISTORY_LENGTH,
) -> list[RequestView]:
    """« Mes derniers envois »: the démarches of ``structure_ids``, newest first, each kind only on the
    structures where the caller's profile (``grants``, from the guard) allows it, with their thread (each
    reply signed by its user) and the structure's name."""
    names = {g.company_id: g.name for g in grants}
    visible = _visible(grants, structure_ids)
    if visible is None:
        return []
    rows = list(
        session.scalars(
            select(Request)
            .where(visible)
            .options(selectinload(Request.messages), selectinload(Request.attachments))
            .order_by(Request.created_at.desc(), Request.id.desc())
            .limit(limit)
        )
    )
    authors = _authors(session, rows)
    return [
        request_view(
            r,
            url=company_attachment_url,
            date_label=format_long_date,
            structure=names.get(r.company_id or 0, ""),
            authors=authors,
        )
        for r in rows
    ]


def _authors(session: Session, rows: Sequence[Request]) -> dict[int, str]:
    """The names of the structure's users who replied in these démarches (one query)."""
    ids = {m.author_account_id for r in rows for m in r.messages if not m.from_ocso and m.author_account_id}
    if not ids:
        return {}
    return {
        a.id: f"Réponse de {person_label(a)}"
        for a in session.scalars(select(Account).where(Account.id.in_(ids)))
    }


def kind_allowed(session: Session, *, account_id: int, company_id: int, kind: str) -> bool:
    """Whether the account's profile on ``company_id`` allows the action ``kind`` needs (``KIND_ACTIONS``)."""
    action = KIND_ACTIONS.get(kind)
    return action is not None and (
        employer_access.grant_for(session, account_id=account_id, company_id=company_id, action=action)
        is not None
    )


def company_attachment(
    session: Session, *, actor: audit.Actor, structure_ids: Sequence[int], request_id: int, attachment_id: int
) -> uploads.StoredFile | None:
    """A file attached to a démarche of one of ``structure_ids`` whose kind the caller's profile allows on
    that structure, its download audited; ``None`` otherwise, exactly as for a missing one."""
    if actor.account_id is None:
        return None
    row = session.execute(
        select(RequestAttachment, Request.company_id, Request.request_type)
        .join(Request, Request.id == RequestAttachment.request_id)
        .where(
            RequestAttachment.id == attachment_id,
            RequestAttachment.request_id == request_id,
            Request.company_id.in_(structure_ids),
        )
    ).first()
    if row is None:
        return None
    attachment, company_id, kind = row
    if company_id is None or not kind_allowed(
        session, account_id=actor.account_id, company_id=company_id, kind=kind
    ):
        return None
    return served(session, replace(actor, company_id=company_id, member_id=None), attachment)
