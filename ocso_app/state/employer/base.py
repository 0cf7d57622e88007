"""The employer guards and the structure chosen in the header. An employer page's handler names the action it
needs (``services.employer_access.EmployerAction``), never a profile:

- ``scoped_event(action)``: the common case, a page and its handlers. The handler receives an
  ``EmployerCaller`` whose ``structure_ids`` are the structures on which the caller's profile allows
  ``action``, narrowed to the structure chosen in the header (« Toutes mes structures » or one of them);
  every service query is restricted to them. Refused when there is none;
- ``employer_event(action)``: the caller is a fully logged-in employer whose profile allows ``action`` on
  at least one structure (a page such as Administration des structures);
- ``structure_event(action)``: the handler takes a ``structure_id`` from the browser; the caller must hold a
  profile allowing ``action`` on **that** structure, and the handler receives the checked ``StructureCaller``.

Which profile may do what is the table ``employer_access.PERMISSIONS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import reflex as rx
from reflex.event import EventSpec

from ocso_app import routes
from ocso_app.db import db_session, reading
from ocso_app.models import AccountKind
from ocso_app.services import company_documents, employer_access, formats
from ocso_app.services.audit import Actor
from ocso_app.services.employer_access import (
    EmployerAction,
    EmployerScope,
    GrantedStructure,
    StructureGrant,
)
from ocso_app.services.ids import parse_id
from ocso_app.services.sessions import Principal
from ocso_app.state.base import SpaceState, guarded_by

STRUCTURE_ARGUMENT = "structure_id"
NEEDS = "__ocso_employer_action__"  # the action an employer handler was guarded for (the tests read it)
ALL_STRUCTURES = "toutes"
ALL_STRUCTURES_LABEL = "Toutes mes structures"


@dataclass(frozen=True)
class EmployerCaller:
    """An employer acting on the structures of their scope (``scoped_event``)."""

    principal: Principal
    scope: EmployerScope
    grants: tuple[GrantedStructure, ...]
    audit: Actor

    @property
    def structure_ids(self) -> tuple[int, ...]:
        return self.scope.structure_ids

    def actor(self, company_id: int | None = None) -> Actor:
        """Who acts, for the audit log, on ``company_id``."""
        return replace(self.audit, company_id=company_id)


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


def scoped_event(action: EmployerAction, *, opens_page: bool = False, background: bool = False) -> Any:
    """Guard for an employer page's handlers: the caller's structures allowing ``action``, narrowed to the
    header's choice, as an ``EmployerCaller`` (with ``opens_page``: a page's ``on_load``; with
    ``background``: an async handler run as a Reflex background task, see ``guarded_by``)."""

    def resolve(state: EmployerState, _arguments: dict[str, Any]) -> EmployerCaller | None:
        principal = state._caller()
        if principal is None:
            return None
        with db_session() as session:
            grants = employer_access.granted_structures(session, account_id=principal.account_id)
        scope = employer_access.scope_of(
            grants, account_id=principal.account_id, action=action, chosen=state._chosen(grants)
        )
        if scope is None:
            return None
        return EmployerCaller(principal, scope, tuple(grants), state._actor(principal))

    return _marked(guarded_by(resolve, opens_page=opens_page, background=background), action)


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


class EmployerState(SpaceState):
    """Parent of the employer pages' states: the caller must be a fully logged-in employer. Its vars are the
    header's: the structures to choose from, the chosen one, the actions the menu offers for it, and the
    count of new documents of those structures on the Documents entry."""

    structure_choices: list[dict[str, str]] = []
    current_structure: str = ALL_STRUCTURES
    menu_actions: list[str] = []
    unread_documents: int = 0
    unread_label: str = ""

    def _kind(self) -> AccountKind:
        return AccountKind.EMPLOYER

    def _chosen(self, grants: list[GrantedStructure]) -> int | None:
        """The structure chosen in the header if it is still granted; ``None`` for all of them."""
        chosen = parse_id(self.current_structure)
        return chosen if any(g.company_id == chosen for g in grants) else None

    def _scope(self, caller: EmployerCaller, action: EmployerAction) -> tuple[int, ...]:
        """The caller's structures (narrowed as the header says) on which their profile also allows
        ``action``: a section of a page that needs another right than the page itself; empty if none."""
        grants = list(caller.grants)
        scope = employer_access.scope_of(
            grants, account_id=caller.principal.account_id, action=action, chosen=self._chosen(grants)
        )
        return scope.structure_ids if scope else ()

    def _choose_for(self, caller: EmployerCaller, company_id: int) -> EmployerCaller:
        """The header's choice becomes ``company_id`` if the caller's profile on it allows the action they
        were guarded for (a link naming something of another structure than the one chosen): the caller
        narrowed to it, the header and menu redrawn for it; else ``caller`` unchanged."""
        grants = list(caller.grants)
        action, account_id = caller.scope.action, caller.principal.account_id
        scope = employer_access.scope_of(grants, account_id=account_id, action=action, chosen=company_id)
        if scope is None:
            return caller
        self.current_structure = str(company_id)
        chosen = replace(caller, scope=scope)
        self._open_page(chosen)
        return chosen

    def _open_page(self, caller: Any) -> None:
        if isinstance(caller, EmployerCaller):
            principal, grants = caller.principal, list(caller.grants)
        else:
            principal = caller if isinstance(caller, Principal) else caller.principal
            with db_session() as session:
                grants = employer_access.granted_structures(session, account_id=principal.account_id)
        super()._open_page(principal)
        chosen = self._chosen(grants)
        self.current_structure = str(chosen) if chosen is not None else ALL_STRUCTURES
        choices = [{"value": str(g.company_id), "label": g.name} for g in grants]
        self.structure_choices = (
            [{"value": ALL_STRUCTURES, "label": ALL_STRUCTURES_LABEL}, *choices]
            if len(choices) > 1
            else choices
        )
        self.menu_actions = sorted(employer_access.allowed_actions(grants, chosen=chosen))
        self._count_new_documents(principal.account_id, grants, chosen)

    def _count_new_documents(
        self, account_id: int, grants: list[GrantedStructure], chosen: int | None
    ) -> None:
        """The Documents entry's counter: the new documents of the structures whose Documents page the
        caller sees (the page's action)."""
        scope = employer_access.scope_of(
            grants, account_id=account_id, action=EmployerAction.VIEW_STRUCTURE, chosen=chosen
        )
        with reading() as connection:
            count = company_documents.unread_count(
                connection, structure_ids=scope.structure_ids if scope else ()
            )
        self.unread_documents = count
        self.unread_label = formats.new_documents(count)

    def _open_published_document(self, caller: EmployerCaller, document_id: str) -> EventSpec | None:
        """A document OCSO published to the structures, clicked on Accueil or Documents (``VIEW_STRUCTURE``):
        no longer new (the menu's counter drops at once), and its download, which the route checks again;
        ``None`` (nothing written) for any document not of the caller's structures. The page refreshes its
        own list."""
        wanted = parse_id(str(document_id))
        with db_session() as session:
            found = wanted is not None and company_documents.mark_read(
                session, structure_ids=caller.structure_ids, document_id=wanted
            )
        grants = list(caller.grants)
        self._count_new_documents(caller.principal.account_id, grants, self._chosen(grants))
        if not found or wanted is None:
            return None
        return rx.download(url=routes.API_EMPLOYER_DOCUMENT.url(document_id=wanted), filename="")

    @employer_event(EmployerAction.VIEW_STRUCTURE)
    def choose_structure(self, employer: Principal, value: str):
        """The header's structure picker. Only a choice: what it opens is decided by each guard, which
        narrows the caller's structures to this one if, and only if, it is granted to them; the page's own
        ``load`` (sent right after by the picker) refreshes the page and the menu."""
        self.current_structure = value if parse_id(value) is not None else ALL_STRUCTURES
