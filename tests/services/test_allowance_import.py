"""Import des indemnités journalières: a file of payments checked into a preview (nothing written), then
written as arrêts and payments the employer sees; every wrong line in French with its arrêt set aside,
idempotent by payment number, an arrêt's end recorded, one audit row per structure naming the staff member.
An employee without member file (dispensed from the santé plan) is named by their NIR, never said back; an
employee not registered on the prévoyance contract on the arrêt's first day is refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ocso_app.models import (
    AuditEvent,
    Company,
    Contract,
    ContractKind,
    DailyAllowance,
    Employee,
    EmployeeContract,
    SickLeave,
)
from ocso_app.services import allowance_csv, allowance_import, allowance_pdf, csv_files, sick_leaves
from ocso_app.services.allowance_import import FileRefused
from ocso_app.services.audit import Actor
from ocso_app.services.errors import OcsoError
from ocso_app.services.identifiers import nir_with_key
from ocso_app.services.sick_leaves import AllowanceFilters
from tests.builders import make_company, make_employee, make_staff
from tests.builders.members import NIR, make_member
from tests.builders.roster import Plans, make_dispensed_employee, make_plans
from tests.builders.sick_leaves import make_provident_contract, make_registration, make_sick_leave

TODAY = date(2026, 11, 30)
HEADER = csv_files.SEPARATOR.join([*allowance_csv.REQUIRED, *allowance_csv.OPTIONAL])
NBSP = "\u00a0"
# the arrêt's second payment: October, 31 days at 45,00
OCTOBER = {
    "number": "IJ-2",
    "period": ("01/10/2026", "31/10/2026"),
    "gross": "1395,00",
    "charges": "93,47",
    "net": "1301,53",
    "paid": "05/11/2026",
}


@dataclass
class Littoral:
    contract: Contract
    health_contract: Contract
    lambert: Employee  # of the company
    benali: Employee  # of one of its structures
    lambert_number: str
    benali_number: str
    outsider_number: str  # a member employed elsewhere
    actor: Actor


@pytest.fixture
def littoral(db: Session) -> Littoral:
    company = make_company(db, name="LITTORAL SERVICES")
    structure = make_company(db, parent=company, name="LITTORAL ATLANTIQUE")
    contract = make_provident_contract(db, company=company)
    health = make_provident_contract(db, company=company, kind=ContractKind.SANTE)
    people = [make_member(db) for _ in range(3)]
    lambert = make_employee(db, company=company, last_name="Lambert", member_id=people[0].id)
    benali = make_employee(db, company=structure, last_name="Benali", member_id=people[1].id)
    make_employee(db, company=make_company(db, name="AUTRE"), member_id=people[2].id)
    for employee in (lambert, benali):
        make_registration(db, employee=employee, contract=contract)
    staff = make_staff(db)
    return Littoral(
        contract,
        health,
        lambert,
        benali,
        people[0].member_number,
        people[1].member_number,
        people[2].member_number,
        Actor(account_id=staff.id),
    )


def line(
    site: Littoral,
    *,
    number: str = "IJ-1",
    reference: str = "AT-1",
    member: str | None = None,
    contract: str | None = None,
    motif: str = "Maladie",
    start: str = "02/09/2026",
    end: str = "",
    period: tuple[str, str] = ("05/09/2026", "30/09/2026"),
    daily: str = "45,00",
    gross: str = "1170,00",
    charges: str = "78,39",
    net: str = "1091,61",
    paid: str = "05/10/2026",
    waiting: str = "3",
    days: str = "",
    nir: str = "",
) -> str:
    """One line of the file, in the header's order; the defaults make a valid payment of 26 days (to Lambert,
    by his member number)."""
    return csv_files.SEPARATOR.join(
        [
            contract or site.contract.number,
            site.lambert_number if member is None else member,
            reference,
            motif,
            start,
            number,
            *period,
            daily,
            gross,
            charges,
            net,
            paid,
            end,
            waiting,
            days,
            nir,
        ]
    )


def csv(*lines: str, header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *lines]) + "\r\n").encode()


def analyse(db: Session, content: bytes) -> allowance_import.Analysis:
    return allowance_import.analyse(db, content=content, file_name="ij.csv", today=TODAY)


def run(db: Session, site: Littoral, content: bytes) -> allowance_import.ImportResult:
    return allowance_import.write(db, analysis=analyse(db, content), actor=site.actor, today=TODAY)


def counts(db: Session) -> tuple[int, int, int]:
    return (
        db.scalar(select(func.count()).select_from(SickLeave)) or 0,
        db.scalar(select(func.count()).select_from(DailyAllowance)) or 0,
        db.scalar(select(func.count()).select_from(AuditEvent)) or 0,
    )


def test_the_documented_example_reads_without_a_single_reason():
    """Two months of one arrêt (of the demo's Karim BENALI), the amounts to the cent."""
    entries = list(allowance_csv.read_lines(allowance_csv.EXAMPLE.encode(), today=TODAY))
    assert [type(e).__name__ for e in entries] == ["AllowanceEntry", "AllowanceEntry"]
    assert [(e.days, e.gross, e.social_charges, e.net) for e in entries] == [
        (26, Decimal("1595.10"), Decimal("106.87"), Decimal("1488.23")),
        (31, Decimal("1901.85"), Decimal("127.42"), Decimal("1774.43")),
    ]
    assert entries[0].leave == entries[1].leave
    assert (entries[0].leave.motif, entries[0].leave.end, entries[0].leave.waiting_days) == (
        "Maladie",
        None,
        3,
    )


def test_a_valid_file_creates_the_arret_and_its_payments_the_employer_then_sees(db, littoral):
    content = csv(
        line(littoral),
        line(littoral, **OCTOBER),
        line(littoral, number="IJ-3", reference="AT-2", member=littoral.benali_number,
             motif="accident DE trajet",
             start="01/10/2026", end="15/10/2026", period=("04/10/2026", "15/10/2026"), daily="50,00",
             gross="600,00", charges="40,20", net="559,80", paid="20/10/2026"),
    )  # fmt: skip
    before = counts(db)
    analysis = analyse(db, content)
    assert counts(db) == before  # the preview writes nothing
    assert analysis.preview.problems == []
    assert analysis.preview.summary() == (
        f"3 lignes, 2 arrêts : 3 paiements à importer pour 2{NBSP}952,94{NBSP}€ nets, "
        "2 arrêts nouveaux, 0 fin d'arrêt à enregistrer, 0 paiement déjà importé, "
        "0 arrêt écarté pour erreur."
    )
    result = allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert (result.payments, result.new_leaves, result.net) == (3, 2, Decimal("2952.94"))
    leaves = {
        leave.reference: leave
        for leave in db.scalars(select(SickLeave).where(SickLeave.reference.in_(["AT-1", "AT-2"])))
    }
    assert leaves["AT-1"].employee_id == littoral.lambert.id
    assert (leaves["AT-1"].status, leaves["AT-1"].end_date, leaves["AT-1"].waiting_days) == (
        "en_cours",
        None,
        3,
    )
    assert (leaves["AT-2"].company_id, leaves["AT-2"].reason) == (
        littoral.benali.company_id,
        "Accident de trajet",
    )
    assert leaves["AT-2"].status == "cloture"  # ended before today
    payment = db.scalar(select(DailyAllowance).where(DailyAllowance.statement_number == "IJ-2"))
    assert payment is not None
    assert (payment.days, payment.daily_amount, payment.gross_amount, payment.net_amount) == (
        31,
        Decimal("45.00"),
        Decimal("1395.00"),
        Decimal("1301.53"),
    )
    # the employer's own page reads them, to the cent
    view = sick_leaves.allowances_view(
        db,
        structure_ids=[littoral.lambert.company_id, littoral.benali.company_id],
        filters=AllowanceFilters(),
        today=TODAY,
    )
    assert (view.leave_count, view.totals.payment_count, view.totals.net) == (2, 3, Decimal("2952.94"))
    assert view.totals.formatted()["net"] == f"2{NBSP}952,94{NBSP}€"
    audits = db.scalars(select(AuditEvent).where(AuditEvent.account_id == littoral.actor.account_id)).all()
    assert sorted(a.company_id for a in audits) == sorted(
        [littoral.lambert.company_id, littoral.benali.company_id]
    )
    assert all(a.event_type == "Import d'indemnités journalières" and "par OCSO" in a.action for a in audits)


def test_importing_the_same_file_twice_adds_nothing(db, littoral):
    content = csv(line(littoral), line(littoral, **OCTOBER))
    run(db, littoral, content)
    before = counts(db)
    again = analyse(db, content)
    assert (again.preview.already_imported, again.preview.importable) == (2, False)
    result = allowance_import.write(db, analysis=again, actor=littoral.actor, today=TODAY)
    assert (result.payments, result.already_imported) == (0, 2)
    assert counts(db)[:2] == before[:2]


def _payments(db: Session, site: Littoral) -> list[tuple[object, ...]]:
    """Every value the employer sees of the arrêts of the site's employees and of their payments."""
    leaves = select(SickLeave.id).where(SickLeave.employee_id.in_([site.lambert.id, site.benali.id]))
    payments = db.execute(
        select(DailyAllowance.statement_number, DailyAllowance.sick_leave_id, DailyAllowance.period_start,
               DailyAllowance.period_end, DailyAllowance.days, DailyAllowance.daily_amount,
               DailyAllowance.gross_amount, DailyAllowance.social_charges, DailyAllowance.net_amount,
               DailyAllowance.paid_on)
        .where(DailyAllowance.sick_leave_id.in_(leaves)).order_by(DailyAllowance.id)
    ).all()  # fmt: skip
    arrets = db.execute(
        select(SickLeave.reference, SickLeave.start_date, SickLeave.end_date, SickLeave.status)
        .where(SickLeave.id.in_(leaves)).order_by(SickLeave.id)
    ).all()  # fmt: skip
    return [tuple(row) for row in [*payments, *arrets]]


CHANGED = (
    "le paiement IJ-1 est déjà importé avec {changes} : un import ne le corrige pas, demandez la correction "
    "au service informatique"
)


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"charges": "80,00", "net": "1090,00"},
         f"d'autres montants (net : 1{NBSP}091,61{NBSP}€ dans le portail, 1{NBSP}090,00{NBSP}€ dans le "
         "fichier)"),
        ({"daily": "46,00", "gross": "1196,00", "charges": "104,39"},
         f"d'autres montants (brut : 1{NBSP}170,00{NBSP}€ dans le portail, 1{NBSP}196,00{NBSP}€ dans le "
         "fichier)"),
        ({"period": ("04/09/2026", "29/09/2026")},
         "une autre période (du 05/09/2026 au 30/09/2026 dans le portail)"),
        ({"paid": "06/10/2026"}, "une autre date de paiement (le 05/10/2026 dans le portail)"),
        ({"paid": "06/10/2026", "charges": "80,00", "net": "1090,00"},
         "une autre date de paiement (le 05/10/2026 dans le portail) et d'autres montants (net : "
         f"1{NBSP}091,61{NBSP}€ dans le portail, 1{NBSP}090,00{NBSP}€ dans le fichier)"),
    ],
    ids=["net", "daily-gross", "period", "paid-on", "two"],
)  # fmt: skip
def test_a_payment_sent_again_with_other_content_is_refused_naming_what_differs(db, littoral, changes, said):
    """The insurer re-sends a payment with corrected amounts: it was « déjà importé », the staff member
    believed the file fine, and the employer kept seeing the old amounts."""
    run(db, littoral, csv(line(littoral)))
    stored, before = _payments(db, littoral), counts(db)
    analysis = analyse(db, csv(line(littoral, **changes)))
    assert [(p.line, p.reference, p.message) for p in analysis.preview.problems] == [
        (2, "AT-1", CHANGED.format(changes=said))
    ]
    assert (analysis.preview.already_imported, analysis.preview.rejected_leaves) == (0, 1)
    assert "0 paiement déjà importé, 1 arrêt écarté pour erreur" in analysis.preview.summary()
    assert analysis.planned == [] and not analysis.preview.importable
    allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert _payments(db, littoral) == stored and counts(db)[:2] == before[:2]


def test_a_mixed_file_imports_the_new_payments_skips_the_same_and_refuses_the_arret_of_a_changed_one(
    db, littoral
):
    benali = {"reference": "AT-9", "member": littoral.benali_number}
    run(db, littoral, csv(line(littoral), line(littoral, number="IJ-9", **benali)))
    stored, before = _payments(db, littoral), counts(db)
    content = csv(
        line(littoral),  # the same
        line(littoral, number="IJ-9", net="1090,00", charges="80,00", **benali),  # changed
        line(littoral, **benali | OCTOBER | {"number": "IJ-10"}),  # new, in the changed arrêt
        line(littoral, **OCTOBER),  # new
    )
    analysis = analyse(db, content)
    assert [(p.line, p.reference) for p in analysis.preview.problems] == [(3, "AT-9")]
    assert analysis.preview.problems[0].message.startswith("le paiement IJ-9 est déjà importé avec d'autres ")
    assert analysis.preview.summary() == (
        f"4 lignes, 2 arrêts : 1 paiement à importer pour 1{NBSP}301,53{NBSP}€ nets, 0 arrêt nouveau, "
        "0 fin d'arrêt à enregistrer, 1 paiement déjà importé, 1 arrêt écarté pour erreur."
    )
    result = allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert (result.payments, result.already_imported) == (1, 1)
    payments, arrets = stored[:2], stored[2:]
    after = _payments(db, littoral)
    assert after[:2] == payments and after[3:] == arrets and counts(db)[1] == before[1] + 1
    assert after[2][0] == "IJ-2"
    assert db.scalar(select(DailyAllowance.net_amount).where(DailyAllowance.statement_number == "IJ-9")) == (
        Decimal("1091.61")
    )


def test_a_payment_imported_meanwhile_with_other_content_stops_the_import_in_french(db, littoral):
    """Checked as new, then written by another import from a corrected file before this one writes: this
    import writes nothing and says which payment to check again."""
    from ocso_app.services.errors import OcsoError

    run(db, littoral, csv(line(littoral)))
    analysis = analyse(db, csv(line(littoral), line(littoral, **OCTOBER)))
    run(db, littoral, csv(line(littoral, **OCTOBER | {"net": "1300,00", "charges": "95,00"})))
    stored, before = _payments(db, littoral), counts(db)
    with pytest.raises(OcsoError) as refused, db.begin_nested():
        allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert refused.value.message == allowance_import.CHANGED_MEANWHILE.format(number="IJ-2")
    assert _payments(db, littoral) == stored and counts(db) == before


def test_a_later_file_adds_payments_and_records_the_return_to_work(db, littoral):
    run(db, littoral, csv(line(littoral)))
    later = csv(
        line(littoral, end="20/10/2026"),  # the first payment again, now with the arrêt's end
        line(littoral, number="IJ-2", end="20/10/2026", period=("01/10/2026", "20/10/2026"), gross="900,00",
             charges="60,30", net="839,70", paid="25/10/2026"),
    )  # fmt: skip
    analysis = analyse(db, later)
    assert (analysis.preview.new_payments, analysis.preview.new_leaves, analysis.preview.new_ends) == (
        1,
        0,
        1,
    )
    assert analysis.preview.already_imported == 1
    allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    leave = db.scalar(select(SickLeave).where(SickLeave.reference == "AT-1"))
    assert leave is not None
    assert (leave.end_date, leave.status) == (date(2026, 10, 20), "cloture")
    assert db.scalar(select(func.count()).where(DailyAllowance.sick_leave_id == leave.id)) == 2


def test_the_end_of_an_arret_alone_is_worth_importing(db, littoral):
    run(db, littoral, csv(line(littoral)))
    analysis = analyse(db, csv(line(littoral, end="30/12/2026")))  # a planned end, after today
    assert (analysis.preview.new_payments, analysis.preview.new_ends, analysis.preview.importable) == (
        0,
        1,
        True,
    )
    allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    leave = db.scalar(select(SickLeave).where(SickLeave.reference == "AT-1"))
    assert leave is not None and (leave.end_date, leave.status) == (date(2026, 12, 30), "en_cours")


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"member": "12AB"}, "numéro d'adhérent « 12AB » invalide (6 chiffres)"),
        ({"motif": "Grippe"}, "motif « Grippe » inconnu : Maladie, Accident du travail, Accident de trajet, "
                              "Maladie professionnelle"),
        ({"start": "31/02/2026"}, "début de l'arrêt « 31/02/2026 » invalide (JJ/MM/AAAA)"),
        ({"paid": "05/01/2027"}, "date de paiement 05/01/2027 dans le futur"),
        ({"end": "01/09/2026"}, "fin de l'arrêt antérieure à son début"),
        ({"end": "20/09/2026"}, "période indemnisée qui finit après la fin de l'arrêt"),
        ({"period": ("01/09/2026", "26/09/2026")}, "période indemnisée qui commence avant l'arrêt"),
        ({"period": ("30/09/2026", "05/09/2026")}, "période indemnisée qui finit avant de commencer"),
        ({"paid": "04/09/2026"}, "date de paiement antérieure à la période indemnisée"),
        ({"days": "25"}, "jours « 25 » invalide : la période du 05/09/2026 au 30/09/2026 compte 26 jour(s)"),
        ({"gross": "1170,01", "net": "1091,62"}, "brut (1170,01) différent de l'indemnité journalière × "
                                                 "jours (1170,00)"),
        ({"net": "1100,00"}, "net (1100,00) différent du brut moins les charges (1091,61)"),
        ({"charges": "-1,00"}, "charges sociales négatif"),
        ({"daily": "45,001"}, "indemnité journalière « 45,001 » a plus de deux décimales"),
        ({"waiting": "400"}, "franchise « 400 » invalide (nombre entier de jours, de 0 à 365)"),
        ({"number": "IJ 1"}, "numéro de paiement « IJ 1 » invalide (1 à 20 lettres, chiffres ou tirets)"),
    ],
)  # fmt: skip
def test_a_wrong_line_says_why_in_french_and_sets_its_arret_aside(db, littoral, changes, reason):
    good_other = line(littoral, number="IJ-9", reference="AT-9", member=littoral.benali_number)
    analysis = analyse(db, csv(line(littoral, **changes), line(littoral, **OCTOBER), good_other))  # fmt: skip
    assert [(p.line, p.reference) for p in analysis.preview.problems] == [(2, "AT-1")]
    assert reason in analysis.preview.problems[0].message
    assert analysis.preview.rejected_leaves == 1
    assert [p.leave.reference for p in analysis.planned] == ["AT-9"]  # AT-1's good line waits with it
    before = counts(db)
    allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert db.scalars(select(SickLeave.reference).where(SickLeave.reference.in_(["AT-1", "AT-9"]))).all() == [
        "AT-9"
    ]
    assert counts(db)[:2] == (before[0] + 1, before[1] + 1)


def test_what_only_the_database_knows_is_refused_line_by_line(db, littoral):
    other_contract = make_provident_contract(db, company=make_company(db, name="TIERS"))
    january = [(date(2026, 1, 8), date(2026, 2, 6))]
    make_sick_leave(db, employee=littoral.benali, contract=littoral.contract, start=date(2026, 1, 5),
                    end=None, daily=Decimal("40.00"), periods=january)  # fmt: skip
    taken = db.scalar(select(SickLeave).where(SickLeave.employee_id == littoral.benali.id))
    assert taken is not None
    paid = db.scalar(select(DailyAllowance.statement_number).where(DailyAllowance.sick_leave_id == taken.id))
    content = csv(
        line(littoral, reference="AT-A", contract="P404"),
        line(littoral, reference="AT-B", contract=littoral.health_contract.number, number="IJ-B"),
        line(littoral, reference="AT-C", contract=other_contract.number, number="IJ-C"),
        line(littoral, reference="AT-D", member=littoral.outsider_number, number="IJ-D"),
        line(littoral, reference=taken.reference, number="IJ-E"),  # Benali's arrêt, said to be Lambert's
        line(littoral, reference="AT-F", number=str(paid)),  # a number paid for Benali's arrêt
        line(littoral, reference="AT-G", number="IJ-G1"),
        line(littoral, reference="AT-G", number="IJ-G2", motif="Accident du travail"),
        line(littoral, reference="AT-H", number="IJ-H"),
        line(littoral, reference="AT-H", number="IJ-H"),
    )
    problems = [(p.line, p.message) for p in analyse(db, content).preview.problems]
    assert problems == [
        (2, "aucun contrat ne porte le numéro P404"),
        (3, f"le contrat {littoral.health_contract.number} n'est pas un contrat de prévoyance"),
        (4, f"l'adhérent {littoral.lambert_number} n'est pas salarié de l'entreprise du contrat "
            f"{other_contract.number}"),
        (5, f"l'adhérent {littoral.outsider_number} n'est pas salarié de l'entreprise du contrat "
            f"{littoral.contract.number}"),
        (6, f"l'arrêt {taken.reference} existe déjà pour un autre salarié ou un autre contrat"),
        (7, f"le paiement {paid} existe déjà pour un autre arrêt"),
        (9, "l'arrêt AT-G est décrit autrement à la ligne 8 (contrat, salarié, motif, dates, franchise)"),
        (11, "numéro de paiement IJ-H déjà à la ligne 10"),
    ]  # fmt: skip
    before = counts(db)
    analysis = analyse(db, content)
    assert not analysis.preview.importable
    allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert counts(db)[:2] == before[:2]


def test_a_period_already_paid_is_not_paid_twice(db, littoral):
    leave, payments = make_sick_leave(db, employee=littoral.benali, contract=littoral.contract,
                                      start=date(2026, 1, 5), end=None, daily=Decimal("40.00"),
                                      periods=[(date(2026, 1, 8), date(2026, 2, 6))])  # fmt: skip
    overlapping = line(littoral, reference=leave.reference, member=littoral.benali_number, start="05/01/2026",
                       number="IJ-I", period=("20/01/2026", "31/01/2026"), daily="40,00", gross="480,00",
                       charges="32,16", net="447,84", paid="05/02/2026")  # fmt: skip
    twice_in_file = [line(littoral, number=f"IJ-{n}", period=("05/09/2026", "30/09/2026")) for n in (1, 2)]
    problems = analyse(db, csv(overlapping, *twice_in_file)).preview.problems
    assert [(p.line, p.message) for p in problems] == [
        (
            2,
            f"période déjà indemnisée par le paiement {payments[0].statement_number} "
            "(du 08/01/2026 au 06/02/2026)",
        ),
        (4, "période déjà indemnisée par le paiement IJ-1 (du 05/09/2026 au 30/09/2026)"),
    ]


def test_a_contract_that_did_not_cover_the_first_day_is_refused(db, littoral):
    littoral.contract.end_date = date(2026, 8, 31)
    db.flush()
    problems = analyse(db, csv(line(littoral))).preview.problems
    assert [p.message for p in problems] == [
        f"le contrat {littoral.contract.number} ne couvrait pas le 02/09/2026"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", csv_files.EMPTY),
        (HEADER.encode(), allowance_csv.NO_LINES),
        (HEADER.replace(";", ",").encode() + b"\r\nx", csv_files.BAD_SEPARATOR.format(found=",")),
        (HEADER.replace("motif;", "").encode() + b"\r\nx", csv_files.MISSING_COLUMNS.format(columns="motif")),
        ((HEADER + ";acte").encode() + b"\r\nx", csv_files.UNKNOWN_COLUMNS.format(columns="acte")),
        ("numéro_contrat".encode("latin-1") + b";x\r\n", csv_files.BAD_ENCODING),
        (b"x" * (allowance_csv.MAX_BYTES + 1), allowance_csv.LAYOUT.too_large),
    ],
)
def test_a_wrong_file_is_refused_whole_with_nothing_written(db, content, message):
    before = counts(db)
    with pytest.raises(FileRefused) as refused:
        analyse(db, content)
    assert refused.value.message == message
    assert counts(db) == before


def test_the_too_large_message_names_the_limit():
    assert allowance_csv.LAYOUT.too_large == "Le fichier dépasse 5 Mo : découpez-le en plusieurs fichiers."
    assert (
        allowance_csv.LAYOUT.too_many_lines == f"Le fichier compte plus de 20{NBSP}000 lignes : découpez-le."
    )


def test_a_new_arret_may_not_overlap_another_of_the_same_employee(db, littoral):
    """An employee is not twice on sick leave: a new arrêt meeting a running one is refused until the file
    (or an earlier one) gives that arrêt's end; two new arrêts of the file meeting each other are both."""
    running, (payment,) = make_sick_leave(db, employee=littoral.lambert, contract=littoral.contract,
                                          start=date(2026, 1, 5), end=None, daily=Decimal("40.00"),
                                          periods=[(date(2026, 1, 8), date(2026, 2, 6))])  # fmt: skip
    new = line(littoral, reference="AT-NEW")  # from 02/09/2026
    problems = analyse(db, csv(new)).preview.problems
    assert [(p.line, p.message) for p in problems] == [
        (2, f"le salarié est déjà en arrêt de travail à ces dates (arrêt {running.reference} depuis le "
            "05/01/2026) : la fin de cet arrêt doit être enregistrée d'abord"),
    ]  # fmt: skip
    ended = line(littoral, reference=running.reference, start="05/01/2026", end="31/08/2026",
                 number=payment.statement_number, period=("08/01/2026", "06/02/2026"), daily="40,00",
                 gross="1200,00", charges="80,40", net="1119,60", paid="11/02/2026")  # fmt: skip
    analysis = analyse(db, csv(ended, new))
    assert analysis.preview.problems == []
    assert (analysis.preview.new_leaves, analysis.preview.new_ends, analysis.preview.already_imported) == (
        1,
        1,
        1,
    )
    twice = analyse(db, csv(line(littoral, reference="AT-X", member=littoral.benali_number),
                            line(littoral, reference="AT-Y", member=littoral.benali_number, number="IJ-Y",
                                 start="20/09/2026", period=("20/09/2026", "30/09/2026"), gross="495,00",
                                 charges="33,17", net="461,83")))  # fmt: skip
    assert [(p.line, p.reference) for p in twice.preview.problems] == [(2, "AT-X"), (3, "AT-Y")]
    assert twice.planned == [] and twice.preview.rejected_leaves == 2


def test_a_payment_after_the_recorded_end_of_its_arret_is_refused(db, littoral):
    """An arrêt whose end an earlier file recorded (30/09) is over: a later file paying October without
    giving a new end would show a « Clôturé » arrêt paid after its last day. And an end given before days
    already paid would leave those payments outside the arrêt. Both are « période hors de l'arrêt »."""
    run(db, littoral, csv(line(littoral, end="30/09/2026")))
    october = line(littoral, **OCTOBER)  # no fin_arret: the recorded end stays
    problems = analyse(db, csv(october)).preview.problems
    assert [(p.line, p.message) for p in problems] == [
        (2, "période indemnisée qui finit après la fin de l'arrêt (30/09/2026 selon le dossier) : donnez "
            "sa nouvelle fin (fin_arret) s'il a été prolongé"),
    ]  # fmt: skip
    before = counts(db)
    allowance_import.write(db, analysis=analyse(db, csv(october)), actor=littoral.actor, today=TODAY)
    assert counts(db)[:2] == before[:2]
    prolonged = line(littoral, end="31/10/2026", **OCTOBER)  # the prolongation said: October is paid
    assert analyse(db, csv(prolonged)).preview.problems == []
    run(db, littoral, csv(prolonged))

    cut_short = line(littoral, end="20/10/2026")  # the first payment again, with an end before IJ-2's days
    problems = analyse(db, csv(cut_short)).preview.problems
    assert [(p.line, p.message) for p in problems] == [
        (2, "fin de l'arrêt 20/10/2026 antérieure aux jours déjà indemnisés par le paiement IJ-2 (du "
            "01/10/2026 au 31/10/2026)"),
    ]  # fmt: skip
    leave = db.scalar(select(SickLeave).where(SickLeave.reference == "AT-1"))
    assert leave is not None and leave.end_date == date(2026, 10, 31)


def test_the_journal_says_when_an_import_records_the_end_of_an_arret(db, littoral):
    """Recording an arrêt's end changes the employee's file: the structure's journal said only « 0 paiement
    importé (0,00 € nets, 0 arrêt nouveau), 1 déjà présent », as if nothing had changed."""
    run(db, littoral, csv(line(littoral)))
    result = run(db, littoral, csv(line(littoral, end="30/10/2026")))
    assert result.ends == 1
    assert result.summary() == (
        f"0 paiement importé (0,00{NBSP}€ nets, 0 arrêt nouveau), 1 fin d'arrêt enregistrée, 1 déjà présent."
    )
    (last,) = db.scalars(
        select(AuditEvent.action)
        .where(
            AuditEvent.account_id == littoral.actor.account_id,
            AuditEvent.company_id == littoral.lambert.company_id,
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    assert "1 fin d'arrêt enregistrée" in last


def test_another_import_writing_the_same_arret_between_the_check_and_the_write_is_told_in_french(
    db, littoral, monkeypatch
):
    """Two OCSO agents import the same file at the same moment: the other's arrêt is written after this
    import checked the references and before it writes its own; the unique reference refuses this one, which
    says so in French (not « Une erreur inattendue ») and writes nothing."""
    from sqlalchemy import insert

    from ocso_app.services.errors import OcsoError

    analysis = analyse(db, csv(line(littoral), line(littoral, **OCTOBER)))
    before = counts(db)
    new_leave = allowance_import._new_leave

    def written_elsewhere_first(session, plan, today):
        place, leave = plan.place, plan.leave
        other = {"company_id": place.company_id, "employee_id": place.employee_id, "status": "en_cours"}
        other |= {"contract_id": place.contract_id, "reference": leave.reference, "reason": leave.motif}
        session.execute(insert(SickLeave).values(start_date=leave.start, waiting_days=3, **other))
        return new_leave(session, plan, today)

    monkeypatch.setattr(allowance_import, "_new_leave", written_elsewhere_first)
    with pytest.raises(OcsoError) as refused, db.begin_nested():
        allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert refused.value.message.startswith("Ce fichier vient d'être importé par ailleurs : ")
    assert counts(db) == before


def _arrets(db: Session, site: Littoral) -> list[tuple[object, ...]]:
    """What the employer sees of the arrêts of the site's employees: employee, contract, motif, dates,
    franchise and status."""
    return [
        tuple(row)
        for row in db.execute(
            select(SickLeave.reference, SickLeave.employee_id, SickLeave.contract_id, SickLeave.reason,
                   SickLeave.start_date, SickLeave.end_date, SickLeave.waiting_days, SickLeave.status)
            .where(SickLeave.employee_id.in_([site.lambert.id, site.benali.id]))
            .order_by(SickLeave.id)
        )
    ]  # fmt: skip


LEAVE_CHANGED = (
    "l'arrêt AT-1 est déjà enregistré avec {changes} : un import ne le corrige pas, demandez la correction "
    "au service informatique"
)


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"motif": "Accident du travail"},
         "un autre motif (Maladie dans le portail, Accident du travail dans le fichier)"),
        ({"waiting": "0"}, "une autre franchise (3 jours dans le portail, 0 jour dans le fichier)"),
        ({"motif": "accident de trajet", "waiting": "7"},
         "un autre motif (Maladie dans le portail, Accident de trajet dans le fichier) et une autre "
         "franchise (3 jours dans le portail, 7 jours dans le fichier)"),
    ],
    ids=["motif", "franchise", "both"],
)  # fmt: skip
def test_an_arret_sent_again_with_another_motif_or_franchise_is_refused_naming_what_differs(
    db, littoral, changes, said
):
    """The file said the arrêt was an accident du travail, or had no franchise: the import took its new
    payments and kept the stored motif and franchise without a word, so the employer's page and its PDF
    went on showing « Maladie » and « Carence : 3 jours »."""
    run(db, littoral, csv(line(littoral)))
    stored, arrets, before = _payments(db, littoral), _arrets(db, littoral), counts(db)
    analysis = analyse(db, csv(line(littoral, **changes), line(littoral, **OCTOBER | changes)))
    assert [(p.line, p.reference, p.message) for p in analysis.preview.problems] == [
        (2, "AT-1", LEAVE_CHANGED.format(changes=said))
    ]
    assert "0 paiement à importer" in analysis.preview.summary()
    assert "1 arrêt écarté pour erreur" in analysis.preview.summary()
    assert analysis.planned == [] and not analysis.preview.importable
    allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert (_payments(db, littoral), _arrets(db, littoral), counts(db)[:2]) == (stored, arrets, before[:2])


def test_an_arret_sent_again_with_the_same_facts_is_still_accepted_and_idempotent(db, littoral):
    """The same motif however written, the same franchise, or none given (the column left empty says
    nothing of a stored arrêt); its new payments are imported, and the same file twice adds nothing."""
    run(db, littoral, csv(line(littoral, motif="Accident du travail", waiting="0")))
    later = csv(
        line(littoral, motif="ACCIDENT DU TRAVAIL", waiting="0"),
        line(littoral, motif="accident du travail", waiting="0", **OCTOBER),
    )
    analysis = analyse(db, later)
    assert analysis.preview.problems == []
    assert (analysis.preview.new_payments, analysis.preview.already_imported) == (1, 1)
    run(db, littoral, later)
    arrets, before = _arrets(db, littoral), counts(db)
    assert [a[3:7:3] for a in arrets] == [("Accident du travail", 0)]
    again = analyse(db, later)
    assert (again.preview.problems, again.preview.already_imported, again.preview.importable) == (
        [],
        2,
        False,
    )
    allowance_import.write(db, analysis=again, actor=littoral.actor, today=TODAY)
    assert (_arrets(db, littoral), counts(db)[:2]) == (arrets, before[:2])
    unsaid = analyse(db, csv(line(littoral, motif="Accident du travail", waiting="")))
    assert (unsaid.preview.problems, unsaid.preview.already_imported) == ([], 1)
    # lines of one new arrêt still agree when one gives the default franchise and another leaves it empty
    mixed = analyse(db, csv(line(littoral, reference="AT-9", member=littoral.benali_number, number="IJ-9"),
                            line(littoral, reference="AT-9", member=littoral.benali_number, waiting="",
                                 **OCTOBER | {"number": "IJ-10"})))  # fmt: skip
    assert (mixed.preview.problems, mixed.preview.new_payments) == ([], 2)


def test_lines_of_one_arret_with_two_franchises_are_told_the_franchise_differs(db, littoral):
    """Two lines of one new arrêt, one with 3 days of franchise and the other none: refused with the
    arrêt's other facts, but the message listed only « contrat, salarié, motif, dates », all the same on
    both lines, and the staff member looked for a difference it did not name."""
    content = csv(line(littoral, waiting="3"), line(littoral, waiting="0", **OCTOBER))
    problems = [(p.line, p.message) for p in analyse(db, content).preview.problems]
    assert problems == [
        (3, "l'arrêt AT-1 est décrit autrement à la ligne 2 (contrat, salarié, motif, dates, franchise)")
    ]


def test_an_arret_created_meanwhile_for_another_employee_stops_the_import_in_french(db, littoral):
    """Checked as new, then created by another import for another employee under the same reference before
    this one writes: the arrêt and its payments were dropped without a word; now nothing is written and the
    staff member is told which arrêt to check again."""
    from ocso_app.services.errors import OcsoError

    analysis = analyse(db, csv(line(littoral), line(littoral, **OCTOBER)))
    assert [p.leave.reference for p in analysis.planned] == ["AT-1"]
    run(db, littoral, csv(line(littoral, number="IJ-X", member=littoral.benali_number)))  # AT-1, Benali's
    arrets, before = _arrets(db, littoral), counts(db)
    with pytest.raises(OcsoError) as refused, db.begin_nested():
        allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert refused.value.message == (
        "Rien n'a été importé : l'arrêt AT-1 vient d'être enregistré par ailleurs pour un autre salarié ou "
        "avec un autre contenu que celui de ce fichier. Vérifiez de nouveau le fichier : l'aperçu dira ce "
        "qui diffère."
    )
    assert (_arrets(db, littoral), counts(db)) == (arrets, before)


def test_an_arret_created_meanwhile_with_another_motif_stops_the_import(db, littoral):
    from ocso_app.services.errors import OcsoError

    analysis = analyse(db, csv(line(littoral)))
    run(db, littoral, csv(line(littoral, number="IJ-X", motif="Accident du travail", **{
        "period": ("01/10/2026", "31/10/2026"), "gross": "1395,00", "charges": "93,47", "net": "1301,53",
        "paid": "05/11/2026"})))  # fmt: skip
    arrets, before = _arrets(db, littoral), counts(db)
    with pytest.raises(OcsoError) as refused, db.begin_nested():
        allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert refused.value.message.startswith("Rien n'a été importé : l'arrêt AT-1 vient d'être enregistré ")
    assert (_arrets(db, littoral), counts(db)) == (arrets, before)


def test_an_arret_created_meanwhile_with_the_same_facts_gets_the_payments_of_this_file(db, littoral):
    analysis = analyse(db, csv(line(littoral), line(littoral, **OCTOBER)))
    run(db, littoral, csv(line(littoral)))  # the other agent imported its first payment
    result = allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert (result.payments, result.new_leaves, result.already_imported) == (1, 0, 1)
    assert [a[0] for a in _arrets(db, littoral)] == ["AT-1"]


END_CHANGED_MEANWHILE = (
    "Rien n'a été importé : la fin de l'arrêt AT-1 vient d'être enregistrée par ailleurs (30/09/2026) et le "
    "paiement IJ-2 de ce fichier (ligne {line}) indemnise des jours après elle. Vérifiez de nouveau le "
    "fichier : l'aperçu dira ce qui diffère."
)


@pytest.mark.parametrize("stored_at_check", [True, False], ids=["stored-arret", "new-arret"])
def test_an_end_recorded_meanwhile_before_a_payment_of_this_file_stops_the_import_in_french(
    db, littoral, stored_at_check
):
    """This file pays October of AT-1 and gives no end; between its check and its write another import
    recorded the return to work on 30/09 (on the stored arrêt, or creating it with that end). October was
    written all the same: a « Clôturé » arrêt paid after its last day, which the preview of either file
    would have refused. Now nothing is written and the staff member is told which arrêt to check again."""
    from ocso_app.services.errors import OcsoError

    if stored_at_check:
        run(db, littoral, csv(line(littoral)))
        analysis, line_number = analyse(db, csv(line(littoral, **OCTOBER))), 2
    else:
        analysis, line_number = analyse(db, csv(line(littoral), line(littoral, **OCTOBER))), 3
    assert analysis.preview.problems == [] and analysis.preview.new_payments >= 1
    run(db, littoral, csv(line(littoral, end="30/09/2026")))  # the other agent's file: back to work on 30/09
    stored, arrets, before = _payments(db, littoral), _arrets(db, littoral), counts(db)
    with pytest.raises(OcsoError) as refused, db.begin_nested():
        allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert refused.value.message == END_CHANGED_MEANWHILE.format(line=line_number)
    assert (_payments(db, littoral), _arrets(db, littoral), counts(db)) == (stored, arrets, before)
    again = analyse(db, csv(line(littoral, **OCTOBER)))  # what the staff member is told to do: check again
    assert [p.message for p in again.preview.problems] == [
        "période indemnisée qui finit après la fin de l'arrêt (30/09/2026 selon le dossier) : donnez sa "
        "nouvelle fin (fin_arret) s'il a été prolongé"
    ]


def test_a_payment_after_this_files_end_imported_meanwhile_stops_the_import_in_french(db, littoral):
    """This file records AT-1's end on 15/10; between its check and its write another import prolonged the
    arrêt to 31/10 and paid October. The end was moved to 15/10 all the same, leaving October paid after the
    arrêt's last day."""
    from ocso_app.services.errors import OcsoError

    run(db, littoral, csv(line(littoral)))
    analysis = analyse(db, csv(line(littoral, end="15/10/2026")))
    assert analysis.preview.problems == [] and analysis.preview.new_ends == 1
    run(db, littoral, csv(line(littoral, end="31/10/2026", **OCTOBER)))
    stored, arrets, before = _payments(db, littoral), _arrets(db, littoral), counts(db)
    with pytest.raises(OcsoError) as refused, db.begin_nested():
        allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert refused.value.message == (
        "Rien n'a été importé : le paiement IJ-2 vient d'être importé par ailleurs pour l'arrêt AT-1 et "
        "indemnise des jours après la fin que ce fichier lui donne (15/10/2026, ligne 2). Vérifiez de "
        "nouveau le fichier : l'aperçu dira ce qui diffère."
    )
    assert (_payments(db, littoral), _arrets(db, littoral), counts(db)) == (stored, arrets, before)


def test_an_arret_deleted_meanwhile_is_not_created_again_without_a_word(db, littoral):
    """The file pays October of AT-1, stored when the file was checked; before the import, AT-1 and its
    payment were deleted (by hand: the portal has no way to, it is how the service informatique corrects an
    arrêt an import got wrong). The import created AT-1 again from the file, counted « arrêt nouveau »,
    undoing the correction without telling anybody."""
    from sqlalchemy import delete

    from ocso_app.services.errors import OcsoError

    run(db, littoral, csv(line(littoral)))
    analysis = analyse(db, csv(line(littoral, **OCTOBER)))
    assert analysis.preview.new_payments == 1 and analysis.preview.new_leaves == 0
    gone = select(SickLeave.id).where(SickLeave.reference == "AT-1").scalar_subquery()
    db.execute(delete(DailyAllowance).where(DailyAllowance.sick_leave_id == gone))
    db.execute(delete(SickLeave).where(SickLeave.reference == "AT-1"))
    arrets, before = _arrets(db, littoral), counts(db)
    with pytest.raises(OcsoError) as refused, db.begin_nested():
        allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert refused.value.message == (
        "Rien n'a été importé : l'arrêt AT-1 (ligne 2) a été supprimé du portail depuis la vérification du "
        "fichier, et l'import ne le recrée pas. Vérifiez de nouveau le fichier : s'il ne doit pas être "
        "enregistré de nouveau, retirez ses lignes."
    )
    assert (_arrets(db, littoral), counts(db)) == (arrets, before)


def test_days_paid_meanwhile_under_another_number_stop_the_import_in_french(db, littoral):
    """This file pays October of AT-1 (IJ-2); between its check and its write another import paid October
    of AT-1 under another number (IJ-7). Both were written: October paid twice, which the preview of either
    file refuses (« période déjà indemnisée »)."""
    from ocso_app.services.errors import OcsoError

    run(db, littoral, csv(line(littoral)))
    analysis = analyse(db, csv(line(littoral, **OCTOBER)))
    assert analysis.preview.problems == [] and analysis.preview.new_payments == 1
    run(db, littoral, csv(line(littoral, **OCTOBER | {"number": "IJ-7"})))
    stored, before = _payments(db, littoral), counts(db)
    with pytest.raises(OcsoError) as refused, db.begin_nested():
        allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert refused.value.message == (
        "Rien n'a été importé : le paiement IJ-7 vient d'être importé par ailleurs pour des jours que le "
        "paiement IJ-2 de ce fichier (ligne 2) indemnise aussi (du 01/10/2026 au 31/10/2026). Vérifiez de "
        "nouveau le fichier : l'aperçu dira ce qui diffère."
    )
    assert (_payments(db, littoral), counts(db)) == (stored, before)


def test_a_new_arret_meeting_an_arret_prolonged_meanwhile_stops_the_import_in_french(db, littoral):
    """AT-1 ended on 30/09; this file starts Lambert's new arrêt AT-2 on 05/10. Between its check and its
    write, another import prolonged AT-1 to 31/10: AT-2 was created all the same, the employee twice on sick
    leave in October, which the preview of either file refuses."""
    from ocso_app.services.errors import OcsoError

    run(db, littoral, csv(line(littoral, end="30/09/2026")))
    october = line(littoral, reference="AT-2", number="IJ-20", start="05/10/2026",
                   period=("05/10/2026", "31/10/2026"), gross="1215,00", charges="81,41", net="1133,59",
                   paid="05/11/2026")  # fmt: skip
    analysis = analyse(db, csv(october))
    assert analysis.preview.problems == [] and analysis.preview.new_leaves == 1
    run(db, littoral, csv(line(littoral, end="31/10/2026", **OCTOBER)))  # the other agent's prolongation
    arrets, before = _arrets(db, littoral), counts(db)
    with pytest.raises(OcsoError) as refused, db.begin_nested():
        allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert refused.value.message == (
        "Rien n'a été importé : depuis la vérification du fichier, un autre import a enregistré ou prolongé "
        "un arrêt du même salarié que l'arrêt AT-2 (ligne 2) : le salarié est déjà en arrêt de travail à ces "
        "dates (arrêt AT-1 du 02/09/2026 au 31/10/2026) : la fin de cet arrêt doit être enregistrée "
        "d'abord. Vérifiez de nouveau le fichier : l'aperçu dira ce qui diffère."
    )
    assert (_arrets(db, littoral), counts(db)) == (arrets, before)


def test_a_file_ending_an_arret_and_starting_the_next_is_still_written(db, littoral):
    """The check again at the write takes the end this file gives a stored arrêt, as the preview does."""
    run(db, littoral, csv(line(littoral)))  # AT-1, no end yet
    ended = line(littoral, end="30/09/2026")
    october = line(littoral, reference="AT-2", number="IJ-20", start="05/10/2026",
                   period=("05/10/2026", "31/10/2026"), gross="1215,00", charges="81,41", net="1133,59",
                   paid="05/11/2026")  # fmt: skip
    result = run(db, littoral, csv(ended, october))
    assert (result.payments, result.new_leaves, result.ends) == (1, 1, 1)


# --- employees identified by their numéro de sécurité sociale; registration on the contract


MOREAU_NIR = nir_with_key("2921275056123")
MOREAU_TYPED = "2 92 12 75 056 123 " + MOREAU_NIR[-2:]  # as the carte Vitale prints it
GIRARD_NIR = nir_with_key("1960875056124")


@dataclass
class Dispensed:
    """Two employees of the site's company dispensed from its santé plan, without member file: Moreau is on
    its prévoyance contract, Girard is not (his santé registration covers no day, and that is all)."""

    plans: Plans
    moreau: Employee
    girard: Employee


@pytest.fixture
def dispensed(db: Session, littoral: Littoral) -> Dispensed:
    plans = make_plans(db, company=db.get(Company, littoral.lambert.company_id))
    moreau = make_dispensed_employee(db, plans=plans, last_name="Moreau", first_name="Inès", nir=MOREAU_NIR)
    girard = make_dispensed_employee(
        db, plans=plans, last_name="Girard", first_name="Thomas", nir=GIRARD_NIR, provident=False
    )
    return Dispensed(plans, moreau, girard)


def by_nir(site: Littoral, staff: Dispensed, nir: str = MOREAU_TYPED, **values: object) -> str:
    """A line of the prévoyance contract of ``staff`` giving the employee's NIR and no member number."""
    values = {"reference": "AT-N", "number": "IJ-N1", "contract": staff.plans.provident.number} | values
    return line(site, member="", nir=nir, **values)  # type: ignore[arg-type]


def nir_shown(db: Session, *texts: str) -> bool:
    """Whether a NIR of the tests, in any form, is in ``texts`` or in the journal."""
    journal = db.scalars(select(AuditEvent.action)).all()
    digits = "".join(ch for ch in " ".join([*texts, *journal]) if ch.isdigit())
    return any(nir[:13] in digits for nir in (MOREAU_NIR, GIRARD_NIR))


def test_a_dispensed_employee_without_member_file_is_imported_by_nir_and_seen_by_the_employer(
    db, littoral, dispensed
):
    """Prévoyance pays the indemnités journalières of an employee dispensed from the santé plan: the insurer
    names them by their NIR, as they have no member number."""
    content = csv(by_nir(littoral, dispensed), by_nir(littoral, dispensed, **OCTOBER | {"number": "IJ-N2"}))
    analysis = analyse(db, content)
    assert analysis.preview.problems == []
    result = allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert (result.payments, result.new_leaves, result.net) == (2, 1, Decimal("2393.14"))
    leave = db.scalar(select(SickLeave).where(SickLeave.reference == "AT-N"))
    assert leave is not None
    assert (leave.employee_id, leave.company_id, leave.contract_id) == (
        dispensed.moreau.id,
        dispensed.moreau.company_id,
        dispensed.plans.provident.id,
    )
    view = sick_leaves.allowances_view(
        db, structure_ids=[dispensed.moreau.company_id], filters=AllowanceFilters(), today=TODAY
    )
    assert [(row.employee, row.reference, len(row.payments)) for row in view.leaves] == [
        ("MOREAU Inès", "AT-N", 2)
    ]
    assert view.totals.net == Decimal("2393.14")
    document = allowance_pdf.allowance_document(  # and the décompte of each payment
        db, structure_ids=[dispensed.moreau.company_id], allowance_id=view.leaves[0].payments[0].id
    )
    assert document is not None and document.employee.startswith("MOREAU Inès")
    assert not nir_shown(db, analysis.preview.summary(), repr(analysis), result.summary())


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"member": "", "nir": ""}, allowance_csv.NO_EMPLOYEE),
        ({"nir": MOREAU_NIR}, allowance_csv.TWO_EMPLOYEE_IDS),  # Lambert's number, Moreau's NIR
        ({"member": "", "nir": MOREAU_NIR[:13] + "00"}, allowance_csv.BAD_NIR),  # a wrong key
        ({"member": "", "nir": "1234"}, allowance_csv.BAD_NIR),
        ({"member": MOREAU_NIR}, allowance_csv.NIR_AS_MEMBER_NUMBER),
    ],
    ids=["neither", "both", "wrong-key", "too-short", "nir-as-member-number"],
)
def test_a_line_names_its_employee_by_exactly_one_number_never_echoing_a_nir(
    db, littoral, dispensed, changes, reason
):
    content = csv(line(littoral, **changes), line(littoral, **OCTOBER), line(littoral, reference="AT-9",
                  number="IJ-9", member=littoral.benali_number))  # fmt: skip
    before = counts(db)
    analysis = analyse(db, content)
    assert [(p.line, p.reference, p.message) for p in analysis.preview.problems] == [(2, "AT-1", reason)]
    assert [p.leave.reference for p in analysis.planned] == ["AT-9"]  # AT-1's good line waits with it
    allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert counts(db)[:2] == (before[0] + 1, before[1] + 1)
    assert not nir_shown(db, reason, repr(analysis))


def test_a_nir_no_employee_of_the_contracts_company_has_is_refused_naming_the_line_not_the_number(
    db, littoral, dispensed
):
    elsewhere = make_plans(db, name="AILLEURS")
    make_dispensed_employee(db, plans=elsewhere, nir=nir_with_key("1850575056125"))
    unknown = nir_with_key("1850575056125")  # an employee of another company
    before = counts(db)
    analysis = analyse(db, csv(by_nir(littoral, dispensed, nir=unknown)))
    assert [(p.line, p.reference, p.message) for p in analysis.preview.problems] == [
        (2, "AT-N", allowance_import.UNKNOWN_NIR.format(number=dispensed.plans.provident.number))
    ]
    allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert counts(db)[:2] == before[:2]
    assert "1850575056125"[:13] not in analysis.preview.problems[0].message


def test_the_lines_of_one_arret_name_the_same_employee_the_same_way(db, littoral, dispensed):
    """Moreau's NIR on one line, Girard's on the next: one arrêt, two employees; a member number then a NIR
    is told too, the lines of one arrêt describing it the same way."""
    analysis = analyse(db, csv(
        by_nir(littoral, dispensed),
        by_nir(littoral, dispensed, nir=GIRARD_NIR, **OCTOBER | {"number": "IJ-N2"}),
        line(littoral, reference="AT-M", number="IJ-M1"),
        line(littoral, reference="AT-M", member="", nir=MOREAU_NIR, **OCTOBER | {"number": "IJ-M2"}),
    ))  # fmt: skip
    facts = "(contrat, salarié, motif, dates, franchise)"
    assert [(p.line, p.message) for p in analysis.preview.problems] == [
        (3, f"l'arrêt AT-N est décrit autrement à la ligne 2 {facts}"),
        (5, f"l'arrêt AT-M est décrit autrement à la ligne 4 {facts}"),
    ]
    assert analysis.planned == [] and analysis.preview.rejected_leaves == 2


def test_an_employee_not_registered_on_the_contract_on_the_first_day_is_refused(db, littoral, dispensed):
    """Registered until the day before the arrêt (a registration's end is its last covered day), from the
    day after it, dispensed with no prévoyance registration (his santé one, withdrawn, covers no day), or
    registered on another prévoyance contract of the company: each arrêt is set aside, nothing written."""
    littoral_contract = littoral.contract.number
    db.execute(
        update(EmployeeContract)
        .where(EmployeeContract.employee_id == littoral.lambert.id)
        .values(end_date=date(2026, 9, 1))
    )
    db.execute(
        update(EmployeeContract)
        .where(EmployeeContract.employee_id == littoral.benali.id)
        .values(start_date=date(2026, 9, 3))
    )
    before = counts(db)
    analysis = analyse(db, csv(
        line(littoral),  # Lambert, from 02/09/2026
        line(littoral, reference="AT-B", number="IJ-B", member=littoral.benali_number),
        by_nir(littoral, dispensed, nir=GIRARD_NIR),
        by_nir(littoral, dispensed, reference="AT-P", number="IJ-P", contract=littoral_contract),
        line(littoral, reference="AT-S", number="IJ-S", start="01/09/2026",
             period=("04/09/2026", "29/09/2026")),
    ))  # fmt: skip

    def said(who: str, contract: str) -> str:
        return allowance_import.NOT_REGISTERED.format(who=who, number=contract, day="02/09/2026")

    assert [(p.line, p.reference, p.message) for p in analysis.preview.problems] == [
        (2, "AT-1", said(f"l'adhérent {littoral.lambert_number}", littoral_contract)),
        (3, "AT-B", said(f"l'adhérent {littoral.benali_number}", littoral_contract)),
        (4, "AT-N", said("GIRARD Thomas", dispensed.plans.provident.number)),
        (5, "AT-P", said("MOREAU Inès", littoral_contract)),
    ]
    assert [p.leave.reference for p in analysis.planned] == ["AT-S"]  # Lambert's last covered day
    allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert counts(db)[:2] == (before[0] + 1, before[1] + 1)
    people = [littoral.lambert.id, littoral.benali.id, dispensed.moreau.id, dispensed.girard.id]
    assert db.scalars(select(SickLeave.reference).where(SickLeave.employee_id.in_(people))).all() == ["AT-S"]
    assert not nir_shown(db, repr(analysis), *(p.message for p in analysis.preview.problems))


def test_a_registration_ended_between_the_check_and_the_write_stops_the_import_in_french(
    db, littoral, dispensed
):
    analysis = analyse(db, csv(by_nir(littoral, dispensed), line(littoral, reference="AT-9", number="IJ-9")))
    assert analysis.preview.problems == []
    db.execute(
        update(EmployeeContract)
        .where(
            EmployeeContract.employee_id == dispensed.moreau.id,
            EmployeeContract.contract_id == dispensed.plans.provident.id,
        )
        .values(end_date=date(2026, 8, 31))
    )
    before = counts(db)
    with pytest.raises(OcsoError) as refused:
        allowance_import.write(db, analysis=analysis, actor=littoral.actor, today=TODAY)
    assert refused.value.message == allowance_import.NOT_REGISTERED_MEANWHILE.format(
        number=dispensed.plans.provident.number, reference="AT-N", line=2, day="02/09/2026"
    )
    assert counts(db) == before
    assert not nir_shown(db, refused.value.message)


def test_a_nir_two_employees_registered_that_day_share_is_refused_naming_them(db, littoral):
    """Lambert and Benali, whose member files keep the same NIR (a typing mistake somewhere), are both
    registered: the arrêt is not given to either. Once Benali's registration ended, the NIR names Lambert
    alone (an employee's NIR, else their member file's)."""
    nir_line = line(littoral, member="", nir=NIR)
    analysis = analyse(db, csv(nir_line))
    names = sorted(
        sick_leaves.employee_name(e.last_name, e.first_name) for e in (littoral.lambert, littoral.benali)
    )
    assert [p.message for p in analysis.preview.problems] == [
        allowance_import.SHARED_NIR.format(number=littoral.contract.number, names=" et ".join(names))
    ]
    assert analysis.planned == []
    db.execute(
        update(EmployeeContract)
        .where(EmployeeContract.employee_id == littoral.benali.id)
        .values(end_date=date(2026, 8, 31))
    )
    result = run(db, littoral, csv(nir_line))
    assert result.new_leaves == 1
    assert (
        db.scalar(select(SickLeave.employee_id).where(SickLeave.reference == "AT-1")) == littoral.lambert.id
    )


def test_a_rehired_employees_arret_goes_to_the_hiring_registered_on_its_first_day(db, littoral):
    """Lambert left on 30/09/2026 and was hired again from 01/10/2026 (a new employee row, the same member
    file): an arrêt of September is of his first hiring, one of November of his second."""
    db.execute(
        update(EmployeeContract)
        .where(EmployeeContract.employee_id == littoral.lambert.id)
        .values(end_date=date(2026, 9, 30))
    )
    again = make_employee(db, company=db.get(Company, littoral.lambert.company_id), last_name="Lambert",
                          member_id=littoral.lambert.member_id, hired_on=date(2026, 10, 1))  # fmt: skip
    make_registration(db, employee=again, contract=littoral.contract, start=date(2026, 10, 1))
    november = line(littoral, reference="AT-2", number="IJ-2", start="02/11/2026", end="20/11/2026",
                    period=("05/11/2026", "20/11/2026"), gross="720,00", charges="48,24", net="671,76",
                    paid="25/11/2026")  # fmt: skip
    result = run(db, littoral, csv(line(littoral, end="30/09/2026"), november))
    assert result.new_leaves == 2
    owners = db.execute(
        select(SickLeave.reference, SickLeave.employee_id).where(SickLeave.reference.in_(["AT-1", "AT-2"]))
    ).all()
    assert sorted(owners) == [("AT-1", littoral.lambert.id), ("AT-2", again.id)]
