"""Mes informations and the phone, in Chromium (issue 15), as one member's journey: the postal address shown
at once on Accueil; the e-mail changed only through the link sent to the new address (the old one told,
nothing changed before); the e-mail on a new payment; the télétransmission of each beneficiary; the
« Répartition par type » pie legible with ten care types on a phone; a photo sent from Mes démarches on a
375 px phone; dates typed jj/mm/aaaa; the tiers payant card kept on the device and
opened with the network off, then gone after logout. And the French page of an unknown address."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from playwright.sync_api import Browser, Error, Locator, Page, expect
from sqlalchemy import select

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Account, Beneficiary, CareLine, Member, PayeeKind, Statement
from ocso_app.services import contact_details, passwords_flow, uploads
from ocso_app.services.care_catalog import CARE_CATEGORIES
from ocso_app.services.formats import paris_today
from tests.builders import PASSWORD, make_company, make_image, make_member, make_member_account, new_email
from tests.builders.contracts import make_contract
from tests.e2e.helpers import open_section, page_as, shoot
from tests.support.mailbox import body_text


def _ten_care_types(session, member_id: int) -> None:
    """One décompte with a line of each of the ten care types (the « Répartition par type » pie)."""
    myself = session.scalar(select(Beneficiary.id).where(Beneficiary.member_id == member_id))
    lines = [
        CareLine(
            member_id=member_id,
            beneficiary_id=myself,
            care_date=paris_today() - timedelta(days=20),
            care_category=category,
            act_code=category,
            act_label=label,
            amount_spent=Decimal(10 * (index + 1)),
            ss_base=Decimal(0),
            ss_rate=0,
            ss_reimbursed=Decimal(0),
            complementary_reimbursed=Decimal(5 * (index + 1)),
            remaining_charge=Decimal(5 * (index + 1)),
        )
        for index, (category, label) in enumerate(CARE_CATEGORIES.items())
    ]
    statement = Statement(
        member_id=member_id,
        number=f"PROFIL{member_id}",
        paid_on=paris_today() - timedelta(days=10),
        payee_kind=PayeeKind.MEMBER,
        payee_name="Assuré",
        total_paid=sum((line.complementary_reimbursed for line in lines), Decimal(0)),
        lines=lines,
    )
    session.add(statement)
    session.flush()


def _member(email: str) -> tuple[int, int, str]:
    """A member covered by a signed contract (so the card exists) with ten care types spent on:
    (account id, member id, numéro)."""
    with db_session() as session:
        contract = make_contract(session, company=make_company(session))
        member = make_member(session, email=email, contract_option_id=contract.options[0].id)
        account = make_member_account(session, member=member)
        _ten_care_types(session, member.id)
        return account.id, member.id, account.login


def _email_of(account_id: int, member_id: int) -> tuple[str | None, str | None]:
    with db_session() as session:
        return session.get(Account, account_id).email, session.get(Member, member_id).email


def _expect_refused(field: Locator, message: str) -> None:
    """``field`` refused with ``message``, shown under it and tied to it (aria-invalid, its description)."""
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(message)
    expect(field.page.get_by_text(message, exact=True)).to_be_visible()


def _change_address_and_email(
    page: Page, base_url: str, mailbox, ids: tuple[int, int, str], old: str
) -> None:
    account_id, member_id, _ = ids
    page.goto(base_url + routes.MEMBER_INFORMATION)
    expect(page.get_by_label("Code postal")).to_have_value("33700")  # loaded: the form is live
    postal_code = page.get_by_label("Code postal")
    postal_code.fill("640")
    page.get_by_role("button", name="Modifier mon adresse postale").click()
    _expect_refused(postal_code, contact_details.BAD_POSTAL_CODE)
    page.get_by_label("Numéro et rue").fill("3 rue du Colombier")
    page.get_by_label("Code postal").fill("64000")
    page.get_by_label("Commune").fill("Ouchamps")
    page.get_by_role("button", name="Modifier mon adresse postale").click()
    expect(page.get_by_text("Votre adresse postale est modifiée.")).to_be_visible()
    expect(page.get_by_label("Code postal")).to_have_attribute("aria-invalid", "false")
    page.get_by_role("link", name="ACCUEIL", exact=True).click()
    expect(page.get_by_text("64000 OUCHAMPS")).to_be_visible()

    new = new_email()
    page.get_by_role("link", name="MES INFORMATIONS", exact=True).click()
    page.get_by_label("Nouvelle adresse e-mail").fill(new)
    page.get_by_label("Votre mot de passe, pour confirmer").fill("Mauvais-Passe-1")
    page.get_by_role("button", name="Modifier mon adresse e-mail").click()
    _expect_refused(page.get_by_label("Votre mot de passe, pour confirmer"), contact_details.WRONG_PASSWORD)
    expect(page.get_by_label("Votre mot de passe, pour confirmer")).to_have_value("")  # emptied by the page
    current = page.get_by_label("Mot de passe actuel")
    current.fill("Mauvais-Passe-1")
    page.get_by_label("Nouveau mot de passe").fill("Nouveau-Passe-2")
    page.get_by_label("Confirmation", exact=True).fill("Nouveau-Passe-2")
    page.get_by_role("button", name="Modifier mon mot de passe").click()
    _expect_refused(current, passwords_flow.WRONG_CURRENT_PASSWORD)
    # the wrong field emptied, the others kept: not a message under three empty fields
    expect(current).to_have_value("")
    expect(page.get_by_label("Nouveau mot de passe")).to_have_value("Nouveau-Passe-2")
    expect(page.get_by_label("Confirmation", exact=True)).to_have_value("Nouveau-Passe-2")
    current.fill(PASSWORD)
    page.get_by_label("Confirmation", exact=True).fill("Nouveau-Passe-3")
    page.get_by_role("button", name="Modifier mon mot de passe").click()
    _expect_refused(page.get_by_label("Confirmation", exact=True), passwords_flow.PASSWORDS_DIFFER)
    expect(page.get_by_label("Confirmation", exact=True)).to_have_value("")
    expect(current).to_have_value(PASSWORD)
    expect(page.get_by_label("Nouveau mot de passe")).to_have_value("Nouveau-Passe-2")
    assert mailbox.to(new) == []
    page.get_by_label("Votre mot de passe, pour confirmer").fill(PASSWORD)
    page.get_by_role("button", name="Modifier mon adresse e-mail").click()
    expect(page.get_by_text(f"Un lien de confirmation vient d'être envoyé à {new}")).to_be_visible()
    assert "ne prendra effet" in body_text(mailbox.wait_for(old)[-1])
    link = re.search(r"jeton=(\S+)", body_text(mailbox.wait_for(new)[0])).group(1)
    assert _email_of(account_id, member_id) == (old, old)  # nothing changed before the link
    page.goto(f"{base_url}{routes.MEMBER_EMAIL_CONFIRMATION}?jeton={link}")
    expect(page.get_by_text(f"Nouvelle adresse : {new}")).to_be_visible()  # what the member confirms
    page.get_by_role("button", name="Confirmer cette adresse").click()
    expect(page.get_by_text(f"Votre adresse e-mail est désormais {new}.")).to_be_visible()
    assert _email_of(account_id, member_id) == (new, new)
    page.goto(f"{base_url}{routes.MEMBER_EMAIL_CONFIRMATION}?jeton={link}")
    expect(page.get_by_text("Ce lien n'est plus valable")).to_be_visible()
    expect(page.get_by_text(new)).to_have_count(0)  # a used link names no address


def _preferences(page: Page, base_url: str, member_id: int, artifacts) -> None:
    page.goto(base_url + routes.MEMBER_INFORMATION)
    expect(page.get_by_label("Code postal")).to_have_value("64000")
    expect(page.get_by_role("heading", name="Télétransmission avec l'Assurance Maladie")).to_be_visible()
    expect(page.get_by_text("Active", exact=True)).to_be_visible()
    page.get_by_label("Me prévenir par e-mail de chaque nouveau remboursement").click()
    expect(page.get_by_text("Vous recevrez un e-mail à chaque nouveau remboursement.")).to_be_visible()
    with db_session() as session:
        assert session.get(Member, member_id).payment_email
    shoot(page, artifacts, "member-information")


def _photo_from_a_phone(page: Page, base_url: str, tmp_path, artifacts) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(base_url + routes.MEMBER_REIMBURSEMENTS)
    legend = page.locator("#pie-types .legende li")
    expect(legend.nth(9)).to_be_visible()  # ten care types or more, each legible in the legend
    box = page.locator("#pie-types")
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight + 1")
    assert page.locator("#pie-types svg").bounding_box()["width"] >= 200  # the pie does not shrink
    box.screenshot(path=artifacts / "member-pie-ten-types-375.png")
    page.goto(base_url + routes.MEMBER_REQUESTS)
    open_section(page, "ENVOI DE DOCUMENTS")
    expect(page.locator("#documents-beneficiary option")).to_have_count(2)  # loaded: the forms are live
    picker = page.locator("#pieces-documents input[type=file]")
    assert "image/*" in (picker.get_attribute("accept") or "")  # the phone's chooser offers the camera
    page.get_by_label("Type de document").select_option("Facture")
    page.locator("#documents-beneficiary").select_option(index=1)
    form = page.locator("form").filter(has=page.locator("#pieces-documents"))
    form.get_by_role("button", name="Envoyer").click()
    expect(form.get_by_text(uploads.NO_FILE)).to_be_visible()
    notes = tmp_path / "notes.txt"
    notes.write_text("pas un justificatif")
    picker.set_input_files(str(notes))  # the picker refuses it at once, saying so in French
    expect(page.get_by_text("« notes.txt » : PDF, JPEG ou PNG, 5 fichiers de 10 Mo au plus.")).to_be_visible()
    expect(page.get_by_text("notes.txt", exact=True)).to_have_count(0)
    photo = tmp_path / "facture-pharmacie.jpg"
    photo.write_bytes(make_image("JPEG"))
    picker.set_input_files(str(photo))
    expect(page.get_by_text("facture-pharmacie.jpg")).to_be_visible()
    expect(form.get_by_text(uploads.NO_FILE)).to_have_count(0)  # a file is chosen: the message goes
    page.screenshot(path=artifacts / "member-photo-375.png", full_page=True)
    form.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text("est envoyée").first).to_be_visible()
    open_section(page, "DEMANDE DE PRISE EN CHARGE POUR UNE HOSPITALISATION")
    admission = page.get_by_label("Date d'admission")
    admission.press_sequentially("01122026")
    expect(admission).to_have_value("01/12/2026")  # jj/mm/aaaa whatever the browser's language
    page.set_viewport_size({"width": 1280, "height": 900})


def _card_offline_then_gone(page: Page, base_url: str, number: str, artifacts) -> None:
    card = base_url + routes.MEMBER_CARD
    page.goto(card)
    expect(page.get_by_text("N° adhérent")).to_be_visible()
    page.get_by_role("button", name="Garder ma carte sur cet appareil").click()
    expect(page.get_by_role("status").filter(has_text="gardée sur cet appareil")).to_be_visible()
    page.goto(card + "/")  # the address as the browser shows it, now in the browser's own cache too
    expect(page.get_by_text("N° adhérent")).to_be_visible()
    page.context.set_offline(True)
    tab = page.context.new_page()  # a new tab, offline: the kept card, not the page the browser had
    tab.goto(card + "/")
    expect(tab.get_by_text("Carte gardée sur cet appareil à votre demande")).to_be_visible()
    tab.close()
    page.goto(card)
    expect(page.get_by_role("heading", name="Carte de tiers payant")).to_be_visible()
    expect(page.get_by_text("Carte gardée sur cet appareil à votre demande")).to_be_visible()
    expect(page.get_by_text(number, exact=True)).to_be_visible()
    shoot(page, artifacts, "member-card-offline")
    page.context.set_offline(False)
    page.goto(card)
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_label("Numéro d'adhérent")).to_be_visible()
    assert page.evaluate("caches.keys()") == []
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    page.context.set_offline(True)
    try:
        page.goto(card)
        raise AssertionError("the card was still on the device after logout")
    except Error as error:
        assert "ERR_INTERNET_DISCONNECTED" in str(error)
    finally:
        page.context.set_offline(False)


def test_member_profile_and_the_phone(browser: Browser, base_url: str, mailbox, artifacts, tmp_path):
    old = new_email()
    ids = _member(old)
    page = page_as(browser, base_url, ids[0], viewport={"width": 1280, "height": 900})
    _change_address_and_email(page, base_url, mailbox, ids, old)
    _preferences(page, base_url, ids[1], artifacts)
    _photo_from_a_phone(page, base_url, tmp_path, artifacts)
    _card_offline_then_gone(page, base_url, ids[2], artifacts)
    page.context.close()


def test_the_member_changes_their_phone_number_and_the_links_open_their_demarche(
    browser: Browser, base_url: str, artifacts
):
    """« Mon numéro de téléphone » (the help promises it in Mes informations): refused under the field, then
    saved and shown in French groups; « Modifier mes coordonnées bancaires », the beneficiaries' and the
    télétransmission card's « Mes démarches > » land on their own démarche, open."""
    account_id, member_id, _ = _member(new_email())
    page = page_as(browser, base_url, account_id, viewport={"width": 1280, "height": 900})
    page.goto(base_url + routes.MEMBER_INFORMATION)
    phone = page.get_by_label("Numéro de téléphone")
    expect(phone).to_be_visible()
    phone.fill("06 12")
    page.get_by_role("button", name="Modifier mon numéro de téléphone").click()
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text(contact_details.BAD_PHONE, exact=True)).to_be_visible()
    phone.fill("+33 6 12 34 56 78")
    page.get_by_role("button", name="Modifier mon numéro de téléphone").click()
    expect(page.get_by_text("Votre numéro de téléphone est modifié.")).to_be_visible()
    expect(page.get_by_label("Numéro de téléphone")).to_have_value("06 12 34 56 78")
    with db_session() as session:
        assert session.get(Member, member_id).phone == "0612345678"
    shoot(page, artifacts, "member-information-phone")
    page.get_by_role("link", name="Modifier mes coordonnées bancaires").click()
    expect(page.get_by_role("heading", name="Mes démarches", exact=True)).to_be_visible()
    expect(page.get_by_label("IBAN", exact=True)).to_be_visible()
    page.goto(base_url + routes.MEMBER_INFORMATION)
    page.get_by_role("link", name="Mes démarches : modifier mes bénéficiaires").click()
    expect(page.get_by_label("Prénom", exact=True)).to_be_visible()
    expect(page.get_by_label("IBAN", exact=True)).to_have_count(0)
    page.goto(base_url + routes.MEMBER_INFORMATION)
    page.get_by_role("link", name="Mes démarches : envoyer un document").click()  # the télétransmission card
    expect(page.get_by_label("Type de document")).to_be_visible()
    expect(page.get_by_label("Prénom", exact=True)).to_have_count(0)
    page.goto(base_url + routes.MEMBER_REQUESTS)  # no section asked: all closed
    expect(page.get_by_role("heading", name="Faire une démarche")).to_be_visible()
    expect(page.get_by_label("Prénom", exact=True)).to_have_count(0)
    page.context.close()


def test_an_unknown_address_gets_a_french_page(page: Page, base_url: str, artifacts):
    response = page.goto(base_url + "/assure/cette-page-nexiste-pas")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page introuvable")).to_be_visible()
    expect(page.get_by_role("link", name="Retour à l'accueil du portail")).to_be_visible()
    expect(page.get_by_text("404: Page not found")).to_have_count(0)
    shoot(page, artifacts, "not-found")
