"""ACTUALITÉS: OCSO's news for members."""

from __future__ import annotations

from ocso_app.db import db_session
from ocso_app.models import Audience
from ocso_app.services import news
from ocso_app.services.formats import paris_today
from ocso_app.services.news import NewsRow
from ocso_app.services.sessions import Principal
from ocso_app.state.base import page_load
from ocso_app.state.member.base import MemberState


class NewsState(MemberState):
    items: list[NewsRow] = []

    @page_load
    def load(self, member: Principal):
        with db_session() as session:
            self.items = news.all_news(session, audience=Audience.MEMBER, today=paris_today())
