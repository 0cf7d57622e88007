"""The verification card: « Faire confiance à ce navigateur » is offered only where a trusted browser lasts
(``may_trust``, see ``second_factor.options``): not to OCSO staff, who pass the authenticator app at every
login, nor to a session that must still replace its temporary password."""

import ocso_app.pages  # noqa: F401  (registers every page)
from ocso_app.components.second_factor import _code_form


def _find_cond(node, var: str):
    """The first ``rx.cond`` on ``var`` in a rendered tree."""
    if isinstance(node, dict):
        if str(node.get("cond_state", "")).endswith(f".{var}_rx_state_"):
            return node
        node = list(node.values())
    if isinstance(node, list):
        for child in node:
            found = _find_cond(child, var)
            if found is not None:
                return found
    return None


def test_the_trust_checkbox_follows_may_trust():
    """Offered only when a trusted browser would last: not to staff, nor to a session that must still
    replace its temporary password (that step forgets every trusted browser)."""
    cond = _find_cond(_code_form().render(), "may_trust")
    assert cond is not None
    assert 'name:"trust"' in str(cond["true_value"]) and "Faire confiance" in str(cond["true_value"])
    assert 'name:"trust"' not in str(cond["false_value"])
