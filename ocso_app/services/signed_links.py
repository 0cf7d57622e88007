"""Links that carry their own proof, for what must work from an e-mail without a login and without a row
per message (one-click « ne plus recevoir ces e-mails »): a Fernet token (AES-128-CBC and HMAC-SHA256, with
its issue time) over the purpose and the account, under a key derived from the field key for this use only.

A token is bound to one purpose and one account: changing a character, reusing it for another purpose, or
presenting it after ``max_age`` gives ``None``. Tokens are never logged nor stored."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from cryptography.fernet import Fernet, InvalidToken

from ocso_app.config import settings
from ocso_app.models.base import utcnow
from ocso_app.services.crypto import fernet_for


def _fernet(key: str) -> Fernet:
    return fernet_for(b"ocso-signed-links", key)  # not the field encryption's key


def sign(purpose: str, account_id: int, *, issued_at: datetime | None = None) -> str:
    """A URL-safe token saying « ``purpose`` for account ``account_id`` », dated ``issued_at`` (now)."""
    payload = json.dumps({"p": purpose, "a": account_id}, separators=(",", ":")).encode()
    when = int((issued_at or utcnow()).timestamp())
    return _fernet(settings().field_key).encrypt_at_time(payload, when).decode()


def read(token: str, *, purpose: str, max_age: timedelta) -> int | None:
    """The account a genuine token of ``purpose`` names, if it is younger than ``max_age``; else ``None``."""
    try:
        payload = _fernet(settings().field_key).decrypt(token.encode(), ttl=int(max_age.total_seconds()))
        content = json.loads(payload)
    except (InvalidToken, ValueError, UnicodeError):
        return None
    if not isinstance(content, dict) or content.get("p") != purpose:
        return None
    account_id = content.get("a")
    return account_id if isinstance(account_id, int) and not isinstance(account_id, bool) else None
