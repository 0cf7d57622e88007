"""The member shell: what every member page's header shows (the unread badge on MES DOCUMENTS)."""

from __future__ import annotations

import reflex as rx

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.services import documents
from ocso_app.state.member import MemberState


class MemberShellState(MemberState):
    """Loaded on every member page together with the page's own state."""

    unread_documents: int = 0

    @rx.var
    def unread_label(self) -> str:
        count = self.unread_documents
        return f"{count} nouveau document" if count == 1 else f"{count} nouveaux documents"

    @rx.event
    def load(self):
        principal = self._require_member()
        if principal is None:
            return self._to_login(routes.MEMBER_LOGIN)
        with db_session() as session:
            self.unread_documents = documents.unread_count(session, member_id=principal.member_id)
        self.user_name = principal.display_name
        return None
