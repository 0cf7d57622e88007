"""An employer's « Sortie des effectifs » applied by OCSO: the Entreprises agent opens the démarche, reads
which employee it names, types the last day worked and the motif (a bad date is refused in French, nothing
written, and what was typed stays to be corrected), and radiates them; HR reads the radiation on the fiche,
signed by the agent « (OCSO) », the employee is told by e-mail, and the démarche is closed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Browser, expect

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AffiliationStatus, Employee, Request, RequestStatus, StaffRole
from ocso_app.services.formats import format_short_date, paris_today
from tests.builders import (
    make_company,
    make_employee,
    make_employer,
    make_member,
    make_request,
    make_staff,
    new_email,
)
from tests.e2e.helpers import page_as, shoot
from tests.support.mailbox import body_text


def test_the_entreprises_agent_radiates_the_employee_an_employer_said_left(
    browser: Browser, base_url: str, mailbox, artifacts: Path
):
    left_on = paris_today() - timedelta(days=3)
    with db_session() as session:
        company = make_company(session)
        boss = make_employer(session, principal_of=(company,))
        email = new_email()
        member = make_member(session, email=email)
        employee = make_employee(
            session, company=company, member_id=member.id, email=email, last_name="SORTANT", first_name="Léa"
        )
        agent = make_staff(session, role=StaffRole.ENTREPRISES)
        request = make_request(
            session,
            company=company,
            kind="salaries",
            subject="Sortie des effectifs",
            payload={
                "topic": "Sortie des effectifs",
                "employee": "Léa SORTANT",
                "employee_id": employee.id,
                "message": f"Démission, dernier jour le {format_short_date(left_on)}.",
            },
        )
        ids = (boss.id, agent.id, employee.id, request.id)
        agent_name = f"{agent.first_name} {agent.last_name}"
    boss_id, agent_id, employee_id, request_id = ids

    staff = page_as(browser, base_url, agent_id)
    staff.goto(f"{base_url}{routes.STAFF_REQUEST}?n={request_id}")
    expect(staff.get_by_text("Salarié identifié")).to_be_visible()
    radiate = staff.get_by_role("button", name="Radier le/la salarié(e)")
    staff.get_by_label("Date de sortie").fill("31/02/2026")
    staff.get_by_label("Motif de départ").select_option(label="Démission")
    radiate.click()
    expect(staff.get_by_text("La date de sortie n'est pas une date valide")).to_be_visible()
    with db_session() as session:
        assert session.get(Employee, employee_id).status == AffiliationStatus.AFFILIATED
        assert session.get(Request, request_id).status != RequestStatus.DONE

    # what was typed stays for the agent to correct
    expect(staff.get_by_label("Date de sortie")).to_have_value("31/02/2026")
    expect(staff.get_by_label("Motif de départ")).to_have_value("demission")
    staff.get_by_label("Date de sortie").fill(format_short_date(left_on))
    shoot(staff, artifacts, "staff-employee-exit")
    radiate.click()
    expect(staff.get_by_text(f"Léa SORTANT radié(e) au {format_short_date(left_on)}")).to_be_visible()
    expect(radiate).to_have_count(0)  # the démarche is closed: nothing to apply any more
    assert "ne permet pas la portabilité" in body_text(mailbox.wait_for(email)[-1])
    staff.context.close()

    hr = page_as(browser, base_url, boss_id)
    hr.goto(f"{base_url}{routes.EMPLOYER_STAFF_RECORD}?salarie={employee_id}")
    # HR reads that OCSO recorded it, not which agent (their account stays in OCSO's own trace)
    history = hr.locator("tr").filter(has_text="Radié(e)")
    expect(history).to_contain_text("OCSO")
    expect(history).to_contain_text(format_short_date(left_on))
    expect(hr.get_by_text(agent_name)).to_have_count(0)
    hr.goto(base_url + routes.EMPLOYER_REQUESTS)
    expect(hr.locator("#derniers-envois")).to_contain_text(
        f"La sortie de Léa SORTANT au {format_short_date(left_on)}"
    )
    hr.context.close()
