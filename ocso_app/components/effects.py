"""React effects compiled into the app's bundle: what the page does in the browser when a state var changes
(the Content-Security-Policy allows no ``eval``, so a script sent by the server, ``rx.call_script``, never
runs)."""

from __future__ import annotations

from collections.abc import Sequence

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
