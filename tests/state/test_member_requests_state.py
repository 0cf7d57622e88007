"""« Poser une question » (Mes démarches), called as the guard calls it (the caller injected, the browser's
form and files as sent), without a browser: what a script sends in place of the form gets the form's French
message and writes nothing, as does an oversized one (its fields first cut to the bounds of every form,
``form_fields``); a good question is stored once; a change of situation goes with its proof to the Adhésions
service, and without one is refused. A reply to OCSO with its file is stored once and closes its form; a bad
one, or one on another member's démarche, gets its French message and writes nothing. (The guard itself:
``test_guards`` and the access matrices.)"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from ocso_app.db import db_session
from ocso_app.models import (
    AccountKind,
    AuditEvent,
    Member,
    Request,
    RequestAttachment,
    RequestMessage,
    StaffRole,
)
from ocso_app.services import uploads
from ocso_app.services.requests import (
    CHANGE_OF_SITUATION,
    MEMBER_HISTORY,
    QUESTION_TOPICS,
    desk,
    refusals,
    replies,
)
from ocso_app.services.sessions import Principal
from ocso_app.state.demarches import REPLY_SENT
from ocso_app.state.member.requests import KINDS, RequestsState
from tests.builders import make_member_account, make_pdf, make_request, make_staff, staff_caller
from tests.support.loops import run_coroutine


class Upload:
    """A file as Reflex's upload hands it to the handler."""

    def __init__(self, filename: str, content: bytes) -> None:
        self.filename, self._content = filename, content

    async def read(self, size: int = -1) -> bytes:
        return self._content[:size] if size >= 0 else self._content


class Page(SimpleNamespace):
    """The state as the handler sees it: its message vars, the helpers it calls, a router."""

    def __init__(self) -> None:
        super().__init__(
            router=SimpleNamespace(
                headers=SimpleNamespace(user_agent="pytest"), session=SimpleNamespace(client_ip="203.0.113.7")
            ),
            _form_nonce="",
            _shown=MEMBER_HISTORY,
            generation=0,
            **{f"{kind}_{part}": "" for kind in KINDS for part in ("error", "info")},
        )
        helpers = ("_submit", "_submit_files", "_submitter", "_messages", "_refresh", "_interface")
        for name in (*helpers, "_client_ip"):
            setattr(self, name, getattr(RequestsState, name).__get__(self))


def _ask(page: Page, member: Principal, form: object, files: list[Upload] | None = None) -> None:
    """« Envoyer » of « Poser une question »: one upload of the form's fields and its files (maybe none)."""
    handler = RequestsState.event_handlers["upload_question"].fn.__wrapped__
    run_coroutine(handler(page, member, files or [], form))


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
        f"Votre démarche « {QUESTION_TOPICS[0]} » est envoyée. Un e-mail vous le confirme.",
    )
    [request], audits = _written(member)
    assert (request.subject, request.payload["question"]) == (QUESTION_TOPICS[0], form["message"])
    assert audits >= 1


def test_a_change_of_situation_goes_with_its_proof_to_the_adhesions_service(mailbox):
    member, page = _member(), Page()
    form = {"topic": CHANGE_OF_SITUATION, "message": "Nous nous sommes pacsés le 3 octobre."}
    _ask(page, member, form, [Upload("attestation-pacs.pdf", make_pdf())])
    assert page.question_error == ""
    [request], _ = _written(member)
    assert (request.subject, request.routed_service) == (CHANGE_OF_SITUATION, "adhesions")
    with db_session() as session:
        [proof] = session.scalars(select(RequestAttachment).where(RequestAttachment.request_id == request.id))
        assert proof.original_name == "attestation-pacs.pdf"
        uploads.delete_stored([proof.storage_key])


def test_a_change_of_situation_without_its_proof_is_refused_and_writes_nothing(mailbox):
    member, page = _member(), Page()
    _ask(page, member, {"topic": CHANGE_OF_SITUATION, "message": "Je me suis marié."})
    assert (page.question_error, page.question_info) == (uploads.NO_FILE, "")
    assert _written(member) == ([], 0)


# --- replying to OCSO from « Mes dernières démarches »


class ReplyPage(Page):
    def __init__(self) -> None:
        super().__init__()
        self.latest, self.replying_to, self.reply_error, self.reply_info = [], 0, "", ""
        for name in ("_reply", "_actor"):
            setattr(self, name, getattr(RequestsState, name).__get__(self))


def _answered(member: Principal) -> int:
    """A démarche of ``member`` that an agent answered."""
    with db_session() as session:
        request = make_request(session, member=session.get(Member, member.member_id))
        agent = staff_caller(make_staff(session, role=StaffRole.PRESTATIONS))
        desk.reply(session, caller=agent, request_id=request.id, body="Joignez la facture.")
        return request.id


def _send_reply(page: ReplyPage, member: Principal, form: object, files: list[Upload]) -> None:
    handler = RequestsState.event_handlers["upload_reply"].fn.__wrapped__
    run_coroutine(handler(page, member, files, form))


def _thread(request_id: int) -> tuple[int, int, int]:
    with db_session() as session:
        return (
            session.scalar(select(func.count()).where(RequestMessage.request_id == request_id)) or 0,
            session.scalar(select(func.count()).where(RequestAttachment.request_id == request_id)) or 0,
            session.scalar(select(func.count()).select_from(AuditEvent)) or 0,
        )


def test_a_reply_with_a_file_is_stored_once_and_the_form_closes(mailbox):
    member, page = _member(), ReplyPage()
    request_id = _answered(member)
    page.replying_to = request_id
    form = {"demarche": str(request_id), "message": "Voici la facture."}
    pdf = make_pdf()
    _send_reply(page, member, form, [Upload("facture.pdf", pdf)])
    _send_reply(page, member, form, [Upload("facture.pdf", pdf)])  # a double click: one reply
    assert (page.reply_error, page.reply_info, page.replying_to) == ("", REPLY_SENT, 0)
    assert _thread(request_id)[:2] == (2, 1)  # OCSO's answer and the reply; its file
    [line] = [r for r in page.latest if r.id == request_id]
    assert [m.body for m in line.thread] == ["Joignez la facture.", "Voici la facture."]


@pytest.mark.parametrize(
    ("form", "files", "refusal"),
    [
        ({"message": "  "}, [], replies.EMPTY_REPLY),
        ({"message": "x" * 2001}, [], refusals.MESSAGE_TOO_LONG),
        ({"message": "Voici"}, [Upload("x.pdf", b"<html>")], uploads.refusal("x.pdf", uploads.BAD_TYPE)),
        ("pas un formulaire", [], replies.NOT_FOUND),
    ],
    ids=["empty", "too-long", "bad-file", "no-form"],
)
def test_a_bad_reply_gets_its_french_message_and_writes_nothing(mailbox, form, files, refusal):
    member, page = _member(), ReplyPage()
    request_id = _answered(member)
    if isinstance(form, dict):
        form = {**form, "demarche": str(request_id)}
    before = _thread(request_id)
    _send_reply(page, member, form, files)
    assert (page.reply_error, page.reply_info) == (refusal, "")
    assert _thread(request_id) == before


def test_a_member_cannot_reply_on_nor_open_the_form_of_another_members_demarche(mailbox):
    owner, intruder, page = _member(), _member(), ReplyPage()
    request_id = _answered(owner)
    before = _thread(request_id)
    _send_reply(page, intruder, {"demarche": str(request_id), "message": "Intrusion"}, [])
    assert page.reply_error == replies.NOT_FOUND
    assert _thread(request_id) == before
    RequestsState.event_handlers["start_reply"].fn.__wrapped__(page, intruder, str(request_id))
    assert page.replying_to == 0  # not a démarche of the intruder's history


def test_the_history_lists_the_newest_then_goes_further_back_on_demand():
    """« Mes dernières démarches » lists the 8 newest and says older ones exist; « Afficher les démarches
    plus anciennes » lists 8 more, the newest first, and says when none is left."""
    from datetime import UTC, datetime, timedelta

    member = _member()
    with db_session() as session:
        owner = session.get(Member, member.member_id)
        start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        for day in range(MEMBER_HISTORY + 2):
            make_request(
                session, member=owner, subject=f"Démarche {day:02d}", sent_at=start + timedelta(days=day)
            )
    page = Page()
    page._refresh(member.member_id)
    assert len(page.latest) == MEMBER_HISTORY and page.has_older
    assert page.latest[0].subject == f"Démarche {MEMBER_HISTORY + 1:02d}"
    RequestsState.event_handlers["show_older"].fn.__wrapped__(page, member)
    assert [r.subject for r in page.latest] == [
        f"Démarche {d:02d}" for d in reversed(range(MEMBER_HISTORY + 2))
    ]
    assert not page.has_older


@pytest.mark.parametrize(
    ("query", "opened"),
    [
        ({"rubrique": "bank"}, "bank"),
        ({"rubrique": "beneficiaries"}, "beneficiaries"),
        ({"rubrique": "documents"}, "documents"),  # Mes informations' télétransmission card
        ({}, ""),
        ({"rubrique": "reply"}, ""),
        ({"rubrique": "<img src=x>"}, ""),
    ],
)
def test_a_link_to_one_demarche_opens_its_section_and_nothing_else(query, opened):
    """Mes informations' « Modifier mes coordonnées bancaires » (guide 001) opens MODIFICATION DES
    COORDONNÉES BANCAIRES, not the list of the five démarches closed; an unknown section opens none."""
    member, page = _member(), Page()
    page.router.url = SimpleNamespace(query_parameters=query)
    page.opened = "question"  # from an earlier visit
    RequestsState.event_handlers["load"].fn.__wrapped__(page, member)
    assert page.opened == opened
