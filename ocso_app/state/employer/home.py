"""Accueil of the Espace Employeur: the counters of the chosen structure(s), the latest documents, OCSO's
news for employers. Each counter is computed over the structures whose profile allows what it counts, and
is absent (an empty string) when none does."""

from __future__ import annotations

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Audience
from ocso_app.services import account_managers, employer_accounts, employer_home, hr_follow_up, news
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.formats import format_count, paris_today
from ocso_app.services.requests import employer
from ocso_app.state.employer.base import EmployerCaller, EmployerState, scoped_event

PRINCIPAL_ROLE = "Utilisateur principal"
UNHEARD = (
    "{count} en cours d'affiliation ou à relancer : personne ne reçoit plus leurs demandes de dispense ni "
    "l'avis de fin d'affiliation, car la personne qui a choisi ces adresses n'a plus accès à la structure."
)
ENDS, RENEW, LATE = (
    "Fin de la dispense le ",
    "Justificatif à renouveler avant le ",
    "Justificatif en retard depuis le ",
)
LAST_DAY = " : à enregistrer au plus tard le "  # then the daily job ends the dispense


def dedicated_rows(managers: list[account_managers.Manager]) -> list[dict[str, str]]:
    """The structures' dedicated contacts as Accueil and Démarches draw them: name, e-mail, mailto link."""
    return [{"name": m.name, "email": m.email, "href": f"mailto:{m.email}"} for m in managers]


class EmployerHomeState(EmployerState):
    # counters: "" when the profile does not allow what they count (the card is not drawn)
    active: str = ""
    portability: str = ""
    pending: str = ""
    to_remind: str = ""
    sick_leaves: str = ""
    requests: str = ""
    contributions: str = ""
    contributions_amount: str = ""
    structures: list[dict[str, str]] = []
    documents: list[dict[str, str]] = []
    news: list[dict[str, str]] = []
    dedicated: list[dict[str, str]] = []  # the structures' dedicated contacts at OCSO (guide 003)
    # « À suivre » (issue 13): shown to the profiles that see the employees
    follows: bool = False
    follow_portabilities: list[dict[str, str]] = []
    follow_portabilities_total: str = ""
    follow_expiring: list[dict[str, str]] = []
    follow_to_remind: list[dict[str, str]] = []
    follow_to_remind_total: str = ""
    remind_all: bool = False  # « Relancer tous »: someone is à relancer where the profile may relancer
    follow_unheard: str = ""  # the open affiliations whose follow-up nobody receives ("" when none)

    def _follow(self, found: hr_follow_up.FollowUp) -> None:
        self.follows = True
        self.follow_portabilities = [
            {
                "name": p.name,
                "ends_on": p.ends_on,
                "ends_in": p.ends_in,
                "proofs": (
                    f"{p.proofs} justificatif(s), le dernier le {p.last_proof}"
                    if p.proofs
                    else "Aucun justificatif reçu"
                ),
                "reminded": f"Rappel envoyé le {p.reminded_on}" if p.reminded_on else "",
            }
            for p in found.portabilities
        ]
        self.follow_portabilities_total = format_count(found.portabilities_total)
        self.follow_expiring = [
            {
                "name": e.name,
                "case": e.case,
                "when": (ENDS if e.ends else LATE if e.late else RENEW)
                + e.due_on
                + (LAST_DAY + e.last_day if e.last_day else ""),
            }
            for e in found.expiring
        ]
        self.follow_to_remind = [
            {
                "name": r.name,
                "since": (
                    f"Invité(e) le {r.invited_on}"
                    if r.invited_on
                    else f"Enregistré(e) le {r.registered_on}, sans invitation"
                ),
                "action": "Relancer" if r.invited_on else "Reprendre",
                "href": f"{routes.EMPLOYER_STAFF_RECORD}?salarie={r.employee_id}",
            }
            for r in found.to_remind
        ]
        self.follow_to_remind_total = format_count(found.to_remind_total)
        unheard = found.unheard_total
        self.follow_unheard = (
            UNHEARD.format(count=f"{format_count(unheard)} salarié(e){'s' if unheard > 1 else ''}")
            if unheard
            else ""
        )

    @scoped_event(EmployerAction.VIEW_STRUCTURE, opens_page=True)
    def load(self, caller: EmployerCaller):
        today = paris_today()
        self.reset()
        employees = self._scope(caller, EmployerAction.VIEW_EMPLOYEES)
        leaves = self._scope(caller, EmployerAction.VIEW_SICK_LEAVE)
        dues = self._scope(caller, EmployerAction.VIEW_CONTRIBUTIONS)
        manages = self._scope(caller, EmployerAction.MANAGE_EMPLOYEES)
        with db_session() as session:
            if employees:
                counts = employer_home.affiliation_counts(session, structure_ids=employees, today=today)
                self.active, self.portability = format_count(counts.active), format_count(counts.portability)
                self.pending, self.to_remind = format_count(counts.pending), format_count(counts.to_remind)
                self._follow(hr_follow_up.follow_up(session, structure_ids=employees, today=today))
                self.remind_all = bool(manages) and counts.to_remind > 0
            if leaves:
                self.sick_leaves = str(
                    employer_home.open_sick_leaves(session, structure_ids=leaves, today=today)
                )
            if dues:
                due = employer_home.contributions_due(session, structure_ids=dues)
                self.contributions, self.contributions_amount = str(due.count), due.amount_label
            self.requests = str(
                employer.open_company_requests(
                    session, grants=caller.grants, structure_ids=caller.structure_ids
                )
            )
            documents = employer_home.latest_documents(session, structure_ids=caller.structure_ids)
            items = news.current_news(session, audience=Audience.EMPLOYER, today=today)
            dedicated = account_managers.dedicated_contacts(session, structure_ids=caller.structure_ids)
        self.dedicated = dedicated_rows(dedicated)
        self.structures = [
            {
                "name": g.name,
                "profile": employer_accounts.profile_label(g.profile),
                "role": PRINCIPAL_ROLE if g.is_principal else "",
            }
            for g in caller.grants
        ]
        self.documents = [
            {"title": d.title, "day": d.published, "new": "Nouveau" if d.unread else ""} for d in documents
        ]
        self.news = [{"title": n.title, "body": n.body} for n in items]
