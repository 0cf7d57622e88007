"""The demo-data loader: exact personas, consistent décomptes, every affiliation status, reproducible
volume, working demo logins and a private logins file."""

from __future__ import annotations

import hashlib
import stat
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from stdnum import iban
from stdnum.fr import nir, siren

from ocso_app import db
from ocso_app.models import (
    Account,
    AccountKind,
    AffiliationStatus,
    Beneficiary,
    BusinessIntroducer,
    CareLine,
    Company,
    Contract,
    ContractKind,
    ContractOption,
    DailyAllowance,
    DispenseDecision,
    DispenseRequest,
    Document,
    Employee,
    EmployeeContract,
    EmployeeStatusChange,
    EmployerGrant,
    EmployerGuide,
    EmployerProfile,
    GuideKind,
    HelpArticle,
    LoginSession,
    Member,
    NewsItem,
    PayeeKind,
    PortfolioEntry,
    Request,
    RequestMessage,
    RequestStatus,
    SickLeave,
    StaffRole,
    Statement,
    Teletransmission,
)
from ocso_app.seed import ALREADY_LOADED, load_demo_data, parse_logins
from ocso_app.seed.data import population
from ocso_app.seed.data.activity import NEW_IBAN
from ocso_app.seed.data.content import PHISHING_WARNING
from ocso_app.services import (
    account_managers,
    documents,
    employer_access,
    employer_guides,
    forfaits,
    member_access,
    radiation_cancellation,
    uploads,
)
from ocso_app.services.affiliation import effective_status, remind_before
from ocso_app.services.audit import Actor
from ocso_app.services.crypto import decrypt_field
from ocso_app.services.dispenses import EndKind, ProofKind, case_of
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.employees import EmployeeQuery, EmployeeTab, list_employees
from ocso_app.services.formats import format_short_date, paris_today
from ocso_app.services.passwords import verify_password
from ocso_app.services.radiation import radiation_of
from ocso_app.services.requests import back_office
from ocso_app.services.requests.drafts import mask_iban
from tests.seed.loading import (
    GENERATED_MEMBERS,
    Seeded,
    fresh_database,
    point_settings,
    run_seed,
    staff_snapshot,
)

STAFF = 60  # BOULANGERIES DU LITTORAL's generated staff in the loads of the determinism test
STAFF_CATEGORIES = (population.EXECUTIVES, population.NON_EXECUTIVES)


def _member(s: Session, number: str) -> Member:
    return s.scalars(select(Member).where(Member.member_number == number)).one()


def _beneficiaries(s: Session, member: Member) -> dict[str, Beneficiary]:
    rows = s.scalars(select(Beneficiary).where(Beneficiary.member_id == member.id))
    return {b.rank: b for b in rows}


def _statement_totals(s: Session, member: Member) -> Counter[tuple[str, Decimal]]:
    rows = s.execute(
        select(Statement.payee_name, Statement.total_paid).where(Statement.member_id == member.id)
    )
    return Counter((name, total) for name, total in rows)


def test_martin_dubois_has_the_guides_identity_family_and_bank_details(session: Session) -> None:
    martin = _member(session, "123456")
    assert (martin.first_name, martin.last_name) == ("Martin", "DUBOIS")
    assert (martin.address_line, martin.postal_code, martin.city) == (
        "3 Rue de l'arc en ciel",
        "33700",
        "MERIGNAC",
    )
    assert martin.adhesion_date == date(2021, 1, 23)
    family = _beneficiaries(session, martin)
    assert set(family) == {"AS", "EA", "EB"}
    assert (family["EA"].first_name, family["EA"].last_name, family["EA"].birth_date) == (
        "JULIE",
        "DUBOIS",
        date(2014, 10, 27),
    )
    assert (family["EB"].first_name, family["EB"].last_name, family["EB"].birth_date) == (
        "JULIEN",
        "DUBOIS",
        date(2018, 5, 5),
    )
    assert family["EA"].quality == "enfant" and family["AS"].quality == "assure"
    assert {b.adhesion_date for b in family.values()} == {date(2021, 1, 23)}
    nir_number = decrypt_field(martin.nir_enc or "")
    assert nir.is_valid(nir_number) and nir_number.startswith("1234567891012")
    iban_number = decrypt_field(martin.iban_enc or "")
    assert iban.is_valid(iban_number) and iban_number.startswith("FR") and iban_number.endswith("4151617")
    assert martin.bic == "AGRIFRPP123"


def test_martin_is_an_employee_of_the_bakery_on_its_health_base_option(session: Session) -> None:
    martin = _member(session, "123456")
    employee = session.scalars(select(Employee).where(Employee.member_id == martin.id)).one()
    company = session.get(Company, employee.company_id)
    assert company is not None and company.name == "BOULANGERIES DU LITTORAL"
    assert employee.status == AffiliationStatus.AFFILIATED
    option = session.get(ContractOption, martin.contract_option_id)
    assert option is not None and option.is_base
    contract = session.get(Contract, option.contract_id)
    assert contract is not None and contract.kind == ContractKind.SANTE and contract.signed_on is not None
    assert contract.company_id == company.id


def test_demarest_has_the_guides_number_address_and_amounts(session: Session) -> None:
    demarest = _member(session, "017341")
    assert (demarest.first_name, demarest.last_name) == ("Michael", "DEMAREST")
    assert (demarest.address_line, demarest.postal_code, demarest.city) == (
        "3 rue du Colombier",
        "64000",
        "OUCHAMPS",
    )
    assert nir.is_valid(decrypt_field(demarest.nir_enc or ""))
    totals = _statement_totals(session, demarest)
    for amount in ("16.18", "4.34", "6.00", "53.75", "11.52"):
        assert totals[("DEMAREST Michael", Decimal(amount))] >= 1, amount
    assert totals[("VIAMEDIS", Decimal("18.83"))] >= 1


def test_martins_latest_payments_are_the_guides_viamedis_ones(session: Session) -> None:
    martin = _member(session, "123456")
    latest = session.execute(
        select(Statement.paid_on, Statement.payee_kind, Statement.payee_name, Statement.total_paid)
        .where(Statement.member_id == martin.id)
        .order_by(Statement.paid_on.desc())
        .limit(3)
    ).all()
    assert {row.total_paid for row in latest} == {Decimal("4.09"), Decimal("8.49"), Decimal("3.59")}
    assert {(row.paid_on.month, row.paid_on.day, row.payee_kind, row.payee_name) for row in latest} == {
        (9, 16, PayeeKind.OPERATOR, "VIAMEDIS")
    }
    kinds = set(session.scalars(select(Statement.payee_kind).where(Statement.member_id == martin.id)))
    assert {PayeeKind.MEMBER, PayeeKind.OPERATOR} <= kinds
    categories = set(session.scalars(select(CareLine.care_category).where(CareLine.member_id == martin.id)))
    assert {"PHAR", "MEDG", "MEDS", "LABO", "RADL", "HOSP", "OPTI", "DENT", "AUDI", "KINE"} <= categories


def test_every_care_line_is_in_decimal_and_adds_up(session: Session) -> None:
    lines = session.scalars(select(CareLine)).all()
    assert len(lines) >= 8 * GENERATED_MEMBERS
    cent = Decimal("0.01")
    for line in lines:
        amounts = (
            line.amount_spent,
            line.ss_base,
            line.ss_reimbursed,
            line.complementary_reimbursed,
            line.remaining_charge,
        )
        assert all(isinstance(a, Decimal) and a == a.quantize(cent) for a in amounts)
        assert line.remaining_charge == line.amount_spent - line.ss_reimbursed - line.complementary_reimbursed
        assert line.remaining_charge >= 0 and line.complementary_reimbursed >= 0
        assert line.ss_rate in (0, 15, 30, 60, 65, 70, 80, 100)


def test_no_yearly_forfait_is_exceeded_and_the_explanation_reads_the_same_use(session: Session) -> None:
    martin = _member(session, "123456")
    plan = forfaits.member_plan(session, member_id=martin.id)
    assert plan is not None
    for member_id in session.scalars(select(Member.id).limit(40)):
        member_plan = forfaits.member_plan(session, member_id=member_id)
        if member_plan is None:
            continue
        for use in forfaits.forfaits_left(session, member_id=member_id, today=paris_today()):
            assert Decimal(0) <= use.left <= use.total
    rules = {rule.category: rule for rule in plan.yearly_rules()}
    lines = session.execute(
        select(
            CareLine.id,
            CareLine.beneficiary_id,
            CareLine.care_category,
            CareLine.care_date,
            CareLine.complementary_reimbursed,
        ).where(CareLine.member_id == martin.id, CareLine.care_category.in_(rules))
    ).all()
    before = forfaits.used_before(
        session,
        member_id=martin.id,
        plan=plan,
        lines=[
            forfaits.LineRef(line.id, line.beneficiary_id, line.care_category, line.care_date)
            for line in lines
        ],
    )
    for line in lines:  # what was used before a line plus the line itself never goes over the forfait
        yearly = rules[line.care_category].yearly_amount
        assert yearly is not None and before[line.id] + line.complementary_reimbursed <= yearly


def test_statement_total_is_the_sum_of_its_complementary_reimbursements(session: Session) -> None:
    sums = dict(
        session.execute(
            select(CareLine.statement_id, func.sum(CareLine.complementary_reimbursed)).group_by(
                CareLine.statement_id
            )
        ).all()
    )
    statements = session.execute(select(Statement.id, Statement.total_paid)).all()
    assert statements and all(
        Decimal(sums[sid]).quantize(Decimal("0.01")) == total for sid, total in statements
    )


def test_every_affiliation_status_is_present_with_the_eight_day_rule(session: Session) -> None:
    littoral = session.scalars(select(Company).where(Company.client_number == "C001234")).one()
    employees = session.scalars(select(Employee).where(Employee.company_id == littoral.id)).all()
    assert {e.status for e in employees} == set(AffiliationStatus)
    today = paris_today()
    read = {e.id: effective_status(e.status, e.invited_at, today) for e in employees}
    assert set(read.values()) == set(AffiliationStatus)
    limit = remind_before(today)
    requested = set(
        session.scalars(
            select(DispenseRequest.employee_id).where(DispenseRequest.decision == DispenseDecision.REQUESTED)
        )
    )
    assert requested
    answered = session.scalars(select(Employee.invited_at).where(Employee.id.in_(requested))).all()
    assert answered == [None] * len(requested)  # the real flow clears the invitation a request answers
    for employee in employees:
        invited = employee.invited_at.replace(tzinfo=UTC) if employee.invited_at else None
        if read[employee.id] == AffiliationStatus.TO_REMIND:
            assert invited is not None and invited < limit
        if (
            read[employee.id] == AffiliationStatus.PENDING
        ):  # or answered with a dispense request, as HR reads it
            assert (invited is None) == (employee.id in requested)
            assert invited is None or invited >= limit
    generated = set(session.scalars(select(Employee.status).where(Employee.company_id > 3)))
    assert AffiliationStatus.AFFILIATED in generated and len(generated) >= 3


def test_the_demo_s_dispensed_employees_are_on_the_provident_contract_alone(session: Session) -> None:
    """As HR reads an employee whose dispense it accepted (``services.dispense_cover``): « Prévoyance » in
    the Assurés list, no « Détail santé », an attestation d'adhésion. Inès MOREAU, the persona dispensed,
    was on no contract at all (« — », no attestation)."""
    dispensed = session.scalars(
        select(Employee).where(Employee.status == AffiliationStatus.EXEMPTED).order_by(Employee.id)
    ).all()
    assert any(employee.last_name == "MOREAU" and employee.first_name == "Inès" for employee in dispensed)
    read: dict[int, tuple[str, bool, bool]] = {}
    for company_id in {employee.company_id for employee in dispensed}:
        query = EmployeeQuery(tab=EmployeeTab.ALL, status=AffiliationStatus.EXEMPTED)
        pages = 1
        while query.page <= pages:
            found = list_employees(session, structure_ids=[company_id], query=query, today=paris_today())
            read |= {row.id: (row.contracts, row.has_health, row.has_contract) for row in found.rows}
            pages, query = found.pages, replace(query, page=query.page + 1)
    assert read == {employee.id: ("Prévoyance", False, True) for employee in dispensed}


def _registrations(
    s: Session, employee_ids: list[int]
) -> dict[int, list[tuple[ContractKind, EmployeeContract]]]:
    rows = s.execute(
        select(Contract.kind, EmployeeContract)
        .join(Contract, Contract.id == EmployeeContract.contract_id)
        .where(EmployeeContract.employee_id.in_(employee_ids))
        .order_by(EmployeeContract.id)
    )
    found: dict[int, list[tuple[ContractKind, EmployeeContract]]] = {i: [] for i in employee_ids}
    for kind, registration in rows:
        found[registration.employee_id].append((kind, registration))
    return found


def _history(s: Session, employee_id: int) -> list[EmployeeStatusChange]:
    return list(
        s.scalars(
            select(EmployeeStatusChange)
            .where(EmployeeStatusChange.employee_id == employee_id)
            .order_by(EmployeeStatusChange.recorded_at, EmployeeStatusChange.id)
        )
    )


def _listed_contracts(s: Session, employees: Sequence[Employee], status: AffiliationStatus) -> dict[int, str]:
    """What the employer's Assurés list says of ``employees``' contracts (their status's filter)."""
    read: dict[int, str] = {}
    today = paris_today()
    for company_id in {employee.company_id for employee in employees}:
        query = EmployeeQuery(tab=EmployeeTab.ALL, status=status)
        pages = 1
        while query.page <= pages:
            found = list_employees(s, structure_ids=[company_id], query=query, today=today)
            read |= {row.id: row.contracts for row in found.rows}
            pages, query = found.pages, replace(query, page=query.page + 1)
    return {employee.id: read[employee.id] for employee in employees}


def test_the_demo_s_employees_still_to_affiliate_are_registered_as_the_pre_affiliation_registers_them(
    session: Session,
) -> None:
    """``pre_affiliation.register``: one registration per contract of the structure from the start of cover,
    the santé one without option (the employee chooses it), the prévoyance one on its base option; so HR
    reads « Santé, Prévoyance ». The demo's « en cours » had none (« — ») or the prévoyance alone."""
    waiting = session.scalars(
        select(Employee)
        .where(Employee.status.in_((AffiliationStatus.PENDING, AffiliationStatus.TO_REMIND)))
        .order_by(Employee.id)
    ).all()
    assert {e.last_name for e in waiting} >= {"ROUSSEAU", "GIRARD", "GARNIER", "DARRIGRAND"}
    registrations = _registrations(session, [e.id for e in waiting])
    for employee in waiting:
        by_kind = {kind: registration for kind, registration in registrations[employee.id]}
        assert set(by_kind) == {ContractKind.SANTE, ContractKind.PREVOYANCE}, employee.last_name
        health = by_kind[ContractKind.SANTE]
        assert health.option_id is None and health.end_date is None, employee.last_name
        assert by_kind[ContractKind.PREVOYANCE].option_id is not None
        assert by_kind[ContractKind.PREVOYANCE].end_date is None
        starts = {registration.start_date for _, registration in registrations[employee.id]}
        assert starts == {health.start_date}, employee.last_name  # one start of cover
    requested = set(
        session.scalars(
            select(DispenseRequest.employee_id).where(DispenseRequest.decision == DispenseDecision.REQUESTED)
        )
    )
    assert requested
    for employee_id in requested:  # ``dispense_requests.submit`` keeps the request in the history
        assert _history(session, employee_id)[-1].note == "Demande de dispense envoyée"
    for status in (AffiliationStatus.PENDING, AffiliationStatus.TO_REMIND):
        of_status = [e for e in waiting if effective_status(e.status, e.invited_at, paris_today()) == status]
        assert of_status
        assert set(_listed_contracts(session, of_status, status).values()) == {"Santé, Prévoyance"}


def test_the_demo_s_dispensed_employees_have_the_accepted_dispense_that_withdrew_their_health_registration(
    session: Session,
) -> None:
    """``dispense_decisions.accept``: the request accepted (decided, its case and end date kept), the history
    « Dispense acceptée[ jusqu'au …] : <case> », the santé registration left by the pré-affiliation withdrawn
    (its end the day before its start, ``dispense_cover.withdraw``). The demo's dispensed employees had no
    request at all: the daily job could never end their dispense nor remind a yearly proof, and the fiche
    showed no dispense."""
    dispensed = session.scalars(
        select(Employee).where(Employee.status == AffiliationStatus.EXEMPTED).order_by(Employee.id)
    ).all()
    ids = [e.id for e in dispensed]
    accepted: dict[int, list[DispenseRequest]] = {i: [] for i in ids}
    for request in session.scalars(select(DispenseRequest).where(DispenseRequest.employee_id.in_(ids))):
        assert request.decision == DispenseDecision.ACCEPTED
        accepted[request.employee_id].append(request)
    today = paris_today()
    cases = set()
    registrations = _registrations(session, ids)
    for employee in dispensed:
        assert len(accepted[employee.id]) == 1, employee.last_name
        request = accepted[employee.id][0]
        case = case_of(request.case)
        assert case is not None and request.decided_at is not None
        cases.add(case.end)
        assert (request.ends_on is None) == (case.end == EndKind.NONE)
        assert request.ends_on is None or request.ends_on > today
        assert request.sworn_statement == (case.proof == ProofKind.SWORN_STATEMENT)
        assert request.proof_storage_key is not None  # a sworn statement is a PDF too
        assert employee.invited_at is None  # the request answered the invitation
        history = _history(session, employee.id)
        assert [(step.status, step.note) for step in history[:2]] == [
            (AffiliationStatus.PENDING, "Pré-affiliation"),
            (AffiliationStatus.PENDING, "Demande de dispense envoyée"),
        ]
        last = history[-1]
        assert len(history) == 3
        until = f" jusqu'au {format_short_date(request.ends_on)}" if request.ends_on else ""
        assert last.status == AffiliationStatus.EXEMPTED
        assert last.note == f"Dispense acceptée{until} : {case.label}"
        assert last.effective_on == request.decided_at.date()
        by_kind = {kind: registration for kind, registration in registrations[employee.id]}
        assert set(by_kind) == {ContractKind.SANTE, ContractKind.PREVOYANCE}, employee.last_name
        health = by_kind[ContractKind.SANTE]
        assert health.option_id is None
        assert health.end_date == health.start_date - timedelta(days=1)
        assert by_kind[ContractKind.PREVOYANCE].end_date is None
    assert EndKind.YEARLY_PROOF in cases and EndKind.END_DATE in cases  # what the daily job follows


def test_the_demo_s_former_employees_read_back_their_radiation_and_keep_prevoyance_in_portability(
    session: Session,
) -> None:
    """The seed stored the motif as its French label (« Fin de CDD ») where the radiation stores its code:
    no fiche of the demo showed its certificat de travail mention nor offered the courrier de radiation.
    En portabilité, the prévoyance registration runs to the portabilité's end, and the mention says so."""
    left = session.scalars(
        select(Employee).where(
            Employee.status.in_((AffiliationStatus.RADIATED, AffiliationStatus.PORTABILITY))
        )
    ).all()
    assert left
    readings = {employee.id: radiation_of(session, employee) for employee in left}
    assert None not in readings.values()
    in_portability = [e for e in left if e.status == AffiliationStatus.PORTABILITY]
    assert in_portability
    for employee in in_portability:
        provident_ends = session.scalars(
            select(EmployeeContract.end_date)
            .join(Contract, Contract.id == EmployeeContract.contract_id)
            .where(EmployeeContract.employee_id == employee.id, Contract.kind == ContractKind.PREVOYANCE)
        ).all()
        assert provident_ends and set(provident_ends) == {employee.portability_end_on}
        wording = readings[employee.id].certificate_wording
        # a former employee without member file left before affiliating: the prévoyance alone
        guarantees = "frais de santé et de prévoyance" if employee.member_id else "de prévoyance"
        assert f"maintien à titre gratuit de ses garanties {guarantees} au titre" in wording


def test_companies_contracts_rights_and_sick_leave(session: Session) -> None:
    littoral = session.scalars(select(Company).where(Company.client_number == "C001234")).one()
    assert siren.is_valid(littoral.siren)
    structures = session.scalars(select(Company).where(Company.parent_id == littoral.id)).all()
    assert len(structures) == 1
    contracts = session.scalars(select(Contract).where(Contract.company_id == littoral.id)).all()
    signed = {c.kind for c in contracts if c.signed_on}
    assert signed == {ContractKind.SANTE, ContractKind.PREVOYANCE}
    assert any(c.signed_on is None for c in contracts)
    admin = session.scalars(select(Account).where(Account.login == "rh@boulangeries-littoral.fr")).one()
    grants = session.scalars(select(EmployerGrant).where(EmployerGrant.account_id == admin.id)).all()
    assert {(g.company_id, g.profile, g.is_principal) for g in grants} == {
        (littoral.id, EmployerProfile.ADMIN, True),
        (structures[0].id, EmployerProfile.ADMIN, True),
    }
    bearn = session.scalars(select(Company).where(Company.client_number == "C002468")).one()
    other = session.scalars(select(EmployerGrant).where(EmployerGrant.company_id == bearn.id)).all()
    assert other and admin.id not in {g.account_id for g in other}
    leave = session.scalars(select(SickLeave).where(SickLeave.company_id == littoral.id)).first()
    assert leave is not None
    allowances = session.scalars(select(DailyAllowance).where(DailyAllowance.sick_leave_id == leave.id)).all()
    assert len(allowances) >= 2
    assert all(a.net_amount == a.gross_amount - a.social_charges for a in allowances)
    agent = session.scalars(select(Account).where(Account.login == "entreprises@ocso.fr")).one()
    assert littoral.account_manager_id == agent.id and bearn.account_manager_id == agent.id
    assert structures[0].account_manager_id is None  # its users read their parent company's
    assert [
        m.name for m in account_managers.dedicated_contacts(session, structure_ids=[structures[0].id])
    ] == [f"{agent.first_name} {agent.last_name.upper()}"]


def test_introducers_each_have_their_own_portfolio(session: Session) -> None:
    def portfolio(identifier: str) -> set[str]:
        introducer = session.scalars(
            select(BusinessIntroducer).where(BusinessIntroducer.identifier == identifier)
        ).one()
        account = session.scalars(select(Account).where(Account.login == identifier)).one()
        assert account.kind == AccountKind.INTRODUCER and account.introducer_id == introducer.id
        return set(
            session.scalars(
                select(Company.client_number)
                .join(PortfolioEntry, PortfolioEntry.company_id == Company.id)
                .where(PortfolioEntry.introducer_id == introducer.id)
            )
        )

    first, second = portfolio("AA0042"), portfolio("AB0107")
    assert "C001234" in first and "C002468" in second and not first & second


def test_news_help_and_requests_for_members(session: Session) -> None:
    alert = session.scalars(select(NewsItem).where(NewsItem.body == PHISHING_WARNING)).one()
    assert alert.is_alert and alert.audience == "member"
    assert session.scalar(select(func.count()).where(NewsItem.audience == "employer")) >= 1
    questions = set(session.scalars(select(HelpArticle.question).where(HelpArticle.audience == "member")))
    assert {
        "Où consulter les remboursements reçus ?",
        "Comment obtenir ma carte de tiers payant ?",
        "Comment créer mon compte ?",
        "J'ai oublié mon mot de passe",
        "Comment envoyer un document ?",
        "Comment modifier mes coordonnées bancaires ?",
    } <= questions
    martin = _member(session, "123456")
    requests = session.scalars(select(Request).where(Request.member_id == martin.id)).all()
    assert {"Envoi d'un devis", "Demande de modification du RIB"} <= {r.subject for r in requests}
    assert len({r.status for r in requests}) >= 3
    assert len({r.submission_key for r in requests}) == len(requests)
    # the RIB démarche carries its new IBAN as the form stores it, so OCSO can apply it
    (rib,) = [r for r in requests if r.subject == "Demande de modification du RIB"]
    assert decrypt_field(rib.payload["iban_enc"]) == NEW_IBAN and rib.payload["iban_masked"] == mask_iban(
        NEW_IBAN
    )
    assert back_office.change_of(rib) == back_office.Change.BANK_DETAILS
    (rib_file,) = rib.attachments  # the RIB the form requires, which the agent reads before applying it
    text = "".join(
        page.extract_text() for page in PdfReader(BytesIO(uploads.read_stored(rib_file.storage_key))).pages
    )
    assert rib_file.original_name == "rib-martin-dubois.pdf" and NEW_IBAN[-4:] in text.replace(" ", "")
    assert rib_file.sha256 == hashlib.sha256(uploads.read_stored(rib_file.storage_key)).hexdigest()
    answers = session.scalars(
        select(RequestMessage).where(
            RequestMessage.request_id.in_([r.id for r in requests]), RequestMessage.from_ocso.is_(True)
        )
    ).all()
    assert answers


def test_the_personas_mes_documents_show_dated_letters_unread_badges_and_their_guarantees(
    session: Session,
) -> None:
    martin = _member(session, "123456")
    sections = {s.key: s for s in documents.member_sections(session, member_id=martin.id)}
    assert sections["courrier"].title == "VOUS AVEZ DU COURRIER" and len(sections["courrier"].documents) == 2
    assert sections["courrier"].unread == 1 and documents.unread_count(session, member_id=martin.id) == 1
    assert sections["prescription"].documents and sections["garanties"].documents
    assert "Formule Essentielle" in sections["garanties"].documents[0].title
    stored = session.scalars(select(Document).where(Document.member_id == martin.id)).all()
    assert all(uploads.read_stored(d.storage_key)[:5] == b"%PDF-" for d in stored)
    beneficiaries = _beneficiaries(session, martin)
    assert beneficiaries["EB"].teletransmission == Teletransmission.INACTIVE
    assert beneficiaries["AS"].teletransmission == Teletransmission.ACTIVE


def _pdf_text(storage_key: str) -> str:
    text = "\n".join(
        page.extract_text() for page in PdfReader(BytesIO(uploads.read_stored(storage_key))).pages
    )
    return " ".join(text.replace("\u00a0", " ").split())


def test_every_employer_reads_a_guide_rh_and_a_guide_salarie_drawn_from_guide_003(session: Session) -> None:
    """Documents › Guides et tutoriels of the demo: a guide RH and a guide salarié(e), real PDFs with the
    guide's rules (affiliation simple/complète, the 8 days, dispenses, radiation and portabilité)."""
    listed = {guide.kind: guide for guide in employer_guides.published_guides(session)}
    assert set(listed) == {"Guide RH", "Guide salarié(e)"}
    keys = dict(session.execute(select(EmployerGuide.kind, EmployerGuide.storage_key)).all())
    hr = _pdf_text(keys[GuideKind.HR_GUIDE])
    for words in (
        "Guide RH – Votre Espace Entreprise OCSO",
        "Affiliation simple : renseignez les 4 étapes de pré-affiliation",
        "Affiliation complète",
        "Affiliation en masse",
        "À relancer",
        "8 jours",
        "art. D911-2",
        "redressement URSSAF",
        "la portabilité est activée selon ce motif",
        "dans la limite de 12 mois",
        "certificat de travail",
        "bulletin individuel d'adhésion",
        "05 56 34 36 66",
    ):
        assert words in hr, words
    employee = _pdf_text(keys[GuideKind.EMPLOYEE_GUIDE])
    for words in (
        "Guide salarié(e)",
        "numéro d'adhérent",
        "dispense",
        "mandat SEPA",
        "portabilité",
        "8 jours",
    ):
        assert words in employee, words


def test_printed_passwords_and_security_codes_open_the_demo_accounts(
    session: Session, seeded: Seeded
) -> None:
    printed = parse_logins(seeded.output)
    accounts = session.scalars(select(Account)).all()
    assert {a.kind for a in accounts} == set(AccountKind)
    assert {"123456", "017341", "rh@boulangeries-littoral.fr", "AA0042", "gestion@ocso.fr"} <= set(printed)
    for account in accounts:
        assert not account.password_is_temporary
        assert (account.totp_secret_enc is not None) == (account.kind == AccountKind.STAFF), account.login
        assert verify_password(printed[account.login], account.password_hash), account.login
    staff = [a for a in accounts if a.kind == AccountKind.STAFF]
    assert {a.staff_role for a in staff} == set(StaffRole)
    for account in staff:  # the printed key enrols an authenticator whose codes open the account
        block = seeded.output.split(f"Espace OCSO, {account.login} ")[1]
        key = block.split("Clé : ")[1].splitlines()[0].replace(" ", "")
        assert decrypt_field(account.totp_secret_enc) == key
        assert "█" in block.split("Clé : ")[1]  # the QR code, drawn in the terminal
    littoral = session.scalars(select(Company).where(Company.client_number == "C001234")).one()
    code_line = next(line for line in seeded.output.splitlines() if "C001234" in line)
    assert littoral.siren in code_line
    assert verify_password(code_line.split()[-1], littoral.security_code_hash)


def test_logins_file_is_written_for_the_owner_only(seeded: Seeded) -> None:
    path = seeded.var_dir / "demo-logins.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8") in seeded.output


def _row_counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as s:
        return {
            model.__tablename__: s.scalar(select(func.count()).select_from(model)) or 0
            for model in (Member, CareLine, Statement, Account, Company)
        }


def test_if_empty_leaves_a_loaded_database_unchanged(seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> None:
    point_settings(monkeypatch, seeded.url, seeded.var_dir)
    before = _row_counts(db.engine())
    status, output = run_seed("--if-empty", "--members", "5")
    assert status == 0 and ALREADY_LOADED in output
    assert _row_counts(db.engine()) == before
    status, output = run_seed("--members", "5")
    assert status == 1 and _row_counts(db.engine()) == before
    db.engine().dispose()


def _load_fresh(tmp: Path, monkeypatch: pytest.MonkeyPatch, seed: int) -> tuple[list[tuple], list[tuple]]:
    """(members of the volume and personas, the company's staff) of a fresh load."""
    url = fresh_database(tmp)
    point_settings(monkeypatch, url, tmp)
    engine = db.engine()
    load_demo_data(
        engine, members=12, company_size=STAFF, seed=seed, today=date(2026, 11, 2), password_cost=4
    )
    with Session(engine) as s:
        rows = s.execute(
            select(Member.member_number, Member.first_name, Member.last_name, Member.birth_date)
            .outerjoin(Employee, Employee.member_id == Member.id)
            .where(Employee.personnel_category.not_in(STAFF_CATEGORIES) | Employee.id.is_(None))
            .order_by(Member.id)
        ).all()
        spent = s.scalar(select(func.sum(CareLine.amount_spent)))
        staff = staff_snapshot(s)
    engine.dispose()
    return [tuple(row) for row in rows] + [("spent", spent)], staff


def test_same_seed_gives_the_same_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _load_fresh(tmp_path / "a", monkeypatch, seed=7)
    second = _load_fresh(tmp_path / "b", monkeypatch, seed=7)
    other = _load_fresh(tmp_path / "c", monkeypatch, seed=8)
    assert first == second
    assert len(first[0]) == 12 + 8 + 1
    assert first[0] != other[0] and first[1] != other[1]


@pytest.mark.parametrize(
    ("status", "listed"),
    [
        (AffiliationStatus.AFFILIATED, {"Santé, Prévoyance"}),
        (AffiliationStatus.PORTABILITY, {"Santé, Prévoyance", "Prévoyance"}),
        (AffiliationStatus.RADIATED, {"—"}),  # every registration ended on the date de sortie
        (AffiliationStatus.EXEMPTED, {"Prévoyance"}),
    ],
)
def test_the_employer_s_list_names_the_contracts_the_services_leave_for_each_status(
    session: Session, status: AffiliationStatus, listed: set[str]
) -> None:
    """Of the demo's companies (the personas' and the generated staff's): what HR reads in Assurés."""
    employees = session.scalars(
        select(Employee).where(Employee.status == status, Employee.company_id <= 3).order_by(Employee.id)
    ).all()
    assert employees
    assert set(_listed_contracts(session, employees, status).values()) <= listed


# --- the rows the services would have written


def _pre_affiliated(s: Session) -> list[Employee]:
    """Every demo employee HR pré-affiliated (the first step of their history)."""
    return list(
        s.scalars(
            select(Employee)
            .where(
                Employee.id.in_(
                    select(EmployeeStatusChange.employee_id).where(
                        EmployeeStatusChange.note == "Pré-affiliation"
                    )
                )
            )
            .order_by(Employee.id)
        )
    )


GUIDE_NIR = "1234567891012"


def test_every_pre_affiliated_employee_has_the_nir_of_their_sex_and_birth(session: Session) -> None:
    """The pré-affiliation requires the NIR (``pre_affiliation``: its key, sex, year and month of birth);
    the demo's invited and former employees had none, so the dispensed Inès MOREAU could not be named by NIR
    in an IJ import. No two employees of a structure share one (the IJ import would name neither)."""
    employees = _pre_affiliated(session)
    assert {"MOREAU", "ROUSSEAU", "GIRARD", "GARNIER", "DARRIGRAND"} <= {e.last_name for e in employees}
    assert {e.status for e in employees} >= set(AffiliationStatus) - {AffiliationStatus.TO_REMIND}
    by_structure: dict[int, set[str]] = {}
    for employee in employees:
        assert employee.nir_enc, employee.id
        number = nir.validate(decrypt_field(employee.nir_enc))  # raises on a wrong key
        assert number[0] == ("1" if employee.civility == "M." else "2"), employee.id
        if number.startswith(GUIDE_NIR):  # Martin DUBOIS's, as the guide's screen shows it
            continue
        assert number[1:5] == employee.birth_date.strftime("%y%m"), employee.id
        assert number not in by_structure.setdefault(employee.company_id, set()), employee.id
        by_structure[employee.company_id].add(number)


def _former_employees(s: Session) -> list[Employee]:
    return list(
        s.scalars(
            select(Employee)
            .where(Employee.status.in_((AffiliationStatus.RADIATED, AffiliationStatus.PORTABILITY)))
            .order_by(Employee.id)
        )
    )


def test_each_former_employee_s_registrations_end_where_their_radiation_ends_each_cover(
    session: Session,
) -> None:
    """``radiation._freeze_rights``: a registration ends at the end of its kind's cover, the portabilité's
    for what it maintains (santé for a member file only, prévoyance for everyone), the date de sortie
    otherwise. The generated former employees without member file had a santé registration with an option
    and an « Affiliation » in their history, running to the portabilité's end: the Assurés list read
    « Santé, Prévoyance » where ``radiation_of`` read prévoyance only."""
    left = _former_employees(session)
    registrations = _registrations(session, [e.id for e in left])
    today = paris_today()
    for employee in left:
        radiation = radiation_of(session, employee)
        assert radiation is not None, employee.id
        assert radiation.health == (employee.member_id is not None), employee.id
        assert (employee.status == AffiliationStatus.PORTABILITY) == (radiation.portability is not None)
        for kind, registration in registrations[employee.id]:
            if registration.end_date is not None and registration.end_date < registration.start_date:
                continue  # withdrawn by a dispense: covers no day
            assert registration.end_date == radiation.cover_end(kind), employee.id
            assert (registration.option_id is None) == (kind == ContractKind.SANTE and not radiation.health)
        if employee.member_id is not None:  # the card and the family end with the santé
            health_end = radiation.cover_end(ContractKind.SANTE)
            assert session.get_one(Member, employee.member_id).radiation_date == health_end
            family_ends = session.scalars(
                select(Beneficiary.end_date).where(Beneficiary.member_id == employee.member_id)
            ).all()
            assert set(family_ends) == {health_end}, employee.id
        notes = [step.note for step in _history(session, employee.id)]
        assert ("Affiliation" in notes) == radiation.health, employee.id
        assert (employee.affiliated_on is not None) == radiation.health, employee.id
    assert any(e.member_id is None for e in left) and any(e.member_id is not None for e in left)
    for status in (AffiliationStatus.RADIATED, AffiliationStatus.PORTABILITY):
        of_status = [e for e in left if e.status == status]
        assert of_status
        for employee_id, listed in _listed_contracts(session, of_status, status).items():
            radiation = radiation_of(session, session.get_one(Employee, employee_id))
            assert radiation is not None
            kinds = [
                label
                for kind, label in ((ContractKind.SANTE, "Santé"), (ContractKind.PREVOYANCE, "Prévoyance"))
                if any(k == kind for k, _ in registrations[employee_id])
                and radiation.cover_end(kind) >= today
            ]
            assert listed == (", ".join(kinds) or "—"), employee_id


def _hr_manager(s: Session) -> Account:
    return s.scalars(select(Account).where(Account.login == "rh@boulangeries-littoral.fr")).one()


def test_every_demo_radiation_is_remembered_and_one_within_30_days_can_be_cancelled(session: Session) -> None:
    """``radiation.radiate`` keeps what it changed (``RadiationRecord``) so that HR can cancel it within 30
    days; the demo's radiations had no record: no fiche offered « Annuler la radiation ». Cancelled here in
    the test's transaction, rolled back."""
    today = paris_today()
    left = _former_employees(session)
    offers = {e.id: radiation_cancellation.cancellation_offer(session, e, today=today) for e in left}
    assert radiation_cancellation.NOT_REMEMBERED not in {offer.refusal for offer in offers.values()}
    recent = [e for e in left if offers[e.id].possible]
    assert recent and all(today - e.radiated_on <= timedelta(days=30) for e in recent if e.radiated_on)
    faure = next(e for e in recent if e.last_name == "FAURE")  # the persona: always within 30 days
    member_id = faure.member_id
    hr = _hr_manager(session)
    try:
        cancelled = radiation_cancellation.cancel_radiation(
            session,
            structure_ids=[faure.company_id],
            employee_id=faure.id,
            by=StatusAuthor(hr.id, "Claire LEROUX (RH)"),
            actor=Actor(hr.id, company_id=faure.company_id),
            now=datetime.now(UTC),
        )
        session.flush()
        session.refresh(faure)
        assert cancelled.name == "Julien FAURE"
        assert faure.status == AffiliationStatus.AFFILIATED and faure.radiated_on is None
        ends = {registration.end_date for _, registration in _registrations(session, [faure.id])[faure.id]}
        assert ends == {None}
        assert member_id is not None and session.get_one(Member, member_id).radiation_date is None
        family_ends = session.scalars(select(Beneficiary.end_date).where(Beneficiary.member_id == member_id))
        assert set(family_ends) == {None}
    finally:
        session.rollback()


def test_the_demo_s_accepted_dispenses_name_the_hr_account_that_accepted_them(session: Session) -> None:
    """``dispense_decisions.accept`` records who accepted: at BOULANGERIES DU LITTORAL, its HR manager."""
    hr = _hr_manager(session)
    structures = set(
        session.scalars(select(EmployerGrant.company_id).where(EmployerGrant.account_id == hr.id))
    )
    decided = session.execute(
        select(DispenseRequest.decided_by_account_id, Employee.company_id)
        .join(Employee, Employee.id == DispenseRequest.employee_id)
        .where(DispenseRequest.decision == DispenseDecision.ACCEPTED, Employee.company_id.in_(structures))
    ).all()
    assert decided and {account_id for account_id, _ in decided} == {hr.id}


def test_a_demarche_being_handled_names_the_agent_who_took_it(session: Session) -> None:
    """The demo's « en cours de traitement » démarches said « Pris en charge par — » and Accueil counted them
    « non prises en charge »: « Prendre en charge » is what makes one « en cours ». Each names an agent of the
    desk it goes to (Prestations for a member's, Entreprises for a company's)."""
    handled = session.scalars(select(Request).where(Request.status == RequestStatus.IN_PROGRESS)).all()
    assert handled
    for request in handled:
        agent = session.get(Account, request.assignee_account_id)
        desk = StaffRole.PRESTATIONS if request.member_id else StaffRole.ENTREPRISES
        assert agent is not None and agent.staff_role == desk, request.subject
    waiting = session.scalars(select(Request).where(Request.status == RequestStatus.SENT)).all()
    assert waiting and all(r.assignee_account_id is None for r in waiting)


def test_every_employee_has_the_first_day_of_cover_the_pre_affiliation_records(session: Session) -> None:
    """The fiche's « Début de la couverture » and the export's column were empty for every demo employee:
    the pré-affiliation records it (the day typed, else the hiring), and the registrations start that day."""
    rows = session.execute(
        select(Employee.cover_start_on, func.min(EmployeeContract.start_date))
        .join(EmployeeContract, EmployeeContract.employee_id == Employee.id)
        .group_by(Employee.id)
    ).all()
    assert rows and all(cover is not None and cover == first for cover, first in rows)


def test_the_bakery_s_open_affiliations_send_their_dispense_requests_to_its_hr(session: Session) -> None:
    """Every open affiliation of the demo showed « Demandes de dispense envoyées à » with nothing, whereas
    the pré-affiliation requires the address: they go to the HR login who pré-affiliated them, who follows
    them (so Accueil's « personne n'est prévenu(e) » count is right: none)."""
    bakery = session.scalars(select(Company).where(Company.name == "BOULANGERIES DU LITTORAL")).first()
    open_ones = session.scalars(
        select(Employee).where(
            Employee.company_id == bakery.id,
            Employee.status.in_((AffiliationStatus.PENDING, AffiliationStatus.TO_REMIND)),
        )
    ).all()
    assert open_ones
    for employee in open_ones:
        chooser = session.get(Account, employee.invited_by_account_id)
        assert chooser is not None and employee.dispense_email == chooser.email
    orphans = employer_access.unheard_follow_up()
    assert session.scalar(select(func.count()).where(Employee.company_id == bakery.id, orphans)) == 0


def test_the_staff_read_each_demo_login_s_last_visit_and_an_account_older_than_its_demarches(
    session: Session,
) -> None:
    """The member's file said « Dernière connexion : Jamais » and « Compte créé le » the day of the load
    for personas whose démarches date from weeks before: each demo login has a last visit a few days ago
    (a session ended long since, which opens nothing) and was opened before its first démarche."""
    now = datetime.now(UTC)
    for account in session.scalars(select(Account)).all():
        shown = (
            member_access.member_access(session, member_id=account.member_id, now=now)
            if account.member_id
            else None
        )
        last = session.scalars(select(LoginSession).where(LoginSession.account_id == account.id)).all()
        assert len(last) == 1, account.login
        [visit] = last
        assert visit.revoked_at is not None and _aware(visit.expires_at) < now, account.login
        assert now - timedelta(days=8) < _aware(visit.created_at) < now - timedelta(hours=1), account.login
        created = _aware(account.created_at)
        assert created < _aware(visit.created_at)
        if account.member_id is not None:
            first = session.scalar(
                select(func.min(Request.created_at)).where(Request.member_id == account.member_id)
            )
            assert first is None or created < _aware(first), account.login
            assert shown is not None and shown.last_login != "Jamais"
            assert shown.created_on != format_short_date(paris_today())


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
