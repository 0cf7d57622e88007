"""« Renouveler le justificatif » on the fiche salarié(e): a dispense whose case needs a new proof every
year (another collective cover: ``EndKind.YEARLY_PROOF``) holds only while HR keeps this year's proof, which
URSSAF may ask for. The daily job reminds the employee to give it to HR before its date; here HR files it.

The new proof is kept as a new accepted dispense of the same case, due a year after the previous date (a
year after today when that date has passed), so that the history keeps every proof; a proof filed while the
current one is due in more than two months replaces it and keeps its date (HR sending the right file after a
wrong one must not gain a year); the status history and
the audit log say who filed it. The employee is looked up within the caller's structures: another
structure's id, an employee who is not dispensed, or a dispense of another kind is refused, nothing written.

A proof not filed by its date lapses ``GRACE`` later (``lapsed``): the daily job then ends the dispense as it
ends a fixed-term one, and tells the employee (``lapse_invitation``; ``end_invitation`` for a fixed-term
one; ``over_invitation`` picks one from the dispense, and the courrier d'affiliation of an employee without
e-mail says the same, ``affiliation_letter``) and the HR users who follow the affiliation (``tell_hr_of_end``,
both). Once ended, nothing is renewed here: a proof brought after is a new dispense request, sent by the
employee from their personal link, which HR accepts or refuses.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.config import settings
from ocso_app.models import (
    AffiliationStatus,
    Company,
    DispenseDecision,
    DispenseRequest,
    Employee,
    InvitationChannel,
)
from ocso_app.services import audit, employer_access, uploads
from ocso_app.services.affiliation_invitations import Invited, Why
from ocso_app.services.dispense_decisions import EVENT_TYPE
from ocso_app.services.dispenses import EndKind, case_of
from ocso_app.services.employee_status import StatusAuthor, change_status
from ocso_app.services.employees import employee_of
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_short_date, paris_date
from ocso_app.services.mail import send_after_commit
from ocso_app.services.portability import add_months

REPLACING_WITHIN = timedelta(days=60)  # a proof due later than this was just filed: a new one replaces it
# A proof due on day D is a late one from D + 1, and the dispense ends at the job's run of D + 8 (``lapsed``).
# The employee hands the proof to HR, who files it: one handed in on its date may reach the fiche a few days
# later (a weekend, a bank holiday, HR away). A week lets HR file it (the Accueil and the fiche show it late
# meanwhile) without the employee being turned « en cours d'affiliation » and asked to request the dispense
# all over again; no day is left uncovered by it, since the santé cover is given back from D + 1.
GRACE = timedelta(days=7)
NOT_RENEWABLE = "Ce/cette salarié(e) n'a pas de dispense dont le justificatif se renouvelle chaque année."


@dataclasses.dataclass(frozen=True)
class Renewal:
    """The dispense whose proof is due, as the fiche shows it."""

    case_label: str
    due_on: date
    overdue: bool
    last_day: date  # the last day HR may file it late: after it, the daily job ends the dispense (``lapsed``)


def _current(session: Session, employee: Employee) -> DispenseRequest | None:
    """The employee's latest accepted dispense, if it is one whose proof is renewed every year."""
    if employee.status != AffiliationStatus.EXEMPTED:
        return None
    latest = session.scalar(
        select(DispenseRequest)
        .where(
            DispenseRequest.employee_id == employee.id,
            DispenseRequest.decision == DispenseDecision.ACCEPTED,
        )
        .order_by(DispenseRequest.id.desc())
        .limit(1)
    )
    case = case_of(latest.case) if latest is not None else None
    if latest is None or case is None or case.end != EndKind.YEARLY_PROOF or latest.ends_on is None:
        return None
    return latest


def renewal(session: Session, employee: Employee, today: date) -> Renewal | None:
    """The proof the employee's dispense needs next, or ``None`` when it needs none."""
    current = _current(session, employee)
    if current is None or current.ends_on is None:
        return None
    case = case_of(current.case)
    due = current.ends_on
    return Renewal(case.label if case else current.case, due, due < today, due + GRACE)


def renew_proof(
    session: Session,
    *,
    structure_ids: Sequence[int],
    employee_id: int,
    proof: uploads.CheckedFile,
    by: StatusAuthor,
    actor: audit.Actor,
    now: datetime,
) -> date:
    """File ``proof`` (already checked by ``uploads.check_file``) as the new proof of the employee's yearly
    dispense; returns its next due date. ``OcsoError``: nothing written, nothing stored."""
    employee = employee_of(session, structure_ids, employee_id)
    current = _current(session, employee) if employee is not None else None
    if employee is None or current is None or current.ends_on is None:
        raise OcsoError(NOT_RENEWABLE)
    today = paris_date(now)
    # A proof filed while the current one is not yet due replaces it (a wrong file sent again), date kept:
    # two uploads in a row must not push the next proof two years away.
    replaces = current.ends_on > today + REPLACING_WITHIN
    due = current.ends_on if replaces else add_months(max(current.ends_on, today), 12)
    saved = uploads.store(proof, session=session)
    with uploads.removed_on_failure([saved.storage_key]):
        session.add(
            DispenseRequest(
                employee_id=employee.id,
                case=current.case,
                ends_on=due,
                sworn_statement=False,
                proof_name=saved.original_name,
                proof_storage_key=saved.storage_key,
                proof_content_type=saved.content_type,
                decision=DispenseDecision.ACCEPTED,
                decided_by_account_id=by.account_id,
                decided_at=now,
                created_at=now,
            )
        )
        note = f"Justificatif de dispense renouvelé : prochaine échéance le {format_short_date(due)}"
        change_status(session, employee, AffiliationStatus.EXEMPTED, on=today, by=by, note=note)
        audit.record_by(
            session,
            dataclasses.replace(actor, company_id=employee.company_id),
            event_type=EVENT_TYPE,
            action=(
                f"Justificatif de dispense renouvelé : {employee.first_name} {employee.last_name} "
                f"(salarié(e) n° {employee.id}), prochaine échéance le {format_short_date(due)}"
            ),
        )
        session.flush()
    return due


def lapsed(due_on: date, today: date) -> bool:
    """Whether a yearly proof due on ``due_on`` and still not filed has lapsed by ``today`` (``GRACE``)."""
    return due_on + GRACE < today


def _dispense_over(company_name: str, why: str, *, from_day: date) -> Why:
    """The invitation of an employee whose dispense is over: ``why``, from when to affiliate, and that they
    may ask for the dispense again with an up-to-date proof."""
    return Why(
        subject=f"Fin de votre dispense : votre affiliation à la complémentaire santé de {company_name}",
        text=(
            f"{why} : vous devez vous affilier au contrat collectif à compter du "
            f"{format_short_date(from_day)}.\n"
            "Si votre situation vous permet toujours d'en être dispensé(e), vous pouvez plutôt demander de "
            "nouveau la dispense en joignant votre justificatif à jour : votre service RH recevra votre "
            "demande.\n"
        ),
    )


def lapse_invitation(company_name: str, *, due_on: date, from_day: date) -> Why:
    """The employee's invitation when their yearly proof lapsed: why, from when, and what to do."""
    why = (
        f"Vous étiez dispensé(e) de la complémentaire santé de {company_name} parce que vous êtes couvert(e) "
        "par une autre couverture collective obligatoire. Le justificatif de cette couverture, attendu le "
        f"{format_short_date(due_on)}, n'a pas été reçu : votre dispense a donc pris fin"
    )
    return _dispense_over(company_name, why, from_day=from_day)


def end_invitation(company_name: str, *, last_day: date, from_day: date) -> Why:
    """The employee's invitation when their fixed-term dispense ended (a CDD, the CSS, an individual contract
    until its renewal): why, from when, and what to do."""
    why = (
        f"Votre dispense d'affiliation à la complémentaire santé de {company_name} a pris fin le "
        f"{format_short_date(last_day)}"
    )
    return _dispense_over(company_name, why, from_day=from_day)


def over_invitation(company_name: str, dispense: DispenseRequest) -> Why | None:
    """Why the employee whose ``dispense`` (their latest accepted one) is over is asked to affiliate: its
    yearly proof lapsed (``lapse_invitation``) or its last day passed (``end_invitation``), the cover due from
    the day after that date. The e-mail's subject and paragraph (the daily job's invitation) and the letter's
    (``affiliation_letter``): one wording for both. ``None`` for a dispense that does not end."""
    case = case_of(dispense.case)
    if case is None or case.end == EndKind.NONE or dispense.ends_on is None:
        return None
    from_day = dispense.ends_on + timedelta(days=1)
    if case.end == EndKind.YEARLY_PROOF:
        return lapse_invitation(company_name, due_on=dispense.ends_on, from_day=from_day)
    return end_invitation(company_name, last_day=dispense.ends_on, from_day=from_day)


def tell_hr_of_end(
    session: Session,
    employee: Employee,
    *,
    from_day: date,
    invited: Invited,
    proof_due_on: date | None = None,
) -> None:
    """E-mail the HR users who follow the affiliation (« Suivi de l'affiliation »: the address of the dispense
    requests, and the one told when it is finished), each only while ``employer_access.hr_address`` allows
    it, once per address: the dispense ended and the employee is to affiliate. Never the case (it may say
    something of the employee's situation): the fiche shows it to those who may read it."""
    followers = (
        (employee.dispense_email, EmployerAction.MANAGE_EMPLOYEES),
        (employee.notify_hr_email, EmployerAction.VIEW_EMPLOYEES),
    )
    addresses = {
        address: None
        for typed, action in followers
        if (
            address := employer_access.hr_address(
                session,
                address=typed,
                chosen_by=employee.invited_by_account_id,
                company_id=employee.company_id,
                action=action,
            )
        )
        is not None
    }
    if not addresses:
        return
    company = session.get(Company, employee.company_id)
    name = f"{employee.first_name} {employee.last_name.upper()}"
    how = (
        "une invitation à s'affilier lui a été envoyée par e-mail."
        if invited.channel == InvitationChannel.EMAIL
        else "sans adresse e-mail, téléchargez depuis sa fiche le courrier d'invitation à s'affilier à lui "
        "remettre."
    )
    whose = f"{name} ({company.name if company else ''})"
    ended = (
        f"Le justificatif annuel de la dispense d'affiliation de {whose}, attendu le "
        f"{format_short_date(proof_due_on)}, n'a pas été enregistré sur sa fiche : la dispense a pris fin."
        if proof_due_on is not None
        else f"La dispense d'affiliation de {whose} a pris fin le "
        f"{format_short_date(from_day - timedelta(days=1))}."
    )
    for to in addresses:
        send_after_commit(
            session,
            to=to,
            subject=f"Fin de dispense d'affiliation : {name}",
            text=(
                "Bonjour,\n\n"
                f"{ended} {name} doit être affilié(e) au contrat de complémentaire santé à compter du "
                f"{format_short_date(from_day)} et est de nouveau en cours d'affiliation : {how}\n"
                "Si le/la salarié(e) vous remet un justificatif à jour, il/elle peut demander de nouveau la "
                "dispense depuis sa page d'affiliation ; vous l'accepterez ou la refuserez sur sa fiche :\n\n"
                f"{settings().public_url}{routes.EMPLOYER_STAFF_RECORD}?salarie={employee.id}"
            ),
        )
