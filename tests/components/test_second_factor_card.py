"""The verification card: « Faire confiance à ce navigateur » is offered to employers only. OCSO staff pass
the authenticator app at every login (``totp_only``), so a trusted browser would never be read."""

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


def test_the_trust_checkbox_is_not_offered_to_staff():
    cond = _find_cond(_code_form().render(), "totp_only")
    assert cond is not None
    assert 'name:"trust"' not in str(cond["true_value"])  # staff (app only): no checkbox
    assert 'name:"trust"' in str(cond["false_value"]) and "Faire confiance" in str(cond["false_value"])
