"""The member's login, registration and forgotten-password pages say where to find the numéro d'adhérent and
whom to ask for it (guide 001: « sur votre courrier de bienvenue, sur votre carte de tiers payant, ou en nous
en faisant la demande par téléphone ou par mail »; guide 004: « Obtenir votre identifiant si vous ne savez pas
où le trouver »), and a phone offers its numeric keypad for that number."""

import pytest

import ocso_app.pages  # noqa: F401  (registers every page)
from ocso_app.pages.auth.member import member_forgotten_password, member_login, member_register

PAGES = [member_login, member_register, member_forgotten_password]
IDS = ["connexion", "inscription", "mot-de-passe-oublie"]


def _rendered(page) -> str:
    return str(page().render())  # the words checked are plain ASCII


def _props_of(node, name: str) -> list[list[str]]:
    """The props of every rendered element named ``name`` (an input: its ``name`` attribute)."""
    if isinstance(node, dict):
        props = node.get("props")
        found = [props] if isinstance(props, list) and f'name:"{name}"' in props else []
        return found + [p for value in node.values() for p in _props_of(value, name)]
    if isinstance(node, list | tuple):
        return [p for item in node for p in _props_of(item, name)]
    return []


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_the_page_says_where_to_find_the_member_number_and_whom_to_ask(page):
    text = _rendered(page)
    for words in ("courrier de bienvenue", "carte de tiers payant", "05 56 34 36 66", "support@ocso.fr"):
        assert words in text, words
    assert "tel:+33556343666" in text and "mailto:support@ocso.fr" in text


@pytest.mark.parametrize(
    ("page", "name"),
    [(member_login, "login"), (member_register, "member_number"), (member_forgotten_password, "login")],
    ids=IDS,
)
def test_the_member_number_opens_a_phones_numeric_keypad(page, name):
    [props] = _props_of(page().render(), name)
    assert 'inputMode:"numeric"' in props and "maxLength:6" in props


def test_forgotten_password_gives_the_login_pages_hint_under_the_member_number():
    login, forgotten = _rendered(member_login), _rendered(member_forgotten_password)
    hint = "Les 6 premiers caract"  # « … caractères, sur votre carte de tiers payant. »
    assert hint in login and hint in forgotten


def test_the_forgotten_password_page_gives_the_contact_once():
    """One contact for both cases: the numéro d'adhérent not found, or no e-mail address known to OCSO
    (before: the help's sentence, then « Sans adresse e-mail connue, contactez … » with the same two)."""
    text = _rendered(member_forgotten_password)
    assert text.count("05 56 34 36 66") == 1
    assert text.count("support@ocso.fr") == 2  # the link's text and its href
    assert "adresse e-mail" in text
