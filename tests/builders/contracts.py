"""A company's contracts for the Entreprise and Documents tests: a santé or prévoyance contract with the
catalog's options and guarantee tables, its documents in private storage, its bordereaux, documents
published to the company, and the guides published to every employer."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from ocso_app.models import (
    Company,
    Contract,
    ContractDocument,
    ContractKind,
    ContributionStatement,
    Document,
    DocumentCategory,
    EmployerGuide,
    GuideKind,
)
from ocso_app.models.base import utcnow
from ocso_app.services import uploads
from ocso_app.services.contract_plans import add_catalog_options
from tests.builders._unique import unused
from tests.builders.files import make_pdf

INSURER = "Atlantique Prévoyance"


def make_contract(
    session: Session,
    *,
    company: Company,
    kind: ContractKind = ContractKind.SANTE,
    signed: bool = True,
    start: date = date(2022, 1, 1),
    end: date | None = None,
    share: Decimal = Decimal(50),
    label: str | None = None,
    category: str = "Cadres",
) -> Contract:
    """A contract of ``company`` for the staff ``category`` with the catalog's options (santé: Essentielle
    and Confort; prévoyance: one base plan) and their guarantee tables; ``signed=False`` leaves ``signed_on``
    empty."""
    prefix = "S" if kind == ContractKind.SANTE else "P"
    contract = Contract(
        company_id=company.id,
        kind=kind,
        number=unused(session, Contract.number, lambda n: f"{prefix}8{n:09d}"),
        label=label or ("Frais de santé – Cadres" if kind == ContractKind.SANTE else "Prévoyance – Cadres"),
        insurer=INSURER,
        personnel_category=category,
        start_date=start,
        end_date=end,
        signed_on=date(start.year - 1, 12, 10) if signed else None,
        employer_share_percent=share,
    )
    session.add(contract)
    session.flush()
    add_catalog_options(session, contract_id=contract.id, kind=kind)
    return contract


def make_contract_document(
    session: Session, *, contract: Contract, title: str = "Notice d'information", text: str | None = None
) -> ContractDocument:
    """A PDF showing ``text`` (the title by default) attached to ``contract``, kept in private storage."""
    stored = uploads.store(uploads.check_file(uploads.IncomingFile(f"{title}.pdf", make_pdf(text or title))))
    document = ContractDocument(
        contract_id=contract.id,
        title=title,
        storage_key=stored.storage_key,
        sha256=stored.sha256,
        published_at=utcnow(),
    )
    session.add(document)
    session.flush()
    return document


def make_contribution(
    session: Session,
    *,
    contract: Contract,
    period_start: date,
    period_end: date,
    due: Decimal,
    paid: Decimal,
    due_on: date,
    headcount: int = 12,
) -> ContributionStatement:
    """A bordereau of ``contract`` for one period."""
    statement = ContributionStatement(
        company_id=contract.company_id,
        contract_id=contract.id,
        reference=unused(session, ContributionStatement.reference, lambda n: f"B8{n:09d}"),
        period_start=period_start,
        period_end=period_end,
        headcount=headcount,
        amount_due=due,
        amount_paid=paid,
        due_on=due_on,
        status="payee" if paid >= due else "a_payer",
    )
    session.add(statement)
    session.flush()
    return statement


def _published_pdf(title: str, published_at: datetime | None) -> dict[str, object]:
    """The columns of a published PDF showing ``title``, stored privately."""
    stored = uploads.store(uploads.check_file(uploads.IncomingFile("document.pdf", make_pdf(title))))
    return {
        "title": title,
        "storage_key": stored.storage_key,
        "content_type": stored.content_type,
        "size_bytes": stored.size_bytes,
        "sha256": stored.sha256,
        "published_at": published_at or utcnow(),
    }


def make_company_document(
    session: Session,
    *,
    company: Company,
    title: str = "Courrier de renouvellement",
    category: DocumentCategory = DocumentCategory.MAIL,
    member_id: int | None = None,
    published_at: datetime | None = None,
) -> Document:
    """A PDF published to ``company`` (with ``member_id``: one of its employees' own documents)."""
    document = Document(
        company_id=company.id, member_id=member_id, category=category, **_published_pdf(title, published_at)
    )
    session.add(document)
    session.flush()
    return document


def make_employer_guide(
    session: Session,
    *,
    title: str = "Guide RH",
    kind: GuideKind = GuideKind.HR_GUIDE,
    withdrawn: bool = False,
    published_at: datetime | None = None,
) -> EmployerGuide:
    """A PDF published to every employer (withdrawn since, with ``withdrawn``)."""
    guide = EmployerGuide(
        kind=kind, withdrawn_at=utcnow() if withdrawn else None, **_published_pdf(title, published_at)
    )
    session.add(guide)
    session.flush()
    return guide
