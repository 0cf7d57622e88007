"""The affiliation letter HR downloads and posts to an employee who has no e-mail address (guide 003: « à
défaut un courrier postal »): addressed to the employee's postal address, from their company, it says how
to open the affiliation page and carries a personal code to type there with the birth date.

Each download issues a new code (``affiliation_invitations.issue``) and revokes the previous one, so only
the last letter printed works; the download is audited (never the code). The first courrier since the
employee was invited (no code or link issued since) is the invitation: its date becomes the invitation's.
A later one is a relance by post, as « Relancer par e-mail » is one (``reminders``): the invitation's date is
kept, ``last_reminder_at`` is the letter's (the 8 days of « à relancer » restart), and the status history
says « Relance par courrier » and who downloaded it.

An employee whose dispense has ended (the daily job: a fixed-term dispense past its last day, or a yearly
proof that lapsed) is asked again, and the letter says why in the e-mail's words
(``dispense_renewal.over_invitation``: when it ended or which proof was not received, from when to affiliate,
that the dispense may be asked again with an up-to-date proof) instead of « … vous a inscrit(e) ». It reads
it from what is stored rather than a column of its own: the employee's latest dispense request, when it is
an accepted one, is the dispense that ended, since only the daily job turns a dispensed employee back « en
cours d'affiliation », and it ends exactly that one (its case says fixed-term or yearly, its date when); the
e-mail's wording was made from the same row. A request sent since (awaiting HR, or refused: HR's refusal is
what the employee was told last) is the latest one, and the letter is then the usual one; so is a first
invitation's. The status history is not read: its notes are words for people, not facts to parse.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.config import settings
from ocso_app.models import (
    AffiliationInvitation,
    AffiliationStatus,
    Company,
    DispenseDecision,
    DispenseRequest,
    Employee,
    InvitationChannel,
)
from ocso_app.services import affiliation_invitations, audit, dispense_renewal
from ocso_app.services.affiliation import effective_status
from ocso_app.services.affiliation_invitations import Why
from ocso_app.services.employee_status import HR, StatusAuthor, change_status, hr_author
from ocso_app.services.employees import employee_of
from ocso_app.services.formats import format_long_date, format_short_date, paris_date
from ocso_app.services.pdf_drawing import Letter, facts_table, paragraph_styles, render_pdf, window_address

EVENT_TYPE = "Courrier d'affiliation"
RELANCE_NOTE = "Relance par courrier"
OPEN = (AffiliationStatus.PENDING, AffiliationStatus.TO_REMIND)
SUPPORT = "OCSO – 05 56 34 36 66 (du lundi au vendredi, 9 h – 17 h) – support@ocso.fr"
ONLINE = (
    "Votre affiliation se fait en ligne, en quelques minutes : vous y choisissez votre option, ajoutez vos "
    "bénéficiaires (conjoint, enfants) et vos coordonnées bancaires, ou demandez une dispense d'affiliation "
    "si vous êtes dans l'un des cas prévus par la loi."
)


def _address(employee: Employee) -> list[str]:
    return [
        f"{employee.civility} {employee.first_name} {employee.last_name}",
        employee.address_line or "",
        f"{employee.postal_code or ''} {employee.city or ''}".strip(),
    ]


def _why(session: Session, employee: Employee, company: Company) -> Why | None:
    """Why the employee is asked again when it follows the end of their dispense (see the module's
    docstring); ``None`` for a first invitation, or when a request was sent since the end."""
    latest = session.scalars(
        select(DispenseRequest)
        .where(DispenseRequest.employee_id == employee.id)
        .order_by(DispenseRequest.id.desc())
        .limit(1)
    ).first()
    if latest is None or latest.decision != DispenseDecision.ACCEPTED:
        return None
    return dispense_renewal.over_invitation(company.name, latest)


def _introduction(why: Why) -> list[str]:
    """The paragraphs before the code: who registered the employee on which contracts, or why they are
    asked again."""
    return [*(escape(line) for line in why.text.splitlines() if line.strip()), ONLINE]


def _pdf(employee: Employee, company: Company, code: str, now: datetime, why: Why) -> bytes:
    s = paragraph_styles()
    s["address"] = ParagraphStyle("address", parent=s["normal"], fontSize=11, leading=15)
    s["body"] = ParagraphStyle("body", parent=s["normal"], fontSize=10, leading=14, spaceAfter=6)
    day = paris_date(now)
    page = f"{settings().public_url}{routes.AFFILIATION}"
    deadline = format_short_date(paris_date(now + affiliation_invitations.LIFETIME))
    address = "<br/>".join(escape(line) for line in _address(employee))
    recipient = window_address(Paragraph(address, s["address"]))
    company_lines = (
        f"{escape(company.name)}<br/>{escape(company.address_line)}<br/>"
        f"{escape(company.postal_code)} {escape(company.city)}"
    )
    body = [
        "Madame," if employee.civility == "Mme" else "Monsieur,",
        *_introduction(why),
        "Pour cela, ouvrez la page ci-dessous, saisissez votre code personnel et votre date de naissance :",
    ]
    story = [
        Paragraph("OCSO", s["title"]),
        Paragraph("Service affiliations – pour le compte de votre employeur", s["muted"]),
        Paragraph(company_lines, s["muted"]),
        Spacer(1, 12 * mm),
        recipient,
        Spacer(1, 8 * mm),
        Paragraph(f"Le {format_long_date(day)}", s["normal"]),
        Spacer(1, 6 * mm),
        Paragraph(escape(why.subject), s["heading"]),
        *[Paragraph(text, s["body"]) for text in body],
        Spacer(1, 3 * mm),
        facts_table(
            [
                ("Page d'affiliation", page),
                ("Votre code personnel", code),
                ("Valable jusqu'au", deadline),
            ],
            widths=(45 * mm, 110 * mm),
            align="LEFT",
        ),
        Spacer(1, 4 * mm),
        Paragraph(
            "Ce code est personnel et ne sert qu'une fois. Si vous recevez un autre courrier "
            "d'affiliation, seul le code du dernier courrier est valable.",
            s["body"],
        ),
        Paragraph(f"Une question ? {SUPPORT}", s["body"]),
        Spacer(1, 4 * mm),
        Paragraph("Nous vous prions d'agréer nos salutations distinguées.<br/>L'équipe OCSO", s["body"]),
    ]
    return render_pdf(story, title="Votre affiliation à la complémentaire santé")


def _invited_since(session: Session, employee: Employee) -> bool:
    """A code or a link was issued to the employee since their invitation: a courrier now is a relance."""
    if employee.invited_at is None:
        return False
    issued = select(AffiliationInvitation.id).where(
        AffiliationInvitation.employee_id == employee.id,
        AffiliationInvitation.created_at >= employee.invited_at,
    )
    return session.scalar(issued.limit(1)) is not None


def affiliation_letter(
    session: Session, *, structure_ids: Sequence[int], employee_id: int, actor: audit.Actor, now: datetime
) -> Letter | None:
    """The letter of an employee of the caller's structures still to affiliate and with a postal address,
    with a new code (the earlier one revoked, the 8 days to act restart), the invitation or a relance by
    post, the download audited; ``None`` for anybody else."""
    employee = employee_of(session, structure_ids, employee_id)
    if employee is None or employee.member_id is not None:
        return None
    if effective_status(employee.status, employee.invited_at, paris_date(now)) not in OPEN:
        return None
    if not (employee.address_line and employee.postal_code and employee.city):
        return None
    company = session.get(Company, employee.company_id)
    if company is None:
        return None
    why = _why(session, employee, company) or affiliation_invitations.usual_wording(
        session, employee, company.name, reminder=False, now=now
    )
    relance = _invited_since(session, employee)
    code = affiliation_invitations.issue(session, employee, InvitationChannel.LETTER, now=now)
    if relance:
        employee.last_reminder_at = now
        by = hr_author(session, actor.account_id) if actor.account_id is not None else StatusAuthor(None, HR)
        change_status(
            session, employee, AffiliationStatus.PENDING, on=paris_date(now), by=by, note=RELANCE_NOTE
        )
    else:
        employee.invited_at = now
    what = "relance par courrier, nouveau code" if relance else "nouveau code"
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=employee.company_id),
        event_type=EVENT_TYPE,
        action=(
            f"Courrier d'affiliation téléchargé pour le/la salarié(e) n° {employee.id} "
            f"({what}, le précédent est révoqué)"
        ),
    )
    return Letter(_pdf(employee, company, code, now, why), f"courrier-affiliation-{employee.id}.pdf")
