"""Member space states: the guard helpers and the pages' display vars."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import reflex as rx

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AccountKind, Audience
from ocso_app.services import members, passwords_flow
from ocso_app.services import news as news_service
from ocso_app.services.errors import OcsoError
from ocso_app.services.sessions import Principal
from ocso_app.services.spaces import HOME
from ocso_app.state.base import SessionState


class MemberState(SessionState):
    """Parent of the member pages' states: ``_require_member`` is the guard every handler calls first."""

    def _require_member(self) -> Principal | None:
        return self._require(AccountKind.MEMBER)


class MemberHomeState(MemberState):
    """Accueil (Mes informations, Mes derniers envois, OCSO m'informe, Mes Remboursements) and Mes
    informations (bank details masked, beneficiaries). Display strings only."""

    full_name: str = ""
    member_number: str = ""
    nir_masked: str = ""
    address_line: str = ""
    postal_city: str = ""
    latest_requests: list[dict[str, str]] = []
    latest_payments: list[dict[str, str]] = []
    news: list[dict[str, str]] = []
    iban_masked: str = ""
    bic: str = ""
    beneficiaries: list[dict[str, str]] = []

    def _fill_summary(self, session, principal: Principal) -> None:
        summary = members.member_summary(session, member_id=principal.member_id)
        self.user_name = principal.display_name
        self.full_name = summary.full_name
        self.member_number = summary.member_number
        self.nir_masked = summary.nir_masked
        self.address_line = summary.address_line
        self.postal_city = summary.postal_city

    @rx.event
    def load(self):
        """Accueil: the four blocks, each from the database."""
        principal = self._require_member()
        if principal is None:
            return self._to_login(routes.MEMBER_LOGIN)
        with db_session() as session:
            self._fill_summary(session, principal)
            requests = members.latest_requests(session, member_id=principal.member_id)
            payments = members.latest_payments(session, member_id=principal.member_id)
            items = news_service.current_news(session, audience=Audience.MEMBER, today=date.today(), limit=2)
        self.latest_requests = [asdict(item) for item in requests]
        self.latest_payments = [asdict(item) for item in payments]
        self.news = [{"title": n.title, "body": n.body, "published_on": n.published_on} for n in items]
        return None

    @rx.event
    def load_information(self):
        """Mes informations: identity, bank details (masked) and beneficiaries."""
        principal = self._require_member()
        if principal is None:
            return self._to_login(routes.MEMBER_LOGIN)
        with db_session() as session:
            self._fill_summary(session, principal)
            bank = members.bank_details(session, member_id=principal.member_id)
            people = members.beneficiaries(session, member_id=principal.member_id)
        self.iban_masked, self.bic = bank.iban_masked, bank.bic
        self.beneficiaries = [asdict(person) for person in people]
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
