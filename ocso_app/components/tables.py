"""The one table of the portal: columns, rows from a state var, and a message when there is none.

Rows are display-ready dicts or dataclasses of strings; a column shows ``row[key]``. The table scrolls
sideways inside its box on a phone rather than breaking the page (Radix's own scrolling viewport); while it
does, ``assets/ocso.js`` makes that viewport a region named after the table (``label``) in the tab order, so
a keyboard reaches it and scrolls it with the arrows (Safari does not, unlike Chromium, and a table of text
has nothing else to focus); a table that fits adds no tab stop. A list whose rows carry actions (Mes
paiements, with its download and ▼ per décompte) stays a wrapping list: at 375 px a table hides them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import reflex as rx

from ocso_app import styles

SCROLL_LABEL = "data-table-label"  # read by assets/ocso.js: the name of the table's scrolling region


@dataclass(frozen=True)
class Column:
    """One column: its heading, the row's key it shows, and how the cell is laid out. ``render`` draws the
    cell's content from the row instead (a checkbox, a badge, actions), ``heading`` the heading's (a sort
    button); ``visible`` (a state var) shows the column only when true; ``title_shown=False`` keeps the
    title for screen readers only (a column of « Ouvrir » links or of buttons, which name themselves)."""

    title: str
    key: str
    header: bool = False  # the cell that names the row (a row header, for screen readers)
    nowrap: bool = False
    render: Callable[[rx.Var], rx.Component] | None = None  # what the cell holds instead of ``row[key]``
    heading: Callable[[], rx.Component] | None = None
    visible: Any = None
    title_shown: bool = True

    def _display(self) -> Any:
        return None if self.visible is None else rx.cond(self.visible, "table-cell", "none")

    def head(self) -> rx.Component:
        content = self.heading() if self.heading is not None else self.title
        if not self.title_shown:
            content = rx.el.span(self.title, style=styles.VISUALLY_HIDDEN)
        return rx.table.column_header_cell(content, display=self._display())

    def cell(self, row: rx.Var) -> rx.Component:
        cell = rx.table.row_header_cell if self.header else rx.table.cell
        content = self.render(row) if self.render is not None else row[self.key]
        return cell(content, white_space="nowrap" if self.nowrap else None, display=self._display())


def data_table(
    rows: rx.Var,
    columns: Sequence[Column],
    *,
    empty: str,
    size: str = "2",
    variant: str = "surface",
    row_key: str | None = None,
    label: str = "Tableau",
    **props: Any,
) -> rx.Component:
    """``rows`` as a table of ``columns``, or ``empty`` when there are none. ``row_key`` names the key of
    a row's identity when a row's action can move it in the list (React then moves the row, its focused
    button with it, instead of showing the next row in the one that had the focus). ``label`` names the
    region a keyboard scrolls when the table is wider than its box (a few words in French)."""

    def row_of(row: rx.Var) -> rx.Component:
        return rx.table.row(*[c.cell(row) for c in columns], key=row[row_key] if row_key else None)

    table = rx.table.root(
        rx.table.header(rx.table.row(*[c.head() for c in columns])),
        rx.table.body(rx.foreach(rows, row_of)),
        size=size,
        variant=variant,
        width="100%",
    )
    return rx.cond(
        rows.length() > 0,
        rx.box(table, overflow_x="auto", width="100%", custom_attrs={SCROLL_LABEL: label}, **props),
        rx.text(empty, color=styles.TEXT_MUTED),
    )


def pager(
    *,
    page: rx.Var[int],
    on_previous: Any,
    on_next: Any,
    has_next: rx.Var[bool],
    pages: rx.Var[int] | None = None,
) -> rx.Component:
    """« Page précédente » / « Page n (sur m) » / « Page suivante »."""
    label = ["Page ", page, *([" sur ", pages] if pages is not None else [])]
    return rx.hstack(
        rx.button("Page précédente", on_click=on_previous, disabled=page <= 1, variant="soft"),
        rx.text(*label, size="2", white_space="nowrap"),
        rx.button("Page suivante", on_click=on_next, disabled=~has_next, variant="soft"),
        align="center",
        spacing="3",
        wrap="wrap",
    )


def paged_list(
    rows: rx.Var,
    columns: Sequence[Column],
    card: Callable[[rx.Var], rx.Component],
    *,
    empty: str,
    page: rx.Var[int],
    pages: rx.Var[int],
    has_next: rx.Var[bool],
    change_page: Any,
    label: str = "Tableau",
) -> list[rx.Component]:
    """A paged list of people: the table (named ``label``) on a wide screen, one card per row on a phone,
    then the pager (``change_page(-1)`` / ``change_page(1)``)."""
    return [
        rx.box(
            data_table(rows, columns, empty=empty, size="1", label=label),
            display=["none", "none", "block"],
            width="100%",
        ),
        rx.box(
            rx.cond(
                rows.length() > 0,
                rx.vstack(rx.foreach(rows, card), spacing="0", width="100%"),
                rx.text(empty, color=styles.TEXT_MUTED),
            ),
            display=["block", "block", "none"],
            width="100%",
        ),
        pager(page=page, pages=pages, on_previous=change_page(-1), on_next=change_page(1), has_next=has_next),
    ]
