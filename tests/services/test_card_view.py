"""The carte de tiers payant kept on the phone (``card_view.card_html``): the card page's rights note."""

from datetime import date
from html import unescape

from ocso_app.services import audit, card_view, tiers_payant
from tests.builders import make_care_member
from tests.services.test_tiers_payant import TODAY, _leaves


def _kept(db, family) -> str:
    actor = audit.Actor(account_id=family.account_id, member_id=family.member_id)
    return card_view.card_html(db, actor=actor, today=TODAY)


def test_the_card_kept_offline_says_until_when_a_portabilite_runs(db, mailbox):
    """Offline, the phone shows the kept card to the pharmacist: it said « du 01/01/2025 au 30/09/2026 » but
    not the note the card page's banner and the PDF show. It carries the same ``Card.rights_note``."""
    family = make_care_member(db)
    _leaves(db, family, date(2025, 9, 30), "licenciement")
    note = tiers_payant.card_for(db, member_id=family.member_id, today=TODAY).rights_note
    assert "portabilité jusqu'au 30/09/2026" in note
    page = _kept(db, family)
    assert f'<p class="droits" role="note">{note}</p>' in unescape(page)
    assert page.index('class="droits"') < page.index("<dl>")  # under the title, before the card's facts


def test_a_card_without_a_note_keeps_none(db):
    family = make_care_member(db)
    page = _kept(db, family)
    assert 'class="droits"' not in page and "portabilit" not in page
