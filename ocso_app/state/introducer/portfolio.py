"""Mon portefeuille: only the companies of the connected introducer."""

from __future__ import annotations

import dataclasses

from ocso_app.db import db_session
from ocso_app.models import AccountKind
from ocso_app.services import introducers
from ocso_app.services.sessions import Principal
from ocso_app.state.base import SpaceState, page_load


class IntroducerState(SpaceState):
    """Parent of the introducer pages' states: a logged-in introducer account tied to its portfolio."""

    def _kind(self) -> AccountKind:
        return AccountKind.INTRODUCER

    def _authorized(self, principal: Principal) -> bool:
        return super()._authorized(principal) and principal.introducer_id is not None


class PortfolioState(IntroducerState):
    companies: list[dict] = []

    @page_load
    def load(self, introducer: Principal):
        with db_session() as session:
            rows = introducers.portfolio(session, introducer_id=introducer.introducer_id)
        self.companies = [dataclasses.asdict(row) for row in rows]
