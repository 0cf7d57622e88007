"""An employer's « Reprise » and « Prolongation » (Démarches › Arrêts de travail, guide 000: « prolongation ou
reprise de vos salariés ») applied by OCSO to the arrêt de travail of the employee the démarche names: the
agent types the date the message gives (the day work resumed; the arrêt's new last day), which becomes the
arrêt's end, as the employer then reads it in Indemnités journalières.

The arrêt is the named employee's latest one in the démarche's structure, shown to the agent on the démarche
(``latest_leave_line``) before anything is applied. Nothing is written unless the date is right for it: after
the arrêt's first day, not before a day already paid (indemnités are paid per day of arrêt), not too far
ahead; a reprise ends a running arrêt or brings its end forward, a prolongation pushes it back.
``back_office.apply_change`` closes the démarche once and audits the change on the structure's log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ocso_app.models import DailyAllowance, Employee, Request, SickLeave
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_short_date
from ocso_app.services.periods import InvalidFilter, parse_day
from ocso_app.services.requests import named
from ocso_app.services.requests.labels import SICK_LEAVE
from ocso_app.services.sick_leaves import leave_dates, leave_status, stored_status

RETURN_TOPIC = "Reprise"
EXTENSION_TOPIC = "Prolongation"
RETURN_AHEAD = timedelta(days=92)
EXTENSION_AHEAD = timedelta(days=366)

NOT_NAMED = (
    "Cette démarche ne désigne pas un(e) salarié(e) de la structure : aucun arrêt n'a été modifié. Répondez "
    "à l'employeur pour le lui demander."
)
NO_LEAVE = (
    "Aucun arrêt de travail de ce/cette salarié(e) n'est enregistré dans la structure : rien n'a été "
    "modifié. L'arrêt sera connu avec le prochain fichier d'indemnités journalières."
)
RETURN_NEEDED = "Indiquez la date de reprise du travail (jj/mm/aaaa)."
END_NEEDED = "Indiquez la nouvelle date de fin de l'arrêt (jj/mm/aaaa)."
BAD_DATE = "La date saisie n'est pas valide (jj/mm/aaaa)."
RETURN_BEFORE_START = "La reprise doit suivre le premier jour de l'arrêt (le {start})."
END_BEFORE_START = "La fin de l'arrêt ne peut pas précéder son premier jour (le {start})."
ALREADY_PAID = (
    "Des indemnités journalières sont déjà payées jusqu'au {paid} pour cet arrêt : la fin ne peut pas "
    "précéder ce jour. Vérifiez la date avec l'employeur."
)
NOT_LONGER = (
    "Une prolongation repousse la fin de l'arrêt, prévue le {end} : pour une reprise anticipée, "
    "l'employeur envoie une démarche « Reprise »."
)
ENDED_BEFORE = (
    "L'arrêt enregistré a pris fin le {end}, avant cette reprise : pour le prolonger, l'employeur envoie une "
    "démarche « Prolongation »."
)
TOO_FAR = "Cette date est trop éloignée : au plus tard le {latest}."


@dataclass(frozen=True)
class NewEnd:
    """An arrêt checked against the date typed: its new last day."""

    leave: SickLeave
    employee: Employee
    end: date
    returned_on: date | None  # the reprise, for a « Reprise »


def asks(request: Request, topic: str) -> bool:
    """Whether the démarche is an employer's arrêt de travail démarche of ``topic`` naming a registered
    employee."""
    return named.asks(request, SICK_LEAVE, topic)


def latest_leave(
    session: Session, employee: Employee, company_id: int, *, lock: bool = False
) -> SickLeave | None:
    """The employee's latest arrêt de travail in the structure ``company_id``; ``lock``: its row is locked
    until the commit (PostgreSQL), so that another démarche or an IJ import changing it meanwhile waits
    instead of being overwritten with checks made on what it read before."""
    statement = (
        select(SickLeave)
        .where(SickLeave.employee_id == employee.id, SickLeave.company_id == company_id)
        .order_by(SickLeave.start_date.desc(), SickLeave.id.desc())
        .limit(1)
    )
    return session.scalars(statement.with_for_update() if lock else statement).first()


def latest_leave_line(session: Session, employee: Employee, company_id: int, today: date) -> str:
    """What the agent reads on the démarche before applying: « réf. IJ-… · du … au … · En cours »."""
    leave = latest_leave(session, employee, company_id)
    if leave is None:
        return "aucun arrêt enregistré dans la structure"
    status = leave_status(leave.status, leave.end_date, today)
    return f"réf. {leave.reference} · {leave_dates(leave.start_date, leave.end_date)} · {status}"


def _typed_day(text: str, needed: str) -> date:
    try:
        day = parse_day(text)
    except InvalidFilter as error:
        raise OcsoError(BAD_DATE) from error
    if day is None:
        raise OcsoError(needed)
    return day


def check_new_end(
    session: Session, request: Request, employee: Employee, typed: str, *, extension: bool, today: date
) -> NewEnd:
    """The arrêt the démarche is about, with its new last day from the date ``typed`` (the reprise, or for
    an ``extension`` the new last day), once every rule allows it; ``OcsoError`` otherwise (nothing
    written)."""
    leave = latest_leave(session, employee, request.company_id or 0, lock=True)
    if leave is None:
        raise OcsoError(NO_LEAVE)
    start = format_short_date(leave.start_date)
    if extension:
        end, returned_on, latest = _typed_day(typed, END_NEEDED), None, today + EXTENSION_AHEAD
        if end < leave.start_date:
            raise OcsoError(END_BEFORE_START.format(start=start))
        if leave.end_date is not None and end <= leave.end_date:
            raise OcsoError(NOT_LONGER.format(end=format_short_date(leave.end_date)))
    else:
        returned_on, latest = _typed_day(typed, RETURN_NEEDED), today + RETURN_AHEAD
        if returned_on <= leave.start_date:
            raise OcsoError(RETURN_BEFORE_START.format(start=start))
        end = returned_on - timedelta(days=1)
        if leave.end_date is not None and leave.end_date < end:
            raise OcsoError(ENDED_BEFORE.format(end=format_short_date(leave.end_date)))
    if (returned_on or end) > latest:
        raise OcsoError(TOO_FAR.format(latest=format_short_date(latest)))
    paid = session.scalar(
        select(func.max(DailyAllowance.period_end)).where(DailyAllowance.sick_leave_id == leave.id)
    )
    if paid is not None and end < paid:
        raise OcsoError(ALREADY_PAID.format(paid=format_short_date(paid)))
    return NewEnd(leave, employee, end, returned_on)


def end_leave(checked: NewEnd, today: date) -> tuple[str, str]:
    """Write the arrêt's new last day; the answer to the employer and the agent's message."""
    leave = checked.leave
    leave.end_date, leave.status = checked.end, stored_status(checked.end, today)
    name = f"{checked.employee.first_name} {checked.employee.last_name}"
    last_day = format_short_date(checked.end)
    if checked.returned_on is not None:
        answer = (
            f"La reprise du travail de {name} le {format_short_date(checked.returned_on)} est enregistrée : "
            f"son arrêt (réf. {leave.reference}) prend fin le {last_day}."
        )
    else:
        answer = (
            f"La prolongation de l'arrêt de {name} (réf. {leave.reference}) jusqu'au {last_day} est "
            "enregistrée."
        )
    return answer, f"Arrêt réf. {leave.reference} de {name} : fin le {last_day}."
