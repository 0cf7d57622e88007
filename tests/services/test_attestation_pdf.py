"""Attestations d'adhésion: read back with pypdf, one page per employee, every download audited, and a
selection holding one id outside the caller's structures gives nothing at all."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from ocso_app.models import AffiliationStatus, AuditEvent
from ocso_app.services import attestation_pdf, audit
from tests.builders import make_employer
from tests.builders.roster import HEALTH_OPTION, make_covered_employee, make_plans

TODAY = date(2026, 11, 24)


def _pages(content: bytes) -> list[str]:
    """Each page's text, its blanks (no-break spaces, a table cell's line breaks) made single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def plans(db):
    return make_plans(db, name="ATELIERS DU TEST")


@pytest.fixture
def actor(db, plans) -> audit.Actor:
    return audit.Actor(account_id=make_employer(db, principal_of=(plans.company,)).id)


def _audited(db, actor: audit.Actor) -> list[tuple[str, int | None]]:
    query = select(AuditEvent.action, AuditEvent.company_id).where(AuditEvent.account_id == actor.account_id)
    return [tuple(row) for row in db.execute(query.order_by(AuditEvent.id))]


def _pdf(db, actor, structure_ids, employee_ids):
    return attestation_pdf.attestations_pdf(
        db, actor=actor, structure_ids=structure_ids, employee_ids=employee_ids, today=TODAY
    )


def test_an_attestation_names_the_company_the_employee_the_contracts_and_the_family(db, plans, actor):
    employee = make_covered_employee(
        db, plans=plans, last_name="LEROY", first_name="Claire", birth_date=date(1986, 7, 9), family=True
    )
    content = _pdf(db, actor, [plans.company.id], [employee.id])
    assert content is not None and content.startswith(b"%PDF")
    (page,) = _pages(content)
    for expected in (
        "Attestation d'adhésion",
        "ATELIERS DU TEST",
        plans.company.siren,
        plans.company.client_number,
        "LEROY",
        "Claire",
        "09/07/1986",
        "1 ** ** ** *** 123 **",
        "Frais de santé – Ensemble du personnel",
        plans.health.number,
        HEALTH_OPTION,
        "Prévoyance – Ensemble du personnel",
        "01/01/2024",
        "Conjoint(e)",
        "CAMILLE" if "CAMILLE" in page else "Camille",
        "Léo",
        "Fait à BORDEAUX, le 24 nov. 2026",
        "Nous attestons que Mme Claire LEROY est affiliée aux contrats collectifs",
        "Cachet et signature de l'employeur",
    ):
        assert expected in page, expected
    assert "180037500012341" not in page  # the NIR is never printed whole
    assert _audited(db, actor) == [
        (f"Téléchargement de l'attestation d'adhésion du salarié n° {employee.id}", plans.company.id)
    ]


def test_a_selection_gives_one_attestation_per_employee_in_the_order_asked(db, plans, actor):
    branch = make_plans(db, name="ATELIERS DU SUD")
    people = [
        make_covered_employee(db, plans=plans, last_name="ALPHA"),
        make_covered_employee(db, plans=branch, last_name="BRAVO", health=False),
        make_covered_employee(
            db,
            plans=plans,
            last_name="CHARLIE",
            status=AffiliationStatus.PORTABILITY,
            portability_end_on=date(2027, 5, 31),
        ),
    ]
    ids = [people[2].id, people[0].id, people[1].id, people[0].id]  # a repeat is drawn once
    content = _pdf(db, actor, [plans.company.id, branch.company.id], ids)
    pages = _pages(content)
    assert len(pages) == 3
    assert "CHARLIE" in pages[0] and "En portabilité jusqu'au 31/05/2027" in pages[0]
    assert "ALPHA" in pages[1] and "ATELIERS DU TEST" in pages[1]
    assert "BRAVO" in pages[2] and "ATELIERS DU SUD" in pages[2]
    assert "Bénéficiaires du contrat santé" not in pages[2]  # prévoyance only: no family to list
    assert [company for _, company in _audited(db, actor)] == [
        plans.company.id,
        plans.company.id,
        branch.company.id,
    ]


def test_one_employee_outside_the_structures_refuses_the_whole_selection(db, plans, actor):
    other = make_plans(db)
    mine = make_covered_employee(db, plans=plans)
    theirs = make_covered_employee(db, plans=other)
    assert _pdf(db, actor, [plans.company.id], [mine.id, theirs.id]) is None
    assert _pdf(db, actor, [plans.company.id], [theirs.id]) is None
    assert _pdf(db, actor, [plans.company.id], [mine.id, 2**31 - 1]) is None  # no such employee
    assert _audited(db, actor) == []


def test_an_employee_without_a_contract_has_no_attestation(db, plans, actor):
    pending = make_covered_employee(db, plans=plans, status=AffiliationStatus.PENDING)
    assert _pdf(db, actor, [plans.company.id], [pending.id]) is None
    assert _audited(db, actor) == []


def test_the_selection_in_the_url_is_read_strictly(db, plans, actor):
    assert attestation_pdf.parse_selection("3, 1,3,2") == [3, 1, 2]
    assert attestation_pdf.parse_selection("1,x") is None
    assert attestation_pdf.parse_selection("1,-2") is None
    for empty in ("", " , ", ","):
        with pytest.raises(attestation_pdf.InvalidSelection) as refused:
            attestation_pdf.parse_selection(empty)
        assert refused.value.message == attestation_pdf.NO_SELECTION
    with pytest.raises(attestation_pdf.InvalidSelection) as refused:
        attestation_pdf.parse_selection(",".join(str(n) for n in range(1, 202)))
    assert refused.value.message == attestation_pdf.TOO_MANY
    with pytest.raises(attestation_pdf.InvalidSelection):
        _pdf(db, actor, [plans.company.id], list(range(1, 202)))
    assert _audited(db, actor) == []


def test_a_company_name_with_an_ampersand_is_printed_as_typed(db, actor):
    """« A&B CONSEIL » is a raison sociale like any other: the attestation printed it « A&B; CONSEIL »
    (reportlab read it as an entity), in its table and in the sentence that attests the affiliation."""
    plans = make_plans(db, name="A&B CONSEIL <OUEST>")
    mine = audit.Actor(account_id=make_employer(db, principal_of=(plans.company,)).id)
    employee = make_covered_employee(db, plans=plans, last_name="LEROY", first_name="Claire")
    (page,) = _pages(_pdf(db, mine, [plans.company.id], [employee.id]))
    assert "Raison sociale A&B CONSEIL <OUEST>" in page
    assert "souscrits par A&B CONSEIL <OUEST>" in page
    assert "A&B;" not in page
