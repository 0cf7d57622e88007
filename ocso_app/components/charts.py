"""Pie charts (plotly through ``rx.plotly``): a titled card, full width, the legend under the pie so it
stays readable on a 375 px phone."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles

PLOTLY_CONFIG = {"displayModeBar": False, "responsive": True, "locale": "fr"}


def pie_card(title: str, figure: rx.Var, *, chart_id: str) -> rx.Component:
    """A heading and the pie drawn from ``figure`` (a state var holding a ``go.Figure``)."""
    return rx.vstack(
        rx.heading(title, as_="h2", size="4", color=styles.NAVY, id=f"{chart_id}-titre"),
        rx.box(
            rx.plotly(
                data=figure, config=PLOTLY_CONFIG, use_resize_handler=True, width="100%", height="360px"
            ),
            width="100%",
            min_height="360px",
            id=chart_id,
        ),
        style=styles.CARD,
        spacing="2",
        min_width="0",
    )


def pie_pair(left: rx.Component, right: rx.Component) -> rx.Component:
    """Two charts side by side on a desktop, stacked on a phone."""
    return rx.grid(left, right, columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%")
