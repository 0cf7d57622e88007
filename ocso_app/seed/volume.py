"""Generated volume for ``--members N``: companies of about fifty members with their contracts, employees in
every affiliation status, bordereaux and arrêts de travail, and members with beneficiaries and two years of
décomptes (about ten care lines each).

Built for scale: rows are plain dicts queued in a :class:`~ocso_app.seed.rows.RowBuffer` and inserted in
batches every few thousand members; names and addresses come from the pools of
:class:`~ocso_app.seed.context.Pools`, care-line amounts from acts priced once per plan. What is drawn, and
how often, is in :mod:`ocso_app.seed.data.volume`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from random import Random

from ocso_app.models import AffiliationStatus, BeneficiaryQuality
from ocso_app.seed.context import Context, Person, ascii_slug, draw_amount, random_person
from ocso_app.seed.data import reference
from ocso_app.seed.data import volume as shape
from ocso_app.seed.rows import RowBuffer, T
from ocso_app.seed.writers.care import HistoryOwner, add_history
from ocso_app.seed.writers.companies import (
    CompanyPlans,
    add_company,
    add_contracts,
    add_contributions,
    add_portfolio_entry,
)
from ocso_app.seed.writers.employees import add_employee, add_sick_leave
from ocso_app.seed.writers.members import add_beneficiary, add_member, make_iban, make_nir
from ocso_app.services.care_catalog import HEALTH_PLANS
from ocso_app.services.crypto import encrypt_field
from ocso_app.services.identifiers import luhn_complete

FLUSH_EVERY_MEMBERS = 2_000


@dataclass
class VolumeCompany:
    """A generated company and the members to attach to it."""

    member_numbers: list[str]
    introducer_id: int | None


def company_sizes(rng: Random, members: int) -> list[int]:
    """Members per company: about ``MEMBERS_PER_COMPANY`` on average, summing to ``members``."""
    average = shape.MEMBERS_PER_COMPANY
    sizes: list[int] = []
    left = members
    while left > 0:
        size = min(left, rng.randint(average // 5, average * 9 // 5))
        sizes.append(size)
        left -= size
    return sizes


def member_numbers(rng: Random, count: int, taken: set[str]) -> list[str]:
    """``count`` distinct 6-digit numéros d'adhérent, none of them in ``taken``."""
    if count > 999_999 - len(taken):
        raise ValueError("Trop d'adhérents demandés : les numéros d'adhérent ont 6 chiffres.")
    drawn = rng.sample(range(1, 1_000_000), count + len(taken))
    return [number for number in (f"{n:06d}" for n in drawn) if number not in taken][:count]


def load_volume(
    ctx: Context,
    buf: RowBuffer,
    *,
    members: int,
    taken_numbers: frozenset[str],
    introducer_ids: Sequence[int],
    security_code_hash: str,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Generate ``members`` members in companies of about fifty, flushing every few thousand members.

    Generated companies share one security-code hash of a random code nobody knows (bcrypt per company would
    take minutes), so employer accounts can only be opened on the personas' companies."""
    numbers = iter(member_numbers(ctx.rng, members, set(taken_numbers)))
    done = pending = 0
    for index, size in enumerate(company_sizes(ctx.rng, members)):
        introducer = introducer_ids[index % 3] if index % 3 < len(introducer_ids) else None
        company = VolumeCompany([next(numbers) for _ in range(size)], introducer)
        add_volume_company(ctx, buf, company, security_code_hash)
        done, pending = done + size, pending + size
        if pending >= FLUSH_EVERY_MEMBERS:
            buf.flush()
            pending = 0
            if progress:
                progress(done, members)
    buf.flush()
    if progress and pending:
        progress(done, members)


# --- companies


def add_volume_company(ctx: Context, buf: RowBuffer, company: VolumeCompany, security_code_hash: str) -> None:
    """A company, its contracts, employees in several statuses, its members and their décomptes."""
    rng = ctx.rng
    company_id = _random_company(ctx, buf, security_code_hash)
    start = date(ctx.today.year - rng.randint(*shape.COMPANY_AGE_YEARS), 1, 1)
    plans = add_contracts(
        ctx,
        buf,
        company_id=company_id,
        start=start,
        numbers=(f"SAN-{company_id:07d}", f"PRV-{company_id:07d}"),
    )
    if company.introducer_id:
        commission = Decimal(rng.choice(shape.COMMISSION_PERCENTS))
        add_portfolio_entry(
            ctx,
            buf,
            introducer_id=company.introducer_id,
            company_id=company_id,
            since=start,
            commission=commission,
        )
    employee_ids = [add_volume_member(ctx, buf, plans, number) for number in company.member_numbers]
    for status in _other_statuses(rng):
        add_other_employee(ctx, buf, plans, status)
    add_contributions(
        ctx,
        buf,
        plans,
        headcount=max(len(employee_ids), 1),
        quarters=shape.CONTRIBUTION_QUARTERS,
        reference_prefix=f"B{company_id:07d}",
    )
    if employee_ids and rng.random() < shape.SICK_LEAVE_SHARE:
        _random_sick_leave(ctx, buf, plans, rng.choice(employee_ids))


def _random_company(ctx: Context, buf: RowBuffer, security_code_hash: str) -> int:
    rng = ctx.rng
    company_id = ctx.ids.take(T["companies"])
    town = rng.choice(reference.TOWNS)
    name = f"{rng.choice(reference.COMPANY_ACTIVITIES)} {rng.choice(ctx.pools.last_names).upper()}"
    siren = luhn_complete(f"{rng.randint(10_000_000, 99_999_999)}")
    street = f"{rng.randint(1, 120)} {rng.choice(ctx.pools.streets)}"
    return add_company(
        ctx,
        buf,
        company_id=company_id,
        client_number=f"C{100000 + company_id:06d}",
        siren=siren,
        name=name,
        security_code_hash=security_code_hash,
        address=(street, town[0], town[1]),
        phone=phone_number(rng, shape.COMPANY_PHONE_PREFIX),
        email=f"contact@{ascii_slug(name)}.example.fr",
    )


def _random_sick_leave(ctx: Context, buf: RowBuffer, plans: CompanyPlans, employee_id: int) -> None:
    rng = ctx.rng
    add_sick_leave(
        ctx,
        buf,
        company_id=plans.company_id,
        employee_id=employee_id,
        contract_id=plans.provident_contract_id,
        reference=f"AT{plans.company_id:08d}",
        reason=rng.choice(shape.SICK_LEAVE_REASONS),
        start=ctx.today - timedelta(days=rng.randint(*shape.SICK_LEAVE_STARTED_DAYS_AGO)),
        days=rng.choice(shape.SICK_LEAVE_DAYS),
        daily=draw_amount(rng, shape.SICK_LEAVE_DAILY),
    )


def _other_statuses(rng: Random) -> list[AffiliationStatus]:
    others = [s for s in AffiliationStatus if s != AffiliationStatus.AFFILIATED]
    return [rng.choice(others) for _ in range(rng.randint(*shape.OTHER_EMPLOYEES))]


def phone_number(rng: Random, prefix: str) -> str:
    """A French phone number starting with ``prefix``, in pairs of digits."""
    digits = f"{prefix}{rng.randint(0, 99_999_999):08d}"
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def email_address(rng: Random, first: str, last: str) -> str:
    """first.last@ one of the demo's domains."""
    return f"{ascii_slug(first)}.{ascii_slug(last)}@{rng.choice(shape.EMAIL_DOMAINS)}"


# --- members and employees


@dataclass(frozen=True)
class RandomMember:
    """A generated member: ids and what their employee row repeats."""

    member_id: int
    nir: str
    email: str | None
    operator: str
    beneficiaries: list[tuple[int, date]]


def add_volume_member(ctx: Context, buf: RowBuffer, plans: CompanyPlans, number: str) -> int:
    """A member (an affiliated employee), their beneficiaries and décomptes; returns the employee id."""
    rng = ctx.rng
    person = random_person(ctx, ages=shape.MEMBER_AGES)
    earliest = max(plans.start, person.birth + timedelta(days=365 * 18))
    adhesion = earliest + timedelta(days=rng.randint(0, max((ctx.today - earliest).days - 90, 0)))
    plan = HEALTH_PLANS[0] if rng.random() < shape.BASE_PLAN_SHARE else HEALTH_PLANS[1]
    member = add_random_member(
        ctx,
        buf,
        number=number,
        person=person,
        adhesion=adhesion,
        option_id=plans.option_ids[plan.code],
        extra=rng.choice(shape.EXTRA_BENEFICIARIES),
    )
    payee = f"{person.last_name} {person.first_name}"
    owner = HistoryOwner(member.member_id, payee, member.operator, plan, member.beneficiaries)
    add_history(
        ctx,
        buf,
        owner,
        start=max(adhesion, ctx.today - timedelta(days=shape.HISTORY_DAYS)),
        end=ctx.today - timedelta(days=1),
        line_count=rng.randint(*shape.MEMBER_LINES) + 2 * (len(member.beneficiaries) - 1),
    )
    return add_employee(
        ctx,
        buf,
        plans,
        person=person,
        member_id=member.member_id,
        nir=member.nir,
        email=member.email,
        status=AffiliationStatus.AFFILIATED,
        adhesion=adhesion,
        option_id=plans.option_ids[plan.code],
    )


def add_random_member(
    ctx: Context,
    buf: RowBuffer,
    *,
    number: str,
    person: Person,
    adhesion: date,
    option_id: int,
    extra: int,
    radiation: date | None = None,
) -> RandomMember:
    """A member living in the South-West, with NIR, bank details, maybe e-mail and phone, and ``extra``
    beneficiaries besides themself (a spouse maybe, then children)."""
    rng = ctx.rng
    town = rng.choice(reference.TOWNS)
    nir = encrypt_field(make_nir(rng, male=person.male, birth=person.birth, town=town))
    email = (
        email_address(rng, person.first_name, person.last_name)
        if rng.random() < shape.MEMBER_EMAIL_SHARE
        else None
    )
    operator = rng.choice(reference.TIERS_PAYANT_OPERATORS)
    iban, bic = make_iban(rng)
    phone = None
    if rng.random() < shape.MEMBER_PHONE_SHARE:
        phone = phone_number(rng, rng.choice(shape.MOBILE_PREFIXES))
    street = f"{rng.randint(1, 150)} {rng.choice(ctx.pools.streets)}"
    member_id = add_member(
        ctx,
        buf,
        number=number,
        person=person,
        nir=nir,
        email=email,
        phone=phone,
        address=(street, town[0], town[1]),
        iban=iban,
        bic=bic,
        adhesion=adhesion,
        option_id=option_id,
        operator=operator,
        radiation=radiation,
    )
    beneficiaries = _random_beneficiaries(
        ctx, buf, member_id, person, nir, (adhesion, radiation), town, extra
    )
    return RandomMember(member_id, nir, email, operator, beneficiaries)


def _random_beneficiaries(
    ctx: Context,
    buf: RowBuffer,
    member_id: int,
    person: Person,
    nir: str,
    cover: tuple[date, date | None],
    town: tuple[str, str, str],
    extra: int,
) -> list[tuple[int, date]]:
    """The member (rank AS), maybe a spouse (CJ) and children (EA, EB…), covered from the member's adhesion
    (a child from their birth) to the member's radiation date (``cover``): returns (id, first covered day)."""
    rng = ctx.rng
    adhesion, radiation = cover
    rows = [("AS", BeneficiaryQuality.MEMBER, person, nir, adhesion)]
    if extra and rng.random() < shape.SPOUSE_SHARE:
        same_name = rng.random() < shape.SPOUSE_SAME_NAME_SHARE
        spouse = random_person(ctx, ages=shape.MEMBER_AGES, last_name=person.last_name if same_name else None)
        spouse_nir = encrypt_field(make_nir(rng, male=spouse.male, birth=spouse.birth, town=town))
        rows.append(("CJ", BeneficiaryQuality.SPOUSE, spouse, spouse_nir, adhesion))
        extra -= 1
    for rank in shape.CHILD_RANKS[:extra]:
        child = _child(ctx, person)
        if child is not None:
            rows.append((rank, BeneficiaryQuality.CHILD, child, None, max(adhesion, child.birth)))
    return [
        (
            add_beneficiary(
                ctx,
                buf,
                member_id=member_id,
                rank=rank,
                quality=quality,
                person=who,
                nir=who_nir,
                adhesion=since,
                end=radiation,
            ),
            since,
        )
        for rank, quality, who, who_nir, since in rows
    ]


def _child(ctx: Context, parent: Person) -> Person | None:
    earliest = parent.birth + timedelta(days=365 * 20)
    latest = ctx.today - timedelta(days=60)
    if earliest >= latest:
        return None
    birth = earliest + timedelta(days=ctx.rng.randint(0, min((latest - earliest).days, 365 * 25)))
    male = ctx.rng.random() < 0.5
    first = ctx.rng.choice(ctx.pools.male_first if male else ctx.pools.female_first)
    return Person(male, first, parent.last_name, birth)


def add_other_employee(ctx: Context, buf: RowBuffer, plans: CompanyPlans, status: AffiliationStatus) -> None:
    """An employee who is not (or no longer) an active member: pending, to remind, exempted, gone (without
    member file: they left before affiliating, covered by the prévoyance alone, ``add_employee``)."""
    rng = ctx.rng
    person = random_person(ctx, ages=shape.OTHER_EMPLOYEE_AGES)
    email = email_address(rng, person.first_name, person.last_name)
    waited = {
        AffiliationStatus.PENDING: rng.randint(*shape.PENDING_WAITED_DAYS),
        AffiliationStatus.TO_REMIND: rng.randint(*shape.TO_REMIND_WAITED_DAYS),
    }
    since = ctx.today - timedelta(days=waited.get(status, rng.randint(*shape.OTHER_STATUS_SINCE_DAYS)))
    since = max(since, plans.start)
    radiated_on = reason = None
    if status in (AffiliationStatus.RADIATED, AffiliationStatus.PORTABILITY):
        radiated_on = ctx.today - timedelta(days=rng.randint(*shape.LEFT_DAYS_AGO))
        since = min(since, radiated_on - timedelta(days=30))
        reason = (
            shape.RESIGNATION
            if status == AffiliationStatus.RADIATED
            else rng.choice(shape.PORTABILITY_REASONS)
        )
    invited_at = None
    if status in waited:
        invited_at = ctx.now - timedelta(days=waited[status], hours=rng.randint(1, 20))
    add_employee(
        ctx,
        buf,
        plans,
        person=person,
        member_id=None,
        nir=None,
        email=email,
        status=status,
        adhesion=since,
        option_id=plans.option_ids["BASE"],
        radiated_on=radiated_on,
        reason=reason,
        invited_at=invited_at,
    )
