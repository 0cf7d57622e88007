"""Accueil of the Espace Employeur: the counters of the chosen structure(s), the latest documents, OCSO's
news for employers. Each counter is computed over the structures whose profile allows what it counts, and
is absent (an empty string) when none does; each opens the view that lists what it counts (``COUNTER_HREFS``:
Mes salarié(e)s filtered to the affilié(e)s, Assurés on its « En portabilité » tab, the arrêts en cours,
the bordereaux). The names of « À suivre » open their fiche salarié(e), the documents their download."""

from __future__ import annotations

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Audience
from ocso_app.services import account_managers, employer_accounts, employer_home, hr_follow_up, news
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.formats import format_count, of, paris_today
from ocso_app.services.requests import employer
from ocso_app.state.employer.allowances import RUNNING_HREF
from ocso_app.state.employer.base import EmployerCaller, EmployerState, scoped_event
from ocso_app.state.employer.company import CONTRIBUTIONS_HREF
from ocso_app.state.employer.employees import PORTABILITY_HREF
from ocso_app.state.employer.staff import AFFILIATED_HREF, PENDING_HREF, TO_REMIND_HREF, record_href

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
# Where each counter leads: a view listing exactly what it counts, with the same predicate.
COUNTER_HREFS = {
    "active": AFFILIATED_HREF,
    "portability": PORTABILITY_HREF,
    "pending": PENDING_HREF,
    "to_remind": TO_REMIND_HREF,
    "sick_leaves": RUNNING_HREF,
    "requests": routes.EMPLOYER_REQUESTS,
    "contributions": CONTRIBUTIONS_HREF,
}
SEE_RECORD = "Voir la fiche"
TO_REMIND, TO_TAKE_UP = "relancer", "reprendre"  # what the fiche offers an employee waiting for HR


def to_remind_link(row: hr_follow_up.ToRemindRow, *, manages: bool) -> dict[str, str]:
    """The link of an affiliation à relancer ou à reprendre: it opens the fiche, and says so; « pour
    relancer » (« pour reprendre ») only where the caller may do it there."""
    href = record_href(row.employee_id)
    if not manages:  # a Consultation profile: the fiche has no relance for them
        return {"action": SEE_RECORD, "action_label": f"{SEE_RECORD} {of(row.name)}", "href": href}
    what = TO_REMIND if row.invited_on else TO_TAKE_UP
    return {
        "action": f"Ouvrir la fiche pour {what}",
        # the visible words first, then whose fiche (a name must contain the text it shows: WCAG 2.5.3)
        "action_label": f"Ouvrir la fiche pour {what} : {row.name}",
        "href": href,
    }


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

    def _follow(self, found: hr_follow_up.FollowUp, manages: tuple[int, ...]) -> None:
        self.follows = True
        self.follow_portabilities = [
            {
                "name": p.name,
                "href": record_href(p.employee_id),
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
                "href": record_href(e.employee_id),
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
                **to_remind_link(r, manages=r.company_id in manages),
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
                self._follow(hr_follow_up.follow_up(session, structure_ids=employees, today=today), manages)
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
            {
                "title": d.title,
                "day": d.published,
                "new": "Nouveau" if d.unread else "",
                "id": str(d.document_id),
                "href": routes.API_EMPLOYER_DOCUMENT.url(document_id=d.document_id),
            }
            for d in documents
        ]
        self.news = [{"title": n.title, "body": n.body} for n in items]

    @scoped_event(EmployerAction.VIEW_STRUCTURE)
    def open_document(self, caller: EmployerCaller, document_id: str):
        """One of the latest documents clicked: no longer « Nouveau » here and in the menu, then downloaded
        (as from Documents); one gone meanwhile leaves the list."""
        download, clicked = self._open_published_document(caller, document_id), str(document_id)
        self.documents = [
            {**d, "new": ""} if d["id"] == clicked else d
            for d in self.documents
            if download is not None or d["id"] != clicked
        ]
        return download
