"""The staff's work queue: every démarche of members and employers on the caller's desks, oldest first,
filtered by status (« Réponse reçue »: an open one the sender replied to since OCSO's answer), kind, desk, age
(in working days) and assignee, and found by its number, the numéro d'adhérent, or the start of the member's
or company's name; with the time since it was sent and whether it is past the target
(``working_days.TARGET_DAYS``); paged.

What the browser sends is a wish (``parse_filters`` refuses an unknown value with a French message); the desks
come from the guard (``StaffCaller.desks``) and every query is restricted to them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, Select, false, func, or_, select
from sqlalchemy.orm import Session, aliased

from ocso_app import routes
from ocso_app.models import Account, Company, Member, Request, RequestStatus
from ocso_app.models.search import fold
from ocso_app.services import working_days
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import (
    format_count,
    format_first_name,
    format_paris_datetime,
    format_person_name,
)
from ocso_app.services.ids import parse_id
from ocso_app.services.requests import labels
from ocso_app.services.requests.labels import OPEN_STATUSES, STATUS_LABELS, TYPE_LABELS
from ocso_app.services.staff_access import DESK_LABELS, Desk
from ocso_app.services.typed_text import searched

PER_PAGE = 20
OPEN = "ouvertes"  # the default status filter: envoyée or en cours de traitement
REPLIED = "reponse_recue"  # open, and the sender replied since OCSO's last answer
LATE, ON_TIME = "retard", "dans_les_temps"
MINE, NOBODY = "moi", "personne"
BAD_FILTER = "Ce filtre n'existe pas : choisissez dans la liste."

KIND_DESKS = {
    **dict.fromkeys(
        (labels.SEND_DOCUMENTS, labels.HOSPITAL, labels.BANK_DETAILS, labels.BENEFICIARIES, labels.QUESTION),
        Desk.PRESTATIONS,
    ),
    **dict.fromkeys(labels.COMPANY_TOPICS, Desk.ENTREPRISES),
}
STATUS_CHOICES = {OPEN: "À traiter", REPLIED: "Réponse reçue", "": "Tous les statuts"} | {
    status.value: label.capitalize() for status, label in STATUS_LABELS.items()
}
AGE_CHOICES = {
    "": "Toutes",
    LATE: f"En retard (plus de {working_days.TARGET_DAYS} jours ouvrés)",
    ON_TIME: f"Dans les temps ({working_days.TARGET_DAYS} jours ouvrés au plus)",
}
ASSIGNEE_CHOICES = {"": "Tous", MINE: "Moi", NOBODY: "Personne"}


@dataclass(frozen=True)
class QueueFilters:
    """The queue's filters, checked; empty strings mean « all »."""

    status: str = OPEN
    kind: str = ""
    desk: str = ""
    age: str = ""
    assignee: str = ""
    search: str = ""
    page: int = 1


def parse_filters(
    *,
    status: str = OPEN,
    kind: str = "",
    desk: str = "",
    age: str = "",
    assignee: str = "",
    search: str = "",
    page: object = 1,
) -> QueueFilters:
    """The browser's filters, each one of its list, or ``OcsoError`` (BAD_FILTER)."""
    checks: list[tuple[str, Iterable[str]]] = [
        (status, STATUS_CHOICES),
        (kind, ["", *TYPE_LABELS]),
        (desk, ["", *DESK_LABELS]),
        (age, AGE_CHOICES),
        (assignee, ASSIGNEE_CHOICES),
    ]
    if any(value not in choices for value, choices in checks):
        raise OcsoError(BAD_FILTER)
    try:
        number = max(1, int(str(page)))
    except ValueError as error:
        raise OcsoError(BAD_FILTER) from error
    words = searched(search)[:80]
    return QueueFilters(status, kind, desk, age, assignee, words, number)


def desk_of(request: Request) -> Desk:
    """A member's démarche is Prestations', a structure's Entreprises'."""
    return Desk.ENTREPRISES if request.company_id is not None else Desk.PRESTATIONS


def on_desks(desks: Sequence[Desk]) -> ColumnElement[bool]:
    """The démarches of ``desks`` (the guard's), as a query condition."""
    conditions = []
    if Desk.PRESTATIONS in desks:
        conditions.append(Request.member_id.is_not(None))
    if Desk.ENTREPRISES in desks:
        conditions.append(Request.company_id.is_not(None))
    return or_(*conditions) if conditions else false()


def kind_choices(desks: Sequence[Desk]) -> list[tuple[str, str]]:
    """The kinds of démarche on ``desks``, for the filter (the desk named when both are shown)."""
    both = len(desks) > 1
    return [
        (kind, f"{TYPE_LABELS[kind]} ({DESK_LABELS[desk].lower()})" if both else TYPE_LABELS[kind])
        for kind, desk in KIND_DESKS.items()
        if desk in desks
    ]


def _conditions(
    filters: QueueFilters, *, desks: Sequence[Desk], account_id: int, now: datetime
) -> list[ColumnElement[bool]]:
    conditions = [on_desks(desks)]
    if filters.status in (OPEN, REPLIED):
        conditions.append(Request.status.in_(OPEN_STATUSES))
        if filters.status == REPLIED:
            conditions.append(Request.sender_replied_at.is_not(None))
    elif filters.status:
        conditions.append(Request.status == RequestStatus(filters.status))
    if filters.kind:
        conditions.append(Request.request_type == filters.kind)
    if filters.desk:
        conditions.append(on_desks([Desk(filters.desk)]))
    if filters.age:
        due = working_days.moment_before(now, working_days.TARGET_DAYS)
        conditions.append(Request.created_at < due if filters.age == LATE else Request.created_at >= due)
    if filters.assignee == MINE:
        conditions.append(Request.assignee_account_id == account_id)
    elif filters.assignee == NOBODY:
        conditions.append(Request.assignee_account_id.is_(None))
    if filters.search:
        conditions.append(_found(filters.search))
    return conditions


def _found(words: str) -> ColumnElement[bool]:
    """A démarche's number or numéro d'adhérent (digits); a company's numéro client; the start of a
    member's last or first name or of a company's name (any case); or words of the démarche's object (an
    employer's names the employee concerned: « Reprise du travail : FAIVRE François »)."""
    if words.isascii() and words.isdigit():  # « ² » is no number: looked for as words
        number = parse_id(words)  # too long for an id: only a numéro d'adhérent may have these digits
        by_member = Member.member_number == words
        return by_member if number is None else or_(Request.id == number, by_member)
    plain = words.replace("\\", "").replace("%", "").replace("_", "")
    if not plain:
        return false()
    folded = fold(plain)  # accents and case as the stored folded names (SQLite's upper() is ASCII only)
    return or_(
        Member.search_name.like(folded + "%"),  # « nom prénom »: the start of the last name
        Member.search_name.like("% " + folded + "%"),  # or of a first name
        Company.search_name.like(folded + "%"),
        func.upper(Company.client_number) == plain.upper(),
        Request.subject.ilike(f"%{plain}%"),
    )


@dataclass(frozen=True)
class QueueRow:
    """One démarche of the queue, as display strings."""

    id: int
    number: str
    sent: str
    age: str
    late: bool
    desk: str
    kind: str
    subject: str
    sender: str
    status: str
    status_label: str
    assignee: str
    href: str
    replied: bool = False  # « Réponse reçue »


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow] = field(default_factory=list)
    page: int = 1
    pages: int = 1
    has_next: bool = False
    total_label: str = ""


def sender_label(member: Member | None, company: Company | None) -> str:
    """« DUBOIS Martin (n° 123456) » or « BOULANGERIES DU LITTORAL (client C001234) »."""
    if company is not None:
        return f"{company.name} (client {company.client_number})"
    if member is not None:
        first_name = format_first_name(member.first_name)
        return f"{member.last_name.upper()} {first_name} (n° {member.member_number})"
    return ""


def person_label(account: Account | None) -> str:
    """A staff member's name, or « — » for nobody."""
    if account is None:
        return "—"
    return format_person_name(account.first_name, account.last_name)


def request_href(request_id: int) -> str:
    """The détail page of one démarche."""
    return f"{routes.STAFF_REQUEST}?n={request_id}"


def _rows(
    query: Select[Request, Member | None, Company | None, Account | None], session: Session, now: datetime
) -> list[QueueRow]:
    rows = []
    for request, member, company, assignee in session.execute(query):
        age = working_days.elapsed(request.created_at, now)
        done = request.status not in OPEN_STATUSES
        rows.append(
            QueueRow(
                id=request.id,
                number=f"n° {request.id}",
                sent=format_paris_datetime(request.created_at)[:16],
                age="" if done else working_days.age_label(age),
                late=not done and working_days.is_late(age),
                desk=DESK_LABELS[desk_of(request)],
                kind=TYPE_LABELS.get(request.request_type, "Démarche"),
                subject=request.subject,
                sender=sender_label(member, company),
                status=request.status.value,
                status_label=STATUS_LABELS[request.status],
                assignee=person_label(assignee),
                href=request_href(request.id),
                replied=not done and request.sender_replied_at is not None,
            )
        )
    return rows


_ASSIGNEE = aliased(Account)  # built once: an alias costs milliseconds to build at every page


def queue_page(
    session: Session, *, desks: Sequence[Desk], account_id: int, filters: QueueFilters, now: datetime
) -> QueuePage:
    """One page of the queue on ``desks`` (from the guard), oldest first."""
    conditions = _conditions(filters, desks=desks, account_id=account_id, now=now)
    counted = (
        select(func.count(Request.id))
        .outerjoin(Member, Member.id == Request.member_id)
        .outerjoin(Company, Company.id == Request.company_id)
        .where(*conditions)
    )
    total = session.scalar(counted) or 0
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(filters.page, pages)
    query = (
        select(Request, Member, Company, _ASSIGNEE)
        .outerjoin(Member, Member.id == Request.member_id)
        .outerjoin(Company, Company.id == Request.company_id)
        .outerjoin(_ASSIGNEE, _ASSIGNEE.id == Request.assignee_account_id)
        .where(*conditions)
        .order_by(Request.created_at, Request.id)
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    noun = "démarche" if total <= 1 else "démarches"
    return QueuePage(_rows(query, session, now), page, pages, page < pages, f"{format_count(total)} {noun}")


@dataclass(frozen=True)
class Backlog:
    """What waits on the caller's desks (Accueil): open démarches, those past the target, those of nobody,
    those whose sender replied since OCSO's answer (« Réponse reçue »)."""

    open: int
    late: int
    unassigned: int
    replied: int


def backlog(session: Session, *, desks: Sequence[Desk], now: datetime) -> Backlog:
    """The counts of Accueil, on ``desks`` (from the guard)."""
    waiting = [on_desks(desks), Request.status.in_(OPEN_STATUSES)]
    due = working_days.moment_before(now, working_days.TARGET_DAYS)

    def count(*more: ColumnElement[bool]) -> int:
        return session.scalar(select(func.count(Request.id)).where(*waiting, *more)) or 0

    return Backlog(
        count(),
        count(Request.created_at < due),
        count(Request.assignee_account_id.is_(None)),
        count(Request.sender_replied_at.is_not(None)),
    )
