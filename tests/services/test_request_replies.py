"""The sender's reply on a démarche OCSO answered: stored once with its files under the message, in the
thread of the sender's history and of the staff's détail page, audited on the member's file, the démarche
marked « Réponse reçue » in the queue until OCSO answers; every refusal (empty, too long, a bad file, closed,
not answered yet, somebody else's démarche, a profile that may not see its kind) writes nothing."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, update

from ocso_app.config import settings
from ocso_app.models import (
    AuditEvent,
    EmployerProfile,
    Member,
    Request,
    RequestAttachment,
    RequestMessage,
    RequestStatus,
    StaffRole,
)
from ocso_app.services import employer_access, requests, uploads
from ocso_app.services.audit import Actor
from ocso_app.services.errors import AccessDenied, OcsoError
from ocso_app.services.requests import desk, detail, queue, replies
from ocso_app.services.typed_text import bad_character
from ocso_app.services.uploads import IncomingFile
from tests.builders import (
    make_company,
    make_employer,
    make_member_account,
    make_pdf,
    make_request,
    make_staff,
    send_bulletin,
    staff_caller,
)

NOW = datetime(2026, 12, 8, 15, tzinfo=UTC)


@pytest.fixture
def answered(db):
    """A member's question, taken and answered by a Prestations agent: (member's actor, request, agent)."""
    account = make_member_account(db)
    member = db.get(Member, account.member_id)
    agent = staff_caller(make_staff(db, role=StaffRole.PRESTATIONS))
    request = make_request(db, member=member)
    request.author_account_id = account.id
    desk.take(db, caller=agent, request_id=request.id)
    desk.reply(db, caller=agent, request_id=request.id, body="Envoyez-nous la facture, s'il vous plaît.")
    db.flush()
    return Actor(account_id=account.id, member_id=member.id), request, agent


def _written(db, request: Request) -> tuple:
    """What a reply would write: its message, its files (rows and kept files), audit rows, the mark."""
    db.expire_all()
    return (
        db.scalar(select(func.count()).where(RequestMessage.request_id == request.id)),
        db.scalar(select(func.count()).where(RequestAttachment.request_id == request.id)),
        db.scalar(select(func.count()).select_from(AuditEvent)),
        db.get(Request, request.id).sender_replied_at,
        len(list(settings().storage_dir.iterdir())) if settings().storage_dir.exists() else 0,
    )


def _reply(db, actor, request_id, message="Voici la facture.", files=(), nonce="visite-1"):
    return replies.reply_as_member(
        db, actor=actor, nonce=nonce, request_id=request_id, message=message, files=list(files)
    )


def test_member_replies_with_a_file_and_the_agent_finds_it_marked_in_the_queue(db, answered):
    actor, request, agent = answered
    pdf = IncomingFile("facture-dentiste.pdf", make_pdf("Facture"))
    replied = _reply(db, actor, request.id, files=[pdf])
    assert replied.created
    db.expire_all()

    [line] = [r for r in requests.latest_requests(db, member_id=actor.member_id) if r.id == request.id]
    assert [(m.author, m.body) for m in line.thread] == [
        ("Réponse d'OCSO", "Envoyez-nous la facture, s'il vous plaît."),
        ("Votre réponse", "Voici la facture."),
    ]
    assert [a.name for a in line.thread[1].attachments] == ["facture-dentiste.pdf"]
    assert line.attachments == []  # the reply's file is under the reply, not the démarche's own
    assert line.can_reply  # still open: another precision may follow

    shown = detail.open_request(db, caller=agent, request_id=request.id, now=NOW)
    assert shown.replied and shown.status_label == "en cours de traitement" and shown.mine
    assert shown.messages[-1].author.startswith("Réponse de l'expéditeur")
    assert [a.name for a in shown.messages[-1].attachments] == ["facture-dentiste.pdf"]
    file_id = shown.messages[-1].attachments[0].id
    opened = desk.attachment(db, caller=agent, request_id=request.id, attachment_id=file_id)
    assert opened is not None and opened.filename == "facture-dentiste.pdf"

    def marked() -> list[int]:
        page = queue.queue_page(
            db,
            desks=agent.desks,
            account_id=agent.account_id,
            filters=queue.parse_filters(status=queue.REPLIED),
            now=NOW,
        )
        return [row.id for row in page.rows if row.replied]

    assert marked() == [request.id]
    desk.reply(db, caller=agent, request_id=request.id, body="Bien reçue, merci.")
    db.flush()
    assert marked() == []  # answered: no longer waiting for OCSO

    [event] = db.scalars(
        select(AuditEvent).where(AuditEvent.account_id == actor.account_id, AuditEvent.member_id.is_not(None))
    ).all()
    assert event.member_id == actor.member_id  # in the member's Mon historique
    assert event.action == f"Réponse à OCSO sur la démarche n° {request.id} « {request.subject} »"
    assert "Voici la facture" not in event.action


def test_a_replayed_reply_is_stored_once(db, answered):
    actor, request, _agent = answered
    pdf = IncomingFile("facture.pdf", make_pdf())
    first = _reply(db, actor, request.id, files=[pdf])
    before = _written(db, request)
    again = _reply(db, actor, request.id, files=[pdf])
    assert (first.created, again.created) == (True, False)
    assert _written(db, request) == before


def test_a_reply_with_only_a_file_is_accepted(db, answered):
    actor, request, _agent = answered
    assert _reply(db, actor, request.id, message="  ", files=[IncomingFile("scan.pdf", make_pdf())]).created


@pytest.mark.parametrize(
    ("message", "files", "refusal"),
    [
        ("   ", [], replies.EMPTY_REPLY),
        ("x" * 2001, [], requests.MESSAGE_TOO_LONG),
        (
            "Voici",
            [IncomingFile("page.html", b"<html><script>alert(1)</script>")],
            uploads.refusal("page.html", uploads.BAD_TYPE),
        ),
        (
            "Voici",
            [IncomingFile("casse.pdf", b"%PDF-1.4 broken")],
            uploads.refusal("casse.pdf", uploads.CORRUPT_PDF),
        ),
        ("Voici", [IncomingFile(f"f{n}.pdf", make_pdf()) for n in range(6)], uploads.TOO_MANY_FILES),
        # a NUL: PostgreSQL refused the message's row and the member met « Une erreur inattendue »
        ("Voici\x00le document", [], bad_character("Votre réponse à OCSO")),
    ],
    ids=["empty", "too-long", "not-a-pdf", "broken-pdf", "too-many-files", "nul"],
)
def test_a_bad_reply_is_refused_in_french_and_writes_nothing(db, answered, message, files, refusal):
    actor, request, _agent = answered
    before = _written(db, request)
    with pytest.raises(OcsoError) as refused:
        _reply(db, actor, request.id, message=message, files=files)
    assert refused.value.message == refusal
    assert _written(db, request) == before


@pytest.mark.parametrize("status", [RequestStatus.DONE, RequestStatus.REFUSED])
def test_a_closed_demarche_refuses_a_reply(db, answered, status):
    actor, request, _agent = answered
    request.status = status
    db.flush()
    before = _written(db, request)
    with pytest.raises(OcsoError) as refused:
        _reply(db, actor, request.id, files=[IncomingFile("f.pdf", make_pdf())])
    assert refused.value.message == replies.CLOSED
    assert "close" in replies.CLOSED
    assert _written(db, request) == before


def test_a_demarche_closed_while_the_member_wrote_refuses_the_reply(db, answered):
    """The agent closes it after the member's page read it open: the conditional mark refuses."""
    actor, request, _agent = answered
    db.expire_all()
    loaded = db.get(Request, request.id)
    assert loaded is not None and loaded.status == RequestStatus.IN_PROGRESS
    db.execute(
        update(Request)
        .where(Request.id == request.id)
        .values(status=RequestStatus.DONE)
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(OcsoError) as refused:
        _reply(db, actor, request.id)
    assert refused.value.message == replies.CLOSED
    assert db.scalar(select(func.count()).where(RequestMessage.from_ocso.is_(False))) == 0


def test_a_demarche_ocso_has_not_answered_takes_no_reply(db):
    account = make_member_account(db)
    request = make_request(db, member=db.get(Member, account.member_id))
    actor = Actor(account_id=account.id, member_id=account.member_id)
    before = _written(db, request)
    with pytest.raises(OcsoError) as refused:
        _reply(db, actor, request.id)
    assert refused.value.message == replies.NOT_ANSWERED
    assert _written(db, request) == before
    [line] = requests.latest_requests(db, member_id=account.member_id)
    assert not line.can_reply


def test_a_member_cannot_reply_on_another_members_or_a_companys_demarche(db, answered):
    _actor, request, _agent = answered
    intruder = make_member_account(db)
    company = make_company(db)
    boss = make_employer(db, principal_of=(company,))
    company_request, _file = send_bulletin(db, company=company, author=boss, message="m", nonce="n")
    desk.reply(
        db,
        caller=staff_caller(make_staff(db, role=StaffRole.ENTREPRISES)),
        request_id=company_request,
        body="Précisez la date d'embauche.",
    )
    actor = Actor(account_id=intruder.id, member_id=intruder.member_id)
    for target in (request, db.get(Request, company_request)):
        before = _written(db, target)
        with pytest.raises(AccessDenied) as refused:
            _reply(db, actor, target.id)
        assert refused.value.message == replies.NOT_FOUND
        assert _written(db, target) == before
    with pytest.raises(AccessDenied):
        _reply(db, Actor(account_id=intruder.id), request.id)  # no member at all


@pytest.fixture
def salaries(db):
    """A « Salariés » démarche of a company, answered by the Entreprises desk: (company, request id)."""
    company = make_company(db)
    boss = make_employer(db, principal_of=(company,))
    request_id, _file = send_bulletin(db, company=company, author=boss, message="Nouveau salarié", nonce="n1")
    agent = staff_caller(make_staff(db, role=StaffRole.ENTREPRISES))
    desk.reply(db, caller=agent, request_id=request_id, body="Le bulletin n'est pas signé.")
    db.flush()
    return company, request_id


def _company_reply(db, user, structure_ids, request_id, nonce="visite-e"):
    return replies.reply_for_company(
        db,
        actor=Actor(account_id=user.id),
        structure_ids=structure_ids,
        nonce=nonce,
        request_id=request_id,
        message="Le voici signé.",
        files=[IncomingFile("bulletin-signe.pdf", make_pdf())],
    )


def test_a_user_whose_profile_allows_the_kind_replies_and_is_named(db, salaries):
    company, request_id = salaries
    hr = make_employer(db, grants={company: EmployerProfile.STAFF_MANAGEMENT})
    assert _company_reply(db, hr, (company.id,), request_id).created
    db.expire_all()
    grants = employer_access.granted_structures(db, account_id=hr.id)
    [line] = requests.company_requests(db, grants=grants, structure_ids=(company.id,))
    reply = line.thread[-1]
    assert (reply.author, reply.body) == (f"Réponse de {queue.person_label(hr)}", "Le voici signé.")
    assert [a.name for a in reply.attachments] == ["bulletin-signe.pdf"]
    [event] = db.scalars(select(AuditEvent).where(AuditEvent.account_id == hr.id)).all()
    assert (event.company_id, event.member_id) == (company.id, None)


@pytest.mark.parametrize("profile", [EmployerProfile.CONTRIBUTIONS, EmployerProfile.SICK_LEAVE])
def test_a_profile_that_may_not_see_the_kind_cannot_reply(db, salaries, profile):
    company, request_id = salaries
    user = make_employer(db, grants={company: profile})
    request = db.get(Request, request_id)
    before = _written(db, request)
    with pytest.raises(AccessDenied) as refused:
        _company_reply(db, user, (company.id,), request_id)
    assert refused.value.message == replies.NOT_FOUND
    assert _written(db, request) == before


def test_another_companys_user_cannot_reply(db, salaries):
    company, request_id = salaries
    other = make_company(db)
    intruder = make_employer(db, principal_of=(other,))
    request = db.get(Request, request_id)
    before = _written(db, request)
    for scope in ((other.id,), (other.id, company.id)):  # even a scope naming it: no grant there
        with pytest.raises(AccessDenied):
            _company_reply(db, intruder, scope, request_id)
    assert _written(db, request) == before
