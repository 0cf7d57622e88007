"""The staff of BOULANGERIES DU LITTORAL (``--company-size N``, about 3,000 by default), split between the
head office and the Bayonne establishment, in every affiliation status: affiliated and portabilité employees
are members (numéro d'adhérent, option, family) without décomptes, radiated ones left before affiliating
(covered by the prévoyance alone, as the radiation reads an employee without member file); everyone is
registered on the prévoyance contract, « Cadres » also on the Prévoyance Cadres one; a few dozen have arrêts
de travail with their indemnités journalières. What is drawn, and how often, is in
:mod:`ocso_app.seed.data.population`.

Rows are queued in the load's :class:`~ocso_app.seed.rows.RowBuffer` (inserted in batches), never one ORM
object per row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from ocso_app.models import AffiliationStatus
from ocso_app.seed.context import Context, Person, draw_amount, random_person
from ocso_app.seed.data import population as shape
from ocso_app.seed.data import reference
from ocso_app.seed.data import volume as volume_shape
from ocso_app.seed.personas import ExecutivesPlan, PersonaResult
from ocso_app.seed.rows import RowBuffer, T
from ocso_app.seed.volume import add_random_member, email_address, member_numbers
from ocso_app.seed.writers.companies import CompanyPlans
from ocso_app.seed.writers.employees import Registration, add_employee, add_sick_leave
from ocso_app.seed.writers.members import make_nir
from ocso_app.services.care_catalog import HEALTH_PLANS
from ocso_app.services.crypto import encrypt_field
from ocso_app.services.portability import DepartureReason, Portability, add_months, portability_for

ADULT = timedelta(days=365 * 18 + 5)


@dataclass(frozen=True)
class Structure:
    """Where an employee works: the structure's plans and its Prévoyance Cadres contract."""

    key: str
    plans: CompanyPlans
    executives: ExecutivesPlan | None


@dataclass(frozen=True)
class Career:
    """An employee's dates: hired, covered from, left (radiated), end of portabilité, invited."""

    hired_on: date
    covered_from: date
    radiated_on: date | None = None
    portability_end: date | None = None
    invited_at: datetime | None = None


@dataclass(frozen=True)
class Affiliate:
    """An affiliated employee an arrêt de travail may be drawn for."""

    employee_id: int
    structure: Structure
    covered_from: date


def load_population(ctx: Context, buf: RowBuffer, *, personas: PersonaResult, size: int) -> None:
    """Queue ``size`` employees of BOULANGERIES DU LITTORAL and their arrêts de travail (flushed at the end).

    Numéros d'adhérent avoid every number already in the database (personas, volume)."""
    if size <= 0:
        return
    rng = ctx.rng
    labels = [label for label, count in shape.status_counts(size).items() for _ in range(count)]
    rng.shuffle(labels)
    shares = {share.label: share for share in shape.STATUS_SHARES}
    head_office, establishment = (
        Structure(key, personas.plans[key], personas.executives.get(key)) for key in shape.STRUCTURES
    )
    members = sum(1 for label in labels if _is_member(shares.get(label)))
    taken = set(ctx.conn.execute(select(T["members"].c.member_number)).scalars())
    numbers = iter(member_numbers(rng, members, taken))
    head = shape.head_office_count(size)
    affiliates: list[Affiliate] = []
    for index, label in enumerate(labels):
        structure = head_office if index < head else establishment
        affiliate = _add_staff_member(ctx, buf, structure, shares.get(label), numbers)
        if affiliate:
            affiliates.append(affiliate)
    _add_sick_leaves(ctx, buf, affiliates, count=round(size * shape.SICK_LEAVE_SHARE))
    buf.flush()


def _is_member(share: shape.StatusShare | None) -> bool:
    """Affiliated (no share) and portabilité employees are members of the santé contract."""
    return share is None or share.status == AffiliationStatus.PORTABILITY


def _career(ctx: Context, structure: Structure, person: Person, share: shape.StatusShare | None) -> Career:
    """The dates of one employee, consistent with the status: pending ones invited recently or long ago,
    radiated ones gone, portabilité ones gone but still covered (at most 12 months, by their seniority)."""
    rng, today, start = ctx.rng, ctx.today, structure.plans.start
    if share and share.waited_days:
        invited_at = ctx.now - timedelta(days=rng.randint(*share.waited_days), hours=rng.randint(1, 20))
        hired_on = invited_at.date() - timedelta(days=rng.randint(*shape.INVITE_TO_HIRE_DAYS))
        return Career(hired_on, hired_on, invited_at=invited_at)
    radiated_on = None
    status = share.status if share else AffiliationStatus.AFFILIATED
    if status == AffiliationStatus.RADIATED:
        radiated_on = today - timedelta(days=rng.randint(*shape.RADIATED_DAYS_AGO))
        radiated_on = max(radiated_on, start + timedelta(days=90))
    elif status == AffiliationStatus.PORTABILITY:
        months = shape.PORTABILITY_MAX_MONTHS
        still = rng.randint(*shape.PORTABILITY_LEFT_DAYS)
        radiated_on = add_months(today + timedelta(days=still), -months)
    end = radiated_on or today
    hired_on = max(end - timedelta(days=rng.randint(*shape.SENIORITY_DAYS)), person.birth + ADULT)
    hired_on = min(hired_on, end - timedelta(days=30))
    covered_from = max(hired_on, start) + timedelta(days=rng.randint(*shape.AFFILIATION_DELAY_DAYS))
    covered_from = min(covered_from, end - timedelta(days=1))
    if status != AffiliationStatus.PORTABILITY or radiated_on is None:
        return Career(hired_on, covered_from, radiated_on)
    # a short contract gives a shorter portabilité (the rule of services.portability)
    portability = _portability(hired_on, radiated_on)
    if portability.ends_on <= today:  # too short to be still running: an older hiring, a full year
        hired_on = min(hired_on, add_months(radiated_on, -shape.PORTABILITY_MAX_MONTHS))
        portability = _portability(hired_on, radiated_on)
    return Career(hired_on, covered_from, radiated_on, portability.ends_on)


def _portability(hired_on: date, left_on: date) -> Portability:
    found = portability_for(
        hired_on=hired_on, left_on=left_on, reason=DepartureReason.DISMISSAL, covered=True
    )
    assert found is not None  # a licenciement of a covered employee always opens it
    return found


def _registrations(
    structure: Structure, career: Career, status: AffiliationStatus, option_id: int | None, executive: bool
) -> list[Registration]:
    """Santé from the first covered day: on ``option_id`` once affiliated (a member file, the portabilité
    ones' too), without option for one still to affiliate (as the pré-affiliation registers them) or who
    left before affiliating (the radiated ones, covered by the prévoyance alone), withdrawn for a dispensed
    employee, whom HR reads on the prévoyance alone (``services.dispense_cover``); prévoyance from the first
    covered day, for everyone; Prévoyance Cadres for « Cadres » while it was in force. The radiation ends
    them (``writers.employees.add_employee``)."""
    plans = structure.plans
    withdrawn = status == AffiliationStatus.EXEMPTED
    registrations = [Registration(plans.health_contract_id, option_id, career.covered_from, withdrawn)]
    registrations.append(
        Registration(plans.provident_contract_id, plans.provident_option_id, career.covered_from)
    )
    executives = structure.executives
    if executive and executives:
        since = max(career.covered_from, executives.start)
        if career.radiated_on is None or since <= career.radiated_on:
            registrations.append(Registration(executives.contract_id, executives.option_id, since))
    return registrations


def _add_staff_member(
    ctx: Context,
    buf: RowBuffer,
    structure: Structure,
    share: shape.StatusShare | None,
    numbers: Iterator[str],
) -> Affiliate | None:
    """One employee of ``structure`` in the status of ``share`` (``None``: affiliated); returns them when
    affiliated, as a candidate for an arrêt de travail."""
    rng = ctx.rng
    status = share.status if share else AffiliationStatus.AFFILIATED
    left = status in (AffiliationStatus.RADIATED, AffiliationStatus.PORTABILITY)
    person = random_person(ctx, ages=shape.FORMER_EMPLOYEE_AGES if left else shape.EMPLOYEE_AGES)
    executive = rng.random() < shape.EXECUTIVE_SHARE
    career = _career(ctx, structure, person, share)
    plan = HEALTH_PLANS[1] if rng.random() < shape.OPTION_SHARE else HEALTH_PLANS[0]
    option_id = structure.plans.option_ids[plan.code]
    member_id = nir = email = None
    beneficiary_ids: list[int] = []
    if _is_member(share):
        member = add_random_member(
            ctx,
            buf,
            number=next(numbers),
            person=person,
            adhesion=career.covered_from,
            option_id=option_id,
            extra=rng.choice(shape.EXTRA_BENEFICIARIES),
            radiation=career.portability_end,  # as the radiation sets it: the santé's last covered day
        )
        member_id, nir, email = member.member_id, member.nir, member.email
        beneficiary_ids = [beneficiary_id for beneficiary_id, _ in member.beneficiaries]
    elif status != AffiliationStatus.PENDING:  # known to the payroll; pending ones have not answered yet
        town = rng.choice(reference.TOWNS)
        nir = encrypt_field(make_nir(rng, male=person.male, birth=person.birth, town=town))
    employee_id = add_employee(
        ctx,
        buf,
        structure.plans,
        person=person,
        member_id=member_id,
        nir=nir,
        email=email or email_address(rng, person.first_name, person.last_name),
        status=status,
        adhesion=career.covered_from,
        option_id=option_id,
        radiated_on=career.radiated_on,
        reason=_radiation_reason(ctx, status),
        invited_at=career.invited_at,
        hired_on=career.hired_on,
        personnel_category=shape.EXECUTIVES if executive else shape.NON_EXECUTIVES,
        portability_end=career.portability_end,
        beneficiary_ids=beneficiary_ids,
        registrations=_registrations(structure, career, status, option_id if member_id else None, executive),
    )
    if status != AffiliationStatus.AFFILIATED:
        return None
    return Affiliate(employee_id, structure, career.covered_from)


def _radiation_reason(ctx: Context, status: AffiliationStatus) -> str | None:
    if status == AffiliationStatus.RADIATED:
        return ctx.rng.choice(shape.RADIATION_REASONS)
    if status == AffiliationStatus.PORTABILITY:
        return ctx.rng.choice(shape.PORTABILITY_REASONS)
    return None


def _add_sick_leaves(ctx: Context, buf: RowBuffer, affiliates: list[Affiliate], *, count: int) -> None:
    """``count`` arrêts de travail of long-affiliated employees, about 80/20 between the two structures as
    the staff is; the first ones of each structure still running, the others closed before the load day."""
    rng, today = ctx.rng, ctx.today
    oldest_start = today - timedelta(days=shape.CLOSED_STARTED_DAYS_AGO[1])
    candidates = [a for a in affiliates if a.covered_from < oldest_start]
    head = shape.head_office_count(count)
    chosen: list[Affiliate] = []
    for key, wanted in zip(shape.STRUCTURES, (head, count - head), strict=True):
        pool = [a for a in candidates if a.structure.key == key]
        chosen += rng.sample(pool, min(wanted, len(pool)))
    running = round(len(chosen) * shape.RUNNING_SICK_LEAVE_SHARE)
    rng.shuffle(chosen)
    for index, affiliate in enumerate(chosen):
        days: int | None
        if index < running:
            start, days = today - timedelta(days=rng.randint(*shape.RUNNING_STARTED_DAYS_AGO)), None
        else:
            start = today - timedelta(days=rng.randint(*shape.CLOSED_STARTED_DAYS_AGO))
            days = min(rng.choice(shape.CLOSED_DAYS), (today - start).days)  # over by yesterday
        plans = affiliate.structure.plans
        add_sick_leave(
            ctx,
            buf,
            company_id=plans.company_id,
            employee_id=affiliate.employee_id,
            contract_id=plans.provident_contract_id,
            reference=f"AT-{start.year}-{shape.SICK_LEAVE_REFERENCE_FIRST + index:06d}",
            reason=rng.choice(volume_shape.SICK_LEAVE_REASONS),
            start=start,
            days=days,
            daily=draw_amount(rng, volume_shape.SICK_LEAVE_DAILY),
        )
