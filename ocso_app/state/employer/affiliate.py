"""« Affilier un(e) salarié(e) » (guide 003, affiliation simple): the 4 steps of the pré-affiliation, each
checked on the server with a French message per field, back and forth keeping what was typed; then
« Envoyer l'invitation » (the e-mail with the personal link, or the letter to download) or « Saisir
l'affiliation complète » (the employee registered, then HR's affiliation complète page). The affiliation
being typed survives a reload, a lost connection and a visit elsewhere, until it is sent or HR starts again.

Every handler needs MANAGE_EMPLOYEES: the structures offered and accepted are the guard's (narrowed by the
header's choice); what the browser sends is only typed text that ``services.pre_affiliation`` checks.
"""

from __future__ import annotations

import reflex as rx

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import Account, InvitationChannel
from ocso_app.models.base import utcnow
from ocso_app.services import pre_affiliation
from ocso_app.services.employee_status import hr_author
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.formats import paris_today
from ocso_app.services.pre_affiliation import STEPS, PreAffiliation
from ocso_app.state.employer.base import EmployerCaller, EmployerState, scoped_event
from ocso_app.state.refusals import Refusals

STEP_TITLES = ("Identité", "Contrat", "Coordonnées", "Récapitulatif")
LAST_STEP = len(STEPS) - 1
TEXT_FIELDS = tuple(name for step in STEPS for name in step if name != "contract_ids")
NOTIFY_FIELD = "notify_me"
CHECK_FIELDS = "Vérifiez les champs signalés."
INVITED = "L'invitation a été envoyée à {email}."
LETTER_NEEDED = (
    "{name} n'a pas d'adresse e-mail : téléchargez le courrier d'affiliation et postez-le. Chaque "
    "téléchargement crée un nouveau code et rend le précédent inutilisable : n'envoyez que le dernier."
)
BACK, FORWARD, INVITE, COMPLETE = "precedent", "suivant", "invitation", "complete"
BUTTONS = (BACK, FORWARD, INVITE, COMPLETE)
_PREFILLED = ("company_id", "dispense_email", "notify_email")  # filled by the page, not typed


def _clean(value: object, limit: int = 200) -> str:
    return str(value or "")[:limit]


class AffiliateState(Refusals, EmployerState):
    """The wizard's display vars: the step, what was typed, the messages, and the choices of step 2."""

    step: int = 0
    values: dict[str, str] = {}
    chosen_contracts: list[str] = []
    notify_me: bool = True
    errors: dict[str, str] = {}
    error: str = ""
    structures: list[dict[str, str]] = []
    categories: list[dict[str, str]] = []
    contracts: list[dict[str, str]] = []
    summary: list[dict[str, str]] = []
    done: bool = False
    draft: int = 0  # the number of the affiliation being typed: the form is drawn afresh when it changes
    done_message: str = ""
    record_href: str = ""
    letter_href: str = ""
    _all_contracts: list[dict[str, str]] = []
    _account_email: str = ""
    _button: str = "suivant"

    def _data(self) -> PreAffiliation:
        values = {name: self.values.get(name, "") for name in TEXT_FIELDS}
        values["notify_email"] = values["notify_email"] if self.notify_me else ""
        return PreAffiliation(**values, contract_ids=tuple(self.chosen_contracts))

    def _keep(self, form: dict) -> None:
        """What the step's form sent for this step's fields, kept (cut to a sane length). The form also
        names the other steps' fields, empty: they are not drawn, and must not overwrite what was typed."""
        typed = {
            name: _clean(form[name]) for name in STEPS[self.step] if name in TEXT_FIELDS and name in form
        }
        self.values = {**self.values, **typed}
        if self.step == LAST_STEP:
            self.notify_me = bool(form.get(NOTIFY_FIELD))

    def _offer(self) -> None:
        """Step 2's choices for the structure chosen: its categories, and its contracts of the category."""
        company_id = self.values.get("company_id", "")
        mine = [c for c in self._all_contracts if c["company_id"] == company_id]
        names = sorted({c["category"] for c in mine})
        self.categories = [{"value": n, "label": n} for n in names]
        if self.values.get("personnel_category") not in names:
            self.values = {**self.values, "personnel_category": names[0] if len(names) == 1 else ""}
        category = self.values.get("personnel_category", "")
        self.contracts = [c for c in mine if c["category"] == category]
        offered = {c["id"] for c in self.contracts}
        self.chosen_contracts = [i for i in self.chosen_contracts if i in offered] or sorted(offered)

    def _validate(self, caller: EmployerCaller) -> dict[str, str]:
        with db_session() as session:
            return pre_affiliation.validate(session, caller.structure_ids, self._data(), paris_today())

    def _summarize(self) -> None:
        data = self._data()
        structure = next((s["label"] for s in self.structures if s["value"] == data.company_id), "")
        chosen = ", ".join(
            f"{c['label']} ({c['number']})" for c in self.contracts if c["id"] in data.contract_ids
        )
        address = " ".join(p for p in (data.address_line, data.postal_code, data.city) if p)
        self.summary = [
            {"label": label, "value": value or "—"}
            for label, value in (
                ("Salarié(e)", f"{data.civility} {data.first_name} {data.last_name.upper()}"),
                ("Date de naissance", data.birth_date),
                ("N° de sécurité sociale", data.nir),
                ("Structure", structure),
                ("Catégorie de personnel", data.personnel_category),
                ("Contrat(s)", chosen),
                ("Date d'embauche", data.hired_on),
                ("Début de la couverture", data.cover_start_on or data.hired_on),
                ("Adresse e-mail", data.email),
                ("Adresse postale", address),
            )
        ]

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES, opens_page=True)
    def load(self, caller: EmployerCaller):
        """On opening the page, and again after a reload, a lost connection or a change of the header's
        structure: the affiliation being typed is kept while it still fits the structures in scope (what
        was typed is never lost to a reconnection); otherwise, and once it is sent, an empty step 1."""
        self._offer_choices(caller)
        if self._draft_fits(caller):
            self.errors, self.error = {}, ""
            self._offer()
            if self.step == LAST_STEP:
                self._summarize()
        else:
            self._start()

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def restart(self, caller: EmployerCaller):
        """« Affilier un(e) autre salarié(e) »: an empty step 1."""
        self._offer_choices(caller)
        self._start()

    def _draft_fits(self, caller: EmployerCaller) -> bool:
        """An unsent affiliation typed on this tab, whose structure (if chosen) is still in scope."""
        typed = any(self.values.get(name) for name in TEXT_FIELDS if name not in _PREFILLED)
        company = self.values.get("company_id", "")
        in_scope = not company or company in {str(i) for i in caller.structure_ids}
        return typed and in_scope and not self.done

    def _offer_choices(self, caller: EmployerCaller) -> None:
        """The structures and contracts the caller may affiliate to, as of today."""
        with db_session() as session:
            offered = pre_affiliation.open_contracts(session, caller.structure_ids, paris_today())
            account = session.get(Account, caller.principal.account_id)
            self._account_email = (account.email or account.login) if account else ""
        self.structures = [
            {"value": str(g.company_id), "label": g.name}
            for g in caller.grants
            if g.company_id in caller.structure_ids
        ]
        self._all_contracts = [
            {
                "id": str(c.id),
                "company_id": str(c.company_id),
                "number": c.number,
                "label": c.label,
                "category": c.personnel_category,
            }
            for c in offered
        ]

    def _start(self) -> None:
        """A new affiliation: step 1, nothing typed but the caller's e-mail and the only structure."""
        self.draft += 1
        only = self.structures[0]["value"] if len(self.structures) == 1 else ""
        self.step, self.errors, self.error, self.done = 0, {}, "", False
        self.done_message, self.record_href, self.letter_href = "", "", ""
        self.values = {
            "company_id": only,
            "dispense_email": self._account_email,
            "notify_email": self._account_email,
        }
        self.chosen_contracts, self.notify_me = [], True
        self._offer()

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def pick(self, _caller: EmployerCaller, name: str, value: str):
        """Step 2's structure or category select changed: the contracts offered follow."""
        if name in ("company_id", "personnel_category"):
            self.values = {**self.values, name: _clean(value)}
            self._offer()

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def toggle_contract(self, _caller: EmployerCaller, contract_id: str):
        """Tick or untick one of the contracts offered."""
        wanted = _clean(contract_id, 20)
        if wanted in self.chosen_contracts:
            self.chosen_contracts = [i for i in self.chosen_contracts if i != wanted]
        elif any(c["id"] == wanted for c in self.contracts):
            self.chosen_contracts = [*self.chosen_contracts, wanted]

    def _next_step(self, caller: EmployerCaller, form: dict) -> None:
        """« Suivant »: this step's fields checked; the next step when they are right."""
        self._keep(form)
        errors = pre_affiliation.errors_of_step(self._validate(caller), self.step)
        self.errors, self.error = errors, CHECK_FIELDS if errors else ""
        if errors:
            self._refused()
        elif self.step < LAST_STEP:
            self.step += 1
            if self.step == LAST_STEP:
                self._summarize()

    def _previous_step(self, form: dict) -> None:
        """« Précédent »: what was typed in this step is kept, unchecked."""
        self._keep(form)
        self.errors, self.error = {}, ""
        self.step = max(0, self.step - 1)

    def _register(self, caller: EmployerCaller, form: dict, *, invite: bool):
        """Check every step; register the employee (and invite them); the first wrong step shown else."""
        self._keep(form)
        errors = self._validate(caller)
        if errors:
            self.errors, self.error = errors, CHECK_FIELDS
            self._refused()
            self.step = next(i for i in range(len(STEPS)) if pre_affiliation.errors_of_step(errors, i))
            return None
        now = utcnow()
        with db_session() as session:
            by = hr_author(session, caller.principal.account_id)
            data = self._data()
            employee = pre_affiliation.register(session, data, by=by, actor=caller.actor(), now=now)
            invited = (
                pre_affiliation.invite(session, employee, actor=caller.actor(), now=now) if invite else None
            )
            employee_id, name, email = (
                employee.id,
                f"{employee.first_name} {employee.last_name}",
                employee.email,
            )
        self.done, self.errors, self.error = True, {}, ""
        self.record_href = f"{routes.EMPLOYER_STAFF_RECORD}?salarie={employee_id}"
        if invited is not None and invited.channel == InvitationChannel.LETTER:
            self.done_message = LETTER_NEEDED.format(name=name)
            self.letter_href = routes.API_EMPLOYER_AFFILIATION_LETTER.url(employee_id=employee_id)
        else:
            self.done_message = INVITED.format(email=email)
        return employee_id

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def choose(self, _caller: EmployerCaller, button: str):
        """Which button of the form was pressed (its click comes just before the form's submission)."""
        self._button = button if button in BUTTONS else FORWARD

    @scoped_event(EmployerAction.MANAGE_EMPLOYEES)
    def submit(self, caller: EmployerCaller, form: dict):
        """The step's form: « Précédent », « Suivant », or on the summary « Envoyer l'invitation »
        (registered, then the e-mail with the link, or the letter to post) or « Saisir l'affiliation
        complète » (registered, then HR enters the rest on the next page)."""
        button, self._button = self._button, FORWARD
        if self.done:
            return None
        if button == BACK:
            self._previous_step(form)
            return None
        if self.step < LAST_STEP:
            self._next_step(caller, form)
            return None
        complete = button == COMPLETE
        employee_id = self._register(caller, form, invite=not complete)
        if employee_id is None or not complete:
            return None
        return rx.redirect(f"{routes.EMPLOYER_COMPLETE_AFFILIATION}?salarie={employee_id}")
