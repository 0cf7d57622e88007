"""Publier un document (Espace OCSO): a PDF to a member (by numéro d'adhérent) or to a company (by numéro
client). Each form's upload handler receives the file and the form's fields in the same request (as the
démarche forms do); the checks and the storing run in the pool, the e-mails leave after the commit.

Each form has its own right: ``PUBLISH_MEMBER_DOCUMENT`` (prestations), ``PUBLISH_COMPANY_DOCUMENT``
(entreprises); the page opens for any staff member and shows the forms their role allows.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from ocso_app.db import db_session
from ocso_app.services import publishing, uploads
from ocso_app.services.errors import OcsoError
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.demarches import form_fields
from ocso_app.state.staff.base import StaffState, staff_event
from ocso_app.workers import run_blocking

MEMBER_UPLOAD, COMPANY_UPLOAD = "document-assure", "document-entreprise"
NO_FILE = "Choisissez le fichier PDF à publier."
MEMBER_DONE = "« {title} » est publié dans MES DOCUMENTS de l'adhérent {number}{mail}."
COMPANY_DONE = "« {title} » est publié dans les Documents de {name}{mail}."


def _publish_to_member(staff: StaffCaller, fields: dict[str, str], content: bytes) -> str:
    with db_session() as session:
        published = publishing.publish_to_member(
            session,
            actor=staff.actor(),
            member_number=fields.get("numero", ""),
            category=fields.get("categorie", ""),
            title=fields.get("titre", ""),
            content=content,
        )
        mailed = publishing.notify_member(session, published, fields.get("titre", ""))
    mail = (
        f" ; un e-mail l'en avertit ({published.emailed_to})" if mailed else " (pas d'adresse e-mail connue)"
    )
    return MEMBER_DONE.format(
        title=" ".join(fields.get("titre", "").split()), number=fields["numero"], mail=mail
    )


def _publish_to_company(staff: StaffCaller, fields: dict[str, str], content: bytes) -> str:
    with db_session() as session:
        published = publishing.publish_to_company(
            session,
            actor=staff.actor(),
            client_number=fields.get("numero", ""),
            category=fields.get("categorie", ""),
            title=fields.get("titre", ""),
            content=content,
        )
        sent = publishing.notify_company(session, published, fields.get("titre", ""))
    mail = f" ; {sent} utilisateur(s) averti(s) par e-mail" if sent else " (aucun utilisateur à avertir)"
    title = " ".join(fields.get("titre", "").split())
    return COMPANY_DONE.format(title=title, name=published.company_name, mail=mail)


class StaffPublishState(StaffState):
    """Which forms the role allows, and each form's messages."""

    for_members: bool = False
    for_companies: bool = False
    member_error: str = ""
    member_info: str = ""
    company_error: str = ""
    company_info: str = ""
    generation: int = 0

    @staff_event(StaffAction.OPEN_SPACE, opens_page=True)
    def load(self, staff: StaffCaller):
        """Open the page with the forms the caller's role allows."""
        self.for_members = staff.may(StaffAction.PUBLISH_MEMBER_DOCUMENT)
        self.for_companies = staff.may(StaffAction.PUBLISH_COMPANY_DOCUMENT)
        self.member_error = self.member_info = self.company_error = self.company_info = ""

    async def _publish(
        self,
        staff: StaffCaller,
        files: list[rx.UploadFile],
        form: dict | None,
        publish: Callable[[StaffCaller, dict[str, str], bytes], str],
    ) -> tuple[str, str]:
        if not files:
            return NO_FILE, ""
        content = await files[0].read(uploads.MAX_FILE_BYTES + 1)
        try:
            info = await run_blocking(publish, staff, form_fields(form), content)
        except OcsoError as error:
            return error.message, ""
        self.generation += 1
        return "", info

    @staff_event(StaffAction.PUBLISH_MEMBER_DOCUMENT)
    async def publish_member(self, staff: StaffCaller, files: list[rx.UploadFile], form: dict | None = None):
        """« Publier » to a member: checked, stored, unread, the member told."""
        self.member_error, self.member_info = await self._publish(staff, files, form, _publish_to_member)

    @staff_event(StaffAction.PUBLISH_COMPANY_DOCUMENT)
    async def publish_company(self, staff: StaffCaller, files: list[rx.UploadFile], form: dict | None = None):
        """« Publier » to a company: checked, stored, its employer users told."""
        self.company_error, self.company_info = await self._publish(staff, files, form, _publish_to_company)
