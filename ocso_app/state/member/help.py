"""J'ai besoin d'aide: OCSO's help articles for members, searched accent-insensitively."""

from __future__ import annotations

from ocso_app.db import db_session
from ocso_app.models import Audience
from ocso_app.services import help as help_service
from ocso_app.services.help import HelpEntry
from ocso_app.services.sessions import Principal
from ocso_app.state.base import page_load, private_event
from ocso_app.state.member.base import MemberState

MAX_QUERY = 100


class HelpState(MemberState):
    query: str = ""
    entries: list[HelpEntry] = []

    def _search(self) -> None:
        with db_session() as session:
            self.entries = help_service.search_help(session, audience=Audience.MEMBER, query=self.query)

    @page_load
    def load(self, member: Principal):
        self.query = ""
        self._search()

    @private_event
    def search(self, member: Principal, query: str):
        self.query = str(query)[:MAX_QUERY]
        self._search()
