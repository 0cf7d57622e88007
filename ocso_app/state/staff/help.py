"""Aide (Espace OCSO): the help centre's answers, for members or employers, written or changed here.
Administrators only (``EDIT_HELP``)."""

from __future__ import annotations

from dataclasses import asdict

from ocso_app.db import db_session
from ocso_app.services import editorial
from ocso_app.services.editorial import HelpDraft
from ocso_app.services.errors import OcsoError
from ocso_app.services.ids import parse_id
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.staff.base import StaffState, staff_event, stale_form

SAVED = "Réponse enregistrée : elle est en ligne."
EMPTY_FORM = {"id": "", "audience": "member", "topic": "", "question": "", "answer": "", "position": "0"}


class StaffHelpState(StaffState):
    """The answers, the one being edited, the messages."""

    articles: list[dict[str, str]] = []
    form: dict[str, str] = EMPTY_FORM
    generation: int = 0
    error: str = ""
    info: str = ""

    def _list(self) -> None:
        with db_session() as session:
            self.articles = [
                {k: str(v) for k, v in asdict(line).items()} for line in editorial.help_lines(session)
            ]

    def _fresh_form(self) -> None:
        self.form = dict(EMPTY_FORM)
        self.generation += 1

    @staff_event(StaffAction.EDIT_HELP, opens_page=True)
    def load(self, staff: StaffCaller):
        """Open the list and an empty form."""
        self.error = self.info = ""
        self._fresh_form()
        self._list()

    @staff_event(StaffAction.EDIT_HELP)
    def edit(self, staff: StaffCaller, article_id: str):
        """« Modifier »: the answer in the form."""
        chosen = next((a for a in self.articles if a["id"] == str(parse_id(article_id))), None)
        self.error = self.info = ""
        if chosen is None:
            self.error = editorial.NOT_FOUND
            return
        self.form = {key: chosen[key] for key in ("id", "topic", "question", "answer", "position")} | {
            "audience": chosen["audience_value"]
        }
        self.generation += 1

    @staff_event(StaffAction.EDIT_HELP)
    def new(self, staff: StaffCaller):
        """« Nouvelle réponse »."""
        self.error = self.info = ""
        self._fresh_form()

    @staff_event(StaffAction.EDIT_HELP)
    def save(self, staff: StaffCaller, form: dict):
        """« Enregistrer »."""
        if stale_form(form, self.generation):
            return  # already saved: the page shows its message and the form emptied
        draft = HelpDraft(
            audience=str(form.get("audience", "")),
            topic=str(form.get("topic", "")),
            question=str(form.get("question", "")),
            answer=str(form.get("answer", "")),
            position=str(form.get("position", "0")),
        )
        try:
            with db_session() as session:
                editorial.save_help(
                    session, actor=staff.actor(), draft=draft, article_id=parse_id(self.form["id"])
                )
        except OcsoError as error:
            self.error, self.info = error.message, ""
            return
        self.error, self.info = "", SAVED
        self._fresh_form()
        self._list()
