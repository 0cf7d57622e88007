"""The e-mails of OCSO's deposits to employers (imports, a published document): only the structure's active
users whose profile sees what was deposited and who did not turn these e-mails off get one, after the commit,
saying how many and where to look, never an employee's name, and how to stop them (a footer, and a
``List-Unsubscribe`` one-click link of their own)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import delete, select
from sqlalchemy.engine import Engine

from ocso_app import routes
from ocso_app.models import Account, ContributionStatement, DailyAllowance, EmployerProfile, SickLeave
from ocso_app.services import allowance_import, contribution_import, deposit_emails, publishing
from ocso_app.services.audit import Actor
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.employer_notices import recipients
from ocso_app.services.mail import _PENDING
from tests.builders import make_company, make_employee, make_employer, make_pdf, make_staff
from tests.builders.members import make_member
from tests.builders.sick_leaves import make_provident_contract, make_registration
from tests.support.mailbox import body_text

TODAY = date(2026, 11, 30)


@pytest.fixture
def imports_cleared(test_engine: Engine) -> Iterator[list[int]]:
    """The structures whose imports a test commits (``db.commit()``, after which the e-mails leave): their
    arrêts, payments and bordereaux are deleted after it. On SQLite that commit is the database's own, not
    the release of a savepoint the ``db`` fixture rolls back (pysqlite had begun no transaction under it), so
    they stayed for every later test of the run. Requested before ``db``, this fixture ends after it, once
    its connection has rolled back: the deletion, on a connection of its own, then waits for no lock."""
    structures: list[int] = []
    yield structures
    leaves = select(SickLeave.id).where(SickLeave.company_id.in_(structures))
    with test_engine.begin() as connection:
        connection.execute(delete(DailyAllowance).where(DailyAllowance.sick_leave_id.in_(leaves)))
        connection.execute(delete(SickLeave).where(SickLeave.company_id.in_(structures)))
        connection.execute(
            delete(ContributionStatement).where(ContributionStatement.company_id.in_(structures))
        )


def _structure_with_users(db):
    company = make_company(db, name="NOTICES SERVICES")
    users = {
        "admin": make_employer(db, principal_of=(company,)),
        "sick": make_employer(db, grants={company: EmployerProfile.SICK_LEAVE}),
        "dues": make_employer(db, grants={company: EmployerProfile.CONTRIBUTIONS}),
        "staff": make_employer(db, grants={company: EmployerProfile.STAFF_MANAGEMENT}),
        "gone": make_employer(db, principal_of=(company,)),
        "elsewhere": make_employer(db, principal_of=(make_company(db),)),
    }
    users["gone"].is_active = False
    db.flush()
    return company, {who: account.email for who, account in users.items()}


def _addresses(db, company_id: int, action: EmployerAction) -> tuple[str, ...]:
    return tuple(r.email for r in recipients(db, company_ids=[company_id], action=action)[company_id])


def test_only_the_active_users_whose_profile_sees_it_are_told(db):
    company, email = _structure_with_users(db)
    assert _addresses(db, company.id, EmployerAction.VIEW_SICK_LEAVE) == (email["admin"], email["sick"])
    assert _addresses(db, company.id, EmployerAction.VIEW_CONTRIBUTIONS) == (email["admin"], email["dues"])


def _ij_file(db, company) -> bytes:
    """One payment of indemnités journalières for an employee of ``company`` named « Confidentiel »."""
    contract = make_provident_contract(db, company=company)
    member = make_member(db)
    employee = make_employee(db, company=company, last_name="Confidentiel", member_id=member.id)
    make_registration(db, employee=employee, contract=contract)
    tag = uuid.uuid4().hex[:8]
    line = (
        f"{contract.number};{member.member_number};AT-{tag};Maladie;02/09/2026;IJ-{tag};05/09/2026;"
        "30/09/2026;45,00;1170,00;78,39;1091,61;05/10/2026"
    )
    header = "numero_contrat;numero_adherent;reference_arret;motif;debut_arret;numero_paiement;debut_periode;"
    header += "fin_periode;montant_journalier;brut;charges_sociales;net;date_paiement"
    return f"{header}\r\n{line}\r\n".encode()


def _import_ij(db, company) -> None:
    analysis = allowance_import.analyse(db, content=_ij_file(db, company), file_name="ij.csv", today=TODAY)
    allowance_import.write(db, analysis=analysis, actor=Actor(account_id=make_staff(db).id), today=TODAY)


def _import_bordereau(db, company) -> contribution_import.ImportResult:
    contract = make_provident_contract(db, company=company)
    header = "numero_contrat;numero_bordereau;debut_periode;fin_periode;effectif;montant_du;echeance"
    line = f"{contract.number};B-{uuid.uuid4().hex[:8]};01/07/2026;30/09/2026;12;900,00;15/10/2026"
    content = f"{header}\r\n{line}\r\n".encode()
    analysis = contribution_import.analyse(db, content=content, file_name="b.csv", today=TODAY)
    assert analysis.preview.new_due == Decimal("900.00")
    return contribution_import.write(
        db, analysis=analysis, actor=Actor(account_id=make_staff(db).id), today=TODAY
    )


def test_an_ij_import_tells_the_structure_after_the_commit_without_naming_the_employee(
    imports_cleared, db, mailbox
):
    company, email = _structure_with_users(db)
    imports_cleared.append(company.id)
    _import_ij(db, company)
    db.commit()
    (message,) = mailbox.wait_for(email["sick"])
    text = body_text(message)
    assert message["Subject"] == "OCSO : de nouvelles indemnités journalières"
    assert "1 nouveau paiement d'indemnités journalières" in text and "NOTICES SERVICES" in text
    assert "CONFIDENTIEL" not in text.upper() and "Maladie" not in text
    mailbox.wait_for(email["admin"])
    assert mailbox.to(email["dues"]) == [] and mailbox.to(email["gone"]) == []


def test_a_bordereaux_import_tells_those_who_see_contributions(imports_cleared, db, mailbox):
    company, email = _structure_with_users(db)
    imports_cleared.append(company.id)
    result = _import_bordereau(db, company)
    db.commit()
    assert result.new == 1
    (message,) = mailbox.wait_for(email["dues"])
    assert "1 nouveau bordereau de cotisations" in body_text(message)
    mailbox.wait_for(email["admin"])
    assert mailbox.to(email["sick"]) == []


def test_a_user_of_several_structures_gets_one_e_mail_naming_each(db):
    """News for a company and its branch: their common administrator gets one e-mail with both, a user of
    the branch alone one e-mail with the branch."""
    from ocso_app.services import employer_notices

    head = make_company(db, name="ALPHA SIEGE")
    branch = make_company(db, name="ALPHA AGENCE", parent=head)
    both = make_employer(db, principal_of=(head, branch))
    local = make_employer(db, grants={branch: EmployerProfile.CONTRIBUTIONS})
    db.flush()
    before = len(db.info.get(_PENDING, []))
    employer_notices.tell(
        db,
        {head.id: "Un au siège.", branch.id: "Deux à l'agence."},
        action=EmployerAction.VIEW_CONTRIBUTIONS,
        subject="OCSO : test",
    )
    sent = {message.to: message.text for message in db.info[_PENDING][before:]}
    assert set(sent) == {both.email, local.email}
    assert "Structure : ALPHA AGENCE." in sent[both.email] and "Structure : ALPHA SIEGE." in sent[both.email]
    assert "ALPHA SIEGE" not in sent[local.email] and "Deux à l'agence." in sent[local.email]


def _turned_off(db, account_email: str) -> None:
    account = db.scalar(select(Account).where(Account.email == account_email))
    deposit_emails.set_enabled(db, Actor(account.id), enabled=False)


def _queued_to(db, before: int) -> set[str]:
    return {message.to for message in db.info.get(_PENDING, [])[before:]}


def test_the_imports_skip_the_users_who_turned_the_e_mails_off_and_still_tell_the_others(db):
    company, email = _structure_with_users(db)
    _turned_off(db, email["admin"])
    before = len(db.info.get(_PENDING, []))
    _import_ij(db, company)
    assert _queued_to(db, before) == {email["sick"]}
    before = len(db.info.get(_PENDING, []))
    _import_bordereau(db, company)
    assert _queued_to(db, before) == {email["dues"]}


def test_a_published_document_skips_the_users_who_turned_the_e_mails_off(db, mailbox):
    company, email = _structure_with_users(db)
    _turned_off(db, email["sick"])
    published = publishing.publish_to_company(
        db, actor=Actor(account_id=make_staff(db).id), client_number=company.client_number,
        category="garanties", title="Garanties 2027", content=make_pdf(),
    )  # fmt: skip
    assert set(published.emailed_to) == {email["admin"], email["dues"], email["staff"]}
    assert publishing.notify_company(db, published, "Garanties 2027") == 3
    db.commit()
    mailbox.wait_for(email["dues"])
    assert mailbox.to(email["sick"]) == []


def test_each_deposit_e_mail_says_how_to_stop_it_and_carries_its_recipients_one_click_link(
    imports_cleared, db, mailbox
):
    company, email = _structure_with_users(db)
    imports_cleared.append(company.id)
    _import_bordereau(db, company)
    db.commit()
    for who in ("admin", "dues"):
        (message,) = mailbox.wait_for(email[who])
        account_id = db.scalar(select(Account.id).where(Account.email == email[who]))
        text = body_text(message)
        assert "Vous recevez cet e-mail car " in text and "Pour ne plus les recevoir : décochez" in text
        assert text.index("L'équipe OCSO") < text.index("Vous recevez cet e-mail")  # after the signature
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        link = str(message["List-Unsubscribe"]).strip().removeprefix("<").removesuffix(">")
        assert urlsplit(link).path == routes.API_DEPOSIT_EMAILS_OFF.path and link in text
        token = parse_qs(urlsplit(link).query)[deposit_emails.TOKEN_PARAMETER][0]
        assert deposit_emails.account_of_link(db, token) == account_id


def test_a_guide_for_every_employer_is_e_mailed_once_to_each_user_who_sees_documents_and_wants_it(db):
    """A guide RH published to every employer reached nobody: it sat in Documents › Guides et tutoriels until
    somebody looked. Every active employer user who sees a structure's Documents and kept OCSO's deposit
    e-mails is told once, whatever their number of structures; the footer names no structure."""
    company, email = _structure_with_users(db)
    second = make_company(db, name="NOTICES AGENCE")
    both = make_employer(db, principal_of=(company, second))
    _turned_off(db, email["dues"])
    before = len(db.info.get(_PENDING, []))
    sent = publishing.notify_employers(db, kind="guide_rh", title="  Guide RH   2027 ")
    queued = db.info[_PENDING][before:]
    to = [message.to for message in queued]
    assert sent == len(queued) and len(to) == len(set(to))  # each user once
    assert {email["admin"], email["sick"], email["staff"], email["elsewhere"], both.email} <= set(to)
    assert email["dues"] not in to and email["gone"] not in to  # turned off; inactive
    [message] = [m for m in queued if m.to == both.email]
    assert "« Guide RH 2027 » (Guide RH)" in message.text and "« Guides et tutoriels »" in message.text
    assert "structures citées" not in message.footer and "Pour ne plus les recevoir" in message.footer
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
