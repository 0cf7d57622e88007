"""« Sortie des effectifs » applied by OCSO: an employer's démarche naming one of its employees who left (the
employee picked in « Salarié concerné ») becomes that employee's radiation, with the last day worked and the
motif the agent reads in the message, exactly as HR records one from the fiche (``services.radiation``: the
portabilité it opens, the rights frozen, the employee e-mailed, the certificat de travail's wording).

The employee must still belong to the démarche's structure; everything is checked before anything is
written (``check_departure``), and ``back_office.apply_change`` closes the démarche once. The status history
the employer reads says « OCSO », not the agent's name (``employee_status.ocso_author``: the agent's account
stays in the row); the audit row is on the structure's log with the agent's account, and the member's Mon
historique says that their employer asked and OCSO recorded it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from ocso_app.models import Account, Employee, Request
from ocso_app.services import radiation
from ocso_app.services.employee_status import ocso_author
from ocso_app.services.formats import format_short_date
from ocso_app.services.requests import named
from ocso_app.services.requests.labels import EMPLOYEES
from ocso_app.services.staff_access import StaffCaller

EXIT_TOPIC = "Sortie des effectifs"
NOT_NAMED = (
    "Cette démarche ne désigne pas un(e) salarié(e) de la structure : rien n'a été radié. Répondez à "
    "l'employeur pour le lui demander."
)


@dataclass(frozen=True)
class Departure:
    """What the agent typed from the démarche's message: the last day worked (jj/mm/aaaa) and the motif."""

    left_on: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Leaving:
    """A departure checked against the employee the démarche names: it can be recorded as it is."""

    employee: Employee
    left_on: date
    reason: str


def asks_exit(request: Request) -> bool:
    """Whether the démarche is an employer's « Sortie des effectifs » naming a registered employee."""
    return named.asks(request, EMPLOYEES, EXIT_TOPIC)


def check_departure(session: Session, request: Request, departure: Departure, today: date) -> Leaving:
    """The employee the démarche names, leaving as typed, once everything says the radiation can be
    recorded; ``OcsoError`` (a ``RadiationRefused`` for the date or motif) otherwise, nothing written."""
    employee = named.named_employee(session, request, refusal=NOT_NAMED)
    left_on = radiation.read_departure_date(departure.left_on)
    radiation.check_radiation(employee, left_on=left_on, reason=departure.reason, today=today)
    return Leaving(employee, left_on, departure.reason)


def radiate_named(session: Session, *, caller: StaffCaller, leaving: Leaving, today: date) -> tuple[str, str]:
    """Radiate the checked employee; the answer to the employer and the agent's message."""
    employee, left_on = leaving.employee, leaving.left_on
    account = session.get(Account, caller.account_id)
    by = ocso_author(account.id if account is not None else None)
    actor = dataclasses.replace(caller.audit, company_id=employee.company_id)
    done = radiation.radiate(
        session,
        employee,
        left_on=left_on,
        reason=leaving.reason,
        by=by,
        actor=actor,
        today=today,
        by_ocso=True,
    )
    name = f"{employee.first_name} {employee.last_name}"
    outcome = (
        f"portabilité ({done.guarantees}) jusqu'au {format_short_date(done.portability.ends_on)}"
        if done.portability is not None
        else "pas de portabilité"
    )
    answer = (
        f"La sortie de {name} au {format_short_date(left_on)} est enregistrée ({outcome}). Mention pour "
        f"le certificat de travail : {done.certificate_wording}"
    )
    return answer, f"{name} radié(e) au {format_short_date(left_on)} ({outcome})."
