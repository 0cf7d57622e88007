"""The guides and tutorials common to every employer (guide 003's « Documents utiles » : « tutoriels, guides
RH et salarié(e)s »), as the Espace Employeur's Documents page lists them: a guide RH, a guide salarié(e) to
hand to the employees, a tutoriel, each published by OCSO to every employer at once (``publishing``) until
withdrawn.

No structure owns them and nothing marks them read; any employer user whose profile opens Documents on one of
their structures may list and download them. A withdrawn or unknown guide is missing alike. Each download is
audited (who, what), as a structure's document is.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.models import EmployerGuide, GuideKind
from ocso_app.services import audit, uploads
from ocso_app.services.formats import format_short_date, paris_date

KINDS: dict[GuideKind, str] = {
    GuideKind.HR_GUIDE: "Guide RH",
    GuideKind.EMPLOYEE_GUIDE: "Guide salarié(e)",
    GuideKind.TUTORIAL: "Tutoriel",
}


@dataclass(frozen=True)
class GuideView:
    """A guide or tutorial as a Documents page lists it, with its guarded download URL."""

    id: int
    title: str
    kind: str
    date_label: str
    url: str


def published_guides(session: Session) -> list[GuideView]:
    """The guides and tutorials in force (not withdrawn), newest first."""
    rows = session.execute(
        select(EmployerGuide.id, EmployerGuide.title, EmployerGuide.kind, EmployerGuide.published_at)
        .where(EmployerGuide.withdrawn_at.is_(None))
        .order_by(EmployerGuide.published_at.desc(), EmployerGuide.id.desc())
    )
    return [
        GuideView(
            id=guide_id,
            title=title,
            kind=KINDS[GuideKind(kind)],
            date_label=format_short_date(paris_date(published_at)),
            url=routes.API_EMPLOYER_GUIDE.url(guide_id=guide_id),
        )
        for guide_id, title, kind, published_at in rows
    ]


def in_force(session: Session, guide_id: int) -> EmployerGuide | None:
    """The guide ``guide_id`` if it is published and not withdrawn."""
    return session.scalar(
        select(EmployerGuide).where(EmployerGuide.id == guide_id, EmployerGuide.withdrawn_at.is_(None))
    )


def open_guide(session: Session, *, actor: audit.Actor, guide_id: int) -> uploads.StoredFile | None:
    """A guide in force, its download audited; ``None`` for a withdrawn or unknown one."""
    guide = in_force(session, guide_id)
    if guide is None:
        return None
    audit.record_by(
        session,
        actor,
        event_type="Téléchargement",
        action=f"Téléchargement du document « {guide.title} » ({KINDS[guide.kind]})",
    )
    return uploads.StoredFile.titled(guide.storage_key, guide.content_type, guide.title)
