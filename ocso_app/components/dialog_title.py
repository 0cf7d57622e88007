"""The title of the portal's dialogs: a level-2 heading (RGAA 9.1), under the page's own ``h1``.

Radix Themes draws ``Dialog.Title`` and ``AlertDialog.Title`` as its ``Heading``, an ``h1`` unless told
otherwise: a screen reader's list of headings showed a second page title each time a dialog opened. The
heading's ``as`` is passed through, so the look (size 5, its margin) stays Radix's.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

HEADING_LEVEL = "h2"


def dialog_title(*children: Any, **props: Any) -> rx.Component:
    """``rx.dialog.title`` as an ``h2``."""
    return rx.dialog.title(*children, custom_attrs={"as": HEADING_LEVEL}, **props)


def alert_dialog_title(*children: Any, **props: Any) -> rx.Component:
    """``rx.alert_dialog.title`` as an ``h2``."""
    return rx.alert_dialog.title(*children, custom_attrs={"as": HEADING_LEVEL}, **props)
