"""The démarches' forms (the members' five, the employers' one shape), validated on the server into a
(subject, payload) draft; nothing is written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.fr import nir as stdnum_nir

from ocso_app.models import Account, Beneficiary, BeneficiaryQuality, Interface
from ocso_app.services import members
from ocso_app.services.crypto import encrypt_field
from ocso_app.services.email_addresses import valid_email
from ocso_app.services.formats import format_person_name
from ocso_app.services.ids import parse_id
from ocso_app.services.login import recheck_password
from ocso_app.services.periods import InvalidFilter, parse_day
from ocso_app.services.requests import labels, refusals
from ocso_app.services.requests.concerned import NamedEmployee
from ocso_app.services.requests.forms import (
    BankDetailsForm,
    BeneficiariesForm,
    CompanyForm,
    DemarcheForm,
    DocumentsForm,
    HospitalForm,
    QuestionForm,
)
from ocso_app.services.requests.refusals import RequestRefused
from ocso_app.services.typed_text import bad_character, cut_for_capitals, has_control


@dataclass(frozen=True)
class Submitter:
    """Who sends a démarche: ids from the guard, never from the browser."""

    account_id: int
    member_id: int
    nonce: str
    interface: Interface = Interface.WEB
    ip_address: str | None = None


# The typed fields as their forms call them, for a refusal that names the field (the others are lists: only
# a forged event puts anything else in them).
FIELD_LABELS = {
    "message": "Message",
    "establishment": "Nom de l'établissement",
    "finess": "Numéro FINESS",
    "fax": "Fax de l'établissement",
    "establishment_email": "e-mail de l'établissement",
    "admission_date": "Date d'admission",
    "dmt": "Discipline (code DMT)",
    "iban": "IBAN",
    "bic": "BIC",
    "first_name": "Prénom",
    "last_name": "Nom",
    "birth_date": "Date de naissance",
    "rank": "Rang",
    "nir": "Numéro de Sécurité sociale",
    "employee": "Salarié concerné",
}


def _refuse_control_characters(form: DemarcheForm) -> None:
    """No control character in a one-line field, none but tabs and line breaks in the message: a NUL went
    into the démarche's subject (PostgreSQL refuses it: « Une erreur inattendue ») or, when OCSO applied
    the démarche, into the member's file."""
    for name, value in form.fields().items():
        if has_control(value, message=name == "message"):
            raise RequestRefused(bad_character(FIELD_LABELS.get(name)))


def _text(value: str, limit: int = 200) -> str:
    return value.strip()[:limit]


def _message(form: DemarcheForm) -> str:
    text = form.message.strip()
    if len(text) > labels.MAX_MESSAGE:
        raise RequestRefused(refusals.MESSAGE_TOO_LONG)
    return text


def _date(value: object, error: str) -> date:
    """A date typed jj/mm/aaaa (or ISO); refused with ``error`` when empty or not a date."""
    try:
        day = parse_day(str(value or ""))
    except InvalidFilter as exc:
        raise RequestRefused(error) from exc
    if day is None:
        raise RequestRefused(error)
    return day


def _beneficiary(session: Session, member_id: int, value: object) -> Beneficiary:
    """A beneficiary of this member only: the id from the browser is checked with ownership."""
    beneficiary_id = parse_id(value)
    if beneficiary_id is None:
        raise RequestRefused(refusals.BAD_BENEFICIARY)
    found = session.scalar(
        select(Beneficiary).where(
            Beneficiary.id == beneficiary_id,
            Beneficiary.member_id == member_id,
            Beneficiary.end_date.is_(None),
        )
    )
    if found is None:
        raise RequestRefused(refusals.BAD_BENEFICIARY)
    return found


def _full_name(beneficiary: Beneficiary) -> str:
    return f"{beneficiary.first_name.upper()} {beneficiary.last_name.upper()}"


def mask_iban(iban: str) -> str:
    """The same masking as Mes informations (``FRXX XXXX … 4151 617``)."""
    return members.mask_iban(stdnum_iban.compact(iban))


@dataclass(frozen=True)
class Draft:
    """A validated démarche, not yet stored: its kind, subject, payload, whether files are required and the
    service it goes to when not its kind's (``labels.SERVICES``)."""

    request_type: str
    subject: str
    payload: dict[str, Any]
    files_required: bool
    service: str | None = None


def draft_documents(session: Session, member_id: int, form: DocumentsForm) -> Draft:
    """Envoi de documents: type, beneficiary, message; files required; routed to Prestations."""
    document_type = _text(form.document_type)
    if document_type not in labels.DOCUMENT_TYPES:
        raise RequestRefused(refusals.BAD_DOCUMENT_TYPE)
    beneficiary = _beneficiary(session, member_id, form.beneficiary)
    payload = {
        "document_type": document_type,
        "beneficiary": _full_name(beneficiary),
        "comment": _message(form),
    }
    return Draft(labels.SEND_DOCUMENTS, labels.DOCUMENT_TYPES[document_type], payload, files_required=True)


def _establishment_contact(form: HospitalForm) -> dict[str, str]:
    fax = re.sub(r"[\s.\-]", "", _text(form.fax))
    email = (form.establishment_email or "").strip()  # checked whole: a cut address is another one
    if not fax and not email:
        raise RequestRefused(refusals.MISSING_CONTACT)
    if fax and not re.fullmatch(r"0[0-9]{9}", fax):
        raise RequestRefused(refusals.BAD_FAX)
    if email and not valid_email(email):
        raise RequestRefused(refusals.BAD_EMAIL)
    return {"fax": fax, "establishment_email": email}


def draft_hospital(session: Session, member_id: int, form: HospitalForm, *, today: date) -> Draft:
    """Prise en charge hospitalière: beneficiary, establishment (FINESS, fax or e-mail), admission, stay."""
    beneficiary = _beneficiary(session, member_id, form.beneficiary)
    establishment = _text(form.establishment)
    if not establishment:
        raise RequestRefused(refusals.MISSING_ESTABLISHMENT)
    finess = re.sub(r"\s", "", _text(form.finess))
    if not re.fullmatch(r"[0-9]{9}", finess):
        raise RequestRefused(refusals.BAD_FINESS)
    contact = _establishment_contact(form)
    admission = _date(form.admission_date, refusals.BAD_ADMISSION_DATE)
    if (today - admission).days > 30 or (admission - today).days > 365:
        raise RequestRefused(refusals.BAD_ADMISSION_DATE)
    stay_type = _text(form.stay_type)
    if stay_type not in labels.STAY_TYPES:
        raise RequestRefused(refusals.BAD_STAY_TYPE)
    dmt = _text(form.dmt)
    if not re.fullmatch(r"[0-9]{3}", dmt):
        raise RequestRefused(refusals.BAD_DMT)
    payload = {
        "beneficiary": _full_name(beneficiary),
        "establishment": establishment,
        "finess": finess,
        **contact,
        "admission_date": admission.isoformat(),
        "stay_type": stay_type,
        "dmt": dmt,
        "comment": _message(form),
    }
    return Draft(labels.HOSPITAL, "Demande de prise en charge hospitalière", payload, files_required=False)


def draft_bank_details(session: Session, account_id: int, form: BankDetailsForm) -> Draft:
    """New IBAN/BIC (checked with python-stdnum; the IBAN of the SEPA zone), RIB required, current password
    asked again."""
    iban = stdnum_iban.compact(_text(form.iban, 60))
    if refusal := refusals.iban_refusal(iban):
        raise RequestRefused(refusal)
    bic = stdnum_bic.compact(_text(form.bic, 20))
    if not stdnum_bic.is_valid(bic):
        raise RequestRefused(refusals.BAD_BIC)
    recheck_password(session, session.get(Account, account_id), form.password, wrong=refusals.BAD_PASSWORD)
    payload = {"iban_enc": encrypt_field(iban), "iban_masked": mask_iban(iban), "bic": bic}
    return Draft(labels.BANK_DETAILS, "Demande de modification du RIB", payload, files_required=True)


def _draft_add_beneficiary(session: Session, member_id: int, form: BeneficiariesForm, today: date) -> Draft:
    # both stored in capitals, in columns of 80, when OCSO adds the beneficiary (back_office)
    first_name, last_name = (
        cut_for_capitals(_text(form.first_name), 80),
        cut_for_capitals(_text(form.last_name), 80),
    )
    if not first_name or not last_name:
        raise RequestRefused(refusals.MISSING_NAME)
    birth = _date(form.birth_date, refusals.BAD_BIRTH_DATE)
    if birth > today or birth.year < 1900:
        raise RequestRefused(refusals.BAD_BIRTH_DATE)
    rank = _text(form.rank).upper()
    if rank and not re.fullmatch(r"[A-Z0-9]{2}", rank):
        raise RequestRefused(refusals.BAD_RANK)
    quality = _text(form.quality)
    if quality not in labels.QUALITIES:
        raise RequestRefused(refusals.BAD_QUALITY)
    if rank:
        _check_rank_free(session, member_id, rank)
    else:  # the member need not know OCSO's codes: the next rank free for the quality
        rank = _next_free_rank(session, member_id, quality)
    nir = re.sub(r"\s", "", _text(form.nir))
    if nir and not stdnum_nir.is_valid(nir):
        raise RequestRefused(refusals.BAD_NIR)
    payload = {
        "action": "ajout",
        "first_name": first_name,
        "last_name": last_name.upper(),
        "birth_date": birth.isoformat(),
        "rank": rank,
        "quality": quality,
        "nir_enc": encrypt_field(nir) if nir else None,
        "comment": _message(form),
    }
    subject = f"Ajout d'un bénéficiaire : {format_person_name(first_name, last_name)}"
    return Draft(labels.BENEFICIARIES, subject, payload, files_required=True)


def _check_rank_free(session: Session, member_id: int, rank: str) -> None:
    """A rank already on the contract, a removed beneficiary's included (a rank stays theirs), could never be
    added by OCSO (``back_office.RANK_TAKEN``): refused now, naming whose it is, instead of a démarche that
    waits for nothing."""
    holder = session.scalar(
        select(Beneficiary).where(Beneficiary.member_id == member_id, Beneficiary.rank == rank).limit(1)
    )
    if holder is not None:
        raise RequestRefused(refusals.RANK_USED.format(rank=rank, name=_full_name(holder)))


def _next_free_rank(session: Session, member_id: int, quality: str) -> str:
    """The first rank of ``labels.NEW_RANKS[quality]`` no beneficiary of the contract holds, a removed one's
    included (a rank stays theirs); ``NO_FREE_RANK`` when none is left."""
    held = set(session.scalars(select(Beneficiary.rank).where(Beneficiary.member_id == member_id)))
    free = next((rank for rank in labels.NEW_RANKS[quality] if rank not in held), None)
    if free is None:
        raise RequestRefused(refusals.NO_FREE_RANK)
    return free


def draft_beneficiaries(session: Session, member_id: int, form: BeneficiariesForm, *, today: date) -> Draft:
    """Add a beneficiary (birth date, rang or the next one free, NIR if any, supporting document) or remove
    one."""
    action = _text(form.action)
    if action == "ajout":
        return _draft_add_beneficiary(session, member_id, form, today)
    if action != "retrait":
        raise RequestRefused(refusals.BAD_ACTION)
    beneficiary = _beneficiary(session, member_id, form.beneficiary)
    if beneficiary.quality == BeneficiaryQuality.MEMBER:
        raise RequestRefused(refusals.CANNOT_REMOVE_MEMBER)
    payload = {
        "action": "retrait",
        "beneficiary_id": beneficiary.id,
        "beneficiary": _full_name(beneficiary),
        "comment": _message(form),
    }
    return Draft(
        labels.BENEFICIARIES, f"Retrait d'un bénéficiaire : {_full_name(beneficiary)}", payload, False
    )


def draft_question(form: QuestionForm) -> Draft:
    """Poser une question: a topic and a message, files if any; a change of situation goes to the Adhésions
    service with its proof (``labels.QUESTION_SERVICES``, ``labels.QUESTION_PROOF_TOPICS``)."""
    topic = _text(form.topic)
    if topic not in labels.QUESTION_TOPICS:
        raise RequestRefused(refusals.BAD_TOPIC)
    message = _message(form)
    if not message:
        raise RequestRefused(refusals.MISSING_MESSAGE)
    return Draft(
        labels.QUESTION,
        topic,
        {"question": message},
        files_required=topic in labels.QUESTION_PROOF_TOPICS,
        service=labels.QUESTION_SERVICES.get(topic),
    )


def _employee(form: CompanyForm, named: NamedEmployee | None) -> dict[str, Any]:
    """The employee concerned as the payload keeps them: the one picked (``named``, already checked to be
    of the démarche's structure) with their id, else the name typed by hand."""
    if named is not None:
        return {"employee": named.name, "employee_id": named.id}
    typed = " ".join(_text(form.employee, 120).split())
    if not typed:
        raise RequestRefused(refusals.MISSING_EMPLOYEE)
    return {"employee": typed}


def draft_company(form: CompanyForm, *, named: NamedEmployee | None = None) -> Draft:
    """A démarche of the Espace Employeur: an object of its kind, the employee concerned when the object
    names one (picked: ``named``; or typed), and a message; files are required by some objects (a
    bulletin, a bordereau, a KBIS…)."""
    _refuse_control_characters(form)
    topic = labels.company_topic(form.kind, form.topic)
    if topic is None:
        raise RequestRefused(refusals.BAD_COMPANY_TOPIC)
    employee = _employee(form, named) if topic.names_employee else {}
    message = _message(form)
    if not message:
        asked = form.kind == labels.COMPANY_QUESTION
        raise RequestRefused(refusals.MISSING_MESSAGE if asked else refusals.MISSING_NOTE)
    payload = {"topic": topic.label, **employee, "message": message}
    subject = f"{topic.subject} : {employee['employee']}" if employee else topic.subject
    return Draft(form.kind, subject, payload, files_required=topic.needs_files)


def draft(session: Session, *, submitter: Submitter, form: DemarcheForm, today: date) -> Draft:
    """Validate a démarche's form; raises :class:`RequestRefused` with a French message."""
    _refuse_control_characters(form)
    if isinstance(form, DocumentsForm):
        return draft_documents(session, submitter.member_id, form)
    if isinstance(form, HospitalForm):
        return draft_hospital(session, submitter.member_id, form, today=today)
    if isinstance(form, BankDetailsForm):
        return draft_bank_details(session, submitter.account_id, form)
    if isinstance(form, BeneficiariesForm):
        return draft_beneficiaries(session, submitter.member_id, form, today=today)
    if isinstance(form, QuestionForm):
        return draft_question(form)
    raise RequestRefused("Démarche inconnue.")
