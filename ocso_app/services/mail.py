"""Outgoing e-mail with ``emails``: over SMTP when configured, else written to ``var/outbox`` as .eml."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from emails.message import Message

from ocso_app.config import settings

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
        config.outbox_dir.mkdir(parents=True, exist_ok=True)
        (config.outbox_dir / f"{uuid.uuid4().hex}.eml").write_bytes(message.as_string().encode())
    log.info("mail sent: subject=%r", subject)  # never the body: it may hold a temporary password
