"""Typed settings read once from the environment; nothing else in the app reads ``os.environ``.

Secrets are never committed: when ``OCSO_FIELD_KEY`` is not set, a random key is generated once into
``var/secrets.json`` (ignored by git), so a fresh demo machine works and keeps decrypting its own data.
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


def _generated_secret(name: str) -> str:
    """A random secret kept in ``var/secrets.json``, created on first use."""
    path = _var_dir() / "secrets.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    if name not in stored:
        stored[name] = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
        path.write_text(json.dumps(stored))
        path.chmod(0o600)
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
    public_url = os.environ.get("OCSO_PUBLIC_URL", "http://localhost:3000")
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
