"""The one throttling mechanism of the portal: every form an attacker could repeat (password, second-factor
code and the sending of one, "S'inscrire", "Créer un compte" and adding a structure, forgotten password,
"Obtenir votre identifiant", a member's change of e-mail address) counts its attempts here.

A :class:`Policy` says how a count is bounded:

- a growing delay: from ``delay_after`` counted attempts on, the next one must wait 2, 4, 8 … seconds (at most
  ``max_delay``) after the previous one;
- a lock: at ``lock_after`` counted attempts the subject is locked until the count is cleared (for accounts:
  by a password reset, see ``login.lock_account``);
- a quota: at most ``limit`` attempts per ``window``; the count starts afresh when the window is over.

The counts live in the database (``attempt_counters``), so every worker sees the same ones. The caller checks
before the work (:func:`check`) and counts after it (:func:`count`) in the same transaction, and must commit
that transaction even when the attempt fails (return a refusal, do not raise). :func:`check` reads the row
``FOR UPDATE``: on PostgreSQL, concurrent attempts on one subject wait for each other instead of all passing
the same check (SQLite, one host only, reads without that lock; there a burst may pass one check together).
:func:`count` computes the new count in the database, so no attempt is ever lost, on either. The subject
(account id, numéro d'adhérent, client address) is stored only as a keyed hash.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, case, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ocso_app.db import savepoint
from ocso_app.models.base import utcnow
from ocso_app.models.throttle import AttemptCounter
from ocso_app.services.crypto import token_hash
from ocso_app.services.sessions import _as_aware

NO_WAIT = timedelta(0)


@dataclass(frozen=True)
class Policy:
    """How the attempts of one ``scope`` are bounded (see the module's docstring)."""

    scope: str
    delay_after: int | None = None
    max_delay: timedelta = timedelta(seconds=60)
    lock_after: int | None = None
    limit: int | None = None
    window: timedelta | None = None

    def __post_init__(self) -> None:
        if (self.limit is None) != (self.window is None):
            raise ValueError("a quota needs both a limit and a window")

    def delay(self, attempts: int) -> timedelta:
        """How long to wait after the last of ``attempts`` counted attempts (0, then 2, 4, 8 … s, capped)."""
        if self.delay_after is None or attempts < self.delay_after:
            return NO_WAIT
        return min(self.max_delay, timedelta(seconds=2 ** min(attempts - self.delay_after + 1, 30)))


# Per account: the password login, and the second factor (e-mail, SMS and authenticator codes, enrolment
# codes), each with its own count so that knowing the password never resets the count of wrong codes.
PASSWORD = Policy("password", delay_after=5, lock_after=10)
SECOND_FACTOR = Policy("second_factor", delay_after=5, lock_after=10)
# Second-factor codes sent to an account (e-mail, SMS, an authenticator's enrolment), every one counted: a
# session owing its second factor (the password is known) cannot flood the holder's mailbox and phone, each
# SMS paid by OCSO, by asking for codes again and again.
CODE_SENDING = Policy("code_sending", limit=10, window=timedelta(hours=1))
# "S'inscrire": wrong answers per numéro d'adhérent, and every attempt per client address.
REGISTRATION_NUMBER = Policy("registration_number", limit=5, window=timedelta(hours=24))
REGISTRATION_CLIENT = Policy("registration_client", limit=20, window=timedelta(hours=1))
# Forgotten password: requests per login typed (existing or not) and per client address.
RESET_LOGIN = Policy("reset_login", limit=3, window=timedelta(hours=1))
RESET_CLIENT = Policy("reset_client", limit=20, window=timedelta(hours=1))
# "Obtenir votre identifiant": requests per address typed and per client address.
IDENTIFIER_ADDRESS = Policy("identifier_address", limit=3, window=timedelta(hours=1))
IDENTIFIER_CLIENT = Policy("identifier_client", limit=20, window=timedelta(hours=1))
# The three fields of a company (numéro client, SIREN, code de sécurité), at "Créer un compte" and when a
# principal adds a structure: wrong answers per numéro client typed, and every attempt per client address.
COMPANY_CODES_NUMBER = Policy("company_codes_number", limit=5, window=timedelta(hours=24))
COMPANY_CODES_CLIENT = Policy("company_codes_client", limit=20, window=timedelta(hours=1))
# A member's change of e-mail address (Mes informations): every request per account, whatever its answer, so
# that neither the current password nor the new address's mailbox can be hammered.
EMAIL_CHANGE = Policy("email_change", limit=5, window=timedelta(hours=1))
# The employee's affiliation page (a letter's code or a link, then the birth date): every attempt per client
# address; wrong birth dates are counted on the invitation itself (``affiliation_page``).
AFFILIATION_CLIENT = Policy("affiliation_client", limit=20, window=timedelta(hours=1))
POLICIES = (
    PASSWORD,
    SECOND_FACTOR,
    CODE_SENDING,
    REGISTRATION_NUMBER,
    REGISTRATION_CLIENT,
    RESET_LOGIN,
    RESET_CLIENT,
    IDENTIFIER_ADDRESS,
    IDENTIFIER_CLIENT,
    COMPANY_CODES_NUMBER,
    COMPANY_CODES_CLIENT,
    EMAIL_CHANGE,
    AFFILIATION_CLIENT,
)
STALE_AFTER = timedelta(days=30)


@dataclass(frozen=True)
class Verdict:
    """Whether one more attempt may run now; ``locked`` until cleared, else ``retry_after`` from now."""

    allowed: bool
    attempts: int
    locked: bool = False
    retry_after: timedelta = NO_WAIT


def _subject_hash(policy: Policy, subject: str) -> str:
    return token_hash(f"throttle:{policy.scope}:{subject}")


def _row(session: Session, policy: Policy, subject: str) -> AttemptCounter | None:
    query = select(AttemptCounter).where(
        AttemptCounter.scope == policy.scope, AttemptCounter.subject_hash == _subject_hash(policy, subject)
    )
    return session.scalar(query.with_for_update())


def _window_over(policy: Policy, row: AttemptCounter, now: datetime) -> bool:
    return policy.window is not None and now - _as_aware(row.window_started_at) >= policy.window


def _live_attempts(policy: Policy, row: AttemptCounter | None, now: datetime) -> int:
    return 0 if row is None or _window_over(policy, row, now) else row.attempts


def check(session: Session, policy: Policy, subject: str, *, now: datetime | None = None) -> Verdict:
    """May ``subject`` make one more attempt of ``policy`` now? Locks the counter row until commit."""
    now = now or utcnow()
    row = _row(session, policy, subject)
    attempts = _live_attempts(policy, row, now)
    if row is None or attempts == 0:
        return Verdict(allowed=True, attempts=0)
    if policy.lock_after is not None and attempts >= policy.lock_after:
        return Verdict(allowed=False, attempts=attempts, locked=True)
    wait = NO_WAIT
    if policy.limit is not None and policy.window is not None and attempts >= policy.limit:
        wait = max(wait, _as_aware(row.window_started_at) + policy.window - now)
    wait = max(wait, _as_aware(row.last_attempt_at) + policy.delay(attempts) - now)
    return Verdict(allowed=wait <= NO_WAIT, attempts=attempts, retry_after=max(wait, NO_WAIT))


def count(session: Session, policy: Policy, subject: str, *, now: datetime | None = None) -> int:
    """Count one attempt of ``subject``; returns the attempts counted in the current window (or since the
    last :func:`clear`)."""
    now = now or utcnow()
    row = _row(session, policy, subject)
    if row is None:
        try:
            with savepoint(session):
                session.add(
                    AttemptCounter(
                        scope=policy.scope,
                        subject_hash=_subject_hash(policy, subject),
                        attempts=1,
                        window_started_at=now,
                        last_attempt_at=now,
                    )
                )
            return 1
        except IntegrityError:  # another worker counted the first attempt at the same moment
            row = _row(session, policy, subject)
            if row is None:
                raise
    # One UPDATE computes the new count from the stored one, so that no concurrent attempt is lost even
    # where the read above took no lock (SQLite reads outside the write transaction).
    fresh: ColumnElement[int] = AttemptCounter.attempts + 1
    started: ColumnElement[datetime] = AttemptCounter.window_started_at.expression
    if policy.window is not None:
        over = AttemptCounter.window_started_at <= now - policy.window
        fresh, started = case((over, 1), else_=fresh), case((over, now), else_=started)
    session.execute(
        update(AttemptCounter)
        .where(AttemptCounter.id == row.id)
        .values(attempts=fresh, window_started_at=started, last_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(row)
    return row.attempts


def attempt(session: Session, policy: Policy, subject: str) -> bool:
    """Check then count one attempt (for quotas, where every request counts): whether it may run."""
    allowed = check(session, policy, subject).allowed
    count(session, policy, subject)
    return allowed


def attempt_from_client(session: Session, policy: Policy, ip_address: str | None) -> bool:
    """:func:`attempt` for the client of ``ip_address``; always allowed when the address is unknown."""
    client = client_subject(ip_address)
    return client is None or attempt(session, policy, client)


def reached_lock(policy: Policy, attempts: int) -> bool:
    """Whether ``attempts`` (as :func:`count` returned) is the one that locks."""
    return policy.lock_after is not None and attempts >= policy.lock_after


def clear(session: Session, policy: Policy, subject: str) -> None:
    """Forget the attempts of ``subject`` (a success, or a password reset)."""
    session.execute(
        delete(AttemptCounter).where(
            AttemptCounter.scope == policy.scope,
            AttemptCounter.subject_hash == _subject_hash(policy, subject),
        )
    )


def purge_stale(session: Session, *, now: datetime | None = None, older_than: timedelta = STALE_AFTER) -> int:
    """Delete counters untouched for ``older_than`` (longer than any window); returns how many."""
    cutoff = (now or utcnow()) - older_than
    result = session.execute(delete(AttemptCounter).where(AttemptCounter.last_attempt_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


def client_subject(ip_address: str | None) -> str | None:
    """The subject of a per-client count: the client's IPv4 address, or its IPv6 /64 (one subscriber's
    network hands out a whole /64); ``None`` when unknown (then only the per-account or per-numéro counts
    apply). Behind a reverse proxy, Reflex's ``trusted_proxy_hops`` must be set for this to be the client."""
    ip = (ip_address or "").strip()
    if not ip:
        return None
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
