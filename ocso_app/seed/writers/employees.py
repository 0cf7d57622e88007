"""Employees of a company, their registrations on its contracts, and their arrêts de travail with the
indemnités journalières paid for them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from ocso_app.models import AffiliationStatus, ContractKind, DispenseDecision
from ocso_app.seed.context import Context, Person
from ocso_app.seed.data.personas import DispenseRequestSpec
from ocso_app.seed.rows import RowBuffer, T
from ocso_app.seed.writers.companies import ALL_STAFF, CompanyPlans
from ocso_app.seed.writers.documents import draw_pdf, store_pdf
from ocso_app.seed.writers.members import employee_nir
from ocso_app.services.care_catalog import money
from ocso_app.services.crypto import encrypt_field
from ocso_app.services.dispenses import CASES, EndKind, ProofKind
from ocso_app.services.employee_status import THE_EMPLOYEE, StatusAuthor
from ocso_app.services.formats import format_short_date
from ocso_app.services.portability import MAX_MONTHS, DepartureReason, add_months, portability_for
from ocso_app.services.radiation import Radiation

COVERED = frozenset(
    {AffiliationStatus.AFFILIATED, AffiliationStatus.RADIATED, AffiliationStatus.PORTABILITY}
)  # statuses of an employee with a member file on the santé contract (radiated ones until they left)


# The accepted dispenses of the demo's dispensed employees, taken in turn (by employee id, not drawn: the
# random stream, and so every other generated row, stays as it was): cases that may hold for years, one
# reminded every year (the daily job asks for the new proof), one that ends (the daily job ends it).
ACCEPTED_CASES = ("couverture_collective", "temps_partiel", "css", "couverture_collective")
CASE_DAYS_LEFT = (45, 400)  # an END_DATE dispense still holds this many days after the load


@dataclass(frozen=True)
class Registration:
    """An employee's registration on one contract, with its option, from ``start``; ``withdrawn``: the
    santé registration a dispense withdrew before it opened (``services.dispense_cover``), covering no day."""

    contract_id: int
    option_id: int | None
    start: date
    withdrawn: bool = False


@dataclass(frozen=True)
class AcceptedDispense:
    """The dispense HR accepted for a dispensed employee: its case, its end (or next proof) date."""

    case: str
    ends_on: date | None


def add_employee(
    ctx: Context,
    buf: RowBuffer,
    plans: CompanyPlans,
    *,
    person: Person,
    member_id: int | None,
    nir: str | None,
    email: str | None,
    status: AffiliationStatus,
    adhesion: date,
    option_id: int | None,
    radiated_on: date | None = None,
    reason: str | None = None,
    invited_at: datetime | None = None,
    hired_on: date | None = None,
    personnel_category: str = ALL_STAFF,
    portability_end: date | None = None,
    registrations: Sequence[Registration] | None = None,
    answered: bool = False,
    beneficiary_ids: Sequence[int] = (),
) -> int:
    """An employee row and their contract registrations, as the services leave them: by default, once
    affiliated (a member file, affiliated or since radiated), on the santé (``option_id``) and prévoyance
    contracts from ``adhesion``; still to affiliate, on both as the pré-affiliation registers them (santé
    without option); dispensed from the santé plan, with the request HR accepted (one of ``ACCEPTED_CASES``)
    and the santé registration it withdrew (``services.dispense_cover``), so HR reads the prévoyance alone.
    Every employee went through HR's pré-affiliation, which requires the NIR: one is made up
    (``employee_nir``) when ``nir`` is ``None``. ``invited_at`` defaults to five days before ``adhesion``,
    ``hired_on`` to up to two months before.

    A former employee (``radiated_on``) is radiated as ``services.radiation.radiate`` does it
    (``_radiation``): one without member file left before affiliating, covered by the prévoyance alone; the
    portabilité (its end ``portability_end``, by default the law's: ``portability_for``) maintains what
    covered them; each registration ends with its kind's cover (the member's beneficiaries,
    ``beneficiary_ids``, were given the santé's end with their member file), and the radiation's memory is
    kept so that HR may cancel it within 30 days (``services.radiation_cancellation``).
    An ``answered`` invitation (a dispense request sent, or accepted) is cleared, as the real flow clears
    it: HR reads the request, not « à relancer »."""
    employee_id = ctx.ids.take(T["employees"])
    invited = invited_at or datetime.combine(
        adhesion, datetime.min.time(), tzinfo=ctx.now.tzinfo
    ) - timedelta(days=5)
    affiliated = status in COVERED and member_id is not None
    exempted = status == AffiliationStatus.EXEMPTED
    hired = hired_on or adhesion - timedelta(days=ctx.rng.randint(0, 60))
    radiation = None
    if radiated_on is not None and reason is not None:
        if status == AffiliationStatus.PORTABILITY and portability_end is None:
            hired = min(hired, add_months(radiated_on, -MAX_MONTHS))  # a portabilité still running
        radiation = _radiation(employee_id, hired, radiated_on, reason, portability_end, health=affiliated)
    portability = radiation.portability if radiation else None
    hr = ctx.hr_authors.get(plans.company_id, SERVICE_HR)
    # « Suivi de l'affiliation », as HR chose it at the pré-affiliation: its dispense requests to HR's address
    follow_up = ctx.hr_addresses.get(plans.company_id)
    buf.add(
        T["employees"],
        {
            "id": employee_id,
            "company_id": plans.company_id,
            "member_id": member_id,
            "civility": person.civility,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "birth_date": person.birth,
            "nir_enc": nir or encrypt_field(employee_nir(employee_id, person)),
            "email": email,
            "personnel_category": personnel_category,
            "hired_on": hired,
            # the first day of cover the pré-affiliation records, where the registrations start
            "cover_start_on": adhesion,
            "dispense_email": follow_up,
            "invited_by_account_id": hr.account_id if follow_up else None,
            "status": status,
            "invited_at": None if answered or exempted else invited,
            "last_reminder_at": None,
            "affiliated_on": adhesion if affiliated else None,
            "radiated_on": radiated_on,
            "radiation_reason": reason,
            "portability_end_on": portability.ends_on if portability else None,
            "created_at": ctx.now,
        },
    )
    accepted = None
    if exempted:
        sent, decided = (min(invited + timedelta(days=days), ctx.now) for days in (1, 3))
        accepted = _drawn_dispense(ctx, employee_id, decided.date())
        _add_accepted_dispense(ctx, buf, employee_id, accepted, sent=sent, at=decided, by=hr)
    steps = _history(ctx, status, invited, adhesion if affiliated else None, radiated_on, accepted, hr)
    step_ids = [_add_step(ctx, buf, employee_id, step) for step in steps]
    if registrations is None:
        provident = Registration(plans.provident_contract_id, plans.provident_option_id, adhesion)
        if affiliated:
            registrations = [Registration(plans.health_contract_id, option_id, adhesion), provident]
        else:  # pré-affiliated: santé without option (withdrawn by a dispense), prévoyance
            registrations = [Registration(plans.health_contract_id, None, adhesion, exempted), provident]
    ended = _add_registrations(ctx, buf, plans, employee_id, registrations, radiation)
    if radiation is not None:
        told = bool(email) and radiation.reason != DepartureReason.DEATH
        member_rows = (member_id, beneficiary_ids) if member_id is not None else None
        _remember_radiation(
            ctx, buf, radiation, steps[-1], step_ids[-1], member=member_rows, ended=ended, told=told
        )
    return employee_id


def _add_registrations(
    ctx: Context,
    buf: RowBuffer,
    plans: CompanyPlans,
    employee_id: int,
    registrations: Sequence[Registration],
    radiation: Radiation | None,
) -> list[tuple[int, date]]:
    """The employee's registrations, open unless a dispense withdrew one or the ``radiation`` ended them at
    their kind's cover end (``Radiation.cover_end``); returns (id, end) of those the radiation ended."""
    ended: list[tuple[int, date]] = []
    for registration in registrations:
        registration_id = ctx.ids.take(T["employee_contracts"])
        end = None
        if registration.withdrawn:
            end = registration.start - timedelta(days=1)
        elif radiation is not None:
            health = registration.contract_id == plans.health_contract_id
            end = radiation.cover_end(ContractKind.SANTE if health else ContractKind.PREVOYANCE)
            ended.append((registration_id, end))
        buf.add(
            T["employee_contracts"],
            {
                "id": registration_id,
                "employee_id": employee_id,
                "contract_id": registration.contract_id,
                "option_id": registration.option_id,
                "start_date": registration.start,
                "end_date": end,
            },
        )
    return ended


def _radiation(
    employee_id: int,
    hired_on: date,
    left_on: date,
    reason: str,
    portability_end: date | None,
    *,
    health: bool,
) -> Radiation:
    """What ``services.radiation`` decides for a demo employee leaving on ``left_on``: the portabilité the
    motif opens (ending on ``portability_end`` when the caller drew it), of the santé when ``health`` (a
    member file) and of the prévoyance every demo employee is registered on from their first covered day."""
    motif = DepartureReason(reason)
    portability = portability_for(hired_on=hired_on, left_on=left_on, reason=motif, covered=True)
    if portability is not None and portability_end is not None:
        portability = replace(portability, ends_on=portability_end)
    return Radiation(employee_id, left_on, motif, portability, health=health, provident=True)


def _remember_radiation(
    ctx: Context,
    buf: RowBuffer,
    radiation: Radiation,
    step: Step,
    step_id: int,
    *,
    member: tuple[int, Sequence[int]] | None,
    ended: list[tuple[int, date]],
    told: bool,
) -> None:
    """The memory ``radiation.radiate`` keeps (``models.radiation``): the status before (affiliated with a
    member file, still to affiliate without), no departure before, the registrations it ended (``ended``,
    open until then), and of the ``member`` (id, beneficiaries' ids) the radiation date it set and the
    beneficiaries it ended, on the santé's last covered day."""
    record_id = ctx.ids.take(T["radiation_records"])
    health_end = radiation.cover_end(ContractKind.SANTE)
    buf.add(
        T["radiation_records"],
        {
            "id": record_id,
            "employee_id": radiation.employee_id,
            "status_change_id": step_id,
            "previous_status": AffiliationStatus.AFFILIATED
            if radiation.health
            else AffiliationStatus.PENDING,
            "previous_radiated_on": None,
            "previous_radiation_reason": None,
            "previous_portability_end_on": None,
            "member_id": member[0] if member else None,
            "previous_member_radiation_date": None,
            "member_radiation_date": health_end if member else None,
            "employee_told": told,
            "recorded_at": step.at,
            "cancelled_at": None,
            "cancellation_change_id": None,
        },
    )
    closed = [("employee_contract_id", row_id, end) for row_id, end in ended]
    closed += [("beneficiary_id", row_id, health_end) for row_id in (member[1] if member else ())]
    for points_at, row_id, end in closed:
        buf.add(
            T["radiation_closed_rows"],
            {
                "id": ctx.ids.take(T["radiation_closed_rows"]),
                "radiation_id": record_id,
                "employee_contract_id": None,
                "beneficiary_id": None,
                "dispense_request_id": None,
                points_at: row_id,
                "previous_end_date": None,
                "end_date": end,
            },
        )


def _drawn_dispense(ctx: Context, employee_id: int, decided_on: date) -> AcceptedDispense:
    """One of ``ACCEPTED_CASES`` by ``employee_id``, still holding at the load: a yearly proof due on the
    next anniversary of the decision, an end date within ``CASE_DAYS_LEFT``."""
    case = CASES[ACCEPTED_CASES[employee_id % len(ACCEPTED_CASES)]]
    if case.end == EndKind.NONE:
        return AcceptedDispense(case.code, None)
    if case.end == EndKind.YEARLY_PROOF:
        due = add_months(decided_on, 12)
        while due <= ctx.today:
            due = add_months(due, 12)
        return AcceptedDispense(case.code, due)
    low, high = CASE_DAYS_LEFT
    return AcceptedDispense(case.code, ctx.today + timedelta(days=low + employee_id % (high - low)))


def _add_accepted_dispense(
    ctx: Context,
    buf: RowBuffer,
    employee_id: int,
    dispense: AcceptedDispense,
    *,
    sent: datetime,
    at: datetime,
    by: StatusAuthor,
) -> None:
    """The request the employee sent (its proof, or their sworn statement, a PDF in private storage) and
    HR (``by``) accepted at ``at``, as ``dispense_requests.submit`` then ``dispense_decisions.accept`` leave
    it."""
    case = CASES[dispense.case]
    sworn = case.proof == ProofKind.SWORN_STATEMENT
    stored = store_pdf(ctx, _proof_pdf(ctx, case.label, sworn), SWORN_NAME if sworn else PROOF_NAME)
    buf.add(
        T["dispense_requests"],
        {
            "id": ctx.ids.take(T["dispense_requests"]),
            "employee_id": employee_id,
            "case": case.code,
            "ends_on": dispense.ends_on,
            "sworn_statement": sworn,
            "proof_name": stored.original_name,
            "proof_storage_key": stored.storage_key,
            "proof_content_type": stored.content_type,
            "decision": DispenseDecision.ACCEPTED,
            "decided_by_account_id": by.account_id,
            "decided_at": at,
            "refusal_reason": None,
            "created_at": sent,
        },
    )


PROOF_NAME = "justificatif-dispense.pdf"
SWORN_NAME = "attestation-sur-l-honneur.pdf"


def _proof_pdf(ctx: Context, case_label: str, sworn: bool) -> bytes:
    """One PDF a case for the whole load (drawing one takes milliseconds; each request stores its copy)."""
    if case_label not in ctx.dispense_proofs:
        title = "Attestation sur l'honneur" if sworn else "Justificatif de dispense d'affiliation"
        ctx.dispense_proofs[case_label] = draw_pdf(
            title=title,
            subtitle=["Joint à la demande de dispense d'affiliation (données de démonstration)"],
            blocks=[f"Cas de dispense : {case_label}."],
        )
    return ctx.dispense_proofs[case_label]


SERVICE_HR = StatusAuthor(None, "Service RH (RH)")  # HR of a structure without a demo login
REQUEST_SENT = "Demande de dispense envoyée"  # the note ``dispense_requests.submit`` keeps


@dataclass(frozen=True)
class Step:
    """One row of an employee's status history."""

    status: AffiliationStatus
    effective_on: date
    at: datetime
    by: StatusAuthor
    note: str


def _history(
    ctx: Context,
    status: AffiliationStatus,
    invited: datetime,
    affiliated_on: date | None,
    radiated_on: date | None,
    dispense: AcceptedDispense | None,
    hr: StatusAuthor,
) -> list[Step]:
    """The status history the fiche salarié(e) shows: HR's pré-affiliation when the invitation left, then
    what followed: the employee's affiliation on ``affiliated_on`` (none for one who never had a member
    file); their dispense request a day later and HR's acceptance two days after, with its end and case as
    ``dispense_decisions.accept`` words it; HR's radiation (with or without portabilité) on
    ``radiated_on``. Nothing is recorded after the load's clock."""
    steps = [Step(AffiliationStatus.PENDING, invited.date(), invited, hr, "Pré-affiliation")]
    if affiliated_on is not None:
        at = datetime.combine(affiliated_on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=10)
        steps.append(
            Step(AffiliationStatus.AFFILIATED, affiliated_on, max(at, invited), THE_EMPLOYEE, "Affiliation")
        )
    if dispense is not None:
        case = CASES[dispense.case]
        until = f" jusqu'au {format_short_date(dispense.ends_on)}" if dispense.ends_on else ""
        sent, decided = (min(invited + timedelta(days=days), ctx.now) for days in (1, 3))
        steps.append(Step(AffiliationStatus.PENDING, sent.date(), sent, THE_EMPLOYEE, REQUEST_SENT))
        accepted = f"Dispense acceptée{until} : {case.label}"[:255]
        steps.append(Step(AffiliationStatus.EXEMPTED, decided.date(), decided, hr, accepted))
    if status in (AffiliationStatus.RADIATED, AffiliationStatus.PORTABILITY) and radiated_on is not None:
        at = datetime.combine(radiated_on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
        steps.append(Step(status, radiated_on, at, hr, "Radiation"))
    return [replace(step, at=min(step.at, ctx.now)) for step in steps]


def _add_step(ctx: Context, buf: RowBuffer, employee_id: int, step: Step) -> int:
    step_id = ctx.ids.take(T["employee_status_changes"])
    buf.add(
        T["employee_status_changes"],
        {
            "id": step_id,
            "employee_id": employee_id,
            "status": step.status,
            "effective_on": step.effective_on,
            "recorded_at": step.at,
            "by_account_id": step.by.account_id,
            "by_label": step.by.label,
            "note": step.note,
        },
    )
    return step_id


def add_sick_leave(
    ctx: Context,
    buf: RowBuffer,
    *,
    company_id: int,
    employee_id: int,
    contract_id: int,
    reference: str,
    reason: str,
    start: date,
    days: int | None,
    daily: Decimal,
) -> None:
    """An arrêt de travail (``days`` ``None``: still running) and its monthly indemnités journalières."""
    leave_id = ctx.ids.take(T["sick_leaves"])
    end = None if days is None else start + timedelta(days=days - 1)
    buf.add(
        T["sick_leaves"],
        {
            "id": leave_id,
            "company_id": company_id,
            "employee_id": employee_id,
            "contract_id": contract_id,
            "reference": reference,
            "reason": reason,
            "start_date": start,
            "end_date": end,
            "waiting_days": 3,
            "status": "en_cours" if end is None or end >= ctx.today else "cloture",
            "created_at": ctx.now,
        },
    )
    period_start = start + timedelta(days=3)
    last_day = min(end or ctx.today, ctx.today - timedelta(days=7))
    number = 1
    while period_start <= last_day:
        period_end = min(period_start + timedelta(days=29), last_day)
        _add_allowance(ctx, buf, leave_id, f"{reference}-{number:02d}", period_start, period_end, daily)
        period_start, number = period_end + timedelta(days=1), number + 1


def _add_allowance(
    ctx: Context, buf: RowBuffer, leave_id: int, number: str, start: date, end: date, daily: Decimal
) -> None:
    days = (end - start).days + 1
    gross = money(daily * days)
    charges = money(gross * Decimal("0.067"))  # CSG (6,2 %) and CRDS (0,5 %) on indemnités journalières
    buf.add(
        T["daily_allowances"],
        {
            "id": ctx.ids.take(T["daily_allowances"]),
            "sick_leave_id": leave_id,
            "statement_number": number,
            "period_start": start,
            "period_end": end,
            "days": days,
            "daily_amount": daily,
            "gross_amount": gross,
            "social_charges": charges,
            "net_amount": gross - charges,
            "paid_on": end + timedelta(days=5),
        },
    )


def add_dispense_request(
    ctx: Context, buf: RowBuffer, *, employee_id: int, spec: DispenseRequestSpec
) -> None:
    """A dispense request « demandée » with its proof, a one-page PDF in private storage."""
    proof = draw_pdf(
        title=spec.proof_title,
        subtitle=["Justificatif joint à la demande de dispense d'affiliation (données de démonstration)"],
        blocks=[
            f"Droits ouverts jusqu'au {format_short_date(ctx.today + timedelta(days=spec.ends_in_days))}."
        ],
    )
    stored = store_pdf(ctx, proof, PROOF_NAME)
    sent = ctx.now - timedelta(days=spec.sent_days_ago, hours=1)
    buf.add(
        T["dispense_requests"],
        {
            "id": ctx.ids.take(T["dispense_requests"]),
            "employee_id": employee_id,
            "case": spec.case,
            "ends_on": ctx.today + timedelta(days=spec.ends_in_days),
            "sworn_statement": False,
            "proof_name": stored.original_name,
            "proof_storage_key": stored.storage_key,
            "proof_content_type": stored.content_type,
            "decision": DispenseDecision.REQUESTED,
            "decided_by_account_id": None,
            "decided_at": None,
            "refusal_reason": None,
            "created_at": sent,
        },
    )
    _add_step(
        ctx, buf, employee_id, Step(AffiliationStatus.PENDING, sent.date(), sent, THE_EMPLOYEE, REQUEST_SENT)
    )
