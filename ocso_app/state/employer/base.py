"""The employer guards. An employer page's handler names the action it needs
(``services.employer_access.EmployerAction``), never a profile:

- ``employer_event(action)``: the caller is a fully logged-in employer whose profile allows ``action`` on
  at least one structure (a page such as Administration des structures);
- ``structure_event(action)``: the handler takes a ``structure_id`` from the browser; the caller must hold a
  profile allowing ``action`` on **that** structure, and the handler receives the checked ``StructureCaller``.

Which profile may do what is the table ``employer_access.PERMISSIONS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ocso_app.db import db_session
from ocso_app.models import AccountKind
from ocso_app.services import employer_access
from ocso_app.services.employer_access import EmployerAction, StructureGrant
from ocso_app.services.ids import parse_id
from ocso_app.services.sessions import Principal
from ocso_app.state.base import SpaceState, guarded_by

STRUCTURE_ARGUMENT = "structure_id"
NEEDS = "__ocso_employer_action__"  # the action an employer handler was guarded for (the tests read it)


class EmployerState(SpaceState):
    """Parent of the employer pages' states: the caller must be a fully logged-in employer."""

    def _kind(self) -> AccountKind:
        return AccountKind.EMPLOYER


@dataclass(frozen=True)
class StructureCaller:
    """An employer acting on one structure, with the grant that allows it."""

    principal: Principal
    grant: StructureGrant

    @property
    def structure_id(self) -> int:
        return self.grant.company_id


def employer_event(action: EmployerAction, *, opens_page: bool = False) -> Any:
    """Guard for a handler that needs ``action`` on at least one of the caller's structures (with
    ``opens_page``: a page's ``on_load``, see ``guarded_by``)."""

    def resolve(state: EmployerState, _arguments: dict[str, Any]) -> Principal | None:
        principal = state._caller()
        if principal is None:
            return None
        with db_session() as session:
            allowed = employer_access.structures_allowing(
                session, account_id=principal.account_id, action=action
            )
        return principal if allowed else None

    return _marked(guarded_by(resolve, opens_page=opens_page), action)


def structure_event(action: EmployerAction) -> Any:
    """Guard for a handler taking ``structure_id``: the caller's profile on it must allow ``action``."""

    def resolve(state: EmployerState, arguments: dict[str, Any]) -> StructureCaller | None:
        principal = state._caller()
        structure_id = parse_id(arguments.get(STRUCTURE_ARGUMENT))
        if principal is None or structure_id is None:
            return None
        with db_session() as session:
            grant = employer_access.grant_for(
                session, account_id=principal.account_id, company_id=structure_id, action=action
            )
        return StructureCaller(principal, grant) if grant is not None else None

    return _marked(guarded_by(resolve), action)


def _marked(guard: Callable[[Callable[..., Any]], Any], action: EmployerAction) -> Any:
    def decorate(handler: Callable[..., Any]) -> Any:
        event = guard(handler)
        setattr(event, NEEDS, action)
        return event

    return decorate
