"""Password hashing and the password policies of each space.

bcrypt only reads 72 bytes, so the password is first reduced with HMAC-SHA256 and base64 (44 bytes):
a longer password is neither truncated nor rejected.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import string
from functools import cache
from importlib import resources

import bcrypt

BCRYPT_COST = 12
MIN_COST = 4  # bcrypt's own minimum


def bcrypt_cost() -> int:
    """The work factor of new hashes: ``BCRYPT_COST``, unless ``OCSO_BCRYPT_COST`` says otherwise — the test
    suite lowers it so that its hundreds of logins stay quick; a portal never should."""
    return max(MIN_COST, int(os.environ.get("OCSO_BCRYPT_COST", BCRYPT_COST)))


_PREHASH_KEY = b"ocso-password-prehash-v1"

MEMBER_PASSWORD_RULE = "8 caractères minimum, dont 1 majuscule et 1 chiffre."
EMPLOYER_PASSWORD_RULE = "8 caractères minimum, dont 1 chiffre et 1 caractère spécial."
TOO_COMMON = "Ce mot de passe est trop courant : choisissez-en un autre."


def _prehash(password: str) -> bytes:
    digest = hmac.new(_PREHASH_KEY, password.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest)


def hash_password(password: str, *, cost: int | None = None) -> str:
    """The bcrypt hash to store for ``password`` (at ``bcrypt_cost()`` unless ``cost`` is given)."""
    return bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds=cost or bcrypt_cost())).decode()


def verify_password(password: str, stored_hash: str | None) -> bool:
    """Whether ``password`` matches; with no stored hash, a dummy check keeps the timing the same."""
    candidate = _prehash(password)
    if not stored_hash:
        bcrypt.checkpw(candidate, _dummy_hash())
        return False
    return bcrypt.checkpw(candidate, stored_hash.encode())


@cache
def _dummy_hash() -> bytes:
    return bcrypt.hashpw(b"dummy", bcrypt.gensalt(rounds=bcrypt_cost()))


@cache
def common_passwords() -> frozenset[str]:
    """The rejected list (lower-cased), shipped with the package."""
    text = resources.files("ocso_app.services").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def member_password_problem(password: str) -> str | None:
    """Why ``password`` is refused for a member account, or ``None``."""
    if len(password) < 8 or not re.search(r"[A-Z]", password) or not re.search(r"\d", password):
        return MEMBER_PASSWORD_RULE
    return TOO_COMMON if password.lower() in common_passwords() else None


def employer_password_problem(password: str) -> str | None:
    """Why ``password`` is refused for an employer, introducer or staff account, or ``None``."""
    if len(password) < 8 or not re.search(r"\d", password) or not re.search(r"[^A-Za-z0-9]", password):
        return EMPLOYER_PASSWORD_RULE
    return TOO_COMMON if password.lower() in common_passwords() else None


def temporary_password() -> str:
    """A random password meeting every space's rules (upper, lower, digit, special), 12 characters."""
    alphabet = string.ascii_letters + string.digits
    core = [secrets.choice(alphabet) for _ in range(8)]
    core += [secrets.choice(string.ascii_uppercase), secrets.choice(string.ascii_lowercase)]
    core += [secrets.choice(string.digits), secrets.choice("!#%+-=?@")]
    secrets.SystemRandom().shuffle(core)
    return "".join(core)
