"""Pie charts drawn as plain SVG: the server computes each slice's path once, the browser draws it with no
chart library (no JavaScript to download, nothing to build per event but a few strings).

``pie_slices(shares)`` turns the amounts of a breakdown into display rows; ``pie_card`` draws them: the pie,
with its percentage on each slice large enough to hold it and the amount in each slice's tooltip, and under
it a legend listing every slice as text (label, amount, percentage), readable on a 375 px phone and by a
screen reader, with ten slices as with two.
"""

from __future__ import annotations

import math
from decimal import Decimal

import reflex as rx

from ocso_app import styles
from ocso_app.services.formats import format_money
from ocso_app.services.reimbursements import Share

SIZE = 200  # the SVG's own coordinates: a 200 × 200 square, the pie's centre in its middle
RADIUS = 96
LABEL_RADIUS = 0.64 * RADIUS
SMALLEST_LABELLED = 6  # percent: below, the slice is too thin for its number (the legend still has it)


def whole_percents(amounts: list[Decimal]) -> list[int]:
    """Whole percentages that add up to exactly 100 (largest remainders), so the legend never says 99 %."""
    total = sum(amounts, Decimal(0))
    exact = [amount * 100 / total for amount in amounts]
    floors = [int(value) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in by_remainder[: 100 - sum(floors)]:
        floors[i] += 1
    return floors


def _point(turns: float, radius: float) -> tuple[float, float]:
    """The point at ``turns`` (0 at the top, clockwise) and ``radius`` from the centre."""
    angle = 2 * math.pi * turns
    return SIZE / 2 + radius * math.sin(angle), SIZE / 2 - radius * math.cos(angle)


def _arc_path(start: float, end: float) -> str:
    """The SVG path of the slice between ``start`` and ``end`` (in turns)."""
    centre = SIZE / 2
    if end - start >= 1:  # the whole pie: two half circles (one arc cannot end where it starts)
        top, bottom, arc = centre - RADIUS, centre + RADIUS, f"A{RADIUS} {RADIUS} 0 1 1"
        return f"M{centre} {top}{arc} {centre} {bottom}{arc} {centre} {top}Z"
    x0, y0 = _point(start, RADIUS)
    x1, y1 = _point(end, RADIUS)
    large = 1 if end - start > 0.5 else 0
    return f"M{centre} {centre}L{x0:.2f} {y0:.2f}A{RADIUS} {RADIUS} 0 {large} 1 {x1:.2f} {y1:.2f}Z"


def pie_slices(shares: list[Share]) -> list[dict[str, str]]:
    """The display rows of a pie, in the order of ``shares`` (empty when nothing was spent): the slice's
    path, colours, text position, and the label, amount and percentage the legend and tooltip show. The
    amounts and percentages shown are exact (``Decimal``); only the drawing's angles are floats."""
    drawn = [share for share in shares if share.amount > 0]
    if not drawn:
        return []
    fractions = [float(share.amount) for share in drawn]
    total = sum(fractions)
    label_radius = LABEL_RADIUS if len(drawn) > 1 else 0
    slices, start = [], 0.0
    for index, (share, fraction, percent) in enumerate(
        zip(drawn, fractions, whole_percents([s.amount for s in drawn]), strict=True)
    ):
        end = start + fraction / total
        fill, ink = styles.CHART_PALETTE[index % len(styles.CHART_PALETTE)]
        label_x, label_y = _point((start + end) / 2, label_radius)
        amount = format_money(share.amount)
        shown = f"{percent}\u00a0%"
        slices.append(
            {
                "path": _arc_path(start, end),
                "fill": fill,
                "ink": ink,
                "x": f"{label_x:.1f}",
                "y": f"{label_y:.1f}",
                "on_slice": shown if percent >= SMALLEST_LABELLED else "",
                "label": share.label,
                "amount": amount,
                "percent": shown,
                "tooltip": f"{share.label} : {amount} ({shown})",
            }
        )
        start = end
    return slices


def _slice(row: rx.Var) -> rx.Component:
    return rx.el.svg.g(
        rx.el.svg.path(
            rx.el.title(row["tooltip"]),
            d=row["path"],
            style={"fill": row["fill"], "stroke": "white", "stroke_width": "1.5"},
        ),
        rx.el.svg.text(
            row["on_slice"],
            x=row["x"],
            y=row["y"],
            style={"fill": row["ink"], "font_size": "13px", "font_weight": "600", "pointer_events": "none"},
            text_anchor="middle",
            dominant_baseline="central",
        ),
    )


def _legend_entry(row: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.box(width="0.85em", height="0.85em", border_radius="3px", background=row["fill"], flex_shrink="0"),
        rx.text(row["label"], flex="1", min_width="0", class_name="legende-libelle"),
        rx.text(row["amount"], white_space="nowrap", color=styles.TEXT_MUTED),
        rx.text(
            row["percent"], white_space="nowrap", font_weight="600", min_width="3.2em", text_align="right"
        ),
        display="flex",
        align_items="center",
        gap="0.5em",
        padding_y="0.2em",
        border_bottom=f"1px solid {styles.RULE}",
    )


def pie_card(title: str, slices: rx.Var, *, chart_id: str) -> rx.Component:
    """A heading, the pie drawn from ``slices`` (a state var filled by ``pie_slices``) and its legend."""
    title_id = f"{chart_id}-titre"
    return rx.vstack(
        rx.heading(title, as_="h2", size="4", color=styles.NAVY, id=title_id),
        rx.cond(
            slices.length() > 0,  # type: ignore[attr-defined]
            rx.vstack(
                rx.el.svg(
                    rx.foreach(slices, _slice),
                    view_box=f"0 0 {SIZE} {SIZE}",
                    # sized by CSS: an SVG ``height`` attribute must be a length, "auto" is a console error
                    style={"width": "100%", "max_width": "240px", "height": "auto"},
                    role="img",
                    aria_labelledby=title_id,
                    align_self="center",
                ),
                rx.el.ul(
                    rx.foreach(slices, _legend_entry),
                    width="100%",
                    padding="0",
                    margin="0",
                    list_style="none",
                    class_name="legende",
                ),
                width="100%",
                spacing="3",
            ),
            rx.text("Aucune dépense pour cette sélection.", color=styles.TEXT_MUTED),
        ),
        style=styles.CARD,
        spacing="2",
        min_width="0",
        id=chart_id,
    )


def pie_pair(left: rx.Component, right: rx.Component) -> rx.Component:
    """Two charts side by side on a desktop, stacked on a phone."""
    return rx.grid(left, right, columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%")
