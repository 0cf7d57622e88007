"""What the app wraps around every page says in French: the boundary shown when a page fails to draw, the
toast of a lost connection, and the server's toasts (``components.notices``), none of Reflex's English."""

from __future__ import annotations

import json

from ocso_app.components import notices
from ocso_app.ocso_app import app
from ocso_app.state.notices import LONGEST, NoticeState


def _drawn(component) -> str:
    code = json.dumps(component.render(), ensure_ascii=False, default=str)
    hooks = json.dumps(list(component._get_all_hooks()), ensure_ascii=False, default=str)
    return code + hooks


def test_a_page_that_fails_to_draw_is_told_in_french_without_the_stack_or_reflexs_link():
    drawn = _drawn(app.app_wraps[(55, "ErrorBoundary")](True))
    assert notices.PAGE_FAILED in drawn and "support@ocso.fr" in drawn
    assert "An error occurred" not in drawn and "reflex.dev" not in drawn and "Copy" not in drawn
    assert "fallbackRender:((event_args) => (jsx(" in str(app.app_wraps[(55, "ErrorBoundary")](True))


def test_the_connection_and_the_servers_toasts_are_french():
    overlay = app.app_wraps[(5, "Overlay")](True)
    assert overlay is not None
    drawn = json.dumps(
        [str(hook) for hook in notices.ConnectionToaster.create()._get_all_hooks()], ensure_ascii=False
    )
    assert "La connexion au serveur est interrompue." in drawn and "Cannot connect" not in drawn
    hooks = " ".join(str(hook) for hook in notices.NoticeToaster.create()._get_all_hooks())
    assert "toast']?.error" in hooks and "serial" in hooks and "eval" not in hooks


def test_a_notice_keeps_a_short_text_and_counts_each_showing():
    shown = NoticeState.show("x" * 1_000, "détail")
    assert shown.handler.fn.__qualname__ == "NoticeState.show"
    state = NoticeState(_reflex_internal_init=True)
    NoticeState.show.fn(state, "y" * 1_000, "détail")
    NoticeState.show.fn(state, "y" * 1_000, "détail")
    assert state.text == "y" * LONGEST and state.description == "détail" and state.serial == 2
