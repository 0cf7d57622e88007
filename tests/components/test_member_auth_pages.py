"""The member's login and registration pages say where to find the numéro d'adhérent and whom to ask for it
(guide 001: « sur votre courrier de bienvenue, sur votre carte de tiers payant, ou en nous en faisant la
demande par téléphone ou par mail »; guide 004: « Obtenir votre identifiant si vous ne savez pas où le
trouver »)."""

import pytest

import ocso_app.pages  # noqa: F401  (registers every page)
from ocso_app.pages.auth.member import member_login, member_register


def _rendered(page) -> str:
    return str(page().render())  # the words checked are plain ASCII


@pytest.mark.parametrize("page", [member_login, member_register], ids=["connexion", "inscription"])
def test_the_page_says_where_to_find_the_member_number_and_whom_to_ask(page):
    text = _rendered(page)
    for words in ("courrier de bienvenue", "carte de tiers payant", "05 56 34 36 66", "support@ocso.fr"):
        assert words in text, words
    assert "tel:+33556343666" in text and "mailto:support@ocso.fr" in text
