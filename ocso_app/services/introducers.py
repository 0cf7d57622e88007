"""Business introducers: their identifier by e-mail, and the companies of their own portfolio only, each
with its signed contracts in force, its headcounts per affiliation status, its bordereaux and its open
démarches: figures about the company, never an employee's name or any individual's data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.config import settings
from ocso_app.models import (
    Account,
    AccountKind,
    AffiliationStatus,
    Company,
    Contract,
    ContractKind,
    ContributionStatement,
    Employee,
    PortfolioEntry,
    Request,
    RequestStatus,
)
from ocso_app.services import throttle
from ocso_app.services.affiliation import STATUS_LABELS, effective_status_column, effective_status_is
from ocso_app.services.contracts import contribution_status, in_force
from ocso_app.services.formats import (
    format_count,
    format_long_date,
    format_money,
    format_short_date,
    paris_date,
)
from ocso_app.services.mail import send_after_commit
from ocso_app.services.requests.labels import OPEN_STATUSES, SICK_LEAVE, TYPE_LABELS
from ocso_app.services.requests.labels import STATUS_LABELS as REQUEST_STATUS_LABELS
from ocso_app.services.typed_text import has_control

IDENTIFIER_SENT = (
    "Si cette adresse correspond à un apporteur d'affaires, votre identifiant vient de vous être envoyé "
    "par e-mail."
)
_ACTIVE = (AffiliationStatus.AFFILIATED, AffiliationStatus.PORTABILITY)
CONTRACT_KINDS = {ContractKind.SANTE: "Santé", ContractKind.PREVOYANCE: "Prévoyance"}
PERIODS_SHOWN = 4  # a year of quarterly bordereaux
STATEMENTS_SHOWN = 60  # at most, whatever the number of contracts and of bordereaux left to pay
STATEMENTS_NOTE = "Les bordereaux des 4 dernières périodes et ceux qui restent à régler."


def send_identifier(session: Session, *, email: str, ip_address: str | None = None) -> str:
    """ "Obtenir votre identifiant": e-mail it to the address on file; the same answer in every case.

    Known and unknown addresses cost the same: one lookup and the same counts, and the message itself is
    sent after the answer, from a background thread (``mail.send_after_commit``). Requests are bounded per
    address typed and per client (``throttle``), so the form cannot flood a mailbox."""
    email = (email or "").strip().lower()
    allowed = throttle.attempt_from_client(
        session, throttle.IDENTIFIER_CLIENT, ip_address
    ) and throttle.attempt(session, throttle.IDENTIFIER_ADDRESS, email)
    # no address holds a control character: one typed with it (a NUL, which PostgreSQL refuses in a query)
    # is nobody's, and gets the same answer
    account = (
        None
        if has_control(email)
        else session.scalar(
            select(Account).where(
                Account.kind == AccountKind.INTRODUCER, func.lower(Account.email) == email, Account.is_active
            )
        )
    )
    if account is not None and email and allowed:
        send_after_commit(
            session,
            to=account.email or email,
            subject="Votre identifiant - Espace Apporteurs d'affaires OCSO",
            text=(
                f"Bonjour,\n\nVotre identifiant de connexion est : {account.login}\n\n"
                f"Connectez-vous sur {settings().public_url}{routes.INTRODUCER_LOGIN}"
            ),
        )
    return IDENTIFIER_SENT


@dataclass(frozen=True)
class PortfolioCompany:
    """One company of the introducer's portfolio, as the portfolio page shows it."""

    company_id: int
    name: str
    siren: str
    client_number: str
    city: str
    since: str
    health_contracts: int
    provident_contracts: int
    insured_employees: int


def portfolio(session: Session, *, introducer_id: int, today: date) -> list[PortfolioCompany]:
    """The portfolio of ``introducer_id`` (from the guard), with its signed contracts in force on ``today``
    (as the employer's Entreprise page shows them) and headcount: the employees affiliés or en portabilité
    as read on ``today`` (a portabilité whose last day has passed is
    over even before the daily job records it), as the company's detail counts them."""
    contracts = (
        select(
            Contract.company_id,
            func.count().filter(Contract.kind == ContractKind.SANTE).label("health"),
            func.count().filter(Contract.kind == ContractKind.PREVOYANCE).label("provident"),
        )
        .where(Contract.signed_on.is_not(None), in_force(today))
        .group_by(Contract.company_id)
        .subquery()
    )
    insured = (
        select(Employee.company_id, func.count().label("insured"))
        .where(or_(*(effective_status_is(today, status) for status in _ACTIVE)))
        .group_by(Employee.company_id)
        .subquery()
    )
    rows = session.execute(
        select(PortfolioEntry.since, Company, contracts.c.health, contracts.c.provident, insured.c.insured)
        .join(Company, Company.id == PortfolioEntry.company_id)
        .outerjoin(contracts, contracts.c.company_id == Company.id)
        .outerjoin(insured, insured.c.company_id == Company.id)
        .where(PortfolioEntry.introducer_id == introducer_id)
        .order_by(Company.name)
    )
    return [
        PortfolioCompany(
            company_id=company.id,
            name=company.name,
            siren=company.siren,
            client_number=company.client_number,
            city=company.city,
            since=format_long_date(since),
            health_contracts=health or 0,
            provident_contracts=provident or 0,
            insured_employees=count or 0,
        )
        for since, company, health, provident, count in rows
    ]


@dataclass(frozen=True)
class ContractRow:
    """A signed contract of the company, in force."""

    number: str
    label: str
    kind: str


@dataclass(frozen=True)
class HeadcountRow:
    """How many of the company's employees are in one affiliation status, as read today."""

    status: str
    count: str


@dataclass(frozen=True)
class StatementRow:
    """A bordereau de cotisations: its contract, its period, the amounts due and paid, its status."""

    contract: str  # « Santé CS-2021-001234 »: two bordereaux of one quarter are told apart
    period: str
    due: str
    paid: str
    status: str


@dataclass(frozen=True)
class OpenRequestRow:
    """A démarche of the company not answered yet: its kind, when it was sent, where it stands."""

    kind: str
    sent_on: str
    status: str


@dataclass(frozen=True)
class CompanyDetail:
    """One company of the portfolio in detail (``portfolio_detail``)."""

    company_id: int
    name: str
    contracts: tuple[ContractRow, ...]
    headcounts: tuple[HeadcountRow, ...]
    statements: tuple[StatementRow, ...]
    requests: tuple[OpenRequestRow, ...]


# Démarches that are an employee's claim, not the contract's administration: a déclaration d'arrêt de travail
# tells of someone's health (in a company of three, « Arrêts de travail, envoyée » names them). Like care and
# reimbursements, an introducer never sees them, not even their kind.
CLAIMS = (SICK_LEAVE,)


def portfolio_detail(
    session: Session, *, introducer_id: int, company_id: int, today: date
) -> CompanyDetail | None:
    """A company of the portfolio of ``introducer_id`` (from the guard) in detail; ``None`` when
    ``company_id`` (from the browser) is not in that portfolio. Its signed contracts in force on ``today``;
    figures only: the headcounts per status
    (read on ``today``: « à relancer » after 8 days), never an employee's name; the démarches by kind, never
    their subject, an employee's claim (``CLAIMS``) left out."""
    company = session.scalar(
        select(Company)
        .join(PortfolioEntry, PortfolioEntry.company_id == Company.id)
        .where(PortfolioEntry.introducer_id == introducer_id, Company.id == company_id)
    )
    if company is None:
        return None
    contracts = session.execute(
        select(Contract.number, Contract.label, Contract.kind)
        .where(Contract.company_id == company.id, Contract.signed_on.is_not(None), in_force(today))
        .order_by(Contract.kind, Contract.number)
    )
    status = effective_status_column(today)
    counts: dict[str, int] = {
        str(s): n
        for s, n in session.execute(
            select(status, func.count()).where(Employee.company_id == company.id).group_by(status)
        )
    }
    # the bordereaux of the company's latest periods, every contract's, and any older one still to pay (a cut
    # at 8 rows left out a contract of the last quarter and said nothing of it)
    latest_periods = (
        select(ContributionStatement.period_start)
        .where(ContributionStatement.company_id == company.id)
        .group_by(ContributionStatement.period_start)
        .order_by(ContributionStatement.period_start.desc())
        .limit(PERIODS_SHOWN)
    )
    statements = session.execute(
        select(ContributionStatement, Contract.number, Contract.kind)
        .join(Contract, Contract.id == ContributionStatement.contract_id)
        .where(
            ContributionStatement.company_id == company.id,
            or_(
                ContributionStatement.period_start.in_(latest_periods),
                ContributionStatement.amount_paid < ContributionStatement.amount_due,
            ),
        )
        .order_by(ContributionStatement.period_start.desc(), ContributionStatement.reference)
        .limit(STATEMENTS_SHOWN)
    ).all()
    requests = session.execute(
        select(Request.request_type, Request.created_at, Request.status)
        .where(
            Request.company_id == company.id,
            Request.status.in_(OPEN_STATUSES),
            Request.request_type.not_in(CLAIMS),
        )
        .order_by(Request.created_at.desc(), Request.id.desc())
    )
    return CompanyDetail(
        company_id=company.id,
        name=company.name,
        contracts=tuple(
            ContractRow(number=n, label=label, kind=CONTRACT_KINDS[ContractKind(kind)])
            for n, label, kind in contracts
        ),
        headcounts=tuple(
            HeadcountRow(status=label, count=format_count(counts.get(s.value, 0)))
            for s, label in STATUS_LABELS.items()
        ),
        statements=tuple(
            StatementRow(
                contract=f"{CONTRACT_KINDS[ContractKind(kind)]} {number}",
                period=f"{format_short_date(row.period_start)} au {format_short_date(row.period_end)}",
                due=format_money(row.amount_due),
                paid=format_money(row.amount_paid),
                status=contribution_status(row.amount_due, row.amount_paid, row.due_on, today),
            )
            for row, number, kind in statements
        ),
        requests=tuple(
            OpenRequestRow(
                kind=TYPE_LABELS.get(kind, kind.replace("_", " ").capitalize()),
                sent_on=format_short_date(paris_date(created)),
                status=REQUEST_STATUS_LABELS[RequestStatus(state)],
            )
            for kind, created, state in requests
        ),
    )
