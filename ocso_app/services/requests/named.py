"""The employee an employer's démarche names, as OCSO reads it to apply the démarche: the one HR picked in
« Salarié concerné » (its id is kept in the démarche), provided they still belong to the démarche's
structure. A name typed by hand (a new hire not registered yet) names nobody: OCSO answers instead."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ocso_app.models import Employee, Request
from ocso_app.services.errors import OcsoError


def asks(request: Request, kind: str, topic: str) -> bool:
    """Whether the démarche is an employer's « ``topic`` » of ``kind`` naming a registered employee."""
    return (
        request.request_type == kind
        and request.company_id is not None
        and request.payload.get("topic") == topic
        and isinstance(request.payload.get("employee_id"), int)
    )


def employee_named(session: Session, request: Request) -> Employee | None:
    """The employee the démarche names, if they belong to its structure."""
    employee_id = request.payload.get("employee_id")
    employee = session.get(Employee, employee_id) if isinstance(employee_id, int) else None
    return employee if employee is not None and employee.company_id == request.company_id else None


def named_employee(session: Session, request: Request, *, refusal: str) -> Employee:
    """``employee_named``, or ``OcsoError(refusal)`` (nothing written) when it names nobody there."""
    employee = employee_named(session, request)
    if employee is None:
        raise OcsoError(refusal)
    return employee
