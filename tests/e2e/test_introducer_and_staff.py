"""Business introducers and OCSO staff in Chromium: login, identifier by e-mail, portfolio, staff TOTP."""

import re
import uuid

import pyotp
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Account, BusinessIntroducer, StaffRole
from ocso_app.state.base import NOT_ALLOWED
from tests.builders import make_company, make_introducer, make_staff
from tests.e2e.helpers import continue_after_new_password, open_section, page_as
from tests.support.mailbox import body_text

PASSWORD = "Apporteur-2026!"


def _introducer_with_company(tag: str) -> tuple[str, str, str]:
    """An introducer whose address is ap.<tag>@example.fr, with one client company and not the other."""
    with db_session() as session:
        mine, other = make_company(session, name=f"CLIENT {tag}"), make_company(session, name=f"AUTRE {tag}")
        introducer = make_introducer(
            session, companies=(mine,), email=f"ap.{tag}@example.fr", password=PASSWORD
        )
        return introducer.identifier, mine.name, other.name


def test_introducer_gets_the_identifier_by_mail_and_sees_only_the_portfolio(
    page: Page, base_url: str, mailbox, artifacts
):
    tag = uuid.uuid4().hex[:6].upper()
    identifier, mine, other = _introducer_with_company(tag)
    page.goto(base_url + routes.INTRODUCER_LOGIN)
    page.get_by_role("link", name="Obtenir votre identifiant").click()
    page.get_by_label("Adresse e-mail").fill(f"ap.{tag}@example.fr")
    page.get_by_role("button", name="Recevoir mon identifiant").click()
    expect(page.get_by_text("votre identifiant vient de vous être envoyé")).to_be_visible()
    assert identifier in body_text(mailbox.wait_for(f"ap.{tag.lower()}@example.fr")[-1])

    page.goto(base_url + routes.INTRODUCER_LOGIN)
    page.get_by_label("Identifiant").fill(identifier)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Mon portefeuille")).to_be_visible()
    expect(page.get_by_text(mine)).to_be_visible()
    expect(page.get_by_text(other)).to_have_count(0)
    page.screenshot(path=artifacts / "introducer-portfolio-1280.png", full_page=True)

    # OCSO's answers for introducers, searched as one types (the members' and employers' never show).
    expect(page.get_by_role("button", name="Que montre le détail d'une entreprise ?")).to_be_visible()
    expect(page.get_by_role("button", name="Comment donner accès à un collègue ?")).to_have_count(0)
    page.get_by_label("Rechercher dans l'aide").fill("détail effectifs")
    expect(page.get_by_role("button", name="Quelles entreprises vois-je dans mon espace ?")).to_have_count(0)
    answer = open_section(page, "Que montre le détail d'une entreprise ?")
    expect(answer).to_contain_text("jamais les remboursements")


def test_staff_logs_in_with_password_and_authenticator_app_only(page: Page, base_url: str, artifacts):
    secret = pyotp.random_base32()
    with db_session() as session:
        email = make_staff(session, role=StaffRole.PRESTATIONS, password=PASSWORD, totp_secret=secret).login
    page.goto(base_url + routes.STAFF_LOGIN)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Vérification de votre identité")).to_be_visible()
    expect(page.get_by_role("button", name="Application d'authentification")).to_be_visible()
    expect(page.get_by_role("button", name="Recevoir un code par e-mail")).to_have_count(0)
    page.goto(base_url + routes.STAFF_HOME)  # the second factor cannot be skipped
    expect(page.get_by_role("heading", name="Vérification de votre identité")).to_be_visible()
    page.get_by_role("button", name="Application d'authentification").click()
    page.get_by_label("Code de vérification").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_text("Prestations", exact=True)).to_be_visible()

    # A company's file is the Entreprises desk's: a link to one brings the agent home, told why.
    page.goto(base_url + routes.STAFF_COMPANY_FILE + "?n=1")
    expect(page.get_by_text(NOT_ALLOWED)).to_be_visible()
    expect(page).to_have_url(re.compile(re.escape(routes.STAFF_HOME) + "$"))
    page.screenshot(path=artifacts / "staff-refused-page.png")


def test_an_administrator_welcomes_a_new_introducer_who_then_sees_their_portfolio(
    browser: Browser, page: Page, base_url: str, mailbox, artifacts
):
    """Apporteurs (Espace OCSO, administrators): a new introducer, a wrong commission refused with nothing
    added, then a company added by its client number; the introducer's e-mail carries their identifier and
    temporary password, with which they log in, choose their own and find the company in their portfolio."""
    tag = uuid.uuid4().hex[:6].upper()
    email = f"apporteur.{tag.lower()}@example.fr"
    with db_session() as session:
        admin_id = make_staff(session, role=StaffRole.ADMIN).id
        company = make_company(session, name=f"NOUVEAU PORTEFEUILLE {tag}")
        client_number = company.client_number
    staff = page_as(browser, base_url, admin_id, viewport={"width": 1280, "height": 900})
    staff.goto(base_url + routes.STAFF_INTRODUCERS)
    expect(staff.get_by_role("heading", name="Apporteurs d'affaires", level=1)).to_be_visible()
    staff.get_by_label("Raison sociale ou nom").fill(f"Cabinet {tag}")
    staff.get_by_label("N° ORIAS (8 chiffres, facultatif)").fill("07123456")
    staff.get_by_label("Adresse e-mail").fill(email)
    staff.get_by_role("button", name="Créer l'apporteur").click()
    expect(staff.get_by_text(re.compile(rf"L'apporteur Cabinet {tag} est créé"))).to_be_visible()
    text = body_text(mailbox.wait_for(email)[-1])
    identifier = re.search(r"Votre identifiant : (AP\d{6})", text).group(1)
    temporary = re.search(r"\n\n(\S{12})\n\n", text).group(1)

    staff.get_by_label("Apporteur", exact=True).select_option(label=f"Cabinet {tag} ({identifier})")
    staff.get_by_label("Numéro client de l'entreprise").fill(client_number)
    staff.get_by_label("Commission (%)").fill("150")
    staff.get_by_role("button", name="Ajouter au portefeuille").click()
    expect(staff.get_by_text("Indiquez la commission en pourcentage")).to_be_visible()
    staff.get_by_label("Apporteur", exact=True).select_option(label=f"Cabinet {tag} ({identifier})")
    staff.get_by_label("Numéro client de l'entreprise").fill(client_number)
    staff.get_by_label("Commission (%)").fill("2,5")
    staff.get_by_role("button", name="Ajouter au portefeuille").click()
    expect(staff.get_by_text(f"NOUVEAU PORTEFEUILLE {tag} est ajoutée au portefeuille")).to_be_visible()
    expect(
        staff.get_by_text(re.compile(rf"NOUVEAU PORTEFEUILLE {tag} \({client_number}\) depuis le"))
    ).to_be_visible()
    staff.screenshot(path=artifacts / "staff-introducers-1280.png", full_page=True)
    staff.context.close()

    page.goto(base_url + routes.INTRODUCER_LOGIN)
    page.get_by_label("Identifiant").fill(identifier)
    page.get_by_label("Mot de passe", exact=True).fill(temporary)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_label("Nouveau mot de passe").fill("Apporteur-2026!")
    page.get_by_label("Confirmation").fill("Apporteur-2026!")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    continue_after_new_password(page)  # « Continuer »: the session gets a new token
    expect(page.get_by_role("heading", name="Mon portefeuille")).to_be_visible()
    expect(page.get_by_text(f"NOUVEAU PORTEFEUILLE {tag}")).to_be_visible()

    # « Retirer » asks first: « Annuler » keeps the company, the confirmation takes it out of the portfolio
    staff = page_as(browser, base_url, admin_id, viewport={"width": 1280, "height": 900})
    staff.goto(base_url + routes.STAFF_INTRODUCERS)
    remove = staff.get_by_role("button", name=f"Retirer NOUVEAU PORTEFEUILLE {tag} du portefeuille")
    remove.click()
    dialog = staff.get_by_role("alertdialog")
    expect(
        dialog.get_by_text(f"NOUVEAU PORTEFEUILLE {tag} ne sera plus dans le portefeuille")
    ).to_be_visible()
    staff.wait_for_timeout(300)  # the dialog's fade-in, for the screenshot only
    staff.screenshot(path=artifacts / "staff-introducers-remove.png")
    dialog.get_by_role("button", name="Annuler").click()
    expect(dialog).to_have_count(0)
    expect(remove).to_be_visible()
    remove.click()
    staff.get_by_role("alertdialog").get_by_role("button", name="Retirer du portefeuille").click()
    expect(
        staff.get_by_text(f"NOUVEAU PORTEFEUILLE {tag} est retirée du portefeuille de Cabinet {tag}.")
    ).to_be_visible()
    expect(remove).to_have_count(0)
    staff.context.close()
    page.reload()
    expect(page.get_by_role("heading", name="Mon portefeuille")).to_be_visible()
    expect(page.get_by_text(f"NOUVEAU PORTEFEUILLE {tag}")).to_have_count(0)


def _log_in_introducer(page: Page, base_url: str, identifier: str) -> None:
    page.goto(base_url + routes.INTRODUCER_LOGIN)
    page.get_by_label("Identifiant").fill(identifier)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_a_deactivated_introducers_open_page_is_logged_out_and_reactivation_gives_the_portfolio_back(
    browser: Browser, page: Page, base_url: str, artifacts
):
    """Apporteurs (Espace OCSO): « Désactiver » asks first (« Annuler » keeps the introducer); confirmed,
    the introducer's page, open all along, is logged out at its next event, their password is refused at the
    login, and the list shows « Désactivé » with « Réactiver », which lets them in to the same portfolio."""
    tag = uuid.uuid4().hex[:6].upper()
    identifier, mine, _ = _introducer_with_company(tag)
    with db_session() as session:
        admin_id = make_staff(session, role=StaffRole.ADMIN).id
        introducer = session.scalar(
            select(BusinessIntroducer).where(BusinessIntroducer.identifier == identifier)
        )
        introducer.name = name = f"Cabinet Sortant {tag}"  # one on the list, whatever the others' names
        account_id = session.scalar(select(Account.id).where(Account.introducer_id == introducer.id))
    _log_in_introducer(page, base_url, identifier)
    expect(page.get_by_role("heading", name="Mon portefeuille")).to_be_visible()
    expect(page.get_by_text(mine)).to_be_visible()

    staff = page_as(browser, base_url, admin_id, viewport={"width": 1280, "height": 900})
    staff.goto(base_url + routes.STAFF_INTRODUCERS)
    deactivate = staff.get_by_role("button", name=f"Désactiver l'apporteur {name}")
    deactivate.click()
    dialog = staff.get_by_role("alertdialog")
    expect(dialog.get_by_text(f"{name} ({identifier}) ne pourra plus se connecter")).to_be_visible()
    dialog.get_by_role("button", name="Annuler").click()
    expect(dialog).to_have_count(0)
    with db_session() as session:
        assert session.get(Account, account_id).is_active
    deactivate.click()
    staff.get_by_role("alertdialog").get_by_role("button", name="Désactiver l'apporteur").click()
    expect(staff.get_by_text(f"L'apporteur {name} ({identifier}) est désactivé")).to_be_visible()
    reactivate = staff.get_by_role("button", name=f"Réactiver l'apporteur {name}")
    expect(reactivate).to_be_visible()
    expect(deactivate).to_have_count(0)
    expect(staff.get_by_text("Désactivé", exact=True).first).to_be_visible()
    staff.screenshot(path=artifacts / "staff-introducers-deactivated.png", full_page=True)

    page.reload()  # the introducer's page, open all along: its next event is refused
    expect(page).to_have_url(re.compile(re.escape(routes.INTRODUCER_LOGIN)))
    expect(page.get_by_text(mine)).to_have_count(0)
    _log_in_introducer(page, base_url, identifier)
    expect(page.get_by_text("Identifiant ou mot de passe incorrect")).to_be_visible()
    expect(page.get_by_role("heading", name="Mon portefeuille")).to_have_count(0)

    reactivate.click()
    expect(staff.get_by_text(f"L'apporteur {name} ({identifier}) est réactivé")).to_be_visible()
    expect(staff.get_by_role("button", name=f"Désactiver l'apporteur {name}")).to_be_visible()
    staff.context.close()
    _log_in_introducer(page, base_url, identifier)
    expect(page.get_by_role("heading", name="Mon portefeuille")).to_be_visible()
    expect(page.get_by_text(mine)).to_be_visible()


def test_an_administrator_changes_an_introducers_address_and_their_open_page_is_logged_out(
    browser: Browser, page: Page, base_url: str, mailbox, artifacts
):
    """Apporteurs (Espace OCSO): « Modifier l'adresse e-mail » opens a form on the introducer's line; their
    own address is refused beside it, a new one is saved, the line shows it, both addresses are told, and the
    introducer's page, open all along, is sent to the login at its next event."""
    tag = uuid.uuid4().hex[:6].upper()
    identifier, mine, _ = _introducer_with_company(tag)
    old, new = f"ap.{tag.lower()}@example.fr", f"nouvelle.{tag.lower()}@example.fr"
    with db_session() as session:
        admin_id = make_staff(session, role=StaffRole.ADMIN).id
        introducer = session.scalar(
            select(BusinessIntroducer).where(BusinessIntroducer.identifier == identifier)
        )
        introducer.name = name = f"Cabinet Adresse {tag}"
    _log_in_introducer(page, base_url, identifier)
    expect(page.get_by_text(mine)).to_be_visible()

    staff = page_as(browser, base_url, admin_id, viewport={"width": 1280, "height": 900})
    staff.goto(base_url + routes.STAFF_INTRODUCERS)
    staff.get_by_role("button", name=f"Modifier l'adresse e-mail de l'apporteur {name}").click()
    field = staff.get_by_label(f"Nouvelle adresse e-mail de {name}")
    expect(field).to_have_value(old)
    field.fill(old.upper())
    staff.get_by_role("button", name="Enregistrer l'adresse").click()
    expect(staff.get_by_text("C'est déjà l'adresse e-mail de cet apporteur d'affaires.")).to_be_visible()
    field.fill(new)
    staff.get_by_role("button", name="Enregistrer l'adresse").click()
    expect(
        staff.get_by_text(f"L'adresse e-mail de l'apporteur {name} ({identifier}) est maintenant {new}")
    ).to_be_visible()
    expect(field).to_have_count(0)
    expect(
        staff.get_by_role("button", name=f"Modifier l'adresse e-mail de l'apporteur {name}")
    ).to_be_visible()
    staff.screenshot(path=artifacts / "staff-introducers-new-address.png", full_page=True)
    staff.context.close()
    assert "Espace Apporteurs" in body_text(mailbox.wait_for(old)[-1])
    assert "Espace Apporteurs" in body_text(mailbox.wait_for(new)[-1])

    page.reload()  # the introducer's page, open all along: its session ended
    expect(page).to_have_url(re.compile(re.escape(routes.INTRODUCER_LOGIN)))
    _log_in_introducer(page, base_url, identifier)  # same identifier, same password
    expect(page.get_by_text(mine)).to_be_visible()
