"""Administration des structures and the introducers' portfolio in Chromium: the principal changes a user's
profile then deactivates them (the user's open page is logged out on its next event); a non-administrator
reads who to ask; the introducer opens a company of the portfolio in detail (figures, no names)."""

import re
import uuid

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Account, AuditEvent, EmployerGrant, EmployerProfile
from ocso_app.services import employer_accounts, passwords_flow
from ocso_app.services.formats import of
from ocso_app.services.sessions import SESSION_COOKIE
from ocso_app.state.employer.administration import AdministrationState
from ocso_app.state.introducer.portfolio import PortfolioState
from tests.builders import PASSWORD, make_company, make_company_with_activity, make_employer, make_introducer
from tests.builders.employers import SECURITY_CODE
from tests.e2e.helpers import cookie_for, expect_reflow, log_in_employer
from tests.support.mailbox import body_text
from tests.support.raw_socket import RawReflexSocket, handler_name

PHONE = {"width": 375, "height": 812}
# The elements that stick out of the window sideways (none at 375 px).
WIDEST = """[...document.querySelectorAll('main *')]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .slice(0, 5).map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 40))"""


def _open_as(browser: Browser, base_url: str, account_id: int, **context) -> Page:
    """A browser already logged in as ``account_id`` (its session cookie, second factor done)."""
    token = cookie_for(account_id).split("=", 1)[1]
    ctx = browser.new_context(**context)
    ctx.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": base_url, "httpOnly": True}])
    return ctx.new_page()


def test_principal_changes_a_profile_then_deactivates_the_user_whose_page_is_logged_out(
    browser: Browser, base_url: str, mailbox, artifacts
):
    tag = uuid.uuid4().hex[:6].upper()
    with db_session() as session:
        head = make_company(session, name=f"ALPHA {tag}")
        branch = make_company(session, parent=head, name=f"ALPHA {tag} PAU")
        principal = make_employer(
            session, principal_of=(head, branch), email=f"dirigeant.{tag.lower()}@example.fr"
        )
        user = make_employer(
            session, grants={head: EmployerProfile.READ_ONLY}, email=f"paie.{tag.lower()}@example.fr"
        )
        principal_id, principal_email, user_id, user_email = (
            principal.id,
            principal.email,
            user.id,
            user.email,
        )
        user_name = f"{user.first_name} {user.last_name.upper()}"

    user_page = _open_as(browser, base_url, user_id)
    user_page.goto(base_url + routes.EMPLOYER_ADMINISTRATION)
    expect(user_page.get_by_role("heading", name="Obtenir un accès ou changer de profil")).to_be_visible()
    expect(user_page.get_by_text(principal_email)).to_be_visible()
    expect(user_page.get_by_role("button", name="Inviter")).to_have_count(0)

    page = browser.new_context().new_page()
    log_in_employer(page, base_url, principal_email, mailbox)
    page.goto(base_url + routes.EMPLOYER_ADMINISTRATION)
    expect(page.get_by_role("heading", name="Les utilisateurs de vos structures")).to_be_visible()
    card = page.get_by_role("listitem", name=user_name)
    expect(card.get_by_text(f"ALPHA {tag} : Consultation")).to_be_visible()
    page.screenshot(path=artifacts / "employer-administration-1280.png", full_page=True)

    manage = card.get_by_role("button", name=f"Gérer les accès {of(user_name)}")
    manage.focus()  # the form opened takes the focus, « Fermer » gives it back (both left it on the body)
    page.keyboard.press("Enter")
    expect(card.locator("select").first).to_be_focused()
    card.get_by_role("button", name="Fermer").focus()
    page.keyboard.press("Enter")
    expect(manage).to_be_focused()
    manage.click()
    card.get_by_label(branch.name).select_option("arrets_travail")
    card.get_by_label(head.name, exact=True).select_option("cotisations")
    page.screenshot(path=artifacts / "employer-administration-editing-1280.png", full_page=True)
    card.get_by_role("button", name="Enregistrer les accès").click()
    expect(page.get_by_role("status").filter(has_text="sont enregistrés")).to_be_visible()
    expect(card.get_by_text(f"ALPHA {tag} : Cotisations")).to_be_visible()
    expect(manage).to_be_focused()
    with db_session() as session:
        grants = {
            g.company_id: g.profile
            for g in session.scalars(select(EmployerGrant).where(EmployerGrant.account_id == user_id))
        }
        assert grants == {head.id: EmployerProfile.CONTRIBUTIONS, branch.id: EmployerProfile.SICK_LEAVE}

    card.get_by_role("button", name=f"Gérer les accès {of(user_name)}").click()
    card.get_by_role("button", name="Désactiver le compte").click()  # asked first: « Annuler » keeps it
    page.get_by_role("alertdialog").get_by_role("button", name="Annuler").click()
    with db_session() as session:
        assert session.get(Account, user_id).is_active
    card.get_by_role("button", name="Désactiver le compte").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Désactiver le compte").click()
    expect(page.get_by_role("status").filter(has_text="est désactivé")).to_be_visible()
    expect(card.get_by_text("Désactivé", exact=True)).to_be_visible()

    # The user's page, open all along, is logged out on its next event (a menu link, client-side).
    user_page.get_by_role("link", name="Accueil").first.click()
    expect(user_page.get_by_role("heading", name="Connexion à l'espace employeur")).to_be_visible()
    expect(user_page).to_have_url(re.compile(re.escape(routes.EMPLOYER_LOGIN)))
    expect(user_page.get_by_text(principal_email)).to_have_count(0)

    with db_session() as session:
        actions = list(
            session.scalars(
                select(AuditEvent.action).where(
                    AuditEvent.account_id == principal_id, AuditEvent.company_id.in_([head.id, branch.id])
                )
            )
        )
    assert sum(user_email in a for a in actions) == 4  # two profiles changed, deactivated on two structures

    phone = _open_as(browser, base_url, principal_id, viewport=PHONE)
    phone.goto(base_url + routes.EMPLOYER_ADMINISTRATION)
    phone_card = phone.get_by_role("listitem", name=user_name)
    phone_card.get_by_role("button", name=f"Gérer les accès {of(user_name)}").click()
    expect(phone_card.get_by_role("button", name="Réactiver le compte")).to_be_visible()
    phone.screenshot(path=artifacts / "employer-administration-375.png", full_page=True)
    assert phone.evaluate(WIDEST) == []


def test_introducer_opens_a_company_of_the_portfolio_in_detail(browser: Browser, base_url: str, artifacts):
    tag = uuid.uuid4().hex[:6].upper()
    with db_session() as session:
        mine = make_company_with_activity(session, name=f"ATELIER {tag}")
        other = make_company_with_activity(session, name=f"AUTRE {tag}")
        introducer = make_introducer(session, companies=(mine,), password=PASSWORD)
        make_introducer(session, companies=(other,))
        identifier, number = introducer.identifier, mine.client_number

    for viewport, name in (({"width": 1280, "height": 900}, "1280"), (PHONE, "375")):
        page = browser.new_context(viewport=viewport).new_page()
        page.goto(base_url + routes.INTRODUCER_LOGIN)
        page.get_by_label("Identifiant").fill(identifier)
        page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_role("heading", name=f"ATELIER {tag}")).to_be_visible()
        expect(page.get_by_text(f"AUTRE {tag}")).to_have_count(0)
        page.get_by_role("button", name=f"Voir le détail d'ATELIER {tag}").click()  # « de » elided
        expect(page.get_by_role("button", name=f"Masquer le détail d'ATELIER {tag}")).to_be_visible()
        expect(page.get_by_role("heading", name="Contrats signés")).to_be_visible()
        expect(page.get_by_text(f"{number}-S", exact=True)).to_be_visible()
        expect(page.get_by_text(f"{number}-X")).to_have_count(0)  # not signed
        expect(page.get_by_text("À relancer")).to_be_visible()
        expect(page.get_by_text("01/04/2025 au 29/06/2025")).to_be_visible()
        expect(page.get_by_text("Poser une question")).to_have_count(2)
        expect(page.get_by_text("SECRETNOM")).to_have_count(0)
        page.screenshot(path=artifacts / f"introducer-portfolio-detail-{name}.png", full_page=True)
        assert page.evaluate(WIDEST) == []


def test_a_principal_cannot_reach_another_companys_user_by_id(live_app):
    """The ids are the browser's: another company's user can be neither opened, changed nor deactivated."""
    with db_session() as session:
        mine, theirs = make_company(session), make_company(session)
        boss = make_employer(session, principal_of=(mine,))
        make_employer(session, principal_of=(theirs,))
        victim = make_employer(session, grants={theirs: EmployerProfile.READ_ONLY})
        boss_id, victim_id, victim_email = boss.id, victim.id, victim.email
    socket = RawReflexSocket(live_app.url, cookie=cookie_for(boss_id))
    path = routes.EMPLOYER_ADMINISTRATION
    frames = " ".join(
        socket.call(handler_name(AdministrationState, "edit_user"), {"account_id": str(victim_id)}, path=path)
        + socket.call(
            handler_name(AdministrationState, "save_access"),
            {"form": {f"profil_{theirs.id}": "principal", f"profil_{mine.id}": "principal"}},
            path=path,
        )
        + socket.call(
            handler_name(AdministrationState, "deactivate"), {"account_id": str(victim_id)}, path=path
        )
    )
    socket.close()
    assert victim_email not in frames
    with db_session() as session:
        victim = session.get(Account, victim_id)
        assert victim.is_active
        grants = session.scalars(select(EmployerGrant.profile).where(EmployerGrant.account_id == victim_id))
        assert list(grants) == [EmployerProfile.READ_ONLY]


def test_an_introducer_cannot_open_another_portfolios_company(live_app):
    with db_session() as session:
        mine, theirs = (
            make_company(session),
            make_company_with_activity(session, name=f"AUTRUI {uuid.uuid4().hex[:6]}"),
        )
        introducer = make_introducer(session, companies=(mine,))
        make_introducer(session, companies=(theirs,))
        account_id = session.scalar(select(Account.id).where(Account.introducer_id == introducer.id))
        their_id, their_name, their_number = theirs.id, theirs.name, theirs.client_number
    socket = RawReflexSocket(live_app.url, cookie=cookie_for(account_id))
    frames = " ".join(
        socket.call(
            handler_name(PortfolioState, "open_company"), {"company_id": str(their_id)}, path="/apporteur"
        )
    )
    socket.close()
    assert their_name not in frames and their_number not in frames


def test_a_user_changes_their_mobile_number_and_password_from_their_account(
    browser: Browser, page: Page, base_url: str, mailbox, artifacts
):
    """« Mon compte » for any profile: the number the SMS codes go to, with the password asked again (a wrong
    one changes nothing) and an e-mail telling the account; then the password, after which the new one logs
    in and the old one no longer does."""
    new_password = "Nouveau-2026!"
    with db_session() as session:
        reader = make_employer(session, grants={make_company(session): EmployerProfile.READ_ONLY})
        reader_id, email = reader.id, reader.email
    mine = _open_as(browser, base_url, reader_id, viewport={"width": 1280, "height": 900})
    mine.goto(base_url + routes.EMPLOYER_ADMINISTRATION)
    expect(mine.get_by_text("06 12 34 56 78")).to_be_visible()

    number = mine.get_by_label("Nouveau numéro de mobile")
    its_password = mine.get_by_label("Votre mot de passe, pour confirmer que c'est vous")
    number.fill("07 11 22 33 44")
    its_password.fill("pas-le-bon")
    mine.get_by_role("button", name="Modifier mon numéro").click()
    expect(mine.get_by_text(passwords_flow.WRONG_CURRENT_PASSWORD)).to_be_visible()
    expect(its_password).to_have_value("")  # the wrong password emptied, the number kept
    expect(number).to_have_value("07 11 22 33 44")
    number.fill("07 11 22")
    its_password.fill(PASSWORD)
    mine.get_by_role("button", name="Modifier mon numéro").click()
    expect(mine.get_by_text(employer_accounts.BAD_PHONE)).to_be_visible()
    expect(number).to_have_value("")  # the refused number emptied, the password kept
    expect(its_password).to_have_value(PASSWORD)
    number.fill("07 11 22 33 44")
    mine.get_by_role("button", name="Modifier mon numéro").click()
    expect(mine.get_by_text("Votre numéro de téléphone est enregistré")).to_be_visible()
    expect(mine.get_by_text("07 11 22 33 44")).to_be_visible()
    for each in (number, its_password):  # changed: both emptied
        expect(each).to_have_value("")
    assert "07 ** ** ** 44" in body_text(mailbox.wait_for(email)[-1])

    current, new, confirmation = (
        mine.get_by_label(label, exact=True)
        for label in ("Mot de passe actuel", "Nouveau mot de passe", "Confirmation")
    )
    current.fill("pas-le-bon")
    new.fill(new_password)
    confirmation.fill(new_password)
    mine.get_by_role("button", name="Modifier mon mot de passe").click()
    expect(mine.get_by_text(passwords_flow.WRONG_CURRENT_PASSWORD)).to_be_visible()
    expect(current).to_have_value("")  # the wrong one emptied, the new one kept
    expect(new).to_have_value(new_password)
    expect(confirmation).to_have_value(new_password)
    current.fill(PASSWORD)
    mine.get_by_role("button", name="Modifier mon mot de passe").click()
    expect(mine.get_by_text("Votre mot de passe est modifié.")).to_be_visible()
    for each in (current, new, confirmation):  # changed: all emptied
        expect(each).to_have_value("")
    mine.screenshot(path=artifacts / "employer-my-account-1280.png", full_page=True)
    mine.context.close()
    with db_session() as session:
        assert session.get(Account, reader_id).phone == "0711223344"

    page.goto(base_url + routes.EMPLOYER_LOGIN)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_contain_text("incorrect")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(new_password)
    page.get_by_role("button", name="Se connecter").click()
    sent = len(mailbox.wait_for(email))
    page.get_by_role("button", name="Recevoir un code par e-mail").click()
    code = re.search(r"\b(\d{6})\b", body_text(mailbox.wait_for(email, count=sent + 1)[-1])).group(1)
    page.get_by_label("Code de vérification").fill(code)
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def test_a_refused_structure_is_explained_in_its_form_which_keeps_what_was_typed(
    browser: Browser, base_url: str
):
    """« Ajouter une structure »: a wrong SIREN is refused beside the three fields, kept to be corrected
    (not at the top of the page, far above on a phone, with the fields emptied); once added, the form
    empties."""
    with db_session() as session:
        company = make_company(session)
        principal = make_employer(session, principal_of=(company,))
        other = make_company(session, name=f"DELTA {uuid.uuid4().hex[:6].upper()}")
        principal_id, number, siren, name = principal.id, other.client_number, other.siren, other.name
    page = _open_as(browser, base_url, principal_id, viewport=PHONE)
    page.goto(base_url + routes.EMPLOYER_ADMINISTRATION)
    form = page.locator("form").filter(has=page.get_by_role("button", name="Ajouter la structure"))
    form.get_by_label("Numéro client").fill(number)
    form.get_by_label("SIREN").fill("123456789")
    form.get_by_label("Code de sécurité").fill(SECURITY_CODE)
    form.get_by_role("button", name="Ajouter la structure").click()
    expect(form.get_by_role("alert")).to_be_visible()
    expect(form.get_by_label("Numéro client")).to_have_value(number)
    form.get_by_label("SIREN").fill(siren)
    form.get_by_label("Code de sécurité").fill(SECURITY_CODE)
    form.get_by_role("button", name="Ajouter la structure").click()
    expect(page.get_by_role("status").filter(has_text=name)).to_be_visible()
    expect(form.get_by_role("alert")).to_have_count(0)
    expect(form.get_by_label("Numéro client")).to_have_value("")
    page.context.close()


def test_long_email_addresses_break_inside_their_cards_on_a_phone(browser: Browser, base_url: str, artifacts):
    """A long e-mail address (the account's own, a user's card) breaks inside its card at 375 and 320 px
    instead of pushing the page sideways (WCAG 1.4.10)."""
    tag = uuid.uuid4().hex[:6]
    long_email = f"ressources.humaines.{tag}.mutuelle-prevoyance@boulangeries-patisseries-du-littoral.fr"
    # As long (98 characters) through its domain: a local part is 64 characters at most (RFC 5321), and
    # « direction.generale. » before the address above made one of 66, which the portal now refuses.
    principal_email = (
        f"direction.generale.{tag}.ressources-humaines@siege-social.boulangeries-patisseries-du-littoral.fr"
    )
    with db_session() as session:
        company = make_company(session)
        principal = make_employer(session, principal_of=(company,), email=principal_email)
        make_employer(session, grants={company: EmployerProfile.READ_ONLY}, email=long_email)
        principal_id = principal.id
    page = _open_as(browser, base_url, principal_id, viewport=PHONE)
    page.goto(base_url + routes.EMPLOYER_ADMINISTRATION)
    expect(page.get_by_text(long_email, exact=True)).to_be_visible()
    expect(page.get_by_text(principal_email, exact=True)).to_have_count(2)  # and its card
    for width in (375, 320):
        expect_reflow(page, width)
        assert page.evaluate(WIDEST) == []
    page.screenshot(path=artifacts / "employer-administration-long-email-320.png", full_page=True)
    page.context.close()
