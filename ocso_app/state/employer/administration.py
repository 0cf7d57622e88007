"""Administration des structures: the account's information (and, for a user who administers nothing, the
principal users to ask) with the user's own password, mobile number and choice of the deposits' e-mails,
and for a principal: the users of
their structures, one user's access opened for editing (a role per structure, deactivation), the invitation,
and adding a structure with its three fields.

Every id the browser sends (a user, a structure in a ``profil_<id>`` field) is checked by the service
against the caller's grants; the guard's structures narrow what is listed and changed."""

from __future__ import annotations

from collections.abc import Callable

from ocso_app.db import db_session
from ocso_app.models import EmployerProfile
from ocso_app.services import (
    deposit_emails,
    employer_account,
    employer_accounts,
    passwords_flow,
    structure_admin,
)
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.errors import OcsoError
from ocso_app.services.ids import parse_id
from ocso_app.services.sessions import Principal
from ocso_app.services.structure_admin import ManagedUser
from ocso_app.state.base import switched_on
from ocso_app.state.employer.base import EmployerCaller, EmployerState, employer_event, scoped_event
from ocso_app.state.employer.home import PRINCIPAL_ROLE
from ocso_app.state.password_fields import PasswordFields, emptied
from ocso_app.workers import off_loop

PROFILE_FIELD = "profil_"
UNKNOWN_PROFILE = "Profil inconnu."
# « Mon compte »'s own ids: the invitation form of the same page has fields of the same names
ACCOUNT_PASSWORD_FIELDS = PasswordFields(
    current="compte-actuel", new="compte-nouveau", confirmation="compte-confirmation"
)
# « Modifier mon numéro de téléphone »: a refusal empties the field it refuses (the number, or the password
# when it is wrong or was not checked), the other kept typed; a change empties both
PHONE_FIELD, PHONE_PASSWORD_FIELD = "compte-telephone", "compte-telephone-mot-de-passe"


def requested_grants(form: dict) -> dict[int, EmployerProfile]:
    """The ``profil_<structure id>`` fields of the form that name a profile; ``ValueError`` for a bad one."""
    return {
        structure_id: EmployerProfile(role) for structure_id, role in requested_roles(form).items() if role
    }


def requested_roles(form: dict) -> dict[int, str]:
    """Every ``profil_<structure id>`` field of the form, ``""`` meaning no access; ``ValueError`` for a
    field whose id is not one."""
    roles: dict[int, str] = {}
    for key, value in form.items():
        if str(key).startswith(PROFILE_FIELD):
            structure_id = parse_id(str(key).removeprefix(PROFILE_FIELD))
            if structure_id is None:
                raise ValueError(key)
            roles[structure_id] = str(value or "")
    return roles


def _user_row(user: ManagedUser) -> dict[str, str]:
    return {
        "account_id": str(user.account_id),
        "name": user.full_name + (" (vous)" if user.is_self else ""),
        "email": user.email,
        "job_title": user.job_title,
        "status": user.status_label,
        "active": "1" if user.is_active else "",
        "summary": user.summary or structure_admin.NO_ROLE_LABEL,
        "self": "1" if user.is_self else "",
    }


class AdministrationState(EmployerState):
    error: str = ""
    info: str = ""
    # the forms of the user's own account (their messages stay beside them)
    password_error: str = ""
    structure_error: str = ""  # « Ajouter une structure »'s refusal, in its form, whose fields are kept
    structure_form: int = 0  # a new value after a structure was added: its form is emptied
    password_info: str = ""
    phone_error: str = ""
    phone_info: str = ""
    wants_deposit_emails: bool = True  # « Recevoir un e-mail quand OCSO dépose … », the caller's own choice
    deposit_info: str = ""
    account: dict[str, str] = {}
    my_structures: list[dict[str, str]] = []
    contacts: list[dict[str, str]] = []
    administers: bool = False
    users: list[dict[str, str]] = []
    administered: list[dict[str, str]] = []
    editing_id: str = ""
    editing_access: list[dict[str, str]] = []

    def _fill(self, caller: EmployerCaller) -> None:
        account_id = caller.principal.account_id
        with db_session() as session:
            info = structure_admin.account_information(session, account_id=account_id)
            view = structure_admin.managed_users(
                session, account_id=account_id, structure_ids=caller.structure_ids
            )
            self.wants_deposit_emails = deposit_emails.enabled(session, account_id=account_id)
        self.account = {
            "name": info.full_name,
            "email": info.email,
            "phone": info.phone,
            "job_title": info.job_title,
        }
        self.my_structures = [
            {
                "name": s.name,
                "siren": s.siren,
                "profile": s.profile_label,
                "role": PRINCIPAL_ROLE if s.is_principal else "",
            }
            for s in info.structures
        ]
        self.contacts = [
            {"structure": c.structure, "name": c.full_name, "email": c.email} for c in info.contacts
        ]
        self.administers = info.administers
        self.users = [_user_row(u) for u in view.users]
        self.administered = [
            {"company_id": str(s.company_id), "field": f"{PROFILE_FIELD}{s.company_id}", "name": s.name}
            for s in view.structures
        ]
        editing = next((u for u in view.users if str(u.account_id) == self.editing_id), None)
        self.editing_id = str(editing.account_id) if editing else ""
        self.editing_access = [
            {
                "field": f"{PROFILE_FIELD}{a.company_id}",
                "id": f"acces-{a.company_id}",
                "structure": a.structure,
                "role": a.role,
            }
            for a in (editing.access if editing else ())
        ]

    def _changed(self, caller: EmployerCaller, message: str) -> None:
        """After a change: the message, the page and the header (the caller's own roles may have changed)."""
        self.error, self.info, self.editing_id = "", message, ""
        self._open_page(caller.principal)
        self._fill(caller)

    @scoped_event(EmployerAction.VIEW_STRUCTURE, opens_page=True)
    def load(self, caller: EmployerCaller):
        """Every employer may open the page: one who administers no structure reads who to ask."""
        self.error, self.info, self.editing_id, self.structure_error = "", "", "", ""
        self.password_error = self.password_info = self.phone_error = self.phone_info = ""
        self.deposit_info = ""
        self._fill(caller)

    @scoped_event(EmployerAction.VIEW_STRUCTURE)
    @off_loop  # bcrypt
    def change_password(self, caller: EmployerCaller, form: dict):
        """« Modifier mon mot de passe »: the current one, the new one twice; the other sessions end."""
        self.password_error = self.password_info = ""
        try:
            with db_session() as session:
                passwords_flow.change_password(
                    session,
                    principal=caller.principal,
                    current_password=str(form.get("current", "")),
                    new_password=str(form.get("password", "")),
                    confirmation=str(form.get("confirmation", "")),
                    interface=self._interface(),
                )
        except OcsoError as error:
            self.password_error = error.message
            return ACCOUNT_PASSWORD_FIELDS.refused(error.message)
        self.password_info = passwords_flow.PASSWORD_CHANGED
        return ACCOUNT_PASSWORD_FIELDS.changed()

    @scoped_event(EmployerAction.VIEW_STRUCTURE)
    @off_loop  # bcrypt
    def change_phone(self, caller: EmployerCaller, form: dict):
        """« Modifier mon numéro de téléphone », the password asked again."""
        self.phone_error = self.phone_info = ""
        try:
            with db_session() as session:
                employer_account.change_phone(
                    session,
                    principal=caller.principal,
                    current_password=str(form.get("phone_password", "")),
                    phone=str(form.get("phone", ""))[:40],
                    interface=self._interface(),
                )
        except OcsoError as error:
            self.phone_error = error.message
            return emptied(
                PHONE_FIELD if error.message == employer_accounts.BAD_PHONE else PHONE_PASSWORD_FIELD
            )
        self.phone_info = employer_account.PHONE_CHANGED
        self._fill(caller)
        return emptied(PHONE_FIELD, PHONE_PASSWORD_FIELD)

    @employer_event(EmployerAction.VIEW_STRUCTURE)
    def set_deposit_emails(self, employer: Principal, enabled: bool):
        """« Recevoir un e-mail quand OCSO dépose … »: the caller's own account only (no id is taken)."""
        wanted = switched_on(enabled)
        with db_session() as session:
            deposit_emails.set_enabled(session, self._actor(employer), enabled=wanted)
        self.wants_deposit_emails = wanted
        self.deposit_info = deposit_emails.TURNED_ON if wanted else deposit_emails.TURNED_OFF

    @scoped_event(EmployerAction.ADMINISTER_USERS)
    def edit_user(self, caller: EmployerCaller, account_id: str):
        """« Gérer les accès » of one user (a user of the caller's structures, or nothing opens)."""
        self.error, self.info = "", ""
        self.editing_id = "" if account_id == self.editing_id else str(parse_id(account_id) or "")
        self._fill(caller)

    @scoped_event(EmployerAction.ADMINISTER_USERS)
    def save_access(self, caller: EmployerCaller, form: dict):
        """« Enregistrer » the role of the user being edited on each structure."""
        try:
            roles = requested_roles(form)
            with db_session() as session:
                message = structure_admin.set_user_access(
                    session,
                    actor=caller.actor(),
                    structure_ids=caller.structure_ids,
                    account_id=parse_id(self.editing_id) or 0,
                    roles=roles,
                )
        except ValueError:
            self.error, self.info = UNKNOWN_PROFILE, ""
            return
        except OcsoError as error:
            self.error, self.info = error.message, ""
            return
        self._changed(caller, message)

    @scoped_event(EmployerAction.ADMINISTER_USERS)
    def deactivate(self, caller: EmployerCaller, account_id: str):
        """« Désactiver le compte »: the user's open sessions end at once."""
        self._account_change(caller, account_id, structure_admin.deactivate_user)

    @scoped_event(EmployerAction.ADMINISTER_USERS)
    def reactivate(self, caller: EmployerCaller, account_id: str):
        """« Réactiver le compte »."""
        self._account_change(caller, account_id, structure_admin.reactivate_user)

    def _account_change(self, caller: EmployerCaller, account_id: str, change: Callable[..., str]) -> None:
        try:
            with db_session() as session:
                message = change(session, actor=caller.actor(), account_id=parse_id(account_id) or 0)
        except OcsoError as error:
            self.error, self.info = error.message, ""
            return
        self._changed(caller, message)

    @scoped_event(EmployerAction.ADMINISTER_USERS)
    @off_loop  # the code de sécurité is checked against its bcrypt hash
    def add_structure(self, caller: EmployerCaller, form: dict):
        """« Ajouter une structure » with its numéro client, SIREN and code de sécurité."""
        try:
            with db_session() as session:
                answer = structure_admin.add_structure(
                    session,
                    actor=caller.actor(),
                    client_number=str(form.get("client_number", "")),
                    siren=str(form.get("siren", "")),
                    security_code=str(form.get("security_code", "")),
                )
        except OcsoError as error:
            self.error, self.info, self.structure_error = "", "", error.message
            return
        if answer.done:
            self.structure_error, self.structure_form = "", self.structure_form + 1
            self._changed(caller, answer.message)
        else:
            self.error, self.info, self.structure_error = "", "", answer.message

    @scoped_event(EmployerAction.ADMINISTER_USERS)
    @off_loop  # a temporary password is hashed
    def invite(self, caller: EmployerCaller, form: dict):
        """« Ajouter un utilisateur »: the service checks the caller administers every structure named."""
        self.error, self.info = "", ""
        try:
            grants = requested_grants(form)
        except ValueError:
            self.error = UNKNOWN_PROFILE
            return
        try:
            with db_session() as session:
                employer_accounts.invite_user(
                    session,
                    principal=caller.principal,
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
            return
        self._changed(caller, employer_accounts.INVITED)
