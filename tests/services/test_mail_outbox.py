"""``mail.send_after_commit`` through the outbox: the message is a row of the caller's transaction, sealed,
and leaves after the commit (then its row goes); a rolled-back transaction or savepoint leaves nothing."""

from __future__ import annotations

import json
import time

from sqlalchemy import select, text

from ocso_app.db import _session_factory, db_session
from ocso_app.models import OutboxMessage
from ocso_app.models.base import utcnow
from ocso_app.services import crypto, mail, outbox
from ocso_app.services.mail import _PENDING, send_after_commit
from tests.builders import new_email
from tests.support.mailbox import body_text

TOKEN = "jeton-Zq81xWc4R7PvK2mN5tB0"
TEMPORARY = "Provisoire-8472!"
SUBJECT = "Votre lien personnel OCSO"


def _text() -> str:
    return f"Votre lien : https://portail.ocso.fr/affiliation?jeton={TOKEN}\nMot de passe : {TEMPORARY}"


def _row_exists(row_id: int) -> bool:
    with db_session() as session:
        return session.get(OutboxMessage, row_id) is not None


def _row_is_gone(row_id: int, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not _row_exists(row_id):
            return True
        time.sleep(0.02)
    return False


def test_a_committed_message_is_a_row_until_it_leaves_after_the_answer_then_its_row_goes(held_mail, mailbox):
    address = new_email()
    with db_session() as session:
        send_after_commit(session, to=address, subject=SUBJECT, text=_text())
        session.flush()
        row_id = session.info[_PENDING][-1].row.id
    assert held_mail.held(1)  # committed and answered: the message waits in a sender thread…
    assert _row_exists(row_id)  # …and its row in the database, should this process stop now
    held_mail.release()
    [message] = mailbox.wait_for(address)
    assert message["Subject"] == SUBJECT and TOKEN in body_text(message)
    assert _row_is_gone(row_id)


def test_a_rolled_back_transaction_leaves_no_row_and_sends_nothing(mailbox):
    address = new_email()
    with _session_factory()() as session:
        send_after_commit(session, to=address, subject=SUBJECT, text=_text())
        session.flush()
        row_id = session.info[_PENDING][-1].row.id
        session.rollback()
        session.commit()  # a later commit of the same session must not send what was rolled back
    assert mail.SENDER.wait_idle(timeout=5)
    time.sleep(0.2)
    assert not _row_exists(row_id)
    assert mailbox.to(address) == []


def test_a_rolled_back_savepoint_sends_nothing_and_the_rest_of_its_transaction_leaves(mailbox):
    kept, dropped = new_email(), new_email()
    with db_session() as session:
        send_after_commit(session, to=kept, subject=SUBJECT, text="gardé")
        savepoint = session.begin_nested()
        send_after_commit(session, to=dropped, subject=SUBJECT, text="annulé")
        session.flush()
        savepoint.rollback()
        with session.begin_nested():  # a released savepoint sends nothing before the whole commit
            send_after_commit(session, to=kept, subject=SUBJECT, text="gardé aussi")
        assert mailbox.to(kept) == []
    assert len(mailbox.wait_for(kept, count=2)) == 2
    assert mail.SENDER.wait_idle(timeout=5)
    assert mailbox.to(dropped) == []


def test_the_stored_row_holds_no_clear_text(db):
    address = new_email()
    send_after_commit(db, to=address, subject=SUBJECT, text=_text())
    db.flush()
    row_id = db.info[_PENDING][-1].row.id
    raw = db.execute(text("SELECT * FROM mail_outbox WHERE id = :id"), {"id": row_id}).one()
    stored = " ".join(str(value) for value in raw)
    for secret in (address, address.split("@")[0], SUBJECT, "Votre lien", TOKEN, TEMPORARY, "affiliation"):
        assert secret not in stored
    sealed = db.scalar(select(OutboxMessage.sealed).where(OutboxMessage.id == row_id))
    assert outbox.unseal(sealed) == outbox.Outgoing(address, SUBJECT, _text())
    db.rollback()


def test_a_footer_and_headers_are_sealed_with_the_message_and_leave_with_it(mailbox):
    """A deposit's e-mail carries its one-click link in a header and its footer: sealed like the rest (the
    link holds a token), and sent after the signature and as a header of the message."""
    address, link = new_email(), f"https://portail.ocso.fr/arret?jeton={TOKEN}"
    headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    with db_session() as session:
        send_after_commit(
            session, to=address, subject=SUBJECT, text="Bonjour.", footer=f"Pied : {link}", headers=headers
        )
        session.flush()
        sealed = session.scalar(
            select(OutboxMessage.sealed).where(OutboxMessage.id == session.info[_PENDING][-1].row.id)
        )
        assert TOKEN not in sealed
        assert outbox.unseal(sealed) == outbox.Outgoing(
            address, SUBJECT, "Bonjour.", f"Pied : {link}", headers
        )
    [message] = mailbox.wait_for(address)
    assert body_text(message).rstrip().endswith(f"L'équipe OCSO\nwww.ocso.fr\n\nPied : {link}")
    assert str(message["List-Unsubscribe"]).strip() == f"<{link}>"  # folded: a long line
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_row_sealed_before_footers_and_headers_existed_still_opens():
    old = crypto.encrypt_field(json.dumps({"to": "a@example.fr", "subject": "S", "text": "T"}))
    assert outbox.unseal(old) == outbox.Outgoing("a@example.fr", "S", "T", "", {})


def test_a_row_sealed_by_a_newer_worker_still_opens_without_what_this_one_does_not_know():
    newer = crypto.encrypt_field(
        json.dumps({"to": "a@example.fr", "subject": "S", "text": "T", "priority": "haute"})
    )
    assert outbox.unseal(newer) == outbox.Outgoing("a@example.fr", "S", "T", "", {})


def test_a_committed_row_is_held_by_its_process_so_other_workers_leave_it_to_it(db):
    send_after_commit(db, to=new_email(), subject=SUBJECT, text="x")
    db.flush()
    row = db.info[_PENDING][-1].row
    now = utcnow()
    assert row.claimed_by == outbox.claimant() and row.claimed_until > now
    assert row.id not in outbox.due(db, now=now, limit=1000)  # another worker's sweep skips it
    assert outbox.take(db, row.id, now=now) is None
    db.rollback()


def test_an_accented_domain_is_sent_to_its_registered_ascii_form(mailbox):
    """« straße.de » is registered as « xn--strae-oqa.de » (IDNA 2008); ``emails`` alone turned it into
    « strasse.de » (Python's IDNA 2003 codec), another domain, whose owner would have read the message."""
    local = new_email().partition("@")[0]
    mail.send_mail(to=f"{local}@straße.de", subject=SUBJECT, text="Bonjour")
    [message] = mailbox.wait_for(f"{local}@xn--strae-oqa.de")
    assert mailbox.to(f"{local}@strasse.de") == []
    assert message["Subject"] == SUBJECT
