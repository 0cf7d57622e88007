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
    """Whether the link is usable, and the outcome of « Confirmer »."""

    @rx.event
    def check_link(self) -> None:
        """On load: say at once when the link is used or expired."""
        self.error, self.info, self.done = "", "", False
        with db_session() as session:
            self.link_valid = contact_details.email_change_link_is_valid(session, secret=self._secret())
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
            self.error, self.link_valid = error.message, False
            return
        self.done, self.link_valid = True, False
        self.info = f"Votre adresse e-mail est désormais {address}."
