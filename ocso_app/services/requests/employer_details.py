"""An employer's coordinates applied by OCSO from its démarche (guide 000, Démarches: « modifications des
coordonnées de votre entreprise : adresse, téléphone » and, for an employee, « nous informer … d'une nouvelle
adresse »): the agent types what the message says, it is checked, then written on the company or on the
employee's record (the fiche salarié HR reads; the member's own file is the member's to change, in Mes
informations).

``back_office.apply_change`` closes the démarche once and audits the change on the structure's log; an
employee who is a member reads in Mon historique that OCSO changed their fiche's address
(``employer_changes``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.orm import Session

from ocso_app.models import Company, Employee, Member, Request
from ocso_app.services import audit, employer_changes
from ocso_app.services.employer_accounts import normalize_phone
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_phone
from ocso_app.services.identifiers import compact_postal_code, is_french_postal_code
from ocso_app.services.reminders import EVENT_TYPE as EMPLOYEE_EVENT_TYPE
from ocso_app.services.requests import named
from ocso_app.services.requests.labels import COMPANY_DETAILS, EMPLOYEES
from ocso_app.services.typed_text import cut_for_capitals, has_control

Row = TypeVar("Row", Company, Member)
ADDRESS_TOPIC = "Adresse"
PHONE_TOPIC = "Téléphone"
EMPLOYEE_ADDRESS_TOPIC = "Nouvelle adresse"
NOTHING_TO_APPLY = "Cette démarche ne demande pas de changement à appliquer au dossier."
BAD_ADDRESS = (
    "Indiquez la nouvelle adresse complète : voie, code postal français (5 chiffres, par exemple 33700) et "
    "ville."
)
NOT_NAMED = (
    "Cette démarche ne désigne pas un(e) salarié(e) de la structure : rien n'a été enregistré. Répondez à "
    "l'employeur pour le lui demander."
)
BAD_PHONE = "Indiquez le nouveau numéro de téléphone : 10 chiffres, par exemple 05 56 34 36 66."


@dataclass(frozen=True)
class NewAddress:
    """A new address as the staff member typed it from the démarche's message."""

    address_line: str = ""
    postal_code: str = ""
    city: str = ""

    def __str__(self) -> str:
        return f"{self.address_line}, {self.postal_code} {self.city}"


def asks_company_change(request: Request, topic: str) -> bool:
    """Whether the démarche is a company's « Coordonnées de l'entreprise » of this ``topic``."""
    return (
        request.request_type == COMPANY_DETAILS
        and request.company_id is not None
        and request.payload.get("topic") == topic
    )


def asks_employee_address(request: Request) -> bool:
    """Whether the démarche is an employer's « Nouvelle adresse » naming a registered employee."""
    return named.asks(request, EMPLOYEES, EMPLOYEE_ADDRESS_TOPIC)


def checked_address(address: NewAddress | None) -> NewAddress:
    """The typed address, spaces tidied and the city in capitals, or ``OcsoError(BAD_ADDRESS)``."""
    if address is None:
        raise OcsoError(BAD_ADDRESS)
    line, city = (
        " ".join(address.address_line.split())[:200],
        cut_for_capitals(" ".join(address.city.split()), 80),
    )
    postal_code = compact_postal_code(address.postal_code)
    if not line or not city or has_control(line + city) or not is_french_postal_code(postal_code):
        raise OcsoError(BAD_ADDRESS)
    return NewAddress(line, postal_code, city.upper())


def checked_phone(phone: str) -> str:
    """The typed French number as ten digits, or ``OcsoError(BAD_PHONE)``."""
    digits = normalize_phone(phone)
    if digits is None:
        raise OcsoError(BAD_PHONE)
    return digits


def on_file(session: Session, model: type[Row], row_id: int | None) -> Row:
    """The démarche's company or member (read while checking, before anything is written)."""
    row = session.get(model, row_id) if row_id is not None else None
    if row is None:
        raise OcsoError(NOTHING_TO_APPLY)
    return row


def move_company(company: Company, address: NewAddress) -> tuple[str, str]:
    """Write the company's new address; the answer to the employer and the agent's message."""
    company.address_line, company.postal_code, company.city = (
        address.address_line,
        address.postal_code,
        address.city,
    )
    return (
        f"La nouvelle adresse de votre entreprise est enregistrée : {address}.",
        f"Adresse enregistrée : {address}.",
    )


def call_company(company: Company, phone: str) -> tuple[str, str]:
    """Write the company's new telephone number (ten digits); the answer and the agent's message."""
    company.phone = phone
    shown = format_phone(phone)
    return (
        f"Le nouveau numéro de téléphone de votre entreprise est enregistré : {shown}.",
        f"Téléphone enregistré : {shown}.",
    )


def move_employee(
    session: Session, actor: audit.Actor, employee: Employee, address: NewAddress
) -> tuple[str, str]:
    """Write the employee's new address on their record, and a member's Mon historique that it changed (never
    the address itself); the answer to the employer and the agent's message."""
    employee.address_line, employee.postal_code, employee.city = (
        address.address_line,
        address.postal_code,
        address.city,
    )
    employer_changes.tell_member(
        session,
        actor,
        member_id=employee.member_id,
        event_type=EMPLOYEE_EVENT_TYPE,
        action="Adresse de votre fiche salarié(e) modifiée par OCSO à la demande de "
        f"{employer_changes.employer(session, employee.company_id)}",
    )
    name = f"{employee.first_name} {employee.last_name}"
    return (
        f"La nouvelle adresse de {name} est enregistrée sur sa fiche : {address}.",
        f"Adresse de {name} enregistrée : {address}.",
    )
