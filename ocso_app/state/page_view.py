"""A page load sends the private states the page shows, not every page the tab has opened.

The backend keeps a tab's states for as long as the tab lives: after Mes remboursements, the tab still holds
its rows, pies and forfaits. Reflex's page load sends the browser every state that is not at its defaults,
so a reload of Accueil sent Mes remboursements' 4 KB with Accueil's, to a page that does not show them.

The states a page shows are read once per route from its component tree: the states every var of it (text,
conditions, event arguments, the space's header) is built from (``shown_states``). A page load leaves out
the private states the page does not show (``leave_out_unshown``), and records them on the tab
(``SessionState._not_in_browser``): the browser holds its compiled defaults for them. The backend keeps
them as they were: work in progress (a mass affiliation's preview) is not lost. When the tab then navigates
to a page that shows one of them, the whole state goes in that event's delta (``send_shown``), as a page load
would have sent it. A state with computed vars is always sent (Reflex records which values of some of them
the browser has).
"""

from __future__ import annotations

import functools
from typing import Any

from reflex.state import BaseState, State
from reflex_base.config import get_config

from ocso_app.state.hydration import has_computed_vars

# Per app and route: the full names of the states the page shows.
_SHOWN: dict[tuple[int, str], frozenset[str]] = {}


def shown_states(app: Any, path: str) -> frozenset[str] | None:
    """The states the page at ``path`` shows (by full name); ``None`` for a path that is no page."""
    frontend_path = get_config().frontend_path.rstrip("/")
    if frontend_path:
        if path != frontend_path and not path.startswith(frontend_path + "/"):
            return None
        path = path.removeprefix(frontend_path)
    route = app.router(path)
    page = app._unevaluated_pages.get(route) if route else None
    if page is None:
        return None
    key = (id(app), route)
    shown = _SHOWN.get(key)
    if shown is None:
        component = page.component() if callable(page.component) else page.component
        shown = _SHOWN[key] = states_of(component)
    return shown


def states_of(component: Any) -> frozenset[str]:
    """The full names of the states that the vars of ``component`` and its children are built from."""
    names: set[str] = set()
    for var in component._get_vars(include_children=True):
        data = var._get_all_var_data()
        if data is not None:
            names.update(data.field_dependencies)
    return frozenset(names)


def leave_out_unshown(
    snapshot: dict[str, Any], *, shown: frozenset[str], private: BaseState, left_out: list[str] | None = None
) -> None:
    """Drop from a page load's ``snapshot`` the states under ``private`` (the tab's private root) that the
    page does not show, and record them on it as not in the browser, with ``left_out``: those the snapshot's
    dict already left out (``hydration.leave_out_unshown_during``)."""
    prefix = private.get_full_name() + "."
    dropped = [
        name for name in snapshot if name.startswith(prefix) and name not in shown and not _always_sent(name)
    ]
    for name in dropped:
        del snapshot[name]
    private._not_in_browser = sorted({*dropped, *(left_out or ())})


async def send_shown(root: BaseState, *, shown: frozenset[str], private: BaseState) -> None:
    """On a navigation: every state the new page shows that the browser does not hold goes whole in this
    event's delta."""
    missing = [name for name in private._not_in_browser if name in shown]
    if not missing:
        return
    private._not_in_browser = [name for name in private._not_in_browser if name not in shown]
    for name in missing:
        state = await root.get_state(_state_class(name))
        state.dirty_vars.update(state._frontend_var_names)
        state._mark_dirty()


@functools.cache
def _state_class(full_name: str) -> type[BaseState]:
    """The state class of a full name (Reflex walks the tree from the root for each: ≈ 40 per page load)."""
    return State.get_class_substate(full_name)


@functools.cache
def _always_sent(full_name: str) -> bool:
    """Whether the state of a full name goes in every page load (it has computed vars: see the docstring)."""
    return has_computed_vars(_state_class(full_name))
