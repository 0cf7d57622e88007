"""The member guard (``MemberState``) and the shell every member page loads (the unread badge on MES
DOCUMENTS). A member page's state subclasses ``MemberState`` and writes its handlers with ``private_event``.
"""

from __future__ import annotations

import reflex as rx

from ocso_app.db import db_session
from ocso_app.models import AccountKind
from ocso_app.services import documents
from ocso_app.services.sessions import Principal
from ocso_app.state.base import SpaceState, private_event


class MemberState(SpaceState):
    """Parent of the member pages' states: the caller must be a fully logged-in member."""

    def _kind(self) -> AccountKind:
        return AccountKind.MEMBER


class MemberShellState(MemberState):
    """Loaded on every member page together with the page's own state."""

    unread_documents: int = 0

    @rx.var
    def unread_label(self) -> str:
        count = self.unread_documents
        return f"{count} nouveau document" if count == 1 else f"{count} nouveaux documents"

    @private_event
    def load(self, member: Principal):
        with db_session() as session:
            self.unread_documents = documents.unread_count(session, member_id=member.member_id)
        self.user_name = member.display_name
