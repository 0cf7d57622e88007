"""Import des décomptes: the preview (every line's reasons, in French, nothing written), the import (Decimal
sums, idempotent by décompte number, audited, in batches), files refused whole, and the member seeing the
new payments at once (Mes remboursements and the décompte's PDF)."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from ocso_app.models import AuditEvent, CareLine, Member, PayeeKind, Statement
from ocso_app.services import audit, csv_files, reimbursements, statement_csv, statement_import, statement_pdf
from ocso_app.services.errors import OcsoError
from ocso_app.services.reimbursements import Filters
from ocso_app.services.statement_import import FileRefused
from tests.builders import make_care_member, make_staff
from tests.builders._unique import unused

TODAY = date(2026, 10, 1)
HEADER = csv_files.SEPARATOR.join([*statement_csv.REQUIRED, *statement_csv.OPTIONAL])


def _number(db: Session) -> str:
    return unused(db, Statement.number, lambda n: f"IMP{n:09d}")


def _line(member: str, statement: str, **changes: str) -> dict[str, str]:
    values = {
        "numero_adherent": member,
        "beneficiaire": "AS",
        "date_soins": "02/09/2026",
        "acte": "G",
        "depense": "30,00",
        "base_ss": "30,00",
        "taux_ss": "70",
        "rembourse_ss": "19,00",
        "rembourse_ocso": "9,00",
        "paye_a": "assure",
        "numero_decompte": statement,
        "date_paiement": "08/09/2026",
        "quantite": "1",
        "praticien": "Dr MARTIN",
    }
    return values | changes


def _csv(*lines: dict[str, str], header: str = HEADER, encoding: str = "utf-8") -> bytes:
    names = header.split(";")
    rows = [header] + [";".join(line[name] for name in names) for line in lines]
    return ("\r\n".join(rows) + "\r\n").encode(encoding)


def _counts(db: Session) -> tuple[int, int]:
    return (db.scalar(select(func.count(Statement.id))) or 0, db.scalar(select(func.count(CareLine.id))) or 0)


@contextmanager
def _same_session(db: Session) -> Iterator[Session]:
    """``import_all``'s session opener, over the test's rolled-back session."""
    yield db
    db.flush()


def _actor(db: Session) -> audit.Actor:
    return audit.Actor(account_id=make_staff(db).id)


def _import(db: Session, content: bytes, name: str = "decomptes.csv") -> statement_import.ImportResult:
    analysis = statement_import.analyse(db, content=content, file_name=name, today=TODAY)
    return statement_import.import_all(lambda: _same_session(db), analysis=analysis, actor=_actor(db))


def test_a_valid_file_is_previewed_without_writing_then_imported_with_decimal_sums(db):
    family = make_care_member(db)
    first, second = _number(db), _number(db)
    content = _csv(
        _line(family.member_number, first),
        _line(family.member_number, first, beneficiaire="EA", acte="PH7", depense="12,40", base_ss="12,40",
              taux_ss="65", rembourse_ss="8,06", rembourse_ocso="4,34", praticien=""),
        _line(family.member_number, second, acte="FJH", depense="40,00", base_ss="40,00", taux_ss="0",
              rembourse_ss="0", rembourse_ocso="40.00", paye_a="professionnel", quantite="2",
              praticien="CLINIQUE DU PARC", date_paiement="2026-09-10"),
    )  # fmt: skip
    before = _counts(db)
    analysis = statement_import.analyse(db, content=content, file_name="septembre.csv", today=TODAY)
    preview = analysis.preview
    assert _counts(db) == before
    assert (preview.lines, preview.statements, preview.new_statements, preview.new_lines) == (3, 2, 2, 3)
    assert preview.new_total == Decimal("53.34") and preview.problems == []
    assert "2 à importer" in preview.summary() and "53,34\u00a0€" in preview.summary()

    result = statement_import.import_all(lambda: _same_session(db), analysis=analysis, actor=_actor(db))
    assert (result.statements, result.lines, result.total) == (2, 3, Decimal("53.34"))
    assert _counts(db) == (before[0] + 2, before[1] + 3)
    stored = {s.number: s for s in db.scalars(select(Statement).where(Statement.number.in_([first, second])))}
    assert stored[first].total_paid == Decimal("13.34") and isinstance(stored[first].total_paid, Decimal)
    assert stored[first].payee_kind == PayeeKind.MEMBER and stored[first].payee_name == "DUBOIS Martin"
    assert stored[second].payee_kind == PayeeKind.PRACTITIONER
    assert stored[second].payee_name == "CLINIQUE DU PARC" and stored[second].paid_on == date(2026, 9, 10)
    pharmacy = db.scalar(
        select(CareLine).where(CareLine.statement_id == stored[first].id, CareLine.act_code == "PH7")
    )
    assert pharmacy.beneficiary_id == family.beneficiary_ids["EA"] and pharmacy.care_category == "PHAR"
    assert (
        pharmacy.remaining_charge == Decimal("0.00") and pharmacy.act_label == "Pharmacie remboursée à 65 %"
    )
    hospital = db.scalar(select(CareLine).where(CareLine.statement_id == stored[second].id))
    assert hospital.quantity == 2 and hospital.remaining_charge == Decimal("0.00")


def test_importing_the_same_file_again_adds_nothing_and_says_so(db):
    family = make_care_member(db)
    content = _csv(_line(family.member_number, _number(db)), _line(family.member_number, _number(db)))
    _import(db, content)
    before = _counts(db)
    again = statement_import.analyse(db, content=content, file_name="decomptes.csv", today=TODAY)
    assert (again.preview.new_statements, again.preview.already_imported) == (0, 2)
    assert "2 déjà importés" in again.preview.summary() and not again.preview.importable
    result = statement_import.import_all(lambda: _same_session(db), analysis=again, actor=_actor(db))
    assert (result.statements, result.already_imported) == (0, 2)
    assert _counts(db) == before


def test_a_statement_written_meanwhile_is_not_written_twice(db):
    """Two staff members import the same file: the second one's batch finds the numbers taken."""
    family = make_care_member(db)
    content = _csv(_line(family.member_number, _number(db)))
    analysis = statement_import.analyse(db, content=content, file_name="a.csv", today=TODAY)
    statement_import.import_all(lambda: _same_session(db), analysis=analysis, actor=_actor(db))
    before = _counts(db)
    late = statement_import.import_all(lambda: _same_session(db), analysis=analysis, actor=_actor(db))
    assert (late.statements, late.already_imported) == (0, 1) and _counts(db) == before


def _stored(db: Session, *numbers: str) -> list[tuple[object, ...]]:
    """Every value the member sees of these décomptes and their lines."""
    statements = db.execute(
        select(Statement.number, Statement.member_id, Statement.paid_on, Statement.payee_kind,
               Statement.payee_name, Statement.total_paid)
        .where(Statement.number.in_(numbers)).order_by(Statement.number)
    ).all()  # fmt: skip
    lines = db.execute(
        select(Statement.number, CareLine.beneficiary_id, CareLine.care_date, CareLine.act_code,
               CareLine.quantity, CareLine.amount_spent, CareLine.ss_base, CareLine.ss_rate,
               CareLine.ss_reimbursed, CareLine.complementary_reimbursed, CareLine.remaining_charge,
               CareLine.practitioner)
        .join(Statement, Statement.id == CareLine.statement_id)
        .where(Statement.number.in_(numbers)).order_by(CareLine.id)
    ).all()  # fmt: skip
    return [tuple(row) for row in [*statements, *lines]]


def test_the_same_file_without_payment_dates_imported_again_another_day_adds_nothing(db):
    """A line without date_paiement is paid « le jour de l'import »: the same file a day later is the same
    décompte, not a changed one."""
    family = make_care_member(db)
    number = _number(db)
    content = _csv(_line(family.member_number, number, date_paiement=""))
    _import(db, content)
    stored = _stored(db, number)
    tomorrow = statement_import.analyse(db, content=content, file_name="x.csv", today=date(2026, 10, 2))
    assert (tomorrow.preview.already_imported, tomorrow.preview.problems) == (1, [])
    assert _stored(db, number) == stored


CHANGED = (
    "le décompte {number} est déjà importé avec {changes} : un import ne le corrige pas, demandez la "
    "correction au service informatique"
)


@pytest.mark.parametrize(
    ("lines", "changes"),
    [
        ([{"rembourse_ocso": "11,00"}, {}],
         "d'autres montants (remboursés par OCSO : 13,34\u00a0€ dans le portail, 15,34\u00a0€ dans le "
         "fichier)"),
        ([{"rembourse_ocso": "10,00"}, {"rembourse_ocso": "3,34"}],
         "d'autres actes (bénéficiaire, date des soins, code, quantité ou montants)"),
        ([{"date_soins": "03/09/2026"}, {}],
         "d'autres actes (bénéficiaire, date des soins, code, quantité ou montants)"),
        ([{}, {"beneficiaire": "EB"}],
         "d'autres actes (bénéficiaire, date des soins, code, quantité ou montants)"),
        ([{}], "d'autres actes (2 lignes dans le portail, 1 dans le fichier)"),
        ([{}, {}, {"acte": "CS"}], "d'autres actes (2 lignes dans le portail, 3 dans le fichier)"),
        ([{"date_paiement": "09/09/2026"}, {"date_paiement": "09/09/2026"}],
         "une autre date de paiement (le 08/09/2026 dans le portail)"),
        ([{"paye_a": "professionnel"}, {"paye_a": "professionnel"}],
         "un autre destinataire du paiement (paye_a, praticien)"),
        ([{"rembourse_ocso": "11,00", "date_paiement": "09/09/2026"}, {"date_paiement": "09/09/2026"}],
         "une autre date de paiement (le 08/09/2026 dans le portail) et d'autres montants (remboursés par "
         "OCSO : 13,34\u00a0€ dans le portail, 15,34\u00a0€ dans le fichier)"),
    ],
    ids=["ocso-amount", "same-total", "care-date", "beneficiary", "line-less", "line-more", "paid-on",
         "payee", "two"],
)  # fmt: skip
def test_a_statement_sent_again_with_other_content_is_refused_naming_what_differs(db, lines, changes):
    """The insurer re-sends a décompte with corrected amounts: it was « déjà importé », the staff member
    believed the file fine, and the member kept seeing the old reimbursement."""
    family = make_care_member(db)
    number = _number(db)
    pharmacy = {"beneficiaire": "EA", "acte": "PH7", "depense": "12,40", "base_ss": "12,40", "taux_ss": "65",
                "rembourse_ss": "8,06", "rembourse_ocso": "4,34", "praticien": "Dr MARTIN"}  # fmt: skip
    first = [_line(family.member_number, number), _line(family.member_number, number, **pharmacy)]
    _import(db, _csv(*first))
    stored, counts = _stored(db, number), _counts(db)
    sent_again = [
        _line(family.member_number, number, **(pharmacy if index == 1 else {}) | change)
        for index, change in enumerate(lines)
    ]
    analysis = statement_import.analyse(db, content=_csv(*sent_again), file_name="x.csv", today=TODAY)
    preview = analysis.preview
    assert [(p.line, p.statement, p.message) for p in preview.problems] == [
        (2, number, CHANGED.format(number=number, changes=changes))
    ]
    assert (preview.new_statements, preview.already_imported, preview.rejected_statements) == (0, 0, 1)
    assert "0 déjà importé, 1 écarté pour erreur" in preview.summary() and not preview.importable
    assert analysis.planned == []
    assert _stored(db, number) == stored and _counts(db) == counts


def test_a_mixed_file_imports_the_new_statements_skips_the_same_ones_and_refuses_the_changed_one(db):
    family = make_care_member(db)
    m = family.member_number
    same, changed, new = _number(db), _number(db), _number(db)
    _import(db, _csv(_line(m, same), _line(m, changed)))
    stored, counts = _stored(db, same, changed), _counts(db)
    content = _csv(_line(m, same), _line(m, changed, rembourse_ocso="11,00"), _line(m, new))
    analysis = statement_import.analyse(db, content=content, file_name="x.csv", today=TODAY)
    preview = analysis.preview
    assert [(p.line, p.statement) for p in preview.problems] == [(3, changed)]
    assert preview.problems[0].message.startswith(f"le décompte {changed} est déjà importé avec d'autres ")
    assert (preview.statements, preview.new_statements, preview.already_imported) == (3, 1, 1)
    assert preview.summary() == (
        "3 lignes, 3 décomptes : 1 à importer (1 ligne, 9,00\u00a0€ remboursés par OCSO), 1 déjà importé, "
        "1 écarté pour erreur."
    )
    result = statement_import.import_all(lambda: _same_session(db), analysis=analysis, actor=_actor(db))
    assert (result.statements, result.lines, result.already_imported) == (1, 1, 1)
    assert _counts(db) == (counts[0] + 1, counts[1] + 1)
    assert _stored(db, same, changed) == stored and len(_stored(db, new)) == 2


def test_stored_statements_are_compared_in_two_queries_per_chunk_of_numbers_not_one_per_line(db, test_engine):
    family = make_care_member(db)
    numbers = [_number(db) for _ in range(5)]
    content = _csv(
        *(_line(family.member_number, n, **acts) for n in numbers for acts in ({}, {"acte": "CS"}))
    )
    _import(db, content)
    queries: list[str] = []

    def count(*args):
        queries.append(args[2])

    event.listen(test_engine, "before_cursor_execute", count)
    try:
        again = statement_import.analyse(db, content=content, file_name="x.csv", today=TODAY)
    finally:
        event.remove(test_engine, "before_cursor_execute", count)
    assert (again.preview.already_imported, again.preview.problems) == (5, [])
    # 5 décomptes of 2 lines, one chunk of numbers: their décomptes in one query, their lines in another
    assert sum("FROM statements" in q for q in queries) == 1
    assert sum("FROM care_lines" in q for q in queries) == 1


def test_a_statement_imported_meanwhile_with_other_content_stops_the_import_in_french(db):
    """Checked as new, then imported by another agent from a corrected file before this import writes it:
    this import writes nothing of its batch and says which décompte to check again."""
    family = make_care_member(db)
    number, other = _number(db), _number(db)
    analysis = statement_import.analyse(
        db, content=_csv(_line(family.member_number, other), _line(family.member_number, number)),
        file_name="a.csv", today=TODAY,
    )  # fmt: skip
    _import(db, _csv(_line(family.member_number, number, rembourse_ocso="11,00")), name="corrige.csv")
    stored, counts = _stored(db, number), _counts(db)
    with pytest.raises(OcsoError) as refused:
        statement_import.import_all(lambda: _same_session(db), analysis=analysis, actor=_actor(db))
    assert refused.value.message == statement_import.CHANGED_MEANWHILE.format(number=number, part="")
    assert _stored(db, number) == stored and _counts(db) == counts


def _reasons(db: Session, content: bytes) -> dict[int, str]:
    preview = statement_import.analyse(db, content=content, file_name="x.csv", today=TODAY).preview
    return {problem.line: problem.message for problem in preview.problems}


def test_each_wrong_line_gets_its_reasons_in_french_and_nothing_is_written(db):
    family = make_care_member(db)
    m = family.member_number
    content = _csv(
        _line("999999", "E1"),  # 2
        _line(m, "E2", beneficiaire="CJ"),  # 3
        _line(m, "E3", date_soins="31/02/2026"),  # 4
        _line(m, "E4", depense="trente"),  # 5
        _line(m, "E5", rembourse_ocso="9,005"),  # 6
        _line(m, "E6", rembourse_ss="25,00", rembourse_ocso="0,00"),  # 7
        _line(m, "E7", rembourse_ocso="12,00"),  # 8
        _line(m, "E8", acte="XYZ"),  # 9
        _line(m, "E9", paye_a="caisse"),  # 10
        _line(m, "E10", date_soins="02/12/2026"),  # 11
        _line(m, "E11", paye_a="professionnel", praticien=""),  # 12
        _line(m, "E12", taux_ss="170", depense="-3,00"),  # 13
        _line(m, "E13", date_soins="01/01/2020"),  # 14: before the member's cover began
        _line("12345", "E14"),  # 15
        _line(m, "E15", quantite="2²"),  # 16: a digit to str.isdigit, not to int: the preview failed
        _line("１２３４５６", "E16"),  # 17: full-width digits are no numéro d'adhérent
    )
    before = _counts(db)
    reasons = _reasons(db, content)
    assert _counts(db) == before
    assert reasons[2] == "aucun adhérent ne porte le numéro 999999"
    assert reasons[3] == f"l'adhérent {m} n'a pas de bénéficiaire de rang CJ"
    assert reasons[4] == "date des soins « 31/02/2026 » invalide (JJ/MM/AAAA)"
    assert reasons[5] == "dépense « trente » n'est pas un montant (par exemple 16,18)"
    assert reasons[6] == "remboursement OCSO « 9,005 » a plus de deux décimales"
    assert reasons[7] == "remboursement SS (25,00) supérieur à la base × taux (21,00)"
    assert reasons[8] == "remboursements SS + OCSO (31,00) supérieurs à la dépense (30,00)"
    assert reasons[9] == "code d'acte « XYZ » inconnu"
    assert reasons[10] == "paye_a « caisse » inconnu : assure, tiers_payant ou professionnel"
    assert reasons[11] == "date des soins 02/12/2026 dans le futur"
    assert reasons[12] == "praticien obligatoire quand le professionnel est payé"
    assert reasons[13] == "dépense négatif; taux « 170 » invalide (nombre entier de 0 à 100)"
    assert reasons[14] == "le bénéficiaire AS n'était pas couvert le 01/01/2020"
    assert reasons[15] == "numéro d'adhérent « 12345 » invalide (6 chiffres)"
    assert reasons[16] == "quantité « 2² » invalide (nombre entier de 1 à 99)"
    assert reasons[17] == "numéro d'adhérent « １２３４５６ » invalide (6 chiffres)"


def test_a_wrong_line_sets_its_whole_statement_aside_and_the_others_are_imported(db):
    family = make_care_member(db)
    m = family.member_number
    good, bad = _number(db), _number(db)
    content = _csv(_line(m, bad), _line(m, good), _line(m, bad, acte="XYZ"))
    analysis = statement_import.analyse(db, content=content, file_name="x.csv", today=TODAY)
    assert [p.line for p in analysis.preview.problems] == [4]
    assert (analysis.preview.new_statements, analysis.preview.rejected_statements) == (1, 1)
    statement_import.import_all(lambda: _same_session(db), analysis=analysis, actor=_actor(db))
    numbers = set(db.scalars(select(Statement.number).where(Statement.number.in_([good, bad]))))
    assert numbers == {good}


def test_duplicated_lines_and_disagreeing_lines_of_one_statement_are_refused(db):
    family, other = make_care_member(db), make_care_member(db)
    number, second, third = _number(db), _number(db), _number(db)
    content = _csv(
        _line(family.member_number, number),
        _line(family.member_number, number),  # 3: pasted twice
        _line(family.member_number, second),
        _line(other.member_number, second, acte="CS"),  # 5: another member on the same décompte
        _line(family.member_number, third),
        _line(family.member_number, third, acte="CS", date_paiement="09/09/2026"),  # 7
    )
    reasons = _reasons(db, content)
    assert reasons == {
        3: "ligne identique à la ligne 2",
        5: f"le décompte {second} est celui de l'adhérent {family.member_number} (ligne 4)",
        7: f"le décompte {third} a une autre date de paiement à la ligne 6",
    }


def test_a_number_already_used_for_another_member_is_refused(db):
    family, other = make_care_member(db), make_care_member(db)
    number = _number(db)
    _import(db, _csv(_line(family.member_number, number)))
    reasons = _reasons(db, _csv(_line(other.member_number, number)))
    assert reasons == {2: f"le numéro de décompte {number} existe déjà pour un autre adhérent"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", csv_files.EMPTY),
        (_csv(_line("123456", "X1", praticien="Clinique Sainte-Hélène"), encoding="latin-1"),
         csv_files.BAD_ENCODING),
        (_csv(_line("123456", "X1")).replace(b";", b","),
         csv_files.BAD_SEPARATOR.format(found=",")),
        (_csv(_line("123456", "X1")).replace(b";", b"\t"),
         csv_files.BAD_SEPARATOR.format(found="tabulation")),
        (_csv(header=HEADER.replace("taux_ss;", "").replace(";acte", "")),
         csv_files.MISSING_COLUMNS.format(columns="acte, taux_ss")),
        (_csv(header=HEADER + ";couleur"), csv_files.UNKNOWN_COLUMNS.format(columns="couleur")),
        (_csv(header=HEADER + ";acte"), csv_files.DUPLICATE_COLUMNS.format(columns="acte")),
        (b"%PDF-1.7\n\x00\x01\x02binary", csv_files.NOT_TEXT),
        (bytes(range(256)) * 4, csv_files.NOT_TEXT),
        (_csv(), statement_csv.NO_LINES),
    ],
    ids=["empty", "latin-1", "commas", "tabs", "missing", "unknown", "twice", "pdf", "garbage", "no-line"],
)  # fmt: skip
def test_a_wrong_file_is_refused_whole_with_a_french_message_and_nothing_written(db, content, message):
    before = _counts(db)
    with pytest.raises(FileRefused) as refused:
        statement_import.analyse(db, content=content, file_name="x.csv", today=TODAY)
    assert refused.value.message == message
    assert _counts(db) == before


@pytest.mark.parametrize("control", ["\x00", "\x07"])
def test_a_control_character_far_into_the_file_refuses_it_whole_and_nothing_is_written(db, control):
    """Only the file's first 64 KB were looked at for a NUL (4 KB for the other control characters): a NUL
    on a later line reached the practitioner's cell, and PostgreSQL refused the import midway."""
    family = make_care_member(db)
    lines = [_line(family.member_number, f"PAD{n:06d}") for n in range(800)]
    content = _csv(*lines, _line(family.member_number, "LAST1", praticien=f"Dr{control}MARTIN"))
    assert len(content) > 65536 and content.index(control.encode()) > 65536
    before = _counts(db)
    with pytest.raises(FileRefused) as refused:
        statement_import.analyse(db, content=content, file_name="decomptes.csv", today=TODAY)
    assert refused.value.message == csv_files.NOT_TEXT
    assert _counts(db) == before


def test_headers_are_read_whatever_their_accents_case_and_order(db):
    family = make_care_member(db)
    names = [*statement_csv.REQUIRED, *statement_csv.OPTIONAL][::-1]
    typed = {"numero_adherent": "Numéro d'adhérent", "date_soins": "Date soins", "paye_a": "Payé à"}
    header = ";".join(typed.get(name, name.upper()) for name in names)
    line = _line(family.member_number, _number(db))
    content = ("\ufeff" + header + "\r\n" + ";".join(line[n] for n in names) + "\r\n").encode()
    preview = statement_import.analyse(db, content=content, file_name="x.csv", today=TODAY).preview
    assert (preview.new_statements, preview.problems) == (1, [])


def test_the_example_offered_for_download_is_a_valid_file(db):
    family = make_care_member(db)
    content = statement_csv.EXAMPLE.replace("123456", family.member_number)
    for number in ("D2026000001", "D2026000002"):
        content = content.replace(number, _number(db))
    preview = statement_import.analyse(db, content=content.encode(), file_name="x.csv", today=TODAY).preview
    assert preview.problems == [] and preview.new_statements == 2 and preview.new_lines == 3


def test_a_large_import_is_written_in_batches_each_audited_by_the_staff_member(db, monkeypatch):
    monkeypatch.setattr(statement_import, "BATCH_LINES", 2)
    family = make_care_member(db)
    numbers = [_number(db) for _ in range(5)]
    actor = _actor(db)
    analysis = statement_import.analyse(
        db,
        content=_csv(*(_line(family.member_number, n) for n in numbers)),
        file_name="gros.csv",
        today=TODAY,
    )
    opened = []

    @contextmanager
    def opener() -> Iterator[Session]:
        opened.append(1)
        yield db

    result = statement_import.import_all(opener, analysis=analysis, actor=actor)
    assert result.statements == 5 and len(opened) == 3
    actions = db.scalars(
        select(AuditEvent.action).where(AuditEvent.account_id == actor.account_id).order_by(AuditEvent.id)
    ).all()
    assert len(actions) == 3 and "« gros.csv »" in actions[0] and "partie 1/3" in actions[0]
    assert "2 décomptes importés" in actions[0]


def test_the_member_sees_the_imported_statement_at_once_and_its_pdf(db):
    family = make_care_member(db)
    number = _number(db)
    _import(db, _csv(_line(family.member_number, number, date_paiement="30/09/2026")))
    page = reimbursements.statement_page(db, member_id=family.member_id, filters=Filters())
    assert page.rows[0].number == number and page.rows[0].amount == "9,00\u00a0€"
    assert page.rows[0].paid_on == "30 sept. 2026"
    pdf = statement_pdf.render_statement_pdf(db, member_id=family.member_id, statement_id=page.rows[0].id)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf or b"")).pages)
    assert number in text and "Consultation médecin généraliste" in text


def test_a_member_who_asked_for_it_is_emailed_of_each_new_payment_and_nobody_else(db, monkeypatch):
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(
        "ocso_app.services.payment_notices.send_after_commit",
        lambda _session, *, to, subject, text: sent.append((to, text)),
    )
    wants, quiet = make_care_member(db), make_care_member(db)
    opted_in = db.get(Member, wants.member_id)
    opted_in.payment_email, opted_in.email = True, "veut.savoir@example.org"
    db.get(Member, quiet.member_id).email = "silence@example.org"
    _import(db, _csv(_line(wants.member_number, _number(db)), _line(quiet.member_number, _number(db))))
    assert [to for to, _ in sent] == ["veut.savoir@example.org"]
    assert "9,00" in sent[0][1] and "Dr MARTIN" not in sent[0][1]  # what OCSO paid, never the care


def _text_line(line: dict[str, str], names: list[str]) -> str:
    return ";".join(line[name] for name in names)


@pytest.mark.parametrize(
    ("broken", "found"),
    [
        (lambda cells: cells[:-1], 13),  # the praticien's ; forgotten at the end of the line
        (lambda cells: [cells[0], *cells[2:]], 13),  # the rang forgotten, every value after it shifted
        (lambda cells: [*cells[:-1], "Dr MARTIN", "CABINET DU PORT"], 15),  # a ; typed in the praticien
    ],
    ids=["short-after", "short-before", "wide"],
)
def test_a_line_with_the_wrong_number_of_values_sets_its_whole_statement_aside(db, broken, found):
    """A décompte whose line could not be split into its columns was imported without that line, for good:
    the corrected file then found its number « déjà importé »."""
    family = make_care_member(db)
    number, other = _number(db), _number(db)
    names = HEADER.split(";")
    line = _line(family.member_number, number, acte="CS")
    second = broken([line[name] for name in names])
    rows = [
        HEADER,
        _text_line(_line(family.member_number, number), names),
        ";".join(second),
        _text_line(_line(family.member_number, other), names),
    ]
    content = ("\r\n".join(rows) + "\r\n").encode()
    before = _counts(db)
    analysis = statement_import.analyse(db, content=content, file_name="x.csv", today=TODAY)
    preview = analysis.preview
    assert [(p.line, p.message) for p in preview.problems] == [
        (3, csv_files.WRONG_FIELD_COUNT.format(found=found, expected=len(names)))
    ]
    assert (preview.new_statements, preview.rejected_statements) == (1, 1)
    statement_import.import_all(lambda: _same_session(db), analysis=analysis, actor=_actor(db))
    assert set(db.scalars(select(Statement.number).where(Statement.number.in_([number, other])))) == {other}
    assert _counts(db) == (before[0] + 1, before[1] + 1)


def test_a_quote_left_open_refuses_the_file_naming_its_line_and_nothing_is_written(db):
    """« "Dr MARTIN » opened a quoted value that ran to the end of the file: the lines after it were not
    read, nor counted, nor said, and the lines before it were imported."""
    family = make_care_member(db)
    names = HEADER.split(";")
    rows = [
        HEADER,
        _text_line(_line(family.member_number, _number(db)), names),
        _text_line(_line(family.member_number, _number(db), praticien='"Dr MARTIN'), names),
        _text_line(_line(family.member_number, _number(db)), names),
        _text_line(_line(family.member_number, _number(db)), names),
    ]
    before = _counts(db)
    with pytest.raises(FileRefused) as refused:
        statement_import.analyse(
            db, content=("\r\n".join(rows) + "\r\n").encode(), file_name="x", today=TODAY
        )
    assert refused.value.message == csv_files.OPEN_QUOTE.format(line=3)
    assert _counts(db) == before


def test_a_file_of_more_lines_than_the_limit_is_refused_whatever_its_line_ends(db, monkeypatch):
    """A file saved as Excel for Mac's « CSV (Macintosh) » ends its lines with a bare carriage return: no
    line was counted, and a file over the line limit was read whole."""
    monkeypatch.setattr(statement_csv, "LAYOUT", dataclasses.replace(statement_csv.LAYOUT, max_lines=2))
    family = make_care_member(db)
    lines = [_line(family.member_number, _number(db)) for _ in range(3)]
    for ending in ("\r\n", "\n", "\r"):
        content = _csv(*lines).replace(b"\r\n", ending.encode())
        with pytest.raises(FileRefused) as refused:
            statement_import.analyse(db, content=content, file_name="x.csv", today=TODAY)
        assert refused.value.message == "Le fichier compte plus de 2 lignes : découpez-le."


def test_another_import_writing_the_same_statements_between_the_check_and_the_insert_is_told_in_french(
    monkeypatch,
):
    """Two OCSO agents import the same file at the same moment: the other agent's import commits (in another
    connection) after this one checked its numbers and before it inserts; the unique number refuses this one,
    which says so in French (not « Une erreur inattendue ») and writes nothing, the other's kept once."""
    from ocso_app.db import db_session
    from ocso_app.services.errors import OcsoError

    with db_session() as session:
        family, number, actor = make_care_member(session), _number(session), _actor(session)
    content = _csv(_line(family.member_number, number), _line(family.member_number, number, acte="PH7"))
    with db_session() as session:
        analysis = statement_import.analyse(session, content=content, file_name="a.csv", today=TODAY)
    checked = statement_import._existing_statements

    def checked_then_imported_elsewhere(session: Session, numbers):
        found = checked(session, numbers)
        monkeypatch.setattr(statement_import, "_existing_statements", checked)
        statement_import.import_all(db_session, analysis=analysis, actor=actor)  # the other agent
        return found

    monkeypatch.setattr(statement_import, "_existing_statements", checked_then_imported_elsewhere)
    with pytest.raises(OcsoError) as refused:
        statement_import.import_all(db_session, analysis=analysis, actor=actor)
    assert refused.value.message.startswith("Ce fichier vient d'être importé par ailleurs : ")
    with db_session() as session:
        ids = session.scalars(select(Statement.id).where(Statement.number == number)).all()
        assert len(ids) == 1
        assert session.scalar(select(func.count(CareLine.id)).where(CareLine.statement_id == ids[0])) == 2
        imports = select(func.count(AuditEvent.id)).where(
            AuditEvent.account_id == actor.account_id, AuditEvent.event_type == statement_import.EVENT_TYPE
        )
        assert session.scalar(imports) == 1
