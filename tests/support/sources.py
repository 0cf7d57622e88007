"""The app's own source files, read by the tests that check a rule across every module (a component built
only through the portal's helper)."""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.support.paths import ROOT


def modules_where(
    pattern: str, *, besides: str, unless: Callable[[str], bool] = lambda _: False
) -> list[str]:
    """The app's modules (but ``besides``, the helper's own) whose text matches ``pattern``, except those
    where ``unless(text)`` holds: the offenders of a rule."""
    found = re.compile(pattern)
    offenders = []
    for path in sorted((ROOT / "ocso_app").rglob("*.py")):
        text = path.read_text()
        if path.name != besides and found.search(text) and not unless(text):
            offenders.append(str(path.relative_to(ROOT)))
    return offenders
