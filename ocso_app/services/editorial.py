"""The staff's editorial desk: the « OCSO m'informe » news items (write, schedule by their publication date,
withdraw, put back) and the help centre's answers (J'ai besoin d'aide), for members or employers.

What members and employers see is decided in ``services/news.py`` and ``services/help.py``: a news item shows
once its publication date has come, until it expires or OCSO withdraws it. Every change is audited with the
staff member who made it; a wrong form is refused in French with nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Audience, HelpArticle, NewsItem
from ocso_app.models.base import utcnow
from ocso_app.services import audit
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_short_date
from ocso_app.services.ids import parse_whole
from ocso_app.services.typed_text import bad_character, has_control

EVENT_TYPE = "Contenu"
AUDIENCES: dict[str, str] = {
    Audience.MEMBER.value: "Assurés",
    Audience.EMPLOYER.value: "Employeurs",
    Audience.INTRODUCER.value: "Apporteurs d'affaires",
    Audience.ALL.value: "Tous les espaces",
}
MAX_TITLE, MAX_BODY, MAX_TOPIC, MAX_QUESTION, MAX_ANSWER = 120, 2000, 80, 200, 4000

BAD_AUDIENCE = "Choisissez à qui s'adresse le contenu : assurés, employeurs, apporteurs ou tous les espaces."
MISSING = "Remplissez le champ « {field} »."
TOO_LONG = "Le champ « {field} » ne doit pas dépasser {limit} caractères."
BAD_DATE = "La date de {field} n'est pas une date valide."
EXPIRES_BEFORE = "La date de fin doit suivre la date de publication."
NOT_FOUND = "Ce contenu n'existe plus."
BAD_POSITION = "L'ordre est un nombre entier de 0 à 999."
MAX_POSITION = 999

SCHEDULED, PUBLISHED, EXPIRED, WITHDRAWN = "Programmée", "Publiée", "Expirée", "Retirée"


@dataclass(frozen=True)
class NewsDraft:
    """A news item as the form sends it (strings), checked by :func:`save_news`."""

    audience: str
    title: str
    body: str
    published_on: str
    expires_on: str = ""
    is_alert: bool = False


@dataclass(frozen=True)
class NewsLine:
    """One item of the staff's list, display-ready, with its state on ``today``."""

    id: int
    audience: str
    title: str
    body: str
    is_alert: bool
    published_on: str
    expires_on: str
    status: str
    withdrawn: bool
    audience_value: str
    published_iso: str
    expires_iso: str


@dataclass(frozen=True)
class HelpDraft:
    """A help answer as the form sends it."""

    audience: str
    topic: str
    question: str
    answer: str
    position: str = "0"


@dataclass(frozen=True)
class HelpLine:
    id: int
    audience: str
    audience_value: str
    topic: str
    question: str
    answer: str
    position: int


def _text(value: str, field: str, limit: int) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise OcsoError(MISSING.format(field=field))
    if len(cleaned) > limit:
        raise OcsoError(TOO_LONG.format(field=field, limit=limit))
    if has_control(cleaned, message=True):  # a NUL: PostgreSQL refuses it in any text
        raise OcsoError(bad_character(field))
    return cleaned


def _audience(value: str) -> Audience:
    if value not in AUDIENCES:
        raise OcsoError(BAD_AUDIENCE)
    return Audience(value)


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError as error:
        raise OcsoError(BAD_DATE.format(field=field)) from error


def news_status(item: NewsItem, today: date) -> str:
    """Programmée (its date has not come), Publiée, Expirée or Retirée."""
    if item.withdrawn_at is not None:
        return WITHDRAWN
    if item.published_on > today:
        return SCHEDULED
    if item.expires_on is not None and item.expires_on < today:
        return EXPIRED
    return PUBLISHED


def _news_line(item: NewsItem, today: date) -> NewsLine:
    return NewsLine(
        id=item.id,
        audience=AUDIENCES.get(item.audience.value, item.audience.value),
        title=item.title,
        body=item.body,
        is_alert=item.is_alert,
        published_on=format_short_date(item.published_on),
        expires_on=format_short_date(item.expires_on) if item.expires_on else "",
        status=news_status(item, today),
        withdrawn=item.withdrawn_at is not None,
        audience_value=item.audience.value,
        published_iso=item.published_on.isoformat(),
        expires_iso=item.expires_on.isoformat() if item.expires_on else "",
    )


def news_lines(session: Session, *, today: date, limit: int = 200) -> list[NewsLine]:
    """Every news item, the latest publication date first (scheduled ones on top)."""
    rows = session.scalars(
        select(NewsItem).order_by(NewsItem.published_on.desc(), NewsItem.id.desc()).limit(limit)
    )
    return [_news_line(item, today) for item in rows]


def _news_item(session: Session, news_id: int) -> NewsItem:
    item = session.get(NewsItem, news_id)
    if item is None:
        raise OcsoError(NOT_FOUND)
    return item


def save_news(session: Session, *, actor: audit.Actor, draft: NewsDraft, news_id: int | None = None) -> int:
    """Create (``news_id`` ``None``) or change a news item; its publication date may be in the future (it
    shows from that day). Returns its id."""
    audience = _audience(draft.audience)
    title = _text(draft.title, "Titre", MAX_TITLE)
    body = _text(draft.body, "Texte", MAX_BODY)
    published_on = _day(draft.published_on, "publication")
    expires_on = _day(draft.expires_on, "fin") if (draft.expires_on or "").strip() else None
    if expires_on is not None and expires_on < published_on:
        raise OcsoError(EXPIRES_BEFORE)
    item = NewsItem() if news_id is None else _news_item(session, news_id)
    item.audience, item.title, item.body, item.is_alert = audience, title, body, draft.is_alert
    item.published_on, item.expires_on = published_on, expires_on
    if news_id is None:
        session.add(item)
    session.flush()
    verb = "Rédaction" if news_id is None else "Modification"
    audit.record_by(
        session,
        actor,
        event_type=EVENT_TYPE,
        action=f"{verb} de l'actualité n° {item.id} « {title} » ({AUDIENCES[audience.value]}, "
        f"publiée le {format_short_date(published_on)})",
    )
    return item.id


def set_news_withdrawn(session: Session, *, actor: audit.Actor, news_id: int, withdrawn: bool) -> None:
    """Withdraw a news item (members and employers no longer see it) or put it back."""
    item = _news_item(session, news_id)
    if (item.withdrawn_at is not None) == withdrawn:
        return
    item.withdrawn_at = utcnow() if withdrawn else None
    verb = "Retrait" if withdrawn else "Remise en ligne"
    audit.record_by(
        session, actor, event_type=EVENT_TYPE, action=f"{verb} de l'actualité n° {item.id} « {item.title} »"
    )


# --- help answers


def help_lines(session: Session) -> list[HelpLine]:
    """Every help answer, by space then in the help centre's order."""
    rows = session.scalars(
        select(HelpArticle).order_by(HelpArticle.audience, HelpArticle.position, HelpArticle.id)
    )
    return [
        HelpLine(
            a.id,
            AUDIENCES.get(a.audience.value, a.audience.value),
            a.audience.value,
            a.topic,
            a.question,
            a.answer,
            a.position,
        )
        for a in rows
    ]


def save_help(
    session: Session, *, actor: audit.Actor, draft: HelpDraft, article_id: int | None = None
) -> int:
    """Create or change a help answer; returns its id."""
    audience = _audience(draft.audience)
    topic = _text(draft.topic, "Thème", MAX_TOPIC)
    question = _text(draft.question, "Question", MAX_QUESTION)
    answer = _text(draft.answer, "Réponse", MAX_ANSWER)
    position = parse_whole((draft.position or "0").strip(), low=0, high=MAX_POSITION)
    if position is None:
        raise OcsoError(BAD_POSITION)
    article = HelpArticle() if article_id is None else session.get(HelpArticle, article_id)
    if article is None:
        raise OcsoError(NOT_FOUND)
    article.audience, article.topic, article.question, article.answer = audience, topic, question, answer
    article.position = position
    if article_id is None:
        session.add(article)
    session.flush()
    verb = "Rédaction" if article_id is None else "Modification"
    audit.record_by(
        session,
        actor,
        event_type=EVENT_TYPE,
        action=f"{verb} de la réponse d'aide n° {article.id} « {question[:80]} » "
        f"({AUDIENCES[audience.value]})",
    )
    return article.id
