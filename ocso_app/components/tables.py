"""The one table of the portal: columns, rows from a state var, a message when there is none, and an
optional detail row under each row (a décompte's lines, an employee's record …).

Rows are display-ready dicts or dataclasses of strings; a column reads ``row[key]`` unless it renders the
cell itself. The table scrolls sideways inside its box on a phone rather than breaking the page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import reflex as rx

from ocso_app import styles

Render = Callable[[rx.Var], rx.Component | rx.Var]


@dataclass(frozen=True)
class Column:
    """One column: its heading, the row's key it shows (or ``render``), and how the cell is laid out."""

    title: str
    key: str = ""
    render: Render | None = None
    header: bool = False  # the cell that names the row (a row header, for screen readers)
    nowrap: bool = False

    def cell(self, row: rx.Var) -> rx.Component:
        value = self.render(row) if self.render is not None else row[self.key]
        cell = rx.table.row_header_cell if self.header else rx.table.cell
        return cell(value, white_space="nowrap" if self.nowrap else None)


@dataclass(frozen=True)
class Detail:
    """A detail row shown under a row when ``shown(row)`` is true."""

    shown: Callable[[rx.Var], rx.Var[bool]]
    render: Callable[[rx.Var], rx.Component]


def data_table(
    rows: rx.Var,
    columns: Sequence[Column],
    *,
    empty: str,
    detail: Detail | None = None,
    size: str = "2",
    variant: str = "surface",
    **props: Any,
) -> rx.Component:
    """``rows`` as a table of ``columns``, or ``empty`` when there are none."""

    def body_rows(row: rx.Var) -> rx.Component:
        line = rx.table.row(*[column.cell(row) for column in columns])
        if detail is None:
            return line
        extra = rx.table.row(rx.table.cell(detail.render(row), col_span=len(columns)))
        return rx.fragment(line, rx.cond(detail.shown(row), extra, rx.fragment()))

    table = rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(c.title) for c in columns])),
        rx.table.body(rx.foreach(rows, body_rows)),
        size=size,
        variant=variant,
        width="100%",
    )
    return rx.cond(
        rows.length() > 0,
        rx.box(table, overflow_x="auto", width="100%", **props),
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
        rx.text(*label, size="2"),
        rx.button("Page suivante", on_click=on_next, disabled=~has_next, variant="soft"),
        align="center",
        spacing="3",
    )
