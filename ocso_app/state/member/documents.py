"""Mes documents: the sections with their badges; opening a document makes the badges drop at once."""

from __future__ import annotations

import reflex as rx

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.services import documents
from ocso_app.services.documents import SectionView
from ocso_app.services.errors import AccessDenied
from ocso_app.services.ids import parse_id
from ocso_app.services.sessions import Principal
from ocso_app.state.base import page_load, private_event
from ocso_app.state.member.base import MemberState


class DocumentsState(MemberState):
    """Display-ready sections (titles, dates, download URLs); no storage key ever reaches the browser."""

    sections: list[SectionView] = []

    def _refresh(self, member_id: int) -> None:
        with db_session() as session:
            self.sections = documents.member_sections(session, member_id=member_id)
            self.unread_documents = documents.unread_count(session, member_id=member_id)

    @page_load
    def load(self, member: Principal):
        with db_session() as session:
            self.sections = documents.member_sections(session, member_id=member.member_id)

    @private_event
    async def open_document(self, member: Principal, document_id: int = 0):
        """The member clicked a document: mark it read, drop the badges at once, then let the browser
        fetch it from the download route (which checks the session and the owner again)."""
        wanted = parse_id(document_id)
        if wanted is None:
            return None
        try:
            with db_session() as session:
                documents.mark_read(
                    session,
                    member_id=member.member_id,
                    document_id=wanted,
                    account_id=member.account_id,
                    interface=self._interface(),
                    record=False,
                )
        except AccessDenied:
            return None
        self._refresh(member.member_id)
        return rx.download(url=routes.API_MEMBER_DOCUMENT.url(document_id=wanted), filename="")
