"""Accueil of the Espace Employeur in Chromium: counters of the chosen structure(s), the header's structure
choice, and what a restricted profile is shown; each counter opens the view of what it counts, the names of
« À suivre » their fiche, even when another structure is chosen."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from playwright.sync_api import Browser, Page, expect

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AffiliationStatus, EmployerProfile
from ocso_app.services.formats import paris_today
from tests.builders import make_company, make_employee, make_employer
from tests.builders.contracts import make_contract, make_contribution
from tests.builders.sick_leaves import make_provident_contract, make_sick_leave
from tests.e2e.helpers import page_as

PHONE = {"viewport": {"width": 375, "height": 812}}


def _counter(page: Page, label: str):
    return page.get_by_role("link").filter(has_text=label)


def test_counters_follow_the_structure_chosen_in_the_header(browser: Browser, base_url: str, artifacts):
    tag = uuid.uuid4().hex[:6].upper()
    long_ago = datetime.now(UTC) - timedelta(days=20)
    with db_session() as session:
        head = make_company(session, name=f"SIÈGE {tag}")
        branch = make_company(session, parent=head, name=f"AGENCE {tag}")
        for _ in range(3):
            make_employee(session, company=head)
        make_employee(session, company=branch)
        former = make_employee(session, company=branch, status=AffiliationStatus.PORTABILITY)
        former.portability_end_on = paris_today() + timedelta(days=200)  # as a radiation always sets it
        former_name = f"{former.last_name} {former.first_name}"
        make_employee(session, company=branch, status=AffiliationStatus.PENDING, invited_at=long_ago)
        boss = make_employer(session, principal_of=(head, branch)).id
        payroll = make_employer(session, grants={branch: EmployerProfile.CONTRIBUTIONS}).id

    page = page_as(browser, base_url, boss)
    page.goto(base_url + routes.EMPLOYER_HOME)
    expect(_counter(page, "Assurés actifs")).to_contain_text("4")
    expect(_counter(page, "Affiliations à relancer")).to_contain_text("1")
    # the counter and the follow-up's list tell the same portabilité
    expect(_counter(page, "En portabilité")).to_contain_text("1")
    expect(page.get_by_text("Portabilités en cours (1)")).to_be_visible()
    expect(page.get_by_text(former_name)).to_be_visible()
    page.screenshot(path=artifacts / "employer-accueil-1280.png", full_page=True)

    page.get_by_role("combobox", name="Structure").click()
    page.get_by_role("option", name=branch.name).click()
    expect(_counter(page, "Assurés actifs")).to_contain_text("1")
    expect(_counter(page, "En portabilité")).to_contain_text("1")
    page.get_by_role("combobox", name="Structure").click()
    page.get_by_role("option", name="Toutes mes structures").click()
    expect(_counter(page, "Assurés actifs")).to_contain_text("4")

    restricted = page_as(browser, base_url, payroll, **PHONE)
    restricted.goto(base_url + routes.EMPLOYER_HOME)
    expect(_counter(restricted, "Cotisations dues")).to_be_visible()
    expect(restricted.locator("main").get_by_text(branch.name).first).to_be_visible()
    expect(_counter(restricted, "Assurés actifs")).to_have_count(0)  # not what a cotisations profile sees
    restricted.screenshot(path=artifacts / "employer-accueil-375.png", full_page=True)


def test_the_affiliation_counters_open_mes_salaries_filtered_by_their_status(browser: Browser, base_url: str):
    """« Affiliations à relancer » opened Assurés, every active employee mixed: it opens Mes salarié(e)s
    with only those « à relancer », the filter shown chosen."""
    tag = uuid.uuid4().hex[:6].upper()
    with db_session() as session:
        company = make_company(session, name=f"RELANCES {tag}")
        make_employee(session, company=company, last_name=f"AFFILIE{tag}")
        make_employee(
            session,
            company=company,
            status=AffiliationStatus.PENDING,
            invited_at=datetime.now(UTC) - timedelta(days=20),
            last_name=f"TARDIF{tag}",
        )
        boss = make_employer(session, principal_of=(company,)).id

    page = page_as(browser, base_url, boss)
    page.goto(base_url + routes.EMPLOYER_HOME)
    _counter(page, "Affiliations à relancer").click()
    expect(page).to_have_url(f"{base_url}{routes.EMPLOYER_STAFF}?statut=a_relancer")
    expect(page.get_by_label("Statut")).to_have_value(AffiliationStatus.TO_REMIND.value)
    expect(page.get_by_role("link", name=f"TARDIF{tag}").first).to_be_visible()
    expect(page.get_by_text(f"AFFILIE{tag}")).to_have_count(0)
    page.context.close()


def test_a_follow_up_nobody_receives_is_told_and_opens_mes_salaries_filtered(browser: Browser, base_url: str):
    """The fiche said when the user who chose an employee's addresses had left; Accueil did not, so HR could
    not find them: « À suivre » counts them and links to Mes salarié(e)s limited to them, where HR takes
    their follow-up over."""
    tag = uuid.uuid4().hex[:6].upper()
    with db_session() as session:
        company = make_company(session, name=f"SUIVIS {tag}")
        boss = make_employer(session, principal_of=(company,))
        gone = make_employer(session, principal_of=(company,))
        gone.is_active = False  # left the company
        for chooser, name in ((gone, f"ORPHELIN{tag}"), (boss, f"SUIVI{tag}")):
            employee = make_employee(
                session,
                company=company,
                status=AffiliationStatus.PENDING,
                invited_at=datetime.now(UTC),
                last_name=name,
            )
            employee.dispense_email, employee.invited_by_account_id = chooser.email, chooser.id
        boss_id = boss.id

    page = page_as(browser, base_url, boss_id)
    page.goto(base_url + routes.EMPLOYER_HOME)
    expect(page.get_by_text("1 salarié(e) en cours d'affiliation ou à relancer : personne")).to_be_visible()
    page.get_by_role("link", name="Voir ces salarié(e)s").click()
    expect(page).to_have_url(f"{base_url}{routes.EMPLOYER_STAFF}?suivi=orphelin")
    expect(page.get_by_role("link", name=f"ORPHELIN{tag}").first).to_be_visible()
    expect(page.get_by_text(f"SUIVI{tag}")).to_have_count(0)
    # HR takes the follow-up over: the affiliation leaves the list, and Accueil no longer counts it
    page.get_by_role("button", name="Recevoir le suivi de ces affiliations").click()
    expect(page.get_by_role("alertdialog")).to_contain_text("de 1 salarié(e) de cette liste")
    page.get_by_role("alertdialog").get_by_role("button", name="Recevoir le suivi").click()
    expect(page.get_by_text("Vous recevez désormais le suivi de 1 affiliation")).to_be_visible()
    expect(page.get_by_role("link", name=f"ORPHELIN{tag}")).to_have_count(0)
    page.get_by_role("link", name="Afficher tous les salarié(e)s").click()
    expect(page.get_by_role("link", name=f"SUIVI{tag}").first).to_be_visible()
    expect(page.get_by_role("link", name=f"ORPHELIN{tag}").first).to_be_visible()
    page.goto(base_url + routes.EMPLOYER_HOME)
    expect(page.get_by_role("heading", name="À suivre")).to_be_visible()
    expect(page.get_by_text("en cours d'affiliation ou à relancer : personne")).to_have_count(0)
    page.context.close()


def test_each_counter_opens_the_view_of_exactly_what_it_counts(browser: Browser, base_url: str):
    """« Assurés actifs » opened Assurés › Actifs (also the en cours, à relancer and dispensé(e)s), « En
    portabilité » the Actifs tab, « Arrêts de travail en cours » every arrêt, « Cotisations dues » the top of
    Entreprise: each opens the view listing what it counted."""
    tag = uuid.uuid4().hex[:6].upper()
    today = paris_today()
    with db_session() as session:
        company = make_company(session, name=f"COMPTEURS {tag}")
        make_employee(session, company=company, last_name=f"AFFILIE{tag}")
        make_employee(session, company=company, status=AffiliationStatus.EXEMPTED, last_name=f"DISPENSE{tag}")
        former = make_employee(
            session, company=company, status=AffiliationStatus.PORTABILITY, last_name=f"PORTABLE{tag}"
        )
        former.portability_end_on = today + timedelta(days=200)
        provident = make_provident_contract(session, company=company)
        for start, end in ((10, None), (90, 60)):  # days ago: running, closed
            make_sick_leave(
                session,
                employee=former,
                contract=provident,
                start=today - timedelta(days=start),
                end=today - timedelta(days=end) if end else None,
                daily=Decimal("40"),
            )
        make_contribution(
            session,
            contract=make_contract(session, company=company),
            period_start=today - timedelta(days=60),
            period_end=today - timedelta(days=30),
            due=Decimal("900"),
            paid=Decimal("0"),
            due_on=today + timedelta(days=10),
        )
        boss = make_employer(session, principal_of=(company,)).id

    page = page_as(browser, base_url, boss, **PHONE)
    page.goto(base_url + routes.EMPLOYER_HOME)
    expect(_counter(page, "Assurés actifs")).to_contain_text("1")
    _counter(page, "Assurés actifs").click()
    expect(page).to_have_url(f"{base_url}{routes.EMPLOYER_STAFF}?statut=affilie")
    expect(page.get_by_label("Statut")).to_have_value(AffiliationStatus.AFFILIATED.value)
    expect(page.get_by_role("link", name=f"AFFILIE{tag}").first).to_be_visible()
    expect(page.get_by_text(f"DISPENSE{tag}")).to_have_count(0)

    page.goto(base_url + routes.EMPLOYER_HOME)
    _counter(page, "En portabilité").click()
    expect(page).to_have_url(f"{base_url}{routes.EMPLOYER_EMPLOYEES}?onglet=portabilite")
    expect(page.get_by_role("tab", name="En portabilité")).to_have_attribute("aria-selected", "true")
    expect(page.locator(f"text=PORTABLE{tag} >> visible=true").first).to_be_visible()  # a card on a phone

    page.goto(base_url + routes.EMPLOYER_HOME)
    _counter(page, "Arrêts de travail en cours").click()
    expect(page.get_by_label("Arrêts", exact=True)).to_have_value("en_cours")
    expect(page.get_by_text("1 arrêt de travail", exact=False).first).to_be_visible()
    page.get_by_label("Arrêts", exact=True).select_option("")  # the filter is cleared: every arrêt again
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text("2 arrêts de travail", exact=False).first).to_be_visible()

    page.goto(base_url + routes.EMPLOYER_HOME)
    _counter(page, "Cotisations dues").click()
    expect(page).to_have_url(f"{base_url}{routes.EMPLOYER_COMPANY}#bordereaux")
    expect(page.get_by_role("heading", name="Bordereaux de cotisations")).to_be_in_viewport()
    page.context.close()


def test_accueils_names_open_their_fiche_even_from_another_chosen_structure(browser: Browser, base_url: str):
    """The names under « Portabilités en cours » were plain text, and a fiche of another structure than the
    one chosen in the header said « Salarié(e) introuvable. »: the name opens the fiche, on its structure."""
    tag = uuid.uuid4().hex[:6].upper()
    with db_session() as session:
        head = make_company(session, name=f"MÉRIGNAC {tag}")
        branch = make_company(session, parent=head, name=f"BAYONNE {tag}")
        former = make_employee(session, company=head, status=AffiliationStatus.PORTABILITY)
        former.portability_end_on = paris_today() + timedelta(days=100)
        name, first, last = f"{former.last_name} {former.first_name}", former.first_name, former.last_name
        employee_id = former.id
        make_employee(session, company=branch)
        boss = make_employer(session, principal_of=(head, branch)).id
        outsider = make_employee(session, company=make_company(session)).id

    page = page_as(browser, base_url, boss)
    page.goto(base_url + routes.EMPLOYER_HOME)
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=f"Mme {first} {last}", level=1)).to_be_visible()

    page.goto(base_url + routes.EMPLOYER_HOME)
    page.get_by_role("combobox", name="Structure").click()
    page.get_by_role("option", name=branch.name).click()
    page.goto(f"{base_url}{routes.EMPLOYER_STAFF_RECORD}?salarie={employee_id}")  # as an e-mail's link
    expect(page.get_by_role("heading", name=f"Mme {first} {last}", level=1)).to_be_visible()
    expect(page.get_by_text(f"appartient à la structure {head.name}")).to_be_visible()
    page.goto(f"{base_url}{routes.EMPLOYER_STAFF_RECORD}?salarie={outsider}")
    expect(page.get_by_text("Salarié(e) introuvable.")).to_be_visible()
    page.context.close()
