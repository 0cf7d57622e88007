"""The fixed personas of the guides, with exact values: the members Martin DUBOIS (123456) and Michael
DEMAREST (017341), the companies BOULANGERIES DU LITTORAL (with its Bayonne structure) and TRANSPORTS DU
BÉARN, their employer users, two business introducers, an OCSO staff member, news, help articles, requests
and audit events.

Every login gets a fresh random password at each load (``temporary_password``): nothing secret is written
here. Names follow the guides' screens: members as « Martin » « DUBOIS », beneficiaries in capitals.
Dates of the guides' screens (« 16 SEPT. », « 24 AOÛT »…) are placed on their latest occurrence before the
load day, so the home pages show what the guides show.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from ocso_app.models import (
    AccountKind,
    AffiliationStatus,
    Audience,
    BeneficiaryQuality,
    ContractKind,
    EmployerProfile,
    Interface,
    RequestStatus,
    StaffRole,
)
from ocso_app.seed.data import content
from ocso_app.seed.data.personas import (
    DEMAREST_GUIDE_STATEMENTS,
    DEMAREST_IBAN,
    DEMAREST_NIR,
    DEMAREST_NUMBER,
    DEMAREST_REQUESTS,
    EMPLOYEE_MEMBERS,
    EMPLOYER_EMAIL,
    EMPLOYER_REQUEST,
    MARTIN_AUDIT,
    MARTIN_GUIDE_STATEMENTS,
    MARTIN_IBAN,
    MARTIN_NIR,
    MARTIN_NUMBER,
    MARTIN_REQUESTS,
    SECOND_EMPLOYER_EMAIL,
    STAFF_EMAIL,
    GuideStatement,
    RequestSpec,
)
from ocso_app.seed.volume import (
    HISTORY_DAYS,
    CompanyPlans,
    Context,
    HistoryOwner,
    LineSpec,
    Person,
    RowBuffer,
    T,
    add_contract,
    add_contracts,
    add_contributions,
    add_employee,
    add_history,
    add_sick_leave,
    add_statement,
    ascii_slug,
)
from ocso_app.services import care_catalog, pricing
from ocso_app.services.care_catalog import BASE_PLAN, OPTION_PLAN, HealthPlan, act_by_label
from ocso_app.services.crypto import encrypt_field
from ocso_app.services.identifiers import luhn_complete, nir_with_key
from ocso_app.services.passwords import BCRYPT_COST, hash_password, temporary_password


@dataclass(frozen=True)
class DemoLogin:
    """A demo account and the password generated for it by this load."""

    space: str
    login: str
    password: str
    holder: str


@dataclass(frozen=True)
class CompanyCode:
    """The three fields that open an employer account on a structure (the code is generated per load)."""

    name: str
    client_number: str
    siren: str
    security_code: str


@dataclass
class PersonaResult:
    """What the personas hand to the volume and to the printed summary."""

    logins: list[DemoLogin] = field(default_factory=list)
    codes: list[CompanyCode] = field(default_factory=list)
    introducer_ids: list[int] = field(default_factory=list)


def last_on(today: date, month: int, day: int) -> date:
    """The latest ``day``/``month`` strictly before ``today``."""
    candidate = date(today.year, month, day)
    return candidate if candidate < today else date(today.year - 1, month, day)


def _at(day: date, hour: int, minute: int, ctx: Context) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ctx.now.tzinfo)


class Personas:
    """Writes the personas into a :class:`RowBuffer`; ``load`` runs every step in foreign-key order."""

    def __init__(self, ctx: Context, buf: RowBuffer, *, password_cost: int = BCRYPT_COST) -> None:
        self.ctx, self.buf, self.cost = ctx, buf, password_cost
        self.result = PersonaResult()
        self.plans: dict[str, CompanyPlans] = {}
        self.members: dict[str, int] = {}
        self.accounts: dict[str, int] = {}
        self.beneficiaries: dict[str, dict[str, tuple[int, date]]] = {}
        self.persons: dict[str, Person] = {}
        self.nir_tokens: dict[str, str] = {}
        self.employee_ids: dict[str, int] = {}
        self.request_count = 0

    def load(self) -> PersonaResult:
        """Queue every persona row (the caller flushes)."""
        self._introducers()
        self._companies()
        self._members()
        self._accounts()
        self._employees()
        self._care()
        self._content()
        self._requests()
        self._audit()
        return self.result

    # --- helpers

    def _id(self, table: str) -> int:
        return self.ctx.ids.take(T[table])

    def _add(self, table: str, row: dict) -> int:
        row.setdefault("id", self._id(table))
        self.buf.add(T[table], row)
        return row["id"]

    def _secret_hash(self) -> tuple[str, str]:
        password = temporary_password()
        return password, hash_password(password, cost=self.cost)

    # --- introducers and companies

    def _introducers(self) -> None:
        for identifier, name, orias, email in (
            ("AA0042", "GIRONDE COURTAGE CONSEIL", "19004217", "contact@gironde-courtage.fr"),
            ("AB0107", "BÉARN ASSURANCES CONSEIL", "21006385", "contact@bearn-assurances.fr"),
        ):
            self.result.introducer_ids.append(
                self._add(
                    "business_introducers",
                    {
                        "identifier": identifier,
                        "name": name,
                        "orias_number": orias,
                        "email": email,
                        "phone": "05 56 12 34 56",
                        "created_at": self.ctx.now,
                    },
                )
            )

    def _company(
        self,
        key: str,
        *,
        client_number: str,
        siren: str,
        name: str,
        address: tuple[str, str, str],
        email: str,
        parent: int | None = None,
    ) -> int:
        code = "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(8))
        self.result.codes.append(CompanyCode(name, client_number, siren, code))
        return self._add(
            "companies",
            {
                "client_number": client_number,
                "siren": siren,
                "name": name,
                "security_code_hash": hash_password(code, cost=self.cost),
                "parent_id": parent,
                "address_line": address[0],
                "postal_code": address[1],
                "city": address[2],
                "phone": "05 56 47 21 90",
                "email": email,
                "created_at": self.ctx.now,
            },
        )

    def _companies(self) -> None:
        littoral_siren = luhn_complete("41287603")
        littoral = self._company(
            "littoral",
            client_number="C001234",
            siren=littoral_siren,
            name="BOULANGERIES DU LITTORAL",
            address=("12 avenue de la Libération", "33700", "MERIGNAC"),
            email="contact@boulangeries-littoral.fr",
        )
        bayonne = self._company(
            "bayonne",
            client_number="C001235",
            siren=littoral_siren,
            name="BOULANGERIES DU LITTORAL – ÉTABLISSEMENT DE BAYONNE",
            address=("5 quai Amiral Jauréguiberry", "64100", "BAYONNE"),
            email="bayonne@boulangeries-littoral.fr",
            parent=littoral,
        )
        bearn = self._company(
            "bearn",
            client_number="C002468",
            siren=luhn_complete("52318947"),
            name="TRANSPORTS DU BÉARN",
            address=("18 rue Pierre Bourdeu", "64000", "PAU"),
            email="contact@transports-bearn.fr",
        )
        for key, company_id, year, number in (
            ("littoral", littoral, 2021, "001234"),
            ("bayonne", bayonne, 2023, "001235"),
            ("bearn", bearn, 2019, "002468"),
        ):
            self.plans[key] = add_contracts(
                self.ctx,
                self.buf,
                company_id=company_id,
                start=date(year, 1, 1),
                numbers=(f"CS-{year}-{number}", f"CP-{year}-{number}"),
            )
        add_contract(
            self.ctx,
            self.buf,
            company_id=littoral,
            kind=ContractKind.SANTE,
            number="CS-PROJ-001234",
            start=date(self.ctx.today.year + 1, 1, 1),
            signed=False,
            label="Frais de santé – Cadres (projet non signé)",
        )
        ids = self.result.introducer_ids
        for introducer, company_id, since in (
            (ids[0], littoral, date(2021, 1, 1)),
            (ids[0], bayonne, date(2023, 1, 1)),
            (ids[1], bearn, date(2019, 1, 1)),
        ):
            self._add(
                "portfolio_entries",
                {
                    "introducer_id": introducer,
                    "company_id": company_id,
                    "since": since,
                    "commission_percent": Decimal("5.00"),
                },
            )

    # --- members

    def _member(
        self,
        key: str,
        *,
        number: str,
        person: Person,
        nir: str,
        email: str | None,
        address: tuple[str, str, str],
        iban: str | None,
        bic: str | None,
        adhesion: date,
        plan: tuple[str, HealthPlan],
        radiation: date | None = None,
    ) -> int:
        self.nir_tokens[key] = encrypt_field(nir)
        member_id = self._add(
            "members",
            {
                "member_number": number,
                "civility": person.civility,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "birth_date": person.birth,
                "nir_enc": self.nir_tokens[key],
                "email": email,
                "phone": "06 12 34 56 78" if email else None,
                "address_line": address[0],
                "postal_code": address[1],
                "city": address[2],
                "iban_enc": encrypt_field(iban) if iban else None,
                "bic": bic,
                "adhesion_date": adhesion,
                "radiation_date": radiation,
                "contract_option_id": self.plans[plan[0]].option_ids[plan[1].code],
                "tiers_payant_operator": "VIAMEDIS",
                "created_at": self.ctx.now,
            },
        )
        self.members[key] = member_id
        self.persons[key] = person
        self._beneficiary(
            key,
            "AS",
            BeneficiaryQuality.MEMBER,
            person.first_name,
            person.last_name,
            person.birth,
            adhesion,
            nir=self.nir_tokens[key],
        )
        return member_id

    def _beneficiary(
        self,
        key: str,
        rank: str,
        quality: BeneficiaryQuality,
        first: str,
        last: str,
        birth: date,
        adhesion: date,
        nir: str | None = None,
    ) -> None:
        beneficiary_id = self._add(
            "beneficiaries",
            {
                "member_id": self.members[key],
                "rank": rank,
                "quality": quality,
                "first_name": first.upper(),
                "last_name": last.upper(),
                "birth_date": birth,
                "nir_enc": nir,
                "adhesion_date": adhesion,
                "end_date": None,
                "created_at": self.ctx.now,
            },
        )
        self.beneficiaries.setdefault(key, {})[rank] = (beneficiary_id, max(adhesion, birth))

    def _members(self) -> None:
        adhesion = date(2021, 1, 23)
        self._member(
            "martin",
            number=MARTIN_NUMBER,
            person=Person(True, "Martin", "DUBOIS", date(1983, 6, 14)),
            nir=MARTIN_NIR,
            email="martin.dubois@example.fr",
            address=("3 Rue de l'arc en ciel", "33700", "MERIGNAC"),
            iban=MARTIN_IBAN,
            bic="AGRIFRPP123",
            adhesion=adhesion,
            plan=("littoral", BASE_PLAN),
        )
        self._beneficiary(
            "martin", "EA", BeneficiaryQuality.CHILD, "JULIE", "DUBOIS", date(2014, 10, 27), adhesion
        )
        self._beneficiary(
            "martin", "EB", BeneficiaryQuality.CHILD, "JULIEN", "DUBOIS", date(2018, 5, 5), adhesion
        )
        self._member(
            "demarest",
            number=DEMAREST_NUMBER,
            person=Person(True, "Michael", "DEMAREST", date(1972, 12, 9)),
            nir=DEMAREST_NIR,
            email="michael.demarest@example.fr",
            address=("3 rue du Colombier", "64000", "OUCHAMPS"),
            iban=DEMAREST_IBAN,
            bic="CCBPFRPPBDX",
            adhesion=date(2019, 3, 1),
            plan=("bearn", OPTION_PLAN),
        )
        self._beneficiary(
            "demarest",
            "CJ",
            BeneficiaryQuality.SPOUSE,
            "NATHALIE",
            "DEMAREST",
            date(1975, 4, 2),
            date(2019, 3, 1),
        )
        for key, company, plan, radiated in (
            ("lambert", "littoral", BASE_PLAN, None),
            ("benali", "littoral", OPTION_PLAN, None),
            ("faure", "littoral", BASE_PLAN, self._radiated_on("faure")),
            ("petit", "littoral", BASE_PLAN, None),
            ("lefebvre", "bayonne", BASE_PLAN, None),
            ("etcheverry", "bearn", BASE_PLAN, None),
        ):
            number, civility, first, last, birth = EMPLOYEE_MEMBERS[key]
            self._member(
                key,
                number=number,
                person=Person(civility == "M.", first, last, birth),
                nir=nir_with_key(f"{1 if civility == 'M.' else 2}{birth:%y%m}33281{number[-3:]}"),
                email=None,
                address=(f"{int(number[-2:]) + 2} rue Jean Jaurès", "33700", "MERIGNAC"),
                iban=None,
                bic=None,
                adhesion=self.plans[company].start + timedelta(days=40),
                plan=(company, plan),
                radiation=radiated,
            )

    def _radiated_on(self, key: str) -> date:
        days = {"faure": 240, "petit": 140}[key]
        return self.ctx.today - timedelta(days=days)

    # --- accounts and rights

    def _account(
        self,
        space: str,
        kind: AccountKind,
        login: str,
        *,
        first: str,
        last: str,
        email: str | None,
        job: str | None = None,
        member: str | None = None,
        introducer_id: int | None = None,
        staff_role: StaffRole | None = None,
    ) -> int:
        password, hashed = self._secret_hash()
        account_id = self._add(
            "accounts",
            {
                "kind": kind,
                "login": login,
                "email": email,
                "phone": "06 98 76 54 32",
                "first_name": first,
                "last_name": last,
                "job_title": job,
                "password_hash": hashed,
                "password_is_temporary": False,
                "password_expires_at": None,
                "password_changed_at": self.ctx.now,
                "failed_login_count": 0,
                "last_failed_login_at": None,
                "locked_at": None,
                "totp_secret_enc": None,
                "preferred_second_factor": None,
                "member_id": self.members.get(member or ""),
                "introducer_id": introducer_id,
                "staff_role": staff_role,
                "is_active": True,
                "created_at": self.ctx.now,
            },
        )
        self.accounts[login] = account_id
        self.result.logins.append(DemoLogin(space, login, password, f"{first} {last}"))
        return account_id

    def _accounts(self) -> None:
        member, employer = AccountKind.MEMBER, AccountKind.EMPLOYER
        self._account(
            "Assuré",
            member,
            MARTIN_NUMBER,
            first="Martin",
            last="DUBOIS",
            email="martin.dubois@example.fr",
            member="martin",
        )
        self._account(
            "Assuré",
            member,
            DEMAREST_NUMBER,
            first="Michael",
            last="DEMAREST",
            email="michael.demarest@example.fr",
            member="demarest",
        )
        admin = self._account(
            "Employeur",
            employer,
            EMPLOYER_EMAIL,
            first="Claire",
            last="LEROUX",
            email=EMPLOYER_EMAIL,
            job="Responsable des ressources humaines",
        )
        clerk = self._account(
            "Employeur",
            employer,
            "paie@boulangeries-littoral.fr",
            first="Hugo",
            last="BERNARD",
            email="paie@boulangeries-littoral.fr",
            job="Gestionnaire de paie",
        )
        second = self._account(
            "Employeur",
            employer,
            SECOND_EMPLOYER_EMAIL,
            first="Paul",
            last="ETCHEVERRY",
            email=SECOND_EMPLOYER_EMAIL,
            job="Directeur administratif et financier",
        )
        for index, identifier in enumerate(("AA0042", "AB0107")):
            self._account(
                "Apporteur d'affaires",
                AccountKind.INTRODUCER,
                identifier,
                first=("Alain", "Béatrice")[index],
                last=("LEROY", "HARISPE")[index],
                email=("a.leroy@gironde-courtage.fr", "b.harispe@bearn-assurances.fr")[index],
                introducer_id=self.result.introducer_ids[index],
            )
        self._account(
            "Gestion OCSO",
            AccountKind.STAFF,
            STAFF_EMAIL,
            first="Nathalie",
            last="ROUX",
            email=STAFF_EMAIL,
            job="Responsable de la gestion",
            staff_role=StaffRole.ADMIN,
        )
        grants = (
            (admin, "littoral", EmployerProfile.ADMIN, True, None),
            (admin, "bayonne", EmployerProfile.ADMIN, True, None),
            (clerk, "bayonne", EmployerProfile.STAFF_MANAGEMENT, False, admin),
            (second, "bearn", EmployerProfile.ADMIN, True, None),
        )
        for account_id, company, profile, principal, granted_by in grants:
            self._add(
                "employer_grants",
                {
                    "account_id": account_id,
                    "company_id": self.plans[company].company_id,
                    "profile": profile,
                    "is_principal": principal,
                    "granted_by_account_id": granted_by,
                    "created_at": self.ctx.now,
                },
            )

    # --- employees, sick leaves, contributions

    def _employees(self) -> None:
        ctx, status = self.ctx, AffiliationStatus
        self._member_employee("martin", "littoral", date(2020, 9, 1), date(2021, 1, 23), BASE_PLAN)
        self._member_employee("demarest", "bearn", date(2018, 11, 5), date(2019, 3, 1), OPTION_PLAN)
        for key, company in (
            ("lambert", "littoral"),
            ("benali", "littoral"),
            ("lefebvre", "bayonne"),
            ("etcheverry", "bearn"),
        ):
            plan = OPTION_PLAN if key == "benali" else BASE_PLAN
            adhesion = self.plans[company].start + timedelta(days=40)
            self._member_employee(key, company, adhesion - timedelta(days=30), adhesion, plan)
        self._member_employee(
            "faure",
            "littoral",
            date(2021, 3, 1),
            date(2021, 4, 10),
            BASE_PLAN,
            status=status.RADIATED,
            reason="Démission",
        )
        self._member_employee(
            "petit",
            "littoral",
            date(2021, 2, 1),
            date(2021, 2, 10),
            BASE_PLAN,
            status=status.PORTABILITY,
            reason="Fin de CDD",
        )
        for company, civility, first, last, birth, state, waited in (
            ("littoral", "Mme", "Camille", "ROUSSEAU", date(1999, 2, 11), status.PENDING, 3),
            ("littoral", "M.", "Thomas", "GIRARD", date(1996, 8, 24), status.TO_REMIND, 12),
            ("littoral", "Mme", "Inès", "MOREAU", date(1992, 12, 5), status.EXEMPTED, 200),
            ("bayonne", "Mme", "Emma", "GARNIER", date(2001, 6, 19), status.PENDING, 1),
            ("bearn", "M.", "Lucas", "DARRIGRAND", date(1997, 10, 3), status.TO_REMIND, 15),
        ):
            invited = ctx.now - timedelta(days=waited, hours=2)
            add_employee(
                ctx,
                self.buf,
                self.plans[company],
                person=Person(civility == "M.", first, last, birth),
                member_id=None,
                nir=None,
                email=f"{ascii_slug(first)}.{ascii_slug(last)}@example.fr",
                status=state,
                adhesion=invited.date(),
                option_id=None,
                invited_at=invited,
            )
        self._sick_leaves_and_contributions()

    def _member_employee(
        self,
        key: str,
        company: str,
        hired: date,
        adhesion: date,
        plan: HealthPlan,
        *,
        status: AffiliationStatus = AffiliationStatus.AFFILIATED,
        reason: str | None = None,
    ) -> None:
        person, plans = self.persons[key], self.plans[company]
        radiated = self._radiated_on(key) if status != AffiliationStatus.AFFILIATED else None
        self.employee_ids[key] = add_employee(
            self.ctx,
            self.buf,
            plans,
            person=person,
            member_id=self.members[key],
            nir=self.nir_tokens[key],
            email=f"{ascii_slug(person.first_name)}.{ascii_slug(person.last_name)}@example.fr",
            status=status,
            adhesion=adhesion,
            option_id=plans.option_ids[plan.code],
            radiated_on=radiated,
            reason=reason,
            hired_on=hired,
        )

    def _sick_leaves_and_contributions(self) -> None:
        ctx, plans = self.ctx, self.plans
        today = ctx.today
        add_sick_leave(
            ctx,
            self.buf,
            company_id=plans["littoral"].company_id,
            employee_id=self.employee_ids["lambert"],
            contract_id=plans["littoral"].provident_contract_id,
            reference=f"AT-{(today - timedelta(days=75)).year}-000142",
            reason="Maladie",
            start=today - timedelta(days=75),
            days=None,
            daily=Decimal("48.62"),
        )
        add_sick_leave(
            ctx,
            self.buf,
            company_id=plans["littoral"].company_id,
            employee_id=self.employee_ids["benali"],
            contract_id=plans["littoral"].provident_contract_id,
            reference=f"AT-{(today - timedelta(days=400)).year}-000097",
            reason="Accident du travail",
            start=today - timedelta(days=400),
            days=45,
            daily=Decimal("61.35"),
        )
        for key, headcount in (("littoral", 6), ("bayonne", 2), ("bearn", 3)):
            number = {"littoral": "001234", "bayonne": "001235", "bearn": "002468"}[key]
            add_contributions(
                ctx, self.buf, plans[key], headcount=headcount, quarters=8, reference_prefix=f"BC{number}-"
            )

    # --- décomptes

    def _owner(self, key: str, payee_name: str, plan: HealthPlan) -> HistoryOwner:
        return HistoryOwner(
            self.members[key], payee_name, "VIAMEDIS", plan, list(self.beneficiaries[key].values())
        )

    def _care(self) -> None:
        ctx = self.ctx
        every_category = [
            next(i for i, act in enumerate(care_catalog.CARE_ACTS) if act.category == category)
            for category in care_catalog.CARE_CATEGORIES
        ]
        for key, payee, plan, guide, lines in (
            ("martin", "DUBOIS Martin", BASE_PLAN, MARTIN_GUIDE_STATEMENTS, 40),
            ("demarest", "DEMAREST Michael", OPTION_PLAN, DEMAREST_GUIDE_STATEMENTS, 24),
        ):
            owner = self._owner(key, payee, plan)
            first_guide = min(last_on(ctx.today, month, day) for month, day, _, _ in guide)
            add_history(
                ctx,
                self.buf,
                owner,
                start=ctx.today - timedelta(days=HISTORY_DAYS),
                end=first_guide - timedelta(days=1),
                line_count=lines,
                first_acts=every_category,
            )
            self._guide_statements(key, owner, guide)
        for key in ("lambert", "benali", "petit", "lefebvre", "etcheverry"):
            _, _, first, last, _ = EMPLOYEE_MEMBERS[key]
            owner = self._owner(key, f"{last} {first}", OPTION_PLAN if key == "benali" else BASE_PLAN)
            add_history(
                ctx,
                self.buf,
                owner,
                start=ctx.today - timedelta(days=HISTORY_DAYS),
                end=ctx.today - timedelta(days=1),
                line_count=10,
            )

    def _guide_statements(self, key: str, owner: HistoryOwner, guide: Sequence[GuideStatement]) -> None:
        ctx = self.ctx
        year = last_on(ctx.today, guide[0][0], guide[0][1]).year
        for month, day, payee, specs in guide:
            paid_on = date(year, month, day)
            lines = []
            for label, rank, unit_base, unit_spent, quantity in specs:
                act = act_by_label(label)
                amounts = pricing.price_line(
                    act,
                    unit_base=Decimal(unit_base),
                    unit_spent=Decimal(unit_spent),
                    quantity=quantity,
                    rule=owner.plan.rule_for(act.category),
                )
                practitioner = ctx.pools.practitioners[act.category][len(lines)]
                lines.append(
                    LineSpec(
                        self.beneficiaries[key][rank][0],
                        quantity,
                        paid_on - timedelta(days=6),
                        act,
                        amounts,
                        practitioner,
                    )
                )
            add_statement(ctx, self.buf, owner, paid_on=paid_on, payee=payee, lines=lines)

    # --- content

    def _content(self) -> None:
        for spec in content.NEWS:
            published, expires = spec.dates(self.ctx.today)
            self._add(
                "news_items",
                {
                    "audience": Audience(spec.audience),
                    "title": spec.title,
                    "body": spec.body,
                    "is_alert": spec.is_alert,
                    "published_on": published,
                    "expires_on": expires,
                    "created_at": self.ctx.now,
                },
            )
        for position, spec in enumerate(content.HELP_ARTICLES, start=1):
            self._add(
                "help_articles",
                {
                    "audience": Audience(spec.audience),
                    "topic": spec.topic,
                    "question": spec.question,
                    "answer": spec.answer,
                    "position": position,
                },
            )

    # --- requests and audit

    def _request(
        self,
        at: datetime,
        spec: RequestSpec,
        *,
        member: str | None = None,
        company: str | None = None,
        author: str,
    ) -> None:
        request_type, subject, payload, service, status, answer = spec
        self.request_count += 1
        request_id = self._add(
            "requests",
            {
                "member_id": self.members[member] if member else None,
                "company_id": self.plans[company].company_id if company else None,
                "author_account_id": self.accounts[author],
                "request_type": request_type,
                "subject": subject,
                "payload": payload,
                "routed_service": service,
                "status": status,
                "submission_key": f"demo-{self.request_count:04d}-{secrets.token_hex(8)}",
                "created_at": at,
                "updated_at": at if status == RequestStatus.SENT else at + timedelta(hours=20),
            },
        )
        if answer:
            self._add(
                "request_messages",
                {
                    "request_id": request_id,
                    "from_ocso": True,
                    "author_account_id": self.accounts[STAFF_EMAIL],
                    "body": answer,
                    "created_at": at + timedelta(hours=20),
                },
            )

    def _requests(self) -> None:
        ctx = self.ctx
        for (month, day, hour, minute), spec in MARTIN_REQUESTS:
            self._request(
                _at(last_on(ctx.today, month, day), hour, minute, ctx),
                spec,
                member="martin",
                author=MARTIN_NUMBER,
            )
        for (month, day, hour, minute), spec in DEMAREST_REQUESTS:
            self._request(
                _at(last_on(ctx.today, month, day), hour, minute, ctx),
                spec,
                member="demarest",
                author=DEMAREST_NUMBER,
            )
        self._request(
            ctx.now - timedelta(days=4), EMPLOYER_REQUEST, company="littoral", author=EMPLOYER_EMAIL
        )

    def _audit(self) -> None:
        ctx = self.ctx
        for (month, day, hour, minute), event_type, action, interface in MARTIN_AUDIT:
            self._event(
                _at(last_on(ctx.today, month, day), hour, minute, ctx),
                event_type,
                action,
                interface,
                account=MARTIN_NUMBER,
                member="martin",
            )
        for days_ago, event_type, action in (
            (3, "Connexion", "Connexion à l'espace"),
            (3, "Consultation", "Consultation des remboursements"),
        ):
            self._event(
                ctx.now - timedelta(days=days_ago),
                event_type,
                action,
                Interface.WEB,
                account=DEMAREST_NUMBER,
                member="demarest",
            )
        for days_ago, event_type, action in (
            (4, "Connexion", "Connexion à l'espace"),
            (4, "Démarche", "Envoi d'un bulletin d'adhésion"),
        ):
            self._event(
                ctx.now - timedelta(days=days_ago),
                event_type,
                action,
                Interface.WEB,
                account=EMPLOYER_EMAIL,
                company="littoral",
            )

    def _event(
        self,
        at: datetime,
        event_type: str,
        action: str,
        interface: Interface,
        *,
        account: str,
        member: str | None = None,
        company: str | None = None,
    ) -> None:
        self._add(
            "audit_events",
            {
                "occurred_at": at,
                "account_id": self.accounts[account],
                "member_id": self.members[member] if member else None,
                "company_id": self.plans[company].company_id if company else None,
                "event_type": event_type,
                "action": action,
                "interface": interface,
                "ip_address": "192.0.2.10",
            },
        )
