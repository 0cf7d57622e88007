"""The Espace OCSO's editors (Actualités, Aide), called as the guard calls them (the staff caller injected,
the browser's form as sent), without a browser: a form sent twice (a double click on « Enregistrer ») writes
one item; a form of a later generation is saved as usual."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

from sqlalchemy import func, select

from ocso_app.db import db_session
from ocso_app.models import HelpArticle, NewsItem, StaffRole
from ocso_app.state.staff.help import EMPTY_FORM as EMPTY_HELP_FORM
from ocso_app.state.staff.help import StaffHelpState
from ocso_app.state.staff.news import EMPTY_FORM, StaffNewsState
from tests.builders import make_staff, staff_caller


class Page(SimpleNamespace):
    """The state as the handler sees it: its vars and the helpers it calls."""

    def __init__(self, state: type, form: dict[str, str]) -> None:
        super().__init__(form=dict(form), generation=1, error="", info="", items=[], articles=[])
        for name in ("_list", "_fresh_form"):
            setattr(self, name, getattr(state, name).__get__(self))


def _admin():
    with db_session() as session:
        return staff_caller(make_staff(session, role=StaffRole.ADMIN))


def _save(state: type, page: Page, admin, form: dict[str, str]) -> None:
    state.event_handlers["save"].fn.__wrapped__(page, admin, form)


def _count(model, column, value: str) -> int:
    with db_session() as session:
        return session.scalar(select(func.count()).select_from(model).where(column == value)) or 0


def test_a_news_item_sent_twice_is_written_once():
    admin, title = _admin(), f"Fermeture {uuid.uuid4().hex[:8]}"
    page = Page(StaffNewsState, EMPTY_FORM)
    form = {"audience": "member", "title": title, "body": "Fermé le 24.", "published_on": "2026-12-01"}
    sent = form | {"generation": str(page.generation)}
    _save(StaffNewsState, page, admin, sent)
    _save(StaffNewsState, page, admin, sent)  # the second click, sent before the first answer came back
    assert _count(NewsItem, NewsItem.title, title) == 1
    assert (page.error, page.info) == ("", "Actualité enregistrée.")
    _save(StaffNewsState, page, admin, form | {"generation": str(page.generation)})  # a new form: saved
    assert _count(NewsItem, NewsItem.title, title) == 2


def test_a_news_item_being_changed_and_sent_twice_is_not_copied():
    admin, title = _admin(), f"Horaires {uuid.uuid4().hex[:8]}"
    page = Page(StaffNewsState, EMPTY_FORM)
    form = {"audience": "member", "title": title, "body": "9 h - 17 h.", "published_on": "2026-12-01"}
    _save(StaffNewsState, page, admin, form | {"generation": str(page.generation)})
    with db_session() as session:
        news_id = session.scalar(select(NewsItem.id).where(NewsItem.title == title))
    page.form, page.generation = EMPTY_FORM | {"id": str(news_id)}, page.generation + 1  # « Modifier »
    changed = form | {"body": "9 h - 18 h.", "generation": str(page.generation)}
    _save(StaffNewsState, page, admin, changed)
    _save(StaffNewsState, page, admin, changed)
    assert _count(NewsItem, NewsItem.title, title) == 1


def test_a_help_answer_sent_twice_is_written_once():
    admin, question = _admin(), f"Comment joindre OCSO {uuid.uuid4().hex[:8]} ?"
    page = Page(StaffHelpState, EMPTY_HELP_FORM)
    form = {"audience": "member", "topic": "Contact", "question": question, "answer": "Au 05 56 34 36 66."}
    sent = form | {"position": "1", "generation": str(page.generation)}
    _save(StaffHelpState, page, admin, sent)
    _save(StaffHelpState, page, admin, sent)
    assert _count(HelpArticle, HelpArticle.question, question) == 1
