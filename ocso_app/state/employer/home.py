"""Accueil of the Espace Employeur: the user's structures and their profile on each."""

from __future__ import annotations

from ocso_app.db import db_session
from ocso_app.services import employer_accounts
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.sessions import Principal
from ocso_app.state.employer.base import EmployerState, employer_event

PRINCIPAL_ROLE = "Utilisateur principal"


class EmployerHomeState(EmployerState):
    full_name: str = ""
    structures: list[dict[str, str]] = []

    @employer_event(EmployerAction.VIEW_STRUCTURE, opens_page=True)
    def load(self, employer: Principal):
        with db_session() as session:
            rows = employer_accounts.list_structures(session, account_id=employer.account_id)
        self.full_name = employer.display_name
        self.structures = [
            {
                "name": s.name,
                "siren": s.siren,
                "profile": s.profile_label,
                "role": PRINCIPAL_ROLE if s.is_principal else "",
            }
            for s in rows
        ]
