"""Mon historique: own events only, newest first, filters by période and type, pages, Paris time."""

from datetime import UTC, date, datetime, timedelta

import pytest

from ocso_app.models import AuditEvent, Interface
from ocso_app.services import history
from ocso_app.services.errors import OcsoError
from tests.builders import make_member_account


def _event(db, member_id, at, event_type="Connexion", action="Connexion à l'espace", interface=Interface.WEB):
    db.add(
        AuditEvent(
            member_id=member_id, occurred_at=at, event_type=event_type, action=action, interface=interface
        )
    )


@pytest.fixture
def member_id(db):
    account = make_member_account(db)
    start = datetime(2022, 10, 25, 7, 0, tzinfo=UTC)
    for i in range(20):
        _event(db, account.member_id, start + timedelta(hours=6 * i))
    _event(
        db,
        account.member_id,
        datetime(2022, 10, 27, 5, 32, 58, tzinfo=UTC),
        "Envoi de document",
        "Envoi d'un document",
        Interface.MOBILE,
    )
    other = make_member_account(db)
    _event(db, other.member_id, datetime(2022, 10, 27, 6, 0, tzinfo=UTC), "Connexion", "Autre membre")
    db.flush()
    return account.member_id


def test_newest_first_paged_and_only_the_members_own(db, member_id):
    first = history.history_page(db, member_id=member_id, per_page=15)
    assert first.total == 21 and first.pages == 2 and len(first.rows) == 15
    assert first.rows[0].date_label == "30/10/2022 02:00:00"  # 01:00 UTC, just after the switch to winter
    second = history.history_page(db, member_id=member_id, page=2, per_page=15)
    assert len(second.rows) == 6 and second.page == 2
    assert all(r.action != "Autre membre" for r in first.rows + second.rows)
    assert history.history_page(db, member_id=member_id, page=99).page == 2


def test_filter_by_type_and_period(db, member_id):
    sent = history.history_page(db, member_id=member_id, event_type="Envoi de document")
    [row] = sent.rows
    assert (row.date_label, row.action, row.interface) == (
        "27/10/2022 07:32:58",
        "Envoi d'un document",
        "Mobile",
    )
    day = history.history_page(db, member_id=member_id, start=date(2022, 10, 26), end=date(2022, 10, 26))
    assert day.total == 4 and all(r.date_label.startswith("26/10/2022") for r in day.rows)
    assert history.event_types(db, member_id=member_id) == ["Connexion", "Envoi de document"]


def test_a_type_sent_with_a_nul_shows_nothing_instead_of_failing(db, member_id):
    """PostgreSQL refuses a NUL in a query: a forged filter made Mon historique answer « Une erreur
    inattendue »."""
    assert history.history_page(db, member_id=member_id, event_type="Connexion\x00").total == 0


def test_a_period_ending_on_the_last_day_a_date_can_have_shows_everything_since_its_start(db, member_id):
    """« au 31/12/9999 » is a date: a day could not be added to it (OverflowError), and Mon historique
    answered « Une erreur inattendue »."""
    assert history.history_page(db, member_id=member_id, end=date(9999, 12, 31)).total == 21
    since = history.history_page(db, member_id=member_id, start=date(2022, 10, 29), end=date(9999, 12, 31))
    assert 0 < since.total < 21


def test_period_upside_down_is_refused(db, member_id):
    with pytest.raises(OcsoError) as refused:
        history.history_page(db, member_id=member_id, start=date(2022, 10, 27), end=date(2022, 10, 1))
    assert refused.value.message == history.BAD_PERIOD
