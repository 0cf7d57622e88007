"""Outgoing e-mail with ``emails``: over SMTP when configured, else written to ``var/outbox`` as .eml."""

from __future__ import annotations

import functools
import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from emails.message import Message
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from ocso_app.config import settings, write_private

log = logging.getLogger(__name__)

SIGNATURE = "\n\nA bientôt !\nL'équipe OCSO\nwww.ocso.fr"


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message."""

    filename: str
    content: bytes
    content_type: str = "application/pdf"


def send_mail(*, to: str, subject: str, text: str, attachments: tuple[Attachment, ...] = ()) -> None:
    """Send one plain-text message (the signature is appended). Raises ``OSError`` when SMTP refuses."""
    config = settings()
    message = Message(subject=subject, text=text + SIGNATURE, mail_from=config.mail_sender, mail_to=to)
    for item in attachments:
        message.attach(data=item.content, filename=item.filename, content_type=item.content_type)
    if config.smtp_host:
        response = message.send(smtp={"host": config.smtp_host, "port": config.smtp_port, "timeout": 10})
        if response is None or response.status_code not in (250, 251):
            raise OSError(f"SMTP refused the message ({getattr(response, 'status_code', None)})")
    else:
        write_private(config.outbox_dir / f"{uuid.uuid4().hex}.eml", message.as_string().encode())
    log.info("mail sent: subject=%r", subject)  # never the body: it may hold a temporary password


_PENDING = "ocso_mail_after_commit"


@dataclass(frozen=True)
class _Outgoing:
    to: str
    subject: str
    text: str


@functools.cache
def _sender() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="ocso-mail")


def _send_quietly(message: _Outgoing) -> None:
    try:
        send_mail(to=message.to, subject=message.subject, text=message.text)
    except OSError:
        log.warning("background mail not sent: subject=%r", message.subject)


def send_after_commit(session: Session, *, to: str, subject: str, text: str) -> None:
    """Send one message from a background thread once ``session``'s transaction commits: the answer to the
    user neither waits for SMTP nor lets its timing tell whether a message was sent (an account exists),
    and a rolled-back transaction sends nothing."""
    session.info.setdefault(_PENDING, []).append(_Outgoing(to, subject, text))


@event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    for message in session.info.pop(_PENDING, ()):
        _sender().submit(_send_quietly, message)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, previous_transaction: SessionTransaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(_PENDING, None)
