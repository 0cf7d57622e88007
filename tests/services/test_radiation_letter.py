"""The radiation letter HR downloads from the fiche, for an employee the radiation's e-mail could not reach
(no address) or who should have it on paper: the e-mail's own words (the portabilité's dates and what to
send to keep it, or why there is none), addressed to the employee; audited; only for a radiated employee of
the caller's structures, never after a death."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from pypdf import PdfReader
from sqlalchemy import select

from ocso_app.models import AuditEvent, Company
from ocso_app.services import audit
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.radiation import radiate
from ocso_app.services.radiation_letter import radiation_letter
from tests.builders import make_company, make_employee, make_member

TODAY = date(2026, 4, 20)
NOW = datetime(2026, 4, 20, 9, 0, tzinfo=UTC)
HR = StatusAuthor(None, "Claire RH (RH)")


def _radiated(db, reason: str, *, company: Company | None = None):
    company = company or make_company(db)
    member = make_member(db, email=None)
    employee = make_employee(
        db, company=company, member_id=member.id, email=None, hired_on=date(2025, 1, 6), last_name="SANSMAIL"
    )
    employee.address_line, employee.postal_code, employee.city = "3 rue de Siam", "29200", "BREST"
    actor = audit.Actor(account_id=None, company_id=company.id)
    radiate(db, employee, left_on=date(2026, 4, 14), reason=reason, by=HR, actor=actor, today=TODAY)
    return company, employee


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_letter_tells_the_portability_and_how_to_keep_it(db):
    company, employee = _radiated(db, "licenciement")
    actor = audit.Actor(account_id=None)
    letter = radiation_letter(db, structure_ids=[company.id], employee_id=employee.id, actor=actor, now=NOW)
    assert letter is not None and letter.filename == f"courrier-radiation-{employee.id}.pdf"
    text = " ".join(_text(letter.pdf).split())
    assert "3 rue de Siam" in text and "29200 BREST" in text
    assert "portabilité de vos garanties" in text and "15/04/2026" in text
    assert "France Travail" in text
    [action] = db.scalars(
        select(AuditEvent.action).where(
            AuditEvent.company_id == company.id, AuditEvent.action.startswith("Courrier de radiation")
        )
    ).all()
    assert f"salarié(e) n° {employee.id}" in action


def test_without_portability_the_letter_says_when_the_rights_end(db):
    company, employee = _radiated(db, "demission")
    letter = radiation_letter(
        db, structure_ids=[company.id], employee_id=employee.id, actor=audit.Actor(account_id=None), now=NOW
    )
    assert letter is not None
    text = " ".join(_text(letter.pdf).split())
    assert "ne permet pas la portabilité" in text and "14/04/2026" in text


def test_no_letter_for_another_structure_an_active_employee_or_a_death(db):
    company, employee = _radiated(db, "licenciement")
    other = make_company(db)
    actor = audit.Actor(account_id=None)
    assert (
        radiation_letter(db, structure_ids=[other.id], employee_id=employee.id, actor=actor, now=NOW) is None
    )
    active = make_employee(db, company=company)
    assert (
        radiation_letter(db, structure_ids=[company.id], employee_id=active.id, actor=actor, now=NOW) is None
    )
    _c, dead = _radiated(db, "deces", company=company)
    assert radiation_letter(db, structure_ids=[company.id], employee_id=dead.id, actor=actor, now=NOW) is None


def test_the_fiche_offers_the_letter_once_radiated_and_never_after_a_death(db):
    from ocso_app.services import staff_record

    company, employee = _radiated(db, "licenciement")
    _c, dead = _radiated(db, "deces", company=company)
    pending = make_employee(db, company=company)

    def offered(employee_id: int) -> bool:
        record = staff_record.staff_record(
            db, structure_ids=[company.id], employee_id=employee_id, today=TODAY
        )
        return record is not None and record.radiation_letter

    assert offered(employee.id) and not offered(dead.id) and not offered(pending.id)
