"""The member guard (``MemberState``) and what every member page shows in its header: the member's name and
the unread badge on MES DOCUMENTS, refreshed by each page's ``page_load`` in the same event as the page.

A member page's state subclasses ``MemberState``; its ``on_load`` is a ``page_load`` handler and its other
handlers are ``private_event`` handlers.
"""

from __future__ import annotations

import reflex as rx

from ocso_app.db import reading
from ocso_app.models import AccountKind
from ocso_app.services import documents, formats
from ocso_app.services.sessions import Principal
from ocso_app.state.base import SpaceState


class MemberState(SpaceState):
    """Parent of the member pages' states: the caller must be a fully logged-in member."""

    unread_documents: int = 0

    def _kind(self) -> AccountKind:
        return AccountKind.MEMBER

    @rx.var
    def unread_label(self) -> str:
        return formats.new_documents(self.unread_documents)

    def _open_page(self, principal: Principal) -> None:
        super()._open_page(principal)
        with reading() as connection:
            self.unread_documents = documents.unread_count(connection, member_id=principal.member_id)
