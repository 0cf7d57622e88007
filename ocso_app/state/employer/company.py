"""Entreprise: the signed régimes in force of the chosen structure(s), santé then prévoyance, why some are
missing, the bordereaux de cotisations when the profile allows them (« voir les cotisations »), and the
structures' coordinates as OCSO holds them."""

from __future__ import annotations

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import ContractKind
from ocso_app.services import contracts
from ocso_app.services.company_details import StructureDetails, structure_details
from ocso_app.services.contracts import ContractView, ContributionRow
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.formats import paris_today
from ocso_app.state.employer.base import EmployerCaller, EmployerState, scoped_event

CONTRIBUTIONS_ANCHOR = "bordereaux"  # the section of the bordereaux, far down the page on a phone
CONTRIBUTIONS_HREF = f"{routes.EMPLOYER_COMPANY}#{CONTRIBUTIONS_ANCHOR}"  # Accueil's « Cotisations dues »


class CompanyState(EmployerState):
    """Display-ready contracts (strings and lists of them) and bordereaux; no storage key, no ORM row."""

    health: list[ContractView] = []
    provident: list[ContractView] = []
    unsigned_notice: str = ""
    shows_contributions: bool = False
    contributions: list[ContributionRow] = []
    contribution_totals: dict[str, str] = {}
    structures: list[StructureDetails] = []  # their coordinates, as OCSO holds them

    @scoped_event(EmployerAction.VIEW_STRUCTURE, opens_page=True)
    def load(self, caller: EmployerCaller):
        today = paris_today()
        dues = self._scope(caller, EmployerAction.VIEW_CONTRIBUTIONS)
        with db_session() as session:
            view = contracts.company_contracts(session, structure_ids=caller.structure_ids, today=today)
            paid = contracts.contributions(session, structure_ids=dues, today=today) if dues else None
            self.structures = structure_details(session, structure_ids=caller.structure_ids)
        self.health = [c for c in view.contracts if c.kind == ContractKind.SANTE]
        self.provident = [c for c in view.contracts if c.kind == ContractKind.PREVOYANCE]
        self.unsigned_notice = view.unsigned_notice
        self.shows_contributions = paid is not None
        self.contributions = paid.rows if paid else []
        self.contribution_totals = paid.totals.formatted() if paid else {}
