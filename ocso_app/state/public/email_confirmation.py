"""The public page opened from the link e-mailed to a member's new address (``?jeton=``): it says at once
whether the link still works, and « Confirmer » applies the change (a mail scanner opening the link changes
nothing)."""

from __future__ import annotations

import reflex as rx

from ocso_app.db import db_session
from ocso_app.services import contact_details
from ocso_app.services.errors import OcsoError
from ocso_app.state.public.base import LinkPageState


class EmailConfirmationState(LinkPageState):
    """Whether the link is usable and the address it confirms, and the outcome of « Confirmer »."""

    new_email: str = ""

    @rx.event
    def check_link(self) -> None:
        """On load: the address to confirm, or say at once that the link is used or expired."""
        self.error, self.info, self.done = "", "", False
        with db_session() as session:
            self.new_email = contact_details.pending_email_change(session, secret=self._secret()) or ""
        self.link_valid = bool(self.new_email)
        if not self.link_valid:
            self.error = contact_details.LINK_INVALID

    @rx.event
    def confirm(self) -> None:
        """Apply the change once; the link then stops working."""
        self.error = ""
        attempt = self._attempt()
        try:
            with db_session() as session:
                address = contact_details.confirm_email_change(
                    session, secret=self._secret(), interface=attempt.interface, ip_address=attempt.ip_address
                )
        except OcsoError as error:
            self.error, self.link_valid, self.new_email = error.message, False, ""
            return
        self.done, self.link_valid, self.new_email = True, False, ""
        self.info = f"Votre adresse e-mail est désormais {address}."
