"""Assurés: the two tabs, the status rule, search, sort and paging in the database, the Détail santé, and
nothing ever read outside the structures the guard gives."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, insert, select

from ocso_app.models import AffiliationStatus, AuditEvent, Employee
from ocso_app.services import audit, employees
from ocso_app.services.employees import EmployeeQuery, EmployeeTab, SortKey
from tests.builders import make_employer
from tests.builders.roster import HEALTH_OPTION, make_covered_employee, make_plans, make_roster

TODAY = date(2026, 11, 24)


def _page(db, structure_ids, **query) -> employees.EmployeePage:
    return employees.list_employees(
        db, structure_ids=structure_ids, query=EmployeeQuery(**query), today=TODAY
    )


def _names(page: employees.EmployeePage) -> list[str]:
    return [f"{row.last_name} {row.first_name}" for row in page.rows]


@pytest.fixture
def plans(db):
    return make_plans(db)


def _actor(db, plans) -> audit.Actor:
    return audit.Actor(account_id=make_employer(db, principal_of=(plans.company,)).id, ip_address="192.0.2.7")


def _audit_rows(db, actor: audit.Actor) -> list[tuple[str, int | None]]:
    query = select(AuditEvent.action, AuditEvent.company_id).where(AuditEvent.account_id == actor.account_id)
    return [tuple(row) for row in db.execute(query.order_by(AuditEvent.id))]


def test_the_actifs_tab_holds_every_employee_still_followed_and_portabilite_the_covered_former_ones(
    db, plans
):
    for name, status in (
        ("AFFILIE", AffiliationStatus.AFFILIATED),
        ("ENCOURS", AffiliationStatus.PENDING),
        ("DISPENSE", AffiliationStatus.EXEMPTED),
        ("RADIE", AffiliationStatus.RADIATED),
    ):
        make_covered_employee(db, plans=plans, last_name=name, first_name="Anne", status=status)
    make_covered_employee(
        db,
        plans=plans,
        last_name="PORTABLE",
        first_name="Paul",
        status=AffiliationStatus.PORTABILITY,
        portability_end_on=date(2027, 3, 31),
    )
    make_covered_employee(
        db,
        plans=plans,
        last_name="FINI",
        first_name="Paul",
        status=AffiliationStatus.PORTABILITY,
        portability_end_on=TODAY - timedelta(days=1),
    )
    ids = [plans.company.id]

    active = _page(db, ids)
    assert _names(active) == ["AFFILIE Anne", "DISPENSE Anne", "ENCOURS Anne"]
    assert [row.status for row in active.rows] == ["Affilié(e)", "Dispensé(e)", "En cours d'affiliation"]
    assert active.total == 3 and active.total_label == "3 assurés"

    portability = _page(db, ids, tab=EmployeeTab.PORTABILITY)
    assert _names(portability) == ["PORTABLE Paul"]  # ended yesterday: out of both tabs, like the radié
    (row,) = portability.rows
    assert row.status == "En portabilité" and row.portability_end == "31/03/2027"
    assert row.contracts == "Santé, Prévoyance" and row.adhesion_date == "01/01/2024"


def test_an_invitation_left_more_than_8_days_reads_a_relancer(db, plans):
    now = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC)
    make_covered_employee(
        db,
        plans=plans,
        last_name="RECENT",
        status=AffiliationStatus.PENDING,
        invited_at=now - timedelta(days=3),
    )
    make_covered_employee(
        db,
        plans=plans,
        last_name="OUBLIE",
        status=AffiliationStatus.PENDING,
        invited_at=now - timedelta(days=9),
    )
    rows = {row.last_name: row for row in _page(db, [plans.company.id]).rows}
    assert rows["RECENT"].status == "En cours d'affiliation"
    assert rows["OUBLIE"].status == "À relancer" and rows["OUBLIE"].status_code == "a_relancer"
    assert rows["OUBLIE"].adhesion_date == "—" and rows["OUBLIE"].contracts == "—"
    assert not rows["OUBLIE"].has_health and not rows["OUBLIE"].has_contract


def test_another_structures_employees_never_appear(db, plans):
    other = make_plans(db)
    mine = make_covered_employee(db, plans=plans, last_name="MIEN")
    theirs = make_covered_employee(db, plans=other, last_name="AUTRE", family=True)
    assert _names(_page(db, [plans.company.id])) == [f"MIEN {mine.first_name}"]
    assert _page(db, [plans.company.id], search="autre").total == 0
    actor = _actor(db, plans)
    detail = employees.health_detail(
        db, actor=actor, structure_ids=[plans.company.id], employee_id=theirs.id, today=TODAY
    )
    assert detail is None and _audit_rows(db, actor) == []
    assert _page(db, []).rows == []


def test_search_ignores_accents_case_ligatures_and_word_order(db, plans):
    make_covered_employee(db, plans=plans, last_name="LEFÈVRE", first_name="Hélène")
    make_covered_employee(db, plans=plans, last_name="ŒUVRAY", first_name="Zoé")
    make_covered_employee(db, plans=plans, last_name="MARTIN", first_name="Jean")
    ids = [plans.company.id]
    for typed in ("helene", "LEFEVRE", "lefèvre hél", "Hélène Lefevre", "  lefevre   helene "):
        assert _names(_page(db, ids, search=typed)) == ["LEFÈVRE Hélène"], typed
    assert _names(_page(db, ids, search="oeuvray")) == ["ŒUVRAY Zoé"]
    assert _names(_page(db, ids, search="zoe")) == ["ŒUVRAY Zoé"]
    assert _page(db, ids, search="jean lefevre").total == 0  # every word must be found


def test_a_control_character_searched_is_a_blank_not_a_server_error(db, plans):
    """PostgreSQL refuses a NUL in a query: a search holding one (pasted, or sent by a script) answered
    « Une erreur inattendue »."""
    make_covered_employee(db, plans=plans, last_name="LEFÈVRE", first_name="Hélène")
    query = employees.parse_query(search="lefèvre\x00hél\x1f")
    assert query.search == "lefèvre hél"
    page = employees.list_employees(db, structure_ids=[plans.company.id], query=query, today=TODAY)
    assert _names(page) == ["LEFÈVRE Hélène"]


def test_names_sort_as_a_french_reader_expects_accents_included(db, plans):
    """« ALBERT Édith » before « ALBERT Tristan », « ÉTIENNE » between « DUBOIS » and « FABRE »: a byte
    order would put every accented initial after Z."""
    for last, first in (("FABRE", "Luc"), ("ÉTIENNE", "Victoire"), ("ALBERT", "Tristan"), ("DUBOIS", "Zoé")):
        make_covered_employee(db, plans=plans, last_name=last, first_name=first)
    make_covered_employee(db, plans=plans, last_name="ALBERT", first_name="Édith")
    expected = ["ALBERT Édith", "ALBERT Tristan", "DUBOIS Zoé", "ÉTIENNE Victoire", "FABRE Luc"]
    assert _names(_page(db, [plans.company.id])) == expected
    assert _names(_page(db, [plans.company.id], descending=True)) == expected[::-1]


def test_search_wildcards_are_plain_characters(db, plans):
    make_covered_employee(db, plans=plans, last_name="DURAND")
    ids = [plans.company.id]
    assert _page(db, ids, search="%").total == 0
    assert _page(db, ids, search="d_rand").total == 0
    assert _page(db, ids, search="durand").total == 1


def test_pages_of_25_with_the_total_and_a_page_past_the_end_shows_the_last(db, plans):
    for n in range(30):
        make_covered_employee(db, plans=plans, last_name=f"NOM{n:02d}", first_name="Test")
    ids = [plans.company.id]
    first = _page(db, ids)
    assert len(first.rows) == 25 and first.total == 30 and first.pages == 2 and first.has_next
    assert first.rows[0].last_name == "NOM00" and first.rows[-1].last_name == "NOM24"
    last = _page(db, ids, page=99)
    assert last.page == 2 and not last.has_next and last.rows[0].last_name == "NOM25"
    assert len(last.rows) == 5


def test_sort_by_name_adhesion_date_or_status_either_way(db, plans):
    now = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC)
    make_covered_employee(db, plans=plans, last_name="BRUN", affiliated_on=date(2022, 5, 1))
    make_covered_employee(db, plans=plans, last_name="ARNAUD", affiliated_on=date(2025, 2, 1))
    make_covered_employee(db, plans=plans, last_name="CARON", status=AffiliationStatus.EXEMPTED)
    make_covered_employee(
        db,
        plans=plans,
        last_name="DUVAL",
        status=AffiliationStatus.PENDING,
        invited_at=now - timedelta(days=20),
    )
    ids = [plans.company.id]

    def order(**query) -> list[str]:
        return [row.last_name for row in _page(db, ids, **query).rows]

    assert order() == ["ARNAUD", "BRUN", "CARON", "DUVAL"]
    assert order(descending=True) == ["DUVAL", "CARON", "BRUN", "ARNAUD"]
    assert order(sort=SortKey.ADHESION) == ["BRUN", "ARNAUD", "CARON", "DUVAL"]  # no date: last
    assert order(sort=SortKey.ADHESION, descending=True)[:2] == ["ARNAUD", "BRUN"]
    # « À relancer », « Affilié(e) » ×2, « Dispensé(e) »: the labels' alphabetical order
    assert order(sort=SortKey.STATUS) == ["DUVAL", "ARNAUD", "BRUN", "CARON"]
    assert order(sort=SortKey.STATUS, descending=True) == ["CARON", "ARNAUD", "BRUN", "DUVAL"]


def test_the_query_from_the_browser_falls_back_to_defaults_and_a_long_search_is_refused():
    query = employees.parse_query(
        tab="radies", search="  dupont   jean ", sort="salaire", direction="x", page="-3"
    )
    assert query == EmployeeQuery(search="dupont jean")
    assert employees.parse_query(
        tab="portabilite", sort="statut", direction="desc", page="2"
    ) == EmployeeQuery(tab=EmployeeTab.PORTABILITY, sort=SortKey.STATUS, descending=True, page=2)
    with pytest.raises(employees.InvalidSearch) as refused:
        employees.parse_query(search="x" * 81)
    assert refused.value.message == employees.SEARCH_TOO_LONG


def test_contracts_column_and_structure_names_when_several(db, plans):
    branch = make_plans(db, name="ATELIERS DU SUD")
    make_covered_employee(db, plans=plans, last_name="SANTE", health=True, provident=False)
    make_covered_employee(db, plans=branch, last_name="PREVOYANCE", health=False, provident=True)
    page = _page(db, [plans.company.id, branch.company.id])
    assert page.several_structures
    rows = {row.last_name: row for row in page.rows}
    assert rows["SANTE"].contracts == "Santé" and rows["SANTE"].has_health
    assert rows["PREVOYANCE"].contracts == "Prévoyance" and not rows["PREVOYANCE"].has_health
    assert rows["PREVOYANCE"].has_contract
    assert rows["PREVOYANCE"].structure == "ATELIERS DU SUD"
    assert rows["SANTE"].structure == plans.company.name
    assert not _page(db, [plans.company.id]).several_structures


def test_health_detail_shows_identity_with_a_masked_nir_the_cover_and_the_family_and_is_audited(db, plans):
    employee = make_covered_employee(
        db, plans=plans, last_name="LEROY", first_name="Claire", birth_date=date(1986, 7, 9), family=True
    )
    actor = _actor(db, plans)
    detail = employees.health_detail(
        db, actor=actor, structure_ids=[plans.company.id], employee_id=employee.id, today=TODAY
    )
    assert detail is not None
    assert (detail.civility, detail.last_name, detail.first_name, detail.birth_date) == (
        "Mme",
        "LEROY",
        "Claire",
        "09/07/1986",
    )
    assert detail.nir_masked == "1 ** ** ** *** 123 **"  # NIR 180037500012341: never whole
    health = detail.health
    assert health is not None and health.option == HEALTH_OPTION and health.start_date == "01/01/2024"
    assert health.contract == "Frais de santé – Ensemble du personnel"
    assert [(b.quality, b.first_name, b.rank) for b in detail.beneficiaries] == [
        ("Assuré(e)", "Claire", "AS"),
        ("Conjoint(e)", "Camille", "CJ"),
        ("Enfant", "Léo", "EA"),
    ]
    assert _audit_rows(db, actor) == [
        (f"Consultation du détail santé du salarié n° {employee.id}", plans.company.id)
    ]


def test_no_health_detail_without_a_sante_contract(db, plans):
    provident_only = make_covered_employee(db, plans=plans, health=False, provident=True)
    pending = make_covered_employee(db, plans=plans, status=AffiliationStatus.PENDING)
    actor = _actor(db, plans)
    for employee in (provident_only, pending):
        assert (
            employees.health_detail(
                db, actor=actor, structure_ids=[plans.company.id], employee_id=employee.id, today=TODAY
            )
            is None
        )
    assert _audit_rows(db, actor) == []


def test_the_search_name_follows_the_names_on_the_object_and_in_bulk_inserts(db, plans):
    employee = make_covered_employee(db, plans=plans, last_name="GARÇON", first_name="Éloïse")
    assert employee.search_name == "garcon eloise"
    employee.first_name = "Anaïs"
    db.flush()
    assert db.scalar(select(Employee.search_name).where(Employee.id == employee.id)) == "garcon anais"
    bulk_id = db.scalar(
        insert(Employee).returning(Employee.id),
        [
            {
                "company_id": plans.company.id,
                "civility": "M.",
                "first_name": "Jérôme",
                "last_name": "BÉRAUD",
                "birth_date": date(1990, 1, 1),
                "personnel_category": "Cadres",
                "hired_on": date(2024, 1, 1),
                "status": AffiliationStatus.PENDING,
            }
        ],
    )
    assert db.scalar(select(Employee.search_name).where(Employee.id == bulk_id)) == "beraud jerome"


def test_a_3000_employee_structure_answers_a_page_from_the_index(db, plans):
    make_roster(db, plans=plans, count=3000)
    make_roster(db, plans=make_plans(db), count=500)  # another structure, never read
    ids = [plans.company.id]
    statements: list[tuple[str, object]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    bind = db.get_bind()
    for query in (
        EmployeeQuery(),
        EmployeeQuery(page=100),
        EmployeeQuery(sort=SortKey.ADHESION, descending=True),
        EmployeeQuery(sort=SortKey.STATUS),
        EmployeeQuery(search="prénom01234"),
    ):
        statements.clear()
        event.listen(bind, "before_cursor_execute", keep)
        page = employees.list_employees(db, structure_ids=ids, query=query, today=TODAY)
        event.remove(bind, "before_cursor_execute", keep)
        assert len(page.rows) == (25 if not query.search else 1)
        assert len(statements) == 3  # the count, the page, the page's contracts: never a query per row
        if bind.dialect.name == "sqlite":
            count_plan, page_plan = (
                " | ".join(row[3] for row in db.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {s}", p))
                for s, p in statements[:2]
            )
            assert "COVERING INDEX ix_employees_company_status" in count_plan, count_plan
            assert "COVERING INDEX ix_employees_company_status" in page_plan, page_plan
            assert "SCAN employees" not in page_plan, page_plan
