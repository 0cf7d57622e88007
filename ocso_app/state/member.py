"""Member space states: the guard helpers and the pages' display vars."""

from __future__ import annotations

import reflex as rx

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AccountKind
from ocso_app.services import members, passwords_flow
from ocso_app.services.errors import OcsoError
from ocso_app.services.sessions import Principal
from ocso_app.services.spaces import HOME
from ocso_app.state.base import SessionState


class MemberState(SessionState):
    """Parent of the member pages' states: ``_require_member`` is the guard every handler calls first."""

    def _require_member(self) -> Principal | None:
        principal = self._principal()
        if principal is None or principal.kind != AccountKind.MEMBER or not principal.fully_authenticated:
            return None
        return principal


class MemberHomeState(MemberState):
    """Accueil: the "Mes informations" block."""

    full_name: str = ""
    member_number: str = ""
    nir_masked: str = ""
    address_line: str = ""
    postal_city: str = ""

    @rx.event
    def load(self):
        principal = self._require_member()
        if principal is None:
            return self._to_login(routes.MEMBER_LOGIN)
        with db_session() as session:
            summary = members.member_summary(session, member_id=principal.member_id)
        self.user_name = principal.display_name
        self.full_name = summary.full_name
        self.member_number = summary.member_number
        self.nir_masked = summary.nir_masked
        self.address_line = summary.address_line
        self.postal_city = summary.postal_city
        return None


class ChangePasswordState(MemberState):
    """ "Modifier mon mot de passe" (Mes informations): asks the current one, ends the other sessions."""

    error: str = ""
    info: str = ""

    @rx.event
    def submit(self, form: dict):
        principal = self._require_member()
        if principal is None:
            return self._to_login(routes.MEMBER_LOGIN)
        self.error, self.info = "", ""
        try:
            with db_session() as session:
                passwords_flow.change_password(
                    session,
                    principal=principal,
                    current_password=str(form.get("current", "")),
                    new_password=str(form.get("password", "")),
                    confirmation=str(form.get("confirmation", "")),
                    interface=self._interface(),
                )
        except OcsoError as error:
            self.error = error.message
            return None
        self.info = "Votre mot de passe est modifié. Vos autres sessions ont été fermées."
        return rx.set_value("current", "")


class NewPasswordState(SessionState):
    """First login with a temporary password: choose the real one (any space)."""

    error: str = ""

    @rx.event
    def load(self):
        principal = self._principal()
        if principal is None:
            return rx.redirect(routes.HOME)
        if not principal.must_change_password:
            return rx.redirect(HOME[principal.kind])
        return None

    @rx.event
    def submit(self, form: dict):
        principal = self._principal()
        if principal is None or not principal.second_factor_done:
            return rx.redirect(routes.HOME)
        self.error = ""
        try:
            with db_session() as session:
                passwords_flow.replace_temporary_password(
                    session,
                    principal=principal,
                    new_password=str(form.get("password", "")),
                    confirmation=str(form.get("confirmation", "")),
                    interface=self._interface(),
                )
        except OcsoError as error:
            self.error = error.message
            return None
        return rx.redirect(HOME[principal.kind])
