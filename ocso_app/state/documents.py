"""Mes documents: the sections with their badges; opening a document makes the badges drop at once."""

from __future__ import annotations

import reflex as rx

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.services import documents
from ocso_app.services.documents import SectionView
from ocso_app.services.errors import AccessDenied
from ocso_app.state.member import MemberState
from ocso_app.state.member_shell import MemberShellState


class DocumentsState(MemberState):
    """Display-ready sections (titles, dates, download URLs); no storage key ever reaches the browser."""

    sections: list[SectionView] = []

    async def _refresh(self, member_id: int) -> None:
        with db_session() as session:
            self.sections = documents.member_sections(session, member_id=member_id)
            unread = documents.unread_count(session, member_id=member_id)
        shell = await self.get_state(MemberShellState)
        shell.unread_documents = unread

    @rx.event
    async def load(self):
        principal = self._require_member()
        if principal is None:
            return self._to_login(routes.MEMBER_LOGIN)
        await self._refresh(principal.member_id)
        return None

    @rx.event
    async def open_document(self, document_id: int = 0):
        """The member clicked a document: mark it read, drop the badges at once, then let the browser
        fetch it from the download route (which checks the session and the owner again)."""
        principal = self._require_member()
        if principal is None:
            return self._to_login(routes.MEMBER_LOGIN)
        try:
            with db_session() as session:
                documents.mark_read(
                    session,
                    member_id=principal.member_id,
                    document_id=int(document_id),
                    account_id=principal.account_id,
                    interface=self._interface(),
                    record=False,
                )
        except (AccessDenied, TypeError, ValueError):
            return None
        await self._refresh(principal.member_id)
        return rx.download(url=documents.download_url(int(document_id)), filename="")
