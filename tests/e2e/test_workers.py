"""Several workers: with Reflex's state in Redis, a member's events may reach any backend process, and each
one sees what the others did (the portal's scaled mode, ``make run-scaled``)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest
from reflex.state import State

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.state.member.reimbursements import ReimbursementsState
from tests.builders import CareMember, make_care_member
from tests.e2e.helpers import cookie_for
from tests.support.live_app import LiveApp, start_backend
from tests.support.raw_socket import RawReflexSocket, handler_name

pytestmark = pytest.mark.skipif(
    os.environ.get("REFLEX_STATE_MANAGER_MODE") != "redis",
    reason="several workers share their state through Redis (the PostgreSQL + Redis run)",
)


@pytest.fixture(scope="module")
def second_worker(live_app: LiveApp) -> Iterator[LiveApp]:
    backend = start_backend(live_app)
    yield backend
    backend.stop()


def _lines_of(frames: list[str]) -> list[list]:
    """The ``lines`` values the frames set on Mes remboursements' state."""
    found = []
    for frame in frames:
        if not frame.startswith("42"):
            continue
        for delta in (json.loads(frame[frame.index(",") + 1 :])[1].get("delta") or {}).values():
            found.extend(value for key, value in delta.items() if key.startswith("lines"))
    return found


def test_a_members_events_may_reach_any_worker(live_app: LiveApp, second_worker: LiveApp):
    with db_session() as session:
        member: CareMember = make_care_member(session, last_name="PARTAGE")
    cookie, statement = cookie_for(member.account_id), {"statement_id": str(member.statement_ids[0])}
    page = routes.MEMBER_REIMBURSEMENTS

    first = RawReflexSocket(live_app.url, cookie=cookie)
    first.call(handler_name(ReimbursementsState, "load"), path=page)
    opened = first.call(handler_name(ReimbursementsState, "toggle"), statement, path=page)
    first.close()
    assert any(lines for lines in _lines_of(opened))  # the décompte opened on the first worker

    # Behind one public address (the origin the browser sends), another process answers.
    second = RawReflexSocket(second_worker.url, token=first.token, cookie=cookie, origin=live_app.url)
    reloaded = " ".join(second.call(handler_name(State, "hydrate"), path=page))
    closed = second.call(handler_name(ReimbursementsState, "toggle"), statement, path=page)
    second.close()
    assert "PARTAGE" in reloaded  # the second worker has the first one's state…
    assert _lines_of(closed) == [[]]  # …so ▼ again closes the décompte the first one opened

    # Each worker keeps the tab's state while it holds its lease (Reflex's opportunistic lock, on in the
    # scaled mode): the first one must give up its stale copy and read what the second one did.
    back = RawReflexSocket(live_app.url, token=first.token, cookie=cookie)
    reopened = back.call(handler_name(ReimbursementsState, "toggle"), statement, path=page)
    back.close()
    assert any(lines for lines in _lines_of(reopened))


def test_the_scaled_mode_turns_the_opportunistic_lock_on():
    from reflex_base.environment import environment

    import rxconfig  # noqa: F401  (sets the default)

    assert environment.REFLEX_OPLOCK_ENABLED.get()
