"""Checking a login and password, with the lockout policy of ``throttle.PASSWORD``: a growing delay after 5
failures, a lock at 10 (``Account.locked_at``, cleared by a password reset). The current password asked again
inside a session (``recheck_password``: to change it, the SMS codes' phone, the e-mail, the IBAN) counts with
the same failures, so that a session left open cannot be used to guess it.

Unknown account, wrong password, locked account and account under delay all get the same message and
cost one bcrypt check, so neither the answer nor its timing says whether an account exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Account, AccountKind, Interface, OneTimeSecretPurpose
from ocso_app.models.base import utcnow
from ocso_app.services import audit, one_time, throttle, trusted_devices
from ocso_app.services.errors import CountedRefusal, OcsoError
from ocso_app.services.passwords import verify_password
from ocso_app.services.sessions import _as_aware, revoke_account_sessions
from ocso_app.services.typed_text import has_control

LOGIN_FAILED = (
    "Identifiant ou mot de passe incorrect. Après plusieurs erreurs, l'accès est temporairement bloqué : "
    "utilisez « Mot de passe oublié » pour le rétablir."
)
DELAY_AFTER_FAILURES = throttle.PASSWORD.delay_after
LOCK_AFTER_FAILURES = throttle.PASSWORD.lock_after


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
    return throttle.PASSWORD.delay(failures)


def find_account(session: Session, kind: AccountKind, login: str) -> Account | None:
    """The account of ``kind`` with that login, if any. No login holds a control character: one typed with
    it (a NUL, which PostgreSQL refuses in a query) finds no account, without asking the database."""
    login = normalize_login(kind, login)
    if has_control(login):
        return None
    return session.scalar(select(Account).where(Account.kind == kind, Account.login == login))


@dataclass(frozen=True)
class LoginAttempt:
    """Where the attempt came from, for the audit log."""

    interface: Interface = Interface.WEB
    ip_address: str | None = None


def _refused(session: Session, account: Account | None, now: datetime) -> bool:
    if account is None or not account.is_active or account.locked_at is not None:
        return True
    if (
        account.password_is_temporary
        and account.password_expires_at
        and now >= _as_aware(account.password_expires_at)
    ):
        return True
    return not throttle.check(session, throttle.PASSWORD, str(account.id), now=now).allowed


def authenticate(
    session: Session, *, kind: AccountKind, login: str, password: str, attempt: LoginAttempt = LoginAttempt()
) -> Account | None:
    """The account if ``password`` is right and the account may log in now; ``None`` otherwise."""
    now = utcnow()
    account = find_account(session, kind, login)
    refused = _refused(session, account, now)
    matches = verify_password(password, None if refused or account is None else account.password_hash)
    if account is None:
        return None
    if refused or not matches:
        if account.locked_at is None:
            failures = throttle.count(session, throttle.PASSWORD, str(account.id), now=now)
            if throttle.reached_lock(throttle.PASSWORD, failures):
                lock_account(session, account, now=now)
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
    throttle.clear(session, throttle.PASSWORD, str(account.id))
    return account


RECHECK_WAIT = "Trop d'essais du mot de passe : patientez une minute avant de réessayer."
RECHECK_LOCKED = (
    "Trop d'essais du mot de passe : votre compte est verrouillé et vos sessions sont fermées. Utilisez "
    "« Mot de passe oublié » pour le rétablir."
)


def recheck_password(session: Session, account: Account | None, typed: str, *, wrong: str) -> Account:
    """The current password of a logged-in ``account``, asked again before a sensitive change. Its failures
    count with the login's (``throttle.PASSWORD``): from the 5th the next must wait, the 10th locks the
    account and ends all its sessions, this one included. A refusal raises ``CountedRefusal`` (``wrong``,
    or why it must wait) after counting it and writing its audit row: the caller's ``db_session`` commits
    them. The right password clears the count, as a login does; the account is returned."""
    if account is None:
        raise OcsoError(wrong)
    now = utcnow()
    subject = str(account.id)
    if not throttle.check(session, throttle.PASSWORD, subject, now=now).allowed:
        raise CountedRefusal(RECHECK_WAIT)
    if verify_password(typed or "", account.password_hash):
        throttle.clear(session, throttle.PASSWORD, subject)
        return account
    failures = throttle.count(session, throttle.PASSWORD, subject, now=now)
    audit.record(
        session,
        event_type="Connexion",
        action="Mot de passe actuel erroné",
        account_id=account.id,
        member_id=account.member_id,
    )
    if throttle.reached_lock(throttle.PASSWORD, failures):
        lock_account(session, account, now=now)
        raise CountedRefusal(RECHECK_LOCKED)
    raise CountedRefusal(wrong)


def end_what_the_password_opened(
    session: Session,
    *,
    account_id: int,
    keep_session_id: int | None = None,
    now: datetime | None = None,
    keep_reset_link: bool = False,
) -> None:
    """The password changed or stopped opening the account (changed, reset, replaced by a letter, locked):
    every session of the account ends (but ``keep_session_id``), and so does a change of its e-mail address
    still waiting for its link. That change was asked with the old password: confirmed later by whoever
    asked it, it would make their address the account's, and « Mot de passe oublié » would give it back to
    them. Every trusted browser is forgotten too (this one included): one trusted by whoever had the old
    password would skip the second factor for them again once they learn the new one.

    A « Mot de passe oublié » link still waiting ends as well (it would set a password of its asker's choice
    over the one just chosen), unless ``keep_reset_link``: a lock keeps it, since the password did not
    change and that link, sent to the holder's mailbox, is how the lock is lifted."""
    revoke_account_sessions(session, account_id=account_id, keep_session_id=keep_session_id, now=now)
    one_time.revoke(session, account_id=account_id, purpose=OneTimeSecretPurpose.EMAIL_CHANGE, now=now)
    if not keep_reset_link:
        one_time.revoke(session, account_id=account_id, purpose=OneTimeSecretPurpose.PASSWORD_RESET, now=now)
    trusted_devices.forget_all(session, account_id=account_id)


def end_what_the_old_address_opened(
    session: Session, *, account_id: int, now: datetime | None = None
) -> None:
    """The account's e-mail address changed: a « Mot de passe oublié » link already sent to the old one ends
    (it would open the account for up to an hour to whoever reads that mailbox, which the member may have
    left because it is no longer theirs alone), and so does any other change of address still waiting."""
    one_time.revoke(session, account_id=account_id, purpose=OneTimeSecretPurpose.PASSWORD_RESET, now=now)
    one_time.revoke(session, account_id=account_id, purpose=OneTimeSecretPurpose.EMAIL_CHANGE, now=now)


def lock_account(session: Session, account: Account, *, now: datetime | None = None) -> None:
    """Lock the account after too many failures (password or second factor): it cannot log in, and every
    session it has ends, until a password reset (sent to its e-mail) unlocks it."""
    now = now or utcnow()
    if account.locked_at is None:
        account.locked_at = now
    end_what_the_password_opened(session, account_id=account.id, now=now, keep_reset_link=True)
    audit.record(
        session,
        event_type="Connexion",
        action="Compte verrouillé après trop d'essais",
        account_id=account.id,
        member_id=account.member_id,
    )


def unlock(session: Session, account: Account) -> None:
    """Clear failures and lock (after a successful password reset)."""
    account.locked_at = None
    for policy in (throttle.PASSWORD, throttle.SECOND_FACTOR):
        throttle.clear(session, policy, str(account.id))
