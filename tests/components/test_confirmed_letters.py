"""The letters whose download changes an account (a member's temporary password, a company's new code de
sécurité, an employee's courrier d'affiliation with a new code) are buttons, never links: each opens a
confirmation dialog saying what will change, with « Annuler », and only its confirm button POSTs the page's
plain form to the route, which answers the PDF as an attachment (``components.confirm.confirmed_post``). A
link would be fetched by a stray click, a middle-click or a browser prefetching it."""

import re

import reflex as rx

import ocso_app.pages  # noqa: F401  (registers every page)
from ocso_app.components.confirm import confirmed_post
from ocso_app.pages.employer.affiliate import _done
from ocso_app.pages.employer.staff_record import _actions
from ocso_app.pages.staff.files import _access, _security_code


def _rendered(component: rx.Component) -> str:
    return str(component).replace("\\u00e9", "é").replace("\\u00e0", "à").replace("\\u2019", "'")


def test_the_button_asks_then_posts_its_form_to_the_route():
    rendered = _rendered(
        confirmed_post(
            "Courrier de test",
            action=rx.Var.create("/api/essai.pdf"),
            form_id="courrier-essai",
            title="Télécharger le courrier de test",
            description="Le secret actuel ne vaudra plus.",
            confirm="Télécharger le courrier",
        )
    )
    assert re.search(r'jsx\("form",\{[^}]*action:"/api/essai\.pdf"', rendered)
    assert 'method:"post"' in rendered and 'id:"courrier-essai"' in rendered
    assert "AlertDialog" in rendered and '"Annuler"' in rendered
    assert "Le secret actuel ne vaudra plus." in rendered and '"Télécharger le courrier"' in rendered
    # the confirm button submits the page's form (the dialog itself is drawn elsewhere in the page)
    assert 'document.getElementById("courrier-essai")?.requestSubmit()' in rendered
    assert "download:" not in rendered  # no link to fetch


def _posts(section: rx.Component, var: str, *words: str) -> None:
    rendered = _rendered(section)
    action = re.search(r'jsx\("form",\{[^}]*action:([^,}]+)', rendered)
    assert action is not None and action.group(1).endswith(f".{var}_rx_state_"), var
    assert 'method:"post"' in rendered and "requestSubmit" in rendered and '"Annuler"' in rendered
    assert f"to:{action.group(1)}" not in rendered and f"href:{action.group(1)}" not in rendered  # no link
    for word in words:
        assert word in rendered, word


def test_the_members_temporary_password_letter_is_confirmed_then_posted():
    _posts(
        _access(),
        "password_letter_href",
        "Un mot de passe provisoire remplacera le mot de passe actuel de l'adhérent",
        "ne pourra plus se connecter avec l'ancien",
    )


def test_the_companys_new_security_code_letter_is_confirmed_then_posted():
    _posts(_security_code(), "code_letter_href", "le code de sécurité actuel ne vaudra plus")


def test_the_affiliation_letter_is_confirmed_then_posted_from_the_fiche_and_the_wizard():
    for section in (_actions(), _done()):
        _posts(section, "letter_href", "le code du courrier déjà remis ne vaudra plus")
