"""Outgoing e-mail with ``emails``: over SMTP when configured, else written to ``var/outbox`` as .eml.

``send_mail`` sends at once; ``send_after_commit`` writes the message to the outbox in the caller's
transaction (``services.outbox``) and this process's ``SENDER`` sends it after the commit
(``services.outbox_sender``), or a later sweep if this process stops first."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from emails.message import Message
from sqlalchemy import Connection, event, inspect
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from ocso_app.config import settings, write_private
from ocso_app.db import db_session
from ocso_app.models import OutboxMessage
from ocso_app.models.base import utcnow
from ocso_app.services import outbox
from ocso_app.services.email_addresses import ascii_address
from ocso_app.services.outbox_sender import Sender

log = logging.getLogger(__name__)

SIGNATURE = "\n\nÀ bientôt !\nL'équipe OCSO\nwww.ocso.fr"  # every message ends with it, once


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message."""

    filename: str
    content: bytes
    content_type: str = "application/pdf"


def send_mail(
    *,
    to: str,
    subject: str,
    text: str,
    attachments: tuple[Attachment, ...] = (),
    footer: str = "",
    headers: Mapping[str, str] | None = None,
) -> None:
    """Send one plain-text message (the signature is appended, then ``footer``, such as why it is received
    and how to stop it), with extra ``headers``. Raises ``OSError`` when SMTP refuses."""
    config = settings()
    body = text + SIGNATURE + (f"\n\n{footer}" if footer else "")
    message = Message(
        subject=subject,
        text=body,
        mail_from=config.mail_sender,
        mail_to=ascii_address(to),  # an accented domain as registered (``emails`` would use IDNA 2003)
        headers=dict(headers) if headers else None,
    )
    for item in attachments:
        message.attach(data=item.content, filename=item.filename, content_type=item.content_type)
    if config.smtp_host:
        response = message.send(smtp={"host": config.smtp_host, "port": config.smtp_port, "timeout": 10})
        if response is None or response.status_code not in (250, 251):
            raise OSError(f"SMTP refused the message ({getattr(response, 'status_code', None)})")
    else:
        write_private(config.outbox_dir / f"{uuid.uuid4().hex}.eml", message.as_string().encode())
    log.info("mail sent: subject=%r", subject)  # never the body: it may hold a temporary password


def _send_message(message: outbox.Outgoing) -> None:
    # ``send_mail`` looked up at each call: a test may hold it (``tests/support/held_mail.py``).
    send_mail(
        to=message.to,
        subject=message.subject,
        text=message.text,
        footer=message.footer,
        headers=message.headers,
    )


SENDER = Sender(transport=_send_message, sessions=db_session)

_PENDING = "ocso_mail_after_commit"


@dataclass(frozen=True, kw_only=True)
class _Outgoing(outbox.Outgoing):
    """A message of the session's transaction, its outbox row, and until when this process holds it."""

    row: OutboxMessage
    held_until: datetime

    def held(self) -> outbox.Held | None:
        """The committed row, to send; ``None`` when a rolled-back savepoint took it away."""
        key = inspect(self.row).key
        message = outbox.Outgoing(self.to, self.subject, self.text, self.footer, self.headers)
        return None if key is None else outbox.Held(key[1][0], message, self.held_until)


def send_after_commit(
    session: Session,
    *,
    to: str,
    subject: str,
    text: str,
    footer: str = "",
    headers: Mapping[str, str] | None = None,
) -> None:
    """Send one message once ``session``'s transaction commits: its outbox row is part of that transaction
    (a rolled-back one sends nothing, a committed one cannot lose it), and it leaves from a background
    thread, so the answer to the user neither waits for SMTP nor lets its timing tell whether a message was
    sent (an account exists)."""
    extra = dict(headers or {})
    row, held_until = outbox.enqueue(session, outbox.Outgoing(to, subject, text, footer, extra), now=utcnow())
    pending = _Outgoing(to, subject, text, footer, extra, row=row, held_until=held_until)
    session.info.setdefault(_PENDING, []).append(pending)


@event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the rows exist only once the whole transaction commits
    pending: list[_Outgoing] = session.info.pop(_PENDING, [])
    committed = [held for held in (outgoing.held() for outgoing in pending) if held is not None]
    if committed:
        bind = session.get_bind()  # the database the rows were written to (a test's is a connection's)
        engine = bind.engine if isinstance(bind, Connection) else bind
        SENDER.hand_over(committed, sessions=sessionmaker(bind=engine).begin)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, previous_transaction: SessionTransaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(_PENDING, None)
