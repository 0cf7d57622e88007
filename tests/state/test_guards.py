"""The guard cannot be forgotten: every public handler of every private state goes through it, the browser
never sees (nor may send) the caller argument, and every employer handler names the action it needs."""

from __future__ import annotations

import inspect

import pytest

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app.state.base import SessionState, is_guarded, is_page_load, own_handlers, private_states
from ocso_app.state.employer.base import NEEDS, STRUCTURE_ARGUMENT, EmployerState
from ocso_app.state.member.base import MemberState
from ocso_app.state.staff.base import NEEDS as STAFF_NEEDS
from ocso_app.state.staff.base import StaffState
from ocso_app.templates import MEMBER_SPACE, PAGES, space_page

HANDLERS = [
    pytest.param(cls, name, fn, id=f"{cls.__name__}.{name}")
    for cls in private_states()
    for name, fn in own_handlers(cls).items()
]


def test_the_walk_finds_the_private_states_of_every_space():
    names = {cls.__name__ for cls in private_states()}
    assert {"ReimbursementsState", "RequestsState", "AdministrationState", "PortfolioState"} <= names
    assert {"StaffHomeState", "SecondFactorState", "NewPasswordState"} <= names
    assert len(HANDLERS) >= 30


@pytest.mark.parametrize(("cls", "name", "handler"), HANDLERS)
def test_every_public_handler_of_a_private_state_is_guarded(cls, name, handler):
    assert is_guarded(handler), f"{cls.__name__}.{name} must be written with private_event (or a space guard)"


@pytest.mark.parametrize(("cls", "name", "handler"), HANDLERS)
def test_the_browser_cannot_name_the_caller(cls, name, handler):
    """Reflex names the arguments from the signature: the guard's caller is not one of them."""
    visible = list(inspect.signature(handler).parameters)
    assert visible[0] == "self"
    for caller in ("member", "employer", "introducer", "staff", "account", "principal", "caller"):
        assert caller not in visible[1:], f"{cls.__name__}.{name} exposes {caller!r}"


@pytest.mark.parametrize(
    ("cls", "name", "handler"), [p for p in HANDLERS if issubclass(p.values[0], EmployerState)]
)
def test_every_employer_handler_names_the_action_it_needs(cls, name, handler):
    needs = getattr(handler, NEEDS, None)
    assert needs is not None, f"{cls.__name__}.{name}: write it with employer_event or structure_event"


@pytest.mark.parametrize(
    ("cls", "name", "handler"), [p for p in HANDLERS if issubclass(p.values[0], StaffState)]
)
def test_every_staff_handler_names_the_action_it_needs(cls, name, handler):
    needs = getattr(handler, STAFF_NEEDS, None)
    assert needs is not None, f"{cls.__name__}.{name}: write it with staff_event(StaffAction.X)"


def test_staff_roles_are_the_services_and_only_the_administrator_manages_staff():
    from ocso_app.models import StaffRole
    from ocso_app.services.staff_access import PERMISSIONS, StaffAction, desks_of

    assert set(PERMISSIONS) == set(StaffRole)
    assert PERMISSIONS[StaffRole.ADMIN] == frozenset(StaffAction)
    for role in (StaffRole.PRESTATIONS, StaffRole.ENTREPRISES):
        assert StaffAction.MANAGE_STAFF not in PERMISSIONS[role]
        assert StaffAction.EDIT_NEWS not in PERMISSIONS[role]
    assert [d.value for d in desks_of(StaffRole.PRESTATIONS)] == ["prestations"]
    assert [d.value for d in desks_of(StaffRole.ENTREPRISES)] == ["entreprises"]
    assert StaffAction.APPLY_EMPLOYER_CHANGES not in PERMISSIONS[StaffRole.PRESTATIONS]
    assert StaffAction.APPLY_MEMBER_CHANGES not in PERMISSIONS[StaffRole.ENTREPRISES]


@pytest.mark.parametrize(("cls", "name", "handler"), HANDLERS)
def test_a_handler_taking_a_structure_checks_the_grant_on_it(cls, name, handler):
    if STRUCTURE_ARGUMENT in inspect.signature(handler).parameters:
        assert issubclass(cls, EmployerState) and getattr(handler, NEEDS, None) is not None


def test_member_pages_accept_only_members_and_refuse_a_session_owing_a_step():
    from ocso_app.models import AccountKind
    from ocso_app.services.sessions import Principal

    state = MemberState.__new__(MemberState)
    member = Principal(account_id=1, kind=AccountKind.MEMBER, display_name="A", session_id=1, member_id=1)
    employer = Principal(account_id=2, kind=AccountKind.EMPLOYER, display_name="B", session_id=2)
    half = Principal(
        account_id=3, kind=AccountKind.MEMBER, display_name="C", session_id=3, must_change_password=True
    )
    assert MemberState._authorized(state, member)
    assert not MemberState._authorized(state, employer)
    assert not MemberState._authorized(state, half)
    assert not SessionState._authorized(state, member)  # a private state that says nothing refuses all


SPACE_PAGES = [page for page in PAGES if page.space is not None]


def test_every_page_of_a_space_opens_in_one_guarded_event():
    """A space page's on_load is a single page_load handler: guard, header and content in one event."""
    assert len(SPACE_PAGES) >= 12
    for page in SPACE_PAGES:
        assert is_page_load(page.on_load), f"{page.route}: on_load must be one page_load handler"


def test_a_space_page_cannot_be_registered_with_a_plain_handler():
    from ocso_app.state.member.reimbursements import ReimbursementsState

    with pytest.raises(TypeError, match="page_load"):
        space_page(
            space=MEMBER_SPACE, route="/assure/essai", title="Essai", on_load=ReimbursementsState.search
        )
    with pytest.raises(TypeError, match="page_load"):
        space_page(space=MEMBER_SPACE, route="/essai", title="Essai", on_load=None)


def test_the_session_binding_checks_every_event_that_can_reach_private_state():
    from reflex.state import OnLoadInternalState, State

    from ocso_app.state.base import reaches_private_state
    from ocso_app.state.public.login import MemberLoginState

    for cls, name, _handler in (param.values for param in HANDLERS):
        assert reaches_private_state(f"{cls.get_full_name()}.{name}")
    assert reaches_private_state(f"{State.get_full_name()}.hydrate")
    assert reaches_private_state(f"{State.get_full_name()}.hydrate_and_load")
    assert not reaches_private_state(f"{OnLoadInternalState.get_full_name()}.on_load_internal")
    assert not reaches_private_state(f"{MemberLoginState.get_full_name()}.load")


def test_no_private_state_keeps_anything_in_the_browser():
    """``SessionState`` skips Reflex's reset of browser-kept vars for its whole subtree: true only while no
    private state declares one (an ``rx.Cookie`` or ``rx.LocalStorage`` var would also leave the server)."""
    kept = [
        f"{cls.__name__}.{name}"
        for cls in private_states()
        for name in cls.base_vars
        if cls._is_client_storage(name)
    ]
    assert kept == []
