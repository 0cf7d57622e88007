"""The décompte of one payment of indemnités journalières, as PDF (reportlab, the shared look of
``pdf_drawing``): OCSO header, company, employee, leave reference, contract, period, days, daily amount,
gross, charges, net and payment date, with the same strings as the page.

The allowance is looked up within the caller's structures in the same query: another company's payment is
simply not found (``None``), exactly like a missing one. Each download writes an audit row.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Company, Contract, ContractKind, DailyAllowance, Employee, SickLeave
from ocso_app.services import audit
from ocso_app.services.formats import format_long_date
from ocso_app.services.pdf_drawing import Styles, facts_table, paragraph_styles, plain, render_pdf
from ocso_app.services.sick_leaves import PaymentRow, days_label, employee_name, leave_dates, payment_row

TITLE = "Décompte d'indemnités journalières"
DOWNLOAD = "Téléchargement"
NOTE = (
    "Charges sociales : CSG et CRDS précomptées sur les indemnités journalières complémentaires. "
    "Ce décompte ne comporte aucune information médicale."
)


@dataclass(frozen=True)
class AllowanceDocument:
    """Everything the décompte shows, display-ready."""

    company_id: int
    company: str
    company_address: str
    client_number: str
    employee: str
    leave_reference: str
    leave_dates: str
    waiting_days: str
    contract: str
    insurer: str
    payment: PaymentRow
    paid_on_long: str


def allowance_document(
    session: Session, *, structure_ids: Sequence[int], allowance_id: int
) -> AllowanceDocument | None:
    """The décompte of one payment of the caller's structures (one query), or ``None``."""
    row = session.execute(
        select(DailyAllowance, SickLeave, Employee, Contract, Company)
        .join(SickLeave, SickLeave.id == DailyAllowance.sick_leave_id)
        .join(Employee, Employee.id == SickLeave.employee_id)
        .join(Contract, Contract.id == SickLeave.contract_id)
        .join(Company, Company.id == SickLeave.company_id)
        .where(
            DailyAllowance.id == allowance_id,
            SickLeave.company_id.in_(structure_ids),
            Employee.company_id.in_(structure_ids),
            Contract.kind == ContractKind.PREVOYANCE,
        )
    ).first()
    if row is None:
        return None
    allowance, leave, employee, contract, company = row
    return AllowanceDocument(
        company_id=company.id,
        company=company.name,
        company_address=company.postal_address,
        client_number=company.client_number,
        employee=employee_name(employee.last_name, employee.first_name),
        leave_reference=leave.reference,
        leave_dates=leave_dates(leave.start_date, leave.end_date),
        waiting_days=days_label(leave.waiting_days),
        contract=f"{contract.number} – {contract.label}",
        insurer=contract.insurer,
        payment=payment_row(allowance),
        paid_on_long=format_long_date(allowance.paid_on),
    )


def _story(document: AllowanceDocument, styles: Styles) -> list[Flowable]:
    payment = document.payment
    return [
        Paragraph(f"OCSO – {TITLE}", styles["title"]),
        Paragraph(
            f"<b>{plain(document.company)}</b> – Numéro client {plain(document.client_number)}"
            f"<br/>{plain(document.company_address)}",
            styles["normal"],
        ),
        Spacer(1, 4 * mm),
        Paragraph(
            f"Décompte n° {payment.number} – payé le {document.paid_on_long} : <b>{payment.net}</b> net",
            styles["normal"],
        ),
        Spacer(1, 4 * mm),
        facts_table(
            [
                ("Salarié", document.employee),
                ("Arrêt de travail", document.leave_reference),
                ("Dates de l'arrêt", document.leave_dates),
                ("Jours de carence", document.waiting_days),
                ("Contrat", document.contract),
                ("Assureur", document.insurer),
            ],
            widths=(45 * mm, 135 * mm),
            align="LEFT",
        ),
        Spacer(1, 4 * mm),
        facts_table(
            [
                ("Période indemnisée", payment.period),
                ("Nombre de jours", payment.days),
                ("Indemnité journalière", payment.daily_amount),
                ("Montant brut", payment.gross),
                ("Charges sociales", payment.charges),
                ("Date de paiement", payment.paid_on),
                ("Montant net versé", payment.net),
            ],
            widths=(90 * mm, 90 * mm),
            bold_last=True,
        ),
        Spacer(1, 6 * mm),
        Paragraph(NOTE, styles["normal"]),
    ]


def render_allowance_pdf(document: AllowanceDocument) -> bytes:
    """The décompte as one A4 page."""
    return render_pdf(_story(document, paragraph_styles()), title=f"{TITLE} OCSO")


def allowance_pdf(
    session: Session, *, actor: audit.Actor, structure_ids: Sequence[int], allowance_id: int
) -> bytes | None:
    """The décompte of one payment of the caller's structures, the download audited (on the payment's
    company); ``None`` when it is not theirs (or absent)."""
    document = allowance_document(session, structure_ids=structure_ids, allowance_id=allowance_id)
    if document is None:
        return None
    content = render_allowance_pdf(document)
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=document.company_id),
        event_type=DOWNLOAD,
        action=f"Téléchargement du décompte d'indemnités journalières n° {document.payment.number}",
    )
    return content
