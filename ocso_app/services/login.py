"""Checking a login and password, with the lockout policy: a growing delay after 5 failures, a lock at 10.

Unknown account, wrong password, locked account and account under delay all get the same message and
cost one bcrypt check, so neither the answer nor its timing says whether an account exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Account, AccountKind, Interface
from ocso_app.models.base import utcnow
from ocso_app.services import audit
from ocso_app.services.passwords import verify_password
from ocso_app.services.sessions import _as_aware

LOGIN_FAILED = (
    "Identifiant ou mot de passe incorrect. Après plusieurs erreurs, l'accès est temporairement bloqué : "
    "utilisez « Mot de passe oublié » pour le rétablir."
)
DELAY_AFTER_FAILURES = 5
LOCK_AFTER_FAILURES = 10


def normalize_login(kind: AccountKind, login: str) -> str:
    """Members type the 6 first characters of their numéro d'adhérent; e-mails are case-insensitive."""
    login = login.strip()
    if kind == AccountKind.MEMBER:
        return login[:6]
    if kind == AccountKind.INTRODUCER:
        return login.upper()
    return login.lower()


def required_delay(failures: int) -> timedelta:
    """How long an account must rest after ``failures`` consecutive failures (0, then 2, 4, 8 … 60 s)."""
    if failures < DELAY_AFTER_FAILURES:
        return timedelta(0)
    return timedelta(seconds=min(60, 2 ** (failures - DELAY_AFTER_FAILURES + 1)))


def find_account(session: Session, kind: AccountKind, login: str) -> Account | None:
    """The account of ``kind`` with that login, if any."""
    return session.scalar(
        select(Account).where(Account.kind == kind, Account.login == normalize_login(kind, login))
    )


@dataclass(frozen=True)
class LoginAttempt:
    """Where the attempt came from, for the audit log."""

    interface: Interface = Interface.WEB
    ip_address: str | None = None


def _refused(account: Account | None, now: datetime) -> bool:
    if account is None or not account.is_active or account.locked_at is not None:
        return True
    if (
        account.password_is_temporary
        and account.password_expires_at
        and now >= _as_aware(account.password_expires_at)
    ):
        return True
    last = account.last_failed_login_at
    return last is not None and now - _as_aware(last) < required_delay(account.failed_login_count)


def authenticate(
    session: Session, *, kind: AccountKind, login: str, password: str, attempt: LoginAttempt = LoginAttempt()
) -> Account | None:
    """The account if ``password`` is right and the account may log in now; ``None`` otherwise."""
    now = utcnow()
    account = find_account(session, kind, login)
    refused = _refused(account, now)
    matches = verify_password(password, None if refused or account is None else account.password_hash)
    if account is None:
        return None
    if refused or not matches:
        if not refused or account.locked_at is None:
            account.failed_login_count += 1
            account.last_failed_login_at = now
            if account.failed_login_count >= LOCK_AFTER_FAILURES and account.locked_at is None:
                account.locked_at = now
        audit.record(
            session,
            event_type="Connexion",
            action="Échec de connexion",
            account_id=account.id,
            member_id=account.member_id,
            interface=attempt.interface,
            ip_address=attempt.ip_address,
        )
        return None
    account.failed_login_count = 0
    account.last_failed_login_at = None
    return account


def unlock(account: Account) -> None:
    """Clear failures and lock (after a successful password reset)."""
    account.failed_login_count = 0
    account.last_failed_login_at = None
    account.locked_at = None
