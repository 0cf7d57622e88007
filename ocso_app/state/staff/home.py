"""Espace OCSO (staff), Accueil: who is connected and with which role, what waits on their desks, and (for
the administrators) the e-mails the relay refused, to send again."""

from __future__ import annotations

from datetime import UTC, datetime

from ocso_app.db import db_session
from ocso_app.services import undelivered_mail
from ocso_app.services.formats import format_count
from ocso_app.services.requests import queue
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.staff.base import StaffState, staff_event

__all__ = ["StaffHomeState", "StaffState"]


class StaffHomeState(StaffState):
    """Accueil: the header's name and role, the démarches waiting (when the role handles some), and the
    e-mails given up (when the role may send them again)."""

    backlog: dict[str, str] = {}
    undelivered: dict[str, str] = {}  # count and since when, for a role that may send them again
    mail_info: str = ""

    @staff_event(StaffAction.OPEN_SPACE, opens_page=True)
    def load(self, staff: StaffCaller):
        """Open Accueil (the header is filled by the guard)."""
        self.backlog, self.undelivered, self.mail_info = {}, {}, ""
        with db_session() as session:
            if staff.may(StaffAction.RESEND_MAIL):
                self.undelivered = undelivered_mail.undelivered(session).display()
            if not staff.may(StaffAction.HANDLE_REQUESTS):
                return
            waiting = queue.backlog(session, desks=staff.desks, now=datetime.now(UTC))
        self.backlog = {
            "open": format_count(waiting.open),
            "late": format_count(waiting.late),
            "unassigned": format_count(waiting.unassigned),
            "replied": format_count(waiting.replied),
        }

    @staff_event(StaffAction.RESEND_MAIL)
    def send_mail_again(self, staff: StaffCaller):
        """« Renvoyer les e-mails », confirmed: every given-up e-mail due again (audited), the count anew."""
        with db_session() as session:
            self.mail_info = undelivered_mail.send_again(session, actor=staff.audit, now=datetime.now(UTC))
            self.undelivered = undelivered_mail.undelivered(session).display()
