"""Radiation of an employee (guide 003): « Lors de la radiation, la portabilité est activée en fonction du
motif de départ. Un email est envoyé au salarié(e) l'informant de sa radiation, et le cas échéant, des
modalités de portabilité. Les droits sont gelés à partir de la date indiquée. »

``radiate`` records the departure (date de sortie = the last day worked, and the motif), opens the portabilité
the law gives (``services.portability``), freezes the rights (the member's cover, beneficiaries and tiers
payant card end at the radiation date, or at the portabilité's end), keeps the status change with its author,
writes the audit rows (the structure's, and the member's for their Mon historique: ``employer_changes``) and
e-mails the employee. It also gives HR the wording for the certificat de travail.
What it changes is kept (``models.radiation``): HR may cancel it within 30 days
(``services.radiation_cancellation``).

The portabilité maintains the health AND the prévoyance guarantees (décès, incapacité, invalidité) in force
on the last day worked (art. L911-8). So a contract registration's end date always means one thing: the last
day the employee (or former employee) is covered by that contract. Every registration running past the end
of its kind's cover ends on that day: the portabilité's last day for a kind it maintains, the date de sortie
otherwise; one that was to end earlier keeps its own end (the portabilité maintains the cover as it was, not
longer). One rule for both kinds rather than prévoyance alone: a santé registration ended on the date de
sortie while the card runs months longer would make the Assurés list, its export and the fiche show no
contract (« — ») for an employee en portabilité, unlike the demo data, the tests' builders and the
bordereaux, which all read a registration as running to the portabilité's end.

What the portabilité maintains is what covered the employee on the date de sortie, each kind on its own:
- santé: affiliated, with a member file, from a day not after it (the card, the beneficiaries);
- prévoyance: a registration on a signed prévoyance contract in force that day, whatever the santé
  situation. Prévoyance has no dispense (it is usually compulsory, for cadres above all), so an employee
  dispensed from the santé plan, or affiliated to prévoyance alone, is covered by it and keeps it: their
  portabilité is of the prévoyance only. Their santé registration (the one the pré-affiliation leaves without
  option) was withdrawn by the dispense and covers no day (``services.dispense_cover``): the radiation leaves
  it as it is, there is no member radiation date nor card to change, and the notices name the prévoyance
  alone.
A former employee whose portabilité maintains anything, prévoyance only included, is « en portabilité »: it is
the status HR filters on to follow the proofs of unemployment benefits and the end date, that the daily job
ends, and that the list, its export, the fiche and the attestation show with its end date; « radié(e) »
would hide a former employee still covered.
The daily job that ends a portabilité changes only the status: the registrations already end on its last day.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from ocso_app.models import (
    AffiliationStatus,
    Beneficiary,
    Contract,
    ContractKind,
    Employee,
    EmployeeContract,
    Member,
    RadiationClosedRow,
    RadiationRecord,
)
from ocso_app.services import audit, employer_changes
from ocso_app.services.employee_status import StatusAuthor, change_status, waiting_dispenses
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_short_date
from ocso_app.services.mail import send_after_commit
from ocso_app.services.pdf_drawing import OCSO_ADDRESS
from ocso_app.services.periods import FIRST_YEAR
from ocso_app.services.portability import (
    REASON_LABELS,
    DepartureReason,
    Portability,
    months_started,
    portability_for,
)

# How far ahead HR may record a known departure, and how far back a forgotten one.
MAX_AHEAD = timedelta(days=92)
MAX_BEHIND = timedelta(days=366)
EVENT_TYPE = "Radiation"  # the audit rows of a radiation and of its end (a portabilité's, by the daily job)

ALREADY_RADIATED = "Ce(tte) salarié(e) est déjà radié(e)."
UNKNOWN_REASON = "Choisissez le motif de départ dans la liste."
TOO_FAR_AHEAD = "La date de sortie ne peut pas être à plus de 3 mois dans le futur."
TOO_FAR_BEHIND = "La date de sortie ne peut pas remonter à plus d'un an : contactez votre interlocuteur OCSO."
BEFORE_COVER = "La date de sortie ne peut pas précéder la date d'embauche."


class RadiationRefused(OcsoError):
    """The radiation cannot be recorded as typed; nothing was written."""


@dataclass(frozen=True)
class Radiation:
    """What a radiation decided: the last day worked, the motif, the portabilité if any, what covered the
    employee on the last day worked (santé, prévoyance: what the portabilité maintains and the notices name)
    and the sentence HR puts on the certificat de travail."""

    employee_id: int
    left_on: date
    reason: DepartureReason
    portability: Portability | None
    # covered by the santé contract on the last day worked (affiliated, a member)
    health: bool = True
    # registered on a signed prévoyance contract on the last day worked
    provident: bool = False
    # the employee's civility (« Mme », « M. »): the certificat's mention speaks of la salariée, le salarié
    civility: str = ""

    @property
    def covered(self) -> bool:
        """Covered by a contract on the last day worked: if not, no portabilité whatever the motif."""
        return self.health or self.provident

    @property
    def guarantees(self) -> str:
        """The guarantees the notices name, maintained or not: « santé », « santé et prévoyance » or
        « prévoyance » (« santé » for an employee covered by nothing: their notices name no guarantee)."""
        if self.provident:
            return "santé et prévoyance" if self.health else "prévoyance"
        return "santé"

    @property
    def rights_end(self) -> date:
        """The last day the former employee is covered by anything."""
        return self.portability.ends_on if self.portability else self.left_on

    def cover_end(self, kind: ContractKind) -> date:
        """The last day of the cover of ``kind``: the portabilité's when it maintains it, the date de sortie
        otherwise (the member's cover and card follow the santé's)."""
        maintained = self.provident if kind == ContractKind.PREVOYANCE else self.health
        return self.rights_end if maintained else self.left_on

    @property
    def outcome(self) -> str:
        """What the radiation does to the cover, in the radiation dialog's plan."""
        if self.portability is not None:
            return (
                f"Portabilité ({self.guarantees}) jusqu'au {format_short_date(self.portability.ends_on)} "
                f"({self.portability.months} mois)"
            )
        if not self.covered:
            return "Pas de portabilité : non couvert(e) à cette date"
        return f"Pas de portabilité : droits jusqu'au {format_short_date(self.left_on)}"

    @property
    def certificate_wording(self) -> str:
        """The mention for the certificat de travail (art. L911-8: the employer must inform the employee)."""
        guarantees = {
            "santé et prévoyance": "frais de santé et de prévoyance",
            "prévoyance": "de prévoyance",
        }.get(self.guarantees, "frais de santé")
        she = self.civility == "Mme"
        employee = "la salariée" if she else "le salarié"
        if not self.covered:  # nothing to maintain, whatever the motif
            return (
                f"{employee.capitalize()} n'étant {'couverte' if she else 'couvert'} par aucun contrat "
                "collectif de l'entreprise à la fin de son contrat de travail, "
                f"{'elle' if she else 'il'} ne bénéficie pas de la portabilité des garanties (article L911-8 "
                "du Code de la sécurité sociale)."
            )
        if self.portability is None:
            return (
                "Le contrat de travail ayant pris fin pour le motif « "
                f"{REASON_LABELS[self.reason].lower()} », {employee} ne bénéficie pas du maintien de ses "
                f"garanties {guarantees} au titre de la portabilité (article L911-8 du Code de la sécurité "
                f"sociale). Ses droits prennent fin le {format_short_date(self.left_on)}."
            )
        period = self.portability
        start, end = format_short_date(period.starts_on), format_short_date(period.ends_on)
        return (
            f"{employee.capitalize()} bénéficie du maintien à titre gratuit de ses garanties {guarantees} au "
            f"titre de la portabilité (article L911-8 du Code de la sécurité sociale) du {start} au {end} "
            f"({period.months} mois), sous réserve de justifier auprès d'OCSO de sa prise en "
            "charge par l'assurance chômage."
        )


def check_radiation(employee: Employee, *, left_on: date, reason: str, today: date) -> DepartureReason:
    """The motif of a radiation that can be recorded; ``RadiationRefused`` with a French message otherwise."""
    if employee.status in (AffiliationStatus.RADIATED, AffiliationStatus.PORTABILITY):
        raise RadiationRefused(ALREADY_RADIATED)
    if reason not in {motif.value for motif in DepartureReason}:
        raise RadiationRefused(UNKNOWN_REASON)
    if left_on < employee.hired_on:
        raise RadiationRefused(BEFORE_COVER)
    if left_on > today + MAX_AHEAD:
        raise RadiationRefused(TOO_FAR_AHEAD)
    if left_on < today - MAX_BEHIND:
        raise RadiationRefused(TOO_FAR_BEHIND)
    return DepartureReason(reason)


def provident_on(session: Session, employee_ids: Sequence[int], day: date) -> set[int]:
    """Those of ``employee_ids`` registered on a signed prévoyance contract on ``day`` (one query): the
    portabilité maintains their prévoyance too, and what they are told says so."""
    if not employee_ids:
        return set()
    return set(
        session.scalars(
            select(EmployeeContract.employee_id)
            .join(Contract, Contract.id == EmployeeContract.contract_id)
            .where(
                EmployeeContract.employee_id.in_(employee_ids),
                Contract.kind == ContractKind.PREVOYANCE,
                Contract.signed_on.is_not(None),
                EmployeeContract.start_date <= day,
                or_(EmployeeContract.end_date.is_(None), EmployeeContract.end_date >= day),
            )
        )
    )


def _health_cover(employee: Employee, day: date) -> bool:
    """Whether ``employee`` was covered by the santé contract on ``day``: a member, affiliated from a day not
    after it (one who leaves before their cover starts has no rights opened with this employer)."""
    return employee.member_id is not None and (
        employee.affiliated_on is None or employee.affiliated_on <= day
    )


def _decide(employee: Employee, left_on: date, motif: DepartureReason, *, provident: bool) -> Radiation:
    """The portabilité the departure opens (art. L911-8: rights opened with this employer), of what covered
    the employee on their last day: santé when affiliated (``_health_cover``), prévoyance when registered on
    it that day (``provident``), whatever their santé situation."""
    health = employee.status == AffiliationStatus.AFFILIATED and _health_cover(employee, left_on)
    covered = health or provident
    portability = portability_for(hired_on=employee.hired_on, left_on=left_on, reason=motif, covered=covered)
    return Radiation(
        employee.id,
        left_on,
        motif,
        portability,
        health=health,
        provident=provident,
        civility=employee.civility,
    )


def _remember(session: Session, employee: Employee) -> RadiationRecord:
    """What the radiation is about to change on the employee, and the dispense requests it will close: kept
    so that a radiation recorded by mistake can be cancelled exactly (``services.radiation_cancellation``)."""
    return RadiationRecord(
        employee_id=employee.id,
        previous_status=employee.status,
        previous_radiated_on=employee.radiated_on,
        previous_radiation_reason=employee.radiation_reason,
        previous_portability_end_on=employee.portability_end_on,
        closed_rows=[
            RadiationClosedRow(dispense_request_id=request.id)
            for request in session.scalars(waiting_dispenses(employee.id))
        ],
    )


def _close(
    session: Session,
    rows: Select[EmployeeContract] | Select[Beneficiary],
    record: RadiationRecord,
    *,
    end: date,
    points_at: str,
) -> None:
    """End ``rows`` on ``end``, each one's previous end date kept in ``record`` (``points_at``: the column of
    ``RadiationClosedRow`` naming the row)."""
    for row in session.scalars(rows):
        kept = RadiationClosedRow(previous_end_date=row.end_date, end_date=end, **{points_at: row.id})
        record.closed_rows.append(kept)
        row.end_date = end


def _freeze_rights(
    session: Session, employee: Employee, record: RadiationRecord, radiation: Radiation
) -> str | None:
    """End the employee's contract registrations (santé and prévoyance) and the member's cover at the end
    of each kind's cover (``Radiation.cover_end``), what each had before kept in ``record``; the member's
    e-mail address, if any. A santé registration a dispense withdrew ends before it starts: it covers no
    day before as after (``dispense_cover``), and ``_health_cover`` never reads it."""
    for kind in ContractKind:
        end = radiation.cover_end(kind)
        registrations = (
            select(EmployeeContract)
            .join(Contract, Contract.id == EmployeeContract.contract_id)
            .where(
                EmployeeContract.employee_id == employee.id,
                Contract.kind == kind,
                or_(EmployeeContract.end_date.is_(None), EmployeeContract.end_date > end),
            )
        )
        _close(session, registrations, record, end=end, points_at="employee_contract_id")
    member = session.get(Member, employee.member_id) if employee.member_id else None
    if member is None:
        return None
    health_end = radiation.cover_end(ContractKind.SANTE)
    record.member_id, record.previous_member_radiation_date = member.id, member.radiation_date
    member.radiation_date = record.member_radiation_date = health_end
    beneficiaries = select(Beneficiary).where(
        Beneficiary.member_id == member.id,
        or_(Beneficiary.end_date.is_(None), Beneficiary.end_date > health_end),
    )
    _close(session, beneficiaries, record, end=health_end, points_at="beneficiary_id")
    return member.email


SUBJECT = "Fin de votre affiliation à la complémentaire santé"
SUBJECT_WITH_PROVIDENT = "Fin de votre affiliation aux contrats santé et prévoyance"
SUBJECT_PROVIDENT_ONLY = "Fin de votre affiliation au contrat de prévoyance"
SUPPORT_EMAIL = "support@ocso.fr"
POSTAL_ADDRESS = f"OCSO, {OCSO_ADDRESS}"


def notice_subject(radiation: Radiation) -> str:
    """The subject of the e-mail and the heading of the letter: the contracts the employee leaves."""
    return {"santé et prévoyance": SUBJECT_WITH_PROVIDENT, "prévoyance": SUBJECT_PROVIDENT_ONLY}.get(
        radiation.guarantees, SUBJECT
    )


def _portability_paragraphs(radiation: Radiation, portability: Portability) -> list[str]:
    """How the portabilité goes on: for a santé cover, with the beneficiaries and the card, the proofs sent
    from the Espace Santé Assuré; for the prévoyance alone, nothing of a card or care the employee never had,
    and the proofs sent by e-mail or post (they have no Espace Santé Assuré), which OCSO records for the
    employer to see (``portability_proofs``)."""
    who = ", pour vous et vos bénéficiaires" if radiation.health else ""
    where = (
        "depuis Mes démarches de votre Espace Santé Assuré"
        if radiation.health
        else f"à {SUPPORT_EMAIL} ou par courrier ({POSTAL_ADDRESS}) : nous les enregistrons et votre ancien "
        "employeur est informé de leur réception"
    )
    paragraphs = [
        f"Vous bénéficiez de la portabilité de vos garanties {radiation.guarantees} (article L911-8 du "
        f"Code de la sécurité sociale), sans cotisation, du {format_short_date(portability.starts_on)} au "
        f"{format_short_date(portability.ends_on)}{who}.",
        "Pour la conserver, envoyez-nous dès que possible votre attestation de prise en charge par "
        "l'assurance chômage (France Travail), puis chaque mois une attestation de paiement, "
        f"{where}.",
    ]
    if radiation.health:
        paragraphs.append("Votre carte de tiers payant reste valable jusqu'à la fin de la portabilité.")
    return paragraphs


def notice_paragraphs(radiation: Radiation) -> list[str]:
    """What the employee is told of their radiation (guide 003: « l'informant de sa radiation, et le cas
    échéant, des modalités de portabilité »): the e-mail's paragraphs, and the letter's for an employee HR
    tells on paper. They name what covered the employee: santé, prévoyance, or both."""
    contracts = {
        "santé et prévoyance": "des contrats collectifs de complémentaire santé et de prévoyance",
        "prévoyance": "du contrat collectif de prévoyance",
    }.get(radiation.guarantees, "du contrat collectif de complémentaire santé")
    left_on = format_short_date(radiation.left_on)
    paragraphs = [
        "Votre employeur nous a informés de la fin de votre contrat de travail le "
        f"{left_on}. Vous êtes radié(e) {contracts} à cette date.",
    ]
    if radiation.portability is not None:
        paragraphs += _portability_paragraphs(radiation, radiation.portability)
    elif not radiation.covered:
        paragraphs += [
            "Vous n'étiez pas couvert(e) par ce contrat à cette date : aucune garantie n'est maintenue au "
            "titre de la portabilité, et le lien d'affiliation que vous avez pu recevoir n'est plus valable.",
        ]
    elif not radiation.health:
        paragraphs += [
            f"Le motif de départ ne permet pas la portabilité de vos garanties {radiation.guarantees} : "
            f"elles prennent fin le {left_on}.",
        ]
    else:
        paragraphs += [
            f"Le motif de départ ne permet pas la portabilité de vos garanties {radiation.guarantees} : vos "
            f"droits et votre carte de tiers payant prennent fin le {left_on}. Les soins reçus jusqu'à cette "
            "date restent remboursés.",
        ]
    return paragraphs


def _tell_employee(session: Session, address: str, employee: Employee, radiation: Radiation) -> None:
    lines = [f"Bonjour {employee.first_name} {employee.last_name},", ""]
    paragraphs = notice_paragraphs(radiation)
    lines += [paragraphs[0], "", *paragraphs[1:]]
    send_after_commit(session, to=address, subject=notice_subject(radiation), text="\n".join(lines))


def _member_wording(session: Session, employee: Employee, radiation: Radiation, *, by_ocso: bool) -> str:
    """The radiation as the member reads it in Mon historique: the day, who decided, what is left of their
    cover; not the motif nor anything else of the company's."""
    decided = f"demandée par {employer_changes.employer(session, employee.company_id)}"
    if by_ocso:
        decided += ", enregistrée par OCSO"
    if radiation.portability is not None and radiation.health:
        cover = f"portabilité de vos garanties jusqu'au {format_short_date(radiation.portability.ends_on)}"
    else:
        cover = f"fin de vos garanties le {format_short_date(radiation.cover_end(ContractKind.SANTE))}"
    return f"Radiation au {format_short_date(radiation.left_on)} {decided} : {cover}"


def radiate(
    session: Session,
    employee: Employee,
    *,
    left_on: date,
    reason: str,
    by: StatusAuthor,
    actor: audit.Actor,
    today: date,
    by_ocso: bool = False,
) -> Radiation:
    """Radiate ``employee`` (whose structure the caller's guard has checked) on ``left_on`` for ``reason``
    (``by_ocso``: OCSO records it at the employer's request). Raises ``RadiationRefused`` before writing
    anything when it cannot be recorded."""
    motif = check_radiation(employee, left_on=left_on, reason=reason, today=today)
    provident = employee.id in provident_on(session, [employee.id], left_on)
    radiation = _decide(employee, left_on, motif, provident=provident)
    portability = radiation.portability
    record = _remember(session, employee)
    employee.radiated_on = left_on
    employee.radiation_reason = motif.value
    employee.portability_end_on = portability.ends_on if portability else None
    note = REASON_LABELS[motif]
    if portability is not None:
        # the status row is dated the last day worked; the portabilité starts the day after
        starts, ends = format_short_date(portability.starts_on), format_short_date(portability.ends_on)
        note += f" ; portabilité du {starts} au {ends}"
    status = AffiliationStatus.PORTABILITY if portability else AffiliationStatus.RADIATED
    record.status_change = change_status(session, employee, status, on=left_on, by=by, note=note)
    member_email = _freeze_rights(session, employee, record, radiation)
    audit.record_by(
        session,
        actor,
        event_type=EVENT_TYPE,
        action=f"Radiation de {employee.first_name} {employee.last_name} (salarié(e) n° {employee.id}) "
        f"au {format_short_date(left_on)} ({note})",
    )
    employer_changes.tell_member(
        session,
        actor,
        member_id=record.member_id,
        event_type=EVENT_TYPE,
        action=_member_wording(session, employee, radiation, by_ocso=by_ocso),
    )
    address = employee.email or member_email
    record.employee_told = bool(address) and motif != DepartureReason.DEATH
    session.add(record)
    if address and record.employee_told:
        _tell_employee(session, address, employee, radiation)
    return radiation


# --- HR radiates one or several employees at once (all or nothing)

MAX_AT_ONCE = 100
NOBODY = "Cochez au moins un(e) salarié(e) à radier."
TOO_MANY = f"Radiez au plus {MAX_AT_ONCE} salarié(e)s à la fois."
NOT_FOUND = "Salarié(e) introuvable dans vos structures."
DATE_NEEDED = "Indiquez la date de sortie (jj/mm/aaaa)."
BAD_DATE = "La date de sortie n'est pas une date valide (jj/mm/aaaa)."


TOLD_BY_EMAIL = "Informé(e) par e-mail ({address})"
# The address of the employee's own Espace Santé account is theirs: HR learns it is there, never what it is.
TOLD_AT_MEMBER_ACCOUNT = "Informé(e) par e-mail, à l'adresse de son Espace Santé Assuré"
NOT_TOLD = (
    "Aucune adresse e-mail : pas d'e-mail. Remettez-lui le courrier de radiation de sa fiche (sa radiation "
    "et, le cas échéant, sa portabilité)"
)
NOT_TOLD_DEATH = "Pas d'e-mail (décès)"


@dataclass(frozen=True)
class PlannedRadiation:
    """What radiating one employee would do, shown to HR before they confirm."""

    employee_id: int
    name: str
    # « Portabilité (prévoyance) jusqu'au … (N mois) », « Pas de portabilité : droits jusqu'au … », or not
    # covered (``Radiation.outcome``)
    outcome: str
    certificate_wording: str
    # how the employee learns it (guide 003: « un email est envoyé au salarié(e) »): the address, or why not
    told: str = ""


def _told(employee: Employee, motif: DepartureReason, members_with_email: set[int]) -> str:
    """Where ``radiate`` will send its e-mail (the record's address, else the member account's, which HR
    is not shown), or why none: HR must not believe an employee without any address was told of their
    rights."""
    if motif == DepartureReason.DEATH:
        return NOT_TOLD_DEATH
    if employee.email:
        return TOLD_BY_EMAIL.format(address=employee.email)
    return TOLD_AT_MEMBER_ACCOUNT if employee.member_id in members_with_email else NOT_TOLD


_TYPED_DAY = re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})")


def read_departure_date(text: str) -> date:
    """The date de sortie typed as jj/mm/aaaa."""
    text = (text or "").strip()
    if not text:
        raise RadiationRefused(DATE_NEEDED)
    written = _TYPED_DAY.fullmatch(text)
    try:
        # the year in full: « 14/04/26 » read as the year 26 was refused as « plus d'un an » in the past
        if written is None or int(written["year"]) < FIRST_YEAR:
            raise ValueError(text)
        return date(int(written["year"]), int(written["month"]), int(written["day"]))
    except ValueError as error:
        raise RadiationRefused(BAD_DATE) from error


def _employees(session: Session, structure_ids: tuple[int, ...], employee_ids: list[int]) -> list[Employee]:
    if not employee_ids:
        raise RadiationRefused(NOBODY)
    if len(employee_ids) > MAX_AT_ONCE:
        raise RadiationRefused(TOO_MANY)
    found = {e.id: e for e in session.scalars(select(Employee).where(Employee.id.in_(employee_ids)))}
    wanted = [found.get(i) for i in dict.fromkeys(employee_ids)]
    if any(e is None or e.company_id not in structure_ids for e in wanted):
        raise RadiationRefused(NOT_FOUND)
    return sorted((e for e in wanted if e is not None), key=lambda e: (e.last_name, e.first_name))


def _refused_for(employee: Employee, error: RadiationRefused) -> RadiationRefused:
    return RadiationRefused(f"{employee.last_name} {employee.first_name} : {error.message}")


def plan_radiations(
    session: Session,
    *,
    structure_ids: tuple[int, ...],
    employee_ids: list[int],
    left_on: date,
    reason: str,
    today: date,
) -> list[PlannedRadiation]:
    """What radiating these employees of the caller's structures would do; writes nothing."""
    planned = []
    employees = _employees(session, structure_ids, employee_ids)
    member_ids = [e.member_id for e in employees if e.member_id is not None]
    with_email = select(Member.id).where(Member.id.in_(member_ids), func.coalesce(Member.email, "") != "")
    members_with_email = set(session.scalars(with_email))
    provident = provident_on(session, [e.id for e in employees], left_on)
    for employee in employees:
        try:
            motif = check_radiation(employee, left_on=left_on, reason=reason, today=today)
        except RadiationRefused as error:
            raise _refused_for(employee, error) from error
        radiation = _decide(employee, left_on, motif, provident=employee.id in provident)
        name = f"{employee.last_name} {employee.first_name}"
        planned.append(
            PlannedRadiation(
                employee.id,
                name,
                radiation.outcome,
                radiation.certificate_wording,
                _told(employee, motif, members_with_email),
            )
        )
    return planned


def radiate_many(
    session: Session,
    *,
    structure_ids: tuple[int, ...],
    employee_ids: list[int],
    left_on: date,
    reason: str,
    by: StatusAuthor,
    actor: audit.Actor,
    today: date,
) -> list[Radiation]:
    """Radiate these employees of the caller's structures, all or none (the caller commits on success)."""
    done = []
    for employee in _employees(session, structure_ids, employee_ids):
        try:
            done.append(
                radiate(
                    session,
                    employee,
                    left_on=left_on,
                    reason=reason,
                    by=by,
                    actor=replace(actor, company_id=employee.company_id),
                    today=today,
                )
            )
        except RadiationRefused as error:
            raise _refused_for(employee, error) from error
    return done


def candidates(session: Session, *, structure_ids: tuple[int, ...], employee_ids: list[int]) -> list[str]:
    """The names of these employees of the caller's structures, for the dialog's title."""
    return [f"{e.last_name} {e.first_name}" for e in _employees(session, structure_ids, employee_ids)]


def recorded_reason(employee: Employee) -> DepartureReason | None:
    """The motif of the radiation recorded on ``employee``, if any (no query)."""
    if employee.radiated_on is None or employee.radiation_reason not in {m.value for m in DepartureReason}:
        return None
    return DepartureReason(employee.radiation_reason)


def radiation_of(session: Session, employee: Employee) -> Radiation | None:
    """The recorded radiation of ``employee`` (for the fiche: its certificat de travail wording; for the
    letter: what its e-mail said; for the daily job: what the portabilité maintains), if any. What covered
    the employee on the date de sortie is read as the radiation decided it: santé for a member affiliated by
    then (``_health_cover``), prévoyance for a registration in force that day (the radiation ran it to the
    portabilité's end, or ended it that day)."""
    reason = recorded_reason(employee)
    if reason is None or employee.radiated_on is None:
        return None
    portability = None
    if employee.portability_end_on is not None:
        starts_on = employee.radiated_on + timedelta(days=1)
        months = months_started(starts_on, employee.portability_end_on + timedelta(days=1))
        portability = Portability(months=months, starts_on=starts_on, ends_on=employee.portability_end_on)
    health = _health_cover(employee, employee.radiated_on)
    provident = employee.id in provident_on(session, [employee.id], employee.radiated_on)
    return Radiation(
        employee.id,
        employee.radiated_on,
        reason,
        portability,
        health=health,
        provident=provident,
        civility=employee.civility,
    )
