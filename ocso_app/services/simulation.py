"""Simulation de remboursement: the member types a quote (beneficiary, act, amount, Sécurité sociale base,
100 % Santé or not) and gets the Sécurité sociale's part, OCSO's part and the reste à charge from their own
guarantee table and the forfaits left this year, explained as a décompte line is; they may keep it as a PDF
in Mes documents (« Vos devis et simulations de remboursement »).

What the browser sends is checked here (French messages, nothing written); ``member_id`` comes from the guard.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Beneficiary, DocumentCategory, Member
from ocso_app.models.base import utcnow
from ocso_app.services import audit, documents, forfaits, requests, uploads
from ocso_app.services.care_catalog import CARE_ACTS, CARE_CATEGORIES, HUNDRED_PERCENT_SANTE, money
from ocso_app.services.errors import OcsoError
from ocso_app.services.explanations import Care, explain
from ocso_app.services.formats import format_money, format_person_name, format_short_date
from ocso_app.services.ids import parse_id, parse_whole
from ocso_app.services.pdf_drawing import facts_table, paragraph_styles, plain, render_pdf
from ocso_app.services.pricing import LineAmounts, price_care
from ocso_app.services.requests import DocumentsForm, Submitted, Submitter
from ocso_app.services.statement_pdf import explanation_paragraphs

BAD_BENEFICIARY = "Choisissez un bénéficiaire de votre contrat."
BAD_ACT = "Choisissez l'acte de votre devis."
BAD_AMOUNT = "Indiquez le montant du devis en euros, par exemple 180,00."
BAD_BASE = (
    "Indiquez la base de remboursement de la Sécurité sociale en euros (0 si l'acte n'est pas remboursé)."
)
BASE_ABOVE_AMOUNT = "La base de remboursement ne peut pas dépasser le montant du devis."
NOT_HUNDRED_PERCENT = "Le 100 % Santé ne concerne que l'optique, le dentaire et les aides auditives."
NO_PLAN = (
    "Votre contrat ne permet pas encore de simulation en ligne : posez votre question dans Mes démarches."
)
NO_QUOTE_FILE = "Joignez votre devis (PDF, JPEG ou PNG) : la simulation l'accompagne."
MAX_AMOUNT = Decimal("100000.00")
_AMOUNT = re.compile(r"\d{1,6}([.,]\d{1,2})?")
KEEP = "Simulation de remboursement"
QUOTE = "Devis"  # the document type of « Envoi de document »


class SimulationRefused(OcsoError):
    """The quote cannot be simulated as typed."""


def act_options() -> list[tuple[str, str]]:
    """Every act of the catalog as (value, « Nature – acte »), for the form's select."""
    return [(str(i), f"{CARE_CATEGORIES[act.category]} – {act.label}") for i, act in enumerate(CARE_ACTS)]


def parse_amount(text: object, error: str) -> Decimal:
    """An amount in euros typed the French way (``1 234,50``, ``180 €``); ``error`` otherwise."""
    cleaned = re.sub(r"[\s\u00a0\u202f€]", "", str(text or ""))
    if not _AMOUNT.fullmatch(cleaned):
        raise SimulationRefused(error)
    amount = money(cleaned.replace(",", "."))
    if amount > MAX_AMOUNT:
        raise SimulationRefused(error)
    return amount


@dataclass(frozen=True)
class Quote:
    """A checked quote."""

    beneficiary_id: int
    beneficiary: str
    act_index: int
    amount: Decimal
    ss_base: Decimal
    hundred_percent_sante: bool


def parse_quote(session: Session, *, member_id: int, form: dict[str, object]) -> Quote:
    """Check the form: a beneficiary of this member, a catalog act, amounts, 100 % Santé where it exists."""
    wanted = parse_id(str(form.get("beneficiaire", "")).strip())
    row = None
    if wanted is not None:
        row = session.execute(
            select(Beneficiary.id, Beneficiary.first_name, Beneficiary.last_name).where(
                Beneficiary.id == wanted, Beneficiary.member_id == member_id
            )
        ).first()
    if row is None:
        raise SimulationRefused(BAD_BENEFICIARY)
    act_index = parse_whole(str(form.get("acte", "")).strip(), low=0, high=len(CARE_ACTS) - 1)
    if act_index is None:  # the catalog's first act is 0 (« Consultation médecin généraliste »)
        raise SimulationRefused(BAD_ACT)
    amount = parse_amount(form.get("montant"), BAD_AMOUNT)
    if not amount:
        raise SimulationRefused(BAD_AMOUNT)
    base = parse_amount(form.get("base"), BAD_BASE)
    if base > amount:
        raise SimulationRefused(BASE_ABOVE_AMOUNT)
    sante = str(form.get("cent_pour_cent", "")).lower() in ("on", "true", "1", "oui")
    if sante and CARE_ACTS[act_index].category not in HUNDRED_PERCENT_SANTE:
        raise SimulationRefused(NOT_HUNDRED_PERCENT)
    name = f"{row.first_name.upper()} {row.last_name.upper()}"
    return Quote(row.id, name, act_index, amount, base, sante)


@dataclass(frozen=True)
class Simulation:
    """The estimate of a quote: amounts (``Decimal``), the explanation, and the forfait left before it."""

    quote: Quote
    act: str
    category: str
    amounts: LineAmounts
    steps: list[str]
    forfait_left: Decimal | None
    made_on: date

    def display(self) -> dict[str, str]:
        """The strings the page and the PDF show."""
        return {
            "beneficiary": self.quote.beneficiary,
            "act": self.act,
            "category": self.category,
            "spent": format_money(self.amounts.amount_spent),
            "base": format_money(self.amounts.ss_base),
            "social_security": format_money(self.amounts.ss_reimbursed),
            "complementary": format_money(self.amounts.complementary_reimbursed),
            "remaining": format_money(self.amounts.remaining_charge),
            "sante": "oui" if self.quote.hundred_percent_sante else "non",
            "made_on": format_short_date(self.made_on),
        }


def simulate(session: Session, *, member_id: int, form: dict[str, object], today: date) -> Simulation:
    """The estimate of the typed quote under the member's plan and the forfaits left this year."""
    quote = parse_quote(session, member_id=member_id, form=form)
    plan = forfaits.member_plan(session, member_id=member_id)
    if plan is None:
        raise SimulationRefused(NO_PLAN)
    act = CARE_ACTS[quote.act_index]
    rule = plan.rule_for(act.category)
    left = None
    if rule.yearly_amount is not None:
        uses = forfaits.forfaits_left(session, member_id=member_id, today=today)
        left = forfaits.forfait_left(uses, category=act.category, beneficiary_id=quote.beneficiary_id)
    amounts = price_care(
        act.category,
        ss_rate=act.ss_rate if quote.ss_base else 0,
        base=quote.ss_base,
        spent=quote.amount,
        quantity=1,
        rule=rule,
        forfait_left=left,
        hundred_percent_sante=quote.hundred_percent_sante,
    )
    care = Care.of_amounts(act.category, amounts)
    used = rule.yearly_amount - left if rule.yearly_amount is not None and left is not None else None
    steps = explain(care, rule, used_before=used, hundred_percent_sante=quote.hundred_percent_sante)
    return Simulation(quote, act.label, CARE_CATEGORIES[act.category], amounts, steps, left, today)


def summary(simulation: Simulation) -> str:
    """The simulation in one sentence, for the message of the démarche that sends it with the quote."""
    shown = simulation.display()
    return (
        f"Simulation du {shown['made_on']} pour {shown['beneficiary']} : {shown['category']} – "
        f"{shown['act']}, devis {shown['spent']}, Sécurité sociale {shown['social_security']}, "
        f"OCSO {shown['complementary']}, reste à charge {shown['remaining']}."
    )


# --- the PDF kept in Mes documents


def send_with_quote(
    session: Session,
    *,
    submitter: Submitter,
    quote: dict[str, object],
    files: Sequence[uploads.IncomingFile],
    today: date,
) -> Submitted:
    """The quote's files and the simulation's PDF sent to OCSO as an « Envoi de document » of type « Devis »
    (Mes démarches), the simulation summed up in its message; nothing is written without a quote file."""
    if not files:
        raise uploads.UploadRejected(NO_QUOTE_FILE)
    result = simulate(session, member_id=submitter.member_id, form=quote, today=today)
    pdf = simulation_pdf(session, member_id=submitter.member_id, simulation=result)
    form = DocumentsForm(
        document_type=QUOTE, beneficiary=str(quote.get("beneficiaire", "")), message=summary(result)
    )
    attached = [*files, uploads.IncomingFile("simulation.pdf", pdf)]
    return requests.submit(session, submitter=submitter, form=form, files=attached, today=today)


def document_url(document_id: int) -> str:
    """Where the kept simulation is downloaded (the member documents' protected route)."""
    return documents.download_url(document_id)


def title_of(simulation: Simulation) -> str:
    """The document's title: « Simulation de remboursement – Monture – 03/12/2026 »."""
    shown = simulation.display()
    return f"{KEEP} – {simulation.act} – {shown['made_on']}"


def render_simulation_pdf(simulation: Simulation, *, member_name: str, member_number: str) -> bytes:
    """The simulation as a one-page PDF: the quote, the three parts, the explanation."""
    styles = paragraph_styles()
    shown = simulation.display()
    rows = [
        ["Bénéficiaire", shown["beneficiary"]],
        ["Acte", f"{shown['category']} – {shown['act']}"],
        ["Équipement 100 % Santé", shown["sante"]],
        ["Montant du devis", shown["spent"]],
        ["Base de remboursement Sécurité sociale", shown["base"]],
        ["Remboursement Sécurité sociale estimé", shown["social_security"]],
        ["Remboursement OCSO estimé", shown["complementary"]],
        ["Reste à charge estimé", shown["remaining"]],
    ]
    story = [
        Paragraph("OCSO – Simulation de remboursement", styles["title"]),
        Paragraph(f"<b>{plain(member_name)}</b> – Numéro d'adhérent {member_number}", styles["normal"]),
        Paragraph(f"Simulation du {shown['made_on']}", styles["normal"]),
        Spacer(1, 4 * mm),
        facts_table(rows, widths=(80 * mm, 90 * mm), bold_last=True),
        Spacer(1, 4 * mm),
        Paragraph("Comment ce montant est calculé", styles["heading"]),
        *explanation_paragraphs(simulation.steps, styles),
        Spacer(1, 4 * mm),
        Paragraph(
            "Estimation faite d'après votre contrat et vos forfaits restants au jour de la simulation ; le "
            "remboursement définitif dépend de la facture et des soins réellement payés.",
            styles["muted"],
        ),
    ]
    return render_pdf(story, title="Simulation de remboursement OCSO")


def simulation_pdf(session: Session, *, member_id: int, simulation: Simulation) -> bytes:
    """The simulation's PDF, with the member's name and number."""
    member = session.get(Member, member_id)
    if member is None:
        raise SimulationRefused(BAD_BENEFICIARY)
    name = format_person_name(member.first_name, member.last_name)
    return render_simulation_pdf(simulation, member_name=name, member_number=member.member_number)


def keep_simulation(session: Session, *, actor: audit.Actor, simulation: Simulation) -> int:
    """Store the simulation's PDF in the member's documents (already read: they made it), audited; returns
    the document's id. The caller commits."""
    if actor.member_id is None:
        raise SimulationRefused(BAD_BENEFICIARY)
    pdf = simulation_pdf(session, member_id=actor.member_id, simulation=simulation)
    title = title_of(simulation)
    document = documents.store_member_pdf(
        session,
        member_id=actor.member_id,
        category=DocumentCategory.SIMULATION,
        title=title,
        pdf_bytes=pdf,
        read_at=utcnow(),
    )
    audit.record_by(
        session, actor, event_type="Simulation", action=f"Enregistrement de la simulation « {title} »"
    )
    return document.id
