"""Espace Employeur states: account creation, second factor, Accueil, Administration des structures.

Every private handler calls its guard first; when the guard fails, the state is emptied and the browser sent
to the login page (or to the step it still has to pass). No secret is ever kept in a public var: the TOTP
secret being enrolled lives in the backend-only ``_pending_totp``, the page shows only its QR code.
"""

from __future__ import annotations

import reflex as rx

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import AccountKind, EmployerProfile
from ocso_app.services import employer_accounts, spaces
from ocso_app.services.errors import OcsoError
from ocso_app.services.sessions import Principal
from ocso_app.state.auth_forms import PublicFormState
from ocso_app.state.base import SessionState

PROFILE_CHOICES = [
    {"value": profile.value, "label": label} for profile, label in employer_accounts.PROFILE_LABELS.items()
]


class EmployerState(SessionState):
    """Parent of the employer pages' states: ``_require_employer`` is the guard every handler calls first."""

    def _require_employer(self) -> Principal | None:
        return self._require(AccountKind.EMPLOYER)

    def _denied(self):
        """Empty this state and send the browser to the login page (or the step still to pass)."""
        principal = self._principal()
        if principal is not None and principal.kind == AccountKind.EMPLOYER:
            self.reset()
            return rx.redirect(spaces.after_login(principal, ""))
        return self._to_login(routes.EMPLOYER_LOGIN)


class EmployerRegistrationState(PublicFormState):
    """ "Créer un compte": numéro client, SIREN, code de sécurité and the first user's details."""

    @rx.event
    def submit(self, form: dict) -> None:
        self.error, self.info = "", ""
        try:
            with db_session() as session:
                self.info = employer_accounts.register_employer(
                    session,
                    client_number=str(form.get("client_number", "")),
                    siren=str(form.get("siren", "")),
                    security_code=str(form.get("security_code", "")),
                    last_name=str(form.get("last_name", "")),
                    first_name=str(form.get("first_name", "")),
                    phone=str(form.get("phone", "")),
                    job_title=str(form.get("job_title", "")),
                    email=str(form.get("email", "")),
                    interface=self._attempt().interface,
                )
        except OcsoError as error:
            self.error = error.message


class EmployerHomeState(EmployerState):
    """Accueil: the user's structures and their profile on each."""

    full_name: str = ""
    structures: list[dict[str, str]] = []

    @rx.event
    def load(self):
        principal = self._require_employer()
        if principal is None:
            return self._denied()
        with db_session() as session:
            rows = employer_accounts.list_structures(session, account_id=principal.account_id)
        self.user_name = principal.display_name
        self.full_name = principal.display_name
        self.structures = [
            {
                "name": s.name,
                "siren": s.siren,
                "profile": s.profile_label,
                "role": "Utilisateur principal" if s.is_principal else "",
            }
            for s in rows
        ]
        return None


class AdministrationState(EmployerState):
    """Administration des structures: the users of the structures the caller is principal of, and the
    invitation form (one profile per structure, empty = no access)."""

    error: str = ""
    info: str = ""
    users: list[dict[str, str]] = []
    administered: list[dict[str, str]] = []
    profile_choices: list[dict[str, str]] = PROFILE_CHOICES

    def _fill(self, principal: Principal) -> None:
        with db_session() as session:
            users = employer_accounts.structure_users(session, account_id=principal.account_id)
            administered = employer_accounts.administered_structures(session, account_id=principal.account_id)
        self.user_name = principal.display_name
        self.users = [
            {
                "structure": u.company_name,
                "name": u.full_name,
                "email": u.email,
                "profile": u.profile_label,
                "role": "Utilisateur principal" if u.is_principal else "",
            }
            for u in users
        ]
        self.administered = [
            {"company_id": str(s.company_id), "field": f"profil_{s.company_id}", "name": s.name}
            for s in administered
        ]

    @rx.event
    def load(self):
        principal = self._require_employer()
        if principal is None:
            return self._denied()
        self.error, self.info = "", ""
        self._fill(principal)
        return None

    @rx.event
    def invite(self, form: dict):
        principal = self._require_employer()
        if principal is None:
            return self._denied()
        self.error, self.info = "", ""
        grants: dict[int, EmployerProfile] = {}
        try:
            for key, value in form.items():
                if str(key).startswith("profil_") and value:
                    grants[int(str(key).removeprefix("profil_"))] = EmployerProfile(str(value))
        except ValueError:
            self.error = "Profil inconnu."
            return None
        try:
            with db_session() as session:
                employer_accounts.invite_user(
                    session,
                    principal=principal,
                    email=str(form.get("email", "")),
                    first_name=str(form.get("first_name", "")),
                    last_name=str(form.get("last_name", "")),
                    phone=str(form.get("phone", "")),
                    job_title=str(form.get("job_title", "")),
                    grants=grants,
                    interface=self._interface(),
                )
        except OcsoError as error:
            self.error = error.message
            return None
        except OSError:
            self.error = "L'e-mail d'invitation n'a pas pu être envoyé : réessayez dans un instant."
            return None
        self.info = employer_accounts.INVITED
        self._fill(principal)
        return None
