"""« Désactiver » / « Réactiver » (``components.active_switch``), shared by Comptes OCSO and Apporteurs
d'affaires: one look and one wording on both pages, « Désactiver » asked first, both buttons on one focus
key."""

import reflex as rx

from ocso_app.components.active_switch import active_switch
from tests.support.sources import modules_where


def _switch() -> str:
    return str(
        active_switch(
            active=rx.Var("on", _var_type=bool),
            deactivate_label="Désactiver l'apporteur Cabinet Test",
            reactivate_label="Réactiver l'apporteur Cabinet Test",
            focus="apporteur-etat-7",
            title="Désactiver l'apporteur Cabinet Test",
            description="Cabinet Test ne pourra plus se connecter.",
            confirm="Désactiver l'apporteur",
            on_deactivate=rx.console_log("off"),
            on_reactivate=rx.console_log("on"),
        )
    ).replace("\\u00e9", "é")


def test_deactivation_is_confirmed_and_both_buttons_keep_the_rows_focus_key():
    rendered = _switch()
    for text in (
        '"Désactiver"',
        '"Réactiver"',
        "Désactiver l'apporteur Cabinet Test",
        "Réactiver l'apporteur Cabinet Test",
        "Cabinet Test ne pourra plus se connecter.",
    ):
        assert text in rendered, text
    assert "AlertDialog" in rendered  # « Désactiver » asks first; « Réactiver » does not
    assert rendered.count("apporteur-etat-7") == 2


def test_the_two_pages_draw_the_switch_with_the_shared_component():
    """Written twice, the two copies had drifted apart once already (props, focus keys): one component."""
    assert modules_where(r'"R[ée]activer",', besides="active_switch.py") == []
