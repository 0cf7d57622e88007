"""What each employer profile may do, in one table, and the check every employer handler and route makes:
this user, on this structure, with a profile that allows this action.

A user holds one profile per structure (``EmployerGrant``). Pages and handlers name the *action* they need,
never a profile, so that changing who may do what is a change of ``PERMISSIONS`` only.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Exists,
    SQLColumnExpression,
    and_,
    bindparam,
    exists,
    func,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import Session

from ocso_app.db import read
from ocso_app.models import (
    Account,
    AccountKind,
    AffiliationStatus,
    Company,
    Employee,
    EmployerGrant,
    EmployerProfile,
)
from ocso_app.services.errors import AccessDenied

NO_ACCESS = "Vous n'avez pas accès à cette structure avec votre profil."


class EmployerAction(enum.StrEnum):
    """What an employer page or handler does."""

    VIEW_STRUCTURE = "voir la structure"  # Accueil, Entreprise, Documents
    VIEW_EMPLOYEES = "voir les assurés"  # Assurés (affiliation data only, never care)
    MANAGE_EMPLOYEES = "gérer les salariés"  # affiliation, radiation, Démarches « Salariés »
    VIEW_SICK_LEAVE = "voir les arrêts de travail"  # Indemnités journalières
    MANAGE_SICK_LEAVE = "déclarer les arrêts de travail"  # Démarches « Arrêts de travail »
    VIEW_CONTRIBUTIONS = "voir les cotisations"  # bordereaux
    MANAGE_CONTRIBUTIONS = "régler les cotisations"  # Démarches « Règlement des cotisations »
    ADMINISTER_USERS = "administrer les utilisateurs"  # Administration des structures


_READ = {
    EmployerAction.VIEW_STRUCTURE,
    EmployerAction.VIEW_EMPLOYEES,
    EmployerAction.VIEW_SICK_LEAVE,
    EmployerAction.VIEW_CONTRIBUTIONS,
}

PERMISSIONS: dict[EmployerProfile, frozenset[EmployerAction]] = {
    EmployerProfile.ADMIN: frozenset(EmployerAction),
    EmployerProfile.STAFF_MANAGEMENT: frozenset(
        {EmployerAction.VIEW_STRUCTURE, EmployerAction.VIEW_EMPLOYEES, EmployerAction.MANAGE_EMPLOYEES}
    ),
    EmployerProfile.READ_ONLY: frozenset(_READ),
    EmployerProfile.SICK_LEAVE: frozenset(
        {EmployerAction.VIEW_STRUCTURE, EmployerAction.VIEW_SICK_LEAVE, EmployerAction.MANAGE_SICK_LEAVE}
    ),
    EmployerProfile.CONTRIBUTIONS: frozenset(
        {
            EmployerAction.VIEW_STRUCTURE,
            EmployerAction.VIEW_CONTRIBUTIONS,
            EmployerAction.MANAGE_CONTRIBUTIONS,
        }
    ),
}


def allows(profile: EmployerProfile | str, action: EmployerAction) -> bool:
    """Whether ``profile`` may do ``action``."""
    return action in PERMISSIONS[EmployerProfile(profile)]


@dataclass(frozen=True)
class StructureGrant:
    """The caller's right on one structure, as the employer guard established it."""

    company_id: int
    profile: EmployerProfile
    is_principal: bool


def grant_for(
    session: Session, *, account_id: int, company_id: int, action: EmployerAction
) -> StructureGrant | None:
    """The user's grant on that structure if its profile allows ``action``; ``None`` otherwise."""
    row = session.execute(
        select(EmployerGrant.profile, EmployerGrant.is_principal).where(
            EmployerGrant.account_id == account_id, EmployerGrant.company_id == company_id
        )
    ).first()
    if row is None or not allows(row.profile, action):
        return None
    return StructureGrant(
        company_id=company_id, profile=EmployerProfile(row.profile), is_principal=row.is_principal
    )


def require(session: Session, *, account_id: int, company_id: int, action: EmployerAction) -> StructureGrant:
    """``grant_for``, raising ``AccessDenied`` (with its French message) instead of returning ``None``."""
    grant = grant_for(session, account_id=account_id, company_id=company_id, action=action)
    if grant is None:
        raise AccessDenied(NO_ACCESS)
    return grant


def structures_allowing(session: Session, *, account_id: int, action: EmployerAction) -> list[int]:
    """The ids of the structures on which the user may do ``action`` (a page's structure choice)."""
    rows = session.execute(
        select(EmployerGrant.company_id, EmployerGrant.profile).where(EmployerGrant.account_id == account_id)
    )
    return sorted(company_id for company_id, profile in rows if allows(profile, action))


@dataclass(frozen=True)
class GrantedStructure:
    """One structure the user was granted, with their profile on it."""

    company_id: int
    name: str
    profile: EmployerProfile
    is_principal: bool


STRUCTURE_IDS: BindParameter[int] = bindparam("structure_ids", expanding=True)
"""The structures a prebuilt statement of the Espace Employeur reads, bound at each run
(``{"structure_ids": scope.structure_ids}``): always the guard's scope, never the browser's."""


# Built once: every employer event's guard reads it (``db.read``, no ORM result machinery).
_GRANTED = (
    select(EmployerGrant.company_id, Company.name, EmployerGrant.profile, EmployerGrant.is_principal)
    .join(Company, Company.id == EmployerGrant.company_id)
    .where(EmployerGrant.account_id == bindparam("account_id"))
    .order_by(Company.name, Company.id)
)


def granted_structures(session: Session, *, account_id: int) -> list[GrantedStructure]:
    """Every structure the user was granted, by name (the header's structure choice)."""
    rows = read(session, _GRANTED, {"account_id": account_id})
    return [
        GrantedStructure(company_id=c, name=n, profile=EmployerProfile(p), is_principal=i)
        for c, n, p, i in rows
    ]


@dataclass(frozen=True)
class EmployerScope:
    """What the employer guard hands a handler or route: the structures on which the caller's profile
    allows ``action``, narrowed to the structure chosen in the header when there is one. Never empty."""

    account_id: int
    action: EmployerAction
    structure_ids: tuple[int, ...]

    def covers(self, company_id: int | None) -> bool:
        """Whether ``company_id`` is one of the scope's structures."""
        return company_id is not None and company_id in self.structure_ids


def scope_of(
    grants: list[GrantedStructure], *, account_id: int, action: EmployerAction, chosen: int | None = None
) -> EmployerScope | None:
    """The scope of ``action`` among ``grants`` (see ``EmployerScope``); ``None`` when it is empty."""
    ids = tuple(
        g.company_id
        for g in grants
        if allows(g.profile, action) and (chosen is None or g.company_id == chosen)
    )
    return EmployerScope(account_id=account_id, action=action, structure_ids=ids) if ids else None


def scope_for(
    session: Session, *, account_id: int, action: EmployerAction, chosen: int | None = None
) -> EmployerScope | None:
    """The caller's scope for ``action``, read from their grants now."""
    grants = granted_structures(session, account_id=account_id)
    return scope_of(grants, account_id=account_id, action=action, chosen=chosen)


def allowed_actions(grants: list[GrantedStructure], *, chosen: int | None = None) -> set[EmployerAction]:
    """Every action the user may do on the chosen structure (or on at least one, when none is chosen)."""
    return {
        action
        for g in grants
        if chosen is None or g.company_id == chosen
        for action in PERMISSIONS[g.profile]
    }


def hr_address(
    session: Session, *, address: str | None, chosen_by: int | None, company_id: int, action: EmployerAction
) -> str | None:
    """Where an e-mail naming an employee of ``company_id`` may go: ``address``, the one an HR user chose for
    that employee (a shared mailbox is allowed), only while the user who chose it (``chosen_by``) is active
    and their profile on the structure still allows ``action``, and, when it is a portal user's own address,
    while that user may too; otherwise nobody (the fiche salarié(e) still shows it to the users who may
    read it). An address chosen by a user since gone from the company, or whose access was withdrawn,
    would keep receiving employees' names."""
    if not address or chosen_by is None:
        return None
    # Whose address it is goes by the account's login, as in ``hr_address_unheard``: an employer user's
    # login is their e-mail lowercased, set together at the account's creation, and unique per kind.
    typed = address.strip().lower()
    users = session.execute(
        select(Account.id, Account.is_active, Account.login, EmployerGrant.profile)
        .outerjoin(
            EmployerGrant, (EmployerGrant.account_id == Account.id) & (EmployerGrant.company_id == company_id)
        )
        .where(Account.kind == AccountKind.EMPLOYER, or_(Account.id == chosen_by, Account.login == typed))
    ).all()
    may = {u.id: u.is_active and u.profile is not None and allows(u.profile, action) for u in users}
    owners = [u.id for u in users if u.login == typed]
    if not may.get(chosen_by, False) or (owners and not any(may[o] for o in owners)):
        return None
    return address


def _may_act(
    account: ColumnElement[bool], company_id: SQLColumnExpression[int], action: EmployerAction
) -> Exists:
    """Some active employer user matching ``account`` whose profile on ``company_id`` allows ``action``."""
    return exists().where(
        account,
        Account.kind == AccountKind.EMPLOYER,
        Account.is_active,
        EmployerGrant.account_id == Account.id,
        EmployerGrant.company_id == company_id,
        EmployerGrant.profile.in_([profile for profile in PERMISSIONS if allows(profile, action)]),
    )


def hr_address_unheard(
    address: SQLColumnExpression[str | None],
    chosen_by: SQLColumnExpression[int | None],
    company_id: SQLColumnExpression[int],
    action: EmployerAction,
) -> ColumnElement[bool]:
    """``hr_address`` in SQL, over columns (a list's or a count's): an address is set but would be sent
    nothing. A portal user's address is found by its login, which for an employer user is their e-mail,
    lowercased (``employer_accounts``), so that the accounts' (kind, login) index answers, not a scan.
    ``hr_address`` goes by the login too: tests/services/test_employer_access.py checks that they agree."""
    typed = func.lower(func.trim(address))
    owned = Account.login == typed
    is_owner = exists().where(owned, Account.kind == AccountKind.EMPLOYER)
    return and_(
        address.is_not(None),
        address != "",
        or_(
            chosen_by.is_(None),
            not_(_may_act(Account.id == chosen_by, company_id, action)),
            and_(not_(_may_act(owned, company_id, action)), is_owner),
        ),
    )


def unheard_follow_up() -> ColumnElement[bool]:
    """An employee still en cours d'affiliation or à relancer (not yet a member) of whom one of the two
    addresses of « Suivi de l'affiliation » is sent nothing any more (``hr_address``: the
    user who chose it left or lost the access): the fiche's ``staff_record.CHOICES_UNUSED``, for a list."""
    return and_(
        Employee.status.in_((AffiliationStatus.PENDING, AffiliationStatus.TO_REMIND)),
        # not a term the members' index could answer: the structures' (company, status) index reads the few
        # open affiliations, where ``member_id IS NULL`` would lead SQLite to every non-member of the base
        func.coalesce(Employee.member_id, 0) == 0,
        or_(
            hr_address_unheard(
                Employee.dispense_email,
                Employee.invited_by_account_id,
                Employee.company_id,
                EmployerAction.MANAGE_EMPLOYEES,
            ),
            hr_address_unheard(
                Employee.notify_hr_email,
                Employee.invited_by_account_id,
                Employee.company_id,
                EmployerAction.VIEW_EMPLOYEES,
            ),
        ),
    )
