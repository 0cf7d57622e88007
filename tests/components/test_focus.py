"""Every dialog gives the keyboard focus back to what opened it: its content is built by
``components.focus``, whose Radix focus events are compiled into the page (no script from the server); and
a refused form moves the focus to its field in error, through a hook of the same kind."""

import reflex as rx

from ocso_app.components.focus import alert_dialog_content, dialog_content, refusal_focus
from tests.support.paths import ROOT
from tests.support.sources import modules_where


def test_a_dialog_content_is_bound_to_the_page_script_that_returns_the_focus():
    for content in (dialog_content(rx.text("x")), alert_dialog_content(rx.text("x"))):
        rendered = str(content.render())
        assert "window.ocsoFocus?.opened" in rendered and "window.ocsoFocus?.closed" in rendered
    script = (ROOT / "assets" / "ocso.js").read_text()
    assert "window.ocsoFocus = {" in script


def test_no_dialog_is_built_without_the_focus_return():
    """``rx.dialog.content`` or ``rx.alert_dialog.content`` used directly leaves the focus on the page's
    body when the dialog closes (the portal's dialogs are opened by the server, without a Radix trigger)."""
    assert modules_where(r"rx\.(alert_)?dialog\.content\(", besides="focus.py") == []


def test_a_refused_form_calls_the_page_script_when_its_state_counts_a_refusal():
    (hook,) = refusal_focus("radiation", rx.Var("refusals")).add_hooks()
    assert str(hook) == (
        'useEffect(() => { if (refusals > 0) window.ocsoFocus?.refused("radiation"); }, [refusals])'
    )
    script = (ROOT / "assets" / "ocso.js").read_text()
    assert "refused: function (scopeId)" in script


def _holds_refusal_focus(text: str) -> bool:
    return "refusal_focus(" in text


def test_every_form_with_fields_in_error_moves_the_focus_when_refused():
    """A module drawing fields ``aria-invalid`` (``error_props``, ``checked_field``…) holds a
    ``refusal_focus``: else the focus stays on the button of a refused form."""
    marks = r"\b(error_props|checked_field|checked_select)\("
    assert modules_where(marks, besides="checked_form.py", unless=_holds_refusal_focus) == []
