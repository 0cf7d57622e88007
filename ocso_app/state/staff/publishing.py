"""Publier un document (Espace OCSO): a PDF to a member (by numéro d'adhérent), to a company (by numéro
client) or to every employer at once (a guide RH, guide salarié(e) or tutoriel: the company form's
« Destinataires »), and the list of those guides in force, each with « Retirer ». Each form's upload handler
receives the file and the form's fields in the same request (as the démarche forms do); the checks and the
storing run in the pool, the e-mails leave after the commit.

Each form has its own right: ``PUBLISH_MEMBER_DOCUMENT`` (prestations), ``PUBLISH_COMPANY_DOCUMENT``
(entreprises, also for the guides of every employer); the page opens for any staff member and shows the
forms their role allows.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from ocso_app.db import db_session
from ocso_app.services import employer_guides, publishing, uploads
from ocso_app.services.employer_guides import GuideView
from ocso_app.services.errors import OcsoError
from ocso_app.services.ids import parse_id
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.demarches import form_fields
from ocso_app.state.staff.base import StaffState, staff_event
from ocso_app.workers import run_blocking

MEMBER_UPLOAD, COMPANY_UPLOAD = "document-assure", "document-entreprise"
NO_FILE = "Choisissez le fichier PDF à publier."
MEMBER_DONE = "« {title} » est publié dans MES DOCUMENTS de l'adhérent {number}{mail}."
COMPANY_DONE = "« {title} » est publié dans les Documents de {name}{mail}."
EVERY_EMPLOYER = "tous"  # the company form's « Destinataires »: every employer (else one company)
GUIDE_DONE = "« {title} » ({kind}) est publié dans les Documents de tous les employeurs{mail}."
GUIDE_WITHDRAWN = "« {title} » est retiré : les employeurs ne le voient plus."


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
    title = " ".join(fields.get("titre", "").split())
    return COMPANY_DONE.format(title=title, name=published.company_name, mail=_told(sent))


def _told(sent: int) -> str:
    return f" ; {sent} utilisateur(s) averti(s) par e-mail" if sent else " (aucun utilisateur à avertir)"


def _publish_to_employers(staff: StaffCaller, fields: dict[str, str], content: bytes) -> str:
    kind = fields.get("type", "")
    with db_session() as session:
        publishing.publish_to_employers(
            session, actor=staff.actor(), kind=kind, title=fields.get("titre", ""), content=content
        )
        sent = publishing.notify_employers(session, kind=kind, title=fields.get("titre", ""))
    title = " ".join(fields.get("titre", "").split())
    return GUIDE_DONE.format(title=title, kind=publishing.GUIDE_KIND_CHOICES[kind], mail=_told(sent))


def _to_companies(staff: StaffCaller, fields: dict[str, str], content: bytes) -> str:
    """The company form: to every employer when « Destinataires » says so, else to the numéro client's."""
    if fields.get("destinataires") == EVERY_EMPLOYER:
        return _publish_to_employers(staff, fields, content)
    return _publish_to_company(staff, fields, content)


class StaffPublishState(StaffState):
    """Which forms the role allows, and each form's messages."""

    for_members: bool = False
    for_companies: bool = False
    member_error: str = ""
    member_info: str = ""
    company_error: str = ""
    company_info: str = ""
    to_every_employer: bool = False  # the company form's « Destinataires »
    guides: list[GuideView] = []  # the guides in force for every employer, each with « Retirer »
    generation: int = 0

    def _list_guides(self) -> None:
        with db_session() as session:
            self.guides = employer_guides.published_guides(session)

    @staff_event(StaffAction.OPEN_SPACE, opens_page=True)
    def load(self, staff: StaffCaller):
        """Open the page with the forms the caller's role allows."""
        self.for_members = staff.may(StaffAction.PUBLISH_MEMBER_DOCUMENT)
        self.for_companies = staff.may(StaffAction.PUBLISH_COMPANY_DOCUMENT)
        self.member_error = self.member_info = self.company_error = self.company_info = ""
        self.to_every_employer = False
        self.guides = []
        if self.for_companies:
            self._list_guides()

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
    def choose_audience(self, staff: StaffCaller, value: str):
        """« Destinataires » changed: one company (numéro client, catégorie) or every employer (type)."""
        self.to_every_employer = value == EVERY_EMPLOYER
        self.company_error = self.company_info = ""

    @staff_event(StaffAction.PUBLISH_COMPANY_DOCUMENT)
    async def publish_company(self, staff: StaffCaller, files: list[rx.UploadFile], form: dict | None = None):
        """« Publier » to a company (checked, stored, its employer users told) or to every employer (a guide
        or tutorial, listed at once in every employer's Documents)."""
        self.company_error, self.company_info = await self._publish(staff, files, form, _to_companies)
        if self.company_info:
            self._list_guides()

    @staff_event(StaffAction.PUBLISH_COMPANY_DOCUMENT)
    def withdraw_guide(self, staff: StaffCaller, guide_id: str):
        """« Retirer » a guide of the list: every employer's Documents no longer lists it, its link answers
        404. Only a guide the page lists (a stale or made-up id is refused, nothing written)."""
        wanted = parse_id(str(guide_id))
        try:
            if wanted is None or all(guide.id != wanted for guide in self.guides):
                raise OcsoError(publishing.GUIDE_NOT_FOUND)
            with db_session() as session:
                title = publishing.withdraw_employer_guide(session, actor=staff.actor(), guide_id=wanted)
        except OcsoError as error:
            self.company_error, self.company_info = error.message, ""
        else:
            self.company_error, self.company_info = "", GUIDE_WITHDRAWN.format(title=title)
        self._list_guides()
