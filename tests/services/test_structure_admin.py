"""Administration des structures: account information, adding a structure, and the principal's management
of the users of their structures (roles, access, deactivation), with the last-principal rule and audit."""

import pytest
from sqlalchemy import select

from ocso_app.models import Account, AuditEvent, EmployerGrant, EmployerProfile, LoginSession
from ocso_app.services import employer_accounts, structure_admin
from ocso_app.services.audit import Actor
from ocso_app.services.errors import AccessDenied, OcsoError
from ocso_app.services.formats import of
from ocso_app.services.login import authenticate
from ocso_app.services.sessions import SESSION_COOKIE, resolve_principal, start_session
from ocso_app.services.structure_admin import PRINCIPAL_ROLE
from tests.builders import PASSWORD, SECURITY_CODE, make_company, make_employer

READ_ONLY = EmployerProfile.READ_ONLY.value
CONTRIBUTIONS = EmployerProfile.CONTRIBUTIONS.value


def _actor(account: Account) -> Actor:
    return Actor(account.id, ip_address="198.51.100.4")


def _grants(db, account: Account) -> dict[int, tuple[str, bool]]:
    rows = db.scalars(select(EmployerGrant).where(EmployerGrant.account_id == account.id))
    return {g.company_id: (EmployerProfile(g.profile).value, g.is_principal) for g in rows}


def _audit(db, *companies) -> list[tuple[int, int, str]]:
    rows = db.scalars(
        select(AuditEvent).where(AuditEvent.company_id.in_([c.id for c in companies])).order_by(AuditEvent.id)
    )
    return [(row.account_id, row.company_id, row.action) for row in rows]


def _set(db, principal, user, roles, structures=None):
    scope = [c.id for c in structures] if structures is not None else list(roles)
    return structure_admin.set_user_access(
        db, actor=_actor(principal), structure_ids=scope, account_id=user.id, roles=roles
    )


@pytest.fixture
def company(db):
    return make_company(db, name="ALPHA SAS")


@pytest.fixture
def principal(db, company):
    return make_employer(db, principal_of=(company,))


# --- account information --------------------------------------------------------------------------------


def test_account_information_shows_the_users_details_and_role_on_each_structure(db, company, principal):
    other = make_company(db, name="BETA SARL")
    user = make_employer(
        db, grants={company: EmployerProfile.CONTRIBUTIONS, other: EmployerProfile.READ_ONLY}
    )
    info = structure_admin.account_information(db, account_id=user.id)
    assert info.email == user.email and info.phone == "06 12 34 56 78" and info.job_title == "Responsable RH"
    assert [(s.name, s.profile_label, s.is_principal) for s in info.structures] == [
        ("ALPHA SAS", "Cotisations", False),
        ("BETA SARL", "Consultation", False),
    ]
    assert not info.administers


def test_a_user_who_administers_nothing_reads_which_principal_to_ask(db, company, principal):
    retired = make_employer(db, principal_of=(company,))
    retired.is_active = False
    user = make_employer(db, grants={company: EmployerProfile.READ_ONLY})
    info = structure_admin.account_information(db, account_id=user.id)
    assert [(c.structure, c.email) for c in info.contacts] == [("ALPHA SAS", principal.email)]
    assert structure_admin.account_information(db, account_id=principal.id).contacts == ()
    assert structure_admin.account_information(db, account_id=principal.id).administers


# --- the users of the structures ------------------------------------------------------------------------


def test_principal_sees_the_users_of_the_structures_they_administer_only(db, company, principal):
    structure = make_company(db, parent=company, name="ALPHA PAU")
    db.add(EmployerGrant(account_id=principal.id, company_id=structure.id, profile="consultation"))
    user = make_employer(db, grants={company: EmployerProfile.CONTRIBUTIONS})
    stranger = make_employer(db, grants={make_company(db): EmployerProfile.CONTRIBUTIONS})
    db.flush()
    view = structure_admin.managed_users(
        db, account_id=principal.id, structure_ids=[company.id, structure.id]
    )
    assert [(s.company_id, s.name) for s in view.structures] == [(company.id, "ALPHA SAS")]
    by_id = {u.account_id: u for u in view.users}
    assert set(by_id) == {principal.id, user.id} and stranger.id not in by_id
    # ALPHA PAU is only consulted by the principal: it is not one of theirs to administer.
    assert [(a.structure, a.role_label) for a in by_id[user.id].access] == [("ALPHA SAS", "Cotisations")]
    assert by_id[principal.id].is_self and by_id[user.id].summary == "ALPHA SAS : Cotisations"
    nothing = structure_admin.UsersView((), ())
    assert structure_admin.managed_users(db, account_id=principal.id, structure_ids=[structure.id]) == nothing
    assert structure_admin.managed_users(db, account_id=user.id, structure_ids=[company.id]) == nothing


def test_principal_changes_a_users_profile_and_the_audit_log_says_who_on_whom_where(db, company, principal):
    user = make_employer(db, grants={company: EmployerProfile.READ_ONLY})
    answer = _set(db, principal, user, {company.id: CONTRIBUTIONS})
    assert answer == structure_admin.ACCESS_SAVED.format(name=structure_admin.display_name(user))
    assert _grants(db, user) == {company.id: (CONTRIBUTIONS, False)}
    ((who, where, action),) = _audit(db, company)
    assert who == principal.id and where == company.id
    assert user.email in action and "Consultation → Cotisations" in action


def test_principal_grants_then_withdraws_a_structure(db, company, principal):
    structure = make_company(db, parent=company, name="ALPHA PAU")
    db.add(
        EmployerGrant(
            account_id=principal.id, company_id=structure.id, profile="administrateur", is_principal=True
        )
    )
    user = make_employer(db, grants={company: EmployerProfile.READ_ONLY})
    _set(db, principal, user, {structure.id: EmployerProfile.SICK_LEAVE.value})
    assert _grants(db, user) == {company.id: (READ_ONLY, False), structure.id: ("arrets_travail", False)}
    granted = db.scalar(
        select(EmployerGrant).where(
            EmployerGrant.account_id == user.id, EmployerGrant.company_id == structure.id
        )
    )
    assert granted.granted_by_account_id == principal.id
    _set(db, principal, user, {structure.id: structure_admin.NO_ROLE})
    assert _grants(db, user) == {company.id: (READ_ONLY, False)}
    assert [action.split(" : ")[-1] for _, _, action in _audit(db, structure)] == [
        "Aucun accès → Arrêts de travail",
        "Arrêts de travail → Aucun accès",
    ]


def test_the_same_roles_again_change_nothing_and_write_nothing(db, company, principal):
    user = make_employer(db, grants={company: EmployerProfile.READ_ONLY})
    assert _set(db, principal, user, {company.id: READ_ONLY}) == structure_admin.NOTHING_CHANGED
    assert _audit(db, company) == []


def test_a_user_cannot_act_on_a_structure_they_do_not_administer(db, company, principal):
    other = make_company(db)
    make_employer(db, principal_of=(other,))
    simple_admin = make_employer(db, grants={company: EmployerProfile.ADMIN})
    user = make_employer(db, grants={company: EmployerProfile.READ_ONLY, other: EmployerProfile.READ_ONLY})
    with pytest.raises(AccessDenied):  # another company's structure, even for a user of theirs
        _set(db, principal, user, {company.id: CONTRIBUTIONS, other.id: CONTRIBUTIONS})
    with pytest.raises(AccessDenied):  # an Administrateur who is not the principal
        _set(db, simple_admin, user, {company.id: CONTRIBUTIONS})
    with pytest.raises(AccessDenied) as error:  # a structure outside the guard's scope
        _set(db, principal, user, {company.id: CONTRIBUTIONS}, structures=[other])
    assert error.value.message == employer_accounts.NOT_PRINCIPAL
    assert _grants(db, user) == {company.id: (READ_ONLY, False), other.id: (READ_ONLY, False)}
    assert _audit(db, company, other) == []


def test_a_user_of_another_company_cannot_be_managed(db, company, principal):
    stranger = make_employer(db, grants={make_company(db): EmployerProfile.READ_ONLY})
    with pytest.raises(AccessDenied) as error:
        _set(db, principal, stranger, {company.id: READ_ONLY})
    assert error.value.message == structure_admin.UNKNOWN_USER
    with pytest.raises(AccessDenied):
        structure_admin.deactivate_user(db, actor=_actor(principal), account_id=stranger.id)
    assert _grants(db, stranger).keys().isdisjoint({company.id}) and stranger.is_active


def test_an_unknown_role_is_refused_and_nothing_is_written(db, company, principal):
    user = make_employer(db, grants={company: EmployerProfile.READ_ONLY})
    with pytest.raises(OcsoError) as error:
        _set(db, principal, user, {company.id: "superadmin"})
    assert error.value.message == structure_admin.UNKNOWN_ROLE
    assert _grants(db, user) == {company.id: (READ_ONLY, False)} and _audit(db, company) == []


def test_the_last_principal_cannot_be_demoted_nor_withdrawn(db, company, principal):
    for role in (READ_ONLY, structure_admin.NO_ROLE, EmployerProfile.ADMIN.value):
        with pytest.raises(OcsoError) as error:
            _set(db, principal, principal, {company.id: role})
        assert error.value.message == structure_admin.LAST_PRINCIPAL
    assert _grants(db, principal) == {company.id: ("administrateur", True)} and _audit(db, company) == []


def test_a_principal_names_another_principal_then_may_step_down(db, company, principal):
    user = make_employer(db, grants={company: EmployerProfile.READ_ONLY})
    _set(db, principal, user, {company.id: PRINCIPAL_ROLE})
    assert _grants(db, user) == {company.id: ("administrateur", True)}
    _set(db, principal, principal, {company.id: READ_ONLY})
    assert _grants(db, principal) == {company.id: (READ_ONLY, False)}
    with pytest.raises(AccessDenied):  # no longer principal
        _set(db, principal, user, {company.id: READ_ONLY})


def test_a_deactivated_principal_does_not_count_as_the_structures_principal(db, company, principal):
    other_principal = make_employer(db, principal_of=(company,))
    other_principal.is_active = False
    with pytest.raises(OcsoError, match="principal actif"):
        _set(db, principal, principal, {company.id: READ_ONLY})


# --- deactivation ---------------------------------------------------------------------------------------


def test_deactivating_a_user_ends_their_sessions_and_their_login(db, company, principal):
    user = make_employer(db, grants={company: EmployerProfile.READ_ONLY})
    token = start_session(db, account=user, second_factor_done=True)
    cookie = f"{SESSION_COOKIE}={token}"
    assert resolve_principal(db, cookie_header=cookie) is not None
    answer = structure_admin.deactivate_user(db, actor=_actor(principal), account_id=user.id)
    assert answer.startswith("Le compte d") and not user.is_active
    assert resolve_principal(db, cookie_header=cookie) is None
    assert db.scalar(select(LoginSession.revoked_at).where(LoginSession.account_id == user.id)) is not None
    assert authenticate(db, kind=user.kind, login=user.login, password=PASSWORD) is None
    ((who, where, action),) = _audit(db, company)
    assert (
        (who, where) == (principal.id, company.id)
        and action.startswith("Désactivation")
        and user.email in action
    )
    view = structure_admin.managed_users(db, account_id=principal.id, structure_ids=[company.id])
    assert {u.account_id: u.status_label for u in view.users}[user.id] == "Désactivé"


def test_a_deactivated_user_is_reactivated_with_their_password(db, company, principal):
    user = make_employer(db, grants={company: EmployerProfile.READ_ONLY})
    structure_admin.deactivate_user(db, actor=_actor(principal), account_id=user.id)
    answer = structure_admin.reactivate_user(db, actor=_actor(principal), account_id=user.id)
    assert answer == structure_admin.REACTIVATED.format(of_name=of(structure_admin.display_name(user)))
    assert authenticate(db, kind=user.kind, login=user.login, password=PASSWORD) is not None
    assert [action.split(" ")[0] for _, _, action in _audit(db, company)] == ["Désactivation", "Réactivation"]


def test_nobody_deactivates_themselves_so_a_structure_keeps_an_active_principal(db, company, principal):
    with pytest.raises(OcsoError) as error:
        structure_admin.deactivate_user(db, actor=_actor(principal), account_id=principal.id)
    assert error.value.message == structure_admin.NOT_YOURSELF
    co_principal = make_employer(db, principal_of=(company,))
    structure_admin.deactivate_user(db, actor=_actor(co_principal), account_id=principal.id)
    assert not principal.is_active
    with pytest.raises(OcsoError):  # the one active principal left
        structure_admin.deactivate_user(db, actor=_actor(co_principal), account_id=co_principal.id)
    assert co_principal.is_active


def test_a_user_with_another_companys_access_is_not_deactivated_by_one_principal(db, company, principal):
    other = make_company(db)
    make_employer(db, principal_of=(other,))
    user = make_employer(db, grants={company: EmployerProfile.READ_ONLY, other: EmployerProfile.READ_ONLY})
    with pytest.raises(AccessDenied) as error:
        structure_admin.deactivate_user(db, actor=_actor(principal), account_id=user.id)
    assert error.value.message == structure_admin.OTHER_STRUCTURES
    assert user.is_active and _audit(db, company, other) == []


# --- adding a structure ---------------------------------------------------------------------------------


def _add(db, principal, structure, **changes):
    values = {
        "client_number": structure.client_number,
        "siren": structure.siren,
        "security_code": SECURITY_CODE,
    }
    values.update(changes)
    return structure_admin.add_structure(db, actor=_actor(principal), **values)


def test_principal_adds_a_structure_with_its_three_fields_and_becomes_its_principal(db, company, principal):
    new = make_company(db, name="GAMMA SA")
    below = make_company(db, parent=new, name="GAMMA NANTES")
    answer = _add(db, principal, new)
    assert answer.done and "GAMMA SA" in answer.message
    assert _grants(db, principal) == {
        company.id: ("administrateur", True),
        new.id: ("administrateur", True),
        below.id: ("administrateur", True),
    }
    assert {(who, where) for who, where, _ in _audit(db, new, below)} == {
        (principal.id, new.id),
        (principal.id, below.id),
    }


def test_a_wrong_field_gets_one_message_and_opens_nothing(db, company, principal):
    new = make_company(db)
    answers = {
        _add(db, principal, new, **changes)
        for changes in (
            {"security_code": "MAUVAIS"},
            {"client_number": "C0000000000"},
            {"siren": company.siren},
        )
    }
    assert answers == {structure_admin.Answer(False, employer_accounts.NO_MATCHING_COMPANY)}
    with pytest.raises(OcsoError) as error:
        _add(db, principal, new, siren="123456789")
    assert error.value.message == employer_accounts.BAD_SIREN
    assert new.id not in _grants(db, principal) and _audit(db, new) == []


def test_adding_a_structure_is_throttled_like_account_creation(db, company, principal):
    new = make_company(db)
    for _ in range(5):
        assert (
            _add(db, principal, new, security_code="MAUVAIS").message == employer_accounts.NO_MATCHING_COMPANY
        )
    assert _add(db, principal, new).message == employer_accounts.TOO_MANY_ATTEMPTS
    assert new.id not in _grants(db, principal)


def test_a_structure_that_has_a_principal_is_not_opened(db, company, principal):
    taken = make_company(db)
    make_employer(db, principal_of=(taken,))
    assert _add(db, principal, taken) == structure_admin.Answer(
        False, structure_admin.STRUCTURE_HAS_PRINCIPAL
    )
    assert _add(db, principal, company) == structure_admin.Answer(False, structure_admin.ALREADY_PRINCIPAL)
    assert taken.id not in _grants(db, principal) and _audit(db, taken) == []


def test_only_a_principal_user_adds_structures(db, company, principal):
    user = make_employer(db, grants={company: EmployerProfile.ADMIN})
    with pytest.raises(AccessDenied):
        _add(db, user, make_company(db))
