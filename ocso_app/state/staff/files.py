"""Rechercher un dossier (Espace OCSO): members (prestations) and companies (entreprises) found by number
or name, and their files. A member's health data (décomptes, documents) shows only after the staff member
picked a reason; the view and the reason are audited (``client_files``).

The search opens for any staff member; each search, each file and the health data need their own action
(``VIEW_MEMBER_FILE``, ``VIEW_COMPANY_FILE``). A file's id comes from the page's address (``?n=``) and is
kept server-side. On a company's file, a role that may change companies (``APPLY_EMPLOYER_CHANGES``) names
its dedicated contact (``account_managers``), and a role that may create clients (``MANAGE_CLIENTS``)
adds a contract (``new_contracts``); the proofs of portabilité OCSO recorded for its former employees are
listed, and a role that may change companies records one received by e-mail or post
(« Enregistrer un justificatif de portabilité reçu », ``portability_proofs``); on a member's, the state of
their account shows, and a role
that may change members (``APPLY_MEMBER_CHANGES``) gets the letter with a temporary password
(``member_access``).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import reflex as rx

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models.base import utcnow
from ocso_app.services import (
    account_managers,
    client_files,
    member_access,
    new_clients,
    new_contracts,
    portability_proofs,
    staff_access,
    uploads,
)
from ocso_app.services.errors import FieldsRefused, OcsoError
from ocso_app.services.formats import paris_today
from ocso_app.services.ids import parse_id
from ocso_app.services.staff_access import StaffAction, StaffCaller
from ocso_app.state.demarches import form_fields, read_files
from ocso_app.state.refusals import Refusals
from ocso_app.state.staff.base import StaffState, staff_event
from ocso_app.workers import run_blocking

NUMBER = "n"  # the query parameter naming the file
NONE_FOUND = "Aucun dossier ne correspond à « {text} »."
PROOF_UPLOAD = (
    "fichier-justificatif-portabilite"  # the file picker of « Enregistrer un justificatif de portabilité »
)
PROOF_NEEDED = "Joignez le justificatif reçu (PDF, JPEG ou PNG)."
ONE_PROOF = "Joignez un seul fichier : le justificatif reçu."
EMPLOYEE, RECEIVED_ON = "salarie", "date_reception"  # the form's fields


def _strings(value: Any) -> dict[str, str]:
    return {k: str(v) for k, v in asdict(value).items() if not isinstance(v, list)}


def _record_proof(
    staff: StaffCaller, company_id: int, fields: dict[str, str], file: uploads.IncomingFile
) -> tuple[str, portability_proofs.PortabilityProofs]:
    """Record the proof (checked and stored in the pool: CPU work), then the file's section again."""
    with db_session() as session:
        message = portability_proofs.record_proof(
            session,
            actor=staff.actor(),
            company_id=company_id,
            employee_id=parse_id(fields.get(EMPLOYEE)),
            received=fields.get(RECEIVED_ON, ""),
            file=file,
            today=paris_today(),
        )
        return message, portability_proofs.on_file(session, company_id=company_id)


class StaffSearchState(StaffState):
    """The search form's choices and its results."""

    for_members: bool = False
    for_companies: bool = False
    may_create_company: bool = False  # « Nouvelle entreprise »
    kind: str = "assure"
    text: str = ""
    results: list[dict[str, str]] = []
    error: str = ""

    @staff_event(StaffAction.OPEN_SPACE, opens_page=True)
    def load(self, staff: StaffCaller):
        """Open the search with the kinds of file the role may read."""
        self.for_members = staff.may(StaffAction.VIEW_MEMBER_FILE)
        self.for_companies = staff.may(StaffAction.VIEW_COMPANY_FILE)
        self.may_create_company = staff.may(StaffAction.MANAGE_CLIENTS)
        self.kind = "assure" if self.for_members else "entreprise"
        self.results, self.error, self.text = [], "", ""

    def _found(self, rows: list[client_files.Found], route: str) -> None:
        self.results = [_strings(f) | {"href": f"{route}?{NUMBER}={f.id}"} for f in rows]
        self.error = "" if rows else NONE_FOUND.format(text=self.text)

    @staff_event(StaffAction.VIEW_MEMBER_FILE)
    def search_members(self, staff: StaffCaller, form: dict):
        """« Rechercher » among members."""
        self.kind, self.text = "assure", str(form.get("recherche", ""))[:80]
        try:
            with db_session() as session:
                rows = client_files.find_members(session, text=self.text)
        except OcsoError as error:
            self.results, self.error = [], error.message
            return
        self._found(rows, routes.STAFF_MEMBER_FILE)

    @staff_event(StaffAction.VIEW_COMPANY_FILE)
    def search_companies(self, staff: StaffCaller, form: dict):
        """« Rechercher » among companies."""
        self.kind, self.text = "entreprise", str(form.get("recherche", ""))[:80]
        try:
            with db_session() as session:
                rows = client_files.find_companies(session, text=self.text)
        except OcsoError as error:
            self.results, self.error = [], error.message
            return
        self._found(rows, routes.STAFF_COMPANY_FILE)


class StaffMemberFileState(StaffState):
    """A member's file, and their health data once a reason was given."""

    found: bool = False
    file: dict[str, str] = {}
    beneficiaries: list[dict[str, str]] = []
    requests: list[dict[str, str]] = []
    reason: str = ""
    payments: list[dict[str, str]] = []
    documents: list[dict[str, str]] = []
    health_shown: bool = False
    access: dict[str, str] = {}  # the member's account (``member_access.MemberAccess``)
    password_letter_href: str = ""  # the letter with a temporary password, for a role that may change members
    error: str = ""
    _member_id: int | None = None

    def _hide_health(self) -> None:
        self.health_shown, self.reason, self.payments, self.documents = False, "", [], []

    @staff_event(StaffAction.VIEW_MEMBER_FILE, opens_page=True)
    def load(self, staff: StaffCaller):
        """Open the file named in the address (health data hidden)."""
        self._member_id = parse_id(self.router.url.query_parameters.get(NUMBER))
        self._hide_health()
        self.error = ""
        try:
            if self._member_id is None:
                raise OcsoError(client_files.NOT_FOUND)
            with db_session() as session:
                shown = client_files.member_file(session, actor=staff.actor(), member_id=self._member_id)
                access = member_access.member_access(session, member_id=self._member_id, now=utcnow())
        except OcsoError as error:
            self.found, self.file, self.beneficiaries, self.requests = False, {}, [], []
            self.access, self.password_letter_href = {}, ""
            self.error = error.message
            return
        self.found, self.file, self.access = True, _strings(shown), _strings(access)
        may_send = access.has_account and staff.may(StaffAction.APPLY_MEMBER_CHANGES)
        self.password_letter_href = (
            routes.API_STAFF_MEMBER_PASSWORD_LETTER.url(member_id=self._member_id) if may_send else ""
        )
        self.beneficiaries = [_strings(p) for p in shown.beneficiaries]
        self.requests = [_strings(r) for r in shown.requests]

    @staff_event(StaffAction.VIEW_MEMBER_FILE)
    def show_health(self, staff: StaffCaller, form: dict):
        """« Afficher les remboursements et documents » with the reason picked (audited)."""
        self._hide_health()
        try:
            if self._member_id is None:
                raise OcsoError(client_files.NOT_FOUND)
            with db_session() as session:
                data = client_files.member_health_data(
                    session,
                    actor=staff.actor(),
                    member_id=self._member_id,
                    reason=str(form.get(client_files.REASON, "")),
                )
        except OcsoError as error:
            self.error = error.message
            return
        self.error, self.health_shown, self.reason = "", True, data.reason
        self.payments = [_strings(p) for p in data.payments]
        self.documents = [_strings(d) for d in data.documents]

    @staff_event(StaffAction.VIEW_MEMBER_FILE)
    def hide_health(self, staff: StaffCaller):
        """« Masquer »."""
        self._hide_health()


class StaffCompanyFileState(Refusals, StaffState):
    """A company's file, and « Ajouter un contrat » for a role that may create clients' contracts."""

    found: bool = False
    file: dict[str, str] = {}
    structures: list[dict[str, str]] = []
    contracts: list[dict[str, str]] = []
    users: list[dict[str, str]] = []
    documents: list[dict[str, str]] = []
    contributions: list[dict[str, str]] = []
    sick_leaves: list[dict[str, str]] = []
    error: str = ""
    manager: str = ""  # the company's own dedicated contact ("": none)
    manager_id: str = ""
    managers: list[dict[str, str]] = []  # who may be named, for a role that may name one
    manager_info: str = ""
    code_letter_href: str = ""  # a letter with a new code de sécurité, for a role that may change companies
    may_add_contract: bool = False
    contract_values: dict[str, str] = {}  # typed, given back after a refusal
    contract_errors: dict[str, str] = {}  # a French message by field
    contract_info: str = ""
    contract_form: int = 0  # bumped when a contract was added: the form is drawn empty again
    portability_employees: list[dict[str, str]] = []  # en portabilité: the form's choices
    portability_proofs: list[dict[str, str]] = []  # the proofs OCSO recorded
    may_record_proof: bool = False
    proof_error: str = ""
    proof_info: str = ""
    proof_form: int = 0  # bumped when a proof was recorded: the form is drawn empty again
    _company_id: int = 0

    def _show_proofs(self, shown: portability_proofs.PortabilityProofs) -> None:
        self.portability_employees = [_strings(c) for c in shown.employees]
        self.portability_proofs = [_strings(p) for p in shown.proofs]

    def _show_manager(self, session: Any, staff: StaffCaller) -> None:
        named = account_managers.manager_of(session, company_id=self._company_id)
        self.manager = f"{named.name} ({named.email})" if named else ""
        self.manager_id = str(named.account_id) if named else ""
        may_name = staff_access.allows(staff.role, StaffAction.APPLY_EMPLOYER_CHANGES)
        self.code_letter_href = (
            routes.API_STAFF_COMPANY_CODE_LETTER.url(company_id=self._company_id) if may_name else ""
        )
        self.managers = (
            [
                {"value": str(m.account_id), "label": f"{m.name} ({m.email})"}
                for m in account_managers.candidates(session)
            ]
            if may_name
            else []
        )

    @staff_event(StaffAction.APPLY_EMPLOYER_CHANGES)
    def name_manager(self, staff: StaffCaller, form: dict):
        """« Enregistrer » the dedicated contact chosen (or none) for this company; audited."""
        chosen = str(form.get("manager", ""))[:20]
        self.error = self.manager_info = ""
        try:
            account_id = parse_id(chosen) if chosen else None
            if chosen and account_id is None:
                raise OcsoError(account_managers.NOT_A_MANAGER)
            with db_session() as session:
                shown = account_managers.assign(
                    session, actor=staff.actor(), company_id=self._company_id, account_id=account_id
                )
                self._show_manager(session, staff)
        except OcsoError as error:
            self.error = error.message
            return
        self.manager_info = f"Interlocuteur dédié enregistré : {shown}."

    @staff_event(StaffAction.VIEW_COMPANY_FILE, opens_page=True)
    def load(self, staff: StaffCaller):
        """Open the file named in the address."""
        company_id = parse_id(self.router.url.query_parameters.get(NUMBER))
        self.error, self.manager_info, self._company_id = "", "", company_id or 0
        self.contract_values, self.contract_errors, self.contract_info = {}, {}, ""
        self.proof_error, self.proof_info = "", ""
        self.may_add_contract = company_id is not None and staff.may(StaffAction.MANAGE_CLIENTS)
        self.may_record_proof = company_id is not None and staff.may(StaffAction.APPLY_EMPLOYER_CHANGES)
        try:
            if company_id is None:
                raise OcsoError(client_files.NOT_FOUND)
            with db_session() as session:
                shown = client_files.company_file(
                    session, actor=staff.actor(), company_id=company_id, today=paris_today()
                )
                self._show_manager(session, staff)
                proofs = portability_proofs.on_file(session, company_id=company_id)
        except OcsoError as error:
            self.found, self.file, self.structures, self.contracts, self.users = False, {}, [], [], []
            self.documents, self.managers, self.manager, self._company_id = [], [], "", 0
            self.contributions, self.sick_leaves = [], []
            self.code_letter_href, self.may_add_contract, self.may_record_proof = "", False, False
            self._show_proofs(portability_proofs.PortabilityProofs())
            self.error = error.message
            return
        self.found, self.file = True, _strings(shown)
        self.structures = [_strings(s) for s in shown.structures]
        self.contracts = [_strings(c) for c in shown.contracts]
        self.users = [_strings(u) for u in shown.users]
        self.documents = [_strings(d) for d in shown.documents]
        self.contributions = [_strings(c) for c in shown.contributions]
        self.sick_leaves = [_strings(leave) for leave in shown.sick_leaves]
        self._show_proofs(proofs)

    @staff_event(StaffAction.MANAGE_CLIENTS)
    def add_contract(self, staff: StaffCaller, form: dict):
        """« Ajouter le contrat » with the catalog's options (audited); the company's contracts again."""
        self.contract_info = ""
        try:
            if not self._company_id:
                raise OcsoError(client_files.NOT_FOUND)
            with db_session() as session:
                added = new_contracts.add_contract(
                    session,
                    actor=staff.actor(),
                    company_id=self._company_id,
                    form=new_contracts.typed_contract(form),
                    today=paris_today(),
                )
                lines = client_files.contract_lines(
                    session, client_files.family_of(session, self._company_id)
                )
        except FieldsRefused as refused:
            self.contract_values = new_clients.typed_fields(
                form, {n: n for n in new_contracts.FIELDS.values()}
            )
            self.contract_errors = refused.errors
            self._refused()
            return
        except OcsoError as error:
            self.contract_errors = {"contrat": error.message}
            self._refused()
            return
        self.contract_values, self.contract_errors, self.contract_info = {}, {}, added
        self.contract_form += 1
        self.contracts = [_strings(c) for c in lines]

    @staff_event(StaffAction.APPLY_EMPLOYER_CHANGES)
    async def record_portability_proof(
        self, staff: StaffCaller, files: list[rx.UploadFile], form: dict | None = None
    ):
        """« Enregistrer le justificatif » of portabilité received by e-mail or post for an employee of this
        company: one file, the employee and the day received (audited); the list again."""
        incoming = await read_files(files)
        self.proof_info = ""
        try:
            if len(incoming) != 1:
                raise OcsoError(ONE_PROOF if incoming else PROOF_NEEDED)
            if not self._company_id:
                raise OcsoError(client_files.NOT_FOUND)
            info, shown = await run_blocking(
                _record_proof, staff, self._company_id, form_fields(form), incoming[0]
            )
        except OcsoError as error:
            self.proof_error = error.message
            self._refused()
            return
        self.proof_error, self.proof_info = "", info
        self.proof_form += 1
        self._show_proofs(shown)

    @staff_event(StaffAction.APPLY_EMPLOYER_CHANGES)
    def withdraw_portability_proof(self, staff: StaffCaller, proof_id: str):
        """« Retirer » a proof recorded by mistake, once confirmed: the row and its file deleted (audited);
        the list again."""
        self.proof_info = ""
        try:
            if not self._company_id:
                raise OcsoError(client_files.NOT_FOUND)
            with db_session() as session:
                info = portability_proofs.withdraw_proof(
                    session,
                    actor=staff.actor(),
                    company_id=self._company_id,
                    proof_id=parse_id(str(proof_id)),
                )
                shown = portability_proofs.on_file(session, company_id=self._company_id)
        except OcsoError as error:
            self.proof_error = error.message
            self._refused()
            return
        self.proof_error, self.proof_info = "", info
        self._show_proofs(shown)
