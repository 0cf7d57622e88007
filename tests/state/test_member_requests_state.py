"""« Poser une question » (Mes démarches), called as the guard calls it (the caller injected, the browser's
form as sent), without a browser: what a script sends in place of the form gets the form's French message and
writes nothing, as does an oversized one (its fields first cut to the bounds of every form, ``form_fields``);
a good question is stored once. (The guard itself: ``test_guards`` and the access matrices.)"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from ocso_app.db import db_session
from ocso_app.models import AccountKind, AuditEvent, Request
from ocso_app.services.requests import QUESTION_TOPICS, refusals
from ocso_app.services.sessions import Principal
from ocso_app.state.member.requests import KINDS, RequestsState
from tests.builders import make_member_account


class Page(SimpleNamespace):
    """The state as the handler sees it: its message vars, the helpers it calls, a router."""

    def __init__(self) -> None:
        super().__init__(
            router=SimpleNamespace(
                headers=SimpleNamespace(user_agent="pytest"), session=SimpleNamespace(client_ip="203.0.113.7")
            ),
            _form_nonce="",
            generation=0,
            **{f"{kind}_{part}": "" for kind in KINDS for part in ("error", "info")},
        )
        for name in ("_submit", "_submitter", "_messages", "_refresh", "_interface", "_client_ip"):
            setattr(self, name, getattr(RequestsState, name).__get__(self))


def _ask(page: Page, member: Principal, form: object) -> None:
    RequestsState.event_handlers["submit_question"].fn.__wrapped__(page, member, form)


def _member() -> Principal:
    with db_session() as session:
        account = make_member_account(session)
        return Principal(account.id, AccountKind.MEMBER, "Test", 0, member_id=account.member_id)


def _written(member: Principal) -> tuple[list[Request], int]:
    with db_session() as session:
        rows = list(session.scalars(select(Request).where(Request.member_id == member.member_id)))
        session.expunge_all()
        audits = session.scalar(select(func.count()).where(AuditEvent.member_id == member.member_id))
        return rows, audits


@pytest.mark.parametrize("sent", [["topic", "message"], "question", None, 42])
def test_anything_but_a_form_gets_the_forms_message_and_writes_nothing(sent, mailbox):
    member, page = _member(), Page()
    before = _written(member)
    _ask(page, member, sent)
    assert page.question_error == refusals.BAD_TOPIC == "Choisissez le sujet de votre question."
    assert page.question_info == ""
    assert _written(member) == before


def test_an_oversized_question_gets_its_french_message_and_writes_nothing(mailbox):
    member, page = _member(), Page()
    extra = {f"champ{n}": "y" * 10 for n in range(5_000)}  # beyond the bounds of every form, ignored
    _ask(page, member, {"topic": QUESTION_TOPICS[0], "message": "x" * 100_000, **extra})
    assert page.question_error == refusals.MESSAGE_TOO_LONG == "Le message est limité à 2000 caractères."
    assert _written(member) == ([], 0)


def test_a_question_is_stored_once_with_its_topic_and_message(mailbox):
    member, page = _member(), Page()
    form = {"topic": QUESTION_TOPICS[0], "message": "Ma carte est-elle active ?"}
    _ask(page, member, form)
    _ask(page, member, form)  # sent twice (a double click): one démarche
    assert (page.question_error, page.question_info) == (
        "",
        f"« {QUESTION_TOPICS[0]} » est envoyée. Un e-mail vous le confirme.",
    )
    [request], audits = _written(member)
    assert (request.subject, request.payload["question"]) == (QUESTION_TOPICS[0], form["message"])
    assert audits >= 1
