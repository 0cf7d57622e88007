"""An employee's request to be dispensed from the compulsory health cover, sent from their affiliation page
(guide 003): one legal case of ``dispenses.CASES``, its end date where the case has one, and its proof — a
file checked as the members' démarches check theirs (``uploads``), or, for the cases that take it, the
sworn statement the employee signs online, drawn here as a PDF. The proof is kept privately; the employee
stays « en cours d'affiliation » until HR accepts or refuses the request on their record; the invitation is
spent; HR is told by e-mail at the address it chose, without the case (it may say something of the
employee's health or income): the record shows it to HR.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer
from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.config import settings
from ocso_app.models import AffiliationStatus, Company, DispenseDecision, DispenseRequest, Employee
from ocso_app.services import affiliation_invitations, audit, dispenses, employer_access, uploads
from ocso_app.services.dispenses import DispenseCase, EndKind, ProofKind
from ocso_app.services.employee_status import THE_EMPLOYEE, change_status
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.enrolment_choice import NOT_PENDING, OPEN_STATUSES
from ocso_app.services.errors import FieldsRefused, OcsoError
from ocso_app.services.formats import format_long_date, format_paris_datetime, paris_date
from ocso_app.services.mail import send_after_commit
from ocso_app.services.pdf_drawing import facts_table, paragraph_styles, plain, render_pdf
from ocso_app.services.periods import InvalidFilter, parse_day

EVENT_TYPE = "Affiliation"
BAD_CASE = "Choisissez le cas de dispense qui vous concerne."
MISSING_END = "Indiquez la date (jj/mm/aaaa)."
PAST_END = "Cette date doit être à venir."
MISSING_PROOF = "Joignez votre justificatif (PDF, JPEG ou PNG, 10 Mo au plus)."
NOT_SWORN = "Cochez la case pour signer l'attestation sur l'honneur."
SWORN_TEXT = (
    "Je soussigné(e) {name} demande à être dispensé(e) d'adhérer au contrat collectif de complémentaire "
    "santé de {company}, au titre du cas suivant : {case}. J'atteste sur l'honneur l'exactitude de cette "
    "déclaration et m'engage à informer mon employeur de tout changement de ma situation."
)


@dataclass(frozen=True)
class DispenseSent:
    """The request as the confirmation screen shows it."""

    request_id: int
    case_label: str
    ends_on: str


def _check_end(case: DispenseCase, typed: str, today: date, errors: dict[str, str]) -> date | None:
    if case.end == EndKind.NONE:
        return None
    try:
        ends_on = parse_day(typed)
    except InvalidFilter:
        ends_on = None
    if ends_on is None:
        errors["ends_on"] = MISSING_END
    elif ends_on <= today:
        errors["ends_on"] = PAST_END
    return ends_on


def sworn_statement_pdf(
    *, name: str, company: str, case: DispenseCase, signed_at: datetime, ip: str | None
) -> bytes:
    """The « attestation sur l'honneur » the employee signed by ticking the box: who, which case, when."""
    styles = paragraph_styles()
    story = [
        Paragraph("Attestation sur l'honneur – demande de dispense d'affiliation", styles["title"]),
        Spacer(1, 4 * mm),
        Paragraph(
            SWORN_TEXT.format(name=plain(name), company=plain(company), case=plain(case.label)),
            styles["normal"],
        ),
        Spacer(1, 4 * mm),
        facts_table(
            [
                ("Salarié(e)", name),
                ("Employeur", company),
                ("Cas de dispense", case.label),
                ("Signée en ligne le", format_paris_datetime(signed_at)),
                ("Depuis l'adresse", ip or "—"),
            ],
            widths=(45 * mm, 135 * mm),
            align="LEFT",
        ),
        Spacer(1, 4 * mm),
        Paragraph(
            "Signature électronique : le/la salarié(e) a coché la case « J'atteste sur l'honneur » sur sa "
            "page personnelle d'affiliation, ouverte par son lien personnel et sa date de naissance.",
            styles["muted"],
        ),
    ]
    return render_pdf(story, title="Attestation sur l'honneur")


def _proof(
    employee: Employee,
    company_name: str,
    case: DispenseCase,
    proof: uploads.CheckedFile | None,
    sworn: bool,
    *,
    actor: audit.Actor,
    now: datetime,
    errors: dict[str, str],
) -> uploads.CheckedFile | None:
    if case.proof == ProofKind.DOCUMENT:
        if proof is None:
            errors["proof"] = MISSING_PROOF
        return proof
    if not sworn:
        errors["sworn"] = NOT_SWORN
        return None
    name = f"{employee.first_name} {employee.last_name.upper()}"
    pdf = sworn_statement_pdf(name=name, company=company_name, case=case, signed_at=now, ip=actor.ip_address)
    return uploads.generated_pdf("attestation-sur-l-honneur.pdf", pdf)


def _mail_hr(session: Session, employee: Employee, company_name: str) -> None:
    to = employer_access.hr_address(
        session,
        address=employee.dispense_email,
        chosen_by=employee.invited_by_account_id,
        company_id=employee.company_id,
        action=EmployerAction.MANAGE_EMPLOYEES,  # who accepts or refuses the dispense
    )
    if to is None:
        return
    name = f"{employee.first_name} {employee.last_name.upper()}"
    send_after_commit(
        session,
        to=to,
        subject=f"Demande de dispense d'affiliation : {name}",
        text=(
            "Bonjour,\n\n"
            f"{name} ({company_name}) demande à être dispensé(e) d'adhérer au contrat de complémentaire "
            "santé.\n"
            "Le cas de dispense et le justificatif sont sur sa fiche salarié(e), où vous acceptez ou refusez "
            "la demande :\n\n"
            f"{settings().public_url}{routes.EMPLOYER_STAFF_RECORD}?salarie={employee.id}"
        ),
    )


def request_dispense(
    session: Session,
    employee: Employee,
    *,
    case_code: str,
    ends_on: str,
    proof: uploads.CheckedFile | None,
    sworn: bool,
    actor: audit.Actor,
    now: datetime,
) -> DispenseSent:
    """Keep the employee's request with its proof (``proof``: a file already checked by
    ``uploads.check_file``, off the event loop; or ``sworn`` for the cases that take a sworn statement),
    spend the invitation, audit, and e-mail HR after the commit. ``FieldsRefused`` (per field) or
    ``OcsoError``: nothing written."""
    if employee.status not in OPEN_STATUSES or employee.member_id is not None:
        raise OcsoError(NOT_PENDING)
    case = dispenses.case_of(case_code)
    if case is None:
        raise FieldsRefused({"case": BAD_CASE})
    errors: dict[str, str] = {}
    end = _check_end(case, ends_on, paris_date(now), errors)
    company = session.get(Company, employee.company_id)
    company_name = company.name if company else ""
    kept = _proof(employee, company_name, case, proof, sworn, actor=actor, now=now, errors=errors)
    if errors or kept is None:
        raise FieldsRefused(errors)
    saved = uploads.store(kept, session=session)
    with uploads.removed_on_failure([saved.storage_key]):
        request = DispenseRequest(
            employee_id=employee.id,
            case=case.code,
            ends_on=end,
            sworn_statement=case.proof == ProofKind.SWORN_STATEMENT,
            proof_name=saved.original_name,
            proof_storage_key=saved.storage_key,
            proof_content_type=saved.content_type,
            decision=DispenseDecision.REQUESTED,
            created_at=now,
        )
        session.add(request)
        affiliation_invitations.spend_all(session, employee.id, now=now)
        # The employee has answered: « en cours » while HR decides, never « à relancer » (the 8-day clock
        # counts from an invitation left without action; a refusal sends a new one and restarts it).
        employee.invited_at = None
        change_status(
            session,
            employee,
            AffiliationStatus.PENDING,
            on=paris_date(now),
            by=THE_EMPLOYEE,
            note="Demande de dispense envoyée",
        )
        audit.record(
            session,
            event_type=EVENT_TYPE,
            action=f"Demande de dispense d'affiliation de {employee.first_name} {employee.last_name.upper()}",
            account_id=actor.account_id,
            company_id=employee.company_id,
            interface=actor.interface,
            ip_address=actor.ip_address,
        )
        session.flush()
    _mail_hr(session, employee, company_name)
    return DispenseSent(request.id, case.label, format_long_date(end) if end else "")
