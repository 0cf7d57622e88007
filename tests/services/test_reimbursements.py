"""Mes remboursements and the Accueil blocks: filters, SQL aggregates and sums, paging, ownership, formats."""

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from ocso_app.models import Audience, NewsItem, Request
from ocso_app.services import members, news, reimbursements
from ocso_app.services.formats import format_long_date
from ocso_app.services.reimbursements import Filters, InvalidFilter
from tests.builders import care_lines, make_care_member, total
from tests.builders.care import STATEMENTS


def _nbsp(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture
def family(db):
    return make_care_member(db)


def test_everything_is_listed_newest_first_with_french_dates_and_amounts(db, family):
    page = reimbursements.statement_page(db, member_id=family.member_id, filters=Filters())
    assert [r.paid_on for r in page.rows] == ["16 sept. 2025", "24 août 2025", "22 juin 2025"]
    assert [_nbsp(r.amount) for r in page.rows] == ["8,49 €", "16,18 €", "13,09 €"]
    assert page.rows[0].payee == "VIAMEDIS" and page.rows[1].payee == "DUBOIS Martin"
    assert not page.has_next


def test_totals_are_decimal_sql_sums_and_formatted_in_french(db, family):
    sums = reimbursements.totals(db, member_id=family.member_id, filters=Filters())
    assert sums.spent == Decimal("101.66") and isinstance(sums.spent, Decimal)
    assert (sums.social_security, sums.complementary, sums.remaining) == (
        Decimal("57.90"),
        Decimal("37.76"),
        Decimal("6.00"),
    )
    assert sums.spent == sums.social_security + sums.complementary + sums.remaining
    assert (sums.line_count, sums.statement_count) == (4, 3)
    assert _nbsp(sums.formatted()["spent"]) == "101,66 €"


def test_filter_on_julie_and_pharmacy_narrows_list_aggregates_and_sums(db, family):
    julie = str(family.beneficiary_ids["EA"])
    only_julie = reimbursements.parse_filters(db, member_id=family.member_id, beneficiary=julie)
    view = reimbursements.reimbursements_view(db, member_id=family.member_id, filters=only_julie)
    assert [r.paid_on for r in view.page.rows] == ["16 sept. 2025", "22 juin 2025"]
    assert [(s.label, s.amount) for s in view.by_beneficiary] == [("JULIE DUBOIS", Decimal("34.48"))]
    assert [(s.label, s.amount) for s in view.by_category] == [
        ("Pharmacie", Decimal("24.26")),
        ("Analyses et laboratoire", Decimal("10.22")),
    ]
    assert view.totals.complementary == Decimal("12.58")

    pharmacy = reimbursements.parse_filters(
        db,
        member_id=family.member_id,
        beneficiary=julie,
        category="PHAR",
        start="01/09/2025",
        end="2025-09-30",
    )
    view = reimbursements.reimbursements_view(db, member_id=family.member_id, filters=pharmacy)
    assert [_nbsp(r.amount) for r in view.page.rows] == ["8,49 €"]
    assert view.totals.spent == Decimal("24.26")


def test_aggregates_group_the_whole_family(db, family):
    shares = reimbursements.shares_by_beneficiary(db, member_id=family.member_id, filters=Filters())
    assert {s.label: s.amount for s in shares} == {
        "MARTIN DUBOIS": Decimal("37.18"),
        "JULIE DUBOIS": Decimal("34.48"),
        "JULIEN DUBOIS": Decimal("30.00"),
    }
    assert sum(s.amount for s in shares) == Decimal("101.66")


def test_lines_of_a_statement_carry_every_column(db, family):
    lines = reimbursements.member_statement_lines(
        db, member_id=family.member_id, statement_id=family.statement_ids[2]
    )
    assert [line.beneficiary for line in lines] == ["JULIEN DUBOIS", "JULIE DUBOIS"]
    first = lines[0]
    assert (first.care_date, first.act, first.category) == (
        "16/06/2025",
        "Consultation médecin généraliste",
        "Médecin généraliste",
    )
    assert [_nbsp(v) for v in (first.spent, first.ss_base, first.ss_reimbursed, first.complementary)] == [
        "30,00 €",
        "30,00 €",
        "19,00 €",
        "9,00 €",
    ]
    assert first.ss_rate == "70 %" and _nbsp(first.remaining) == "2,00 €"


def test_member_sees_only_own_statements(db, family):
    other = make_care_member(db, first_name="Michael", last_name="DEMAREST")
    theirs = other.statement_ids[0]
    assert reimbursements.member_statement_lines(db, member_id=family.member_id, statement_id=theirs) == []
    ids = reimbursements.matching_statement_ids(db, member_id=family.member_id, filters=Filters())
    assert set(ids) == set(family.statement_ids)


def test_another_members_beneficiary_is_refused_as_a_filter(db, family):
    other = make_care_member(db, first_name="Michael", last_name="DEMAREST")
    with pytest.raises(InvalidFilter) as error:
        reimbursements.parse_filters(
            db, member_id=family.member_id, beneficiary=str(other.beneficiary_ids["EA"])
        )
    assert error.value.message == reimbursements.INVALID_BENEFICIARY


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start": "31/02/2025"}, reimbursements.INVALID_DATE),
        ({"start": "01/01/25"}, reimbursements.INVALID_DATE),  # was the year 25: every décompte listed
        ({"end": "31/12/0025"}, reimbursements.INVALID_DATE),  # none listed, and no message
        ({"start": "1/1/+2025"}, reimbursements.INVALID_DATE),
        ({"start": "2025-09-01", "end": "2025-01-01"}, reimbursements.INVALID_PERIOD),
        ({"beneficiary": "1 OR 1=1"}, reimbursements.INVALID_BENEFICIARY),
        ({"category": "XXXX"}, reimbursements.INVALID_CATEGORY),
    ],
)
def test_nonsense_filters_are_refused(db, family, fields, message):
    with pytest.raises(InvalidFilter) as error:
        reimbursements.parse_filters(db, member_id=family.member_id, **fields)
    assert error.value.message == message


def test_list_is_paged_and_the_pages_follow_each_other(db, family, monkeypatch):
    assert reimbursements.PAGE_SIZE == 20  # the guide's page length
    monkeypatch.setattr(reimbursements, "PAGE_SIZE", 2)
    first = reimbursements.statement_page(db, member_id=family.member_id, filters=Filters(), page=1)
    second = reimbursements.statement_page(db, member_id=family.member_id, filters=Filters(), page=2)
    assert [r.paid_on for r in first.rows] == ["16 sept. 2025", "24 août 2025"] and first.has_next
    assert [r.paid_on for r in second.rows] == ["22 juin 2025"] and not second.has_next


def test_accueil_latest_payments_are_dated_like_the_guide(db, family):
    payments = members.latest_payments(db, member_id=family.member_id)
    assert [(p.day, p.label, _nbsp(p.amount)) for p in payments][:2] == [
        ("16 SEPT.", "VIAMEDIS", "8,49 €"),
        ("24 AOÛT", "DUBOIS Martin", "16,18 €"),
    ]


def test_accueil_latest_requests_are_newest_first_and_dated_in_paris_time(db, family):
    for subject, created_at in (
        ("Envoi d'un devis", datetime(2025, 8, 24, 10, 0, tzinfo=UTC)),
        ("Envoi d'un décompte", datetime(2025, 9, 25, 23, 30, tzinfo=UTC)),  # 26 Sept. 01:30 in Paris
    ):
        db.add(
            Request(
                member_id=family.member_id,
                request_type="envoi_document",
                subject=subject,
                payload={},
                routed_service="Prestations",
                submission_key=f"t-{family.member_id}-{created_at:%m}",
                created_at=created_at,
            )
        )
    db.flush()
    sent = members.latest_requests(db, member_id=family.member_id)
    assert [(item.day, item.label) for item in sent] == [
        ("26 SEPT.", "Envoi d'un décompte"),
        ("24 AOÛT", "Envoi d'un devis"),
    ]


def test_bank_details_are_masked_but_the_last_digits(db, family):
    bank = members.bank_details(db, member_id=family.member_id)
    assert bank.iban_masked == "FRXX XXXX XXXX XXXX XXXX 4151 617"
    assert bank.bic == "AGRIFRPP123"
    assert "1330" not in bank.iban_masked


def test_beneficiaries_exclude_the_member_himself(db, family):
    rows = members.beneficiaries(db, member_id=family.member_id)
    assert [(r.first_name, r.last_name, r.rank, r.birth_date, r.adhesion_date) for r in rows] == [
        ("JULIE", "DUBOIS", "EA", "27/10/2014", "23/01/2021"),
        ("JULIEN", "DUBOIS", "EB", "05/05/2018", "23/01/2021"),
    ]


def test_current_news_shows_live_member_items_only(db):
    today = date(2025, 10, 1)
    tag = uuid.uuid4().hex[:8]  # the demo data of the browser tests may hold news of its own
    for title, audience, published, expires in (
        ("Actuelle", Audience.MEMBER, date(2025, 9, 1), None),
        ("Expire ce jour", Audience.MEMBER, date(2025, 9, 1), today),
        ("Pour tous", Audience.ALL, date(2025, 9, 1), None),
        ("Expirée", Audience.MEMBER, date(2025, 1, 1), date(2025, 2, 1)),
        ("Future", Audience.MEMBER, date(2025, 12, 1), None),
        ("Employeurs", Audience.EMPLOYER, date(2025, 9, 1), None),
    ):
        db.add(
            NewsItem(
                audience=audience,
                title=f"{title} {tag}",
                body="…",
                published_on=published,
                expires_on=expires,
            )
        )
    db.flush()
    current = news.current_news(db, audience=Audience.MEMBER, today=today, limit=None)
    assert sorted(n.title for n in current if n.title.endswith(tag)) == [
        f"Actuelle {tag}",
        f"Expire ce jour {tag}",
        f"Pour tous {tag}",
    ]


def _sums(lines) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    return tuple(total(column, lines) for column in ("spent", "ss_reimbursed", "complementary", "remaining"))


def test_totals_on_the_page_and_in_sql_are_the_sums_of_the_lines_created(db, family):
    julie = reimbursements.parse_filters(
        db, member_id=family.member_id, beneficiary=str(family.beneficiary_ids["EA"])
    )
    julies_lines = [line for line in care_lines() if line.rank == "EA"]
    for filters, lines in ((Filters(), care_lines()), (julie, julies_lines)):
        expected = _sums(lines)
        view = reimbursements.reimbursements_view(db, member_id=family.member_id, filters=filters)
        sql = reimbursements.totals(db, member_id=family.member_id, filters=filters)
        for sums in (view.totals, sql):
            assert (sums.spent, sums.social_security, sums.complementary, sums.remaining) == expected


@pytest.mark.parametrize("start", [None, date(2025, 6, 17)])
@pytest.mark.parametrize("end", [None, date(2025, 9, 1)])
@pytest.mark.parametrize("rank", [None, "EA"])
@pytest.mark.parametrize("category", [None, "MEDS", "LABO"])
def test_every_combination_of_filters_selects_the_lines_it_says(db, family, start, end, rank, category):
    """The statements are built once per combination of filters and their values bound at execution: each
    combination must select exactly the builder's lines it names (list, pies and sums)."""
    filters = Filters(start, end, family.beneficiary_ids[rank] if rank else None, category)
    lines = [
        line
        for line in care_lines()
        if (start is None or line.care_date >= start)
        and (end is None or line.care_date <= end)
        and (rank is None or line.rank == rank)
        and (category is None or line.category == category)
    ]
    paid = [s.paid_on for s in STATEMENTS if any(line in lines for line in s.lines)]

    view = reimbursements.reimbursements_view(db, member_id=family.member_id, filters=filters)

    assert [row.paid_on for row in view.page.rows] == [format_long_date(day) for day in paid]
    assert view.totals.spent == total("spent", lines) and view.totals.line_count == len(lines)
    assert sum((share.amount for share in view.by_category), Decimal(0)) == total("spent", lines)
    assert reimbursements.matching_statement_ids(db, member_id=family.member_id, filters=filters) == [
        row.id for row in view.page.rows
    ]
