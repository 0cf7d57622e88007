"""The e-mails of OCSO's imports to employers: only the structure's active users whose profile sees what was
imported get one, after the commit, saying how many and where to look, never an employee's name."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ocso_app.models import EmployerProfile
from ocso_app.services import allowance_import, contribution_import
from ocso_app.services.audit import Actor
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.employer_notices import addresses
from tests.builders import make_company, make_employee, make_employer, make_staff
from tests.builders.members import make_member
from tests.builders.sick_leaves import make_provident_contract
from tests.support.mailbox import body_text

TODAY = date(2026, 11, 30)


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


def test_only_the_active_users_whose_profile_sees_it_are_told(db):
    company, email = _structure_with_users(db)
    assert addresses(db, company_ids=[company.id], action=EmployerAction.VIEW_SICK_LEAVE)[company.id] == (
        email["admin"],
        email["sick"],
    )
    assert addresses(db, company_ids=[company.id], action=EmployerAction.VIEW_CONTRIBUTIONS)[company.id] == (
        email["admin"],
        email["dues"],
    )


def test_an_ij_import_tells_the_structure_after_the_commit_without_naming_the_employee(db, mailbox):
    company, email = _structure_with_users(db)
    contract = make_provident_contract(db, company=company)
    member = make_member(db)
    make_employee(db, company=company, last_name="Confidentiel", member_id=member.id)
    line = (
        f"{contract.number};{member.member_number};AT-NOTICE;Maladie;02/09/2026;IJ-NOTICE-1;05/09/2026;"
        "30/09/2026;45,00;1170,00;78,39;1091,61;05/10/2026"
    )
    header = "numero_contrat;numero_adherent;reference_arret;motif;debut_arret;numero_paiement;debut_periode;"
    header += "fin_periode;montant_journalier;brut;charges_sociales;net;date_paiement"
    content = f"{header}\r\n{line}\r\n".encode()
    analysis = allowance_import.analyse(db, content=content, file_name="ij.csv", today=TODAY)
    allowance_import.write(db, analysis=analysis, actor=Actor(account_id=make_staff(db).id), today=TODAY)
    db.commit()
    (message,) = mailbox.wait_for(email["sick"])
    text = body_text(message)
    assert message["Subject"] == "OCSO : de nouvelles indemnités journalières"
    assert "1 nouveau paiement d'indemnités journalières" in text and "NOTICES SERVICES" in text
    assert "CONFIDENTIEL" not in text.upper() and "Maladie" not in text
    mailbox.wait_for(email["admin"])
    assert mailbox.to(email["dues"]) == [] and mailbox.to(email["gone"]) == []


def test_a_bordereaux_import_tells_those_who_see_contributions(db, mailbox):
    company, email = _structure_with_users(db)
    contract = make_provident_contract(db, company=company)
    header = "numero_contrat;numero_bordereau;debut_periode;fin_periode;effectif;montant_du;echeance"
    content = (
        f"{header}\r\n{contract.number};B-NOTICE;01/07/2026;30/09/2026;12;900,00;15/10/2026\r\n".encode()
    )
    analysis = contribution_import.analyse(db, content=content, file_name="b.csv", today=TODAY)
    result = contribution_import.write(
        db, analysis=analysis, actor=Actor(account_id=make_staff(db).id), today=TODAY
    )
    db.commit()
    assert result.new == 1 and analysis.preview.new_due == Decimal("900.00")
    (message,) = mailbox.wait_for(email["dues"])
    assert "1 nouveau bordereau de cotisations" in body_text(message)
    mailbox.wait_for(email["admin"])
    assert mailbox.to(email["sick"]) == []


def test_a_user_of_several_structures_gets_one_e_mail_naming_each(db):
    """News for a company and its branch: their common administrator gets one e-mail with both, a user of
    the branch alone one e-mail with the branch."""
    from ocso_app.services import employer_notices
    from ocso_app.services.mail import _PENDING

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
