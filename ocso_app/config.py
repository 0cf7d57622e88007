"""Typed settings read once from the environment; nothing else in the app reads ``os.environ``.

Secrets are never committed: when ``OCSO_FIELD_KEY`` is not set, a random key is generated once into
``var/secrets.json`` (ignored by git), so a fresh demo machine works and keeps decrypting its own data.

Everything under ``var/`` (the SQLite database, secrets, private files, the outbox's ``.eml`` files that hold
temporary passwords) is for the portal's own user only: folders are created ``0700`` and files ``0600`` by
``private_dir`` and ``write_private``, whatever the process umask.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _var_dir() -> Path:
    return Path(os.environ.get("OCSO_VAR_DIR", PROJECT_ROOT / "var"))


PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """``path`` as a folder only its owner may enter (created, or tightened if it exists)."""
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o777 != PRIVATE_DIR_MODE:
        path.chmod(PRIVATE_DIR_MODE)
    return path


def write_private(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path``, readable by its owner only from the first byte on."""
    private_dir(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    with os.fdopen(descriptor, "wb") as handle:
        os.fchmod(handle.fileno(), PRIVATE_FILE_MODE)  # an existing file keeps its mode through O_CREAT
        handle.write(content)


def create_private_file(path: Path) -> None:
    """Create ``path`` empty and owner-only if it does not exist yet (the SQLite database, before SQLite
    creates it with the umask's mode; its -wal and -shm files then take the same mode). An existing file is
    only tightened, never opened: closing any descriptor of a file drops every POSIX lock the process holds
    on it, those of SQLite's open connections included (another process could then write under a reader)."""
    private_dir(path.parent)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE))
    path.chmod(PRIVATE_FILE_MODE)


def _generated_secret(name: str) -> str:
    """A random secret kept in ``var/secrets.json``, created on first use."""
    path = _var_dir() / "secrets.json"
    stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    if name not in stored:
        stored[name] = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
        write_private(path, json.dumps(stored).encode())
    return stored[name]


@dataclass(frozen=True)
class Settings:
    """Everything configurable about one running portal."""

    database_url: str
    var_dir: Path
    field_key: str
    public_url: str
    smtp_host: str | None
    smtp_port: int
    mail_sender: str
    sms_provider_url: str | None
    sms_sink: Path
    secure_cookies: bool

    @property
    def storage_dir(self) -> Path:
        """Private files (uploads, published documents): never under the public upload folder."""
        return self.var_dir / "storage"

    @property
    def outbox_dir(self) -> Path:
        """Where e-mails land as ``.eml`` files when no SMTP server is configured."""
        return self.var_dir / "outbox"


@functools.cache
def settings() -> Settings:
    """The settings of this process (cached; tests clear the cache after changing the environment)."""
    var_dir = _var_dir()
    # as rxconfig.py: the portal's own address when no public one is given (the origin check compares to it)
    port = os.environ.get("OCSO_PORT", "3000")
    public_url = os.environ.get("OCSO_PUBLIC_URL") or f"http://localhost:{port}"
    return Settings(
        database_url=os.environ.get("OCSO_DATABASE_URL", f"sqlite:///{var_dir / 'ocso.db'}"),
        var_dir=var_dir,
        field_key=os.environ.get("OCSO_FIELD_KEY") or _generated_secret("field_key"),
        public_url=public_url,
        smtp_host=os.environ.get("OCSO_SMTP_HOST") or None,
        smtp_port=int(os.environ.get("OCSO_SMTP_PORT", "25")),
        mail_sender=os.environ.get("OCSO_MAIL_SENDER", "OCSO <ne-pas-repondre@ocso.fr>"),
        sms_provider_url=os.environ.get("OCSO_SMS_PROVIDER_URL") or None,
        sms_sink=Path(os.environ.get("OCSO_SMS_SINK", var_dir / "sms")),
        secure_cookies=public_url.startswith("https://"),
    )
