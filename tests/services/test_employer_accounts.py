"""Employer accounts: creation by the first user (principal), invitations, structures and profiles."""

import re

import pytest
from sqlalchemy import func, select

from ocso_app.models import Account, AccountKind, AuditEvent, EmployerGrant, EmployerProfile
from ocso_app.services import employer_accounts
from ocso_app.services.errors import AccessDenied, OcsoError
from ocso_app.services.login import authenticate
from ocso_app.services.mail import _PENDING
from ocso_app.services.sessions import Principal
from ocso_app.services.typed_text import bad_character
from tests.builders import SECURITY_CODE, make_company, make_employer, new_email


def _register(db, company, **changes):
    values = {
        "client_number": company.client_number,
        "siren": company.siren,
        "security_code": SECURITY_CODE,
        "last_name": "Durand",
        "first_name": "Claire",
        "phone": "06 12 34 56 78",
        "job_title": "DRH",
        "email": new_email().upper(),
    }
    values.update(changes)
    return employer_accounts.register_employer(db, **values), values["email"].lower()


def _principal(account: Account) -> Principal:
    return Principal(account_id=account.id, kind=AccountKind.EMPLOYER, display_name="x", session_id=0)


def _temporary_password(db, email: str) -> str:
    """The temporary password of the e-mail that leaves for ``email`` once the transaction commits."""
    text = [message.text for message in db.info[_PENDING] if message.to == email][-1]
    return re.search(r"\n\n(\S{12})\n\n", text).group(1)


def test_first_user_becomes_principal_on_the_company_and_its_structures(db, mailbox):
    company = make_company(db)
    structure = make_company(db, parent=company)
    sub_structure = make_company(db, parent=structure)
    answer, email = _register(db, company)
    assert answer == employer_accounts.REGISTERED
    account = db.scalar(select(Account).where(Account.kind == AccountKind.EMPLOYER, Account.login == email))
    assert account.email == email and account.phone == "0612345678" and account.job_title == "DRH"
    grants = {
        g.company_id: g
        for g in db.scalars(select(EmployerGrant).where(EmployerGrant.account_id == account.id))
    }
    assert set(grants) == {company.id, structure.id, sub_structure.id}
    assert all(g.profile == EmployerProfile.ADMIN and g.is_principal for g in grants.values())
    assert db.scalar(
        select(AuditEvent).where(AuditEvent.account_id == account.id, AuditEvent.event_type == "Compte")
    )


def test_first_user_receives_a_temporary_password_that_opens_the_account(db, mailbox):
    company = make_company(db)
    _, email = _register(db, company)
    password = _temporary_password(db, email)
    account = authenticate(db, kind=AccountKind.EMPLOYER, login=email, password=password)
    assert account is not None and account.password_is_temporary


def test_wrong_security_code_gets_the_same_answer_as_unknown_client(db):
    company = make_company(db)
    answers = [
        _register(db, company, **changes)[0]
        for changes in (
            {"security_code": "MAUVAIS"},
            {"client_number": "C0000000000"},
            {"siren": make_company(db).siren},
        )
    ]
    assert answers == [employer_accounts.NO_MATCHING_COMPANY] * 3
    assert "support@ocso.fr" in answers[0]
    assert (
        db.scalar(
            select(func.count()).select_from(EmployerGrant).where(EmployerGrant.company_id == company.id)
        )
        == 0
    )


def test_wrong_codes_are_throttled_per_client_number(db):
    company = make_company(db)
    answers = [_register(db, company, security_code="MAUVAIS")[0] for _ in range(6)]
    assert answers == [employer_accounts.NO_MATCHING_COMPANY] * 5 + [employer_accounts.TOO_MANY_ATTEMPTS]
    answer, _ = _register(db, company)  # even the right code waits for the window to end
    assert answer == employer_accounts.TOO_MANY_ATTEMPTS
    assert (
        db.scalar(
            select(func.count()).select_from(EmployerGrant).where(EmployerGrant.company_id == company.id)
        )
        == 0
    )


def test_company_codes_are_throttled_per_client_address(db):
    company = make_company(db)
    answers = {
        _register(db, make_company(db), security_code="MAUVAIS", ip_address="203.0.113.7")[0]
        for _ in range(20)
    }
    assert answers == {employer_accounts.NO_MATCHING_COMPANY}
    answer, _ = _register(db, company, ip_address="203.0.113.7")
    assert answer == employer_accounts.TOO_MANY_ATTEMPTS
    assert _register(db, company, ip_address="203.0.113.8")[0] == employer_accounts.REGISTERED


def test_a_client_number_typed_with_a_nul_matches_no_company(db):
    """PostgreSQL refuses a NUL in a query: « Créer un compte » answered « Une erreur inattendue »."""
    company = make_company(db)
    answer, _ = _register(db, company, client_number=company.client_number + "\x00")
    assert answer == employer_accounts.NO_MATCHING_COMPANY


def test_invalid_siren_is_refused_with_its_own_message(db):
    company = make_company(db)
    with pytest.raises(OcsoError) as error:
        _register(db, company, siren="123456789")
    assert error.value.message == employer_accounts.BAD_SIREN


def test_second_user_of_a_company_must_be_invited_by_the_principal(db, mailbox):
    company = make_company(db)
    _register(db, company)
    with pytest.raises(OcsoError) as error:
        _register(db, company)
    assert error.value.message == employer_accounts.ASK_THE_PRINCIPAL


def test_an_existing_employer_email_cannot_create_another_company_account(db):
    existing = make_employer(db, principal_of=(make_company(db),))
    with pytest.raises(OcsoError) as error:
        _register(db, make_company(db), email=existing.email)
    assert error.value.message == employer_accounts.ASK_THE_PRINCIPAL


def test_bad_email_and_phone_are_refused(db):
    company = make_company(db)
    with pytest.raises(OcsoError, match="e-mail"):
        _register(db, company, email="pas-une-adresse")
    with pytest.raises(OcsoError) as error:
        _register(db, company, phone="12")
    assert error.value.message == employer_accounts.BAD_PHONE


@pytest.mark.parametrize(
    "email", ["claire\x00durand@example.fr", "claire\tdurand@example.fr", "claire@exa\u00a0mple.fr"]
)
def test_an_email_with_a_control_character_or_a_blank_is_refused_and_nothing_written(db, email):
    """PostgreSQL refuses a NUL in a text: the address reached the database and the user met « Une erreur
    inattendue »; a tab or a non-breaking space made an address no mail reaches."""
    company = make_company(db)
    before = db.scalar(select(func.count(Account.id)))
    with pytest.raises(OcsoError) as refused:
        _register(db, company, email=email)
    assert refused.value.message == employer_accounts.BAD_EMAIL
    assert db.scalar(select(func.count(Account.id))) == before


def test_a_name_or_job_title_with_a_control_character_is_refused_naming_it_and_nothing_written(db):
    """A NUL in a name reached the account's row: PostgreSQL refused it, « Une erreur inattendue »."""
    company = make_company(db)
    before = db.scalar(select(func.count(Account.id)))
    for changes, field in (
        ({"last_name": "Du\x00rand"}, "Nom"),
        ({"first_name": "Cla\x07ire"}, "Prénom"),
        ({"job_title": "D\x00RH"}, "Fonction"),
    ):
        with pytest.raises(OcsoError) as refused:
            _register(db, company, **changes)
        assert refused.value.message == bad_character(field)
    assert db.scalar(select(func.count(Account.id))) == before


def test_only_the_principal_user_can_invite(db, mailbox):
    company = make_company(db)
    principal = make_employer(db, principal_of=(company,))
    simple_admin = make_employer(db, grants={company: EmployerProfile.ADMIN})
    details = {"first_name": "Paul", "last_name": "Martin", "phone": "0556343666", "job_title": "Comptable"}
    with pytest.raises(AccessDenied):
        employer_accounts.invite_user(
            db,
            principal=_principal(simple_admin),
            email="refuse@example.fr",
            grants={company.id: EmployerProfile.READ_ONLY},
            **details,
        )
    other_company = make_company(db)
    with pytest.raises(AccessDenied):
        employer_accounts.invite_user(
            db,
            principal=_principal(principal),
            email="refuse@example.fr",
            grants={company.id: EmployerProfile.READ_ONLY, other_company.id: EmployerProfile.READ_ONLY},
            **details,
        )
    assert db.scalar(select(Account).where(Account.login == "refuse@example.fr")) is None
    account_id = employer_accounts.invite_user(
        db,
        principal=_principal(principal),
        email="Invite@Example.fr",
        grants={company.id: EmployerProfile.READ_ONLY},
        **details,
    )
    invited = db.get(Account, account_id)
    assert invited.login == "invite@example.fr" and invited.password_is_temporary
    assert _temporary_password(db, "invite@example.fr")


def test_invited_user_sees_only_granted_structures(db, mailbox):
    company = make_company(db, name="Alpha SAS")
    structure_a = make_company(db, parent=company, name="Alpha Bordeaux")
    structure_b = make_company(db, parent=company, name="Alpha Pau")
    principal = make_employer(db, principal_of=(company, structure_a, structure_b))
    account_id = employer_accounts.invite_user(
        db,
        principal=_principal(principal),
        email=new_email(),
        first_name="Léa",
        last_name="Petit",
        phone="0612345679",
        job_title="Gestionnaire paie",
        grants={structure_a.id: EmployerProfile.SICK_LEAVE},
    )
    structures = employer_accounts.list_structures(db, account_id=account_id)
    assert [(s.name, s.profile_label, s.is_principal) for s in structures] == [
        ("Alpha Bordeaux", "Arrêts de travail", False)
    ]
    assert employer_accounts.administered_structures(db, account_id=account_id) == []


def test_profile_labels_are_french():
    assert [employer_accounts.profile_label(p) for p in EmployerProfile] == [
        "Administrateur",
        "Gestion des salariés",
        "Consultation",
        "Arrêts de travail",
        "Cotisations",
    ]


# Issue 10, finding 7: the invitation form said "Un compte employeur existe déjà" for another company's user.


def _invite(db, principal, company, email, **changes):
    values = {
        "first_name": "Paul",
        "last_name": "Martin",
        "phone": "0556343666",
        "job_title": "Comptable",
        "grants": {company.id: EmployerProfile.READ_ONLY},
    }
    values.update(changes)
    return employer_accounts.invite_user(db, principal=_principal(principal), email=email, **values)


def test_inviting_another_companys_user_answers_like_a_new_address(db, mailbox):
    company = make_company(db, name="Beta SARL")
    principal = make_employer(db, principal_of=(company,))
    elsewhere = make_employer(db, principal_of=(make_company(db),))
    hash_before, name_before = elsewhere.password_hash, (elsewhere.first_name, elsewhere.last_name)
    new_address = new_email().lower()
    # Neither call raises: the state shows the same INVITED message for both.
    _invite(db, principal, company, new_address)
    account_id = _invite(db, principal, company, elsewhere.email.upper(), first_name="Autre", last_name="Nom")
    assert account_id == elsewhere.id
    # The existing user keeps their password and details, and gets the access with a plain notice.
    assert elsewhere.password_hash == hash_before and not elsewhere.password_is_temporary
    assert (elsewhere.first_name, elsewhere.last_name) == name_before
    [text] = [message.text for message in db.info[_PENDING] if message.to == elsewhere.email]
    assert "Beta SARL : profil Consultation" in text and "mot de passe temporaire" not in text
    assert [s.name for s in employer_accounts.list_structures(db, account_id=elsewhere.id)].count(
        "Beta SARL"
    ) == 1
    granted = select(AuditEvent.action).where(AuditEvent.account_id == elsewhere.id)
    assert "Accès ouvert sur invitation (profil Consultation)" in set(db.scalars(granted))
    assert _temporary_password(db, new_address)


def test_the_structures_log_names_whom_the_principal_invited(db, mailbox):
    company = make_company(db, name="Gamma SAS")
    principal = make_employer(db, principal_of=(company,))
    address = new_email().lower()
    _invite(db, principal, company, address, first_name="Léa", last_name="Petit")
    rows = select(AuditEvent.action).where(
        AuditEvent.account_id == principal.id, AuditEvent.company_id == company.id
    )
    assert f"Invitation de Léa PETIT ({address}) (profil Consultation)" in set(db.scalars(rows))


def test_inviting_an_existing_user_twice_changes_nothing_and_sends_nothing_more(db, mailbox):
    company = make_company(db)
    principal = make_employer(db, principal_of=(company,))
    colleague = make_employer(db, grants={company: EmployerProfile.CONTRIBUTIONS})
    _invite(db, principal, company, colleague.email)
    grant = db.scalars(select(EmployerGrant).where(EmployerGrant.account_id == colleague.id)).one()
    assert grant.profile == EmployerProfile.CONTRIBUTIONS
    _invite(db, principal, company, principal.email)  # oneself: nothing either
    assert mailbox.to(colleague.email) == [] and mailbox.to(principal.email) == []


def test_invitation_with_bad_input_writes_nothing(db):
    company = make_company(db)
    principal = make_employer(db, principal_of=(company,))
    before = db.scalar(select(func.count(EmployerGrant.id))), db.scalar(select(func.count(AuditEvent.id)))
    with pytest.raises(OcsoError) as refused:
        _invite(db, principal, company, "existe@example.fr", phone="12")
    assert refused.value.message == employer_accounts.BAD_PHONE
    after = db.scalar(select(func.count(EmployerGrant.id))), db.scalar(select(func.count(AuditEvent.id)))
    assert after == before


def test_a_new_principal_whose_commit_fails_is_mailed_no_password(db, mailbox):
    """« Créer un compte » mailed the temporary password inside the transaction: a failed commit left the
    user a password for an account that does not exist. It now leaves with the commit, or never."""
    _, email = _register(db, make_company(db))
    assert mailbox.to(email) == [] and [message.to for message in db.info[_PENDING]] == [email]
    db.rollback()
    assert not db.info.get(_PENDING) and mailbox.to(email) == []


def test_an_invitation_whose_commit_fails_mails_nothing(db, mailbox):
    """Neither the new user's temporary password nor an existing user's « Nouvel accès » leaves before the
    invitation commits."""
    company, other = make_company(db), make_company(db)
    principal = make_employer(db, principal_of=(company, other))
    newcomer = new_email()
    existing = make_employer(db, grants={other: EmployerProfile.READ_ONLY})
    _invite(db, principal, company, newcomer)
    _invite(db, principal, company, existing.email)
    assert mailbox.to(newcomer) == [] and mailbox.to(existing.email) == []
    assert {message.to for message in db.info[_PENDING]} == {newcomer, existing.email}
    db.rollback()
    assert not db.info.get(_PENDING) and mailbox.to(newcomer) == [] and mailbox.to(existing.email) == []
