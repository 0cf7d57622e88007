"""The guides and tutorials common to every employer (guide 003: « tutoriels, guides RH et salarié(e)s »):
OCSO publishes one to every employer at once and withdraws it, both audited with the staff member; the
Documents page lists only those in force; a bad publication is refused in French with nothing written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ocso_app.config import settings
from ocso_app.models import AuditEvent, EmployerGuide, GuideKind
from ocso_app.models.base import utcnow
from ocso_app.services import audit, documents, employer_guides, publishing, uploads
from ocso_app.services.errors import OcsoError
from tests.builders import make_image, make_pdf, make_staff
from tests.builders.contracts import make_employer_guide


def _actor(db) -> audit.Actor:
    return audit.Actor(account_id=make_staff(db).id)


def _actions(db, actor: audit.Actor) -> list[tuple[str, str, int | None, int | None]]:
    rows = db.execute(
        select(AuditEvent.event_type, AuditEvent.action, AuditEvent.company_id, AuditEvent.member_id)
        .where(AuditEvent.account_id == actor.account_id)
        .order_by(AuditEvent.id)
    )
    return [tuple(row) for row in rows]


def _stored_files() -> set[str]:
    folder = settings().storage_dir
    return {path.name for path in folder.iterdir()} if folder.exists() else set()


def test_the_documents_page_lists_only_the_guides_in_force_newest_first(db):
    now = utcnow()
    older = make_employer_guide(db, title="Guide RH 2026", published_at=now - timedelta(days=3))
    newer = make_employer_guide(
        db,
        title="Tutoriel : affilier un salarié",
        kind=GuideKind.TUTORIAL,
        published_at=now - timedelta(days=1),
    )
    gone = make_employer_guide(
        db, title="Ancien guide salarié", kind=GuideKind.EMPLOYEE_GUIDE, withdrawn=True
    )
    listed = [g for g in employer_guides.published_guides(db) if g.id in {older.id, newer.id, gone.id}]
    assert [(g.title, g.kind) for g in listed] == [
        ("Tutoriel : affilier un salarié", "Tutoriel"),
        ("Guide RH 2026", "Guide RH"),
    ]
    assert listed[0].url == f"/api/employeur/guides/{newer.id}"
    assert listed[1].date_label.count("/") == 2  # 04/12/2026
    uploads.delete_stored([older.storage_key, newer.storage_key, gone.storage_key])


def test_a_guide_published_to_every_employer_is_listed_and_audited_with_who_published_it(db):
    actor = _actor(db)
    guide_id = publishing.publish_to_employers(
        db,
        actor=actor,
        kind="guide_salarie",
        title="  Guide   salarié(e) 2027 ",
        content=make_pdf("Bienvenue"),
    )
    guide = db.get(EmployerGuide, guide_id)
    assert (guide.kind, guide.title, guide.withdrawn_at) == (
        GuideKind.EMPLOYEE_GUIDE,
        "Guide salarié(e) 2027",
        None,
    )
    assert uploads.read_stored(guide.storage_key).startswith(b"%PDF-")
    [shown] = [g for g in employer_guides.published_guides(db) if g.id == guide_id]
    assert (shown.title, shown.kind) == ("Guide salarié(e) 2027", "Guide salarié(e)")
    assert _actions(db, actor) == [
        (
            "Publication",
            "Publication par OCSO à tous les employeurs du document « Guide salarié(e) 2027 » "
            "(Guide salarié(e))",
            None,
            None,
        )
    ]
    uploads.delete_stored([guide.storage_key])


def test_a_withdrawn_guide_leaves_every_list_and_its_withdrawal_is_audited(db):
    actor, guide = _actor(db), make_employer_guide(db, title="Guide RH")
    assert publishing.withdraw_employer_guide(db, actor=actor, guide_id=guide.id) == "Guide RH"
    assert guide.withdrawn_at is not None
    assert guide.id not in {g.id for g in employer_guides.published_guides(db)}
    assert employer_guides.open_guide(db, actor=actor, guide_id=guide.id) is None
    assert _actions(db, actor) == [
        (
            "Retrait",
            "Retrait par OCSO du document « Guide RH » (Guide RH), publié pour tous les employeurs",
            None,
            None,
        )
    ]
    with pytest.raises(OcsoError) as again:  # withdrawn twice, or unknown: refused, nothing more written
        publishing.withdraw_employer_guide(db, actor=actor, guide_id=guide.id)
    assert again.value.message == publishing.GUIDE_NOT_FOUND
    with pytest.raises(OcsoError):
        publishing.withdraw_employer_guide(db, actor=actor, guide_id=10**9)
    assert len(_actions(db, actor)) == 1
    uploads.delete_stored([guide.storage_key])


def test_opening_a_guide_is_audited_and_gives_its_file_under_its_title(db):
    reader, guide = _actor(db), make_employer_guide(db, title="Tutoriel 12/2026", kind=GuideKind.TUTORIAL)
    opened = employer_guides.open_guide(db, actor=reader, guide_id=guide.id)
    assert opened is not None and opened.download_name == "Tutoriel 12-2026.pdf"
    assert _actions(db, reader) == [
        ("Téléchargement", "Téléchargement du document « Tutoriel 12/2026 » (Tutoriel)", None, None)
    ]
    assert employer_guides.open_guide(db, actor=reader, guide_id=10**9) is None
    uploads.delete_stored([guide.storage_key])


TOO_BIG = b"%PDF-1.7\n" + b"0" * uploads.MAX_FILE_BYTES


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "   "}, documents.MISSING_TITLE),
        ({"title": "x" * 121}, publishing.TITLE_TOO_LONG),
        ({"kind": "courrier"}, publishing.BAD_GUIDE_KIND),
        ({"kind": ""}, publishing.BAD_GUIDE_KIND),
        ({"content": make_image()}, documents.NOT_A_PDF),
        ({"content": b"MZ\x90\x00"}, documents.NOT_A_PDF),
        ({"content": TOO_BIG}, uploads.refusal("Guide RH", uploads.TOO_LARGE)),
        ({"content": b"%PDF-1.7 garbage"}, uploads.refusal("Guide RH", uploads.CORRUPT_PDF)),
        ({"content": b""}, uploads.refusal("Guide RH", uploads.EMPTY_FILE)),
    ],
    ids=["empty-title", "long-title", "kind", "no-kind", "image", "exe", "too-big", "broken-pdf", "empty"],
)
def test_a_wrong_publication_to_every_employer_is_refused_in_french_and_writes_nothing(db, changes, message):
    actor = _actor(db)
    before_rows = db.scalar(select(func.count(EmployerGuide.id)))
    before_files = _stored_files()
    fields = {"kind": "guide_rh", "title": "Guide RH", "content": make_pdf()}
    with pytest.raises(OcsoError) as refused:
        publishing.publish_to_employers(db, actor=actor, **(fields | changes))
    assert refused.value.message == message
    assert db.scalar(select(func.count(EmployerGuide.id))) == before_rows
    assert _actions(db, actor) == []
    assert _stored_files() == before_files
