"""What every public form shows: one error and one information message."""

from __future__ import annotations

import reflex as rx

from ocso_app.services.audit import interface_from_user_agent
from ocso_app.services.login import LoginAttempt
from ocso_app.state.hydration import PristineState


class PublicFormState(PristineState, rx.State):
    """Parent of the public forms' states."""

    error: str = ""
    info: str = ""

    def _attempt(self) -> LoginAttempt:
        return LoginAttempt(
            interface=interface_from_user_agent(self.router.headers.user_agent),
            ip_address=self.router.session.client_ip or None,
        )


class LinkPageState(PublicFormState):
    """Parent of the public pages opened from an e-mailed link (``?jeton=``): whether it still works, and
    whether its form is done."""

    link_valid: bool = False
    done: bool = False

    def _secret(self) -> str:
        return self.router.url.query_parameters.get("jeton", "")
