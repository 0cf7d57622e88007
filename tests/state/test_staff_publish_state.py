"""Publier un document (Espace OCSO), called as the guard calls its handlers (the staff caller injected, the
browser's form and file as sent), without a browser: « Destinataires : Tous les employeurs » publishes a guide
to every employer and lists it with « Retirer »; a refused one writes nothing; « Retirer » takes only a guide
the page lists; each handler needs the right to publish to companies (entreprises, administrateur)."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

from sqlalchemy import func, select

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app.db import db_session
from ocso_app.models import AuditEvent, EmployerGuide, GuideKind, StaffRole
from ocso_app.services import documents, publishing, uploads
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.base import is_guarded, own_handlers
from ocso_app.state.staff.base import NEEDS
from ocso_app.state.staff.publishing import GUIDE_DONE, GUIDE_WITHDRAWN, NO_FILE, StaffPublishState
from tests.builders import make_company, make_employer, make_pdf, make_staff, staff_caller
from tests.builders.contracts import make_employer_guide
from tests.support.loops import run_coroutine


class Page(SimpleNamespace):
    """The state as its handlers see it: its vars and the helpers they call."""

    def __init__(self) -> None:
        super().__init__(**{name: field.default for name, field in StaffPublishState.__fields__.items()})
        self.guides = []
        for name in ("_publish", "_list_guides"):
            setattr(self, name, getattr(StaffPublishState, name).__get__(self))


class Upload:
    filename = "guide.pdf"

    def __init__(self, content: bytes) -> None:
        self.content = content

    async def read(self, size: int = -1) -> bytes:
        return self.content[:size] if size >= 0 else self.content


def _staff(role: StaffRole) -> StaffCaller:
    with db_session() as session:
        return staff_caller(make_staff(session, role=role))


def _call(name: str, page: Page, staff: StaffCaller, *arguments):
    result = StaffPublishState.event_handlers[name].fn.__wrapped__(page, staff, *arguments)
    return run_coroutine(result) if name.startswith("publish") else result


def _written_by(staff: StaffCaller) -> tuple[int, int]:
    """The guides titled with the test's words and the audit rows of ``staff``."""
    with db_session() as session:
        return (
            session.scalar(select(func.count(EmployerGuide.id)).where(EmployerGuide.title.like("%E2S%")))
            or 0,
            session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.account_id == staff.account_id))
            or 0,
        )


def test_every_handler_needs_its_forms_right():
    needs = {name: getattr(handler, NEEDS) for name, handler in own_handlers(StaffPublishState).items()}
    assert all(is_guarded(handler) for handler in own_handlers(StaffPublishState).values())
    assert needs == {
        "load": StaffAction.OPEN_SPACE,
        "publish_member": StaffAction.PUBLISH_MEMBER_DOCUMENT,
        "publish_company": StaffAction.PUBLISH_COMPANY_DOCUMENT,
        "choose_audience": StaffAction.PUBLISH_COMPANY_DOCUMENT,
        "withdraw_guide": StaffAction.PUBLISH_COMPANY_DOCUMENT,
    }


def test_a_guide_published_to_every_employer_is_listed_with_its_withdrawal_then_withdrawn():
    staff, title = _staff(StaffRole.ENTREPRISES), f"Guide RH E2S {uuid.uuid4().hex[:6]}"
    with db_session() as session:
        make_employer(session, principal_of=(make_company(session),))  # an employer user to e-mail at least
    page = Page()
    _call("load", page, staff)
    assert page.for_companies and not page.to_every_employer
    _call("choose_audience", page, staff, "tous")
    assert page.to_every_employer
    form = {"destinataires": "tous", "type": "guide_rh", "titre": f"  {title} "}
    _call("publish_company", page, staff, [Upload(make_pdf("Affilier un salarié"))], form)
    done = GUIDE_DONE.format(title=title, kind="Guide RH", mail=" ; ")
    assert page.company_error == "" and page.company_info.startswith(done.removesuffix("."))
    assert page.company_info.endswith(" utilisateur(s) averti(s) par e-mail.")
    [listed] = [g for g in page.guides if g.title == title]
    assert listed.kind == "Guide RH" and page.generation == 1
    with db_session() as session:
        guide = session.get(EmployerGuide, listed.id)
        assert guide.kind == GuideKind.HR_GUIDE and guide.withdrawn_at is None
        key = guide.storage_key

    _call("withdraw_guide", page, staff, str(listed.id))
    assert (page.company_error, page.company_info) == ("", GUIDE_WITHDRAWN.format(title=title))
    assert listed.id not in {g.id for g in page.guides}
    with db_session() as session:
        assert session.get(EmployerGuide, listed.id).withdrawn_at is not None
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.account_id == staff.account_id).order_by(AuditEvent.id)
        ).all()
    assert [a.split(" ")[0] for a in actions] == ["Publication", "Retrait"]
    uploads.delete_stored([key])


def test_a_guide_refused_writes_nothing_and_keeps_the_form():
    staff = _staff(StaffRole.ADMIN)
    page = Page()
    _call("load", page, staff)
    before = _written_by(staff)
    every = {"destinataires": "tous", "type": "guide_rh", "titre": "E2S"}
    for changes, files, message in (
        ({"titre": "  "}, [Upload(make_pdf())], documents.MISSING_TITLE),
        ({"type": "courrier"}, [Upload(make_pdf())], publishing.BAD_GUIDE_KIND),
        ({}, [Upload(b"GIF89a")], documents.NOT_A_PDF),
        ({}, [], NO_FILE),
        (
            {},
            [Upload(b"%PDF-1.7\n" + b"0" * uploads.MAX_FILE_BYTES)],
            uploads.refusal("E2S", uploads.TOO_LARGE),
        ),
    ):
        form = every | changes
        _call("publish_company", page, staff, files, form)
        assert (page.company_error, page.company_info) == (message, "")
    too_big = Upload(b"%PDF-1.7\n" + b"0" * uploads.MAX_FILE_BYTES)
    _call(
        "publish_company",
        page,
        staff,
        [too_big],
        {"destinataires": "tous", "type": "guide_rh", "titre": "E2S"},
    )
    assert page.company_error == uploads.refusal("E2S", uploads.TOO_LARGE)
    assert page.generation == 0  # the form keeps what was typed
    assert _written_by(staff) == before


def test_only_a_guide_the_page_lists_is_withdrawn():
    """A guide in force the page does not list (its id typed, or published since the page opened), an unknown
    or malformed id: refused in French, nothing withdrawn nor audited."""
    staff = _staff(StaffRole.ENTREPRISES)
    page = Page()  # not loaded: it lists nothing
    with db_session() as session:
        guide = make_employer_guide(session, title="Guide E2S non listé", kind=GuideKind.TUTORIAL)
    before = _written_by(staff)
    for guide_id in (str(guide.id), "999999999", "abc"):
        _call("withdraw_guide", page, staff, guide_id)
        assert (page.company_error, page.company_info) == (publishing.GUIDE_NOT_FOUND, "")
    with db_session() as session:
        assert session.get(EmployerGuide, guide.id).withdrawn_at is None
    assert _written_by(staff) == before
    uploads.delete_stored([guide.storage_key])


def test_a_prestations_agent_opens_the_page_without_the_guides():
    page = Page()
    _call("load", page, _staff(StaffRole.PRESTATIONS))
    assert page.for_members and not page.for_companies and page.guides == []
