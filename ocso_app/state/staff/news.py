"""Actualités (Espace OCSO): the « OCSO m'informe » items with their state (programmée, publiée, expirée,
retirée), a form to write or change one (its publication date may be ahead: it shows from that day), and
« Retirer » / « Remettre en ligne ». Administrators only (``EDIT_NEWS``)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from ocso_app.db import db_session
from ocso_app.services import editorial
from ocso_app.services.editorial import NewsDraft
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import paris_today
from ocso_app.services.ids import parse_id
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.staff.base import StaffState, staff_event, stale_form

SAVED = "Actualité enregistrée."
EMPTY_FORM = {"id": "", "audience": "member", "title": "", "body": "", "published_on": "", "expires_on": "",
              "is_alert": ""}  # fmt: skip


def _row(line: editorial.NewsLine) -> dict[str, str]:
    return {k: ("1" if v else "") if isinstance(v, bool) else str(v) for k, v in asdict(line).items()}


class StaffNewsState(StaffState):
    """The list, the form being edited (strings), the messages."""

    items: list[dict[str, str]] = []
    form: dict[str, str] = EMPTY_FORM
    generation: int = 0
    error: str = ""
    info: str = ""

    def _list(self) -> None:
        with db_session() as session:
            self.items = [_row(line) for line in editorial.news_lines(session, today=paris_today())]

    def _fresh_form(self, today: date) -> None:
        self.form = EMPTY_FORM | {"published_on": today.isoformat()}
        self.generation += 1

    @staff_event(StaffAction.EDIT_NEWS, opens_page=True)
    def load(self, staff: StaffCaller):
        """Open the list and an empty form."""
        self.error = self.info = ""
        self._fresh_form(paris_today())
        self._list()

    @staff_event(StaffAction.EDIT_NEWS)
    def edit(self, staff: StaffCaller, news_id: str):
        """« Modifier »: the item in the form."""
        chosen = next((item for item in self.items if item["id"] == str(parse_id(news_id))), None)
        self.error = self.info = ""
        if chosen is None:
            self.error = editorial.NOT_FOUND
            return
        keys = ("audience_value", "title", "body", "published_iso", "expires_iso", "is_alert")
        names = ("audience", "title", "body", "published_on", "expires_on", "is_alert")
        self.form = {"id": chosen["id"]} | {name: chosen[key] for name, key in zip(names, keys, strict=True)}
        self.generation += 1

    @staff_event(StaffAction.EDIT_NEWS)
    def new(self, staff: StaffCaller):
        """« Nouvelle actualité »: an empty form."""
        self.error = self.info = ""
        self._fresh_form(paris_today())

    @staff_event(StaffAction.EDIT_NEWS)
    def save(self, staff: StaffCaller, form: dict):
        """« Enregistrer »: create or change the item of the form."""
        if stale_form(form, self.generation):
            return  # already saved: the page shows its message and the form emptied
        draft = NewsDraft(
            audience=str(form.get("audience", "")),
            title=str(form.get("title", "")),
            body=str(form.get("body", "")),
            published_on=str(form.get("published_on", "")),
            expires_on=str(form.get("expires_on", "")),
            is_alert=bool(form.get("is_alert")),
        )
        try:
            with db_session() as session:
                editorial.save_news(
                    session, actor=staff.actor(), draft=draft, news_id=parse_id(self.form["id"])
                )
        except OcsoError as error:
            self.error, self.info = error.message, ""
            return
        self.error, self.info = "", SAVED
        self._fresh_form(paris_today())
        self._list()

    def _withdraw(self, staff: StaffCaller, news_id: str, withdrawn: bool) -> None:
        wanted = parse_id(news_id)
        try:
            with db_session() as session:
                if wanted is None:
                    raise OcsoError(editorial.NOT_FOUND)
                editorial.set_news_withdrawn(
                    session, actor=staff.actor(), news_id=wanted, withdrawn=withdrawn
                )
        except OcsoError as error:
            self.error, self.info = error.message, ""
            return
        self.error, self.info = "", "Actualité retirée." if withdrawn else "Actualité remise en ligne."
        self._list()

    @staff_event(StaffAction.EDIT_NEWS)
    def withdraw(self, staff: StaffCaller, news_id: str):
        """« Retirer »: members and employers no longer see it."""
        self._withdraw(staff, news_id, True)

    @staff_event(StaffAction.EDIT_NEWS)
    def restore(self, staff: StaffCaller, news_id: str):
        """« Remettre en ligne »."""
        self._withdraw(staff, news_id, False)
