"""Mes documents › DESCRIPTIFS DES GARANTIES lists the documents of the member's own contract: a member of
another contract never gets them (nor by their id), opening one is in the member's history, and they carry
no « Nouveau »."""

from sqlalchemy import select

from ocso_app.models import AuditEvent
from ocso_app.services import documents, member_guarantees
from ocso_app.services.audit import Actor
from tests.builders import make_member
from tests.builders.contracts import make_contract_document
from tests.builders.roster import make_plans


def _garanties(db, member_id: int) -> documents.SectionView:
    return next(s for s in documents.member_sections(db, member_id=member_id) if s.key == "garanties")


def test_the_member_sees_and_opens_the_documents_of_their_own_contract_only(db):
    mine, theirs = make_plans(db), make_plans(db)
    notice = make_contract_document(db, contract=mine.health, title="Descriptif des garanties 2026")
    elsewhere = make_contract_document(db, contract=theirs.health, title="Notice d'un autre contrat")
    member = make_member(db, contract_option_id=mine.health_option.id)
    uncovered = make_member(db)

    section = _garanties(db, member.id)
    assert section.title == "DESCRIPTIFS DES GARANTIES" and section.unread == 0
    [shown] = section.documents
    title = f"Descriptif des garanties 2026 – {mine.health.label}"
    assert (shown.id, shown.title, shown.marks_read, shown.unread) == (notice.id, title, False, False)
    assert shown.url == f"/api/assure/garanties/{notice.id}"
    assert _garanties(db, uncovered.id).documents == []
    assert documents.unread_count(db, member_id=member.id) == 0

    actor = Actor(account_id=None, member_id=member.id)
    stored = member_guarantees.open_contract_document(db, actor=actor, document_id=notice.id)
    assert stored is not None and stored.download_name == f"{title}.pdf"
    history = db.scalars(select(AuditEvent.action).where(AuditEvent.member_id == member.id)).all()
    assert f"Consultation du document « {title} »" in history

    refused = member_guarantees.open_contract_document(db, actor=actor, document_id=elsewhere.id)
    nobody = member_guarantees.open_contract_document(db, actor=Actor(account_id=None), document_id=notice.id)
    assert refused is None and nobody is None
    assert len(db.scalars(select(AuditEvent.id).where(AuditEvent.member_id == member.id)).all()) == 1


# --- the tableau de garanties itself (guide 004: « consulter ... leur tableau de garantie »; the help:
# « Votre tableau de garanties est dans MES DOCUMENTS > DESCRIPTIFS DES GARANTIES »), even without a PDF


def _option(db, plans, code: str):
    from ocso_app.models import ContractOption

    return db.scalars(
        select(ContractOption).where(
            ContractOption.contract_id == plans.health.id, ContractOption.code == code
        )
    ).one()


def test_the_member_reads_the_guarantee_table_of_their_own_option_without_any_pdf(db):
    from ocso_app.services.care_catalog import BASE_PLAN, OPTION_PLAN

    mine, theirs = make_plans(db), make_plans(db)
    member = make_member(db, contract_option_id=mine.health_option.id)
    upgraded = make_member(db, contract_option_id=_option(db, theirs, OPTION_PLAN.code).id)

    table = member_guarantees.guarantee_table(db, member_id=member.id)
    assert table is not None
    assert table.title == f"{BASE_PLAN.label} – {mine.health.label}"
    assert table.insurer == f"Assureur : {mine.health.insurer}"
    assert [(line.label, line.rule) for line in table.lines] == [(r.label, r.rule) for r in BASE_PLAN.rules]
    assert "forfait 150 €/an" in [line.rule for line in table.lines]

    other = member_guarantees.guarantee_table(db, member_id=upgraded.id)
    assert other is not None and other.title == f"{OPTION_PLAN.label} – {theirs.health.label}"
    assert [(line.label, line.rule) for line in other.lines] == [(r.label, r.rule) for r in OPTION_PLAN.rules]

    section = _garanties(db, member.id)
    assert section.title == "DESCRIPTIFS DES GARANTIES" and section.documents == []
    assert (section.table_title, section.table_insurer) == (table.title, table.insurer)
    assert [(row.label, row.rule) for row in section.table] == [(r.label, r.rule) for r in BASE_PLAN.rules]


def test_a_member_without_a_contract_option_has_no_table(db):
    member = make_member(db)
    assert member_guarantees.guarantee_table(db, member_id=member.id) is None
    section = _garanties(db, member.id)
    assert section.title == "AUCUN DESCRIPTIF DES GARANTIES"
    assert (section.table_title, section.table) == ("", [])
    other_sections = [s for s in documents.member_sections(db, member_id=member.id) if s.key != "garanties"]
    assert all(s.table == [] for s in other_sections)
