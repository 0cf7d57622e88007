"""OCSO publishes a document: to a member (courrier, simulation de remboursement, prescription, descriptif
des garanties, aide), into their Mes documents, unread (the red badge) until they open it; to a company
(courrier, garanties, bulletin d'adhésion, aide, autre), into its employers' Documents page; or to every
employer at once (guide RH, guide salarié(e), tutoriel: ``employer_guides``), until OCSO withdraws it.

The file passes the checks of every upload (``uploads.check_file``: size, real type read from the bytes, a
PDF opened by pypdf within its budgets) and must be a PDF; it is stored privately. Each publication is
audited with who published it (a staff member, or ``account_id`` ``None`` for the command line). The e-mails
(:func:`notify_member`, :func:`notify_company`, :func:`notify_employers`) are written to the outbox of the
publication's transaction: they leave after the commit, retried while the relay refuses them. Checking and
storing are blocking work: the staff page runs them through ``workers.run_blocking``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Company, Document, DocumentCategory, EmployerGuide, GuideKind
from ocso_app.models.base import utcnow
from ocso_app.services import audit, documents, employer_guides, employer_notices
from ocso_app.services.company_documents import COMPANY_CATEGORIES
from ocso_app.services.deposit_emails import Recipient
from ocso_app.services.documents import PUBLISHABLE, Published
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.errors import OcsoError
from ocso_app.services.typed_text import bad_character, has_control

EVENT_TYPE = "Publication"
UNKNOWN_COMPANY = "Aucune entreprise ne porte ce numéro client."
BAD_COMPANY_CATEGORY = "Catégorie inconnue : courrier, garanties, bulletin d'adhésion, aide ou autre."
TITLE_TOO_LONG = "Le titre ne doit pas dépasser 120 caractères."
BAD_GUIDE_KIND = "Type de document inconnu : guide RH, guide salarié(e) ou tutoriel."
GUIDE_NOT_FOUND = "Ce document n'est plus en ligne pour les employeurs."

MEMBER_CATEGORIES: dict[str, str] = {
    DocumentCategory.MAIL.value: "Courrier",
    DocumentCategory.SIMULATION.value: "Simulation de remboursement",
    DocumentCategory.PRESCRIPTION.value: "Prescription médicale",
    DocumentCategory.GUARANTEES.value: "Descriptif des garanties",
    DocumentCategory.HELP.value: "Aide",
}
assert set(MEMBER_CATEGORIES) == set(PUBLISHABLE)  # the two lists name the same sections
COMPANY_CATEGORY_CHOICES: dict[str, str] = {
    category.value: label for category, label in COMPANY_CATEGORIES.items()
}
GUIDE_KIND_CHOICES: dict[str, str] = {kind.value: label for kind, label in employer_guides.KINDS.items()}


@dataclass(frozen=True)
class PublishedToCompany:
    """A document published to a structure, and its employer users to tell (those who want it)."""

    document_id: int
    company_id: int
    company_name: str
    recipients: tuple[Recipient, ...]

    @property
    def emailed_to(self) -> tuple[str, ...]:
        """The addresses told."""
        return tuple(recipient.email for recipient in self.recipients)


def _title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise OcsoError(documents.MISSING_TITLE)
    if len(cleaned) > 120:
        raise OcsoError(TITLE_TOO_LONG)
    if has_control(cleaned):  # a NUL: PostgreSQL refuses it in the document's row
        raise OcsoError(bad_character("Titre"))
    return cleaned


def publish_to_member(
    session: Session,
    *,
    actor: audit.Actor,
    member_number: str,
    category: str,
    title: str,
    content: bytes,
) -> Published:
    """Store ``content`` (a PDF, checked as every upload) as ``member_number``'s new unread document and
    audit it; raises :class:`OcsoError` (French message) with nothing stored."""
    published = documents.publish_document(
        session, member_number=member_number, category=category, title=_title(title), pdf_bytes=content
    )
    audit.record_by(
        session,
        dataclasses.replace(actor, member_id=published.member_id),
        event_type=EVENT_TYPE,
        action=f"Publication par OCSO du document « {_title(title)} » ({MEMBER_CATEGORIES[category]})",
    )
    return published


def notify_member(session: Session, published: Published, title: str) -> bool:
    """The e-mail announcing the member's new document, in the outbox of the publication's transaction."""
    return documents.notify_published(session, published, _title(title))


def publish_to_company(
    session: Session,
    *,
    actor: audit.Actor,
    client_number: str,
    category: str,
    title: str,
    content: bytes,
) -> PublishedToCompany:
    """Store ``content`` (a PDF, checked as every upload) as a document of the structure ``client_number``
    for its employers' Documents page, and audit it; raises :class:`OcsoError` with nothing stored."""
    number = client_number.strip()
    company = (
        None
        if has_control(number)
        else session.scalar(select(Company).where(Company.client_number == number))
    )
    if company is None:
        raise OcsoError(UNKNOWN_COMPANY)
    if category not in COMPANY_CATEGORY_CHOICES:
        raise OcsoError(BAD_COMPANY_CATEGORY)
    cleaned = _title(title)
    document = documents.store_pdf(
        session,
        pdf_bytes=content,
        document=Document(
            company_id=company.id, member_id=None, category=DocumentCategory(category), title=cleaned
        ),
    )
    audit.record_by(
        session,
        dataclasses.replace(actor, member_id=None, company_id=company.id),
        event_type=EVENT_TYPE,
        action=f"Publication par OCSO du document « {cleaned} » ({COMPANY_CATEGORY_CHOICES[category]})",
    )
    told = employer_notices.recipients(
        session, company_ids=[company.id], action=EmployerAction.VIEW_STRUCTURE
    )
    return PublishedToCompany(document.id, company.id, company.name, told.get(company.id, ()))


def notify_company(session: Session, published: PublishedToCompany, title: str) -> int:
    """The e-mails announcing a structure's new document to its employer users, in the outbox of the
    publication's transaction (they leave after the commit); how many."""
    text = (
        "Bonjour,\n\n"
        f"Un nouveau document est disponible pour {published.company_name} dans votre Espace Employeur : "
        f"« {_title(title)} ».\nRetrouvez-le dans la rubrique Documents."
    )
    for recipient in published.recipients:
        subject = "OCSO : un nouveau document pour votre entreprise"
        employer_notices.send_deposit_mail(session, recipient, subject=subject, text=text)
    return len(published.recipients)


def publish_to_employers(
    session: Session, *, actor: audit.Actor, kind: str, title: str, content: bytes
) -> int:
    """Store ``content`` (a PDF, checked as every upload) as a guide RH, guide salarié(e) or tutoriel that
    every employer's Documents page lists, and audit it; its id. Raises :class:`OcsoError` (French message)
    with nothing stored nor written."""
    if kind not in GUIDE_KIND_CHOICES:
        raise OcsoError(BAD_GUIDE_KIND)
    cleaned = _title(title)
    guide = documents.store_pdf(
        session, pdf_bytes=content, document=EmployerGuide(kind=GuideKind(kind), title=cleaned)
    )
    audit.record_by(
        session,
        dataclasses.replace(actor, member_id=None, company_id=None),
        event_type=EVENT_TYPE,
        action=f"Publication par OCSO à tous les employeurs du document « {cleaned} » "
        f"({GUIDE_KIND_CHOICES[kind]})",
    )
    return guide.id


def notify_employers(session: Session, *, kind: str, title: str) -> int:
    """The e-mails announcing a guide published to every employer, once to each employer user who sees a
    structure's Documents and did not turn OCSO's deposit e-mails off, in the outbox of the publication's
    transaction; how many."""
    told = employer_notices.everyone(session, action=EmployerAction.VIEW_STRUCTURE)
    text = (
        "Bonjour,\n\n"
        f"OCSO met à la disposition de tous ses clients employeurs un nouveau document, « {_title(title)} » "
        f"({GUIDE_KIND_CHOICES[kind]}).\nRetrouvez-le dans votre Espace Employeur, rubrique Documents, "
        "« Guides et tutoriels »."
    )
    for recipient in told:
        subject = "OCSO : un nouveau guide dans votre Espace Employeur"
        employer_notices.send_deposit_mail(
            session, recipient, subject=subject, text=text, names_structures=False
        )
    return len(told)


def withdraw_employer_guide(session: Session, *, actor: audit.Actor, guide_id: int) -> str:
    """Withdraw a guide from every employer's Documents page (its route then answers 404), audited; its
    title. Raises :class:`OcsoError` for a guide unknown or already withdrawn, nothing written."""
    guide = employer_guides.in_force(session, guide_id)
    if guide is None:
        raise OcsoError(GUIDE_NOT_FOUND)
    guide.withdrawn_at = utcnow()
    audit.record_by(
        session,
        dataclasses.replace(actor, member_id=None, company_id=None),
        event_type="Retrait",
        action=f"Retrait par OCSO du document « {guide.title} » ({employer_guides.KINDS[guide.kind]}), "
        "publié pour tous les employeurs",
    )
    return guide.title
