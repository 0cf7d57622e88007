"""Business introducers: their identifier by e-mail, and the companies of their own portfolio only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
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
    Employee,
    PortfolioEntry,
)
from ocso_app.services import throttle
from ocso_app.services.formats import format_long_date
from ocso_app.services.mail import send_after_commit

IDENTIFIER_SENT = (
    "Si cette adresse correspond à un apporteur d'affaires, votre identifiant vient de vous être envoyé "
    "par e-mail."
)
_ACTIVE = (AffiliationStatus.AFFILIATED, AffiliationStatus.PORTABILITY)


def send_identifier(session: Session, *, email: str, ip_address: str | None = None) -> str:
    """ "Obtenir votre identifiant": e-mail it to the address on file; the same answer in every case.

    Known and unknown addresses cost the same: one lookup and the same counts, and the message itself is
    sent after the answer, from a background thread (``mail.send_after_commit``). Requests are bounded per
    address typed and per client (``throttle``), so the form cannot flood a mailbox."""
    email = (email or "").strip().lower()
    allowed = throttle.attempt_from_client(
        session, throttle.IDENTIFIER_CLIENT, ip_address
    ) and throttle.attempt(session, throttle.IDENTIFIER_ADDRESS, email)
    account = session.scalar(
        select(Account).where(
            Account.kind == AccountKind.INTRODUCER, func.lower(Account.email) == email, Account.is_active
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

    name: str
    siren: str
    client_number: str
    city: str
    since: str
    health_contracts: int
    provident_contracts: int
    insured_employees: int


def portfolio(session: Session, *, introducer_id: int) -> list[PortfolioCompany]:
    """The portfolio of ``introducer_id`` (from the guard), with signed contracts and headcount."""
    contracts = (
        select(
            Contract.company_id,
            func.count().filter(Contract.kind == ContractKind.SANTE).label("health"),
            func.count().filter(Contract.kind == ContractKind.PREVOYANCE).label("provident"),
        )
        .where(Contract.signed_on.is_not(None))
        .group_by(Contract.company_id)
        .subquery()
    )
    insured = (
        select(Employee.company_id, func.count().label("insured"))
        .where(Employee.status.in_(_ACTIVE))
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
