"""Espace Apporteurs d'affaires: "Obtenir votre identifiant" and the portfolio, behind the guard."""

from __future__ import annotations

import dataclasses

import reflex as rx

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AccountKind
from ocso_app.services import introducers
from ocso_app.services.sessions import Principal
from ocso_app.state.auth_forms import PublicFormState
from ocso_app.state.base import SessionState


class IdentifierRequestState(PublicFormState):
    @rx.event
    def submit(self, form: dict) -> None:
        """Obtenir votre identifiant: e-mailed to the address on file, same answer in every case."""
        self.error = ""
        with db_session() as session:
            self.info = introducers.send_identifier(session, email=str(form.get("email", "")))


class PortfolioState(SessionState):
    """Mon portefeuille: only the companies of the connected introducer."""

    companies: list[dict] = []

    def _require_introducer(self) -> Principal | None:
        principal = self._require(AccountKind.INTRODUCER)
        return principal if principal is not None and principal.introducer_id is not None else None

    @rx.event
    def load(self):
        principal = self._require_introducer()
        if principal is None:
            return self._to_login(routes.INTRODUCER_LOGIN)
        with db_session() as session:
            rows = introducers.portfolio(session, introducer_id=principal.introducer_id)
        self.user_name = principal.display_name
        self.companies = [dataclasses.asdict(row) for row in rows]
        return None
