"""Import des bordereaux: a file of bordereaux checked into a preview (nothing written), then written as the
bordereaux the employer sees on the Entreprise page; each wrong line in French and set aside alone,
idempotent by number, a later file recording a payment, one audit row per structure naming the staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ocso_app.models import AuditEvent, Company, Contract, ContractKind, ContributionStatement
from ocso_app.services import contracts, contribution_csv, contribution_import, csv_files
from ocso_app.services.audit import Actor
from ocso_app.services.contribution_import import FileRefused
from tests.builders import make_company, make_staff
from tests.builders.contracts import make_contribution
from tests.builders.sick_leaves import make_provident_contract

TODAY = date(2026, 11, 30)
HEADER = csv_files.SEPARATOR.join([*contribution_csv.REQUIRED, *contribution_csv.OPTIONAL])
NBSP = "\u00a0"


@dataclass
class Littoral:
    company: Company
    structure: Company
    stranger: Company  # another company's structure
    health: Contract
    actor: Actor


@pytest.fixture
def littoral(db: Session) -> Littoral:
    company = make_company(db, name="LITTORAL SERVICES")
    structure = make_company(db, parent=company, name="LITTORAL ATLANTIQUE")
    stranger = make_company(db, parent=make_company(db, name="AUTRE"), name="AUTRE NORD")
    health = make_provident_contract(db, company=company, kind=ContractKind.SANTE)
    return Littoral(company, structure, stranger, health, Actor(account_id=make_staff(db).id))


def line(
    site: Littoral,
    *,
    reference: str = "B-1",
    contract: str | None = None,
    period: tuple[str, str] = ("01/07/2026", "30/09/2026"),
    headcount: str = "42",
    due: str = "12345,60",
    due_on: str = "15/10/2026",
    paid: str = "",
    client: str = "",
) -> str:
    """One line of the file, in the header's order; the defaults make a valid bordereau of the third
    quarter, nothing paid yet."""
    return csv_files.SEPARATOR.join(
        [contract or site.health.number, reference, *period, headcount, due, due_on, paid, client]
    )


def csv(*lines: str) -> bytes:
    return ("\r\n".join([HEADER, *lines]) + "\r\n").encode()


def analyse(db: Session, content: bytes) -> contribution_import.Analysis:
    return contribution_import.analyse(db, content=content, file_name="bordereaux.csv", today=TODAY)


def run(db: Session, site: Littoral, content: bytes) -> contribution_import.ImportResult:
    return contribution_import.write(db, analysis=analyse(db, content), actor=site.actor, today=TODAY)


def stored(db: Session, reference: str) -> ContributionStatement | None:
    return db.scalar(select(ContributionStatement).where(ContributionStatement.reference == reference))


def count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(ContributionStatement)) or 0


def test_the_documented_example_reads_without_a_single_reason():
    entries = list(contribution_csv.read_lines(contribution_csv.EXAMPLE.encode(), today=TODAY))
    assert [type(e).__name__ for e in entries] == ["ContributionEntry", "ContributionEntry"]
    assert entries[0].due_on == date(2027, 1, 15)  # a due date to come is what a bordereau has
    assert (entries[1].paid, entries[1].client_number) == (Decimal("8210.00"), "C001235")


def test_a_valid_file_creates_the_bordereaux_the_employer_then_sees(db, littoral):
    content = csv(
        line(littoral),
        line(littoral, reference="B-2", client=littoral.structure.client_number, due="800,00", paid="800,00"),
    )
    before = count(db)
    analysis = analyse(db, content)
    assert count(db) == before  # the preview writes nothing
    assert analysis.preview.problems == []
    assert analysis.preview.summary() == (
        f"2 lignes : 2 bordereaux à importer (13{NBSP}145,60{NBSP}€ dus), 0 paiement à enregistrer "
        f"(0,00{NBSP}€), 0 déjà importé, 0 écarté pour erreur."
    )
    result = contribution_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert (result.new, result.payments, result.already_imported) == (2, 0, 0)
    first, second = stored(db, "B-1"), stored(db, "B-2")
    assert first is not None and second is not None
    assert (first.company_id, first.amount_due, first.amount_paid, first.headcount) == (
        littoral.company.id,
        Decimal("12345.60"),
        Decimal("0.00"),
        42,
    )
    assert (second.company_id, second.status) == (littoral.structure.id, "payee")
    page = contracts.contributions(
        db, structure_ids=(littoral.company.id, littoral.structure.id), today=TODAY
    )
    rows = {row.reference: row for row in page.rows}
    assert (rows["B-1"].status, rows["B-1"].remaining) == ("En retard", f"12{NBSP}345,60{NBSP}€")
    assert rows["B-2"].status == "Réglé"
    audits = db.scalars(select(AuditEvent).where(AuditEvent.account_id == littoral.actor.account_id)).all()
    assert sorted(a.company_id for a in audits) == sorted([littoral.company.id, littoral.structure.id])
    assert all("Bordereaux de cotisations importés par OCSO" in a.action for a in audits)


def test_a_later_file_records_the_payment_and_the_same_file_twice_adds_nothing(db, littoral):
    run(db, littoral, csv(line(littoral)))
    again = analyse(db, csv(line(littoral)))
    assert (again.preview.already_imported, again.preview.importable) == (1, False)
    paid = analyse(db, csv(line(littoral, paid="5000,00")))
    assert (paid.preview.payments, paid.preview.newly_paid, paid.preview.new) == (1, Decimal("5000.00"), 0)
    result = contribution_import.write(db, analysis=paid, actor=littoral.actor, today=TODAY)
    assert (result.new, result.payments) == (0, 1)
    bordereau = stored(db, "B-1")
    assert bordereau is not None and (bordereau.amount_paid, bordereau.status) == (
        Decimal("5000.00"),
        "a_payer",
    )
    page = contracts.contributions(db, structure_ids=(littoral.company.id,), today=TODAY)
    assert [row.status for row in page.rows if row.reference == "B-1"] == ["Réglé partiellement"]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"reference": "B 1"}, "numéro de bordereau « B 1 » invalide (1 à 20 lettres, chiffres ou tirets)"),
        (
            {"period": ("31/09/2026", "30/09/2026")},
            "début de la période « 31/09/2026 » invalide (JJ/MM/AAAA)",
        ),
        ({"period": ("01/10/2026", "30/09/2026")}, "période qui finit avant de commencer"),
        ({"headcount": "-3"}, "effectif « -3 » invalide (nombre entier de 0 à 1 000 000)"),
        ({"headcount": "9" * 5000}, "effectif « 999999999999 » invalide"),  # past int()'s 4 300 digits
        ({"headcount": "2²"}, "effectif « 2² » invalide"),
        ({"due": "12,345"}, "montant dû « 12,345 » a plus de deux décimales"),
        ({"paid": "20000,00"}, "montant payé (20000,00) supérieur au montant dû (12345,60)"),
        ({"due_on": "demain"}, "échéance « demain » invalide (JJ/MM/AAAA)"),
        ({"contract": "S404"}, "aucun contrat ne porte le numéro S404"),
        ({"period": ("01/07/2020", "30/09/2020")}, "période hors du contrat"),
    ],
)
def test_a_wrong_line_says_why_in_french_and_is_set_aside_alone(db, littoral, changes, reason):
    analysis = analyse(db, csv(line(littoral, **changes), line(littoral, reference="B-9")))
    assert [p.line for p in analysis.preview.problems] == [2]
    assert reason in analysis.preview.problems[0].message
    assert [p.entry.reference for p in analysis.planned] == ["B-9"]
    before = count(db)
    contribution_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert count(db) == before + 1


def test_what_only_the_database_knows_is_refused_line_by_line(db, littoral):
    existing = make_contribution(db, contract=littoral.health, period_start=date(2026, 4, 1),
                                 period_end=date(2026, 6, 30), due=Decimal("900.00"), paid=Decimal("300.00"),
                                 due_on=date(2026, 7, 15))  # fmt: skip
    content = csv(
        line(littoral, client=littoral.stranger.client_number),
        line(littoral, reference="B-2", client="C404"),
        line(littoral, reference="B-3"),
        line(littoral, reference="B-3", headcount="43"),
        line(littoral, reference=existing.reference, period=("01/04/2026", "30/06/2026"), due="950,00",
             due_on="15/07/2026"),
        line(littoral, reference=existing.reference, period=("01/04/2026", "30/06/2026"), due="900,00",
             paid="100,00", headcount="12", due_on="15/07/2026"),
    )  # fmt: skip
    problems = [(p.line, p.message) for p in analyse(db, content).preview.problems]
    ni = f"n'est ni l'entreprise du contrat {littoral.health.number} ni l'une de ses structures"
    assert problems == [
        (2, f"le numéro client {littoral.stranger.client_number} {ni}"),
        (3, f"le numéro client C404 {ni}"),
        (5, "bordereau B-3 déjà à la ligne 4"),
        (6, f"le bordereau {existing.reference} est déjà enregistré autrement (contrat, structure, période, "
            "effectif, montant dû, échéance)"),
        (7, f"bordereau {existing.reference} déjà à la ligne 6"),
    ]  # fmt: skip
    lower = analyse(db, csv(line(littoral, reference=existing.reference, period=("01/04/2026", "30/06/2026"),
                                 due="900,00", paid="100,00", headcount="12",
                                 due_on="15/07/2026")))  # fmt: skip
    assert [p.message for p in lower.preview.problems] == [
        "montant payé (100,00) inférieur à celui déjà enregistré (300,00)"
    ]
    before = count(db)
    contribution_import.write(db, analysis=lower, actor=littoral.actor, today=TODAY)
    assert count(db) == before
    assert existing.amount_paid == Decimal("300.00")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", csv_files.EMPTY),
        (HEADER.encode(), contribution_csv.NO_LINES),
        (
            HEADER.replace("echeance;", "").encode() + b"\r\nx",
            csv_files.MISSING_COLUMNS.format(columns="echeance"),
        ),
        (b"x" * (contribution_csv.MAX_BYTES + 1), contribution_csv.LAYOUT.too_large),
    ],
)
def test_a_wrong_file_is_refused_whole_with_nothing_written(db, content, message):
    before = count(db)
    with pytest.raises(FileRefused) as refused:
        analyse(db, content)
    assert refused.value.message == message
    assert count(db) == before


def test_another_import_writing_the_same_bordereau_between_the_check_and_the_write_is_told_in_french(
    db, littoral, monkeypatch
):
    """Two OCSO agents import the same file at the same moment: the other's bordereau is written after this
    import checked the references and before it writes its own; the unique reference refuses this one, which
    says so in French (not « Une erreur inattendue ») and writes nothing."""
    from ocso_app.services.errors import OcsoError

    analysis = analyse(db, csv(line(littoral), line(littoral, reference="B-2")))
    before = count(db), db.scalar(select(func.count(AuditEvent.id)))
    bordereau = contribution_import._bordereau

    def written_elsewhere_first(plan):
        with db.begin_nested():
            db.add(bordereau(plan))  # the other agent's, committed first
        return bordereau(plan)

    monkeypatch.setattr(contribution_import, "_bordereau", written_elsewhere_first)
    with pytest.raises(OcsoError) as refused, db.begin_nested():
        contribution_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert refused.value.message.startswith("Ce fichier vient d'être importé par ailleurs : ")
    assert (count(db), db.scalar(select(func.count(AuditEvent.id)))) == before


def _bordereaux(db: Session) -> list[tuple[object, ...]]:
    """Every value the employer sees of every bordereau."""
    return [
        tuple(row)
        for row in db.execute(
            select(ContributionStatement.reference, ContributionStatement.company_id,
                   ContributionStatement.contract_id, ContributionStatement.period_start,
                   ContributionStatement.period_end, ContributionStatement.headcount,
                   ContributionStatement.amount_due, ContributionStatement.amount_paid,
                   ContributionStatement.due_on, ContributionStatement.status)
            .order_by(ContributionStatement.id)
        )
    ]  # fmt: skip


def _audits(db: Session) -> int:
    return db.scalar(select(func.count(AuditEvent.id))) or 0


STORED_OTHERWISE = (
    "le bordereau B-1 est déjà enregistré autrement (contrat, structure, période, effectif, montant dû, "
    "échéance)"
)


@pytest.mark.parametrize(
    "changes",
    [
        {"due_on": "31/10/2026"},
        {"headcount": "43"},
        {"due": "12000,00"},
        {"period": ("01/07/2026", "31/07/2026")},
    ],
    ids=["due-on", "headcount", "due", "period"],
)
def test_a_bordereau_sent_again_with_other_facts_is_refused_in_the_preview(db, littoral, changes):
    """A corrected échéance was « déjà importé » and the employer kept seeing the old one (and « En
    retard » from it); the other facts were already refused, and stay so."""
    run(db, littoral, csv(line(littoral)))
    before, audits = _bordereaux(db), _audits(db)
    analysis = analyse(db, csv(line(littoral, **changes)))
    assert [(p.line, p.reference, p.message) for p in analysis.preview.problems] == [
        (2, "B-1", STORED_OTHERWISE)
    ]
    assert (analysis.preview.already_imported, analysis.preview.rejected, analysis.preview.importable) == (
        0,
        1,
        False,
    )
    contribution_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert (_bordereaux(db), _audits(db)) == (before, audits)


def test_the_same_file_twice_is_still_already_imported_and_writes_nothing(db, littoral):
    content = csv(line(littoral), line(littoral, reference="B-2", paid="100,00"))
    run(db, littoral, content)
    before = _bordereaux(db)
    again = analyse(db, content)
    assert (again.preview.problems, again.preview.already_imported, again.preview.importable) == (
        [],
        2,
        False,
    )
    result = contribution_import.write(db, analysis=again, actor=littoral.actor, today=TODAY)
    assert (result.new, result.payments, result.already_imported) == (0, 0, 2)
    assert _bordereaux(db) == before


CHANGED_MEANWHILE = (
    "Rien n'a été importé : le bordereau B-1 vient d'être importé par ailleurs avec un autre contenu que "
    "celui de ce fichier. Vérifiez de nouveau le fichier : l'aperçu dira ce qui diffère."
)


@pytest.mark.parametrize(
    ("first", "meanwhile"),
    [
        ({}, {"due_on": "31/10/2026"}),  # a new bordereau, stored meanwhile with another échéance
        ({}, {"due": "12000,00"}),
        ({}, {"paid": "200,00"}),  # stored meanwhile with more paid than this file says
        ({"paid": "0,00"}, {"paid": "6000,00"}),  # a payment of 5 000, another import recorded 6 000
    ],
    ids=["due-on", "due", "paid-new", "paid-more"],
)
def test_a_bordereau_imported_meanwhile_with_other_content_stops_the_import_in_french(
    db, littoral, first, meanwhile
):
    """Checked by the preview, then written by another import from another file before this one writes: it
    was counted « déjà présent »; now nothing is written and the staff member is told which bordereau to
    check again."""
    from ocso_app.services.errors import OcsoError

    if first:
        run(db, littoral, csv(line(littoral, **first)))
    analysis = analyse(
        db, csv(line(littoral, reference="B-0"), line(littoral, paid="5000,00" if first else ""))
    )
    assert [p.entry.reference for p in analysis.planned] == ["B-0", "B-1"]
    run(db, littoral, csv(line(littoral, **meanwhile)))
    before, audits = _bordereaux(db), _audits(db)
    with pytest.raises(OcsoError) as refused, db.begin_nested():
        contribution_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert refused.value.message == CHANGED_MEANWHILE
    assert (_bordereaux(db), _audits(db)) == (before, audits)


def test_a_bordereau_imported_meanwhile_with_the_same_content_is_already_there(db, littoral):
    analysis = analyse(db, csv(line(littoral), line(littoral, reference="B-2", paid="300,00")))
    run(db, littoral, csv(line(littoral), line(littoral, reference="B-2", paid="100,00")))
    result = contribution_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert (result.new, result.payments, result.already_imported) == (0, 1, 1)
    bordereau = stored(db, "B-2")
    assert bordereau is not None and bordereau.amount_paid == Decimal("300.00")


def test_a_bordereau_deleted_meanwhile_is_not_created_again_without_a_word(db, littoral):
    """The file records a payment of B-1, stored when the file was checked; before the import, B-1 was deleted
    (by hand: the portal has no way to, it is how the service informatique corrects a bordereau an import
    got wrong). The import created it again from the file, counted « importé », undoing the correction
    without telling anybody. Now nothing is written and the staff member is told B-1 was deleted."""
    from sqlalchemy import delete

    from ocso_app.services.errors import OcsoError

    run(db, littoral, csv(line(littoral)))
    analysis = analyse(db, csv(line(littoral, reference="B-0"), line(littoral, paid="5000,00")))
    assert (analysis.preview.new, analysis.preview.payments) == (1, 1)
    db.execute(delete(ContributionStatement).where(ContributionStatement.reference == "B-1"))
    before, audits = _bordereaux(db), _audits(db)
    with pytest.raises(OcsoError) as refused, db.begin_nested():
        contribution_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert refused.value.message == (
        "Rien n'a été importé : le bordereau B-1 (ligne 3) a été supprimé du portail depuis la vérification "
        "du fichier, et l'import ne le recrée pas. Vérifiez de nouveau le fichier : s'il ne doit pas être "
        "enregistré de nouveau, retirez sa ligne."
    )
    assert (_bordereaux(db), _audits(db)) == (before, audits)
    assert stored(db, "B-1") is None
