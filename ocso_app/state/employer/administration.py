"""Administration des structures: the users of the structures the caller is principal of, and the
invitation form (one profile per structure, empty = no access)."""

from __future__ import annotations

from ocso_app.db import db_session
from ocso_app.models import EmployerProfile
from ocso_app.services import employer_accounts
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.errors import OcsoError
from ocso_app.services.ids import parse_id
from ocso_app.services.sessions import Principal
from ocso_app.state.employer.base import EmployerState, employer_event
from ocso_app.state.employer.home import PRINCIPAL_ROLE
from ocso_app.workers import off_loop

PROFILE_FIELD = "profil_"
UNKNOWN_PROFILE = "Profil inconnu."
MAIL_FAILED = "L'e-mail d'invitation n'a pas pu être envoyé : réessayez dans un instant."


def requested_grants(form: dict) -> dict[int, EmployerProfile]:
    """The ``profil_<structure id>`` fields of the form that name a profile; ``ValueError`` for a bad one."""
    grants: dict[int, EmployerProfile] = {}
    for key, value in form.items():
        if str(key).startswith(PROFILE_FIELD) and value:
            structure_id = parse_id(str(key).removeprefix(PROFILE_FIELD))
            if structure_id is None:
                raise ValueError(key)
            grants[structure_id] = EmployerProfile(str(value))
    return grants


class AdministrationState(EmployerState):
    error: str = ""
    info: str = ""
    users: list[dict[str, str]] = []
    administered: list[dict[str, str]] = []

    def _fill(self, employer: Principal) -> None:
        with db_session() as session:
            users = employer_accounts.structure_users(session, account_id=employer.account_id)
            administered = employer_accounts.administered_structures(session, account_id=employer.account_id)
        self.users = [
            {
                "structure": u.company_name,
                "name": u.full_name,
                "email": u.email,
                "profile": u.profile_label,
                "role": PRINCIPAL_ROLE if u.is_principal else "",
            }
            for u in users
        ]
        self.administered = [
            {"company_id": str(s.company_id), "field": f"{PROFILE_FIELD}{s.company_id}", "name": s.name}
            for s in administered
        ]

    @employer_event(EmployerAction.VIEW_STRUCTURE, opens_page=True)
    def load(self, employer: Principal):
        """Every employer may open the page: one who administers no structure reads who to ask."""
        self.error, self.info = "", ""
        self._fill(employer)

    @employer_event(EmployerAction.ADMINISTER_USERS)
    @off_loop  # a temporary password is hashed
    def invite(self, employer: Principal, form: dict):
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
                    principal=employer,
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
        except OSError:
            self.error = MAIL_FAILED
            return
        self.info = employer_accounts.INVITED
        self._fill(employer)
