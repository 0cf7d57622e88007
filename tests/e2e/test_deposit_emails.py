"""The e-mails of OCSO's deposits in Chromium against the portal in production mode:

- an HR user unticks « Recevoir un e-mail quand OCSO dépose … » in Administration des structures › Mon
  compte; the choice stays after a reload, is audited, and the next bordereaux import e-mails their colleague
  and not them;
- another HR user opens the one-click link of the e-mail they received (no session): the page asks, changes
  nothing until « Ne plus recevoir ces e-mails », then the choice is off and audited; a mail client's own
  RFC 8058 POST (no Origin) does the same for a colleague; the token is not in the portal's log;
- the access matrix of the handler over the websocket: no cookie and a member's cookie are refused, another
  employer's cookie changes only that caller's own account, nothing else written.

Screenshots at 375 and 1280 px of Mon compte, and of the link's page."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from ocso_app import config, routes
from ocso_app.db import db_session
from ocso_app.models import Account, AuditEvent, Company
from ocso_app.services import contribution_import, deposit_emails
from ocso_app.services.audit import Actor
from ocso_app.state.employer.administration import AdministrationState
from tests.builders import make_company, make_employer, make_member_account, make_staff
from tests.builders.sick_leaves import make_provident_contract
from tests.e2e.helpers import cookie_for, page_as, shoot
from tests.support.mailbox import Mailbox
from tests.support.raw_socket import RawReflexSocket, handler_name

TODAY = date(2026, 11, 30)
HEADER = "numero_contrat;numero_bordereau;debut_periode;fin_periode;effectif;montant_du;echeance"


@pytest.fixture(autouse=True)
def links_to_the_live_portal(monkeypatch: pytest.MonkeyPatch, base_url: str) -> None:
    """The e-mails this test process sends link to the portal under test."""
    monkeypatch.setenv("OCSO_PUBLIC_URL", base_url)
    config.settings.cache_clear()


def _company_with_two_users() -> tuple[int, dict[str, int], dict[str, str]]:
    with db_session() as session:
        company = make_company(session, name=f"DEPOTS {uuid.uuid4().hex[:6].upper()}")
        users = {who: make_employer(session, principal_of=(company,)) for who in ("rh", "collegue")}
        return company.id, {w: u.id for w, u in users.items()}, {w: u.email for w, u in users.items()}


def _import_a_bordereau(company_id: int) -> None:
    """OCSO imports a bordereau for the company (its users who want it are e-mailed after the commit)."""
    with db_session() as session:
        contract = make_provident_contract(session, company=session.get(Company, company_id))
        line = f"{contract.number};B-{uuid.uuid4().hex[:8]};01/07/2026;30/09/2026;12;900,00;15/10/2026"
        content = f"{HEADER}\r\n{line}\r\n".encode()
        analysis = contribution_import.analyse(session, content=content, file_name="b.csv", today=TODAY)
        actor = Actor(account_id=make_staff(session).id)
        assert contribution_import.write(session, analysis=analysis, actor=actor, today=TODAY).new == 1


def _choice_and_audits(account_id: int) -> tuple[bool, list[str]]:
    with db_session() as session:
        wanted = session.get(Account, account_id).deposit_emails
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.account_id == account_id))
        return wanted, [a for a in actions if "dépôts d'OCSO" in a]


def test_hr_unticks_the_deposits_e_mails_and_the_next_import_reaches_only_their_colleague(
    browser: Browser, base_url: str, artifacts: Path, mailbox: Mailbox
):
    company_id, ids, emails = _company_with_two_users()
    page = page_as(browser, base_url, ids["rh"], viewport={"width": 1280, "height": 900})
    page.goto(base_url + routes.EMPLOYER_ADMINISTRATION)
    expect(page.get_by_text(emails["collegue"])).to_be_visible()  # loaded: the box is on before
    box = page.get_by_role("checkbox", name=deposit_emails.PREFERENCE_LABEL)
    expect(box).to_be_checked()
    box.click()
    expect(page.get_by_role("status").filter(has_text="vous ne recevrez plus d'e-mail")).to_be_visible()
    expect(box).not_to_be_checked()
    shoot(page, artifacts, "employer-my-account-deposit-emails")
    page.reload()
    expect(page.get_by_role("checkbox", name=deposit_emails.PREFERENCE_LABEL)).not_to_be_checked()
    assert _choice_and_audits(ids["rh"]) == (False, ["E-mails des dépôts d'OCSO désactivés"])

    _import_a_bordereau(company_id)
    mailbox.wait_for(emails["collegue"])
    assert mailbox.to(emails["rh"]) == []


def test_the_one_click_link_of_a_received_mail_turns_the_e_mails_off(
    browser: Browser, base_url: str, artifacts: Path, mailbox: Mailbox, live_app
):
    company_id, ids, emails = _company_with_two_users()
    _import_a_bordereau(company_id)
    links = {}
    for who in ids:
        (message,) = mailbox.wait_for(emails[who])
        assert str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
        links[who] = str(message["List-Unsubscribe"]).strip().removeprefix("<").removesuffix(">")
        assert links[who].startswith(base_url + routes.API_DEPOSIT_EMAILS_OFF.path)

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()  # no session
    page.goto(links["rh"])
    expect(page.get_by_role("heading", name="E-mails des dépôts d'OCSO")).to_be_visible()
    shoot(page, artifacts, "deposit-emails-link")
    assert _choice_and_audits(ids["rh"]) == (True, [])  # opening the link changes nothing
    page.get_by_role("button", name="Ne plus recevoir ces e-mails").click()
    expect(page.get_by_role("status")).to_contain_text("vous ne recevrez plus d'e-mail")
    assert _choice_and_audits(ids["rh"]) == (
        False,
        ["E-mails des dépôts d'OCSO désactivés (lien de l'e-mail)"],
    )

    for _ in range(2):  # the mail client's own one-click POST: no Origin, no cookie; twice is once
        answer = httpx.post(links["collegue"], data={"List-Unsubscribe": "One-Click"}, timeout=30)
        assert answer.status_code == 200
    assert _choice_and_audits(ids["collegue"]) == (
        False,
        ["E-mails des dépôts d'OCSO désactivés (lien de l'e-mail)"],
    )
    log = live_app.log_text()
    for link in links.values():
        assert parse_qs(urlsplit(link).query)[deposit_emails.TOKEN_PARAMETER][0] not in log


@pytest.mark.parametrize("intruder", ["sans-cookie", "assure", "autre-employeur"])
def test_the_handler_changes_only_the_callers_own_account(live_app, intruder: str):
    _company_id, ids, _emails = _company_with_two_users()
    with db_session() as session:
        member_id = make_member_account(session).id
        other_id = make_employer(session, principal_of=(make_company(session),)).id
    cookie = {"sans-cookie": None, "assure": member_id, "autre-employeur": other_id}[intruder]
    socket = RawReflexSocket(live_app.url, cookie=cookie_for(cookie) if cookie else None)
    try:
        frames = " ".join(
            socket.call(
                handler_name(AdministrationState, "set_deposit_emails"),
                {"enabled": False},  # no id: the guard's caller is the account
                path=routes.EMPLOYER_ADMINISTRATION,
            )
        )
    finally:
        socket.close()
    for account_id in ids.values():
        assert _choice_and_audits(account_id) == (True, [])
    if intruder == "autre-employeur":  # the caller's own choice, nobody else's
        assert _choice_and_audits(other_id) == (False, ["E-mails des dépôts d'OCSO désactivés"])
    else:
        assert "_redirect" in frames
