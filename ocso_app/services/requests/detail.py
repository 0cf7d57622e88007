"""A démarche's détail page in the Espace OCSO: the sender, when it was sent and how long ago, where it is
routed, its status and assignee, the form's content (labelled; the new IBAN in full only while it is open;
the employee an employer's démarche names, identified in the company's file when HR picked them), the
thread (OCSO's answers and the sender's replies, each with its author, time and files) and the files behind
the staff route, whether a reply waits (« Réponse reçue »), and the statuses it may go to. Found on the
caller's desks only (``desk.find``); reading it writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.models import Account, Company, Member, Request, RequestMessage
from ocso_app.services import working_days
from ocso_app.services.crypto import decrypt_field
from ocso_app.services.formats import format_paris_datetime, format_phone, format_short_date, paris_date
from ocso_app.services.requests import named, sick_leave_changes
from ocso_app.services.requests.desk import MOVES, find, sender_email
from ocso_app.services.requests.employer_details import ADDRESS_TOPIC, EMPLOYEE_ADDRESS_TOPIC, PHONE_TOPIC
from ocso_app.services.requests.follow_up import AttachmentView, files_by_message
from ocso_app.services.requests.labels import (
    COMPANY_DETAILS,
    OPEN_STATUSES,
    SERVICE_LABELS,
    SICK_LEAVE,
    STATUS_LABELS,
    TYPE_LABELS,
)
from ocso_app.services.requests.queue import desk_of, person_label, sender_label
from ocso_app.services.staff_access import DESK_LABELS, StaffCaller

# what the form's fields are called on the détail page (the encrypted ones are shown by ``_details``)
FIELD_LABELS = {
    "document_type": "Type de document",
    "beneficiary": "Bénéficiaire",
    "establishment": "Établissement",
    "finess": "N° FINESS",
    "fax": "Fax de l'établissement",
    "establishment_email": "E-mail de l'établissement",
    "admission_date": "Date d'admission",
    "stay_type": "Type de séjour",
    "dmt": "Code discipline (DMT)",
    "bic": "Nouveau BIC",
    "action": "Demande",
    "first_name": "Prénom",
    "last_name": "Nom",
    "birth_date": "Date de naissance",
    "rank": "Rang",
    "quality": "Qualité",
    "topic": "Objet",
    "employee": "Salarié concerné",
    "question": "Question",
    "message": "Message",
    "comment": "Message",
}
IDENTIFIED = "Salarié identifié"
LATEST_LEAVE = "Dernier arrêt enregistré"
KNOWN_ADDRESS = "Adresse de la fiche"
NOT_IDENTIFIED = "non : nom saisi par l'entreprise, à rechercher dans son fichier"
ACTIONS = {"ajout": "Ajout d'un bénéficiaire", "retrait": "Retrait d'un bénéficiaire"}


@dataclass(frozen=True)
class Line:
    label: str
    value: str


@dataclass(frozen=True)
class MessageLine:
    author: str
    date: str
    body: str
    from_ocso: bool
    attachments: list[AttachmentView] = field(default_factory=list)  # a reply's files


@dataclass(frozen=True)
class RequestFile:
    """A démarche as the détail page shows it."""

    id: int
    kind: str
    request_type: str
    subject: str
    desk: str
    service: str
    status: str
    status_label: str
    sent: str
    age: str
    late: bool
    sender: str
    sender_email: str
    assignee: str
    mine: bool
    is_open: bool
    replied: bool  # the sender replied and OCSO has not answered since
    details: list[Line] = field(default_factory=list)
    messages: list[MessageLine] = field(default_factory=list)
    attachments: list[AttachmentView] = field(default_factory=list)
    moves: list[tuple[str, str]] = field(default_factory=list)  # (status, label) it may go to


def staff_attachment_url(request_id: int, attachment_id: int) -> str:
    """The staff route streaming one attachment (``api/staff_requests.py``)."""
    return routes.API_STAFF_ATTACHMENT.url(request_id=request_id, attachment_id=attachment_id)


def _date_text(value: str) -> str:
    try:
        return format_short_date(date.fromisoformat(value))
    except ValueError:
        return value


def _identified(session: Session, request: Request, today: date) -> list[Line]:
    """Who « Salarié concerné » (the line above it) is in the company's file: the employee picked (their
    fiche, their numéro d'adhérent once affiliated, their birth date), or a name typed by hand (and every
    démarche sent before the picker existed), which the agent still has to look for. On an arrêt de travail
    démarche, the employee's latest arrêt (the one a reprise or a prolongation changes); on a new address,
    the address their fiche holds."""
    employee = named.employee_named(session, request)
    if employee is None:
        return [Line(IDENTIFIED, NOT_IDENTIFIED)]
    member = session.get(Member, employee.member_id) if employee.member_id else None
    parts = [
        f"fiche salarié n° {employee.id}",
        *([f"adhérent n° {member.member_number}"] if member else []),
        f"né(e) le {format_short_date(employee.birth_date)}",
    ]
    lines = [Line(IDENTIFIED, " · ".join(parts))]
    if request.request_type == SICK_LEAVE:
        latest = sick_leave_changes.latest_leave_line(session, employee, employee.company_id, today)
        lines.append(Line(LATEST_LEAVE, latest))
    elif request.payload.get("topic") == EMPLOYEE_ADDRESS_TOPIC:
        town = " ".join(x for x in (employee.postal_code, employee.city) if x)
        known = ", ".join(x for x in (employee.address_line, town) if x)
        lines.append(Line(KNOWN_ADDRESS, known or "non renseignée"))
    return lines


def _details(session: Session, request: Request, company: Company | None, today: date) -> list[Line]:
    """The form's content, labelled; the new IBAN in full while the démarche is open (the staff compares
    it with the RIB), masked once closed; a NIR only said to be given; the employee concerned followed by
    who they are in the company's file; a company's new address or number followed by the one on file."""
    lines = []
    for key, value in request.payload.items():
        if key == "employee":
            lines += [Line(FIELD_LABELS[key], str(value)), *_identified(session, request, today)]
        elif key == "iban_enc" and request.status not in OPEN_STATUSES:
            lines.append(Line("Nouvel IBAN", str(request.payload.get("iban_masked", ""))))
        elif key == "iban_enc":
            iban = decrypt_field(str(value))
            lines.append(Line("Nouvel IBAN", " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))))
        elif key == "nir_enc":
            lines.append(Line("N° de Sécurité sociale", "renseigné" if value else "non renseigné"))
        elif key == "action":
            lines.append(Line(FIELD_LABELS[key], ACTIONS.get(str(value), str(value))))
        elif key in FIELD_LABELS and value not in (None, ""):
            text = str(value)
            lines.append(Line(FIELD_LABELS[key], _date_text(text) if key.endswith("_date") else text))
    if company is not None and request.request_type == COMPANY_DETAILS:
        lines += _on_file(company, str(request.payload.get("topic", "")))
    return lines


def _on_file(company: Company, topic: str) -> list[Line]:
    """The company's coordinate a « Coordonnées de l'entreprise » démarche changes, as the file holds it."""
    if topic == ADDRESS_TOPIC:
        return [Line("Adresse enregistrée", company.postal_address)]
    if topic == PHONE_TOPIC:
        return [Line("Téléphone enregistré", format_phone(company.phone) or "non renseigné")]
    return []


def _author(message: RequestMessage, author: Account | None, sender: str) -> str:
    """« OCSO — Paul MARTIN » for an answer; the sender's reply: its user's name, else the sender's."""
    if message.from_ocso:
        return f"OCSO — {person_label(author)}" if author else "OCSO"
    who = person_label(author) if author is not None and author.last_name else sender
    return f"Réponse de l'expéditeur — {who}"


def _messages(
    session: Session, request: Request, files: dict[int | None, list[AttachmentView]], sender: str
) -> list[MessageLine]:
    lines = []
    for message in request.messages:
        author = session.get(Account, message.author_account_id) if message.author_account_id else None
        lines.append(
            MessageLine(
                _author(message, author, sender),
                format_paris_datetime(message.created_at)[:16],
                message.body,
                message.from_ocso,
                files.get(message.id, []),
            )
        )
    return lines


def open_request(
    session: Session, *, caller: StaffCaller, request_id: int | None, now: datetime
) -> RequestFile:
    """The détail of one démarche of the caller's desks."""
    request = find(session, caller=caller, request_id=request_id)
    member = session.get(Member, request.member_id) if request.member_id else None
    company = session.get(Company, request.company_id) if request.company_id else None
    assignee = session.get(Account, request.assignee_account_id) if request.assignee_account_id else None
    is_open = request.status in OPEN_STATUSES
    age = working_days.elapsed(request.created_at, now)
    sender = sender_label(member, company)
    files = files_by_message(request, staff_attachment_url)
    return RequestFile(
        id=request.id,
        kind=TYPE_LABELS.get(request.request_type, "Démarche"),
        request_type=request.request_type,
        subject=request.subject,
        desk=DESK_LABELS[desk_of(request)],
        service=SERVICE_LABELS.get(request.routed_service, request.routed_service),
        status=request.status.value,
        status_label=STATUS_LABELS[request.status],
        sent=format_paris_datetime(request.created_at)[:16],
        age=working_days.age_label(age) if is_open else "",
        late=is_open and working_days.is_late(age),
        sender=sender,
        sender_email=sender_email(session, request) or "",
        assignee=person_label(assignee),
        mine=request.assignee_account_id == caller.account_id,
        is_open=is_open,
        replied=is_open and request.sender_replied_at is not None,
        details=_details(session, request, company, paris_date(now)),
        messages=_messages(session, request, files, sender),
        attachments=files.get(None, []),
        moves=[(s.value, STATUS_LABELS[s]) for s in MOVES[request.status]],
    )
