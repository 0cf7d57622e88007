"""The proofs of unemployment benefits (France Travail) that a former employee en portabilité sent OCSO by
e-mail or post, recorded by OCSO staff from the company's file (Espace OCSO › Dossiers): « Enregistrer un
justificatif de portabilité reçu ».

A member sends their proofs from the Espace Santé Assuré, as a démarche (``Request``, SEND_DOCUMENTS /
PORTABILITY_PROOF). A former employee covered by the prévoyance alone (dispensed from the santé plan, or
never a member: ``Employee.member_id`` is NULL) has no Espace Santé: their radiation e-mail or letter sends
them to support@ocso.fr (``radiation``). A ``Request`` needs a member or a company and would enter the
staff's work queue and the employer's démarches as if somebody had asked something; so a proof received
otherwise is a row of its own, ``PortabilityProof``, keyed by the employee (any employee en portabilité, a
member too when their proof came by post), with its file in private storage and the day it was received.
HR's Accueil counts these rows beside the member's démarches in its one statement (``hr_follow_up``): HR
read the count and the last date, never the file (affiliation data only).

Recording needs the role that changes a company's affiliations (``APPLY_EMPLOYER_CHANGES``: Entreprises and
administrators, the staff who read the company's file); the file is checked as every upload
(``uploads.check_file``) after the cheaper checks, and a refusal writes and stores nothing. Each recording
and each opening of a proof is audited on the structure, with who, for which employee and the date received,
never the file's name nor content. The list on the company's file, and the download route, are for the
staff who read that file (``VIEW_COMPANY_FILE``), restricted to the company and its structures. A proof
recorded by mistake is withdrawn by the same role that records (``withdraw_proof``): the row and its file
deleted, audited.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.models import Account, AffiliationStatus, Employee, PortabilityProof
from ocso_app.services import audit, uploads
from ocso_app.services.client_files import family_of
from ocso_app.services.employees import employee_of
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_person_name, format_short_date, paris_date
from ocso_app.services.periods import parse_day
from ocso_app.services.uploads import IncomingFile, StoredFile

EVENT_TYPE = "Portabilité"

NO_EMPLOYEE = "Choisissez un(e) salarié(e) en portabilité de cette entreprise."
NOT_IN_PORTABILITY = (
    "Ce/cette salarié(e) n'est pas en portabilité : on n'enregistre ici que les justificatifs d'un(e) "
    "ancien(ne) salarié(e) en portabilité."
)
NO_DATE = "Indiquez la date de réception du justificatif (jj/mm/aaaa)."
IN_THE_FUTURE = "La date de réception ne peut pas être dans le futur."
BEFORE_EXIT = "La date de réception ne peut pas précéder la date de sortie du/de la salarié(e) ({day})."
NO_PROOF = "Ce justificatif n'est plus enregistré dans ce dossier."
WITHDRAWN = (
    "Justificatif de portabilité reçu le {day} retiré pour {name} : il n'est plus compté dans l'Accueil de "
    "l'entreprise, et son fichier est supprimé."
)
RECORDED = (
    "Justificatif de portabilité reçu le {day} enregistré pour {name} : l'entreprise le voit compté dans "
    "son Accueil."
)


@dataclass(frozen=True)
class Choice:
    """An employee en portabilité, as the form's list offers them."""

    value: str
    label: str


@dataclass(frozen=True)
class ProofLine:
    """A proof recorded, as the company's file lists it."""

    employee: str
    received_on: str
    recorded: str  # « le 07/12/2026 par Prénom NOM »
    href: str  # the file, for OCSO staff only
    proof_id: str  # « Retirer », for a role that may record one


@dataclass(frozen=True)
class PortabilityProofs:
    """The company file's section: who may have a proof recorded, and the proofs recorded."""

    employees: list[Choice] = field(default_factory=list)
    proofs: list[ProofLine] = field(default_factory=list)


def _name(employee: Employee) -> str:
    return f"{employee.last_name} {employee.first_name}"


def on_file(session: Session, *, company_id: int) -> PortabilityProofs:
    """The employees en portabilité of the company and its structures, and the proofs recorded for its
    employees (the latest first)."""
    family = family_of(session, company_id)
    running = session.execute(
        select(Employee.id, Employee.last_name, Employee.first_name, Employee.portability_end_on)
        .where(Employee.company_id.in_(family), Employee.status == AffiliationStatus.PORTABILITY)
        .order_by(Employee.last_name, Employee.first_name, Employee.id)
    ).all()
    recorded = session.execute(
        select(
            PortabilityProof.id,
            PortabilityProof.received_on,
            PortabilityProof.recorded_at,
            Employee.last_name,
            Employee.first_name,
            Account.first_name.label("agent_first"),
            Account.last_name.label("agent_last"),
        )
        .join(Employee, Employee.id == PortabilityProof.employee_id)
        .outerjoin(Account, Account.id == PortabilityProof.recorded_by_account_id)
        .where(Employee.company_id.in_(family))
        .order_by(PortabilityProof.received_on.desc(), PortabilityProof.id.desc())
    ).all()
    return PortabilityProofs(
        employees=[
            Choice(
                str(row.id),
                f"{row.last_name} {row.first_name}"
                + (
                    f" – fin le {format_short_date(row.portability_end_on)}" if row.portability_end_on else ""
                ),
            )
            for row in running
        ],
        proofs=[
            ProofLine(
                f"{row.last_name} {row.first_name}",
                format_short_date(row.received_on),
                f"le {format_short_date(paris_date(row.recorded_at))}"
                + (f" par {format_person_name(row.agent_first, row.agent_last)}" if row.agent_last else ""),
                routes.API_STAFF_PORTABILITY_PROOF.url(company_id=company_id, proof_id=row.id),
                str(row.id),
            )
            for row in recorded
        ],
    )


def _audit(session: Session, actor: audit.Actor, employee: Employee, what: str) -> None:
    """An audit row on the employee's structure: what OCSO did, for whom; never the file's name or content."""
    audit.record_by(
        session,
        dataclasses.replace(actor, member_id=None, company_id=employee.company_id),
        event_type=EVENT_TYPE,
        action=f"{what} par OCSO : {_name(employee)} (salarié(e) n° {employee.id})",
    )


def _employee(session: Session, company_id: int, employee_id: int | None) -> Employee:
    """The employee of the company or one of its structures en portabilité; another company's employee
    reads exactly as one that does not exist."""
    employee = employee_of(session, family_of(session, company_id), employee_id) if employee_id else None
    if employee is None:
        raise OcsoError(NO_EMPLOYEE)
    if employee.status != AffiliationStatus.PORTABILITY:
        raise OcsoError(NOT_IN_PORTABILITY)
    return employee


def received_day(text: str, *, left_on: date | None, today: date) -> date:
    """The day the proof was received, as typed (jj/mm/aaaa): not after ``today``, not before the date de
    sortie ``left_on``."""
    day = parse_day(text)
    if day is None:
        raise OcsoError(NO_DATE)
    if day > today:
        raise OcsoError(IN_THE_FUTURE)
    if left_on is not None and day < left_on:
        raise OcsoError(BEFORE_EXIT.format(day=format_short_date(left_on)))
    return day


def record_proof(
    session: Session,
    *,
    actor: audit.Actor,
    company_id: int,
    employee_id: int | None,
    received: str,
    file: IncomingFile,
    today: date,
) -> str:
    """Record ``file`` as a proof received on ``received`` from the employee en portabilité ``employee_id``
    of the company (or one of its structures); the confirmation in French. ``OcsoError``: nothing written,
    nothing stored."""
    employee = _employee(session, company_id, employee_id)
    day = received_day(received, left_on=employee.radiated_on, today=today)
    saved = uploads.store(uploads.check_file(file), session=session)
    with uploads.removed_on_failure([saved.storage_key]):
        session.add(
            PortabilityProof(
                employee_id=employee.id,
                received_on=day,
                original_name=saved.original_name,
                storage_key=saved.storage_key,
                content_type=saved.content_type,
                size_bytes=saved.size_bytes,
                sha256=saved.sha256,
                recorded_by_account_id=actor.account_id,
            )
        )
        _audit(
            session,
            actor,
            employee,
            f"Justificatif de portabilité reçu le {format_short_date(day)} enregistré",
        )
        session.flush()
    return RECORDED.format(day=format_short_date(day), name=_name(employee))


def _proof_of(session: Session, company_id: int, proof_id: int) -> tuple[PortabilityProof, Employee] | None:
    """A proof recorded for an employee of the company or its structures, with that employee; ``None`` for
    any other proof, exactly like a missing one."""
    row = session.execute(
        select(PortabilityProof, Employee)
        .join(Employee, Employee.id == PortabilityProof.employee_id)
        .where(PortabilityProof.id == proof_id, Employee.company_id.in_(family_of(session, company_id)))
    ).one_or_none()
    return (row[0], row[1]) if row is not None else None


def proof_file(session: Session, *, actor: audit.Actor, company_id: int, proof_id: int) -> StoredFile | None:
    """A proof recorded for an employee of the company or its structures, to stream to OCSO staff (the
    opening audited); ``None`` for any other, exactly like a missing one."""
    found = _proof_of(session, company_id, proof_id)
    if found is None:
        return None
    proof, employee = found
    _audit(
        session,
        actor,
        employee,
        f"Consultation du justificatif de portabilité reçu le {format_short_date(proof.received_on)}",
    )
    return StoredFile(proof.storage_key, proof.content_type, proof.original_name)


def withdraw_proof(session: Session, *, actor: audit.Actor, company_id: int, proof_id: int | None) -> str:
    """« Retirer » a proof recorded by mistake (another person's, a wrong file, a wrong date): the row goes,
    its file once the deletion is committed, HR's Accueil no longer counts it; audited on the structure. The
    confirmation in French; ``OcsoError`` for any proof not of the company or its structures (nothing
    written)."""
    found = _proof_of(session, company_id, proof_id) if proof_id is not None else None
    if found is None:
        raise OcsoError(NO_PROOF)
    proof, employee = found
    day = format_short_date(proof.received_on)
    uploads.delete_once_committed(session, [proof.storage_key])
    session.delete(proof)
    _audit(session, actor, employee, f"Justificatif de portabilité reçu le {day} retiré")
    session.flush()
    return WITHDRAWN.format(day=day, name=_name(employee))
