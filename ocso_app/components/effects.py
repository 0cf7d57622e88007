"""React effects compiled into the app's bundle: what the page does in the browser when a state var changes
(the Content-Security-Policy allows no ``eval``, so a script sent by the server, ``rx.call_script``, never
runs)."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx
from reflex_base.components.component import field
from reflex_base.vars import VarData
from reflex_base.vars.base import Var


def effect(body: str, depends_on: Sequence[Var], reads: Sequence[Var] = ()) -> Var:
    """A React ``useEffect`` running ``body`` (JavaScript) when one of ``depends_on`` changes; ``reads``
    are the other vars ``body`` names, whose hooks (the state's context) and imports it needs."""
    needs = VarData.merge(
        *(var._get_all_var_data() for var in (*depends_on, *reads)),
        VarData(imports={"react": ["useEffect"]}),
    )
    watched = ", ".join(str(var) for var in depends_on)
    return Var(f"useEffect(() => {{ {body} }}, [{watched}])", _var_data=needs)


class ScrollToAnchor(rx.Fragment):
    """Scrolls to the element the address's ``#anchor`` names once ``drawn`` is true: a section that the
    page's state draws after loading is not there yet when the browser looks for it (nothing is drawn)."""

    drawn: Var | None = field(default=None, is_javascript_property=False)

    def add_hooks(self) -> list[str | Var]:
        if self.drawn is None:
            return []
        return [
            effect(
                f"if ({self.drawn} && window.location.hash.length > 1) "
                "document.getElementById(decodeURIComponent(window.location.hash.slice(1)))?.scrollIntoView();",
                [self.drawn],
            )
        ]


def scroll_to_anchor(drawn: Var[bool]) -> rx.Component:
    """Put on a page whose ``#anchor`` targets a section drawn once ``drawn`` (a state var) is true."""
    return ScrollToAnchor.create(drawn=drawn)
