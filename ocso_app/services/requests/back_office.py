"""OCSO applies what a démarche asks, from the démarche itself: a member's new bank details (once the staff
member confirmed with their authenticator code; an IBAN outside the SEPA zone, which a démarche sent before
such were refused may hold, is not), a beneficiary added or removed, an employer's new address
or telephone number and an employee's new address (``employer_details``), an employee's « Sortie des
effectifs » (``exits``: their radiation), the reprise or prolongation of an employee's arrêt de travail
(``sick_leave_changes``).

Each change is applied once, even on a double click or by two colleagues at once: everything is checked
first (nothing written on a refusal), then the démarche goes « traitée » by a conditional update on its
open status (``desk.move``: the second call finds it closed and is refused), and only then is the file
changed, in the same transaction. The sender gets OCSO's answer on the démarche and an e-mail (``Notice``);
the change is audited with the staff account on the sender's file.

The staff member's role must allow applying the changes of the démarche's desk (``APPLY_ACTIONS``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Account, Beneficiary, Company, Member, Request, RequestStatus
from ocso_app.services import two_factor
from ocso_app.services.crypto import decrypt_field, encrypt_field
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_person_name, format_short_date
from ocso_app.services.identifiers import is_sepa_iban
from ocso_app.services.requests import desk, exits, named
from ocso_app.services.requests import employer_details as details
from ocso_app.services.requests import sick_leave_changes as leaves
from ocso_app.services.requests.drafts import mask_iban
from ocso_app.services.requests.employer_details import NOTHING_TO_APPLY, NewAddress
from ocso_app.services.requests.labels import BANK_DETAILS, BENEFICIARIES, OPEN_STATUSES, QUALITIES
from ocso_app.services.requests.queue import desk_of
from ocso_app.services.staff_access import APPLY_ACTIONS, StaffCaller

WRONG_CODE = "Code de l'application d'authentification incorrect ou déjà utilisé : saisissez le code suivant."
RANK_TAKEN = "Ce rang est déjà celui d'un bénéficiaire de l'assuré : rien n'a été ajouté."
NOT_COVERED = "Ce bénéficiaire n'est plus couvert par le contrat : rien à retirer."
NOT_SEPA_ON_FILE = (
    "Ce nouvel IBAN n'est pas celui d'un compte de la zone SEPA : OCSO ne pourrait ni y verser les "
    "remboursements ni y prélever. Rien n'a été appliqué ; répondez à l'assuré(e) pour lui demander le RIB "
    "d'un compte de la zone SEPA."
)
BANK_ANSWER = (
    "Vos nouvelles coordonnées bancaires sont enregistrées ; elles s'appliquent à vos prochains "
    "remboursements."
)


class Change(enum.StrEnum):
    """What a démarche asks OCSO to change in a file."""

    BANK_DETAILS = "rib"
    ADD_BENEFICIARY = "ajout_beneficiaire"
    REMOVE_BENEFICIARY = "retrait_beneficiaire"
    COMPANY_ADDRESS = "adresse_entreprise"
    COMPANY_PHONE = "telephone_entreprise"
    EMPLOYEE_ADDRESS = "adresse_salarie"
    EMPLOYEE_EXIT = "sortie_effectifs"
    RETURN_TO_WORK = "reprise_travail"
    LEAVE_EXTENSION = "prolongation_arret"


CHANGE_LABELS = {
    Change.BANK_DETAILS: "Appliquer le nouveau RIB au dossier",
    Change.ADD_BENEFICIARY: "Ajouter le bénéficiaire au contrat",
    Change.REMOVE_BENEFICIARY: "Retirer le bénéficiaire du contrat",
    Change.COMPANY_ADDRESS: "Enregistrer la nouvelle adresse de l'entreprise",
    Change.COMPANY_PHONE: "Enregistrer le nouveau numéro de l'entreprise",
    Change.EMPLOYEE_ADDRESS: "Enregistrer la nouvelle adresse du/de la salarié(e)",
    Change.EMPLOYEE_EXIT: "Radier le/la salarié(e)",
    Change.RETURN_TO_WORK: "Enregistrer la reprise du travail",
    Change.LEAVE_EXTENSION: "Enregistrer la prolongation de l'arrêt",
}

CHANGE_AUDIT = {
    Change.BANK_DETAILS: "Nouvelles coordonnées bancaires enregistrées par OCSO",
    Change.ADD_BENEFICIARY: "Bénéficiaire ajouté par OCSO",
    Change.REMOVE_BENEFICIARY: "Bénéficiaire retiré par OCSO",
    Change.COMPANY_ADDRESS: "Nouvelle adresse de l'entreprise enregistrée par OCSO",
    Change.COMPANY_PHONE: "Nouveau téléphone de l'entreprise enregistré par OCSO",
    Change.EMPLOYEE_ADDRESS: "Nouvelle adresse d'un(e) salarié(e) enregistrée par OCSO",
    Change.EMPLOYEE_EXIT: "Sortie des effectifs enregistrée par OCSO",
    Change.RETURN_TO_WORK: "Reprise du travail enregistrée par OCSO",
    Change.LEAVE_EXTENSION: "Prolongation d'arrêt de travail enregistrée par OCSO",
}


def change_of(request: Request) -> Change | None:
    """The change a démarche asks for, if it asks for one."""
    if request.request_type == BANK_DETAILS and request.member_id is not None:
        return Change.BANK_DETAILS if "iban_enc" in request.payload else None  # an IBAN to apply
    if request.request_type == BENEFICIARIES and request.member_id is not None:
        return (
            Change.ADD_BENEFICIARY if request.payload.get("action") == "ajout" else Change.REMOVE_BENEFICIARY
        )
    if details.asks_company_change(request, details.ADDRESS_TOPIC):
        return Change.COMPANY_ADDRESS
    if details.asks_company_change(request, details.PHONE_TOPIC):
        return Change.COMPANY_PHONE
    if details.asks_employee_address(request):
        return Change.EMPLOYEE_ADDRESS
    if exits.asks_exit(request):
        return Change.EMPLOYEE_EXIT
    if leaves.asks(request, leaves.RETURN_TOPIC):
        return Change.RETURN_TO_WORK
    if leaves.asks(request, leaves.EXTENSION_TOPIC):
        return Change.LEAVE_EXTENSION
    return None


def may_apply(caller: StaffCaller, request: Request) -> bool:
    """Whether the caller's role applies the changes of this démarche's desk."""
    return caller.may(APPLY_ACTIONS[desk_of(request)])


@dataclass(frozen=True)
class Applied:
    """The outcome: ``done`` with the page's message and the sender's notice, or not done because the
    authenticator code was wrong (the failed try is counted and must be committed; nothing applied)."""

    done: bool
    message: str
    notice: desk.Notice | None = None


def _removed(session: Session, request: Request) -> Beneficiary:
    beneficiary = session.scalar(
        select(Beneficiary).where(
            Beneficiary.id == request.payload.get("beneficiary_id"),
            Beneficiary.member_id == request.member_id,
            Beneficiary.end_date.is_(None),
        )
    )
    if beneficiary is None:
        raise OcsoError(NOT_COVERED)
    return beneficiary


def _check_rank_free(session: Session, request: Request) -> None:
    taken = session.scalar(
        select(Beneficiary.id).where(
            Beneficiary.member_id == request.member_id, Beneficiary.rank == request.payload.get("rank")
        )
    )
    if taken is not None:
        raise OcsoError(RANK_TAKEN)


def _apply_bank_details(member: Member, request: Request) -> tuple[str, str]:
    iban = decrypt_field(request.payload["iban_enc"])
    member.iban_enc = encrypt_field(iban)
    member.bic = request.payload["bic"]
    return BANK_ANSWER, f"Nouveau RIB enregistré au dossier : {mask_iban(iban)}."


def _add_beneficiary(session: Session, request: Request, today: date) -> tuple[str, str]:
    payload = request.payload
    name = format_person_name(str(payload["first_name"]), str(payload["last_name"]))
    session.add(
        Beneficiary(
            member_id=request.member_id,
            rank=payload["rank"],
            quality=QUALITIES[payload["quality"]],
            first_name=str(payload["first_name"]).upper(),
            last_name=str(payload["last_name"]).upper(),
            birth_date=date.fromisoformat(payload["birth_date"]),
            nir_enc=payload.get("nir_enc"),
            adhesion_date=today,
        )
    )
    answer = f"{name} est ajouté(e) à votre contrat à compter du {format_short_date(today)}."
    return answer, f"Bénéficiaire ajouté : {name}."


def _remove_beneficiary(beneficiary: Beneficiary, today: date) -> tuple[str, str]:
    beneficiary.end_date = today
    name = format_person_name(beneficiary.first_name, beneficiary.last_name)
    answer = f"{name} est retiré(e) de votre contrat au {format_short_date(today)}."
    return answer, f"Bénéficiaire retiré : {name}."


@dataclass(frozen=True)
class Typed:
    """What the agent typed from the démarche's message (each change reads its own)."""

    address: NewAddress | None = None
    phone: str = ""
    departure: exits.Departure | None = None
    leave_date: str = ""


def apply_change(
    session: Session,
    *,
    caller: StaffCaller,
    request_id: int | None,
    today: date,
    totp_code: str = "",
    address: NewAddress | None = None,
    phone: str = "",
    departure: exits.Departure | None = None,
    leave_date: str = "",
) -> Applied:
    """Apply what the démarche ``request_id`` (on the caller's desks) asks, once; raises ``OcsoError`` (or
    ``AccessDenied``) with a French message and writes nothing when it cannot be applied. New bank details
    need the caller's authenticator code (``totp_code``, single use); an address, the ``address`` typed; a
    telephone number, the ``phone`` typed; a sortie des effectifs, the ``departure`` typed (date, motif); a
    reprise or a prolongation, the ``leave_date`` typed (the day work resumed; the arrêt's new last day)."""
    request = desk.find(session, caller=caller, request_id=request_id)
    change = change_of(request)
    if change is None:
        raise OcsoError(NOTHING_TO_APPLY)
    caller.require(APPLY_ACTIONS[desk_of(request)])
    if request.status not in OPEN_STATUSES:
        raise OcsoError(desk.CLOSED)
    typed = Typed(address, phone, departure, leave_date)
    write = _checked(session, request, change, caller=caller, today=today, typed=typed)
    if change == Change.BANK_DETAILS:
        account = session.get(Account, caller.account_id)
        if account is None or not two_factor.verify_totp(
            session, account, totp_code, interface=caller.audit.interface
        ):
            return Applied(False, WRONG_CODE)
    desk.move(session, request, RequestStatus.DONE)  # the conditional update: a second call stops here
    answer, message = write()
    desk.answer(session, caller, request, answer)
    desk.record(session, caller, request, f"{CHANGE_AUDIT[change]} (démarche n° {request.id}) : {message}")
    return Applied(True, message, desk.notice(session, request, "traitée"))


def _checked(
    session: Session, request: Request, change: Change, *, caller: StaffCaller, today: date, typed: Typed
) -> Callable[[], tuple[str, str]]:
    """Every check of ``change`` against the démarche and what the agent typed (``OcsoError`` on a refusal,
    nothing written), then what writes it: it returns the answer to the sender and the agent's message."""
    if change == Change.BANK_DETAILS:
        member = details.on_file(session, Member, request.member_id)
        if not is_sepa_iban(decrypt_field(request.payload["iban_enc"])):  # sent before such were refused
            raise OcsoError(NOT_SEPA_ON_FILE)
        return lambda: _apply_bank_details(member, request)
    if change == Change.ADD_BENEFICIARY:
        _check_rank_free(session, request)
        return lambda: _add_beneficiary(session, request, today)
    if change == Change.REMOVE_BENEFICIARY:
        removed = _removed(session, request)
        return lambda: _remove_beneficiary(removed, today)
    if change == Change.EMPLOYEE_EXIT:
        leaving = exits.check_departure(session, request, typed.departure or exits.Departure(), today)
        return lambda: exits.radiate_named(session, caller=caller, leaving=leaving, today=today)
    if change in (Change.RETURN_TO_WORK, Change.LEAVE_EXTENSION):
        employee = named.named_employee(session, request, refusal=leaves.NOT_NAMED)
        extension = change == Change.LEAVE_EXTENSION
        new_end = leaves.check_new_end(
            session, request, employee, typed.leave_date, extension=extension, today=today
        )
        return lambda: leaves.end_leave(new_end, today)
    if change == Change.COMPANY_PHONE:
        digits, company = (
            details.checked_phone(typed.phone),
            details.on_file(session, Company, request.company_id),
        )
        return lambda: details.call_company(company, digits)
    if change == Change.EMPLOYEE_ADDRESS:
        new = details.checked_address(typed.address)
        employee = named.named_employee(session, request, refusal=details.NOT_NAMED)
        return lambda: details.move_employee(session, caller.audit, employee, new)
    if change == Change.COMPANY_ADDRESS:
        new, company = (
            details.checked_address(typed.address),
            details.on_file(session, Company, request.company_id),
        )
        return lambda: details.move_company(company, new)
    raise OcsoError(NOTHING_TO_APPLY)  # a change this function does not know yet: never a wrong write
