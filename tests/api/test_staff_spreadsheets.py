"""The export route of Mes salarié(e)s: an employer session whose profile allows seeing the employees, the
structures of its scope (or the one of ``?structure=``, checked), a CSV or an xlsx streamed privately."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from ocso_app import routes
from ocso_app.api import build_api
from ocso_app.db import db_session
from ocso_app.models import EmployeeImport, EmployerProfile
from ocso_app.services import audit, mass_affiliation, pre_affiliation
from ocso_app.services import mass_affiliation_file as reading
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.formats import paris_today
from ocso_app.services.mass_affiliation import Choices
from tests.builders import make_employer
from tests.builders.import_files import csv_file, employee_row
from tests.builders.roster import make_covered_employee, make_plans
from tests.e2e.helpers import cookie_for


@pytest.fixture
def client() -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:3000")


@pytest.fixture
def world() -> dict[str, int]:
    with db_session() as session:
        first, second, other = make_plans(session), make_plans(session), make_plans(session)
        make_covered_employee(session, plans=first, last_name="PREMIERE")
        make_covered_employee(session, plans=second, last_name="SECONDE")
        make_covered_employee(session, plans=other, last_name="ETRANGERE")
        boss = make_employer(session, principal_of=(first.company, second.company))
        reader = make_employer(session, grants={first.company: EmployerProfile.READ_ONLY})
        payroll = make_employer(session, grants={first.company: EmployerProfile.CONTRIBUTIONS})
        return {
            "first": first.company.id,
            "second": second.company.id,
            "other": other.company.id,
            "boss": boss.id,
            "reader": reader.id,
            "payroll": payroll.id,
        }


def _get(client, account_id, extension="csv", **query):
    url = routes.API_EMPLOYER_STAFF_EXPORT.url(query or None, format=extension)
    return client.get(url, headers={"cookie": cookie_for(account_id)} if account_id else {})


def test_the_csv_holds_every_structure_of_the_scope_or_the_one_chosen(client, world):
    answer = _get(client, world["boss"])
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert "no-store" in answer.headers["cache-control"]
    assert "attachment" in answer.headers["content-disposition"]
    text = answer.content.decode("utf-8")
    assert text.startswith("\ufeffStructure;Civilité;Nom;") and "PREMIERE" in text and "SECONDE" in text
    assert "ETRANGERE" not in text
    chosen = _get(client, world["boss"], structure=str(world["second"])).content.decode("utf-8")
    assert "SECONDE" in chosen and "PREMIERE" not in chosen


def test_the_xlsx_reads_back_with_openpyxl(client, world):
    answer = _get(client, world["reader"], "xlsx")
    assert answer.status_code == 200
    rows = list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Structure", "Civilité", "Nom") and [r[2] for r in rows[1:]] == ["PREMIERE"]


def test_refusals_look_like_a_missing_file(client, world):
    assert _get(client, None).status_code == 401
    assert _get(client, world["payroll"]).status_code == 404  # no VIEW_EMPLOYEES
    assert _get(client, world["boss"], structure=str(world["other"])).status_code == 404
    assert _get(client, world["reader"], structure=str(world["second"])).status_code == 404
    assert _get(client, world["boss"], structure="²").status_code == 404
    assert _get(client, world["boss"], "exe").status_code == 404


def test_the_template_needs_the_right_to_affiliate(client, world):
    url = routes.API_EMPLOYER_IMPORT_TEMPLATE.url(format="xlsx")
    answer = client.get(url, headers={"cookie": cookie_for(world["boss"])})
    assert answer.status_code == 200
    headings = next(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))
    assert headings[:2] == ("Civilité (M. ou Mme)", "Nom")
    assert client.get(url, headers={"cookie": cookie_for(world["reader"])}).status_code == 404
    assert client.get(url).status_code == 401


def test_a_report_is_served_to_the_structures_hr_only(client, world):
    with db_session() as session:
        numbers = ", ".join(
            c.number for c in pre_affiliation.open_contracts(session, [world["first"]], paris_today())
        )
        preview = mass_affiliation.preview(
            session,
            structure_ids=[world["first"]],
            choices=Choices(world["first"], "rh@example.org"),
            table=reading.read_file(csv_file([employee_row(7, contracts=numbers, hired_on="01/01/2026")])),
            file_name="salaries.csv",
            today=paris_today(),
        )
        done = mass_affiliation.import_rows(
            session,
            structure_ids=[world["first"]],
            previewed=preview,
            actor=audit.Actor(account_id=world["boss"]),
            by=StatusAuthor(world["boss"], "RH"),
            now=datetime.now(UTC),
        )
        assert session.get(EmployeeImport, done.import_id).imported_count == 1
    url = routes.API_EMPLOYER_IMPORT_REPORT.url(import_id=done.import_id, format="csv")
    answer = client.get(url, headers={"cookie": cookie_for(world["boss"])})
    assert answer.status_code == 200
    assert "Importé(e)" in answer.content.decode("utf-8")
    for refused in ("reader", "payroll"):
        assert client.get(url, headers={"cookie": cookie_for(world[refused])}).status_code == 404
    other = routes.API_EMPLOYER_IMPORT_REPORT.url(import_id=done.import_id + 999, format="csv")
    assert client.get(other, headers={"cookie": cookie_for(world["boss"])}).status_code == 404
