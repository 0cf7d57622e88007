"""The staff's news and help: members and employers only see published, not-withdrawn items whose date has
come; every change is audited; a wrong form is refused in French with nothing written."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ocso_app.models import Audience, AuditEvent, HelpArticle, NewsItem
from ocso_app.services import audit, editorial, help, news
from ocso_app.services.editorial import HelpDraft, NewsDraft
from ocso_app.services.errors import OcsoError
from ocso_app.services.typed_text import bad_character
from tests.builders import make_staff

TODAY = date(2026, 12, 3)


def _actor(db) -> audit.Actor:
    return audit.Actor(account_id=make_staff(db).id)


def _draft(title: str, published_on: date, audience: str = "member", **changes) -> NewsDraft:
    fields = {"audience": audience, "title": title, "body": "Le texte de l'actualité.",
              "published_on": published_on.isoformat()}  # fmt: skip
    return NewsDraft(**(fields | changes))


def _titles(db, audience: Audience, today: date) -> set[str]:
    current = {row.title for row in news.current_news(db, audience=audience, today=today, limit=None)}
    listed = {row.title for row in news.all_news(db, audience=audience, today=today, limit=500)}
    return current | listed


def test_a_scheduled_item_shows_from_its_date_and_a_withdrawn_one_no_more(db):
    actor = _actor(db)
    tag = f"n{actor.account_id}"
    scheduled = editorial.save_news(
        db, actor=actor, draft=_draft(f"{tag} programmée", TODAY + timedelta(days=3))
    )
    today_id = editorial.save_news(db, actor=actor, draft=_draft(f"{tag} du jour", TODAY))
    editorial.save_news(db, actor=actor, draft=_draft(f"{tag} employeurs", TODAY, audience="employer"))
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    expired = _draft(f"{tag} expirée", TODAY - timedelta(days=9), expires_on=yesterday)
    editorial.save_news(db, actor=actor, draft=expired)
    ours = lambda titles: {t for t in titles if t.startswith(tag)}  # noqa: E731
    assert ours(_titles(db, Audience.MEMBER, TODAY)) == {f"{tag} du jour", f"{tag} expirée"}
    assert ours(
        {r.title for r in news.current_news(db, audience=Audience.MEMBER, today=TODAY, limit=None)}
    ) == {f"{tag} du jour"}
    assert ours(_titles(db, Audience.EMPLOYER, TODAY)) == {f"{tag} employeurs"}
    assert f"{tag} programmée" in _titles(db, Audience.MEMBER, TODAY + timedelta(days=3))

    editorial.set_news_withdrawn(db, actor=actor, news_id=today_id, withdrawn=True)
    assert f"{tag} du jour" not in _titles(db, Audience.MEMBER, TODAY)
    statuses = {line.id: line.status for line in editorial.news_lines(db, today=TODAY, limit=1000)}
    assert (statuses[scheduled], statuses[today_id]) == (editorial.SCHEDULED, editorial.WITHDRAWN)
    editorial.set_news_withdrawn(db, actor=actor, news_id=today_id, withdrawn=False)
    assert f"{tag} du jour" in _titles(db, Audience.MEMBER, TODAY)
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.account_id == actor.account_id)).all()
    assert len(actions) == 6 and any(a.startswith(f"Retrait de l'actualité n° {today_id}") for a in actions)


def test_an_item_can_be_edited_and_rescheduled(db):
    actor = _actor(db)
    news_id = editorial.save_news(db, actor=actor, draft=_draft("Avant", TODAY))
    editorial.save_news(db, actor=actor, news_id=news_id, draft=_draft("Après", TODAY + timedelta(days=1),
                                                                       is_alert=True))  # fmt: skip
    item = db.get(NewsItem, news_id)
    assert (item.title, item.published_on, item.is_alert) == ("Après", TODAY + timedelta(days=1), True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"audience": "everybody"}, editorial.BAD_AUDIENCE),
        ({"title": "  "}, editorial.MISSING.format(field="Titre")),
        ({"title": "x" * 121}, editorial.TOO_LONG.format(field="Titre", limit=120)),
        ({"body": ""}, editorial.MISSING.format(field="Texte")),
        ({"published_on": "03/12/2026"}, editorial.BAD_DATE.format(field="publication")),
        ({"expires_on": "2026-12-01"}, editorial.EXPIRES_BEFORE),
        ({"body": "Nouveau\n\x00tarif"}, bad_character("Texte")),  # PostgreSQL refuses a NUL
    ],
    ids=["audience", "title", "long-title", "body", "date", "expiry", "nul"],
)
def test_a_wrong_news_form_is_refused_and_nothing_is_written(db, changes, message):
    actor = _actor(db)
    before = db.scalar(select(func.count(NewsItem.id)))
    with pytest.raises(OcsoError) as refused:
        editorial.save_news(db, actor=actor, draft=NewsDraft(**(vars(_draft("Titre", TODAY)) | changes)))
    assert refused.value.message == message
    assert db.scalar(select(func.count(NewsItem.id))) == before
    assert db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.account_id == actor.account_id)) == 0


def test_a_help_answer_is_written_and_edited_and_members_find_it(db):
    actor = _actor(db)
    draft = HelpDraft(
        "member", "Remboursements", "Quand suis-je remboursé du tiers payant ?", "Sous 48 h.", "5"
    )
    article_id = editorial.save_help(db, actor=actor, draft=draft)
    found = help.search_help(db, audience=Audience.MEMBER, query="tiers payant rembourse")
    assert article_id in [entry.id for entry in found]
    edited = HelpDraft("member", "Remboursements", draft.question, "Sous 24 h.", "5")
    editorial.save_help(db, actor=actor, article_id=article_id, draft=edited)
    assert db.get(HelpArticle, article_id).answer == "Sous 24 h."
    assert article_id not in [e.id for e in help.search_help(db, audience=Audience.EMPLOYER, query="tiers")]
    line = next(line for line in editorial.help_lines(db) if line.id == article_id)
    assert (line.audience, line.position) == ("Assurés", 5)
    assert db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.account_id == actor.account_id)) == 2


def test_a_wrong_help_form_is_refused(db):
    actor = _actor(db)
    for draft, message in (
        (HelpDraft("member", "", "Q ?", "R."), editorial.MISSING.format(field="Thème")),
        (HelpDraft("member", "T", "Q ?", "R.", "-1"), editorial.BAD_POSITION),
        (HelpDraft("member", "T", "Q ?", "R.", "²"), editorial.BAD_POSITION),  # isdigit, but no int
        (HelpDraft("member", "T", "Q ?", "R.", "٣"), editorial.BAD_POSITION),
        (HelpDraft("member", "T", "Q ?", "R.", "9" * 5000), editorial.BAD_POSITION),
        (HelpDraft("all", "T", "Q ?", "x" * 4001), editorial.TOO_LONG.format(field="Réponse", limit=4000)),
    ):
        with pytest.raises(OcsoError) as refused:
            editorial.save_help(db, actor=actor, draft=draft)
        assert refused.value.message == message
    with pytest.raises(OcsoError) as refused:
        editorial.save_help(db, actor=actor, article_id=10**9, draft=HelpDraft("member", "T", "Q ?", "R."))
    assert refused.value.message == editorial.NOT_FOUND
