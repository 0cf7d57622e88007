"""Administration des structures (guide 000 §09): the account's own information, a principal adding a
structure with its three fields, and the principal's management of the users of the structures they
administer: a role on each structure (one of the profiles, or Administrateur principal), an access opened
or withdrawn, an account deactivated (its sessions end at once) or reactivated.

A structure is administered by its utilisateurs principaux (Administrateur profile and ``is_principal``);
a structure always keeps one active principal. Every id here comes from the browser: each function checks
that the caller is principal of every structure it touches (``employer_access.require``) and that the user
acted on is a user of a structure the caller administers; a refusal raises before anything is written.
Each change writes one audit row per structure, by the caller, naming the user acted on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ocso_app.models import Account, AccountKind, Company, EmployerGrant, EmployerProfile
from ocso_app.services import audit, employer_access, employer_accounts, sessions, trusted_devices
from ocso_app.services.audit import Actor
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.employer_accounts import NOT_PRINCIPAL, PROFILE_LABELS, StructureAccess
from ocso_app.services.errors import AccessDenied, OcsoError
from ocso_app.services.formats import format_phone, of
from ocso_app.services.sessions import display_name, logged_name

PRINCIPAL_ROLE = "principal"
NO_ROLE = ""
ROLE_LABELS: dict[str, str] = {
    PRINCIPAL_ROLE: "Administrateur (utilisateur principal)",
    **{profile.value: label for profile, label in PROFILE_LABELS.items()},
}
NO_ROLE_LABEL = "Aucun accès"
ACTIVE_LABEL = "Actif"
INACTIVE_LABEL = "Désactivé"

UNKNOWN_ROLE = "Profil inconnu."
UNKNOWN_USER = "Cet utilisateur n'a accès à aucune des structures que vous administrez."
LAST_PRINCIPAL = (
    "Une structure garde toujours un utilisateur principal actif : désignez-en un autre avant de retirer, "
    "de modifier ou de désactiver celui-ci."
)
NOT_YOURSELF = "Vous ne pouvez pas désactiver votre propre compte."
OTHER_STRUCTURES = (
    "Cet utilisateur a aussi accès à des structures que vous n'administrez pas : retirez-lui plutôt l'accès "
    "à vos structures."
)
NOTHING_CHANGED = "Aucune modification : les accès choisis sont ceux déjà en place."
ACCESS_SAVED = "Les accès de {name} sont enregistrés."
DEACTIVATED = "Le compte {of_name} est désactivé : ses connexions en cours sont fermées."
REACTIVATED = "Le compte {of_name} est réactivé : il peut de nouveau se connecter."
ALREADY_INACTIVE = "Le compte {of_name} est déjà désactivé."
ALREADY_ACTIVE = "Le compte {of_name} est déjà actif."
STRUCTURE_ADDED = "La structure {name} est ajoutée à votre compte : vous en êtes l'utilisateur principal."
STRUCTURE_HAS_PRINCIPAL = (
    "Cette structure a déjà un utilisateur principal : demandez-lui de vous y donner accès."
)
ALREADY_PRINCIPAL = "Vous êtes déjà l'utilisateur principal de cette structure."


@dataclass(frozen=True)
class Contact:
    """A principal user the account may ask for an access or a change of profile."""

    structure: str
    full_name: str
    email: str


@dataclass(frozen=True)
class AccountInformation:
    """The "informations de votre compte": who the user is, and their role on each structure."""

    full_name: str
    email: str
    phone: str
    job_title: str
    structures: tuple[StructureAccess, ...]
    administers: bool
    contacts: tuple[Contact, ...]


@dataclass(frozen=True)
class UserAccess:
    """One user's role on one structure the caller administers (``NO_ROLE``: no access)."""

    company_id: int
    structure: str
    role: str
    role_label: str


@dataclass(frozen=True)
class ManagedUser:
    """A user of the structures the caller administers, with their role on each of them."""

    account_id: int
    full_name: str
    email: str
    job_title: str
    is_active: bool
    status_label: str
    is_self: bool
    access: tuple[UserAccess, ...]

    @property
    def summary(self) -> str:
        """``STRUCTURE : Profil`` for every structure where the user has an access."""
        return " · ".join(f"{a.structure} : {a.role_label}" for a in self.access if a.role)


@dataclass(frozen=True)
class AdministeredStructure:
    """A structure the caller administers."""

    company_id: int
    name: str


@dataclass(frozen=True)
class UsersView:
    """The structures the caller administers (within the guard's) and their users."""

    structures: tuple[AdministeredStructure, ...]
    users: tuple[ManagedUser, ...]


@dataclass(frozen=True)
class Answer:
    """The answer to a form whose refusal is committed (a counted attempt): shown as a success or not."""

    done: bool
    message: str


def role_of(profile: EmployerProfile | str, is_principal: bool) -> str:
    """The role value of a grant: ``PRINCIPAL_ROLE`` for a principal, else the profile."""
    return PRINCIPAL_ROLE if is_principal else EmployerProfile(profile).value


def role_label(role: str) -> str:
    """The French name of a role (``Aucun accès`` for ``NO_ROLE``)."""
    return ROLE_LABELS[role] if role else NO_ROLE_LABEL


# --- reading ------------------------------------------------------------------------------------------


def account_information(session: Session, *, account_id: int) -> AccountInformation:
    """The caller's own details and structures; for the structures they do not administer, the principal
    users to ask (name and e-mail)."""
    account = session.get(Account, account_id)
    if account is None or account.kind != AccountKind.EMPLOYER:
        raise AccessDenied(NOT_PRINCIPAL)
    structures = tuple(employer_accounts.list_structures(session, account_id=account_id))
    asked = [s.company_id for s in structures if not _administers(s)]
    contacts: list[Contact] = []
    if asked:
        rows = session.execute(
            select(Company.name, Account)
            .join(EmployerGrant, EmployerGrant.company_id == Company.id)
            .join(Account, Account.id == EmployerGrant.account_id)
            .where(
                Company.id.in_(asked),
                EmployerGrant.is_principal.is_(True),
                Account.is_active.is_(True),
            )
            .order_by(Company.name, Account.last_name, Account.first_name)
        )
        contacts = [
            Contact(
                structure=name, full_name=display_name(principal), email=principal.email or principal.login
            )
            for name, principal in rows
        ]
    return AccountInformation(
        full_name=display_name(account),
        email=account.email or account.login,
        phone=format_phone(account.phone),
        job_title=account.job_title or "",
        structures=structures,
        administers=any(_administers(s) for s in structures),
        contacts=tuple(contacts),
    )


def _administers(structure: StructureAccess) -> bool:
    return structure.is_principal and structure.profile == EmployerProfile.ADMIN


def _administered_ids(session: Session, account_id: int, within: Iterable[int] | None = None) -> list[int]:
    query = select(EmployerGrant.company_id).where(
        EmployerGrant.account_id == account_id,
        EmployerGrant.is_principal.is_(True),
        EmployerGrant.profile == EmployerProfile.ADMIN,
    )
    if within is not None:
        query = query.where(EmployerGrant.company_id.in_(list(within)))
    return list(session.scalars(query))


def _names(session: Session, company_ids: list[int]) -> dict[int, str]:
    """The structures' names, by name."""
    query = select(Company.id, Company.name).where(Company.id.in_(company_ids)).order_by(Company.name)
    return {company_id: name for company_id, name in session.execute(query)}


def managed_users(session: Session, *, account_id: int, structure_ids: Sequence[int]) -> UsersView:
    """The structures of ``structure_ids`` (the guard's) that ``account_id`` administers, and their users by
    name, each with their role on every one of those structures."""
    administered = _administered_ids(session, account_id, structure_ids)
    if not administered:
        return UsersView((), ())
    names = _names(session, administered)
    rows = session.execute(
        select(EmployerGrant, Account)
        .join(Account, Account.id == EmployerGrant.account_id)
        .where(EmployerGrant.company_id.in_(administered))
        .order_by(Account.last_name, Account.first_name, Account.id)
    )
    accounts: dict[int, Account] = {}
    roles: dict[int, dict[int, str]] = {}
    for grant, account in rows:
        accounts.setdefault(account.id, account)
        roles.setdefault(account.id, {})[grant.company_id] = role_of(grant.profile, grant.is_principal)
    users = tuple(
        ManagedUser(
            account_id=account.id,
            full_name=display_name(account),
            email=account.email or account.login,
            job_title=account.job_title or "",
            is_active=account.is_active,
            status_label=ACTIVE_LABEL if account.is_active else INACTIVE_LABEL,
            is_self=account.id == account_id,
            access=tuple(
                UserAccess(
                    company_id=company_id,
                    structure=name,
                    role=roles[account.id].get(company_id, NO_ROLE),
                    role_label=role_label(roles[account.id].get(company_id, NO_ROLE)),
                )
                for company_id, name in names.items()
            ),
        )
        for account in accounts.values()
    )
    structures = tuple(AdministeredStructure(company_id, name) for company_id, name in names.items())
    return UsersView(structures, users)


# --- checks ---------------------------------------------------------------------------------------------


def _caller_id(actor: Actor) -> int:
    if actor.account_id is None:
        raise AccessDenied(NOT_PRINCIPAL)
    return actor.account_id


def _require_principal(session: Session, *, account_id: int, company_id: int, scope: Sequence[int]) -> None:
    """The caller administers ``company_id``, within the structures the guard allowed."""
    if company_id not in scope:
        raise AccessDenied(NOT_PRINCIPAL)
    grant = employer_access.require(
        session, account_id=account_id, company_id=company_id, action=EmployerAction.ADMINISTER_USERS
    )
    if not grant.is_principal:
        raise AccessDenied(NOT_PRINCIPAL)


def _managed_account(session: Session, *, caller_id: int, account_id: int) -> Account:
    """The employer account acted on, which must hold an access to a structure the caller administers."""
    administered = _administered_ids(session, caller_id)
    account = session.scalar(
        select(Account)
        .join(EmployerGrant, EmployerGrant.account_id == Account.id)
        .where(
            Account.id == account_id,
            Account.kind == AccountKind.EMPLOYER,
            EmployerGrant.company_id.in_(administered),
        )
        .limit(1)
    )
    if account is None:
        raise AccessDenied(UNKNOWN_USER)
    return account


def _other_active_principals(session: Session, *, company_id: int, account_id: int) -> int:
    query = (
        select(func.count())
        .select_from(EmployerGrant)
        .join(Account, Account.id == EmployerGrant.account_id)
        .where(
            EmployerGrant.company_id == company_id,
            EmployerGrant.is_principal.is_(True),
            EmployerGrant.account_id != account_id,
            Account.is_active.is_(True),
        )
    )
    return int(session.scalar(query) or 0)


def _keeps_a_principal(session: Session, *, company_id: int, account_id: int) -> None:
    if _other_active_principals(session, company_id=company_id, account_id=account_id) == 0:
        raise OcsoError(LAST_PRINCIPAL)


def _record(session: Session, actor: Actor, company_id: int, action: str) -> None:
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=company_id),
        event_type="Administration des structures",
        action=action,
    )


# --- changes --------------------------------------------------------------------------------------------


def set_user_access(
    session: Session,
    *,
    actor: Actor,
    structure_ids: Sequence[int],
    account_id: int,
    roles: Mapping[int, str],
) -> str:
    """Give ``account_id`` the role ``roles[structure]`` on each structure named (``NO_ROLE``: withdraw the
    access): a profile, or ``PRINCIPAL_ROLE``. The caller must be principal of every structure named, among
    ``structure_ids`` (the guard's); a structure's last active principal cannot lose that role. All or
    nothing: a refusal raises before anything is written."""
    caller_id = _caller_id(actor)
    for company_id in roles:
        _require_principal(session, account_id=caller_id, company_id=company_id, scope=structure_ids)
    if any(role and role not in ROLE_LABELS for role in roles.values()):
        raise OcsoError(UNKNOWN_ROLE)
    account = _managed_account(session, caller_id=caller_id, account_id=account_id)
    held = {
        grant.company_id: grant
        for grant in session.scalars(
            select(EmployerGrant).where(
                EmployerGrant.account_id == account.id, EmployerGrant.company_id.in_(list(roles))
            )
        )
    }
    names = _names(session, list(roles))
    changed = False
    for company_id, role in roles.items():
        grant = held.get(company_id)
        before = role_of(grant.profile, grant.is_principal) if grant is not None else NO_ROLE
        if role == before:
            continue
        if before == PRINCIPAL_ROLE:
            _keeps_a_principal(session, company_id=company_id, account_id=account.id)
        _apply_role(session, caller_id, account.id, grant, company_id, role)
        changed = True
        _record(
            session,
            actor,
            company_id,
            f"Accès de {logged_name(account)} à {names[company_id]} : "
            f"{role_label(before)} → {role_label(role)}",
        )
    if not changed:
        return NOTHING_CHANGED
    session.flush()
    return ACCESS_SAVED.format(name=display_name(account))


def _apply_role(
    session: Session, caller_id: int, account_id: int, grant: EmployerGrant | None, company_id: int, role: str
) -> None:
    sessions.rights_changed(session, account_id=account_id)
    if not role:
        if grant is not None:
            session.execute(delete(EmployerGrant).where(EmployerGrant.id == grant.id))
        return
    profile = EmployerProfile.ADMIN if role == PRINCIPAL_ROLE else EmployerProfile(role)
    if grant is None:
        session.add(
            EmployerGrant(
                account_id=account_id,
                company_id=company_id,
                profile=profile,
                is_principal=role == PRINCIPAL_ROLE,
                granted_by_account_id=caller_id,
            )
        )
    else:
        grant.profile, grant.is_principal = profile, role == PRINCIPAL_ROLE


def _account_structures(session: Session, *, caller_id: int, account: Account) -> list[int]:
    """Every structure of ``account``, all of which the caller must administer to (de)activate it: the
    account may be a user of another company too."""
    held = list(
        session.scalars(select(EmployerGrant.company_id).where(EmployerGrant.account_id == account.id))
    )
    if set(held) - set(_administered_ids(session, caller_id)):
        raise AccessDenied(OTHER_STRUCTURES)
    return held


def deactivate_user(session: Session, *, actor: Actor, account_id: int) -> str:
    """Deactivate a user of the caller's structures: they can no longer log in, and every session they have
    open ends now (their open pages are logged out on their next event). Only if the caller administers
    every structure the user can reach, and never oneself: the caller, an active principal of each of those
    structures, stays, so no structure loses its last active principal this way."""
    caller_id = _caller_id(actor)
    account = _managed_account(session, caller_id=caller_id, account_id=account_id)
    if account.id == caller_id:
        raise OcsoError(NOT_YOURSELF)
    structures = _account_structures(session, caller_id=caller_id, account=account)
    if not account.is_active:
        return ALREADY_INACTIVE.format(of_name=of(display_name(account)))
    account.is_active = False
    sessions.revoke_account_sessions(session, account_id=account.id)
    trusted_devices.forget_all(session, account_id=account.id)  # reactivated, each browser verifies again
    for company_id in structures:
        _record(session, actor, company_id, f"Désactivation du compte de {logged_name(account)}")
    session.flush()
    return DEACTIVATED.format(of_name=of(display_name(account)))


def reactivate_user(session: Session, *, actor: Actor, account_id: int) -> str:
    """Let a deactivated user of the caller's structures log in again (with their password as it was)."""
    caller_id = _caller_id(actor)
    account = _managed_account(session, caller_id=caller_id, account_id=account_id)
    structures = _account_structures(session, caller_id=caller_id, account=account)
    if account.is_active:
        return ALREADY_ACTIVE.format(of_name=of(display_name(account)))
    account.is_active = True
    for company_id in structures:
        _record(session, actor, company_id, f"Réactivation du compte de {logged_name(account)}")
    session.flush()
    return REACTIVATED.format(of_name=of(display_name(account)))


def add_structure(
    session: Session, *, actor: Actor, client_number: str, siren: str, security_code: str
) -> Answer:
    """A principal user adds a structure with its numéro client, SIREN and code de sécurité (checked and
    throttled as at "Créer un compte"): it is opened to them as utilisateur principal when it has none yet,
    with the structures below it. A wrong field gets one answer that does not say which; that refusal is
    counted, so it is returned (the caller commits), not raised."""
    caller_id = _caller_id(actor)
    if not _administered_ids(session, caller_id):
        raise AccessDenied(NOT_PRINCIPAL)
    check = employer_accounts.check_company_codes(
        session,
        client_number=client_number,
        siren=siren,
        security_code=security_code,
        ip_address=actor.ip_address,
    )
    if check.company is None:
        return Answer(False, check.refusal)
    company = check.company
    principals = set(
        session.scalars(
            select(EmployerGrant.account_id).where(
                EmployerGrant.company_id == company.id, EmployerGrant.is_principal.is_(True)
            )
        )
    )
    if caller_id in principals:
        return Answer(False, ALREADY_PRINCIPAL)
    if principals:
        return Answer(False, STRUCTURE_HAS_PRINCIPAL)
    employer_accounts.open_company_tree(session, actor=actor, company=company)
    return Answer(True, STRUCTURE_ADDED.format(name=company.name))
