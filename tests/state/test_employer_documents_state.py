"""Documents of the Espace Employeur as its ``load`` fills it for the caller the guard gives: « Guides et
tutoriels » lists the guides in force published to every employer (title, kind, date, guarded link), the
same for the users of any company and any profile that opens Documents; never a withdrawn one."""

from __future__ import annotations

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app.db import db_session
from ocso_app.models import EmployerProfile, GuideKind
from ocso_app.services import uploads
from ocso_app.services.employer_access import EmployerAction
from ocso_app.state.base import is_guarded
from ocso_app.state.employer.base import NEEDS
from ocso_app.state.employer.documents import EmployerDocumentsState
from tests.builders import make_company, make_employer
from tests.builders.contracts import make_employer_guide
from tests.state.test_page_opening import _substate, _tab
from tests.state.test_radiation_cancellation_state import _caller


def _opened(account_id: int) -> EmployerDocumentsState:
    page = _substate(_tab("/employeur/documents"), EmployerDocumentsState)
    EmployerDocumentsState.event_handlers["load"].fn.__wrapped__(
        page, _caller(account_id, EmployerAction.VIEW_STRUCTURE)
    )
    return page


def test_every_employer_user_opening_documents_sees_the_guides_in_force():
    with db_session() as session:
        guide = make_employer_guide(session, title="Guide salarié(e) 2027", kind=GuideKind.EMPLOYEE_GUIDE)
        gone = make_employer_guide(session, title="Tutoriel retiré", kind=GuideKind.TUTORIAL, withdrawn=True)
        company = make_company(session)
        hr = make_employer(session, principal_of=(company,)).id
        sick_leave = make_employer(session, grants={make_company(session): EmployerProfile.SICK_LEAVE}).id
        keys = [guide.storage_key, gone.storage_key]
    for account_id in (hr, sick_leave):
        listed = {g.id: g for g in _opened(account_id).guides}
        assert gone.id not in listed
        shown = listed[guide.id]
        assert (shown.title, shown.kind) == ("Guide salarié(e) 2027", "Guide salarié(e)")
        assert shown.url == f"/api/employeur/guides/{guide.id}" and shown.date_label
    uploads.delete_stored(keys)


def test_the_documents_load_is_guarded_for_the_documents_page():
    load = EmployerDocumentsState.event_handlers["load"]
    assert is_guarded(load.fn) and getattr(load.fn, NEEDS) == EmployerAction.VIEW_STRUCTURE
