"""A page load sends the states the tab has used, not the 63 of the whole portal.

At every page load (``hydrate_and_load``) Reflex builds the dict of the whole state tree (63 states, 388
vars: every page of every space and every public form), then drops, var by var in their JSON form, what the
browser's compiled bundle already holds. A member's tab has used six of them; the rest still sit at their
defaults, and walking and serialising them was over half of the hydration's CPU on Accueil.

A ``PristineState`` (the root of every private state and of the public forms) therefore knows whether it is
*pristine*: none of its vars changed since it was created or reset (``mark_changed`` is called by Reflex's
own dirty marking, which every assignment and every in-place change of a list or dict goes through). The
dict of a pristine state is its class's default entry, built once per class (``pristine_dict``). And during
a page load whose browser declared, by the hashes of its compiled initial state, that it holds a state's
defaults (``held_defaults``, computed once per bundle with Reflex's own diff), a pristine state is left
out: which is exactly what Reflex's diff would have left of it, without serialising its vars. A state with
computed vars takes Reflex's own path (their value need not be a constant), unless each is a cached function
of the state's own vars alone (``computes_from_own_vars``, read from Reflex's dependency tracking): such a
state that none of whose vars changed shows their defaults too. Three states of the Espace Employeur (its
documents, its mass affiliation) and the member's space are such: walked and diffed var by var at every
page load of every tab, they were ≈ 0.1 ms of it.

The result is the same snapshot (a test compares both paths, var for var, on tabs that used pages or were
reset, and on browsers holding the compiled defaults, other defaults, or sending nonsense).

Two more shortcuts, the same way. A page load that leaves out the private states its page does not show
(``page_view``) leaves them out of the dict itself (``leave_out_unshown_during``) instead of building,
resolving and diffing them first; the states it left out, which the browser then lacks, are recorded as
before. And Reflex's diff serialises every var of the states sent only to compare it with its default: a
non-empty list, dict or text whose default is empty cannot be equal to it, and is kept without that
(``diff_against_defaults``); the rest goes through Reflex's diff. On Accueil after Mes remboursements, the
two were ≈ 0.2 ms of the page load's CPU.
"""

from __future__ import annotations

import copy
import functools
from collections import OrderedDict
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import reflex as rx
from reflex import state as reflex_state
from reflex.istate.delta import _resolve_delta
from reflex.state import State, _diff_against_initial_state, _override_base_method

if TYPE_CHECKING:
    from reflex.state import BaseState

# Kept in the state's own ``__dict__`` (never a Reflex field): pickled with it in Redis mode, like its vars.
CHANGED = "_ocso_changed"

# The private states whose defaults the browser of the page load being processed holds (set by the session
# middleware for a ``hydrate_and_load`` carrying hashes; empty for every other event).
_HELD: ContextVar[frozenset[str]] = ContextVar("ocso_defaults_held", default=frozenset())

# One answer per distinct list of hashes (one per frontend build in use); bounded, since the browser sends it.
_HELD_BY_HASHES: OrderedDict[tuple[str, ...], frozenset[str]] = OrderedDict()
_HELD_CACHE_SIZE = 8

_DEFAULT_ENTRIES: dict[type, dict[str, Any]] = {}
_DEFAULT_SNAPSHOT: dict[str, dict[str, Any]] = {}

# During the snapshot of a page load that leaves out what its page does not show: the prefix of the private
# states, the states the page shows, and the list receiving the names of those left out (see ``unshown``).
_UNSHOWN: ContextVar[tuple[str, frozenset[str], list[str]] | None] = ContextVar("ocso_unshown", default=None)

# A var whose default serialises as one of these cannot equal a non-empty value of the matching type.
_EMPTY_JSON: dict[str, tuple[type, ...]] = {"[]": (list, tuple), "{}": (dict,), '""': (str,)}


class PristineState(rx.State, mixin=True):
    """A state that knows when it still holds its defaults; its dict then comes from its class. Reflex's
    methods are overridden with Reflex's own mark for it."""

    @_override_base_method
    def _mark_dirty(self, var_names: Any = None) -> None:
        """Reflex's mark of a changed var (every assignment and in-place change goes through it)."""
        mark_changed(self)
        super()._mark_dirty(var_names)

    @_override_base_method
    def _reset_client_storage(self) -> None:
        """Reflex's reset, at every hydration, of the vars the browser keeps (``rx.Cookie``,
        ``rx.LocalStorage``): it walks every var of every state; a state whose branch keeps none in the
        browser has nothing to reset (≈ 0.1 ms a page load for the public forms)."""
        if keeps_vars_in_browser(type(self)):
            super()._reset_client_storage()

    @_override_base_method
    def reset(self) -> None:
        """Reflex's reset, after which this state holds its defaults again."""
        super().reset()
        mark_pristine(self)

    @_override_base_method
    def dict(self, include_computed: bool = True, initial: bool = False, **kwargs: Any) -> dict[str, Any]:
        """Reflex's dict of this state and its substates; a pristine state's comes from its class, and is
        left out of a page load whose browser holds it."""
        if initial or not include_computed:
            return super().dict(include_computed=include_computed, initial=initial, **kwargs)
        if unshown(self):
            return _substates_dict(self, **kwargs)
        if not is_pristine(self):
            return super().dict(include_computed=include_computed, initial=initial, **kwargs)
        return pristine_dict(self, **kwargs)


def mark_changed(state: BaseState) -> None:
    """``state`` (not its substates) may no longer hold its defaults."""
    state.__dict__[CHANGED] = True


def mark_pristine(state: BaseState) -> None:
    """``state`` holds its defaults again (it was just reset)."""
    state.__dict__.pop(CHANGED, None)


def is_pristine(state: BaseState) -> bool:
    """Whether ``state`` still holds its defaults and its dict may come from its class."""
    return CHANGED not in state.__dict__ and computes_from_own_vars(type(state))


@functools.cache
def keeps_vars_in_browser(cls: type[BaseState]) -> bool:
    """Whether ``cls`` or a state under it keeps a var in the browser (``rx.Cookie``, ``rx.LocalStorage``)."""
    if any(cls._is_client_storage(field) for field in cls.get_fields().values()):
        return True
    return any(keeps_vars_in_browser(substate) for substate in cls.get_substates())


@functools.cache
def has_computed_vars(cls: type[BaseState]) -> bool:
    """Whether ``cls`` defines computed vars sent to the browser (their value need not be a constant)."""
    return any(not var._backend for var in cls.computed_vars.values())


@functools.cache
def computes_from_own_vars(cls: type[BaseState]) -> bool:
    """Whether every computed var ``cls`` sends to the browser is a cached function of vars ``cls`` itself
    declares (or of such computed vars), as Reflex's dependency tracking reads them: when none of those vars
    changed, their value is the one computed on a new tab. An uncached or periodic var, or one reading another
    state, an inherited var or a backend var (which a pristine state may have changed), does not."""
    name, fields, computed = cls.get_full_name(), cls.get_fields(), cls.computed_vars
    for var in computed.values():
        if var._backend:
            continue
        if not var._cache or var._update_interval is not None or var._owner not in (None, cls):
            return False
        dependencies = var._deps(objclass=cls)
        if set(dependencies) - {name}:
            return False
        for dependency in dependencies.get(name, ()):
            field, other = fields.get(dependency), computed.get(dependency)
            own_field = field is not None and field._owner is cls and not field._backend
            if not own_field and (other is None or other._backend):
                return False
    return True


def _substates_dict(state: BaseState, **kwargs: Any) -> dict[str, Any]:
    snapshot: dict[str, Any] = {}
    for substate in state.substates.values():
        snapshot.update(substate.dict(**kwargs))
    return snapshot


def leave_out_unshown_during(*, private_prefix: str, shown: frozenset[str]) -> list[str]:
    """For the snapshot of the page load being processed: leave out the states under ``private_prefix``
    that are not in ``shown`` (nor have computed vars); returns the list that receives the names of those
    the browser will lack (``page_view.leave_out_unshown`` records them)."""
    left_out: list[str] = []
    _UNSHOWN.set((private_prefix, shown, left_out))
    return left_out


def show_all() -> None:
    """Leave nothing out of the dicts of the event being processed (every event but such a page load)."""
    _UNSHOWN.set(None)


def unshown(state: BaseState) -> bool:
    """Whether the page load being processed leaves ``state`` out; if it would have sent it (not at the
    defaults its browser holds), its name is recorded."""
    view = _UNSHOWN.get()
    if view is None:
        return False
    prefix, shown, left_out = view
    name = state.get_full_name()
    if not name.startswith(prefix) or name in shown or has_computed_vars(type(state)):
        return False
    if not (is_pristine(state) and name in _HELD.get()):
        left_out.append(name)
    return True


def pristine_dict(state: BaseState, **kwargs: Any) -> dict[str, Any]:
    """The dict of a pristine ``state`` and its substates: its class's default entry (a copy of Reflex's own,
    made the first time: the state it was read from may change its lists in place later), left out when the
    browser loading the page already holds it."""
    name = state.get_full_name()
    entry = _DEFAULT_ENTRIES.get(type(state))
    if entry is None:
        entry = _DEFAULT_ENTRIES[type(state)] = copy.deepcopy(rx.State.dict(state)[name])
    snapshot = {} if name in _HELD.get() else {name: dict(entry)}
    for substate in state.substates.values():
        snapshot.update(substate.dict(**kwargs))
    return snapshot


async def diff_against_defaults(
    delta: dict[str, dict[str, Any]], hashes: list[str]
) -> dict[str, dict[str, Any]]:
    """Reflex's ``_diff_against_initial_state`` of a page load's resolved ``delta``, without serialising the
    vars that cannot equal their default (a non-empty list, dict or text whose default is empty): those are
    kept as they are, the others go through Reflex's diff."""
    cached = reflex_state._initial_snapshot_cache.get(State)
    if cached is None:  # the first page load of this process: Reflex builds its defaults
        return await _diff_against_initial_state(State, delta, hashes)
    kept: dict[str, dict[str, Any]] = {}
    compared: dict[str, dict[str, Any]] = {}
    for state_name, state_vars in delta.items():
        defaults, to_compare = cached.serialized.get(state_name, {}), compared.setdefault(state_name, {})
        for name, value in state_vars.items():
            types = _EMPTY_JSON.get(defaults.get(name, ""))
            if types is not None and isinstance(value, types) and len(value) > 0:
                kept.setdefault(state_name, {})[name] = value
            else:
                to_compare[name] = value
    diff = await _diff_against_initial_state(State, compared, hashes)
    for state_name, state_vars in kept.items():
        diff.setdefault(state_name, {}).update(state_vars)
    return diff


async def hold_defaults_for(hashes: Any) -> None:
    """For the page load being processed: remember which states' defaults its browser holds, from the
    hashes it sent (none sent, or anything malformed: none)."""
    valid = isinstance(hashes, list) and all(isinstance(h, str) for h in hashes)
    _HELD.set(await held_defaults(tuple(hashes)) if valid else frozenset())


async def held_defaults(hashes: tuple[str, ...]) -> frozenset[str]:
    """The states whose defaults a browser sending ``hashes`` holds: those Reflex's own diff drops entirely
    from the default snapshot."""
    held = _HELD_BY_HASHES.get(hashes)
    if held is None:
        defaults = await _default_snapshot()
        kept = await _diff_against_initial_state(State, defaults, list(hashes))
        held = frozenset(defaults) - frozenset(kept)
        _HELD_BY_HASHES[hashes] = held
        if len(_HELD_BY_HASHES) > _HELD_CACHE_SIZE:
            _HELD_BY_HASHES.popitem(last=False)
    return held


async def _default_snapshot() -> dict[str, dict[str, Any]]:
    """The resolved dict of a new tab's whole tree, built once (a browser sending new hashes costs a diff,
    not a new tree)."""
    if not _DEFAULT_SNAPSHOT:
        _DEFAULT_SNAPSHOT.update(await _resolve_delta(State(_reflex_internal_init=True).dict()))
    return _DEFAULT_SNAPSHOT
