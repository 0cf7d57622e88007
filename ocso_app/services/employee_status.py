"""Every change of an employee's affiliation status, kept with the day it takes effect and who made it
(guide 003: the fiche salarié(e) shows the history). ``change_status`` is the only way a status is set
after the employee is registered; a status that settles the affiliation (affiliated, dispensed, radiated)
closes « sans suite » a dispense request still awaiting HR, which could otherwise be accepted later and
make an affiliated or radiated employee « dispensé(e) »."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ocso_app.models import (
    Account,
    AffiliationStatus,
    DispenseDecision,
    DispenseRequest,
    Employee,
    EmployeeStatusChange,
)
from ocso_app.models.base import utcnow
from ocso_app.services import audit
from ocso_app.services.affiliation import status_label
from ocso_app.services.formats import format_short_date, paris_date
from ocso_app.services.typed_text import column_length, fitted


@dataclass(frozen=True)
class StatusAuthor:
    """Who changed a status: an account (HR, OCSO staff) or a named party without one."""

    account_id: int | None
    label: str

    @classmethod
    def of_account(cls, account: Account, role: str) -> StatusAuthor:
        """``role`` says in which capacity, e.g. « RH » (OCSO is named alone: ``ocso_author``). The name is
        shortened to leave the role room in the history's column: two names of 80 characters each are longer
        than it, and PostgreSQL refused every status change their holder made."""
        name = " ".join(part for part in (account.first_name, account.last_name) if part) or account.login
        suffix = f" ({role})"
        return cls(account.id, fitted(name, _LABEL_LENGTH - len(suffix)) + suffix)


_LABEL_LENGTH = column_length(EmployeeStatusChange.by_label)


HR = "RH"


def hr_author(session: Session, account_id: int) -> StatusAuthor:
    """An employer user as the status history names them (« Thérèse Rolland (RH) »), wherever HR changes a
    status: the fiche, the wizard, a radiation; the role alone for an account that is gone."""
    account = session.get(Account, account_id)
    return StatusAuthor.of_account(account, HR) if account else StatusAuthor(None, HR)


OCSO = "OCSO"


def ocso_author(account_id: int | None) -> StatusAuthor:
    """OCSO acting for an employer (a « Sortie des effectifs » it records): the history the employer reads,
    and the « classée sans suite » row on the structure's log, say « OCSO », never the agent's own name;
    the agent's account stays in the rows (``by_account_id``, ``decided_by_account_id``, the audit row's
    account) for OCSO's own trace."""
    return StatusAuthor(account_id, OCSO)


STILL_TO_AFFILIATE = (AffiliationStatus.PENDING, AffiliationStatus.TO_REMIND)
THE_EMPLOYEE = StatusAuthor(None, "Le/la salarié(e)")
DAILY_JOB = StatusAuthor(None, "Traitement automatique")


def waiting_dispenses(employee_id: int) -> Select[DispenseRequest]:
    """The employee's dispense requests still awaiting HR (a settling status closes them « sans suite »)."""
    return select(DispenseRequest).where(
        DispenseRequest.employee_id == employee_id, DispenseRequest.decision == DispenseDecision.REQUESTED
    )


def change_status(
    session: Session,
    employee: Employee,
    status: AffiliationStatus,
    *,
    on: date,
    by: StatusAuthor,
    note: str | None = None,
) -> EmployeeStatusChange:
    """Set ``employee``'s status and keep the change in its history (in the caller's transaction)."""
    employee.status = status
    if status not in STILL_TO_AFFILIATE:
        for request in session.scalars(waiting_dispenses(employee.id)).all():  # read before the writes
            request.decision = DispenseDecision.WITHDRAWN
            request.decided_by_account_id, request.decided_at = by.account_id, utcnow()
            who = f"{employee.first_name} {employee.last_name} (salarié(e) n° {employee.id}), par {by.label}"
            audit.record(
                session,
                event_type="Dispense d'affiliation",
                action=f"Demande de dispense classée sans suite ({status_label(status)}) : {who}",
                account_id=by.account_id,
                company_id=employee.company_id,
            )
    change = EmployeeStatusChange(
        employee_id=employee.id,
        status=status,
        effective_on=on,
        by_account_id=by.account_id,
        by_label=by.label,
        note=note,
    )
    session.add(change)
    return change


@dataclass(frozen=True)
class StatusChangeRow:
    """One line of the history as the fiche salarié(e) shows it."""

    status: str
    effective_on: str
    recorded_on: str
    by: str
    note: str


def status_history(session: Session, *, employee_id: int) -> list[StatusChangeRow]:
    """The employee's status changes, most recent first."""
    changes = session.scalars(
        select(EmployeeStatusChange)
        .where(EmployeeStatusChange.employee_id == employee_id)
        .order_by(EmployeeStatusChange.recorded_at.desc(), EmployeeStatusChange.id.desc())
    )
    return [
        StatusChangeRow(
            status=status_label(change.status),
            effective_on=format_short_date(change.effective_on),
            recorded_on=format_short_date(paris_date(change.recorded_at)),  # the day in France, not UTC's
            by=change.by_label,
            note=change.note or "",
        )
        for change in changes
    ]
