"""The staff guard and the staff space's header. A staff page's handler names the action it needs
(``services.staff_access.StaffAction``), never a role::

    class QueueState(StaffState):
        @staff_event(StaffAction.MEMBER_REQUESTS, opens_page=True)
        def load(self, staff: StaffCaller):
            ...

``staff_event(action)`` accepts a fully logged-in OCSO staff account (password and authenticator passed)
whose role allows ``action``, and hands the handler a ``StaffCaller``: the principal, the role, ``desks``
(whose démarches it handles), ``may(other_action)`` and ``actor(member_id=…, company_id=…)`` for the
services' audit rows. Anybody else gets an emptied state and a redirect (``guarded_by``). Which role may
do what is the one table ``staff_access.PERMISSIONS``; the menu shows an entry only to the roles allowing
its action (``StaffState.menu_actions``), the guards are what refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ocso_app.models import AccountKind
from ocso_app.services import staff_access
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.base import SpaceState, guarded_by

NEEDS = "__ocso_staff_action__"  # the action a staff handler was guarded for (the tests read it)


def staff_event(action: StaffAction, *, opens_page: bool = False) -> Any:
    """Guard for a staff handler needing ``action`` (with ``opens_page``: a page's ``on_load``, which also
    refreshes the header: name, role, menu)."""

    def resolve(state: StaffState, _arguments: dict[str, Any]) -> StaffCaller | None:
        principal = state._caller()
        if principal is None:
            return None
        return staff_access.caller_for(principal, action, state._actor(principal))

    guard = guarded_by(resolve, opens_page=opens_page)

    def decorate(handler: Callable[..., Any]) -> Any:
        event = guard(handler)
        setattr(event, NEEDS, action)
        return event

    return decorate


class StaffState(SpaceState):
    """Parent of the staff pages' states: a logged-in OCSO staff account (authenticator passed). Its vars
    are the header's: the role shown and the actions the menu offers."""

    role_label: str = ""
    menu_actions: list[str] = []

    def _kind(self) -> AccountKind:
        return AccountKind.STAFF

    def _open_page(self, caller: Any) -> None:
        super()._open_page(caller)
        role = caller.role if isinstance(caller, StaffCaller) else None
        self.role_label = staff_access.role_label(role)
        self.menu_actions = sorted(a for a in StaffAction if staff_access.allows(role, a))


FORM_GENERATION = "generation"  # the editor form's generation, sent with it (``components.editor``)


def stale_form(form: object, generation: int) -> bool:
    """Whether an editor's form (Actualités, Aide) was sent from a generation of the form the page no longer
    shows: the second click of a double click on « Enregistrer », whose first one saved it and emptied the
    form (a new item would be written twice, and an item being changed copied as a new one)."""
    sent = form.get(FORM_GENERATION) if isinstance(form, dict) else None
    return str(sent) != str(generation)


def apply_change(state: Any, staff: StaffCaller, change: Callable[..., str], **arguments: object) -> bool:
    """Run one service ``change`` in its transaction for ``staff``: its message in ``state.info``, or its
    French refusal in ``state.error`` (nothing written); ``True`` when it was made. The editor pages of the
    administrators (Comptes OCSO, Apporteurs) then list their items again."""
    from ocso_app.db import db_session
    from ocso_app.services.errors import OcsoError

    try:
        with db_session() as session:
            message = change(session, actor=staff.actor(), **arguments)
    except OcsoError as error:
        state.error, state.info = error.message, ""
        return False
    state.error, state.info = "", message
    return True
