"""The staff import pages (décomptes, indemnités journalières, bordereaux): every handler needs its page's
import action, and each page holds its own preview (the steps are mixed in, not inherited: a shared parent
state would show one page's file on the other and let « Importer » of one page write the other's file)."""

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app.services.staff_access import StaffAction
from ocso_app.state.base import is_guarded, own_handlers
from ocso_app.state.staff.allowance_imports import StaffAllowanceImportState
from ocso_app.state.staff.base import NEEDS, StaffState
from ocso_app.state.staff.contribution_imports import StaffContributionImportState
from ocso_app.state.staff.imports import StaffImportState


def test_every_handler_needs_the_import_of_its_page():
    for state, action in (
        (StaffImportState, StaffAction.IMPORT_STATEMENTS),
        (StaffAllowanceImportState, StaffAction.IMPORT_ALLOWANCES),
        (StaffContributionImportState, StaffAction.IMPORT_CONTRIBUTIONS),
    ):
        handlers = own_handlers(state)
        assert set(handlers) == {"load", "start", "upload", "run_import", "cancel"}, state
        for name, handler in handlers.items():
            assert is_guarded(handler) and getattr(handler, NEEDS) == action, (state, name)


def test_each_page_holds_its_own_file():
    states = (StaffImportState, StaffAllowanceImportState, StaffContributionImportState)
    for state in states:
        assert state.get_parent_state() is StaffState
        assert {"file_name", "summary", "problems", "can_import"} <= set(state.base_vars)
        assert "_pending_key" in state.get_fields()  # the stored file's key, never sent to the browser
    assert len({state.get_full_name() for state in states}) == len(states)
