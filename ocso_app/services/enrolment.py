"""Turning a pending employee into a member (guide 003, « affiliation »): the option of their company's santé
contract, their beneficiaries, their bank details and SEPA mandate, then a new numéro d'adhérent, the
beneficiary rows (the member's own « AS » row, « CJ » for the spouse, « EA », « EB »… for the children, as in
the demo data), the registration's option, the status « affilié(e) », the welcome e-mail that leads to the
Espace Santé Assuré's registration, and HR's notification when HR asked for it.

The employee does it on their affiliation page, or HR for them (affiliation complète, or « forcer
l'affiliation au régime de base »: the base option, no beneficiary, no bank details). Everything the browser
sent is checked first (``enrolment_choice``), each field with its French message, and nothing is written when
one is wrong.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.config import settings
from ocso_app.models import (
    AffiliationStatus,
    Beneficiary,
    BeneficiaryQuality,
    Company,
    Employee,
    EmployeeContract,
    Member,
    SepaMandate,
)
from ocso_app.services import (
    affiliation_invitations,
    audit,
    dispense_cover,
    employer_access,
    employer_changes,
    uploads,
)
from ocso_app.services.crypto import encrypt_field
from ocso_app.services.employee_status import THE_EMPLOYEE, StatusAuthor, change_status
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.enrolment_choice import (
    NO_CONTRACT,
    OPEN_STATUSES,
    CheckedChoice,
    EnrolmentChoice,
    Person,
    check_choice,
    contract_options,
    open_contract,
    priced_option,
)
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import paris_date
from ocso_app.services.mail import send_after_commit
from ocso_app.services.sepa_mandate import file_for_member, sign_mandate
from ocso_app.services.unique_numbers import TRIES, write_with_free_number

EVENT_TYPE = "Affiliation"
FORCED_NOTE = "Affiliation forcée au régime de base"
NUMBERS_EXHAUSTED = "Aucun numéro d'adhérent libre n'a pu être attribué : réessayez."


@dataclass(frozen=True)
class Enrolled:
    """The new member: what the confirmation screen and the e-mails say."""

    member_id: int
    member_number: str
    option_label: str
    monthly_label: str  # the employee's part
    mandate_reference: str | None
    register_url: str


# --- writing


def _number_taken(session: Session, number: str) -> bool:
    return bool(session.scalar(select(exists().where(Member.member_number == number))))


def new_member_number() -> str:
    """A random 6-digit numéro d'adhérent (as the demo data draws them)."""
    return f"{secrets.randbelow(999_999) + 1:06d}"


def _free_member_numbers(session: Session) -> Iterator[str]:
    """Random numéros d'adhérent that no member holds (of ``unique_numbers.TRIES`` draws)."""
    for _ in range(TRIES):
        number = new_member_number()
        if not _number_taken(session, number):
            yield number


def add_member_with_new_number(session: Session, member: Member) -> Member:
    """Give ``member`` a free numéro d'adhérent and insert it. Two enrolments at once may draw the same
    free number: the unique constraint refuses the second, whose savepoint is rolled back, and it draws
    again (``unique_numbers``)."""
    write_with_free_number(
        session, member, "member_number", _free_member_numbers(session), exhausted=NUMBERS_EXHAUSTED
    )
    return member


def _member(employee: Employee, checked: CheckedChoice, adhesion: date) -> Member:
    nir_enc = employee.nir_enc or (encrypt_field(checked.nir) if checked.nir else None)
    return Member(
        member_number="",
        civility=employee.civility,
        first_name=employee.first_name,
        last_name=employee.last_name.upper(),
        birth_date=employee.birth_date,
        nir_enc=nir_enc,
        email=employee.email,
        address_line=employee.address_line or "",
        postal_code=employee.postal_code or "",
        city=employee.city or "",
        iban_enc=encrypt_field(checked.account.iban) if checked.account else None,
        bic=checked.account.bic if checked.account else None,
        adhesion_date=adhesion,
        contract_option_id=checked.option.id,
    )


def _beneficiaries(
    member: Member, employee: Employee, people: list[Person], adhesion: date
) -> list[Beneficiary]:
    own = Beneficiary(
        member_id=member.id,
        rank="AS",
        quality=BeneficiaryQuality.MEMBER,
        first_name=employee.first_name.upper(),
        last_name=employee.last_name.upper(),
        birth_date=employee.birth_date,
        nir_enc=member.nir_enc,
        adhesion_date=adhesion,
    )
    return [own] + [
        Beneficiary(
            member_id=member.id,
            rank=person.rank,
            quality=person.quality,
            first_name=person.first_name.upper(),
            last_name=person.last_name,
            birth_date=person.birth_date,
            nir_enc=encrypt_field(person.nir) if person.nir else None,
            adhesion_date=max(adhesion, person.birth_date),
        )
        for person in people
    ]


def _register_option(session: Session, employee: Employee, checked: CheckedChoice, today: date) -> date:
    """Put the chosen option on the employee's registration on the santé contract, the one the
    pré-affiliation opened (registered from the start of cover if there is none, or if a dispense withdrew
    it: ``dispense_cover``); the adhesion date: that registration's start. After a dispense that ended, it
    starts the day after the dispense, not at the hiring."""
    registration = session.scalar(
        select(EmployeeContract).where(
            EmployeeContract.employee_id == employee.id, EmployeeContract.contract_id == checked.contract.id
        )
    )
    if registration is None:
        start = employee.cover_start_on or today
        registration = EmployeeContract(
            employee_id=employee.id, contract_id=checked.contract.id, start_date=start
        )
        session.add(registration)
    elif not dispense_cover.covers_some_day(registration):
        registration.start_date, registration.end_date = employee.cover_start_on or today, None
    registration.option_id = checked.option.id
    return registration.start_date


def register_url() -> str:
    """Where the new member creates their Espace Santé Assuré account."""
    return f"{settings().public_url}{routes.MEMBER_REGISTER}"


def _mail(
    session: Session, employee: Employee, enrolled: Enrolled, company_name: str, *, tell_hr: bool
) -> None:
    """The employee's welcome; HR's « Affiliation finalisée » when the employee finished it (not when HR
    keyed the affiliation complète in: they know)."""
    name = f"{employee.first_name} {employee.last_name.upper()}"
    if employee.email:
        send_after_commit(
            session,
            to=employee.email,
            subject="Bienvenue : votre affiliation à la complémentaire santé est enregistrée",
            text=(
                f"Bonjour {name},\n\n"
                f"Votre affiliation au contrat de complémentaire santé de {company_name} est enregistrée.\n\n"
                f"Votre numéro d'adhérent : {enrolled.member_number}\n"
                f"Votre option : {enrolled.option_label}\n"
                f"Votre part de la cotisation : {enrolled.monthly_label} par mois\n\n"
                "Créez votre Espace Santé Assuré pour suivre vos remboursements et télécharger votre carte "
                "de tiers payant : ouvrez la page ci-dessous et saisissez votre "
                "numéro d'adhérent, votre date de naissance et votre numéro de Sécurité sociale.\n\n"
                f"{enrolled.register_url}\n\n"
                "Une question ? 05 56 34 36 66 – support@ocso.fr"
            ),
        )
    hr = (
        employer_access.hr_address(
            session,
            address=employee.notify_hr_email,
            chosen_by=employee.invited_by_account_id,
            company_id=employee.company_id,
            action=EmployerAction.VIEW_EMPLOYEES,  # who reads the fiche salarié(e) the e-mail links
        )
        if tell_hr
        else None
    )
    if hr is not None:
        send_after_commit(
            session,
            to=hr,
            subject=f"Affiliation finalisée : {name}",
            text=(
                "Bonjour,\n\n"
                f"L'affiliation de {name} au contrat de complémentaire santé de {company_name} est finalisée "
                f"(option {enrolled.option_label}).\n\n"
                f"Retrouvez sa fiche dans « Mes salarié(e)s » : {settings().public_url}"
                f"{routes.EMPLOYER_STAFF_RECORD}?salarie={employee.id}"
            ),
        )


def _audit(
    session: Session,
    employee: Employee,
    member: Member,
    checked: CheckedChoice,
    mandate: SepaMandate | None,
    *,
    by: StatusAuthor,
    actor: audit.Actor,
    note: str,
) -> None:
    """Two rows of the one affiliation, by the same author, each worded for its reader.

    The structure's log (``company_id``): who was affiliated, the numéro d'adhérent, the option and how many
    beneficiaries (what HR's Détail santé shows), and the HR user who keyed it in; never the SEPA mandate's
    reference (RUM): the debit mandate is the member's own, not the employer's business, even when HR typed
    the bank details in for them (guide 003's affiliation complète).

    The member's file (``member_id``, their Mon historique): the same, with their mandate; when HR did it,
    their employer by its name, as the other changes of their employer read (``employer_changes``), never
    the HR user's own name."""
    facts = (
        f"adhérent n° {member.member_number}, option {checked.option.label}, "
        f"{len(checked.people)} bénéficiaire(s)"
    )
    by_employee = by == THE_EMPLOYEE
    audit.record_by(
        session,
        dataclasses.replace(actor, member_id=None, company_id=employee.company_id),
        event_type=EVENT_TYPE,
        action=f"{note} : {employee.first_name} {employee.last_name.upper()}, {facts}"
        + ("" if by_employee else f", par {by.label}"),
    )
    if by_employee:
        told = f"{note} : {employee.first_name} {employee.last_name.upper()}, {facts}"
    else:
        done = "par" if note == FORCED_NOTE else "enregistrée par"
        told = f"{note} {done} {employer_changes.employer(session, employee.company_id)} : {facts}"
    employer_changes.tell_member(
        session,
        actor,
        member_id=member.id,
        event_type=EVENT_TYPE,
        action=told + (f", mandat SEPA {mandate.reference}" if mandate else ""),
    )


def _enrol(
    session: Session,
    employee: Employee,
    checked: CheckedChoice,
    *,
    by: StatusAuthor,
    actor: audit.Actor,
    now: datetime,
    note: str,
) -> Enrolled:
    today = paris_date(now)
    adhesion = _register_option(session, employee, checked, today)
    member = add_member_with_new_number(session, _member(employee, checked, adhesion))
    stored: list[str] = []  # the mandate's PDF, removed if anything after it fails
    with uploads.removed_on_failure(stored):
        session.add_all(_beneficiaries(member, employee, checked.people, adhesion))
        mandate = None
        if checked.account is not None:
            mandate = sign_mandate(session, member=member, account=checked.account, signed_at=now)
            stored.append(mandate.storage_key)
            stored.append(file_for_member(session, mandate).storage_key)
        employee.member_id = member.id
        employee.affiliated_on = adhesion
        if checked.nir and employee.nir_enc is None:
            employee.nir_enc = member.nir_enc
        change_status(session, employee, AffiliationStatus.AFFILIATED, on=today, by=by, note=note)
        affiliation_invitations.spend_all(session, employee.id, now=now)
        company = session.get(Company, employee.company_id)
        enrolled = Enrolled(
            member_id=member.id,
            member_number=member.member_number,
            option_label=checked.option.label,
            monthly_label=priced_option(session, checked.contract, checked.option.id).employee_label,
            mandate_reference=mandate.reference if mandate else None,
            register_url=register_url(),
        )
        _audit(session, employee, member, checked, mandate, by=by, actor=actor, note=note)
        _mail(session, employee, enrolled, company.name if company else "", tell_hr=by == THE_EMPLOYEE)
        session.flush()
    return enrolled


def complete_affiliation(
    session: Session,
    employee: Employee,
    choice: EnrolmentChoice,
    *,
    by: StatusAuthor,
    actor: audit.Actor,
    now: datetime,
) -> Enrolled:
    """Affiliate ``employee`` as chosen (by them on their page, or by HR: affiliation complète), in the
    caller's transaction; ``EnrolmentRefused`` (per field) or ``OcsoError`` with nothing written."""
    checked = check_choice(session, employee, choice, today=paris_date(now))
    return _enrol(session, employee, checked, by=by, actor=actor, now=now, note="Affiliation")


def force_base(
    session: Session, employee: Employee, *, by: StatusAuthor, actor: audit.Actor, now: datetime
) -> Enrolled:
    """HR's « forcer l'affiliation au régime de base »: the base option, no beneficiary, no bank details
    (so no mandate); ``OcsoError``, nothing written, when the employee is not pending or has no contract."""
    contract = open_contract(session, employee, paris_date(now))
    base = next((o for o in contract_options(session, contract) if o.is_base), None)
    if base is None:
        raise OcsoError(NO_CONTRACT)
    checked = CheckedChoice(option=base, contract=contract)
    return _enrol(session, employee, checked, by=by, actor=actor, now=now, note=FORCED_NOTE)


def pending_employee(session: Session, employee_id: int, company_ids: Sequence[int]) -> Employee | None:
    """The employee ``employee_id`` if they belong to one of ``company_ids`` and are still to affiliate."""
    return session.scalar(
        select(Employee).where(
            Employee.id == employee_id,
            Employee.company_id.in_(list(company_ids)),
            or_(*(Employee.status == status for status in OPEN_STATUSES)),
            Employee.member_id.is_(None),
        )
    )
