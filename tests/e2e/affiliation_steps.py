"""Browser steps of the paper-free affiliation that several journeys share: the demo HR manager, and the
4 steps of HR's pré-affiliation up to its summary."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from ocso_app.db import db_session
from ocso_app.models import Account, AccountKind
from ocso_app.seed.data.personas import EMPLOYER_EMAIL

COMPANY = "BOULANGERIES DU LITTORAL"
HIRED_ON = "01/03/2026"  # within the demo company's contracts


def hr_account() -> int:
    """The demo's HR manager (rh@boulangeries-littoral.fr)."""
    with db_session() as session:
        return session.scalar(
            select(Account.id).where(Account.kind == AccountKind.EMPLOYER, Account.login == EMPLOYER_EMAIL)
        )


def step(page: Page, name: str, level: str) -> None:
    expect(page.get_by_role("heading", name=re.compile(f"^{level}\\. {name}$"))).to_be_visible()


def fill_identity(
    page: Page, *, civility: str, last: str, first: str, nir: str, birth: str = "02/04/1985"
) -> None:
    """Step 1 typed and sent (« Suivant »)."""
    step(page, "Identité", "1")
    page.get_by_label("Civilité").select_option(civility)
    page.get_by_label("Nom", exact=True).fill(last)
    page.get_by_label("Prénom").fill(first)
    page.get_by_label("Date de naissance").fill(birth)
    page.get_by_label("N° de sécurité sociale").fill(nir)
    page.get_by_role("button", name="Suivant").click()


def fill_contract(page: Page, *, company: str = COMPANY, hired_on: str = HIRED_ON) -> None:
    """Step 2: the structure ``company`` (the demo's by default), its whole staff's category (every contract
    ticked), the hiring date; sent."""
    step(page, "Contrat", "2")
    page.get_by_label("Structure de rattachement").select_option(label=company)
    page.get_by_label("Catégorie de personnel").select_option("Ensemble du personnel")
    expect(page.get_by_text("(n° CS-")).to_be_visible()  # the santé contract offered, ticked
    page.get_by_label("Date d'embauche").fill(hired_on)
    page.get_by_role("button", name="Suivant").click()


def fill_wizard(
    page: Page,
    *,
    civility: str,
    last: str,
    first: str,
    nir: str,
    email: str = "",
    birth: str = "02/04/1985",
    company: str = COMPANY,
    hired_on: str = HIRED_ON,
) -> None:
    """The 4 steps up to the summary (the structure ``company`` and its category chosen, every contract
    ticked)."""
    fill_identity(page, civility=civility, last=last, first=first, nir=nir, birth=birth)
    fill_contract(page, company=company, hired_on=hired_on)
    step(page, "Coordonnées", "3")
    if email:
        page.get_by_label("Adresse e-mail du/de la salarié(e)").fill(email)
    else:
        page.get_by_label("Adresse", exact=True).fill("3 rue de Siam")
        page.get_by_label("Code postal").fill("29200")
        page.get_by_label("Ville").fill("Brest")
    page.get_by_role("button", name="Suivant").click()
    step(page, "Récapitulatif", "4")
