"""Attestations d'adhésion: read back with pypdf, one page per employee, every download audited, and a
selection holding one id outside the caller's structures gives nothing at all; each certifies only what is
true (affiliated, still to affiliate, dispensed from the santé plan) with the dates of the fiche."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from ocso_app.models import AffiliationStatus, AuditEvent
from ocso_app.services import attestation_pdf, audit
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.employees import NONE, health_detail
from ocso_app.services.staff_record import staff_record
from tests.builders import make_employer
from tests.builders.roster import (
    HEALTH_OPTION,
    make_covered_employee,
    make_dispensed_employee,
    make_plans,
    make_pre_affiliated,
)

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


# --- an attestation certifies only what is true, with the fiche's dates

INVITED = datetime(2026, 10, 30, 21, 59, tzinfo=UTC)
HR = StatusAuthor(None, "Claire RH (RH)")


def _pre_affiliated(db, plans, *, civility: str = "Mme", invited_at: datetime | None = INVITED):
    """Martine ADAM as the pré-affiliation registers her on both contracts from 28/10/2026, invited."""
    employee = make_pre_affiliated(
        db, plans=plans, hired_on=date(2026, 10, 28), by=HR, actor=audit.Actor(account_id=None), now=INVITED
    )
    employee.civility, employee.first_name, employee.last_name = civility, "Martine", "ADAM"
    employee.invited_at = invited_at
    db.flush()
    return employee


def _fiche(db, plans, employee, today: date = TODAY):
    return staff_record(db, structure_ids=[plans.company.id], employee_id=employee.id, today=today)


@pytest.mark.parametrize("today", [date(2026, 11, 5), TODAY], ids=["en cours", "à relancer"])
def test_an_employee_still_to_affiliate_is_attested_registered_with_no_adhesion_date(db, plans, actor, today):
    """Her fiche says « Date d'adhésion — »: the attestation said « Situation À relancer », « Date
    d'adhésion 28/10/2026 » and « est affiliée aux contrats collectifs ci-dessus »."""
    employee = _pre_affiliated(db, plans)
    assert _fiche(db, plans, employee, today).affiliated_on == NONE
    content = attestation_pdf.attestations_pdf(
        db, actor=actor, structure_ids=[plans.company.id], employee_ids=[employee.id], today=today
    )
    (page,) = _pages(content)
    assert "Attestation d'inscription" in page and "Attestation d'adhésion" not in page
    assert "Situation En cours d'affiliation" in page and "À relancer" not in page
    assert (
        "Nous attestons que Mme Martine ADAM est inscrite par son employeur, ATELIERS DU TEST, aux contrats "
        "collectifs ci-dessus ; son affiliation est en cours à la date du"
    ) in page
    assert "affiliée" not in page and "28/10/2026" not in page
    assert page.count("En cours ") >= 2  # the date d'adhésion of each contract
    assert "Bénéficiaires" not in page
    assert _audited(db, actor) == [
        (f"Téléchargement de l'attestation d'adhésion du salarié n° {employee.id}", plans.company.id)
    ]


def test_a_dispensed_employee_is_attested_for_the_provident_cover_from_the_fiches_date(db, plans, actor):
    """The fiche and the list say « Date d'adhésion — »: the attestation printed the prévoyance
    registration's start as « Date d'adhésion » and said « affiliée aux contrats collectifs »."""
    employee = make_dispensed_employee(
        db, plans=plans, since=date(2025, 3, 1), last_name="ADAM", first_name="Martine"
    )
    fiche = _fiche(db, plans, employee)
    assert fiche.affiliated_on == NONE
    assert [(c.kind_label, c.start_date) for c in fiche.registrations] == [("Prévoyance", "01/03/2025")]
    (page,) = _pages(_pdf(db, actor, [plans.company.id], [employee.id]))
    assert "Attestation de couverture prévoyance" in page and "Date d'adhésion" not in page
    assert "Début de la couverture prévoyance" in page and "01/03/2025" in page
    assert "Situation Dispensé(e)" in page
    assert (
        "Nous attestons que Mme Martine ADAM est couverte par le contrat collectif de prévoyance ci-dessus "
        "souscrit par ATELIERS DU TEST, à la date du 24 nov. 2026. Elle est dispensée d'adhésion au contrat "
        "collectif de complémentaire santé de l'entreprise."
    ) in page
    assert plans.health.label not in page and "affiliée" not in page


def test_several_attestations_at_once_word_each_employee_by_their_own_situation(db, plans, actor):
    affiliated = make_covered_employee(db, plans=plans, last_name="ALPHA", affiliated_on=date(2024, 1, 1))
    pending = _pre_affiliated(db, plans, civility="M.")
    dispensed = make_dispensed_employee(db, plans=plans, last_name="CHARLIE")
    pages = _pages(_pdf(db, actor, [plans.company.id], [affiliated.id, pending.id, dispensed.id]))
    assert "Attestation d'adhésion" in pages[0] and "Date d'adhésion" in pages[0] and "01/01/2024" in pages[0]
    assert " est affilié" in pages[0]
    assert "est inscrit par son employeur" in pages[1] and "28/10/2026" not in pages[1]
    assert "Attestation de couverture prévoyance" in pages[2] and "Elle est dispensée d'adhésion" in pages[2]


def test_the_health_detail_shows_the_fiches_adhesion_date(db, plans, actor):
    """« Détail santé » of an employee à relancer showed « Date d'adhésion 28/10/2026 » (her santé
    registration's start) where her fiche says « — »; once affiliated both say the same date."""
    pending = _pre_affiliated(db, plans)
    affiliated = make_covered_employee(db, plans=plans, affiliated_on=date(2024, 1, 1))
    for employee, adhesion in ((pending, NONE), (affiliated, "01/01/2024")):
        detail = health_detail(
            db, actor=actor, structure_ids=[plans.company.id], employee_id=employee.id, today=TODAY
        )
        assert detail is not None
        assert detail.adhesion_date == _fiche(db, plans, employee).affiliated_on == adhesion
