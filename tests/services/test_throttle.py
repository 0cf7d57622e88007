"""The one throttling mechanism: growing delays, locks and quotas, counted in the database."""

from datetime import timedelta

import pytest

from ocso_app.models import AttemptCounter
from ocso_app.models.base import utcnow
from ocso_app.services import throttle
from tests.support.attempts import counter

QUOTA = throttle.Policy("test_quota", limit=3, window=timedelta(hours=1))
DELAY = throttle.Policy("test_delay", delay_after=2, lock_after=4)


def test_a_quota_refuses_past_its_limit_until_the_window_is_over(db):
    now = utcnow()
    for _ in range(3):
        assert throttle.check(db, QUOTA, "10.0.0.1", now=now).allowed
        throttle.count(db, QUOTA, "10.0.0.1", now=now)
    refused = throttle.check(db, QUOTA, "10.0.0.1", now=now)
    assert not refused.allowed and refused.retry_after == timedelta(hours=1)
    assert throttle.check(db, QUOTA, "10.0.0.2", now=now).allowed  # another subject has its own count
    later = now + timedelta(hours=1)
    assert throttle.check(db, QUOTA, "10.0.0.1", now=later).allowed
    assert throttle.count(db, QUOTA, "10.0.0.1", now=later) == 1  # a new window


def test_delays_grow_then_lock_until_cleared(db):
    now = utcnow()
    throttle.count(db, DELAY, "7", now=now)
    assert throttle.check(db, DELAY, "7", now=now).allowed
    throttle.count(db, DELAY, "7", now=now)
    verdict = throttle.check(db, DELAY, "7", now=now)
    assert not verdict.allowed and verdict.retry_after == timedelta(seconds=2)
    assert throttle.check(db, DELAY, "7", now=now + timedelta(seconds=2)).allowed
    throttle.count(db, DELAY, "7", now=now)
    assert throttle.check(db, DELAY, "7", now=now).retry_after == timedelta(seconds=4)
    assert throttle.reached_lock(DELAY, throttle.count(db, DELAY, "7", now=now))
    assert throttle.check(db, DELAY, "7", now=now + timedelta(days=1)).locked
    throttle.clear(db, DELAY, "7")
    assert throttle.check(db, DELAY, "7", now=now).allowed


def test_the_subject_is_stored_only_as_a_keyed_hash(db):
    throttle.count(db, QUOTA, "192.0.2.55")
    row = counter(db, QUOTA, "192.0.2.55")
    assert row is not None and "192.0.2.55" not in row.subject_hash and len(row.subject_hash) == 64


def test_stale_counters_are_purged(db):
    throttle.count(db, QUOTA, "old", now=utcnow() - timedelta(days=40))
    throttle.count(db, QUOTA, "recent")
    assert throttle.purge_stale(db) >= 1
    assert counter(db, QUOTA, "old") is None and counter(db, QUOTA, "recent") is not None


def test_a_quota_needs_both_a_limit_and_a_window():
    with pytest.raises(ValueError):
        throttle.Policy("broken", limit=3)


def test_every_policy_has_its_own_scope():
    scopes = [policy.scope for policy in throttle.POLICIES]
    assert len(scopes) == len(set(scopes)) and all(len(s) <= AttemptCounter.scope.type.length for s in scopes)


def test_concurrent_attempts_from_several_workers_are_all_counted():
    """Eight workers count the same subject's first attempts at once: none is lost (row lock, and the
    unique (scope, subject) with a retry when two insert the first row together)."""
    import threading
    import uuid

    from ocso_app.config import settings
    from ocso_app.db import db_session

    settings()  # loaded once, as a running worker has it (not eight threads racing to read it)
    subject = uuid.uuid4().hex
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def attempt() -> None:
        try:
            barrier.wait()
            with db_session() as session:
                throttle.check(session, QUOTA_WIDE, subject)
                throttle.count(session, QUOTA_WIDE, subject)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with db_session() as session:
        assert counter(session, QUOTA_WIDE, subject).attempts == 8


QUOTA_WIDE = throttle.Policy("test_quota_wide", limit=100, window=timedelta(hours=1))


def test_a_client_is_its_ipv4_address_or_its_ipv6_network():
    assert throttle.client_subject("203.0.113.9") == "203.0.113.9"
    assert throttle.client_subject("2001:db8:1:2::10") == throttle.client_subject("2001:db8:1:2:ffff::1")
    assert throttle.client_subject("2001:db8:1:2::10") != throttle.client_subject("2001:db8:1:3::10")
    assert throttle.client_subject("::ffff:203.0.113.9") == "203.0.113.9"
    assert throttle.client_subject("") is None and throttle.client_subject(None) is None
