"""The radiation letter HR downloads from the fiche of a radiated employee, to hand over or post (guide 003:
« Un email est envoyé au salarié(e) l'informant de sa radiation, et le cas échéant, des modalités de
portabilité »): an employee without any e-mail address was told nothing. The letter says what the e-mail says
(``radiation.notice_paragraphs``), addressed to the employee's postal address when the record has one.

Only for an employee of the caller's structures whose radiation is recorded, never after a death; each
download is audited.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer
from sqlalchemy.orm import Session

from ocso_app.models import AffiliationStatus, Company, Employee
from ocso_app.services import audit
from ocso_app.services.employees import employee_of
from ocso_app.services.formats import format_long_date, paris_date
from ocso_app.services.pdf_drawing import Letter, paragraph_styles, render_pdf, window_address
from ocso_app.services.portability import DepartureReason
from ocso_app.services.radiation import (
    EVENT_TYPE,
    Radiation,
    notice_paragraphs,
    notice_subject,
    radiation_of,
    recorded_reason,
)

SUPPORT = "OCSO – 05 56 34 36 66 (du lundi au vendredi, 9 h – 17 h) – support@ocso.fr"
RADIATED = (AffiliationStatus.RADIATED, AffiliationStatus.PORTABILITY)


def _address(employee: Employee) -> list[str]:
    lines = [f"{employee.civility} {employee.first_name} {employee.last_name}"]
    if employee.address_line and employee.postal_code and employee.city:
        lines += [employee.address_line, f"{employee.postal_code} {employee.city}"]
    return lines


def _pdf(employee: Employee, company: Company, radiation: Radiation, now: datetime) -> bytes:
    s = paragraph_styles()
    s["address"] = ParagraphStyle("address", parent=s["normal"], fontSize=11, leading=15)
    s["body"] = ParagraphStyle("body", parent=s["normal"], fontSize=10, leading=14, spaceAfter=6)
    address = "<br/>".join(escape(line) for line in _address(employee))
    company_lines = (
        f"{escape(company.name)}<br/>{escape(company.address_line)}<br/>"
        f"{escape(company.postal_code)} {escape(company.city)}"
    )
    body = ["Madame," if employee.civility == "Mme" else "Monsieur,", *notice_paragraphs(radiation)]
    story = [
        Paragraph("OCSO", s["title"]),
        Paragraph("Service affiliations – pour le compte de votre employeur", s["muted"]),
        Paragraph(company_lines, s["muted"]),
        Spacer(1, 12 * mm),
        window_address(Paragraph(address, s["address"])),
        Spacer(1, 8 * mm),
        Paragraph(f"Le {format_long_date(paris_date(now))}", s["normal"]),
        Spacer(1, 6 * mm),
        Paragraph(escape(notice_subject(radiation)), s["heading"]),
        *[Paragraph(escape(text), s["body"]) for text in body],
        Paragraph(f"Une question ? {escape(SUPPORT)}", s["body"]),
        Spacer(1, 4 * mm),
        Paragraph("Nous vous prions d'agréer nos salutations distinguées.<br/>L'équipe OCSO", s["body"]),
    ]
    return render_pdf(story, title=notice_subject(radiation))


def has_radiation_letter(employee: Employee) -> bool:
    """Whether the fiche offers the letter: radiated (or en portabilité), not for a death."""
    reason = recorded_reason(employee)
    return employee.status in RADIATED and reason is not None and reason != DepartureReason.DEATH


def radiation_letter(
    session: Session, *, structure_ids: Sequence[int], employee_id: int, actor: audit.Actor, now: datetime
) -> Letter | None:
    """The letter of a radiated employee of the caller's structures (or en portabilité), the download
    audited; ``None`` for anybody else, an employee not radiated, or a radiation for a death."""
    employee = employee_of(session, structure_ids, employee_id)
    if employee is None or not has_radiation_letter(employee):
        return None
    radiation = radiation_of(session, employee)
    company = session.get(Company, employee.company_id)
    if radiation is None or company is None:
        return None
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=employee.company_id),
        event_type=EVENT_TYPE,
        action=f"Courrier de radiation téléchargé pour le/la salarié(e) n° {employee.id}",
    )
    return Letter(_pdf(employee, company, radiation, now), f"courrier-radiation-{employee.id}.pdf")
