"""The access matrix of the affiliation en masse and the export of Mes salarié(e)s: every new route (export,
template, report) and the page's handlers (the upload through Reflex's real ``/_upload``, the import, the
background invitations), called with no cookie, by another company's HR, by a read-only profile, and with
another structure's id. Nothing of the other company comes back, and nothing is written (employees,
imports, invitations).

The generic matrix (``test_employer_access_matrix``) walks these handlers and routes too, for every profile;
this file attacks what is particular to them: the structure chosen in a form or a query, the import's id,
and a file actually uploaded."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import func, select

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AffiliationInvitation, Employee, EmployeeImport, EmployerProfile
from ocso_app.services import audit, mass_affiliation, pre_affiliation
from ocso_app.services import mass_affiliation_file as reading
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.formats import paris_today
from ocso_app.services.mass_affiliation import Choices
from ocso_app.state.employer.mass_affiliation import NO_STRUCTURE, MassAffiliationState
from tests.builders import make_employer
from tests.builders.import_files import csv_file, employee_row
from tests.builders.roster import make_plans
from tests.e2e.helpers import cookie_for
from tests.support.raw_socket import RawReflexSocket, handler_name
from tests.support.uploads import handler_arguments

PAGE = routes.EMPLOYER_MASS_AFFILIATION


@dataclass(frozen=True)
class Company:
    id: int
    contracts: str  # its contract numbers, as a file names them
    import_id: int
    users: dict[EmployerProfile, int]


def _company(session, tag: str) -> Company:
    plans = make_plans(session, name=f"MASSE {tag}")
    users = {EmployerProfile.ADMIN: make_employer(session, principal_of=(plans.company,)).id}
    for profile in (
        EmployerProfile.STAFF_MANAGEMENT,
        EmployerProfile.READ_ONLY,
        EmployerProfile.CONTRIBUTIONS,
    ):
        users[profile] = make_employer(session, grants={plans.company: profile}).id
    contracts = ", ".join(
        c.number for c in pre_affiliation.open_contracts(session, [plans.company.id], paris_today())
    )
    rows = [employee_row(n, contracts=contracts, domain=f"{tag.lower()}.example.org") for n in range(2)]
    preview = mass_affiliation.preview(
        session,
        structure_ids=[plans.company.id],
        choices=Choices(plans.company.id, "rh@example.org"),
        table=reading.read_file(csv_file(rows)),
        file_name="salaries.csv",
        today=paris_today(),
    )
    done = mass_affiliation.import_rows(
        session,
        structure_ids=[plans.company.id],
        previewed=preview,
        actor=audit.Actor(account_id=users[EmployerProfile.ADMIN]),
        by=StatusAuthor(users[EmployerProfile.ADMIN], "RH"),
        now=datetime.now(UTC),
    )
    while not mass_affiliation.invite_next(  # finished: the page does not resume it
        session, import_id=done.import_id, structure_ids=[plans.company.id], now=datetime.now(UTC)
    ).finished:
        pass
    return Company(plans.company.id, contracts, done.import_id, users)


_BUILT: list[tuple[Company, Company]] = []


@pytest.fixture
def companies(live_app) -> tuple[Company, Company]:
    """Two companies, each with its users and one import; built once for the module."""
    if not _BUILT:
        tag = uuid.uuid4().hex[:6].upper()
        with db_session() as session:
            _BUILT.append((_company(session, f"A{tag}"), _company(session, f"B{tag}")))
    return _BUILT[0]


def _written() -> tuple[int, int, int]:
    with db_session() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(t))
            for t in (Employee, EmployeeImport, AffiliationInvitation)
        )


def _urls(company: Company) -> dict[str, str]:
    structure = {"structure": str(company.id)}
    return {
        "export": routes.API_EMPLOYER_STAFF_EXPORT.url(structure, format="xlsx"),
        "template": routes.API_EMPLOYER_IMPORT_TEMPLATE.url(structure, format="csv"),
        "report": routes.API_EMPLOYER_IMPORT_REPORT.url(import_id=company.import_id, format="xlsx"),
    }


# what each profile of the company itself may open (export: seeing the employees; the others: affiliating)
ALLOWED = {
    EmployerProfile.ADMIN: {"export", "template", "report"},
    EmployerProfile.STAFF_MANAGEMENT: {"export", "template", "report"},
    EmployerProfile.READ_ONLY: {"export"},
    EmployerProfile.CONTRIBUTIONS: set(),
}


def test_each_route_answers_only_its_company_and_the_profiles_that_may(live_app, companies):
    mine, theirs = companies
    before = _written()
    with httpx.Client(base_url=live_app.url, timeout=30) as client:
        for name, url in _urls(mine).items():
            assert client.get(url).status_code == 401, f"{name} without a cookie"
            for profile, account_id in mine.users.items():
                answer = client.get(url, headers={"cookie": cookie_for(account_id)})
                expected = 200 if name in ALLOWED[profile] else 404
                assert answer.status_code == expected, f"{profile.value} on {name}"
            for profile, account_id in theirs.users.items():
                answer = client.get(url, headers={"cookie": cookie_for(account_id)})
                assert answer.status_code == 404, f"the other company's {profile.value} got {name}"
        hr = {"cookie": cookie_for(mine.users[EmployerProfile.STAFF_MANAGEMENT])}
        for name, url in _urls(theirs).items():
            assert client.get(url, headers=hr).status_code == 404, f"another structure's {name}"
        export_all = client.get(routes.API_EMPLOYER_STAFF_EXPORT.url(format="csv"), headers=hr)
        assert export_all.status_code == 200
        assert "MASSE A" in export_all.text and "MASSE B" not in export_all.text
    assert _written()[:2] == before[:2]


def _upload(
    live_app, socket: RawReflexSocket, cookie: str | None, content: bytes, form: dict[str, str]
) -> httpx.Response:
    """The file posted as the page posts it: the form's fields in Reflex's ``__reflex_event_args``."""
    headers = {
        "reflex-client-token": socket.token,
        "reflex-event-handler": handler_name(MassAffiliationState, "upload_file"),
        "origin": live_app.url,
        **({"cookie": cookie} if cookie else {}),
    }
    files = [("files", ("salaries.csv", content, "text/csv"))]
    data = handler_arguments(form=form)
    return httpx.post(f"{live_app.url}/_upload", headers=headers, data=data, files=files, timeout=30)


def _attempt(live_app, account_id: int | None, structure_id: int, content: bytes) -> str:
    """Open the page, upload ``content`` with the form for ``structure_id``, import, send: the answers."""
    cookie = cookie_for(account_id) if account_id else None
    socket = RawReflexSocket(live_app.url, cookie=cookie)
    try:
        socket.call(handler_name(MassAffiliationState, "load"), path=PAGE)
        form = {"structure": str(structure_id), "dispense_email": "intrus@example.org", "notify": "oui"}
        answer = _upload(live_app, socket, cookie, content, form)
        frames = [str(answer.status_code), answer.text]
        frames += socket.call(handler_name(MassAffiliationState, "import_valid"), path=PAGE)
        frames += socket.call(handler_name(MassAffiliationState, "send_invitations"), path=PAGE)
        return " ".join(frames)
    finally:
        socket.close()


def test_the_page_writes_nothing_for_another_structure_a_read_only_profile_or_no_session(live_app, companies):
    mine, theirs = companies
    content = csv_file(
        [employee_row(n, contracts=mine.contracts, domain="intrus.example.org") for n in range(3)]
    )
    before = _written()
    callers = [
        theirs.users[EmployerProfile.ADMIN],  # another company's administrator names my structure
        mine.users[EmployerProfile.READ_ONLY],  # my structure's profiles that may not affiliate
        mine.users[EmployerProfile.CONTRIBUTIONS],
        None,  # no session at all
    ]
    with ThreadPoolExecutor(max_workers=len(callers)) as pool:  # each on its own connection, at once
        stranger, reader, payroll, anonymous = pool.map(
            lambda account_id: _attempt(live_app, account_id, mine.id, content), callers
        )
    assert NO_STRUCTURE in stranger and "IMPORTAAAA" not in stranger
    for frames in (reader, payroll):  # the guard refuses every handler
        assert "_redirect" in frames and "IMPORTAAAA" not in frames
    assert anonymous.startswith("401")  # the upload gate answers before the body is read
    assert _written() == before


def test_my_hr_imports_into_my_structure_through_the_same_calls(live_app, companies):
    """The control: the same calls by the structure's own HR do import (so the refusals above mean it)."""
    mine, _theirs = companies
    content = csv_file(
        [employee_row(n, contracts=mine.contracts, domain="ok.example.org") for n in range(5, 7)]
    )
    before = _written()
    _attempt(live_app, mine.users[EmployerProfile.STAFF_MANAGEMENT], mine.id, content)
    deadline = time.monotonic() + 15
    while (after := _written())[2] - before[2] < 2 and time.monotonic() < deadline:
        time.sleep(0.2)  # the invitations leave from the background task
    assert tuple(a - b for a, b in zip(after, before, strict=True)) == (2, 1, 2)
