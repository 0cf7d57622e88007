"""The staff import pages (décomptes, indemnités journalières, bordereaux): every handler needs its page's
import action, and each page holds its own preview (the steps are mixed in, not inherited: a shared parent
state would show one page's file on the other and let « Importer » of one page write the other's file).
Each long step spins its own button: it sets ``busy`` and sends it before its work, and clears it whatever
happens (a separate « start » event sent beside the upload could reach the server after the preview and left
« Importer » spinning, disabled, for good)."""

from __future__ import annotations

from types import SimpleNamespace

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app.db import db_session
from ocso_app.models import StaffRole
from ocso_app.services import uploads
from ocso_app.services.staff_access import StaffAction
from ocso_app.state.base import is_guarded, own_handlers
from ocso_app.state.staff import csv_import
from ocso_app.state.staff.allowance_imports import StaffAllowanceImportState
from ocso_app.state.staff.base import NEEDS, StaffState
from ocso_app.state.staff.contribution_imports import StaffContributionImportState
from ocso_app.state.staff.csv_import import NOTHING_TO_IMPORT, CsvImport
from ocso_app.state.staff.imports import StaffImportState
from tests.builders import make_staff, staff_caller
from tests.support.loops import run_coroutine


def test_every_handler_needs_the_import_of_its_page():
    for state, action in (
        (StaffImportState, StaffAction.IMPORT_STATEMENTS),
        (StaffAllowanceImportState, StaffAction.IMPORT_ALLOWANCES),
        (StaffContributionImportState, StaffAction.IMPORT_CONTRIBUTIONS),
    ):
        handlers = own_handlers(state)
        assert set(handlers) == {"load", "upload", "run_import", "cancel"}, state
        for name, handler in handlers.items():
            assert is_guarded(handler) and getattr(handler, NEEDS) == action, (state, name)


def test_each_page_holds_its_own_file():
    states = (StaffImportState, StaffAllowanceImportState, StaffContributionImportState)
    for state in states:
        assert state.get_parent_state() is StaffState
        assert {"file_name", "summary", "problems", "can_import"} <= set(state.base_vars)
        assert "_pending_key" in state.get_fields()  # the stored file's key, never sent to the browser
    assert len({state.get_full_name() for state in states}) == len(states)


class _Page(SimpleNamespace):
    """The import page's state as its handlers see it."""

    def __init__(self, **values) -> None:
        super().__init__(
            file_name="",
            summary="",
            problems=[],
            problems_note="",
            can_import=False,
            result="",
            error="",
            busy=False,
            _pending_key="",
        )
        self.__dict__.update(values)
        for name in ("_forget", "_open", "_check", "_run"):
            setattr(self, name, getattr(CsvImport, name).__get__(self))


class _File:
    filename = "decomptes.csv"

    def __init__(self, content: bytes) -> None:
        self.content = content

    async def read(self, size: int = -1) -> bytes:
        return self.content[:size] if size >= 0 else self.content


def _steps(handler: str, page: _Page, *arguments) -> list[bool]:
    """``busy`` at each delta the handler sends, then at its end."""

    async def run() -> list[bool]:
        with db_session() as session:
            staff = staff_caller(make_staff(session, role=StaffRole.ADMIN))
        seen = []
        async for _ in StaffImportState.event_handlers[handler].fn.__wrapped__(page, staff, *arguments):
            seen.append(page.busy)
        return [*seen, page.busy]

    return run_coroutine(run())


def test_the_check_spins_its_button_while_it_runs_then_stops_it():
    page = _Page(result="« avant.csv » : 3 décomptes importés.")
    assert _steps("upload", page, [_File(b"numero;rang\r\n1;2\r\n")]) == [True, False]
    assert page.error.startswith("Fichier refusé : ") and page.result == ""


def test_the_import_spins_its_button_while_it_runs_then_stops_it():
    page = _Page()
    assert _steps("run_import", page) == [True, False]
    assert page.error == NOTHING_TO_IMPORT


def test_a_second_click_while_a_step_runs_does_nothing():
    page = _Page(busy=True, _pending_key="kept", file_name="decomptes.csv")
    assert _steps("run_import", page) == [True]
    assert _steps("upload", page, [_File(b"x")]) == [True]
    assert (page.error, page._pending_key, page.file_name) == ("", "kept", "decomptes.csv")


def test_the_file_kept_between_the_preview_and_the_import_is_encrypted():
    """An import's CSV names employees by their NIR and lists care lines: kept in private storage in clear
    between « Vérifier » and « Importer » (and for good when the page was left), it broke « NIR encrypted at
    rest ». It is kept encrypted, and read back whole."""
    content = b"numero_contrat;nir\r\nCP-2021-001234;1 85 05 78 006 084 36\r\n"
    key = csv_import._keep(content, "ij.csv")
    try:
        stored = uploads.read_stored(key)
        assert b"1 85 05 78" not in stored and b"CP-2021" not in stored
        assert csv_import.read_kept(key) == content
    finally:
        uploads.delete_stored([key])
