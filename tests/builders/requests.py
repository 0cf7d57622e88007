"""Démarches (as the staff's queue sees them, or sent through the employer's service with a file), and the
staff caller the guard would hand a handler."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import (
    Account,
    AccountKind,
    Company,
    Member,
    Request,
    RequestAttachment,
    RequestStatus,
    StaffRole,
)
from ocso_app.services import requests
from ocso_app.services.audit import Actor
from ocso_app.services.requests.labels import SERVICES
from ocso_app.services.sessions import Principal
from ocso_app.services.staff_access import StaffCaller
from ocso_app.services.uploads import IncomingFile
from tests.builders.files import make_pdf


def make_request(
    session: Session,
    *,
    member: Member | None = None,
    company: Company | None = None,
    kind: str = "question",
    subject: str = "Mes remboursements",
    payload: dict[str, Any] | None = None,
    status: RequestStatus = RequestStatus.SENT,
    sent_at: datetime | None = None,
    assignee: Account | None = None,
) -> Request:
    """A démarche of ``member`` or of ``company``, sent at ``sent_at`` (now by default)."""
    request = Request(
        member_id=member.id if member else None,
        company_id=company.id if company else None,
        request_type=kind,
        subject=subject,
        payload=payload if payload is not None else {"question": "Où en est mon dossier ?"},
        routed_service=SERVICES[kind],
        status=status,
        submission_key=uuid.uuid4().hex,
        created_at=sent_at or datetime.now(UTC),
        assignee_account_id=assignee.id if assignee else None,
    )
    session.add(request)
    session.flush()
    return request


def staff_caller(account: Account) -> StaffCaller:
    """What ``staff_event`` hands a handler for this staff account."""
    assert account.kind == AccountKind.STAFF and account.staff_role is not None
    principal = Principal(
        account_id=account.id,
        kind=AccountKind.STAFF,
        display_name=f"{account.first_name} {account.last_name}",
        session_id=0,
        staff_role=StaffRole(account.staff_role),
    )
    return StaffCaller(principal, StaffRole(account.staff_role), Actor(account_id=account.id))


def send_bulletin(
    session: Session, *, company: Company, author: Account, message: str, nonce: str
) -> tuple[int, int]:
    """A « Salariés » démarche (bulletin d'adhésion, with its PDF) sent by ``author`` for ``company``,
    through the employer's service: (request id, attachment id)."""
    sent = requests.submit_for_company(
        session,
        actor=Actor(account_id=author.id),
        structure_ids=(company.id,),
        nonce=nonce,
        form=requests.company_form(
            requests.EMPLOYEES, {"topic": "Bulletin d'adhésion", "employee": "X", "message": message}
        ),
        files=[IncomingFile("bulletin.pdf", make_pdf())],
    )
    attachment = session.scalar(
        select(RequestAttachment.id).where(RequestAttachment.request_id == sent.request_id)
    )
    assert attachment is not None
    return sent.request_id, attachment
