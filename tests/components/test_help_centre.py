"""The help's search box sends one search when typing pauses, not one per key: its input sits in a debounce
input (``rx.input`` takes ``debounce_timeout`` as a mere style, which sent an event at every keystroke)."""

from __future__ import annotations

from ocso_app.components.help_centre import help_answers
from ocso_app.state.member.help import HelpState


def _walk(component):
    yield component
    for child in getattr(component, "children", []):
        yield from _walk(child)


def test_the_help_search_is_debounced():
    block = help_answers(HelpState.entries, HelpState.search, input_id="aide", placeholder="Votre question")
    debounced = [c for c in _walk(block) if type(c).__name__ == "DebounceInput"]
    assert len(debounced) == 1
    assert "300" in str(debounced[0].debounce_timeout)  # type: ignore[attr-defined]
