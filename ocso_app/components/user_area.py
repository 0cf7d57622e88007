"""The connected user's corner of a space header: name and "Se déconnecter" (a POST to the logout route)."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.login_form import PostForm
from ocso_app.state.base import SessionState


def user_area() -> rx.Component:
    return rx.hstack(
        rx.cond(
            SessionState.user_name != "",
            rx.text(SessionState.user_name, color="white", font_weight="600", display=["none", "block"]),
            rx.fragment(),
        ),
        PostForm.create(
            rx.button(
                rx.icon("log-out", size=16),
                rx.el.span("Se déconnecter", display=["none", "inline"]),  # icon only on a phone
                type="submit",
                aria_label="Se déconnecter",
                variant="outline",
                color_scheme="gray",
                size="2",
                style={"color": "white", "border_color": styles.ON_NAVY_OUTLINE},
            ),
            action=routes.API_LOGOUT.url(),
            method="post",
        ),
        align="center",
        spacing="3",
    )
