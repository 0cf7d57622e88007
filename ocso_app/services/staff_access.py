"""What each OCSO staff role may do, in one table, and the caller every staff handler and route receives.

Roles are the services of the issue: *prestations* (members' démarches, documents, décomptes),
*entreprises* (employers' démarches, affiliations, dispenses) and *administrateur* (everything, plus the
staff accounts and the news). Pages, handlers and routes name the *action* they need, never a role, so that
changing who may do what is a change of ``PERMISSIONS`` only.

A démarche belongs to a desk (``Desk``): a member's goes to Prestations, an employer's to Entreprises. A
staff caller handles the desks its role allows (``StaffCaller.desks``); every query of a démarche is
restricted to them, as an employer's queries are to their structures.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from ocso_app.models import StaffRole
from ocso_app.services.audit import Actor
from ocso_app.services.errors import AccessDenied
from ocso_app.services.sessions import Principal

NO_ACCESS = "Votre rôle ne permet pas cette action."


class StaffAction(enum.StrEnum):
    """What a staff page, handler or route does."""

    OPEN_SPACE = "ouvrir l'Espace OCSO"  # Accueil; every role
    HANDLE_REQUESTS = "traiter les démarches"  # the work queue: take, open, reply, status (of ``desks``)
    MEMBER_REQUESTS = "traiter les démarches des assurés"  # the Prestations desk
    EMPLOYER_REQUESTS = "traiter les démarches des employeurs"  # the Entreprises desk
    APPLY_MEMBER_CHANGES = "appliquer les changements d'un assuré"  # RIB, bénéficiaires
    APPLY_EMPLOYER_CHANGES = "appliquer les changements d'une entreprise"  # adresse, affiliations, dispenses
    VIEW_MEMBER_FILE = "consulter le dossier d'un assuré"
    VIEW_COMPANY_FILE = "consulter le dossier d'une entreprise"
    PUBLISH_MEMBER_DOCUMENT = "publier un document à un assuré"
    PUBLISH_COMPANY_DOCUMENT = "publier un document à une entreprise"
    IMPORT_STATEMENTS = "importer des décomptes"
    IMPORT_ALLOWANCES = "importer des indemnités journalières"  # the insurers' payments, for employers
    IMPORT_CONTRIBUTIONS = "importer des bordereaux de cotisations"  # what employers owe and have paid
    EDIT_NEWS = "publier les actualités"
    EDIT_HELP = "modifier l'aide"
    MANAGE_STAFF = "gérer les comptes OCSO"
    MANAGE_INTRODUCERS = "gérer les apporteurs d'affaires"  # their accounts and portfolios
    RESEND_MAIL = "renvoyer les e-mails non distribués"  # the outbox's given-up e-mails (Accueil)
    MANAGE_CLIENTS = "créer les entreprises clientes et leurs contrats"  # onboarding a new client


class Desk(enum.StrEnum):
    """The OCSO service a démarche is routed to: a member's goes to Prestations, an employer's to
    Entreprises (the finer ``Request.routed_service`` says which team inside it)."""

    PRESTATIONS = "prestations"
    ENTREPRISES = "entreprises"


DESK_LABELS = {Desk.PRESTATIONS: "Prestations", Desk.ENTREPRISES: "Entreprises"}
ROLE_LABELS = {
    StaffRole.PRESTATIONS: "Prestations",
    StaffRole.ENTREPRISES: "Entreprises",
    StaffRole.ADMIN: "Administrateur",
}

PERMISSIONS: dict[StaffRole, frozenset[StaffAction]] = {
    StaffRole.PRESTATIONS: frozenset(
        {
            StaffAction.OPEN_SPACE,
            StaffAction.HANDLE_REQUESTS,
            StaffAction.MEMBER_REQUESTS,
            StaffAction.APPLY_MEMBER_CHANGES,
            StaffAction.VIEW_MEMBER_FILE,
            StaffAction.PUBLISH_MEMBER_DOCUMENT,
            StaffAction.IMPORT_STATEMENTS,
        }
    ),
    StaffRole.ENTREPRISES: frozenset(
        {
            StaffAction.OPEN_SPACE,
            StaffAction.HANDLE_REQUESTS,
            StaffAction.EMPLOYER_REQUESTS,
            StaffAction.APPLY_EMPLOYER_CHANGES,
            StaffAction.VIEW_COMPANY_FILE,
            StaffAction.PUBLISH_COMPANY_DOCUMENT,
            StaffAction.IMPORT_ALLOWANCES,
            StaffAction.IMPORT_CONTRIBUTIONS,
            StaffAction.MANAGE_CLIENTS,
        }
    ),
    StaffRole.ADMIN: frozenset(StaffAction),
}

# the action that handles a desk's démarches
DESK_ACTIONS = {
    Desk.PRESTATIONS: StaffAction.MEMBER_REQUESTS,
    Desk.ENTREPRISES: StaffAction.EMPLOYER_REQUESTS,
}
# the action that applies what a desk's démarches ask
APPLY_ACTIONS = {
    Desk.PRESTATIONS: StaffAction.APPLY_MEMBER_CHANGES,
    Desk.ENTREPRISES: StaffAction.APPLY_EMPLOYER_CHANGES,
}


def allows(role: StaffRole | str | None, action: StaffAction) -> bool:
    """Whether ``role`` may do ``action`` (no role: nothing)."""
    return role is not None and action in PERMISSIONS[StaffRole(role)]


def role_label(role: StaffRole | str | None) -> str:
    """The role as the staff space shows it."""
    return ROLE_LABELS[StaffRole(role)] if role else ""


def desks_of(role: StaffRole | str | None) -> tuple[Desk, ...]:
    """The desks whose démarches ``role`` handles."""
    return tuple(desk for desk, action in DESK_ACTIONS.items() if allows(role, action))


@dataclass(frozen=True)
class StaffCaller:
    """An OCSO collaborator as the staff guard established it: fully logged in, with a role allowing the
    action the handler or route was guarded for. ``audit`` is who acts, for the services' audit rows."""

    principal: Principal
    role: StaffRole
    audit: Actor

    @property
    def account_id(self) -> int:
        return self.principal.account_id

    def may(self, action: StaffAction) -> bool:
        """Whether the caller's role also allows ``action`` (a section needing another right)."""
        return allows(self.role, action)

    def require(self, action: StaffAction) -> None:
        """``may``, raising ``AccessDenied`` with its French message."""
        if not self.may(action):
            raise AccessDenied(NO_ACCESS)

    @property
    def desks(self) -> tuple[Desk, ...]:
        """The desks whose démarches the caller handles (every démarche query is restricted to them)."""
        return desks_of(self.role)

    def actor(self, *, member_id: int | None = None, company_id: int | None = None) -> Actor:
        """Who acts, for an audit row about ``member_id``'s or ``company_id``'s file."""
        return replace(self.audit, member_id=member_id, company_id=company_id)


def caller_for(principal: Principal | None, action: StaffAction, audit: Actor) -> StaffCaller | None:
    """The staff caller if ``principal`` is a staff account whose role allows ``action``; else ``None``.
    (The kind and the finished login are checked by the caller's guard before.)"""
    if principal is None or principal.staff_role is None or not allows(principal.staff_role, action):
        return None
    return StaffCaller(principal, StaffRole(principal.staff_role), replace(audit, member_id=None))
