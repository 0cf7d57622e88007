"""ACTUALITÉS and J'ai besoin d'aide: OCSO's news and help articles for members."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Audience
from ocso_app.services import help as help_service
from ocso_app.services import news
from ocso_app.services.help import HelpEntry
from ocso_app.services.news import NewsRow
from ocso_app.state.member import MemberState


class NewsState(MemberState):
    items: list[NewsRow] = []

    @rx.event
    def load(self):
        if self._require_member() is None:
            return self._to_login(routes.MEMBER_LOGIN)
        with db_session() as session:
            self.items = news.all_news(session, audience=Audience.MEMBER, today=date.today())
        return None


class HelpState(MemberState):
    query: str = ""
    entries: list[HelpEntry] = []

    def _search(self):
        if self._require_member() is None:
            return self._to_login(routes.MEMBER_LOGIN)
        with db_session() as session:
            self.entries = help_service.search_help(session, audience=Audience.MEMBER, query=self.query)
        return None

    @rx.event
    def load(self):
        self.query = ""
        return self._search()

    @rx.event
    def search(self, query: str):
        self.query = str(query)[:100]
        return self._search()
