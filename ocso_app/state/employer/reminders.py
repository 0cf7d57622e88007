"""« Relancer tous », from Accueil's « À suivre »: the confirmation (how many e-mails,
who has no address and gets the letter instead), then the relances sent by a Reflex background task, a
batch at a time in the bounded pool, and the result.

Every handler needs ``MANAGE_EMPLOYEES``, as the fiche's single relance: ``caller.structure_ids`` are the
structures where the profile allows it, narrowed by the header's choice. The confirmation issues a one-time
nonce kept on the server (``_nonce``); sending spends it under the state's lock, so a double click or a
replayed event sends nothing more, and the service's conditional update keeps a second tab from relancer
anybody twice.
"""

from __future__ import annotations

import asyncio
import secrets

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models.base import utcnow
from ocso_app.services import reminders
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.formats import format_count
from ocso_app.state.employer.base import EmployerCaller, EmployerState, scoped_event
from ocso_app.state.employer.home import EmployerHomeState
from ocso_app.workers import run_blocking

PAUSE = 0.05  # between two batches: the worker keeps room for the other users
NOTHING_DUE = "Aucun(e) salarié(e) à relancer par e-mail pour le moment."
INTERRUPTED = " : l'envoi s'est interrompu, relancez pour envoyer les suivantes."
CAPPED = "Les {max} premières relances partent maintenant ; relancez ensuite les suivantes."
WITHOUT_EMAIL = (
    "{count} sans adresse e-mail : pas de relance par e-mail. Ajoutez leur adresse, ou téléchargez leur "
    "courrier d'affiliation depuis leur fiche pour le leur poster."
)


def _relances(count: int) -> str:
    return f"{format_count(count)} relance{'s' if count > 1 else ''}"


def _employees(count: int) -> str:
    return f"{format_count(count)} salarié(e){'s' if count > 1 else ''}"


def sent_label(count: int) -> str:
    """« 37 relances envoyées », « 1 relance envoyée », « Aucune relance envoyée »."""
    if count == 0:
        return "Aucune relance envoyée"
    return f"{_relances(count)} envoyée{'s' if count > 1 else ''}"


class BulkReminderState(EmployerState):
    """The dialog: ``question`` while confirming, ``progress`` while sending, ``result`` at the end."""

    dialog_open: bool = False
    can_send: bool = False
    question: str = ""
    capped: str = ""
    sending: bool = False
    progress: str = ""
    result: str = ""
    without_email: list[dict[str, str]] = []
    without_email_note: str = ""
    _nonce: str = ""
    _running: bool = False

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def prepare(self, caller: EmployerCaller):
        """« Relancer tous »: the count to confirm, and who has no e-mail."""
        with db_session() as session:
            planned = reminders.plan(session, structure_ids=caller.structure_ids, now=utcnow())
        to_send = min(planned.by_email, reminders.MAX_PER_RUN)
        self.result, self.progress, self.sending = "", "", self._running
        self.can_send = to_send > 0 and not self._running
        self.question = f"Envoyer {_relances(to_send)} ?" if to_send else NOTHING_DUE
        self.capped = CAPPED.format(max=format_count(reminders.MAX_PER_RUN)) if planned.capped else ""
        self.without_email = [
            {"name": u.name, "href": f"{routes.EMPLOYER_STAFF_RECORD}?salarie={u.employee_id}"}
            for u in planned.without_email
        ]
        total = planned.without_email_total
        self.without_email_note = WITHOUT_EMAIL.format(count=_employees(total)) if total else ""
        self._nonce = secrets.token_urlsafe(16) if self.can_send else ""
        self.dialog_open = True

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def close(self, _caller: EmployerCaller, still_open: bool = False):
        """« Annuler » or « Fermer » (not while the relances are being sent: the result would be lost)."""
        if not still_open and not self._running:
            self.dialog_open, self.can_send, self._nonce = False, False, ""

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES, background=True)
    async def send_all(self, caller: EmployerCaller):
        """« Envoyer les relances »: once per confirmation, a batch at a time off the event loop."""
        async with self:
            if not self._nonce or self._running:
                return None
            self._nonce, self._running, self.can_send = "", True, False
            self.sending, self.progress, self.result = True, "Envoi des relances…", ""
        sent, finished = 0, False
        try:
            while sent < reminders.MAX_PER_RUN:
                batch = await run_blocking(_remind_batch, caller, reminders.MAX_PER_RUN - sent)
                sent += batch.reminded
                async with self:
                    self.progress = f"{sent_label(sent)}…"
                if not batch.more:
                    break
                await asyncio.sleep(PAUSE)
            finished = True
        finally:  # an error (the database gone) still tells how far it went; the error itself is logged
            async with self:
                self._running, self.sending, self.progress = False, False, ""
                self.result = sent_label(sent) + ("." if finished else INTERRUPTED)
        return EmployerHomeState.load  # the follow-up's list without those just relancés


def _remind_batch(caller: EmployerCaller, limit: int) -> reminders.Batch:
    """One batch, committed (its e-mails leave after the commit)."""
    with db_session() as session:
        return reminders.remind_next(
            session, structure_ids=caller.structure_ids, actor=caller.actor(), now=utcnow(), limit=limit
        )
