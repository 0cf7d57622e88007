"""Field encryption for data that must be readable but never stored in clear (NIR, IBAN, TOTP secrets), the
same for a file kept a moment (an import's CSV between its preview and its import: NIRs, care lines), and
the hashing of random tokens that only need to be compared."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet

from ocso_app.config import settings


@functools.cache
def fernet_for(use: bytes, key: str) -> Fernet:
    """A Fernet under a key derived from the configured ``key`` for ``use`` only (field encryption, signed
    links…): a token made for one use never opens with another's key."""
    raw = base64.urlsafe_b64decode(key.encode())
    derived = hashlib.sha256(use + raw).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def _fernet(key: str) -> Fernet:
    return fernet_for(b"ocso-field-encryption", key)


def encrypt_field(plain: str) -> str:
    """Authenticated encryption (AES-128-CBC + HMAC-SHA256) of a short text."""
    return _fernet(settings().field_key).encrypt(plain.encode()).decode()


def decrypt_field(token: str) -> str:
    """The clear text of a value made by :func:`encrypt_field`."""
    return _fernet(settings().field_key).decrypt(token.encode()).decode()


def encrypt_file(content: bytes) -> bytes:
    """Authenticated encryption of a file's bytes, under a key of its own use."""
    return fernet_for(b"ocso-file-encryption", settings().field_key).encrypt(content)


def decrypt_file(token: bytes) -> bytes:
    """The bytes of a file made by :func:`encrypt_file`."""
    return fernet_for(b"ocso-file-encryption", settings().field_key).decrypt(token)


def new_token(nbytes: int = 32) -> str:
    """A URL-safe random secret (256 bits by default)."""
    return secrets.token_urlsafe(nbytes)


def token_hash(token: str) -> str:
    """What the database keeps of a random token: its keyed SHA-256, hex."""
    key = base64.urlsafe_b64decode(settings().field_key.encode())
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()
