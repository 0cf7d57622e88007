"""Accueil of the Espace Employeur as its ``load`` fills it, for the caller the guard gives: « À suivre »
says how many open affiliations nobody follows any more and links to them, within the caller's structures."""

from __future__ import annotations

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app.db import db_session
from ocso_app.models import AffiliationStatus, Company, EmployerProfile
from ocso_app.models.base import utcnow
from ocso_app.services.employer_access import EmployerAction
from ocso_app.state.employer.home import EmployerHomeState
from tests.builders import make_company, make_employee, make_employer
from tests.state.test_page_opening import _substate, _tab
from tests.state.test_radiation_cancellation_state import _caller


def _opened(account_id: int) -> EmployerHomeState:
    home = _substate(_tab("/employeur"), EmployerHomeState)
    EmployerHomeState.event_handlers["load"].fn.__wrapped__(
        home, _caller(account_id, EmployerAction.VIEW_STRUCTURE)
    )
    return home


def _unfollowed(session, company: Company, count: int) -> None:
    gone = make_employer(session, principal_of=(company,))
    gone.is_active = False
    for _ in range(count):
        employee = make_employee(
            session, company=company, status=AffiliationStatus.PENDING, invited_at=utcnow()
        )
        employee.dispense_email, employee.invited_by_account_id = gone.email, gone.id


def test_accueil_says_how_many_affiliations_nobody_follows_in_the_callers_structures():
    with db_session() as session:
        company, other = make_company(session), make_company(session)
        _unfollowed(session, company, 2)
        _unfollowed(session, other, 5)
        hr = make_employer(session, principal_of=(company,)).id
        contributions = make_employer(session, grants={company: EmployerProfile.CONTRIBUTIONS}).id
        calm = make_employer(session, principal_of=(make_company(session),)).id
    home = _opened(hr)
    assert home.follow_unheard.startswith("2 salarié(e)s en cours d'affiliation ou à relancer : personne")
    assert _opened(calm).follow_unheard == ""
    assert _opened(contributions).follow_unheard == "" and not _opened(contributions).follows


def test_one_affiliation_nobody_follows_is_said_in_the_singular():
    with db_session() as session:
        company = make_company(session)
        _unfollowed(session, company, 1)
        hr = make_employer(session, principal_of=(company,)).id
    assert _opened(hr).follow_unheard.startswith("1 salarié(e) en cours")
