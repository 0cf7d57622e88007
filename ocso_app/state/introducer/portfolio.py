"""Mon portefeuille: only the companies of the connected introducer, and one of them opened in detail
(contracts, headcounts per status, bordereaux, open démarches). The company id the browser sends is checked
against the introducer's portfolio by the service. Below, OCSO's answers for introducers (``services.help``),
searched as one types."""

from __future__ import annotations

import dataclasses

from ocso_app.db import db_session
from ocso_app.models import AccountKind, Audience
from ocso_app.services import help as help_service
from ocso_app.services import introducers
from ocso_app.services.formats import format_count, paris_today
from ocso_app.services.help import HelpEntry
from ocso_app.services.ids import parse_id
from ocso_app.services.sessions import Principal
from ocso_app.state.base import SpaceState, page_load, private_event


class IntroducerState(SpaceState):
    """Parent of the introducer pages' states: a logged-in introducer account tied to its portfolio."""

    def _kind(self) -> AccountKind:
        return AccountKind.INTRODUCER

    def _authorized(self, principal: Principal) -> bool:
        return super()._authorized(principal) and principal.introducer_id is not None


MAX_HELP_QUERY = 100


def _rows(items: tuple) -> list[dict[str, str]]:
    """Display strings: counts with the French thousands separator (« 1 957 »), ids as they are."""
    return [{k: _shown(k, v) for k, v in dataclasses.asdict(item).items()} for item in items]


def _shown(key: str, value: object) -> str:
    is_count = isinstance(value, int) and not isinstance(value, bool) and not key.endswith("id")
    return format_count(value) if is_count else str(value)


class PortfolioState(IntroducerState):
    companies: list[dict[str, str]] = []
    detail_id: str = ""
    detail_name: str = ""
    contracts: list[dict[str, str]] = []
    headcounts: list[dict[str, str]] = []
    statements: list[dict[str, str]] = []
    requests: list[dict[str, str]] = []
    answers: list[HelpEntry] = []

    @page_load
    def load(self, introducer: Principal):
        with db_session() as session:
            rows = introducers.portfolio(session, introducer_id=introducer.introducer_id, today=paris_today())
            self.answers = help_service.search_help(session, audience=Audience.INTRODUCER)
        self.companies = _rows(tuple(rows))
        self._show(None)

    @private_event
    def search_help(self, introducer: Principal, query: str):
        """The answers for introducers containing every word typed (OCSO's content, no portfolio data)."""
        with db_session() as session:
            self.answers = help_service.search_help(
                session, audience=Audience.INTRODUCER, query=str(query)[:MAX_HELP_QUERY]
            )

    @private_event
    def open_company(self, introducer: Principal, company_id: str):
        """« Voir le détail » of one company of the portfolio (again: close it)."""
        chosen = parse_id(company_id)
        if chosen is None or company_id == self.detail_id:
            self._show(None)
            return
        with db_session() as session:
            detail = introducers.portfolio_detail(
                session, introducer_id=introducer.introducer_id, company_id=chosen, today=paris_today()
            )
        self._show(detail)

    def _show(self, detail: introducers.CompanyDetail | None) -> None:
        self.detail_id = str(detail.company_id) if detail else ""
        self.detail_name = detail.name if detail else ""
        self.contracts = _rows(detail.contracts) if detail else []
        self.headcounts = _rows(detail.headcounts) if detail else []
        self.statements = _rows(detail.statements) if detail else []
        self.requests = _rows(detail.requests) if detail else []
