"""A company's dedicated contact at OCSO (guide 003: « Vous pouvez également retrouver vos interlocuteurs
dédiés »): an agent of the Entreprises service, or an administrator, named on the company's file in the
Espace OCSO; the users of the company and of its structures read their name and e-mail address on their
Accueil. A structure without one of its own shows its parent company's.

Naming one is audited with the agent who did it and the company. The staff member chosen comes from the
browser: it must be an active staff account of a role that answers companies, else nothing is written."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, aliased

from ocso_app.db import read
from ocso_app.models import Account, AccountKind, Company, StaffRole
from ocso_app.services import audit
from ocso_app.services.errors import OcsoError
from ocso_app.services.sessions import Named, display_name

EVENT_TYPE = "Interlocuteur dédié"
NOBODY = "Aucun interlocuteur dédié"
ANSWERING_COMPANIES = (StaffRole.ENTREPRISES, StaffRole.ADMIN)
NOT_A_MANAGER = "Choisissez un collaborateur actif du service Entreprises."
NO_COMPANY = "Entreprise introuvable."


@dataclass(frozen=True)
class Manager:
    """A staff member who may be a company's dedicated contact, as listed and shown."""

    account_id: int
    name: str
    email: str


class _Contact(Named, Protocol):
    """A staff account, or a row of its columns."""

    id: int
    email: str | None


def _manager(account: _Contact) -> Manager:
    return Manager(account.id, display_name(account), account.email or account.login)


def candidates(session: Session) -> list[Manager]:
    """The active staff accounts that answer companies, by name."""
    accounts = session.scalars(
        select(Account)
        .where(
            Account.kind == AccountKind.STAFF,
            Account.is_active.is_(True),
            Account.staff_role.in_(ANSWERING_COMPANIES),
        )
        .order_by(Account.last_name, Account.first_name, Account.id)
    )
    return [_manager(account) for account in accounts]


def manager_of(session: Session, *, company_id: int) -> Manager | None:
    """The company's own dedicated contact (not its parent's), for its file in the Espace OCSO."""
    account = session.scalar(
        select(Account)
        .join(Company, Company.account_manager_id == Account.id)
        .where(Company.id == company_id)
    )
    return _manager(account) if account is not None else None


def assign(session: Session, *, actor: audit.Actor, company_id: int, account_id: int | None) -> str:
    """Name ``account_id`` (``None``: nobody) the company's dedicated contact; returns the name shown."""
    company = session.get(Company, company_id)
    if company is None:
        raise OcsoError(NO_COMPANY)
    chosen = session.get(Account, account_id) if account_id is not None else None
    if account_id is not None and (
        chosen is None
        or chosen.kind != AccountKind.STAFF
        or not chosen.is_active
        or chosen.staff_role not in ANSWERING_COMPANIES
    ):
        raise OcsoError(NOT_A_MANAGER)
    company.account_manager_id = chosen.id if chosen is not None else None
    shown = display_name(chosen) if chosen is not None else NOBODY
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=company.id),
        event_type=EVENT_TYPE,
        action=f"Interlocuteur dédié de {company.name} (n° client {company.client_number}) : {shown}",
    )
    return shown


# Every opening of an employer's Accueil runs it: built once, for the aliased parent costs more to build
# (≈ 2.5 ms) than the query does to run.
_PARENT = aliased(Company)
_DEDICATED = (
    select(Account.id, Account.first_name, Account.last_name, Account.login, Account.email)
    .select_from(Company)
    .outerjoin(_PARENT, _PARENT.id == Company.parent_id)
    .join(Account, Account.id == func.coalesce(Company.account_manager_id, _PARENT.account_manager_id))
    .where(Company.id.in_(bindparam("structure_ids", expanding=True)), Account.is_active.is_(True))
    .distinct()
    .order_by(Account.last_name, Account.first_name)
)


def dedicated_contacts(session: Session, *, structure_ids: Sequence[int]) -> list[Manager]:
    """The dedicated contacts of these structures (a structure's own, else its parent company's), each
    once, active ones only: what their users read on Accueil."""
    rows = read(session, _DEDICATED, {"structure_ids": list(structure_ids)})
    return [_manager(row) for row in rows]
