"""Every dialog gives the keyboard focus back to what opened it: its content is built by
``components.focus``, whose Radix focus events are compiled into the page (no script from the server)."""

import re

import reflex as rx

from ocso_app.components.focus import alert_dialog_content, dialog_content
from tests.support.paths import ROOT


def test_a_dialog_content_is_bound_to_the_page_script_that_returns_the_focus():
    for content in (dialog_content(rx.text("x")), alert_dialog_content(rx.text("x"))):
        rendered = str(content.render())
        assert "window.ocsoFocus?.opened" in rendered and "window.ocsoFocus?.closed" in rendered
    script = (ROOT / "assets" / "ocso.js").read_text()
    assert "window.ocsoFocus = {" in script


def test_no_dialog_is_built_without_the_focus_return():
    """``rx.dialog.content`` or ``rx.alert_dialog.content`` used directly leaves the focus on the page's
    body when the dialog closes (the portal's dialogs are opened by the server, without a Radix trigger)."""
    direct = re.compile(r"rx\.(alert_)?dialog\.content\(")
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "ocso_app").rglob("*.py")
        if path.name != "focus.py" and direct.search(path.read_text())
    ]
    assert offenders == []
