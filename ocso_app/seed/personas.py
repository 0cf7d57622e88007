"""The fixed personas of the guides, written from the specs of :mod:`ocso_app.seed.data.personas`: the
members Martin DUBOIS (123456) and Michael DEMAREST (017341), the companies BOULANGERIES DU LITTORAL (with
its Bayonne structure) and TRANSPORTS DU BÉARN with their contracts (a Prévoyance Cadres per bakery
structure, a draft santé contract not signed yet), their employer users (one per profile at the bakery), two
business introducers, an OCSO staff login per role, news, help articles, requests and audit events. The
bakery's generated staff is :mod:`ocso_app.seed.population`; the companies' bordereaux and documents,
written once every employee is, :mod:`ocso_app.seed.paperwork`.

Every login gets a fresh random password at each load (``temporary_password``), every OCSO staff login
(one per role) a fresh authenticator secret, every persona company a fresh security code: nothing secret is
written here or in the data.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from ocso_app.models import (
    Account,
    AccountKind,
    BeneficiaryQuality,
    ContractKind,
    RequestStatus,
    Teletransmission,
)
from ocso_app.seed.context import Context, Person, ascii_slug
from ocso_app.seed.data import activity, content, population
from ocso_app.seed.data import personas as data
from ocso_app.seed.data.volume import HISTORY_DAYS
from ocso_app.seed.member_documents import add_member_documents
from ocso_app.seed.rows import RowBuffer, T
from ocso_app.seed.writers.accounts import add_account, add_grant, add_introducer, add_past_login
from ocso_app.seed.writers.care import HistoryOwner, add_guide_statements, add_history, every_category
from ocso_app.seed.writers.companies import (
    CompanyPlans,
    add_company,
    add_contract,
    add_contracts,
    add_health_options,
    add_option,
    add_portfolio_entry,
)
from ocso_app.seed.writers.content import (
    ANSWER_DELAY,
    add_answer,
    add_event,
    add_help_article,
    add_news,
    add_request,
    add_request_file,
)
from ocso_app.seed.writers.documents import draw_pdf
from ocso_app.seed.writers.employees import add_dispense_request, add_employee, add_sick_leave
from ocso_app.seed.writers.members import add_beneficiary, add_member
from ocso_app.services.crypto import encrypt_field
from ocso_app.services.employee_status import HR, StatusAuthor
from ocso_app.services.employer_accounts import PROFILE_LABELS
from ocso_app.services.passwords import hash_password, temporary_password
from ocso_app.services.portability import portability_for
from ocso_app.services.requests.drafts import mask_iban
from ocso_app.services.staff_access import role_label
from ocso_app.services.two_factor import new_totp_secret

ACCOUNTS_OPENED_BEFORE = timedelta(days=730)  # the demo's logins were opened two years before the load


@dataclass(frozen=True)
class DemoLogin:
    """A demo account and the password generated for it by this load."""

    space: str
    login: str
    password: str
    holder: str
    profile: str = ""  # employers: their profile, per structure when it differs; staff: their role
    totp_secret: str = ""  # staff: the authenticator app's secret, enrolled at load (printed with a QR code)


@dataclass(frozen=True)
class CompanyCode:
    """The three fields that open an employer account on a structure (the code is generated per load)."""

    name: str
    client_number: str
    siren: str
    security_code: str


@dataclass(frozen=True)
class ExecutivesPlan:
    """A structure's Prévoyance Cadres contract, its option and first day."""

    contract_id: int
    option_id: int
    start: date


@dataclass
class PersonaResult:
    """What the personas hand to the volume, to the company population and to the printed summary; plans
    and Prévoyance Cadres contracts by company key."""

    logins: list[DemoLogin] = field(default_factory=list)
    codes: list[CompanyCode] = field(default_factory=list)
    introducer_ids: list[int] = field(default_factory=list)
    plans: dict[str, CompanyPlans] = field(default_factory=dict)
    executives: dict[str, ExecutivesPlan] = field(default_factory=dict)
    account_manager_id: int | None = None  # the Entreprises agent, the persona companies' dedicated contact


class Personas:
    """Writes the personas into a :class:`RowBuffer`; ``load`` runs every step in foreign-key order. The
    ids it hands out are kept by spec key (members, companies) or login (accounts)."""

    def __init__(self, ctx: Context, buf: RowBuffer, *, password_cost: int | None = None) -> None:
        self.ctx, self.buf, self.cost = ctx, buf, password_cost
        self.result = PersonaResult()
        self.introducers: dict[str, int] = {}
        self.plans = self.result.plans
        self.members: dict[str, int] = {}
        self.nir_tokens: dict[str, str] = {}
        self.beneficiaries: dict[str, dict[str, tuple[int, date]]] = {}
        self.accounts: dict[str, int] = {}
        self.employees: dict[str, int] = {}

    def load(self) -> PersonaResult:
        """Queue every persona row (the caller flushes)."""
        for step in (
            self._introducers,
            self._companies,
            self._members,
            self._accounts,
            self._employees,
            self._care,
            self._content,
            self._documents,
            self._requests,
            self._events,
        ):
            step()
        return self.result

    def _company_id(self, key: str | None) -> int | None:
        return self.plans[key].company_id if key else None

    def _member_id(self, key: str | None) -> int | None:
        return self.members[key] if key else None

    def _hashed(self, secret: str) -> str:
        return hash_password(secret, cost=self.cost)

    def _introducers(self) -> None:
        for spec in data.INTRODUCERS:
            introducer_id = add_introducer(
                self.ctx,
                self.buf,
                identifier=spec.identifier,
                name=spec.name,
                orias_number=spec.orias_number,
                email=spec.email,
                phone=spec.phone,
            )
            self.introducers[spec.identifier] = introducer_id
            self.result.introducer_ids.append(introducer_id)

    def _companies(self) -> None:
        ctx, buf = self.ctx, self.buf
        company_ids: dict[str, int] = {}
        for spec in data.COMPANIES:
            code = "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(8))
            self.result.codes.append(CompanyCode(spec.name, spec.client_number, spec.siren, code))
            company_ids[spec.key] = add_company(
                ctx,
                buf,
                company_id=ctx.ids.take(T["companies"]),
                client_number=spec.client_number,
                siren=spec.siren,
                name=spec.name,
                security_code_hash=self._hashed(code),
                address=spec.address,
                phone=spec.phone,
                email=spec.email,
                parent_id=company_ids[spec.parent] if spec.parent else None,
            )
        for spec in data.COMPANIES:
            self.plans[spec.key] = add_contracts(
                ctx, buf, company_id=company_ids[spec.key], start=spec.start, numbers=spec.contract_numbers
            )
        for executives in population.EXECUTIVES_CONTRACTS:
            self.result.executives[executives.company] = self._executives_plan(
                company_ids[executives.company], executives
            )
        for draft in data.DRAFT_CONTRACTS:
            draft_id = add_contract(
                ctx,
                buf,
                company_id=company_ids[draft.company],
                kind=ContractKind.SANTE,
                number=draft.number,
                start=date(ctx.today.year + draft.years_ahead, 1, 1),
                signed=False,
                label=draft.label,
                personnel_category=draft.personnel_category,
            )
            add_health_options(ctx, buf, contract_id=draft_id)
        for spec in data.COMPANIES:
            add_portfolio_entry(
                ctx,
                buf,
                introducer_id=self.introducers[spec.introducer],
                company_id=company_ids[spec.key],
                since=spec.start,
                commission=data.PORTFOLIO_COMMISSION_PERCENT,
            )

    def _executives_plan(self, company_id: int, spec: population.ExecutivesContractSpec) -> ExecutivesPlan:
        start = date(spec.start_year, 1, 1)
        contract_id = add_contract(
            self.ctx,
            self.buf,
            company_id=company_id,
            kind=ContractKind.PREVOYANCE,
            number=spec.number,
            start=start,
            label=f"Prévoyance – {population.EXECUTIVES_PLAN_LABEL}",
            personnel_category=population.EXECUTIVES,
        )
        option_id = add_option(
            self.ctx,
            self.buf,
            contract_id=contract_id,
            code="CADRES",
            label=population.EXECUTIVES_PLAN_LABEL,
            is_base=True,
            monthly=population.EXECUTIVES_MONTHLY_CONTRIBUTION,
            rules=population.EXECUTIVES_RULES,
        )
        return ExecutivesPlan(contract_id, option_id, start)

    def _members(self) -> None:
        for spec in data.MEMBERS:
            person = Person(spec.male, spec.first_name, spec.last_name, spec.birth)
            self.nir_tokens[spec.key] = encrypt_field(spec.nir)
            radiation = _health_cover_end(spec.key, self.ctx.today)
            self.members[spec.key] = add_member(
                self.ctx,
                self.buf,
                number=spec.number,
                person=person,
                nir=self.nir_tokens[spec.key],
                email=spec.email,
                phone=data.MEMBER_PHONE if spec.email else None,
                address=spec.address,
                iban=spec.iban,
                bic=spec.bic,
                adhesion=spec.adhesion,
                option_id=self.plans[spec.company].option_ids[spec.plan.code],
                operator=spec.operator,
                radiation=radiation,
            )
            nir = self.nir_tokens[spec.key]
            self._beneficiary(spec, "AS", BeneficiaryQuality.MEMBER, person, nir, end=radiation)
            for extra in spec.beneficiaries:
                who = Person(False, extra.first_name, extra.last_name, extra.birth)
                self._beneficiary(
                    spec, extra.rank, extra.quality, who, None, extra.teletransmission, radiation
                )

    def _documents(self) -> None:
        add_member_documents(self.ctx, self.buf, self.members)

    def _beneficiary(
        self,
        member: data.MemberSpec,
        rank: str,
        quality: BeneficiaryQuality,
        who: Person,
        nir: str | None,
        teletransmission: Teletransmission = Teletransmission.ACTIVE,
        end: date | None = None,
    ) -> None:
        beneficiary_id = add_beneficiary(
            self.ctx,
            self.buf,
            member_id=self.members[member.key],
            rank=rank,
            quality=quality,
            person=who,
            nir=nir,
            adhesion=member.adhesion,
            teletransmission=teletransmission,
            end=end,
        )
        covered_from = max(member.adhesion, who.birth)
        self.beneficiaries.setdefault(member.key, {})[rank] = (beneficiary_id, covered_from)

    def _account_created(self, spec: data.AccountSpec) -> datetime:
        """Two years before the load, or the member's adhesion if later: a member opens their space once
        covered."""
        created = self.ctx.now - ACCOUNTS_OPENED_BEFORE
        member = next((m for m in data.MEMBERS if m.key == spec.member), None) if spec.member else None
        if member is not None:
            created = max(created, datetime.combine(member.adhesion, time(9), tzinfo=created.tzinfo))
        return created

    def _accounts(self) -> None:
        for number, spec in enumerate(data.ACCOUNTS):
            password = temporary_password()
            totp = new_totp_secret() if spec.kind == AccountKind.STAFF else ""
            self.accounts[spec.login] = add_account(
                self.ctx,
                self.buf,
                kind=spec.kind,
                login=spec.login,
                password_hash=self._hashed(password),
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=spec.email,
                phone=spec.phone,
                job_title=spec.job_title,
                member_id=self._member_id(spec.member),
                introducer_id=self.introducers[spec.introducer] if spec.introducer else None,
                staff_role=spec.staff_role,
                totp_secret_enc=encrypt_field(totp) if totp else None,
                created_at=self._account_created(spec),
            )
            # their last visit, a few days before the load (staff read it on the member's file)
            last = self.ctx.now - timedelta(days=1 + number % 6, hours=2 + number % 7)
            add_past_login(self.ctx, self.buf, account_id=self.accounts[spec.login], at=last)
            holder = f"{spec.first_name} {spec.last_name}"
            profile = role_label(spec.staff_role) if spec.staff_role else _profiles(spec.login)
            self.result.logins.append(DemoLogin(spec.space, spec.login, password, holder, profile, totp))
        self.result.account_manager_id = self.accounts.get(data.STAFF_ENTREPRISES_EMAIL)
        logins = {spec.login: spec for spec in data.ACCOUNTS}
        for grant in data.GRANTS:
            if grant.is_principal:  # the structure's HR, who pré-affiliates, decides and radiates there
                spec = logins[grant.login]
                account = Account(
                    id=self.accounts[grant.login],
                    login=grant.login,
                    first_name=spec.first_name,
                    last_name=spec.last_name,
                )
                company_id = self.plans[grant.company].company_id
                self.ctx.hr_authors[company_id] = StatusAuthor.of_account(account, HR)
                self.ctx.hr_addresses[company_id] = spec.email or grant.login
            add_grant(
                self.ctx,
                self.buf,
                account_id=self.accounts[grant.login],
                company_id=self.plans[grant.company].company_id,
                profile=grant.profile,
                is_principal=grant.is_principal,
                granted_by=self.accounts[grant.granted_by] if grant.granted_by else None,
            )

    def _employees(self) -> None:
        ctx, buf, people = self.ctx, self.buf, {spec.key: spec for spec in data.MEMBERS}
        for spec in data.MEMBER_EMPLOYEES:
            member, plans = people[spec.member], self.plans[spec.company]
            radiated = ctx.today - timedelta(days=spec.radiated_days_ago) if spec.radiated_days_ago else None
            self.employees[spec.member] = add_employee(
                ctx,
                buf,
                plans,
                person=Person(member.male, member.first_name, member.last_name, member.birth),
                member_id=self.members[spec.member],
                nir=self.nir_tokens[spec.member],
                email=_email(member.first_name, member.last_name),
                status=spec.status,
                adhesion=spec.adhesion,
                option_id=plans.option_ids[spec.plan.code],
                radiated_on=radiated,
                reason=spec.reason,
                hired_on=spec.hired_on,
                beneficiary_ids=[i for i, _ in self.beneficiaries[spec.member].values()],
            )
        invited_ids: dict[str, int] = {}
        requested = {request.last_name for request in data.DISPENSE_REQUESTS}
        for invited in data.INVITED_EMPLOYEES:
            at = ctx.now - timedelta(days=invited.waited_days, hours=2)
            invited_ids[invited.last_name] = add_employee(
                ctx,
                buf,
                self.plans[invited.company],
                person=Person(invited.civility == "M.", invited.first_name, invited.last_name, invited.birth),
                member_id=None,
                nir=None,
                email=_email(invited.first_name, invited.last_name),
                status=invited.status,
                adhesion=at.date(),
                option_id=None,
                invited_at=at,
                answered=invited.last_name in requested,
            )
        for request in data.DISPENSE_REQUESTS:
            add_dispense_request(ctx, buf, employee_id=invited_ids[request.last_name], spec=request)
        for leave in data.SICK_LEAVES:
            plans, start = self.plans[leave.company], ctx.today - timedelta(days=leave.started_days_ago)
            add_sick_leave(
                ctx,
                buf,
                company_id=plans.company_id,
                employee_id=self.employees[leave.employee],
                contract_id=plans.provident_contract_id,
                reference=f"AT-{start.year}-{leave.number}",
                reason=leave.reason,
                start=start,
                days=leave.days,
                daily=leave.daily,
            )

    def _care(self) -> None:
        ctx, people = self.ctx, {spec.key: spec for spec in data.MEMBERS}
        for spec in activity.HISTORIES:
            member, beneficiaries = people[spec.member], self.beneficiaries[spec.member]
            owner = HistoryOwner(
                self.members[spec.member],
                member.payee_name,
                member.operator,
                member.plan,
                list(beneficiaries.values()),
            )
            end = ctx.today
            if spec.guide:
                end = min(activity.last_on(ctx.today, month, day) for month, day, _, _ in spec.guide)
            add_history(
                ctx,
                self.buf,
                owner,
                start=ctx.today - timedelta(days=HISTORY_DAYS),
                end=end - timedelta(days=1),
                line_count=spec.line_count,
                first_acts=every_category() if spec.guide else (),
            )
            if spec.guide:
                add_guide_statements(ctx, self.buf, owner, spec.guide, beneficiaries)

    def _content(self) -> None:
        for news in content.NEWS:
            add_news(self.ctx, self.buf, news)
        for position, article in enumerate(content.HELP_ARTICLES, start=1):
            add_help_article(self.ctx, self.buf, article, position)

    def _requests(self) -> None:
        for number, spec in enumerate(activity.REQUESTS, start=1):
            at = spec.moment.at(self.ctx.today, self.ctx.now)
            request_id = add_request(
                self.ctx,
                self.buf,
                at=at,
                member_id=self._member_id(spec.member),
                company_id=self._company_id(spec.company),
                author_id=self.accounts[spec.author],
                request_type=spec.request_type,
                subject=spec.subject,
                payload=_payload(spec.payload),
                service=spec.service,
                status=spec.status,
                submission_key=f"demo-{number:04d}-{secrets.token_hex(8)}",
                assignee_id=self._taken_by(spec),
            )
            for file in spec.files:
                pdf = draw_pdf(title=file.title, subtitle=[], blocks=list(file.lines))
                add_request_file(self.ctx, self.buf, request_id=request_id, name=file.name, pdf=pdf)
            if spec.answer:
                author_id = self.accounts[data.STAFF_EMAIL]
                at = at + ANSWER_DELAY
                add_answer(
                    self.ctx, self.buf, request_id=request_id, author_id=author_id, body=spec.answer, at=at
                )

    def _taken_by(self, spec: activity.RequestSpec) -> int | None:
        """The agent who took a démarche being handled (« en cours de traitement » is what « Prendre en
        charge » makes of it): the Prestations login for a member's, the Entreprises one for a company's."""
        if spec.status != RequestStatus.IN_PROGRESS:
            return None
        desk = data.STAFF_PRESTATIONS_EMAIL if spec.member else data.STAFF_ENTREPRISES_EMAIL
        return self.accounts[desk]

    def _events(self) -> None:
        for spec in activity.EVENTS:
            add_event(
                self.ctx,
                self.buf,
                at=spec.moment.at(self.ctx.today, self.ctx.now),
                account_id=self.accounts[spec.account],
                member_id=self._member_id(spec.member),
                company_id=self._company_id(spec.company),
                event_type=spec.event_type,
                action=spec.action,
                interface=spec.interface,
                ip_address=spec.ip_address,
            )


def _health_cover_end(member: str, today: date) -> date | None:
    """The member's radiation date as ``radiation.radiate`` sets it for a persona employee who left: the
    portabilité's end, or the date de sortie without one."""
    employee = next((spec for spec in data.MEMBER_EMPLOYEES if spec.member == member), None)
    if employee is None or employee.radiated_days_ago is None or employee.reason is None:
        return None
    left_on = today - timedelta(days=employee.radiated_days_ago)
    portability = portability_for(
        hired_on=employee.hired_on, left_on=left_on, reason=employee.reason, covered=True
    )
    return portability.ends_on if portability else left_on


def _profiles(login: str) -> str:
    """An employer login's profile, « gestion des salariés (Mérignac), consultation (Bayonne) » when it
    differs between structures."""
    short_names = {spec.key: spec.short_name for spec in data.COMPANIES}
    grants = [(grant.company, grant.profile) for grant in data.GRANTS if grant.login == login]
    labels = [PROFILE_LABELS[profile].lower() for _, profile in grants]
    if len(set(labels)) == 1:
        return labels[0]
    return ", ".join(
        f"{label} ({short_names[company]})" for label, (company, _) in zip(labels, grants, strict=True)
    )


def _email(first: str, last: str) -> str:
    return f"{ascii_slug(first)}.{ascii_slug(last)}@example.fr"


def _payload(payload: dict) -> dict:
    """A démarche's payload as the forms store it: a new IBAN encrypted, with its masked form."""
    if "iban" not in payload:
        return payload
    stored = {k: v for k, v in payload.items() if k != "iban"}
    return {"iban_enc": encrypt_field(payload["iban"]), "iban_masked": mask_iban(payload["iban"]), **stored}
