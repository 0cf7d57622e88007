"""Mon historique: the member's actions, filtered by période and type d'action, newest first, paged."""

from __future__ import annotations

from datetime import date

from ocso_app.db import db_session
from ocso_app.services import history
from ocso_app.services.errors import OcsoError
from ocso_app.services.history import HistoryRow
from ocso_app.services.periods import parse_day
from ocso_app.services.sessions import Principal
from ocso_app.state.base import page_load, private_event
from ocso_app.state.member.base import MemberState

BAD_DATE = "Saisissez les dates au format jj/mm/aaaa."


def _day(value: str) -> date | None:
    """jj/mm/aaaa as typed (or ISO); a bad date raises ``InvalidFilter`` with its French message."""
    return parse_day(value)


class HistoryState(MemberState):
    """The filters as typed, and one page of rows."""

    start: str = ""
    end: str = ""
    event_type: str = ""
    event_types: list[dict[str, str]] = []  # the select's options
    rows: list[HistoryRow] = []
    page: int = 1
    pages: int = 1
    total: int = 0
    error: str = ""

    def _fetch(self, member: Principal) -> None:
        self.error = ""
        try:
            with db_session() as session:
                result = history.history_page(
                    session,
                    member_id=member.member_id,
                    start=_day(self.start),
                    end=_day(self.end),
                    event_type=self.event_type or None,
                    page=self.page,
                )
                types = history.event_types(session, member_id=member.member_id)
        except ValueError:
            self.error = BAD_DATE
            return
        except OcsoError as error:
            self.error = error.message
            return
        self.rows, self.page, self.pages, self.total = result.rows, result.page, result.pages, result.total
        self.event_types = [{"value": name, "label": name} for name in types]

    @page_load
    def load(self, member: Principal):
        self.start, self.end, self.event_type, self.page = "", "", "", 1
        self._fetch(member)

    @private_event
    def search(self, member: Principal, form: dict):
        self.start = str(form.get("start") or "")[:10]
        self.end = str(form.get("end") or "")[:10]
        self.event_type = str(form.get("event_type") or "")[:40]
        self.page = 1
        self._fetch(member)

    @private_event
    def next_page(self, member: Principal):
        self.page += 1
        self._fetch(member)

    @private_event
    def previous_page(self, member: Principal):
        self.page = max(1, self.page - 1)
        self._fetch(member)
