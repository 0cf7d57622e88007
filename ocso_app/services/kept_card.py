"""Whose carte de tiers payant a device keeps offline, so that nobody else's login leaves it there.

The service worker keeps the card only on the member's request (« Garder ma carte sur cet appareil »,
``assets/sw.js``), and a logout deletes it. A session that merely expires does not: the next person to log in
on that device (another member of the family, a colleague on a shared computer) would find it still shown
offline. The route that hands the card to the worker therefore leaves on the device an HttpOnly cookie that
names its holder by a keyed hash (no number, no name: nothing a script or a copy of the cookie reads); a
login on that device of anybody else answers with ``Clear-Site-Data``, which makes the browser delete the
kept card and unregister the worker, and the cookie goes.
"""

from __future__ import annotations

from ocso_app.services.crypto import token_hash
from ocso_app.services.sessions import read_cookie

KEPT_CARD_COOKIE = "ocso_carte"
KEPT_CARD_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie (Chromium's cap)
# What the browser deletes: the kept card (Cache Storage) and the worker's registration ("storage"), and
# any HTTP cache of the origin ("cache"). Cookies stay: the new session's is being set.
CLEAR_KEPT_CARD = '"cache", "storage"'


def holder_tag(member_id: int) -> str:
    """The cookie's value for a card of ``member_id``: a keyed hash, meaningless without the field key."""
    return token_hash(f"carte-gardee:{member_id}")[:32]


def kept_for_someone_else(cookie_header: str | None, *, member_id: int | None) -> bool:
    """Whether the device says it keeps a card that is not ``member_id``'s (``None``: the one logging in is
    no member)."""
    kept = read_cookie(cookie_header, KEPT_CARD_COOKIE)
    return bool(kept) and (member_id is None or kept != holder_tag(member_id))
