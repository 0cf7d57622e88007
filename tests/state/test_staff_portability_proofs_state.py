"""« Enregistrer un justificatif de portabilité reçu » on a company's file (Espace OCSO), called as the guard
calls its handler (the staff caller injected, the browser's form and file as sent), without a browser: the
proof is recorded for an employee en portabilité of the file's company and listed at once; every refusal
says why in French and writes nothing; the handler needs the right to change companies (Entreprises,
administrateur: a Prestations agent, or anybody outside the staff space, is turned away by the guard; the
matrix over the real websocket is ``tests/e2e/test_staff_access_matrix.py``)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import func, select

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app.config import settings
from ocso_app.db import db_session
from ocso_app.models import AffiliationStatus, AuditEvent, PortabilityProof, StaffRole
from ocso_app.services import client_files, portability_proofs, staff_access, uploads
from ocso_app.services.formats import format_short_date, paris_today
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.base import is_guarded, own_handlers
from ocso_app.state.staff.base import NEEDS
from ocso_app.state.staff.files import ONE_PROOF, PROOF_NEEDED, StaffCompanyFileState
from tests.builders import make_company, make_employee, make_image, make_pdf, make_staff, staff_caller
from tests.support.loops import run_coroutine

LEFT_ON = paris_today() - timedelta(days=60)


class Page(SimpleNamespace):
    """The company file's state as its handlers see it, opened on ``company_id``."""

    def __init__(self, company_id: int) -> None:
        super().__init__(**{name: f.default for name, f in StaffCompanyFileState.__fields__.items()})
        self.portability_employees, self.portability_proofs, self._company_id = [], [], company_id
        for name in ("_show_proofs", "_refused"):
            setattr(self, name, getattr(StaffCompanyFileState, name).__get__(self))


class Upload:
    def __init__(self, content: bytes, filename: str = "attestation.pdf") -> None:
        self.content, self.filename = content, filename

    async def read(self, size: int = -1) -> bytes:
        return self.content[:size] if size >= 0 else self.content


def _staff(role: StaffRole) -> StaffCaller:
    with db_session() as session:
        return staff_caller(make_staff(session, role=role))


def _record(page: Page, staff: StaffCaller, files: list, form: dict) -> None:
    handler = StaffCompanyFileState.event_handlers["record_portability_proof"].fn.__wrapped__
    run_coroutine(handler(page, staff, files, form))


def _world() -> tuple[int, int, int, int]:
    """A company with an employee en portabilité and one still working, and another company's employee en
    portabilité."""
    with db_session() as session:
        company, elsewhere = make_company(session), make_company(session)
        leaving = make_employee(session, company=company, status=AffiliationStatus.PORTABILITY)
        stranger = make_employee(session, company=elsewhere, status=AffiliationStatus.PORTABILITY)
        for employee in (leaving, stranger):
            employee.radiated_on, employee.portability_end_on = LEFT_ON, LEFT_ON + timedelta(days=180)
        working = make_employee(session, company=company, status=AffiliationStatus.AFFILIATED)
        session.flush()
        return company.id, leaving.id, working.id, stranger.id


def _written(*employee_ids: int) -> tuple[int, int]:
    with db_session() as session:
        return (
            session.scalar(select(func.count()).where(PortabilityProof.employee_id.in_(employee_ids))) or 0,
            session.scalar(select(func.count(AuditEvent.id))) or 0,
        )


def _day(days_ago: int) -> str:
    return format_short_date(paris_today() - timedelta(days=days_ago))


def test_the_handler_needs_the_right_to_change_companies():
    handler = own_handlers(StaffCompanyFileState)["record_portability_proof"]
    assert is_guarded(handler) and getattr(handler, NEEDS) == StaffAction.APPLY_EMPLOYER_CHANGES
    allowed = {role for role in StaffRole if staff_access.allows(role, StaffAction.APPLY_EMPLOYER_CHANGES)}
    assert allowed == {StaffRole.ENTREPRISES, StaffRole.ADMIN}


def test_a_proof_recorded_is_listed_at_once_and_the_form_drawn_empty():
    company_id, leaving, _working, _stranger = _world()
    page, staff = Page(company_id), _staff(StaffRole.ENTREPRISES)
    form = {"salarie": str(leaving), "date_reception": _day(3)}

    _record(page, staff, [Upload(make_image("JPEG"), "photo.jpg")], form)

    assert page.proof_error == "" and _day(3) in page.proof_info and page.proof_form == 1
    [listed] = page.portability_proofs
    assert listed["received_on"] == _day(3) and listed["employee"]
    assert _written(leaving)[0] == 1
    with db_session() as session:
        key = session.scalar(
            select(PortabilityProof.storage_key).where(PortabilityProof.employee_id == leaving)
        )
    uploads.delete_stored([key])


def test_every_refusal_says_why_and_writes_nothing():
    company_id, leaving, working, stranger = _world()
    staff = _staff(StaffRole.ADMIN)
    before = _written(leaving, working, stranger)
    pdf = [Upload(make_pdf("Attestation"))]
    for files, form, message in (
        ([], {"salarie": str(leaving), "date_reception": _day(3)}, PROOF_NEEDED),
        (pdf * 2, {"salarie": str(leaving), "date_reception": _day(3)}, ONE_PROOF),
        (pdf, {"salarie": str(stranger), "date_reception": _day(3)}, portability_proofs.NO_EMPLOYEE),
        (pdf, {"salarie": "pas un id", "date_reception": _day(3)}, portability_proofs.NO_EMPLOYEE),
        (pdf, {"salarie": str(working), "date_reception": _day(3)}, portability_proofs.NOT_IN_PORTABILITY),
        (pdf, {"salarie": str(leaving), "date_reception": _day(-1)}, portability_proofs.IN_THE_FUTURE),
        (
            pdf,
            {"salarie": str(leaving), "date_reception": _day(61)},
            portability_proofs.BEFORE_EXIT.format(day=format_short_date(LEFT_ON)),
        ),
        (
            [Upload(b"MZ pas une image", "x.png")],
            {"salarie": str(leaving), "date_reception": _day(3)},
            uploads.BAD_TYPE,
        ),
        (pdf, "pas un formulaire", portability_proofs.NO_EMPLOYEE),
    ):
        page = Page(company_id)
        _record(page, staff, files, form)
        assert page.proof_error.endswith(message) and page.proof_info == "", message
        assert page.proof_form == 0 and page.refusals == 1
    page = Page(0)  # the file did not open: no company to record for
    _record(page, staff, pdf, {"salarie": str(leaving), "date_reception": _day(3)})
    assert page.proof_error == client_files.NOT_FOUND
    assert _written(leaving, working, stranger) == before


def test_withdrawing_needs_the_same_right_and_refuses_another_companys_proof():
    """« Retirer » is guarded as recording is; a proof of another company (its id sent from this file) is
    refused in French and stays, with its file."""
    handler = own_handlers(StaffCompanyFileState)["withdraw_portability_proof"]
    assert is_guarded(handler) and getattr(handler, NEEDS) == StaffAction.APPLY_EMPLOYER_CHANGES
    company_id = _world()[0]
    elsewhere, other_leaving = _world()[:2]
    staff = _staff(StaffRole.ENTREPRISES)
    _record(
        Page(elsewhere),
        staff,
        [Upload(make_pdf("Attestation"))],
        {"salarie": str(other_leaving), "date_reception": _day(3)},
    )
    with db_session() as session:
        proof = session.scalar(select(PortabilityProof).where(PortabilityProof.employee_id == other_leaving))
        proof_id, key = proof.id, proof.storage_key
    withdraw = StaffCompanyFileState.event_handlers["withdraw_portability_proof"].fn.__wrapped__
    page = Page(company_id)
    withdraw(page, staff, str(proof_id))
    assert page.proof_error == portability_proofs.NO_PROOF and page.refusals == 1
    assert _written(other_leaving)[0] == 1

    mine = Page(elsewhere)
    withdraw(mine, staff, str(proof_id))
    assert mine.proof_error == "" and "retiré" in mine.proof_info and mine.portability_proofs == []
    assert _written(other_leaving)[0] == 0
    assert not (settings().storage_dir / key).exists()
