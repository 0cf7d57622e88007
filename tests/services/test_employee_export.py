"""The export of Mes salarié(e)s: every employee of the caller's structures in every status (read as of
today), affiliation data only (no NIR, no address, no beneficiary, no care), audited, and a 3,000-employee
company exported whole."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from ocso_app.models import AffiliationStatus, AuditEvent, Employee, Member
from ocso_app.services import audit, employee_export, spreadsheets
from tests.builders import make_employer
from tests.builders.members import NIR
from tests.builders.roster import (
    HEALTH_OPTION,
    PROVIDENT_OPTION,
    make_covered_employee,
    make_plans,
    make_roster,
)

TODAY = date(2026, 12, 3)


def _export(db, actor, structure_ids, file_format=spreadsheets.CSV):
    sheet = employee_export.staff_sheet(
        db, actor=actor, structure_ids=structure_ids, file_format=file_format, today=TODAY
    )
    return sheet.headings, [dict(zip(sheet.headings, row, strict=True)) for row in sheet.rows]


def test_every_employee_in_every_status_with_the_status_of_today_and_nothing_of_another_company(db):
    mine, other = make_plans(db), make_plans(db)
    late = datetime.combine(TODAY - timedelta(days=9), datetime.min.time(), tzinfo=UTC)
    for name, status in (
        ("AFFILIE", AffiliationStatus.AFFILIATED),
        ("DISPENSE", AffiliationStatus.EXEMPTED),
        ("RADIE", AffiliationStatus.RADIATED),
        ("PORTABLE", AffiliationStatus.PORTABILITY),
    ):
        make_covered_employee(db, plans=mine, last_name=name, first_name="Anne", status=status)
    make_covered_employee(
        db, plans=mine, last_name="OUBLIE", status=AffiliationStatus.PENDING, invited_at=late, family=True
    )
    make_covered_employee(db, plans=other, last_name="ETRANGER")
    actor = audit.Actor(account_id=make_employer(db, principal_of=(mine.company,)).id)
    _headings, rows = _export(db, actor, (mine.company.id,))
    assert [(r["Nom"], r["Statut"]) for r in rows] == [
        ("AFFILIE", "Affilié(e)"),
        ("DISPENSE", "Dispensé(e)"),
        ("OUBLIE", "À relancer"),
        ("PORTABLE", "En portabilité"),
        ("RADIE", "Radié(e)"),
    ]
    affiliated = rows[0]
    assert affiliated["Structure"] == mine.company.name
    assert affiliated["Contrat santé"] == f"{mine.health.number} – {mine.health.label}"
    assert affiliated["Option santé"] == HEALTH_OPTION
    assert affiliated["Option prévoyance"] == PROVIDENT_OPTION
    assert affiliated["Date d'affiliation"] == date(2024, 1, 1)
    affiliated_member = db.scalar(
        select(Member.member_number)
        .join(Employee, Employee.member_id == Member.id)
        .where(Employee.last_name == "AFFILIE")
    )
    assert affiliated["N° d'adhérent"] == affiliated_member


def test_the_export_holds_affiliation_data_only(db):
    plans = make_plans(db)
    employee = make_covered_employee(db, plans=plans, last_name="FAMILLE", family=True)
    employee.address_line, employee.postal_code, employee.city = "12 rue Secrète", "59000", "LILLE"
    employee.first_name = "Anne"  # not a beneficiary's name, whatever the builder drew
    actor = audit.Actor(account_id=make_employer(db, principal_of=(plans.company,)).id)
    headings, rows = _export(db, actor, (plans.company.id,))
    text = " ".join(str(value) for row in rows for value in row.values())
    assert "FAMILLE" in text
    for secret in (NIR, NIR[:13], "Camille", "Léo", "rue Secrète", "LILLE", "59000"):
        assert not re.search(rf"\b{re.escape(secret)}\b", text), secret  # whole words: « Léon » is no « Léo »
    assert not {"NIR", "N° de sécurité sociale", "Adresse", "IBAN", "Bénéficiaires"} & set(headings)
    assert not any("rembours" in h.lower() or "soin" in h.lower() for h in headings)


def test_each_export_is_written_in_the_audit_log_of_each_structure(db):
    first, second = make_plans(db), make_plans(db)
    make_covered_employee(db, plans=first)
    boss = make_employer(db, principal_of=(first.company, second.company))
    _export(db, audit.Actor(account_id=boss.id), (first.company.id, second.company.id), spreadsheets.XLSX)
    logged = db.execute(
        select(AuditEvent.company_id, AuditEvent.action).where(AuditEvent.account_id == boss.id)
    ).all()
    assert sorted(logged) == sorted(
        [
            (first.company.id, "Export de la liste des salarié(e)s (xlsx, 1 ligne)"),
            (second.company.id, "Export de la liste des salarié(e)s (xlsx, 0 ligne)"),
        ]
    )


def test_a_company_of_3000_employees_is_exported_whole(db):
    plans = make_plans(db)
    make_roster(db, plans=plans, count=3000)
    actor = audit.Actor(account_id=make_employer(db, principal_of=(plans.company,)).id)
    sheet = employee_export.staff_sheet(
        db, actor=actor, structure_ids=(plans.company.id,), file_format=spreadsheets.CSV, today=TODAY
    )
    content = b"".join(spreadsheets.chunks(spreadsheets.write(sheet, spreadsheets.CSV)))
    assert content.decode("utf-8").count("\r\n") == 3001


def test_the_export_tells_the_last_relance_and_the_motif_de_sortie(db):
    """What HR follows in the file as on the fiche: when an employee « à relancer » was last relancé(e), and
    why a radié(e) or a former employee en portabilité left (which decides the portabilité)."""
    plans = make_plans(db)
    late = datetime.combine(TODAY - timedelta(days=12), datetime.min.time(), tzinfo=UTC)
    relanced = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # already 1 December in Paris
    waiting = make_covered_employee(
        db, plans=plans, last_name="ATTENTE", status=AffiliationStatus.PENDING, invited_at=late
    )
    waiting.last_reminder_at = relanced
    gone = make_covered_employee(db, plans=plans, last_name="PARTI", status=AffiliationStatus.PORTABILITY)
    gone.radiated_on, gone.radiation_reason = date(2026, 10, 31), "rupture_conventionnelle"
    gone.portability_end_on = date(2027, 10, 31)
    actor = audit.Actor(account_id=make_employer(db, principal_of=(plans.company,)).id)
    headings, rows = _export(db, actor, (plans.company.id,))
    assert headings.index("Dernière relance") == headings.index("Invité(e) le") + 1
    assert headings.index("Motif de sortie") == headings.index("Date de radiation") + 1
    by_name = {r["Nom"]: r for r in rows}
    assert by_name["ATTENTE"]["Dernière relance"] == date(2026, 12, 1)
    assert by_name["ATTENTE"]["Motif de sortie"] is None
    assert by_name["PARTI"]["Motif de sortie"] == "Rupture conventionnelle"
    assert by_name["PARTI"]["Dernière relance"] is None
