"""Mon historique: the member's actions, filtered by période and type d'action, newest first, paged."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.services import history
from ocso_app.services.errors import OcsoError
from ocso_app.services.history import HistoryRow
from ocso_app.state.member import MemberState

BAD_DATE = "Saisissez les dates au format jj/mm/aaaa."


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


class HistoryState(MemberState):
    """The filters as typed, and one page of rows."""

    start: str = ""
    end: str = ""
    event_type: str = ""
    event_types: list[str] = []
    rows: list[HistoryRow] = []
    page: int = 1
    pages: int = 1
    total: int = 0
    error: str = ""

    def _fetch(self):
        principal = self._require_member()
        if principal is None:
            return self._to_login(routes.MEMBER_LOGIN)
        self.error = ""
        try:
            with db_session() as session:
                result = history.history_page(
                    session,
                    member_id=principal.member_id,
                    start=_day(self.start),
                    end=_day(self.end),
                    event_type=self.event_type or None,
                    page=self.page,
                )
                self.event_types = history.event_types(session, member_id=principal.member_id)
        except ValueError:
            self.error = BAD_DATE
            return None
        except OcsoError as error:
            self.error = error.message
            return None
        self.rows, self.page, self.pages, self.total = result.rows, result.page, result.pages, result.total
        return None

    @rx.event
    def load(self):
        self.start, self.end, self.event_type, self.page = "", "", "", 1
        return self._fetch()

    @rx.event
    def search(self, form: dict):
        self.start = str(form.get("start") or "")[:10]
        self.end = str(form.get("end") or "")[:10]
        self.event_type = str(form.get("event_type") or "")[:40]
        self.page = 1
        return self._fetch()

    @rx.event
    def next_page(self):
        self.page += 1
        return self._fetch()

    @rx.event
    def previous_page(self):
        self.page = max(1, self.page - 1)
        return self._fetch()
