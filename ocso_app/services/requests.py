"""Mes démarches: the five requests a member sends to OCSO, validated on the server, and their follow-up.

Each submission is one ``Request`` row whose ``submission_key`` is derived from the page's one-time nonce and
the content: a double click or a replayed event finds the existing row instead of creating a second one.
Files are checked completely before anything is written. The new IBAN travels encrypted in the payload and
reaches the member's file only when OCSO applies the request (:func:`apply_bank_details_change`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.fr import nir as stdnum_nir

from ocso_app.models import (
    Account,
    Beneficiary,
    BeneficiaryQuality,
    Interface,
    Member,
    Request,
    RequestAttachment,
    RequestMessage,
    RequestStatus,
)
from ocso_app.services import audit, members, uploads
from ocso_app.services.crypto import decrypt_field, encrypt_field
from ocso_app.services.errors import AccessDenied, OcsoError
from ocso_app.services.formats import paris_date
from ocso_app.services.mail import send_mail
from ocso_app.services.passwords import verify_password

log = logging.getLogger(__name__)

SEND_DOCUMENTS = "envoi_document"
HOSPITAL = "prise_en_charge_hospitaliere"
BANK_DETAILS = "coordonnees_bancaires"
BENEFICIARIES = "beneficiaires"
QUESTION = "question"

TYPE_LABELS = {
    SEND_DOCUMENTS: "Envoi de document",
    HOSPITAL: "Demande de prise en charge hospitalière",
    BANK_DETAILS: "Maj coordonnées bancaires",
    BENEFICIARIES: "Modification des bénéficiaires",
    QUESTION: "Poser une question",
}
AUDIT_TYPES = {
    SEND_DOCUMENTS: "Envoi de document",
    HOSPITAL: "Prise en charge",
    BANK_DETAILS: "Coordonnées bancaires",
    BENEFICIARIES: "Bénéficiaires",
    QUESTION: "Question",
}
SERVICES = {
    SEND_DOCUMENTS: "prestations",
    HOSPITAL: "prestations",
    BANK_DETAILS: "adhesions",
    BENEFICIARIES: "adhesions",
    QUESTION: "relation_client",
}
STATUS_LABELS = {
    RequestStatus.SENT: "envoyée",
    RequestStatus.IN_PROGRESS: "en cours de traitement",
    RequestStatus.DONE: "traitée",
    RequestStatus.REFUSED: "refusée",
}

# (type shown in the form, subject of the request)
DOCUMENT_TYPES = {
    "Acte de naissance": "Envoi d'un acte de naissance",
    "Attestation de Sécurité sociale": "Envoi d'une attestation de Sécurité sociale",
    "Certificat de scolarité": "Envoi d'un certificat de scolarité",
    "Devis": "Envoi d'un devis",
    "Décompte": "Envoi d'un décompte",
    "Facture": "Envoi d'une facture",
    "Autre": "Envoi d'un document",
}
STAY_TYPES = ("Hospitalisation complète", "Ambulatoire", "Maternité", "Soins de suite et de réadaptation")
QUESTION_TOPICS = (
    "La télétransmission",
    "Mes remboursements",
    "Mes garanties",
    "Ma carte de tiers payant",
    "Mon adhésion",
    "Autre question",
)
QUALITIES = {
    "conjoint": BeneficiaryQuality.SPOUSE,
    "enfant": BeneficiaryQuality.CHILD,
    "autre": BeneficiaryQuality.OTHER,
}
MAX_MESSAGE = 2000

BAD_DOCUMENT_TYPE = "Choisissez le type de document."
BAD_BENEFICIARY = "Choisissez un bénéficiaire de votre contrat."
MESSAGE_TOO_LONG = f"Le message est limité à {MAX_MESSAGE} caractères."
MISSING_ESTABLISHMENT = "Indiquez le nom de l'établissement."
BAD_FINESS = "Le numéro FINESS compte 9 chiffres."
MISSING_CONTACT = "Indiquez le fax ou l'e-mail de l'établissement pour recevoir la prise en charge."
BAD_FAX = "Le numéro de fax doit compter 10 chiffres."
BAD_EMAIL = "L'adresse e-mail de l'établissement n'est pas valide."
BAD_ADMISSION_DATE = "Indiquez une date d'admission valide (au plus tôt il y a 30 jours)."
BAD_STAY_TYPE = "Choisissez le type de séjour."
BAD_DMT = "Le code discipline (DMT) compte 3 chiffres."
BAD_IBAN = "L'IBAN n'est pas valide : vérifiez-le sur votre RIB."
BAD_BIC = "Le BIC n'est pas valide : vérifiez-le sur votre RIB."
BAD_PASSWORD = "Mot de passe actuel incorrect."
BAD_ACTION = "Choisissez d'ajouter ou de retirer un bénéficiaire."
MISSING_NAME = "Indiquez le prénom et le nom du bénéficiaire."
BAD_BIRTH_DATE = "Indiquez une date de naissance valide."
BAD_RANK = "Le rang compte 2 caractères (par exemple EA pour le premier enfant)."
BAD_QUALITY = "Choisissez la qualité du bénéficiaire (conjoint, enfant, autre)."
BAD_NIR = "Le numéro de Sécurité sociale n'est pas valide (15 chiffres, clé comprise)."
CANNOT_REMOVE_MEMBER = "L'assuré principal ne peut pas être retiré : choisissez un autre bénéficiaire."
BAD_TOPIC = "Choisissez le sujet de votre question."
MISSING_MESSAGE = "Écrivez votre question."
NOT_BANK_REQUEST = "Cette demande n'est pas une modification des coordonnées bancaires en attente."


class RequestRefused(OcsoError):
    """A démarche could not be accepted as sent; nothing was stored."""


@dataclass(frozen=True)
class Submitter:
    """Who sends a démarche: ids from the guard, never from the browser."""

    account_id: int
    member_id: int
    nonce: str
    interface: Interface = Interface.WEB
    ip_address: str | None = None


@dataclass(frozen=True)
class Submitted:
    """The outcome: the request, and whether this call created it (``False`` for a replay)."""

    request_id: int
    subject: str
    created: bool
    email: str | None = None


@dataclass(frozen=True)
class AttachmentView:
    id: int
    name: str
    url: str


@dataclass(frozen=True)
class RequestView:
    """One line of "Mes dernières démarches"."""

    id: int
    date_label: str
    type_label: str
    subject: str
    status: str
    status_label: str
    answers: list[str] = field(default_factory=list)
    attachments: list[AttachmentView] = field(default_factory=list)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


# --- small validators -----------------------------------------------------------------------------------


def _text(form: dict, name: str, limit: int = 200) -> str:
    return str(form.get(name) or "").strip()[:limit]


def _message(form: dict, name: str = "message") -> str:
    text = str(form.get(name) or "").strip()
    if len(text) > MAX_MESSAGE:
        raise RequestRefused(MESSAGE_TOO_LONG)
    return text


def _date(value: object, error: str) -> date:
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError as exc:
        raise RequestRefused(error) from exc


def _beneficiary(session: Session, member_id: int, value: object) -> Beneficiary:
    """A beneficiary of this member only: the id from the browser is checked with ownership."""
    try:
        beneficiary_id = int(str(value))
    except ValueError as exc:
        raise RequestRefused(BAD_BENEFICIARY) from exc
    found = session.scalar(
        select(Beneficiary).where(
            Beneficiary.id == beneficiary_id,
            Beneficiary.member_id == member_id,
            Beneficiary.end_date.is_(None),
        )
    )
    if found is None:
        raise RequestRefused(BAD_BENEFICIARY)
    return found


def _full_name(beneficiary: Beneficiary) -> str:
    return f"{beneficiary.first_name.upper()} {beneficiary.last_name.upper()}"


def mask_iban(iban: str) -> str:
    """The same masking as Mes informations (``FRXX XXXX … 4151 617``)."""
    return members.mask_iban(stdnum_iban.compact(iban))


def beneficiary_choices(session: Session, *, member_id: int) -> list[Choice]:
    """The member's current beneficiaries, for the forms' lists."""
    rows = session.scalars(
        select(Beneficiary)
        .where(Beneficiary.member_id == member_id, Beneficiary.end_date.is_(None))
        .order_by(Beneficiary.rank)
    )
    return [Choice(str(b.id), f"{b.first_name.capitalize()} {b.last_name.upper()} ({b.rank})") for b in rows]


# --- the five démarches: validation to a (subject, payload) pair ------------------------------------------


@dataclass(frozen=True)
class Draft:
    request_type: str
    subject: str
    payload: dict
    files_required: bool


def draft_documents(session: Session, member_id: int, form: dict) -> Draft:
    """Envoi de documents: type, beneficiary, message; files required; routed to Prestations."""
    document_type = _text(form, "document_type")
    if document_type not in DOCUMENT_TYPES:
        raise RequestRefused(BAD_DOCUMENT_TYPE)
    beneficiary = _beneficiary(session, member_id, form.get("beneficiary"))
    payload = {
        "document_type": document_type,
        "beneficiary": _full_name(beneficiary),
        "comment": _message(form),
    }
    return Draft(SEND_DOCUMENTS, DOCUMENT_TYPES[document_type], payload, files_required=True)


def _establishment_contact(form: dict) -> dict:
    fax = re.sub(r"[\s.\-]", "", _text(form, "fax"))
    email = _text(form, "establishment_email")
    if not fax and not email:
        raise RequestRefused(MISSING_CONTACT)
    if fax and not re.fullmatch(r"0\d{9}", fax):
        raise RequestRefused(BAD_FAX)
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", email):
        raise RequestRefused(BAD_EMAIL)
    return {"fax": fax, "establishment_email": email}


def draft_hospital(session: Session, member_id: int, form: dict, *, today: date) -> Draft:
    """Prise en charge hospitalière: beneficiary, establishment (FINESS, fax or e-mail), admission, stay."""
    beneficiary = _beneficiary(session, member_id, form.get("beneficiary"))
    establishment = _text(form, "establishment")
    if not establishment:
        raise RequestRefused(MISSING_ESTABLISHMENT)
    finess = re.sub(r"\s", "", _text(form, "finess"))
    if not re.fullmatch(r"\d{9}", finess):
        raise RequestRefused(BAD_FINESS)
    contact = _establishment_contact(form)
    admission = _date(form.get("admission_date"), BAD_ADMISSION_DATE)
    if (today - admission).days > 30 or (admission - today).days > 365:
        raise RequestRefused(BAD_ADMISSION_DATE)
    stay_type = _text(form, "stay_type")
    if stay_type not in STAY_TYPES:
        raise RequestRefused(BAD_STAY_TYPE)
    dmt = _text(form, "dmt")
    if not re.fullmatch(r"\d{3}", dmt):
        raise RequestRefused(BAD_DMT)
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
    return Draft(HOSPITAL, "Demande de prise en charge hospitalière", payload, files_required=False)


def draft_bank_details(session: Session, account_id: int, form: dict) -> Draft:
    """New IBAN/BIC (checked with python-stdnum), RIB required, current password asked again."""
    iban = stdnum_iban.compact(_text(form, "iban", 60))
    if not stdnum_iban.is_valid(iban):
        raise RequestRefused(BAD_IBAN)
    bic = stdnum_bic.compact(_text(form, "bic", 20))
    if not stdnum_bic.is_valid(bic):
        raise RequestRefused(BAD_BIC)
    account = session.get(Account, account_id)
    if account is None or not verify_password(str(form.get("password") or ""), account.password_hash):
        raise RequestRefused(BAD_PASSWORD)
    payload = {"iban_enc": encrypt_field(iban), "iban_masked": mask_iban(iban), "bic": bic}
    return Draft(BANK_DETAILS, "Demande de modification du RIB", payload, files_required=True)


def _draft_add_beneficiary(form: dict, today: date) -> Draft:
    first_name, last_name = _text(form, "first_name", 80), _text(form, "last_name", 80)
    if not first_name or not last_name:
        raise RequestRefused(MISSING_NAME)
    birth = _date(form.get("birth_date"), BAD_BIRTH_DATE)
    if birth > today or birth.year < 1900:
        raise RequestRefused(BAD_BIRTH_DATE)
    rank = _text(form, "rank").upper()
    if not re.fullmatch(r"[A-Z0-9]{2}", rank):
        raise RequestRefused(BAD_RANK)
    quality = _text(form, "quality")
    if quality not in QUALITIES:
        raise RequestRefused(BAD_QUALITY)
    nir = re.sub(r"\s", "", _text(form, "nir"))
    if nir and not stdnum_nir.is_valid(nir):
        raise RequestRefused(BAD_NIR)
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
    subject = f"Ajout d'un bénéficiaire : {first_name.capitalize()} {last_name.upper()}"
    return Draft(BENEFICIARIES, subject, payload, files_required=True)


def draft_beneficiaries(session: Session, member_id: int, form: dict, *, today: date) -> Draft:
    """Add a beneficiary (birth date, rang, NIR if any, supporting document) or remove one."""
    action = _text(form, "action")
    if action == "ajout":
        return _draft_add_beneficiary(form, today)
    if action != "retrait":
        raise RequestRefused(BAD_ACTION)
    beneficiary = _beneficiary(session, member_id, form.get("beneficiary"))
    if beneficiary.quality == BeneficiaryQuality.MEMBER:
        raise RequestRefused(CANNOT_REMOVE_MEMBER)
    payload = {
        "action": "retrait",
        "beneficiary_id": beneficiary.id,
        "beneficiary": _full_name(beneficiary),
        "comment": _message(form),
    }
    return Draft(BENEFICIARIES, f"Retrait d'un bénéficiaire : {_full_name(beneficiary)}", payload, False)


def draft_question(form: dict) -> Draft:
    """Poser une question: a topic and a message."""
    topic = _text(form, "topic")
    if topic not in QUESTION_TOPICS:
        raise RequestRefused(BAD_TOPIC)
    message = _message(form)
    if not message:
        raise RequestRefused(MISSING_MESSAGE)
    return Draft(QUESTION, topic, {"question": message}, files_required=False)


def draft(session: Session, *, kind: str, submitter: Submitter, form: dict, today: date) -> Draft:
    """Validate the form of démarche ``kind``; raises :class:`RequestRefused` with a French message."""
    if kind == SEND_DOCUMENTS:
        return draft_documents(session, submitter.member_id, form)
    if kind == HOSPITAL:
        return draft_hospital(session, submitter.member_id, form, today=today)
    if kind == BANK_DETAILS:
        return draft_bank_details(session, submitter.account_id, form)
    if kind == BENEFICIARIES:
        return draft_beneficiaries(session, submitter.member_id, form, today=today)
    if kind == QUESTION:
        return draft_question(form)
    raise RequestRefused("Démarche inconnue.")


# --- submission ---------------------------------------------------------------------------------------------


def submission_key(
    submitter: Submitter, request_type: str, form: dict, files: Sequence[uploads.CheckedFile]
) -> str:
    """Same page visit + same content = same key: a replay or a double click finds the first request."""
    visible = {k: str(v) for k, v in sorted(form.items()) if k != "password"}
    material = json.dumps(
        [submitter.member_id, submitter.nonce, request_type, visible, [f.sha256 for f in files]],
        ensure_ascii=False,
    )
    return hashlib.sha256(material.encode()).hexdigest()


def _member_email(session: Session, member_id: int, account_id: int) -> str | None:
    member = session.get(Member, member_id)
    account = session.get(Account, account_id)
    return (member.email if member else None) or (account.email if account else None)


def submit(
    session: Session,
    *,
    kind: str,
    submitter: Submitter,
    form: dict,
    files: Sequence[uploads.IncomingFile] = (),
    today: date,
) -> Submitted:
    """Validate everything, then store one request with its files; a replay returns the existing one."""
    drafted = draft(session, kind=kind, submitter=submitter, form=form, today=today)
    checked = uploads.check_files(files, required=drafted.files_required)
    key = submission_key(submitter, drafted.request_type, form, checked)
    existing = session.scalar(select(Request).where(Request.submission_key == key))
    if existing is not None:
        if existing.member_id != submitter.member_id:
            raise AccessDenied("Demande refusée.")
        return Submitted(existing.id, existing.subject, created=False)
    request = Request(
        member_id=submitter.member_id,
        author_account_id=submitter.account_id,
        request_type=drafted.request_type,
        subject=drafted.subject,
        payload=drafted.payload,
        routed_service=SERVICES[drafted.request_type],
        submission_key=key,
    )
    session.add(request)
    session.flush()
    _attach(session, request.id, checked)
    audit.record(
        session,
        event_type=AUDIT_TYPES[drafted.request_type],
        action=drafted.subject,
        account_id=submitter.account_id,
        member_id=submitter.member_id,
        interface=submitter.interface,
        ip_address=submitter.ip_address,
    )
    email = _member_email(session, submitter.member_id, submitter.account_id)
    return Submitted(request.id, request.subject, created=True, email=email)


def _attach(session: Session, request_id: int, checked: Sequence[uploads.CheckedFile]) -> None:
    stored: list[str] = []
    try:
        for item in checked:
            saved = uploads.store(item)
            stored.append(saved.storage_key)
            session.add(
                RequestAttachment(
                    request_id=request_id,
                    original_name=saved.original_name,
                    storage_key=saved.storage_key,
                    content_type=saved.content_type,
                    size_bytes=saved.size_bytes,
                    sha256=saved.sha256,
                )
            )
        session.flush()
    except Exception:
        uploads.delete_stored(stored)
        raise


def send_confirmation(submitted: Submitted) -> None:
    """The e-mail confirming a new démarche (after the transaction committed); a mail failure is logged."""
    if not submitted.created or not submitted.email:
        return
    text = (
        "Bonjour,\n\n"
        f"Nous avons bien reçu votre démarche « {submitted.subject} » "
        f"(n° {submitted.request_id}), envoyée depuis votre Espace Santé Assuré.\n"
        "Vous suivrez son traitement et nos réponses dans MES DÉMARCHES > Mes dernières démarches."
    )
    try:
        send_mail(to=submitted.email, subject="OCSO : votre démarche est bien envoyée", text=text)
    except OSError:
        log.warning("confirmation mail of request %s not sent", submitted.request_id)


# --- follow-up ------------------------------------------------------------------------------------------


def attachment_url(request_id: int, attachment_id: int) -> str:
    return f"/api/assure/demarches/{request_id}/pieces/{attachment_id}"


def _view(request: Request) -> RequestView:
    return RequestView(
        id=request.id,
        date_label=format_date(paris_date(request.created_at), "d MMM", locale="fr_FR").upper(),
        type_label=TYPE_LABELS.get(request.request_type, "Démarche"),
        subject=request.subject,
        status=request.status.value,
        status_label=STATUS_LABELS[request.status],
        answers=[m.body for m in request.messages if m.from_ocso],
        attachments=[
            AttachmentView(a.id, a.original_name, attachment_url(request.id, a.id))
            for a in request.attachments
        ],
    )


def latest_requests(session: Session, *, member_id: int, limit: int = 8) -> list[RequestView]:
    """The member's last démarches, newest first, with status and OCSO's answers."""
    rows = session.scalars(
        select(Request)
        .where(Request.member_id == member_id)
        .options(selectinload(Request.messages), selectinload(Request.attachments))
        .order_by(Request.created_at.desc(), Request.id.desc())
        .limit(limit)
    )
    return [_view(r) for r in rows]


def apply_bank_details_change(
    session: Session, *, request_id: int, staff_account_id: int | None = None
) -> str:
    """OCSO applies a RIB change: the member's IBAN/BIC are replaced, the request is treated and answered.
    Returns the masked IBAN now on file."""
    request = session.get(Request, request_id)
    if (
        request is None
        or request.request_type != BANK_DETAILS
        or request.member_id is None
        or request.status in (RequestStatus.DONE, RequestStatus.REFUSED)
    ):
        raise RequestRefused(NOT_BANK_REQUEST)
    member = session.get(Member, request.member_id)
    iban = decrypt_field(request.payload["iban_enc"])
    member.iban_enc = encrypt_field(iban)
    member.bic = request.payload["bic"]
    request.status = RequestStatus.DONE
    session.add(
        RequestMessage(
            request_id=request.id,
            from_ocso=True,
            author_account_id=staff_account_id,
            body="Vos nouvelles coordonnées bancaires sont enregistrées ; elles s'appliquent à vos prochains "
            "remboursements.",
        )
    )
    audit.record(
        session,
        event_type="Coordonnées bancaires",
        action="Nouvelles coordonnées bancaires enregistrées par OCSO",
        account_id=staff_account_id,
        member_id=member.id,
    )
    return mask_iban(iban)
