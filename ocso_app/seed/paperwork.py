"""The persona companies' paperwork, written once their employees are: quarterly bordereaux counted from the
registrations actually written (headcount and amount due), the descriptif de garanties and notice
d'information of every contract, company documents (bordereaux d'appel, courriers) as stored PDFs, and the
guide RH and guide salarié(e) every employer reads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import Row, select

from ocso_app.models import ContractKind, DocumentCategory
from ocso_app.seed.context import Context
from ocso_app.seed.data import personas as data
from ocso_app.seed.data import population as shape
from ocso_app.seed.data.guides import GUIDES
from ocso_app.seed.personas import PersonaResult
from ocso_app.seed.rows import RowBuffer, T
from ocso_app.seed.writers.companies import (
    add_contribution,
    contribution_reference,
    quarter_end,
    quarter_start,
)
from ocso_app.seed.writers.documents import (
    Block,
    PdfTable,
    add_contract_document,
    add_document,
    add_employer_guide,
    draw_pdf,
)
from ocso_app.services.care_catalog import ZERO, money
from ocso_app.services.formats import format_long_date, format_money, format_short_date

MORNING = time(8, 30)
PORTABILITY = (
    "Portabilité (article L911-8 du Code de la sécurité sociale) : si votre contrat de travail prend fin et "
    "ouvre droit à l'assurance chômage (sauf faute lourde), vous restez couvert gratuitement pendant la "
    "durée de votre dernier contrat, arrondie au mois supérieur, dans la limite de 12 mois."
)
BASE_NOTE = (
    "BR : base de remboursement de la Sécurité sociale. Les remboursements s'entendent Sécurité sociale "
    "incluse, dans la limite des frais réels."
)
SALARY_NOTE = (
    "Le salaire de référence est le salaire brut des douze mois précédant l'arrêt de travail ou le décès, "
    "limité aux tranches A et B. Les indemnités journalières complètent celles de la Sécurité sociale."
)
DISPENSES = (
    "Dispenses d'affiliation (article D911-2) : vous pouvez demander à être dispensé si vous êtes déjà "
    "couvert à titre obligatoire, y compris comme ayant droit, si vous bénéficiez de la complémentaire santé "
    "solidaire, ou si votre contrat à durée déterminée couvre moins de trois mois. La demande, écrite, est "
    "accompagnée d'un justificatif."
)


@dataclass(frozen=True)
class Registration:
    """An employee's registration on a contract, as the bordereaux count it."""

    start: date
    end: date | None
    radiated_on: date | None
    monthly: Decimal


@dataclass(frozen=True)
class Bordereau:
    """A bordereau as written, for its bordereau d'appel PDF."""

    company: str
    contract_label: str
    reference: str
    period_start: date
    headcount: int
    amount_due: Decimal
    due_on: date
    late: bool


def add_paperwork(ctx: Context, buf: RowBuffer, personas: PersonaResult) -> None:
    """Bordereaux, contract documents and company documents of every persona company (flushes first, so
    that the registrations it counts are in the database, and at the end)."""
    buf.flush()
    bordereaux = _add_bordereaux(ctx, buf, personas)
    _add_contract_documents(ctx, buf, personas)
    _add_company_documents(ctx, buf, personas, bordereaux)
    _add_employer_guides(ctx, buf)
    buf.flush()


def _at(ctx: Context, day: date) -> datetime:
    """A morning of ``day`` in the load's time zone, never after the load's clock."""
    return min(datetime.combine(day, MORNING, ctx.now.tzinfo), ctx.now)


def _add_employer_guides(ctx: Context, buf: RowBuffer) -> None:
    """The guides of every employer (Documents › Guides et tutoriels), published a month before the load."""
    published = _at(ctx, ctx.today - timedelta(days=30))
    for spec in GUIDES:
        pdf = draw_pdf(title=spec.title, subtitle=spec.subtitle, blocks=spec.blocks)
        add_employer_guide(ctx, buf, kind=spec.kind, title=spec.title, pdf=pdf, published_at=published)


# --- bordereaux


def _contracts(personas: PersonaResult, key: str) -> list[tuple[str, int, date]]:
    """(reference letter, contract id, first day) of a structure's billed contracts."""
    plans = personas.plans[key]
    contracts = [
        ("S", plans.health_contract_id, plans.start),
        ("P", plans.provident_contract_id, plans.start),
    ]
    executives = personas.executives.get(key)
    if executives:
        contracts.append(("C", executives.contract_id, executives.start))
    return contracts


def _registrations(ctx: Context, company_ids: Sequence[int]) -> dict[int, list[Registration]]:
    """Every registration on the companies' contracts with its monthly contribution, by contract: the base
    plan's, plus the option's for those who chose one (precompted by the employer)."""
    ec, employee, option = T["employee_contracts"], T["employees"], T["contract_options"]
    base_plans = select(option.c.contract_id, option.c.monthly_contribution).where(option.c.is_base.is_(True))
    base = {contract_id: Decimal(monthly) for contract_id, monthly in ctx.conn.execute(base_plans)}
    rows = ctx.conn.execute(
        select(
            ec.c.contract_id,
            ec.c.start_date,
            ec.c.end_date,
            employee.c.radiated_on,
            option.c.is_base,
            option.c.monthly_contribution,
        )
        .join(employee, employee.c.id == ec.c.employee_id)
        .join(option, option.c.id == ec.c.option_id)
        .where(employee.c.company_id.in_(company_ids))
    )
    by_contract: dict[int, list[Registration]] = defaultdict(list)
    for row in rows:
        monthly = base[row.contract_id] + (ZERO if row.is_base else Decimal(row.monthly_contribution))
        registration = Registration(row.start_date, row.end_date, row.radiated_on, monthly)
        by_contract[row.contract_id].append(registration)
    return by_contract


def _billed(registrations: list[Registration], start: date, end: date) -> tuple[int, Decimal]:
    """Headcount and amount of a quarter: registrations in force during it, less former employees whose
    portabilité (free for them, mutualised) covers the whole quarter."""
    billed = [
        r
        for r in registrations
        if r.start <= end
        and (r.end is None or r.end >= start)
        and (r.radiated_on is None or r.radiated_on >= start)
    ]
    return len(billed), money(sum((r.monthly * 3 for r in billed), ZERO))


def _add_bordereaux(ctx: Context, buf: RowBuffer, personas: PersonaResult) -> list[Bordereau]:
    """The last :data:`~ocso_app.seed.data.population.CONTRIBUTION_QUARTERS` quarters of each contract in
    force, counted from its registrations: paid once due, still to pay before, except the latest past-due
    one of the late contract, unpaid (late is read from the dates: « à payer » after its due date)."""
    registrations = _registrations(ctx, [plans.company_id for plans in personas.plans.values()])
    written: list[Bordereau] = []
    for spec in data.COMPANIES:
        for letter, contract_id, contract_start in _contracts(personas, spec.key):
            late_pending = (spec.key, letter) == shape.LATE_CONTRIBUTION
            for back in range(shape.CONTRIBUTION_QUARTERS):  # latest first, to find the late one
                period_start = quarter_start(ctx.today, back)
                if period_start < contract_start:
                    break
                headcount, due = _billed(registrations[contract_id], period_start, quarter_end(period_start))
                if not headcount:
                    continue
                due_on = quarter_end(period_start) + timedelta(days=shape.CONTRIBUTION_DUE_DAYS)
                overdue = due_on < ctx.today
                unpaid = not overdue or late_pending
                late_pending = late_pending and not overdue
                reference = contribution_reference(spec.contribution_prefix, letter, period_start)
                add_contribution(
                    ctx,
                    buf,
                    company_id=personas.plans[spec.key].company_id,
                    contract_id=contract_id,
                    reference=reference,
                    period_start=period_start,
                    headcount=headcount,
                    amounts=(due, ZERO if unpaid else due),
                    due_on=due_on,
                    status=shape.TO_PAY if unpaid else shape.PAID,
                )
                label = _CONTRACT_LABELS[letter]
                written.append(
                    Bordereau(
                        spec.key, label, reference, period_start, headcount, due, due_on, overdue and unpaid
                    )
                )
    return written


_CONTRACT_LABELS = {"S": "Frais de santé", "P": "Prévoyance", "C": "Prévoyance Cadres"}


# --- contract documents


def _company_lines(spec: data.CompanySpec) -> list[str]:
    return [spec.name, f"Numéro client {spec.client_number} – SIREN {spec.siren}"]


def _add_contract_documents(ctx: Context, buf: RowBuffer, personas: PersonaResult) -> None:
    """A descriptif de garanties and a notice d'information for every contract of the persona companies."""
    contract, option, guarantee = T["contracts"], T["contract_options"], T["guarantees"]
    specs = {personas.plans[spec.key].company_id: spec for spec in data.COMPANIES}
    contracts = ctx.conn.execute(
        select(contract).where(contract.c.company_id.in_(specs)).order_by(contract.c.id)
    ).all()
    options = ctx.conn.execute(
        select(option).where(option.c.contract_id.in_([c.id for c in contracts])).order_by(option.c.id)
    ).all()
    rules = ctx.conn.execute(
        select(guarantee).where(guarantee.c.option_id.in_([o.id for o in options])).order_by(guarantee.c.id)
    ).all()
    for row in contracts:
        spec = specs[row.company_id]
        own_options = [o for o in options if o.contract_id == row.id]
        published = _at(ctx, row.signed_on or ctx.today - timedelta(days=10))
        header = [*_company_lines(spec), f"Contrat n° {row.number} – {row.label}"]
        add_contract_document(
            ctx,
            buf,
            contract_id=row.id,
            title=shape.GUARANTEES_TITLE,
            pdf=draw_pdf(
                title=f"{shape.GUARANTEES_TITLE} – {row.label}",
                subtitle=header,
                blocks=_guarantee_blocks(own_options, rules, health=row.kind == ContractKind.SANTE),
            ),
            published_at=published,
        )
        add_contract_document(
            ctx,
            buf,
            contract_id=row.id,
            title=shape.NOTICE_TITLE,
            pdf=draw_pdf(
                title=f"{shape.NOTICE_TITLE} – {row.label}",
                subtitle=header,
                blocks=_notice_blocks(row, spec),
            ),
            published_at=published,
        )


def _guarantee_blocks(options: list[Row], rules: list[Row], *, health: bool) -> list[Block]:
    blocks: list[Block] = []
    for option in options:
        monthly = format_money(Decimal(option.monthly_contribution))
        extra = "" if option.is_base else ", en plus de la formule de base"
        blocks.append(f"{option.label} : cotisation mensuelle de {monthly} par salarié{extra}.")
        lines = [(r.label, r.rule) for r in rules if r.option_id == option.id]
        blocks.append(PdfTable(("Garantie", "Prise en charge"), lines, (95, 79)))
    blocks.append(BASE_NOTE if health else SALARY_NOTE)
    return blocks


def _notice_blocks(row: Row, spec: data.CompanySpec) -> list[Block]:
    health = row.kind == ContractKind.SANTE
    cover = "vos frais de santé" if health else "les risques incapacité de travail, invalidité et décès"
    signed = (
        f"Contrat signé le {format_long_date(row.signed_on)}."
        if row.signed_on
        else "Projet de contrat : il prendra effet à réception de l'exemplaire signé."
    )
    return [
        "Cette notice vous informe sur le contrat collectif souscrit par votre employeur, "
        f"{spec.name}, auprès de {row.insurer} par l'intermédiaire d'OCSO, pour couvrir {cover}.",
        f"Salariés concernés : {row.personnel_category.lower()}. Date d'effet : "
        f"{format_long_date(row.start_date)}. {signed}",
        f"Cotisations : l'employeur en prend en charge {Decimal(row.employer_share_percent):.0f} %, le reste "
        "est précompté sur votre bulletin de paie.",
        PORTABILITY,
        *([DISPENSES] if health else []),
        "Pour toute question : support@ocso.fr ou 05 56 34 36 66, du lundi au vendredi de 9 h à 17 h.",
    ]


# --- company documents


def _add_company_documents(
    ctx: Context, buf: RowBuffer, personas: PersonaResult, bordereaux: list[Bordereau]
) -> None:
    """The bordereaux d'appel of the last quarters (the latest unread), a reminder of the late bordereau
    and the courriers of the data."""
    specs = {spec.key: spec for spec in data.COMPANIES}

    def publish(
        key: str,
        category: DocumentCategory,
        title: str,
        blocks: list[Block],
        at: datetime,
        read: datetime | None,
    ) -> None:
        head = _company_lines(specs[key])
        if category == DocumentCategory.MAIL:
            head.append(f"Mérignac, le {format_long_date(at.date())}")
        add_document(
            ctx,
            buf,
            company_id=personas.plans[key].company_id,
            category=category,
            title=title,
            pdf=draw_pdf(title=title, subtitle=head, blocks=blocks),
            published_at=at,
            read_at=read,
        )

    for spec in data.COMPANIES:
        for back in range(shape.CALL_DOCUMENT_QUARTERS):
            period_start = quarter_start(ctx.today, back)
            lines = [b for b in bordereaux if b.company == spec.key and b.period_start == period_start]
            if lines:
                published = _at(ctx, period_start + timedelta(days=3))
                publish(
                    spec.key,
                    DocumentCategory.CONTRIBUTION,
                    f"Bordereau d'appel de cotisations – {_quarter(period_start)} – {spec.short_name}",
                    _call_blocks(lines),
                    published,
                    published + timedelta(days=2) if back else None,
                )
    for late in (b for b in bordereaux if b.late):
        published = _at(ctx, late.due_on + timedelta(days=shape.REMINDER_AFTER_DAYS))
        publish(
            late.company,
            DocumentCategory.MAIL,
            shape.REMINDER_TITLE,
            _reminder(late),
            published,
            None,
        )
    for spec in data.COMPANIES:
        for title, paragraphs in shape.COMPANY_GUIDES:
            published = _at(ctx, ctx.today - timedelta(days=45))
            publish(spec.key, DocumentCategory.HELP, title, list(paragraphs), published, published)
    for letter in shape.COMPANY_LETTERS:
        published = ctx.now - timedelta(days=letter.days_ago)
        publish(
            letter.company,
            DocumentCategory.MAIL,
            letter.title,
            list(letter.paragraphs),
            published,
            min(published + timedelta(days=1), ctx.now) if letter.read else None,
        )


def _reminder(late: Bordereau) -> list[Block]:
    return [
        "Madame, Monsieur,",
        f"Sauf erreur de notre part, le bordereau {late.reference} ({late.contract_label}, "
        f"{_quarter(late.period_start)}) "
        f"d'un montant de {format_money(late.amount_due)}, échu le {format_long_date(late.due_on)}, n'a pas "
        "encore été réglé. Nous vous remercions de procéder à son règlement dans les meilleurs délais.",
        "Si votre règlement a été effectué entre-temps, merci de ne pas tenir compte de ce courrier.",
    ]


def _quarter(start: date) -> str:
    return f"{start.month // 3 + 1}e trimestre {start.year}"


def _call_blocks(lines: list[Bordereau]) -> list[Block]:
    total = money(sum((b.amount_due for b in lines), ZERO))
    rows = [
        (
            b.reference,
            b.contract_label,
            str(b.headcount),
            format_short_date(b.due_on),
            format_money(b.amount_due),
        )
        for b in lines
    ]
    rows.append(("Total du trimestre", "", "", "", format_money(total)))
    return [
        "Voici l'appel de cotisations du trimestre pour vos contrats collectifs, calculé sur les salariés "
        "inscrits. Merci de nous signaler toute entrée ou sortie d'effectif non déclarée.",
        PdfTable(
            ("Référence", "Contrat", "Effectif", "Échéance", "Montant dû"),
            rows,
            (38, 40, 22, 32, 42),
            amounts=True,
        ),
        "Règlement par virement (référence du bordereau en libellé) ou depuis la rubrique Démarches de votre "
        "Espace Employeur.",
    ]
