"""Comptes OCSO: the list, a new collaborator's account (temporary password e-mailed after commit, to
change at the first login, no authenticator yet), a role changed, an account deactivated (its sessions end)
or reactivated; every refusal in French with nothing written; every change audited by the administrator."""

import pytest
from sqlalchemy import func, select

from ocso_app.models import Account, AccountKind, AuditEvent, LoginSession, StaffRole
from ocso_app.services import staff_accounts
from ocso_app.services.audit import Actor
from ocso_app.services.errors import OcsoError
from ocso_app.services.login import authenticate
from ocso_app.services.mail import _PENDING
from ocso_app.services.registration import BAD_EMAIL
from ocso_app.services.sessions import SESSION_COOKIE, resolve_principal, start_session
from ocso_app.services.structure_admin import NOT_YOURSELF
from ocso_app.services.typed_text import bad_character
from tests.builders import make_employer, make_staff


@pytest.fixture(autouse=True)
def _only_these_staff(db):
    """Start from no staff account, so that "the last administrateur" is the test's."""
    for account in db.scalars(select(Account).where(Account.kind == AccountKind.STAFF)):
        account.is_active = False
    db.flush()


@pytest.fixture
def admin(db):
    return make_staff(db, role=StaffRole.ADMIN, totp_secret="JBSWY3DPEHPK3PXP")


def _actor(account: Account) -> Actor:
    return Actor(account.id, ip_address="198.51.100.7")


def _counts(db) -> tuple:
    """What a refusal must leave as it was."""
    staff = db.execute(
        select(Account.id, Account.staff_role, Account.is_active)
        .where(Account.kind == AccountKind.STAFF)
        .order_by(Account.id)
    ).all()
    return (
        tuple(staff),
        db.scalar(select(func.count()).select_from(AuditEvent)),
        db.scalar(select(func.count()).where(LoginSession.revoked_at.is_(None))),
        len(db.info.get(_PENDING, [])),
    )


def _audit(db, admin: Account) -> list[str]:
    query = select(AuditEvent.action).where(
        AuditEvent.account_id == admin.id, AuditEvent.event_type == staff_accounts.EVENT_TYPE
    )
    return list(db.scalars(query.order_by(AuditEvent.id)))


def _create(db, admin, **fields):
    values = {
        "first_name": "Inès",
        "last_name": "Morel",
        "email": "Ines.Morel@ocso.fr",
        "role": "prestations",
    }
    return staff_accounts.create_staff_account(db, actor=_actor(admin), **(values | fields))


def test_a_new_account_gets_a_temporary_password_mailed_after_commit_and_no_authenticator(db, admin):
    message = _create(db, admin)
    assert message == staff_accounts.CREATED.format(of_name="d'Inès MOREL")
    account = db.scalar(select(Account).where(Account.login == "ines.morel@ocso.fr"))
    assert account.kind == AccountKind.STAFF and account.staff_role == StaffRole.PRESTATIONS
    assert account.password_is_temporary and account.totp_secret_enc is None and account.is_active
    [mail] = db.info[_PENDING]  # sent by a background thread once the transaction commits
    assert mail.to == "ines.morel@ocso.fr" and "Espace OCSO" in mail.subject
    password = mail.text.split("(valable 24 heures) :\n\n")[1].split("\n")[0]
    assert password not in message and "application d'authentification" in mail.text
    assert authenticate(db, kind=AccountKind.STAFF, login="ines.morel@ocso.fr", password=password) is not None
    assert _audit(db, admin) == [
        "Création du compte OCSO de Inès MOREL (ines.morel@ocso.fr) (rôle Prestations)"
    ]


@pytest.mark.parametrize(
    ("fields", "refusal"),
    [
        ({"email": "pas-une-adresse"}, BAD_EMAIL),
        ({"email": ""}, BAD_EMAIL),
        ({"first_name": " "}, staff_accounts.NAME_REQUIRED),
        ({"last_name": "X" * 81}, staff_accounts.NAME_REQUIRED),
        ({"last_name": "Weiß" + "e" * 76}, staff_accounts.NAME_REQUIRED),  # 80 typed, 81 in capitals
        ({"last_name": "Mar\x00tin"}, bad_character("Nom")),  # a NUL: PostgreSQL refused the row
        ({"role": "directeur"}, staff_accounts.UNKNOWN_ROLE),
        ({"role": ""}, staff_accounts.UNKNOWN_ROLE),
    ],
)
def test_a_bad_new_account_is_refused_in_french_and_nothing_is_written(db, admin, fields, refusal):
    before = _counts(db)
    with pytest.raises(OcsoError) as refused:
        _create(db, admin, **fields)
    assert refused.value.message == refusal
    assert _counts(db) == before


def test_an_address_already_used_by_a_staff_account_is_refused(db, admin):
    taken = make_staff(db, role=StaffRole.ENTREPRISES)
    before = _counts(db)
    with pytest.raises(OcsoError) as refused:
        _create(db, admin, email=taken.email.upper())
    assert refused.value.message == staff_accounts.EMAIL_TAKEN and _counts(db) == before


def test_the_list_shows_name_email_role_state_and_authenticator(db, admin):
    _create(db, admin)
    lines = {line.email: line for line in staff_accounts.staff_accounts(db, viewer_id=admin.id)}
    new, own = lines["ines.morel@ocso.fr"], lines[admin.email]
    assert (new.full_name, new.role_label, new.status_label) == ("Inès MOREL", "Prestations", "Actif")
    assert not new.has_authenticator and not new.is_self
    assert own.has_authenticator and own.is_self and own.role_label == "Administrateur"


def test_a_role_is_changed_and_audited(db, admin):
    agent = make_staff(db, role=StaffRole.PRESTATIONS)
    message = staff_accounts.change_role(db, actor=_actor(admin), account_id=agent.id, role="entreprises")
    assert agent.staff_role == StaffRole.ENTREPRISES and "Entreprises" in message
    assert _audit(db, admin)[-1].endswith(": Prestations → Entreprises")
    again = staff_accounts.change_role(db, actor=_actor(admin), account_id=agent.id, role="entreprises")
    assert again.startswith("Aucune modification") and len(_audit(db, admin)) == 1


def test_deactivating_ends_the_sessions_and_reactivating_lets_them_in_again(db, admin):
    agent = make_staff(db, role=StaffRole.ENTREPRISES)
    token = start_session(db, account=agent, second_factor_done=True)
    assert resolve_principal(db, cookie_header=f"{SESSION_COOKIE}={token}") is not None
    staff_accounts.deactivate(db, actor=_actor(admin), account_id=agent.id)
    assert not agent.is_active
    live = select(func.count()).where(LoginSession.account_id == agent.id, LoginSession.revoked_at.is_(None))
    assert db.scalar(live) == 0
    assert resolve_principal(db, cookie_header=f"{SESSION_COOKIE}={token}") is None
    staff_accounts.reactivate(db, actor=_actor(admin), account_id=agent.id)
    assert agent.is_active
    assert [a.split(" du compte")[0] for a in _audit(db, admin)] == ["Désactivation", "Réactivation"]


def test_an_admin_can_be_demoted_or_deactivated_while_another_active_admin_remains(db, admin):
    other = make_staff(db, role=StaffRole.ADMIN)
    staff_accounts.change_role(db, actor=_actor(admin), account_id=other.id, role="prestations")
    staff_accounts.change_role(db, actor=_actor(admin), account_id=other.id, role="administrateur")
    staff_accounts.deactivate(db, actor=_actor(admin), account_id=other.id)
    assert other.staff_role == StaffRole.ADMIN and not other.is_active


def _refused(db, call, refusal: str) -> None:
    before = _counts(db)
    with pytest.raises(OcsoError) as refused:
        call()
    assert refused.value.message == refusal
    assert _counts(db) == before


def test_the_refusals_write_nothing(db, admin):
    other_admin = make_staff(db, role=StaffRole.ADMIN)
    start_session(db, account=admin, second_factor_done=True)
    start_session(db, account=other_admin, second_factor_done=True)
    actor = _actor(admin)
    # oneself: neither deactivated nor given another role
    _refused(db, lambda: staff_accounts.deactivate(db, actor=actor, account_id=admin.id), NOT_YOURSELF)
    _refused(
        db,
        lambda: staff_accounts.change_role(db, actor=actor, account_id=admin.id, role="prestations"),
        staff_accounts.NOT_YOUR_OWN_ROLE,
    )
    # an unknown role, an unknown account, an account that is not a staff one
    _refused(
        db,
        lambda: staff_accounts.change_role(db, actor=actor, account_id=other_admin.id, role="chef"),
        staff_accounts.UNKNOWN_ROLE,
    )
    employer = make_employer(db)
    for wrong in (10**9, employer.id):
        _refused(
            db,
            lambda w=wrong: staff_accounts.deactivate(db, actor=actor, account_id=w),
            staff_accounts.UNKNOWN_ACCOUNT,
        )
    # the last active administrateur (the other one, acted on by an admin who was just deactivated
    # elsewhere, as a race would leave it) can be neither demoted nor deactivated
    admin.is_active = False
    db.flush()
    actor = _actor(admin)
    _refused(
        db,
        lambda: staff_accounts.change_role(db, actor=actor, account_id=other_admin.id, role="entreprises"),
        staff_accounts.LAST_ADMIN,
    )
    _refused(
        db,
        lambda: staff_accounts.deactivate(db, actor=actor, account_id=other_admin.id),
        staff_accounts.LAST_ADMIN,
    )
    assert _audit(db, admin) == []
