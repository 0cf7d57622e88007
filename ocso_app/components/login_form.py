"""The login form of a space: a plain HTML form POSTed to ``routes.API_LOGIN`` (no password on the
websocket), with the page to come back to."""

import reflex as rx
from reflex_components_core.el.elements.base import BaseHTML

from ocso_app import routes
from ocso_app.components.forms import banner, submit_button


class PostForm(BaseHTML):
    """A plain ``<form method="post">``: the browser submits it itself (Reflex's form would intercept)."""

    tag = "form"
    action: rx.Var[str]
    method: rx.Var[str]


def login_form(space: str, state: type, *fields: rx.Component) -> rx.Component:
    """``state`` is the page's ``LoginPageState`` subclass (error message, ``suite``)."""
    return rx.fragment(
        banner(state.error),
        PostForm.create(
            rx.vstack(
                *fields,
                rx.el.input(type="hidden", name="suite", value=state.suite),
                submit_button("Se connecter"),
                spacing="3",
            ),
            action=routes.API_LOGIN.url(space=space),
            method="post",
            width="100%",
        ),
    )


def continue_form(handoff: rx.Var[str], action: str) -> rx.Component:
    """« Continuer » after a step a websocket event finished (an authenticator app activated, the first real
    password chosen): a plain form POSTing the step's one-time ``handoff`` to ``action``, the route that gives
    the session its new token (an event cannot set the HttpOnly cookie)."""
    return PostForm.create(
        rx.el.input(type="hidden", name="passage", value=handoff),
        submit_button("Continuer"),
        action=action,
        method="post",
        width="100%",
    )
