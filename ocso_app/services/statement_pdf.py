"""Décomptes de prestations as PDF: one statement drawn with reportlab, or every statement of a selection
(a summary page with the selection's totals, then each décompte from a new page) as one document: drawn
apart and merged, each part embedded its own copy of the fonts (≈ 37 KB a décompte).

Ownership is part of every query: a statement of another member is simply not found (``None``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Beneficiary, CareLine, Member, Statement
from ocso_app.services import audit, forfaits
from ocso_app.services.errors import NOT_A_MEMBER, AccessDenied, OcsoError
from ocso_app.services.explanations import LineExplanation, explain_lines
from ocso_app.services.formats import format_long_date, format_money, format_person_name
from ocso_app.services.pdf_drawing import (
    Styles,
    facts_table,
    grid_table,
    paragraph_styles,
    plain,
    render_pdf,
)
from ocso_app.services.reimbursements import (
    Filters,
    LineRow,
    Totals,
    describe_filters,
    line_row,
    matching_statement_ids,
    totals,
)

MAX_MERGED_STATEMENTS = 400
TOO_MANY = (
    f"La sélection compte plus de {MAX_MERGED_STATEMENTS} décomptes : "
    "réduisez la période pour les télécharger."
)
HEADERS = (
    "Date des soins",
    "Bénéficiaire",
    "Nature de l'acte",
    "Dépense",
    "Base SS",
    "Taux SS",
    "Remb. SS",
    "Remb. OCSO",
    "Reste à charge",
)
COLUMN_WIDTHS = [24 * mm, 36 * mm, 70 * mm, 22 * mm, 22 * mm, 16 * mm, 22 * mm, 24 * mm, 26 * mm]


class SelectionTooLarge(OcsoError):
    """Too many décomptes to merge into one download."""


@dataclass(frozen=True)
class MemberHeader:
    """Who the décompte is for."""

    full_name: str
    member_number: str
    address: str


@dataclass(frozen=True)
class StatementDocument:
    """One décompte, display-ready, with its sums (``Decimal``)."""

    number: str
    paid_on: str
    payee: str
    total_paid: str
    lines: list[LineRow]
    totals: Totals
    explanations: list[LineExplanation]


# --- loading (two queries whatever the number of statements)


def _member_header(session: Session, member_id: int) -> MemberHeader:
    member = session.get(Member, member_id)
    if member is None:
        raise OcsoError("Adhérent introuvable.")
    return MemberHeader(
        full_name=format_person_name(member.first_name, member.last_name),
        member_number=member.member_number,
        address=f"{member.address_line}, {member.postal_code} {member.city}",
    )


def _documents(session: Session, *, member_id: int, statement_ids: list[int]) -> list[StatementDocument]:
    if not statement_ids:
        return []
    statements = session.scalars(
        select(Statement).where(Statement.member_id == member_id, Statement.id.in_(statement_ids))
    ).all()
    lines = session.execute(
        select(CareLine, Beneficiary.first_name, Beneficiary.last_name)
        .join(Beneficiary, Beneficiary.id == CareLine.beneficiary_id)
        .where(CareLine.member_id == member_id, CareLine.statement_id.in_(statement_ids))
        .order_by(CareLine.care_date, CareLine.id)
    ).all()
    named = [(line, f"{first.upper()} {last.upper()}") for line, first, last in lines]
    plan = forfaits.member_plan(session, member_id=member_id)
    explained = explain_lines(session, member_id=member_id, plan=plan, lines=named)
    by_statement: dict[int, list[tuple[CareLine, str, LineExplanation]]] = defaultdict(list)
    for (line, name), explanation in zip(named, explained, strict=True):
        by_statement[line.statement_id].append((line, name, explanation))
    order = {sid: i for i, sid in enumerate(statement_ids)}
    return [
        _document(statement, by_statement[statement.id])
        for statement in sorted(statements, key=lambda s: order[s.id])
    ]


def _document(statement: Statement, lines: list[tuple[CareLine, str, LineExplanation]]) -> StatementDocument:
    def total(attribute: str) -> Decimal:
        return sum((getattr(line, attribute) for line, _, _ in lines), Decimal("0.00"))

    sums = Totals(
        spent=total("amount_spent"),
        social_security=total("ss_reimbursed"),
        complementary=total("complementary_reimbursed"),
        remaining=total("remaining_charge"),
        line_count=len(lines),
        statement_count=1,
    )
    return StatementDocument(
        number=statement.number,
        paid_on=format_long_date(statement.paid_on),
        payee=statement.payee_name,
        total_paid=format_money(statement.total_paid),
        lines=[line_row(line, name, statement.payee_name) for line, name, _ in lines],
        totals=sums,
        explanations=[explanation for _, _, explanation in lines],
    )


# --- drawing


def _lines_table(document: StatementDocument, styles: Styles) -> Table:
    sums = document.totals.formatted()
    rows = [list(HEADERS)]
    for line in document.lines:
        rows.append(
            [
                line.care_date,
                Paragraph(plain(line.beneficiary), styles["cell"]),
                Paragraph(
                    f"{plain(line.act)}<br/><font color='#4a5568'>{plain(line.category)}</font>",
                    styles["cell"],
                ),
                line.spent,
                line.ss_base,
                line.ss_rate,
                line.ss_reimbursed,
                line.complementary,
                line.remaining,
            ]
        )
    rows.append(
        [
            "Total",
            "",
            "",
            sums["spent"],
            "",
            "",
            sums["social_security"],
            sums["complementary"],
            sums["remaining"],
        ]
    )
    return grid_table(rows, col_widths=COLUMN_WIDTHS, total_row=True, right_from=3)


def _statement_story(document: StatementDocument, member: MemberHeader, styles: Styles) -> list[Flowable]:
    return [
        Paragraph("OCSO – Décompte de prestations", styles["title"]),
        Paragraph(
            f"<b>{plain(member.full_name)}</b> – Numéro d'adhérent {member.member_number}"
            f"<br/>{plain(member.address)}",
            styles["normal"],
        ),
        Spacer(1, 4 * mm),
        Paragraph(
            f"Décompte n° {document.number} – payé le {document.paid_on} à <b>{plain(document.payee)}</b> : "
            f"<b>{document.total_paid}</b>",
            styles["normal"],
        ),
        Spacer(1, 4 * mm),
        _lines_table(document, styles),
        Spacer(1, 6 * mm),
        Paragraph(
            "Remb. SS : part de la Sécurité sociale, participation forfaitaire ou franchise déduite. "
            "Remb. OCSO : part de votre contrat complémentaire. "
            "Reste à charge : dépense moins ces deux remboursements.",
            styles["normal"],
        ),
        *_explanations_story(document.explanations, styles),
    ]


def explanation_paragraphs(steps: list[str], styles: Styles) -> list[Flowable]:
    """The sentences of :func:`~ocso_app.services.explanations.explain`, one bullet each."""
    return [Paragraph(f"• {escape(step, quote=False)}", styles["cell"]) for step in steps]


def _explanations_story(explanations: list[LineExplanation], styles: Styles) -> list[Flowable]:
    """« Le détail de chaque ligne »: the same sentences as the ▼ of Mes remboursements."""
    story: list[Flowable] = [Paragraph("Le détail de chaque ligne", styles["heading"])]
    for explanation in explanations:
        story.append(Paragraph(f"<b>{escape(explanation.title, quote=False)}</b>", styles["normal"]))
        story.extend(
            Paragraph(f"• {escape(step, quote=False)}", styles["cell"]) for step in explanation.steps
        )
        story.append(Spacer(1, 2 * mm))
    return story


def _render(story: list[Flowable]) -> bytes:
    return render_pdf(story, title="Décompte de prestations OCSO", pagesize=landscape(A4))


def render_statement_pdf(session: Session, *, member_id: int, statement_id: int) -> bytes | None:
    """The décompte of one of the member's statements, or ``None`` when it is not theirs (or absent)."""
    documents = _documents(session, member_id=member_id, statement_ids=[statement_id])
    if not documents:
        return None
    member = _member_header(session, member_id)
    return _render(_statement_story(documents[0], member, paragraph_styles()))


def _summary_story(member: MemberHeader, selection: str, sums: Totals, styles: Styles) -> list[Flowable]:
    formatted = sums.formatted()
    rows = [
        ["Décomptes", str(sums.statement_count)],
        ["Actes", str(sums.line_count)],
        ["Total dépensé", formatted["spent"]],
        ["Remboursé par la Sécurité sociale", formatted["social_security"]],
        ["Remboursé par OCSO", formatted["complementary"]],
        ["Reste à charge", formatted["remaining"]],
    ]
    table = facts_table(rows)
    return [
        Paragraph("OCSO – Mes remboursements", styles["title"]),
        Paragraph(
            f"<b>{plain(member.full_name)}</b> – Numéro d'adhérent {member.member_number}", styles["normal"]
        ),
        Spacer(1, 4 * mm),
        Paragraph(f"Sélection : {plain(selection)}", styles["normal"]),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 4 * mm),
        Paragraph(
            "Les totaux portent sur les actes de la sélection ; "
            "chaque décompte qui suit est reproduit en entier.",
            styles["normal"],
        ),
    ]


def render_selection_pdf(session: Session, *, member_id: int, filters: Filters) -> bytes:
    """A summary page with the selection's totals (SQL sums), then each of its décomptes from a new page."""
    statement_ids = matching_statement_ids(session, member_id=member_id, filters=filters)
    if len(statement_ids) > MAX_MERGED_STATEMENTS:
        raise SelectionTooLarge(TOO_MANY)
    member = _member_header(session, member_id)
    styles = paragraph_styles()
    selection = describe_filters(session, member_id=member_id, filters=filters)
    sums = totals(session, member_id=member_id, filters=filters)
    story = _summary_story(member, selection, sums, styles)
    for document in _documents(session, member_id=member_id, statement_ids=statement_ids):
        story += [PageBreak(), *_statement_story(document, member, styles)]
    return render_pdf(story, title="Décomptes de prestations OCSO", pagesize=landscape(A4))


# --- audited downloads (the actor comes from the guard)

DOWNLOAD = "Téléchargement"


def statement_pdf(session: Session, *, actor: audit.Actor, statement_id: int) -> bytes | None:
    """One of ``actor.member_id``'s décomptes as PDF, the download audited; ``None`` when not theirs."""
    if actor.member_id is None:
        return None
    content = render_statement_pdf(session, member_id=actor.member_id, statement_id=statement_id)
    if content is not None:
        number = session.scalar(select(Statement.number).where(Statement.id == statement_id))
        action = f"Téléchargement du décompte de prestations n° {number}"
        audit.record_by(session, actor, event_type=DOWNLOAD, action=action)
    return content


def selection_pdf(session: Session, *, actor: audit.Actor, filters: Filters) -> bytes:
    """The décomptes of a selection as one PDF, the download audited with the selection in words."""
    if actor.member_id is None:
        raise AccessDenied(NOT_A_MEMBER)
    content = render_selection_pdf(session, member_id=actor.member_id, filters=filters)
    selected = describe_filters(session, member_id=actor.member_id, filters=filters)
    action = f"Téléchargement des décomptes de la sélection ({selected})"
    audit.record_by(session, actor, event_type=DOWNLOAD, action=action)
    return content
