"""Editorial content: news items ("OCSO m'informe", Actualités) and help articles (J'ai besoin d'aide)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ocso_app.models.base import Base, Created, intpk, str_enum


class Audience(enum.StrEnum):
    MEMBER = "member"
    EMPLOYER = "employer"
    INTRODUCER = "introducer"
    ALL = "all"


class NewsItem(Base):
    """A news item, current between ``published_on`` and ``expires_on`` unless OCSO withdrew it."""

    __tablename__ = "news_items"

    id: Mapped[intpk]
    audience: Mapped[Audience] = mapped_column(str_enum(Audience))
    title: Mapped[str]
    body: Mapped[str] = mapped_column(Text)
    is_alert: Mapped[bool] = mapped_column(default=False)
    published_on: Mapped[date] = mapped_column(index=True)
    expires_on: Mapped[date | None]
    withdrawn_at: Mapped[datetime | None]
    created_at: Mapped[Created]


class HelpArticle(Base):
    """A question and its answer in the help centre."""

    __tablename__ = "help_articles"

    id: Mapped[intpk]
    audience: Mapped[Audience] = mapped_column(str_enum(Audience))
    topic: Mapped[str] = mapped_column(String(80))
    question: Mapped[str]
    answer: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
