"""The login pages of the four spaces: the form POSTs to ``routes.API_LOGIN``; these states only show the
outcome (``?erreur=1``) and keep the page to come back to (``?suite=``)."""

from __future__ import annotations

import reflex as rx

from ocso_app.services.login import LOGIN_FAILED
from ocso_app.services.passwords_flow import PASSWORD_HANDOFF_REFUSED, PASSWORD_STEP_EXPIRED
from ocso_app.services.spaces import safe_next
from ocso_app.state.public.base import PublicFormState


class LoginPageState(PublicFormState):
    suite: str = ""

    @rx.event
    def load(self) -> None:
        query = self.router.url.query_parameters
        self.suite = safe_next(query.get("suite"), "")
        refused = query.get("erreur")
        if refused == PASSWORD_HANDOFF_REFUSED:  # « Continuer » after the first real password, refused
            self.error = PASSWORD_STEP_EXPIRED
        else:
            self.error = LOGIN_FAILED if refused else ""


class MemberLoginState(LoginPageState):
    """Se connecter with the numéro d'adhérent (6 first characters) and the password."""


class EmployerLoginState(LoginPageState):
    """Se connecter with the e-mail address and the password."""


class IntroducerLoginState(LoginPageState):
    """Se connecter with the introducer's identifier and password."""


class StaffLoginState(LoginPageState):
    """Se connecter (OCSO staff) with the e-mail address and the password."""
