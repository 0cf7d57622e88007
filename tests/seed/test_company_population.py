"""The employer demo data: BOULANGERIES DU LITTORAL's staff in every status, read with the 8-day rule; members
with families but no care; arrêts de travail whose allowances add up; contracts signed or not with their
documents; bordereaux counted from the registrations; company documents; one login per profile; a load
that is the same for a seed and leaves no file behind when it fails."""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ocso_app import db
from ocso_app.models import (
    Account,
    AffiliationStatus,
    Beneficiary,
    BeneficiaryQuality,
    CareLine,
    Company,
    Contract,
    ContractDocument,
    ContractKind,
    ContractOption,
    ContributionStatement,
    DailyAllowance,
    Document,
    DocumentCategory,
    Employee,
    EmployeeContract,
    EmployerGrant,
    EmployerProfile,
    Guarantee,
    Member,
    SickLeave,
)
from ocso_app.seed import load_demo_data, parse_logins
from ocso_app.seed.data import personas as data
from ocso_app.seed.data import population as shape
from ocso_app.services.affiliation import effective_status, effective_status_column
from ocso_app.services.employer_access import EmployerAction, structures_allowing
from ocso_app.services.formats import paris_today
from ocso_app.services.portability import DepartureReason, add_months, months_started, portability_for
from ocso_app.services.uploads import read_stored
from tests.seed.loading import COMPANY_SIZE, Seeded, fresh_database, point_settings, run_seed

CENT = Decimal("0.01")


def _structures(s: Session) -> dict[str, int]:
    """Company key → id of BOULANGERIES DU LITTORAL's head office and Bayonne establishment."""
    numbers = {spec.client_number: spec.key for spec in data.COMPANIES if spec.key in shape.STRUCTURES}
    rows = s.execute(select(Company.client_number, Company.id).where(Company.client_number.in_(numbers)))
    return {numbers[number]: company_id for number, company_id in rows}


def _generated(s: Session) -> list[Employee]:
    """The generated staff: the structures' employees but the personas (« Ensemble du personnel »)."""
    return list(
        s.scalars(
            select(Employee).where(
                Employee.company_id.in_(_structures(s).values()),
                Employee.personnel_category.in_([shape.EXECUTIVES, shape.NON_EXECUTIVES]),
            )
        )
    )


def _persona_statuses(today: date) -> Counter[AffiliationStatus]:
    """What the employer reads for the persona employees of the two structures."""
    read: Counter[AffiliationStatus] = Counter()
    for employee in data.MEMBER_EMPLOYEES:
        if employee.company in shape.STRUCTURES:
            read[employee.status] += 1
    for invited in data.INVITED_EMPLOYEES:
        if invited.company in shape.STRUCTURES:
            at = datetime.now(UTC) - timedelta(days=invited.waited_days, hours=2)  # as the personas are
            read[effective_status(invited.status, at, today)] += 1
    return read


def test_the_staff_is_split_by_status_and_structure_as_the_shares_say(session: Session) -> None:
    today = paris_today()
    structures = _structures(session)
    read = effective_status_column(today)
    counted = Counter(
        {
            AffiliationStatus(status): count
            for status, count in session.execute(
                select(read, func.count()).where(Employee.company_id.in_(structures.values())).group_by(read)
            )
        }
    )
    counts = shape.status_counts(COMPANY_SIZE)
    expected = Counter({share.read_as: counts[share.label] for share in shape.STATUS_SHARES})
    expected[AffiliationStatus.AFFILIATED] += counts[shape.AFFILIATED_LABEL]
    assert counted == expected + _persona_statuses(today)
    assert sum(counts.values()) == COMPANY_SIZE and counts[shape.AFFILIATED_LABEL] > COMPANY_SIZE * 0.7
    # « à relancer » are stored as « en cours », older than 8 days: the rule, not the row, says so
    stored = Counter(e.status for e in _generated(session))
    assert AffiliationStatus.TO_REMIND not in stored
    assert stored[AffiliationStatus.PENDING] == counts[shape.IN_PROGRESS] + counts[shape.TO_REMIND]
    by_structure = Counter(e.company_id for e in _generated(session))
    assert by_structure[structures["littoral"]] == shape.head_office_count(COMPANY_SIZE)
    assert by_structure[structures["bayonne"]] == COMPANY_SIZE - shape.head_office_count(COMPANY_SIZE)


def test_affiliated_and_portability_employees_are_members_with_a_family_but_no_care(session: Session) -> None:
    staff = _generated(session)
    covered = [e for e in staff if e.status in (AffiliationStatus.AFFILIATED, AffiliationStatus.PORTABILITY)]
    assert covered and all(e.member_id for e in covered)
    assert not [e for e in staff if e.member_id and e not in covered]
    member_ids = [e.member_id for e in covered]
    members = session.scalars(select(Member).where(Member.id.in_(member_ids))).all()
    assert len({m.member_number for m in members}) == len(members) == len(covered)
    assert all(len(m.member_number) == 6 and m.member_number.isdigit() for m in members)
    health_options = {
        e.employee_id: e.option_id
        for e in session.scalars(
            select(EmployeeContract)
            .join(Contract, Contract.id == EmployeeContract.contract_id)
            .where(
                EmployeeContract.employee_id.in_([e.id for e in covered]),
                Contract.kind == ContractKind.SANTE,
            )
        )
    }
    by_member = {m.id: m for m in members}
    for employee in covered:
        assert by_member[employee.member_id].contract_option_id == health_options[employee.id]
    families = Counter(
        session.scalars(select(Beneficiary.member_id).where(Beneficiary.member_id.in_(member_ids)))
    )
    assert set(families.values()) <= {1, 2, 3, 4} and {1, 4} <= set(families.values())
    qualities = set(session.scalars(select(Beneficiary.quality).where(Beneficiary.member_id.in_(member_ids))))
    assert qualities == {BeneficiaryQuality.MEMBER, BeneficiaryQuality.SPOUSE, BeneficiaryQuality.CHILD}
    assert not session.scalar(select(func.count()).where(CareLine.member_id.in_(member_ids)))


def test_every_employee_is_registered_as_the_services_register_and_cadres_on_the_prevoyance_cadres(
    session: Session,
) -> None:
    staff = {e.id: e for e in _generated(session)}
    rows = session.execute(
        select(EmployeeContract, Contract.kind, Contract.personnel_category)
        .join(Contract, Contract.id == EmployeeContract.contract_id)
        .where(EmployeeContract.employee_id.in_(staff))
    ).all()
    registered: dict[int, set[tuple[ContractKind, str]]] = {}
    for registration, kind, category in rows:
        # a member file: affiliated, or en portabilité; the radiated ones left before affiliating
        affiliated = staff[registration.employee_id].member_id is not None
        # the santé option is the employee's choice when they affiliate (``pre_affiliation.register``)
        assert (registration.option_id is not None) == (affiliated or kind == ContractKind.PREVOYANCE)
        assert registration.start_date >= staff[registration.employee_id].hired_on
        registered.setdefault(registration.employee_id, set()).add((kind, category))
    assert set(registered) == set(staff)
    executives = (ContractKind.PREVOYANCE, shape.EXECUTIVES)
    for employee_id, employee in staff.items():
        kinds = registered[employee_id]
        assert (ContractKind.PREVOYANCE, "Ensemble du personnel") in kinds
        assert (ContractKind.SANTE, "Ensemble du personnel") in kinds  # a dispense withdraws it, still there
        if executives in kinds:
            assert employee.personnel_category == shape.EXECUTIVES
    categories = Counter(e.personnel_category for e in staff.values())
    assert set(categories) == {shape.EXECUTIVES, shape.NON_EXECUTIVES}
    assert sum(executives in kinds for kinds in registered.values()) > categories[shape.EXECUTIVES] * 0.8


def test_radiated_and_portability_employees_have_their_dates_and_reasons(session: Session) -> None:
    today = paris_today()
    staff = _generated(session)
    for employee in staff:
        if employee.status == AffiliationStatus.RADIATED:
            assert employee.radiated_on and employee.radiated_on < today
            assert employee.radiation_reason in shape.RADIATION_REASONS
            assert employee.portability_end_on is None
        elif employee.status == AffiliationStatus.PORTABILITY:
            assert employee.radiated_on and employee.portability_end_on
            assert employee.radiation_reason in shape.PORTABILITY_REASONS
            expected = portability_for(
                hired_on=employee.hired_on,
                left_on=employee.radiated_on,
                reason=DepartureReason.DISMISSAL,
                covered=True,
            )
            assert expected is not None and employee.portability_end_on == expected.ends_on > today
        else:
            assert employee.radiated_on is None and employee.radiation_reason is None
        if employee.affiliated_on:
            assert employee.hired_on <= employee.affiliated_on <= (employee.radiated_on or today)
        assert employee.birth_date + timedelta(days=365 * 18) < employee.hired_on


def test_months_of_portability_round_up_and_stop_at_month_ends() -> None:
    assert months_started(date(2026, 1, 15), date(2026, 3, 15)) == 2
    assert months_started(date(2026, 1, 15), date(2026, 3, 16)) == 3
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 3, 31), -13) == date(2025, 2, 28)


def test_sick_leaves_run_or_are_closed_in_both_structures_and_their_allowances_add_up(
    session: Session,
) -> None:
    structures = _structures(session)
    staff_ids = [e.id for e in _generated(session)]
    leaves = session.scalars(select(SickLeave).where(SickLeave.employee_id.in_(staff_ids))).all()
    assert len(leaves) == round(COMPANY_SIZE * shape.SICK_LEAVE_SHARE)
    assert {leave.company_id for leave in leaves} == set(structures.values())
    assert {leave.status for leave in leaves} == {"en_cours", "cloture"}
    for leave in leaves:
        assert (leave.status == "en_cours") == (leave.end_date is None or leave.end_date >= paris_today())
    payments = session.scalars(
        select(DailyAllowance).where(DailyAllowance.sick_leave_id.in_([leave.id for leave in leaves]))
    ).all()
    for payment in payments:
        amounts = (payment.daily_amount, payment.gross_amount, payment.social_charges, payment.net_amount)
        assert all(isinstance(a, Decimal) and a == a.quantize(CENT) for a in amounts)
        assert payment.days == (payment.period_end - payment.period_start).days + 1
        assert payment.gross_amount == payment.daily_amount * payment.days
        assert payment.social_charges == (payment.gross_amount * Decimal("0.067")).quantize(CENT)
        assert payment.net_amount == payment.gross_amount - payment.social_charges > 0
    per_leave = Counter(p.sick_leave_id for p in payments)
    assert max(per_leave.values()) >= 3  # months-long arrêts, paid month by month
    gross, charges, net = (
        sum((getattr(p, f) for p in payments), Decimal(0))
        for f in ("gross_amount", "social_charges", "net_amount")
    )
    assert net == gross - charges


def test_contracts_signed_and_not_each_have_their_two_documents_as_readable_pdfs(session: Session) -> None:
    structures = _structures(session)
    contracts = session.scalars(select(Contract).where(Contract.company_id == structures["littoral"])).all()
    by_label = {c.label: c for c in contracts}
    executives = by_label[f"Prévoyance – {shape.EXECUTIVES_PLAN_LABEL}"]
    assert executives.signed_on and executives.personnel_category == shape.EXECUTIVES
    draft = next(c for c in contracts if c.signed_on is None)
    assert draft.kind == ContractKind.SANTE
    for contract in (executives, draft):
        options = session.scalars(
            select(ContractOption).where(ContractOption.contract_id == contract.id)
        ).all()
        assert options and any(o.is_base for o in options)
        assert (
            session.scalar(select(func.count()).where(Guarantee.option_id.in_([o.id for o in options]))) >= 4
        )
    persona_companies = session.scalars(
        select(Company.id).where(Company.client_number.in_([spec.client_number for spec in data.COMPANIES]))
    ).all()
    every = session.scalars(select(Contract).where(Contract.company_id.in_(persona_companies))).all()
    documents = session.scalars(
        select(ContractDocument).where(ContractDocument.contract_id.in_([c.id for c in every]))
    ).all()
    titles = Counter((d.contract_id, d.title) for d in documents)
    assert set(titles) == {(c.id, t) for c in every for t in (shape.GUARANTEES_TITLE, shape.NOTICE_TITLE)}
    numbers = {c.id: c.number for c in every}
    for document in documents:
        content = read_stored(document.storage_key)
        assert hashlib.sha256(content).hexdigest() == document.sha256
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
        assert numbers[document.contract_id] in text


def test_bordereaux_count_the_registrations_and_one_is_late(session: Session) -> None:
    structures = _structures(session)
    today = paris_today()
    statements = session.scalars(
        select(ContributionStatement).where(ContributionStatement.company_id.in_(structures.values()))
    ).all()
    health = session.scalars(
        select(Contract).where(
            Contract.company_id == structures["littoral"], Contract.kind == ContractKind.SANTE
        )
    ).all()
    assert {s.status for s in statements} == {shape.PAID, shape.TO_PAY}
    for statement in statements:
        paid = statement.status == shape.PAID
        assert statement.amount_paid == (statement.amount_due if paid else 0)
        assert paid <= (statement.due_on < today)
    late = [s for s in statements if s.status == shape.TO_PAY and s.due_on < today]
    assert len(late) == 1 and late[0].contract_id in {c.id for c in health}
    assert any(s.status == shape.TO_PAY and s.due_on >= today for s in statements)
    signed = next(c for c in health if c.signed_on)
    latest = max((s for s in statements if s.contract_id == signed.id), key=lambda s: s.period_start)
    in_force = session.execute(
        select(ContractOption.monthly_contribution, ContractOption.is_base)
        .join(EmployeeContract, EmployeeContract.option_id == ContractOption.id)
        .join(Employee, Employee.id == EmployeeContract.employee_id)
        .where(
            EmployeeContract.contract_id == signed.id,
            EmployeeContract.start_date <= latest.period_end,
            (EmployeeContract.end_date.is_(None)) | (EmployeeContract.end_date >= latest.period_start),
            (Employee.radiated_on.is_(None)) | (Employee.radiated_on >= latest.period_start),
        )
    ).all()
    base = session.scalar(
        select(ContractOption.monthly_contribution).where(
            ContractOption.contract_id == signed.id, ContractOption.is_base.is_(True)
        )
    )
    assert latest.headcount == len(in_force) > COMPANY_SIZE * 0.6
    assert latest.amount_due == sum(
        (3 * (base + (0 if is_base else monthly)) for monthly, is_base in in_force), Decimal(0)
    )


def test_each_structure_has_company_documents_some_unread(session: Session) -> None:
    structures = _structures(session)
    documents = session.scalars(select(Document).where(Document.company_id.in_(structures.values()))).all()
    assert all(d.member_id is None for d in documents)
    for company_id in structures.values():
        own = [d for d in documents if d.company_id == company_id]
        assert {d.category for d in own} == {
            DocumentCategory.CONTRIBUTION,
            DocumentCategory.MAIL,
            DocumentCategory.HELP,  # the HR guide and the employee guide
        }
        assert any(d.read_at is None for d in own) and any(d.read_at for d in own)
    reminder = next(d for d in documents if d.title == shape.REMINDER_TITLE)
    late = session.scalars(
        select(ContributionStatement).where(
            ContributionStatement.company_id == structures["littoral"],
            ContributionStatement.status == shape.TO_PAY,
            ContributionStatement.due_on < paris_today(),
        )
    ).one()
    for document in documents:
        content = read_stored(document.storage_key)
        assert len(content) == document.size_bytes and document.content_type == "application/pdf"
        text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
        assert document.title.split(" – ")[0] in text
        if document.id == reminder.id:
            assert late.reference in text


def test_one_login_per_profile_opens_boulangeries_du_littoral(session: Session, seeded: Seeded) -> None:
    structures = _structures(session)
    printed = parse_logins(seeded.output)
    expected = {
        data.READ_ONLY_EMAIL: EmployerProfile.READ_ONLY,
        data.SICK_LEAVE_EMAIL: EmployerProfile.SICK_LEAVE,
        data.CONTRIBUTIONS_EMAIL: EmployerProfile.CONTRIBUTIONS,
        data.STAFF_MANAGER_EMAIL: EmployerProfile.STAFF_MANAGEMENT,
    }
    for login, profile in expected.items():
        account = session.scalars(select(Account).where(Account.login == login)).one()
        assert login in printed
        grants = session.scalars(select(EmployerGrant).where(EmployerGrant.account_id == account.id)).all()
        on_head_office = next(g for g in grants if g.company_id == structures["littoral"])
        assert on_head_office.profile == profile and not on_head_office.is_principal
    staff_manager = session.scalars(select(Account.id).where(Account.login == data.STAFF_MANAGER_EMAIL)).one()
    may_manage = structures_allowing(
        session, account_id=staff_manager, action=EmployerAction.MANAGE_EMPLOYEES
    )
    may_view = structures_allowing(session, account_id=staff_manager, action=EmployerAction.VIEW_EMPLOYEES)
    assert may_manage == [structures["littoral"]] and sorted(may_view) == sorted(structures.values())
    line = next(line for line in seeded.output.splitlines() if data.STAFF_MANAGER_EMAIL in line)
    assert "gestion des salariés (Mérignac), consultation (Bayonne)" in line


def test_size_zero_loads_only_the_personas_staff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = fresh_database(tmp_path)
    point_settings(monkeypatch, url, tmp_path)
    load_demo_data(db.engine(), members=0, company_size=0, password_cost=4)
    with Session(db.engine()) as s:
        personas = len(data.MEMBER_EMPLOYEES) + len(data.INVITED_EMPLOYEES)
        assert s.scalar(select(func.count()).select_from(Employee)) == personas
        assert s.scalar(select(func.count()).select_from(ContractDocument))  # the contracts stay documented
        assert s.scalar(select(func.count()).select_from(ContributionStatement))  # billed on the personas
    db.engine().dispose()


def test_a_failed_load_keeps_no_row_and_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = fresh_database(tmp_path)
    point_settings(monkeypatch, url, tmp_path)

    def broken(*args: object) -> None:
        raise RuntimeError("disque plein")

    monkeypatch.setattr("ocso_app.seed.paperwork._add_company_documents", broken)
    with pytest.raises(RuntimeError):
        load_demo_data(db.engine(), members=0, company_size=10, password_cost=4)
    with Session(db.engine()) as s:
        assert not s.scalar(select(func.count()).select_from(Employee))
    storage = tmp_path / "storage"
    assert not storage.exists() or not any(storage.iterdir())
    db.engine().dispose()


def test_a_negative_company_size_is_refused() -> None:
    status, output = run_seed("--company-size", "-1")
    assert status == 2 and "--company-size doit être positif ou nul" in output
