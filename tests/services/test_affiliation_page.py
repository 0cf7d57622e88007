"""Who opens the employee's affiliation page: a still-usable invitation (link token or letter code) and the
right birth date; one answer whatever was wrong; wrong birth dates close the invitation, attempts per client
are bounded; an invitation used, expired or replaced opens nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ocso_app.models import AffiliationStatus, InvitationChannel
from ocso_app.services import affiliation_invitations as invitations
from ocso_app.services import affiliation_page as page
from ocso_app.services import throttle
from tests.builders import make_company, make_employee

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BIRTH = "12/06/1985"  # make_employee's


@pytest.fixture
def invited(db):
    employee = make_employee(db, company=make_company(db), status=AffiliationStatus.PENDING)
    return employee, invitations.issue(db, employee, InvitationChannel.LETTER, now=NOW)


def _identify(db, secret: str, birth: str = BIRTH, ip: str = "198.51.100.4", now: datetime = NOW):
    return page.identify(db, secret=secret, birth_date=birth, ip_address=ip, now=now)


def test_the_code_and_the_birth_date_open_the_page(db, invited):
    employee, code = invited
    found = _identify(db, code.lower().replace("-", " "), birth="1985-06-12")
    assert found.invitation_id is not None
    assert page.usable_employee(db, found.invitation_id, now=NOW) is employee


@pytest.mark.parametrize("wrong", ["code", "birth", "malformed birth"])
def test_every_wrong_answer_gets_the_same_message(db, invited, wrong):
    _employee, code = invited
    secret = "ABCD-EFGH-JKMN" if wrong == "code" else code
    birth = {"birth": "13/06/1985", "malformed birth": "31/02/1985"}.get(wrong, BIRTH)
    assert _identify(db, secret, birth) == page.Identification(None, page.NOT_RECOGNISED)


def test_wrong_birth_dates_close_the_invitation(db, invited):
    _employee, code = invited
    for _ in range(page.MAX_WRONG_BIRTH_DATES):
        assert _identify(db, code, "01/01/1990").invitation_id is None
    assert _identify(db, code) == page.Identification(None, page.NOT_RECOGNISED)


def test_attempts_are_bounded_per_client(db, invited):
    _employee, code = invited
    for _ in range(throttle.AFFILIATION_CLIENT.limit or 0):
        _identify(db, "ZZZZ-ZZZZ-ZZZZ", ip="203.0.113.50")
    assert _identify(db, code, ip="203.0.113.50").message == page.TOO_MANY_TRIES
    assert _identify(db, code, ip="203.0.113.51").invitation_id is not None


def test_a_used_expired_or_replaced_invitation_opens_nothing(db, invited):
    employee, code = invited
    found = _identify(db, code)
    later = NOW + invitations.LIFETIME
    assert page.usable_employee(db, found.invitation_id, now=later) is None
    assert _identify(db, code, now=later).invitation_id is None
    invitations.issue(db, employee, InvitationChannel.LETTER, now=NOW + timedelta(hours=1))
    assert page.usable_employee(db, found.invitation_id, now=NOW + timedelta(hours=1)) is None


def test_an_employee_no_longer_to_affiliate_opens_nothing(db, invited):
    employee, code = invited
    found = _identify(db, code)
    employee.status = AffiliationStatus.EXEMPTED
    assert page.usable_employee(db, found.invitation_id, now=NOW) is None
    assert _identify(db, code).invitation_id is None
