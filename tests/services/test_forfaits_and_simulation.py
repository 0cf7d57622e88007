"""The member's forfaits, the explanation of a décompte's lines (page and PDF alike) and the simulation, on a
database: yearly forfaits used in payment order, per beneficiary or shared by the family, the simulation
kept in Mes documents or sent with the quote, and refusals that write nothing."""

import io
import re
from datetime import date
from decimal import Decimal as D

import pytest
from pypdf import PdfReader
from sqlalchemy import event, func, select

from ocso_app.models import AuditEvent, Document, DocumentCategory, Request
from ocso_app.services import audit, forfaits, reimbursements, simulation, statement_pdf, uploads
from ocso_app.services.care_catalog import CARE_ACTS
from ocso_app.services.requests import Submitter
from ocso_app.services.simulation import SimulationRefused
from ocso_app.services.uploads import IncomingFile
from tests.builders import add_care_statement, make_care_member, make_pdf

TODAY = date(2025, 12, 1)
MONTURE = str(next(i for i, act in enumerate(CARE_ACTS) if act.label == "Monture"))
CONSULTATION = str(
    next(i for i, act in enumerate(CARE_ACTS) if act.label == "Consultation médecin spécialiste")
)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def _pdf_text(content: bytes) -> str:
    return _flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def _actor(family) -> audit.Actor:
    return audit.Actor(account_id=family.account_id, member_id=family.member_id, ip_address="192.0.2.1")


@pytest.fixture
def family(db):
    """Martin DUBOIS (base plan) with JULIE (EA) and JULIEN (EB); in 2025 JULIE used 110 € of her optique
    forfait in March, and the family 100 € of its médecines douces forfait (Martin 60 €, JULIEN 40 €)."""
    member = make_care_member(db)
    add_care_statement(
        db,
        member,
        date(2025, 3, 10),
        [
            ("EA", "OPTI", "Verres unifocaux", "2025-03-01 130.00 0.10 60 0.06 110.00 19.94"),
            ("AS", "MEDD", "Séance d'ostéopathie", "2025-03-02 60.00 0.00 0 0.00 60.00 0.00"),
        ],
    )
    add_care_statement(
        db,
        member,
        date(2025, 5, 20),
        [("EB", "MEDD", "Séance d'ostéopathie", "2025-05-12 70.00 0.00 0 0.00 40.00 30.00")],
    )
    return member


def _uses(db, family) -> dict[tuple[str, str], forfaits.ForfaitUse]:
    return {
        (u.category, u.who): u for u in forfaits.forfaits_left(db, member_id=family.member_id, today=TODAY)
    }


def test_forfaits_left_are_counted_per_beneficiary_and_for_the_family(db, family):
    uses = _uses(db, family)
    julie, martin = uses[("OPTI", "JULIE DUBOIS")], uses[("OPTI", "MARTIN DUBOIS")]
    assert (julie.used, julie.left, julie.total) == (D("110.00"), D("40.00"), D("150.00"))
    assert (martin.used, martin.left) == (D("0.00"), D("150.00"))
    family_forfait = uses[("MEDD", forfaits.FAMILY)]
    assert (family_forfait.used, family_forfait.left, family_forfait.total) == (
        D("100.00"),
        D("0.00"),
        D("100.00"),
    )
    assert ("MEDD", "JULIE DUBOIS") not in uses  # one forfait for the family, not one each
    assert uses[("AUDI", "JULIEN DUBOIS")].left == D("800.00")
    shown = julie.display()
    assert (
        _flat(shown["left"]) == "40,00 €"
        and shown["percent"] == "73"
        and shown["scope"] == "par bénéficiaire"
    )
    assert forfaits.forfaits_left(db, member_id=family.member_id, today=date(2026, 2, 1))[0].used == D("0.00")


def test_a_page_reads_the_household_once_for_its_filters_and_its_forfaits(db, test_engine, family):
    """Mes remboursements and the simulation pass the household they read to both: same options, same
    forfaits, one query fewer; a beneficiary whose cover ended before this year is still a filter (old
    décomptes) but has no forfait left."""
    from ocso_app.models import Beneficiary

    julien = db.scalars(
        select(Beneficiary).where(
            Beneficiary.member_id == family.member_id, Beneficiary.first_name == "JULIEN"
        )
    ).one()
    julien.end_date = date(2024, 12, 31)
    db.flush()
    alone = (
        reimbursements.beneficiary_options(db, member_id=family.member_id),
        forfaits.forfaits_left(db, member_id=family.member_id, today=TODAY),
    )
    statements: list[str] = []

    def count(*args):
        statements.append(args[2])

    event.listen(test_engine, "before_cursor_execute", count)
    try:
        people = forfaits.household(db, member_id=family.member_id)
        shared = (
            reimbursements.beneficiary_options(db, member_id=family.member_id, people=people),
            forfaits.forfaits_left(db, member_id=family.member_id, today=TODAY, people=people),
        )
    finally:
        event.remove(test_engine, "before_cursor_execute", count)
    assert shared == alone
    assert len(statements) == 3  # household, plan, use this year
    assert "JULIEN DUBOIS" in [option.label for option in shared[0]]
    assert "JULIEN DUBOIS" not in [use.who for use in shared[1]]


def test_a_line_reaching_the_forfait_is_explained_on_the_page_and_in_its_pdf_alike(db, family):
    statement_id = add_care_statement(
        db,
        family,
        date(2025, 10, 3),
        [("EA", "OPTI", "Monture", "2025-09-28 180.00 0.05 60 0.03 40.00 139.97")],
    )
    detail = reimbursements.statement_detail(db, actor=_actor(family), statement_id=statement_id)
    [explanation] = detail.explanations
    assert explanation.title.endswith("JULIE DUBOIS – Monture")
    steps = [_flat(step) for step in explanation.steps]
    assert steps == [
        "Sécurité sociale : base de remboursement 0,05 € × 60 % = 0,03 €.",
        "Votre garantie Optique « forfait 150 €/an » : forfait annuel compté par bénéficiaire : "
        "110,00 € déjà utilisés cette année avant cet acte, il restait 40,00 €.",
        "Part OCSO : 40,00 €.",
        "Reste à charge : 139,97 € au-delà du forfait annuel, atteint sur cet acte "
        "(il n'en restait que 40,00 € sur 150,00 €).",
    ]
    pdf = _pdf_text(
        statement_pdf.render_statement_pdf(db, member_id=family.member_id, statement_id=statement_id)
    )
    assert "Le détail de chaque ligne" in pdf
    for step in steps:
        assert step in pdf


def test_a_statement_unfolded_reads_its_lines_with_the_plan_then_the_forfaits_used_before(
    db, test_engine, family
):
    statement_id = add_care_statement(
        db,
        family,
        date(2025, 10, 3),
        [("EA", "OPTI", "Monture", "2025-09-28 180.00 0.05 60 0.03 40.00 139.97")],
    )
    statements: list[str] = []

    def count(*args):
        statements.append(args[2])

    event.listen(test_engine, "before_cursor_execute", count)
    try:
        detail = reimbursements.statement_detail(db, actor=_actor(family), statement_id=statement_id)
    finally:
        event.remove(test_engine, "before_cursor_execute", count)
    assert detail.explanations[0].steps  # explained with the plan read along with the lines
    reads = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 2, reads  # the lines and the plan's code; the forfaits used before
    assert [sql for sql in statements if "INSERT INTO audit_events" in sql]


def test_the_guides_consultation_is_explained_with_its_participation_forfaitaire(db, family):
    detail = reimbursements.statement_detail(db, actor=_actor(family), statement_id=family.statement_ids[1])
    steps = " | ".join(_flat(step) for step in detail.explanations[0].steps)
    assert "30,00 € × 70 % = 21,00 €, moins 2,00 € de participation forfaitaire, soit 19,00 € versés" in steps
    assert "« 150 % BR » : jusqu'à 150 % × 30,00 € = 45,00 €" in steps and "Part OCSO : 16,18 €." in steps
    assert "Reste à charge : 2,00 € de participation forfaitaire" in steps


def test_another_members_statement_explains_nothing_and_writes_nothing(db, family):
    other = make_care_member(db, first_name="Julie")
    before = db.scalar(select(func.count(AuditEvent.id)))
    assert reimbursements.statement_detail(db, actor=_actor(other), statement_id=family.statement_ids[0]) == (
        reimbursements.StatementDetail()
    )
    assert db.scalar(select(func.count(AuditEvent.id))) == before


def _quote(family, **changes) -> dict[str, object]:
    quote: dict[str, object] = {
        "beneficiaire": str(family.beneficiary_ids["EA"]),
        "acte": MONTURE,
        "montant": "180,00",
        "base": "0,05",
    }
    return {**quote, **changes}


def test_simulation_uses_the_beneficiarys_forfait_left(db, family):
    result = simulation.simulate(db, member_id=family.member_id, form=_quote(family), today=TODAY)
    assert (
        result.amounts.ss_reimbursed,
        result.amounts.complementary_reimbursed,
        result.amounts.remaining_charge,
    ) == (D("0.03"), D("40.00"), D("139.97"))
    assert result.forfait_left == D("40.00")
    martin = simulation.simulate(
        db,
        member_id=family.member_id,
        form=_quote(family, beneficiaire=str(family.beneficiary_ids["AS"])),
        today=TODAY,
    )
    assert martin.amounts.complementary_reimbursed == D("150.00")  # his own forfait is whole
    assert martin.amounts.remaining_charge == D("29.97")


def test_simulation_of_a_specialist_with_a_depassement(db, family):
    form = _quote(family, acte=CONSULTATION, montant="60", base="30")
    result = simulation.simulate(db, member_id=family.member_id, form=form, today=TODAY)
    shown = {key: _flat(value) for key, value in result.display().items()}
    assert (shown["social_security"], shown["complementary"], shown["remaining"]) == (
        "19,00 €",
        "24,00 €",
        "17,00 €",
    )
    assert any("15,00 € de dépassement d'honoraires" in _flat(step) for step in result.steps)


def test_simulation_of_the_first_act_of_the_catalog_the_general_practitioner(db, family):
    """« Consultation médecin généraliste » is the catalog's act 0: it was refused as « Choisissez l'acte
    de votre devis »."""
    first = str(next(i for i, act in enumerate(CARE_ACTS) if act.label == "Consultation médecin généraliste"))
    form = _quote(family, acte=first, montant="30", base="30")
    result = simulation.simulate(db, member_id=family.member_id, form=form, today=TODAY)
    shown = {key: _flat(value) for key, value in result.display().items()}
    assert (shown["social_security"], shown["complementary"], shown["remaining"]) == (
        "19,00 €",
        "9,00 €",
        "2,00 €",
    )


def test_hundred_percent_sante_simulation_leaves_nothing_to_pay(db, family):
    form = _quote(family, montant="250", base="10", cent_pour_cent="on")
    result = simulation.simulate(db, member_id=family.member_id, form=form, today=TODAY)
    assert (result.amounts.complementary_reimbursed, result.amounts.remaining_charge) == (
        D("244.00"),
        D("0.00"),
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"beneficiaire": "999999"}, simulation.BAD_BENEFICIARY),
        ({"beneficiaire": "abc"}, simulation.BAD_BENEFICIARY),
        ({"acte": "9999"}, simulation.BAD_ACT),
        ({"montant": "cent euros"}, simulation.BAD_AMOUNT),
        ({"montant": "0"}, simulation.BAD_AMOUNT),
        ({"montant": "-12"}, simulation.BAD_AMOUNT),
        ({"montant": "9999999"}, simulation.BAD_AMOUNT),
        ({"base": "1,234"}, simulation.BAD_BASE),
        ({"base": "200"}, simulation.BASE_ABOVE_AMOUNT),
        (
            {"acte": CONSULTATION, "montant": "30", "base": "30", "cent_pour_cent": "on"},
            simulation.NOT_HUNDRED_PERCENT,
        ),
    ],
)
def test_bad_quotes_are_refused_in_french_and_write_nothing(db, family, changes, message):
    counts = (
        db.scalar(select(func.count(Document.id))),
        db.scalar(select(func.count(AuditEvent.id))),
        db.scalar(select(func.count(Request.id))),
    )
    with pytest.raises(SimulationRefused) as refused:
        simulation.simulate(db, member_id=family.member_id, form=_quote(family, **changes), today=TODAY)
    assert refused.value.message == message
    assert counts == (
        db.scalar(select(func.count(Document.id))),
        db.scalar(select(func.count(AuditEvent.id))),
        db.scalar(select(func.count(Request.id))),
    )


def test_another_members_beneficiary_cannot_be_simulated(db, family):
    other = make_care_member(db, first_name="Julie")
    with pytest.raises(SimulationRefused):
        simulation.simulate(db, member_id=other.member_id, form=_quote(family), today=TODAY)


def test_a_kept_simulation_is_a_read_document_of_its_category_with_the_same_amounts(db, family):
    result = simulation.simulate(db, member_id=family.member_id, form=_quote(family), today=TODAY)
    document_id = simulation.keep_simulation(db, actor=_actor(family), simulation=result)
    document = db.get(Document, document_id)
    assert document is not None and document.category == DocumentCategory.SIMULATION
    assert document.member_id == family.member_id and document.read_at is not None
    assert document.title == "Simulation de remboursement – Monture – 01/12/2025"
    text = _pdf_text(uploads.read_stored(document.storage_key))
    for expected in ("JULIE DUBOIS", "180,00 €", "0,03 €", "40,00 €", "139,97 €", "il restait 40,00 €"):
        assert expected in text
    action = db.scalar(
        select(AuditEvent.action)
        .where(AuditEvent.member_id == family.member_id)
        .order_by(AuditEvent.id.desc())
    )
    assert action == "Enregistrement de la simulation « Simulation de remboursement – Monture – 01/12/2025 »"


def test_a_simulation_sent_with_its_quote_is_a_devis_demarche_with_both_files(db, family):
    submitter = Submitter(family.account_id, family.member_id, nonce="simulation")
    with pytest.raises(uploads.UploadRejected) as refused:
        simulation.send_with_quote(db, submitter=submitter, quote=_quote(family), files=[], today=TODAY)
    assert refused.value.message == simulation.NO_QUOTE_FILE
    assert db.scalar(select(func.count(Request.id)).where(Request.member_id == family.member_id)) == 0
    submitted = simulation.send_with_quote(
        db,
        submitter=submitter,
        quote=_quote(family),
        files=[IncomingFile("devis-opticien.pdf", make_pdf("Devis"))],
        today=TODAY,
    )
    request = db.get(Request, submitted.request_id)
    assert request is not None and request.subject == "Envoi d'un devis"
    assert request.payload["document_type"] == "Devis" and request.payload["beneficiary"] == "JULIE DUBOIS"
    assert "OCSO 40,00" in _flat(request.payload["comment"])
    assert sorted(a.original_name for a in request.attachments) == ["devis-opticien.pdf", "simulation.pdf"]
