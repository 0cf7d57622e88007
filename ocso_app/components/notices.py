"""The toasts the server asks for (``state.notices``: a refused page, an unexpected error) and the one of a
lost connection, in French, drawn by hooks compiled into the app's bundle (the CSP allows no ``eval``).

Reflex's own « Cannot connect to server » toast is English: ``overlay`` replaces Reflex's default overlay
with the same pulse and a French toast, shown after two failed connections as Reflex does; and
``error_boundary`` says in French that a page failed to draw.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.components.memo import memo
from reflex_base.vars.base import Var
from reflex_components_core.base.error_boundary import ErrorBoundary
from reflex_components_core.core.banner import (
    connect_errors,
    connection_pulser,
    has_too_many_connection_errors,
)
from reflex_components_sonner.toast import toast_ref

from ocso_app import routes, styles
from ocso_app.components.effects import effect
from ocso_app.state.notices import NoticeState

CONNECTION_LOST = "La connexion au serveur est interrompue."
CONNECTION_HINT = "Vérifiez votre connexion Internet : la page se reconnecte d'elle-même."
CONNECTION_TOAST = "connexion-perdue"


def _js(text: str) -> str:
    return str(Var.create(text))


class NoticeToaster(rx.Fragment):
    """Calls sonner's ``toast.error`` each time ``NoticeState.serial`` changes."""

    def add_hooks(self) -> list[str | Var]:
        text, description, serial = NoticeState.text, NoticeState.description, NoticeState.serial
        return [
            effect(
                f"if ({serial} > 0 && {text}) {{ {toast_ref}?.error({text}, {{description: {description}, "
                f'position: "top-center", id: "avis-" + {serial}}}); }}',
                [serial],
                reads=[text, description, toast_ref],
            )
        ]


class ConnectionToaster(rx.Fragment):
    """Reflex's connection toast, in French: after two failed connections, until the socket is back."""

    def add_hooks(self) -> list[str | Var]:
        return [
            effect(
                f"if ({has_too_many_connection_errors}) {{ "
                f"{toast_ref}?.error({_js(CONNECTION_LOST)}, {{description: {_js(CONNECTION_HINT)}, "
                f'id: "{CONNECTION_TOAST}", duration: 120000, closeButton: true}}); }} '
                f'else {{ {toast_ref}?.dismiss("{CONNECTION_TOAST}"); }}',
                [connect_errors],
                reads=[toast_ref],
            )
        ]


def _overlay_components() -> rx.Component:
    return rx.fragment(connection_pulser(), ConnectionToaster.create(), NoticeToaster.create())


def overlay(stateful: bool) -> rx.Component | None:
    """The app wrap replacing Reflex's default overlay (``App.app_wraps[(5, "Overlay")]``), memoised as
    Reflex's is: its hooks need the event loop's and the states' providers, which wrap it."""
    if not stateful:
        return None
    return rx.fragment(memo(_overlay_components)())


PAGE_FAILED = "Cette page n'a pas pu s'afficher."
PAGE_FAILED_HINT = "Rechargez-la dans un instant. Si cela se reproduit, écrivez à support@ocso.fr."


def _page_failed() -> rx.Component:
    return rx.el.div(
        rx.el.h1(PAGE_FAILED, style={"color": styles.NAVY, "font_size": "1.5rem", "margin": "0"}),
        rx.el.p(PAGE_FAILED_HINT),
        rx.el.a("Revenir à l'accueil", href=routes.HOME, style={"color": styles.NAVY, "font_weight": "600"}),
        role="alert",
        style={"max_width": "40rem", "margin": "4rem auto", "padding": "1.5rem", "font_family": "sans-serif"},
    )


def error_boundary(*children: rx.Component, **props: Any) -> rx.Component:
    """Reflex's error boundary (the app wrap ``(55, "ErrorBoundary")``, which reports the error to the
    server's log) with a French page instead of its English one, which showed the stack trace and a link
    to reflex.dev."""
    return ErrorBoundary.create(*children, fallback_render=_page_failed(), **props)
