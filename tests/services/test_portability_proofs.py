"""« Enregistrer un justificatif de portabilité reçu » on a company's file (Espace OCSO): a proof of
unemployment benefits a former employee en portabilité sent by e-mail or post (covered by the prévoyance
alone, they have no Espace Santé Assuré) is stored with the day it was received, audited without its content,
counted on HR's Accueil, listed on the company's file and opened by OCSO only. Anything refused (not en
portabilité, another company's employee, a date in the future or before the date de sortie, a bad file)
writes nothing and stores nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from ocso_app import routes
from ocso_app.config import settings
from ocso_app.db import db_session
from ocso_app.models import AffiliationStatus, AuditEvent, PortabilityProof, StaffRole
from ocso_app.services import portability_proofs, uploads
from ocso_app.services.audit import Actor
from ocso_app.services.errors import OcsoError
from ocso_app.services.hr_follow_up import follow_up
from ocso_app.services.periods import INVALID_DATE
from ocso_app.services.uploads import IncomingFile
from tests.builders import make_company, make_employee, make_image, make_pdf, make_staff

TODAY = date(2026, 6, 10)
LEFT_ON = date(2026, 3, 31)


def _leaving(db, company, **kwargs):
    """A former employee en portabilité without member file (the prévoyance alone)."""
    employee = make_employee(db, company=company, status=AffiliationStatus.PORTABILITY, **kwargs)
    employee.radiated_on, employee.portability_end_on = LEFT_ON, date(2026, 9, 30)
    db.flush()
    return employee


def _record(db, actor, company, employee_id, received="15/05/2026", file=None):
    return portability_proofs.record_proof(
        db,
        actor=actor,
        company_id=company.id,
        employee_id=employee_id,
        received=received,
        file=file or IncomingFile("attestation France Travail.pdf", make_pdf("Attestation de paiement")),
        today=TODAY,
    )


def test_a_proof_recorded_is_counted_on_hrs_accueil_audited_and_listed_on_the_file(db):
    head = make_company(db)
    branch = make_company(db, parent=head)
    employee = _leaving(db, branch, last_name="PREVOYANCE")  # a structure of the company: its file has it
    agent = make_staff(db, role=StaffRole.ENTREPRISES)
    actor = Actor(account_id=agent.id)

    shown = portability_proofs.on_file(db, company_id=head.id)
    assert [(c.value, c.label.split()[0]) for c in shown.employees] == [(str(employee.id), "PREVOYANCE")]
    assert shown.proofs == []

    message = _record(db, actor, head, employee.id)
    _record(db, actor, head, employee.id, received="01/06/2026", file=IncomingFile("scan.png", make_image()))

    assert "15/05/2026" in message and "PREVOYANCE" in message
    [running] = follow_up(db, structure_ids=(branch.id,), today=TODAY).portabilities
    assert (running.employee_id, running.proofs, running.last_proof) == (employee.id, 2, "01/06/2026")
    proofs = db.scalars(select(PortabilityProof).where(PortabilityProof.employee_id == employee.id)).all()
    assert [(p.received_on, p.content_type, p.recorded_by_account_id) for p in proofs] == [
        (date(2026, 5, 15), "application/pdf", agent.id),
        (date(2026, 6, 1), "image/png", agent.id),
    ]
    audited = db.execute(
        select(AuditEvent.account_id, AuditEvent.company_id, AuditEvent.action).where(
            AuditEvent.company_id == branch.id
        )
    ).all()
    assert len(audited) == 2 and all(row.account_id == agent.id for row in audited)
    assert "PREVOYANCE" in audited[0].action and f"n° {employee.id}" in audited[0].action
    assert "15/05/2026" in audited[0].action
    for row in audited:  # who, for whom, when received: never the file's name nor its content
        assert "attestation" not in row.action.lower() and "scan" not in row.action
        assert all(p.storage_key not in row.action for p in proofs)

    listed = portability_proofs.on_file(db, company_id=head.id).proofs
    assert [(line.received_on, line.employee.split()[0]) for line in listed] == [
        ("01/06/2026", "PREVOYANCE"),
        ("15/05/2026", "PREVOYANCE"),
    ]
    assert listed[1].href == routes.API_STAFF_PORTABILITY_PROOF.url(company_id=head.id, proof_id=proofs[0].id)
    assert agent.last_name.upper() in listed[0].recorded
    for key in (p.storage_key for p in proofs):
        uploads.delete_stored([key])


def _written(db, employee_id: int) -> tuple[int, int, int]:
    return (
        db.scalar(select(func.count()).where(PortabilityProof.employee_id == employee_id)) or 0,
        db.scalar(select(func.count(AuditEvent.id))) or 0,
        len(list(settings().storage_dir.iterdir())) if settings().storage_dir.exists() else 0,
    )


def test_each_refusal_says_why_in_french_and_writes_nothing(db):
    company, elsewhere = make_company(db), make_company(db)
    employee = _leaving(db, company)
    still_working = make_employee(db, company=company, status=AffiliationStatus.AFFILIATED)
    radiated = make_employee(db, company=company, status=AffiliationStatus.RADIATED)
    stranger = _leaving(db, elsewhere)
    actor = Actor(account_id=make_staff(db, role=StaffRole.ADMIN).id)
    before = {e: _written(db, e) for e in (employee.id, still_working.id, radiated.id, stranger.id)}
    for employee_id, received, file, message in (
        (still_working.id, "15/05/2026", None, portability_proofs.NOT_IN_PORTABILITY),
        (radiated.id, "15/05/2026", None, portability_proofs.NOT_IN_PORTABILITY),
        (stranger.id, "15/05/2026", None, portability_proofs.NO_EMPLOYEE),  # another company's
        (None, "15/05/2026", None, portability_proofs.NO_EMPLOYEE),
        (987654321, "15/05/2026", None, portability_proofs.NO_EMPLOYEE),
        (employee.id, "11/06/2026", None, portability_proofs.IN_THE_FUTURE),
        (employee.id, "30/03/2026", None, portability_proofs.BEFORE_EXIT.format(day="31/03/2026")),
        (employee.id, "", None, portability_proofs.NO_DATE),
        (employee.id, "31/02/2026", None, INVALID_DATE),
        (employee.id, "15/05/2026", IncomingFile("a.pdf", b"GIF89a pas un PDF"), uploads.BAD_TYPE),
        (employee.id, "15/05/2026", IncomingFile("vide.pdf", b""), uploads.EMPTY_FILE),
        (employee.id, "15/05/2026", IncomingFile("faux.pdf", b"%PDF-1.4 broken"), uploads.CORRUPT_PDF),
    ):
        with pytest.raises(OcsoError) as refused:
            _record(db, actor, company, employee_id, received=received, file=file)
        assert refused.value.message.endswith(message), (employee_id, received)
    assert {e: _written(db, e) for e in before} == before


def test_the_first_and_last_days_allowed_are_the_date_de_sortie_and_today(db):
    company = make_company(db)
    employee = _leaving(db, company)
    actor = Actor(account_id=make_staff(db, role=StaffRole.ENTREPRISES).id)
    _record(db, actor, company, employee.id, received="31/03/2026")
    _record(db, actor, company, employee.id, received="2026-06-10")
    [running] = follow_up(db, structure_ids=(company.id,), today=TODAY).portabilities
    assert (running.proofs, running.last_proof) == (2, "10/06/2026")
    keys = db.scalars(select(PortabilityProof.storage_key).where(PortabilityProof.employee_id == employee.id))
    uploads.delete_stored(list(keys))


def test_ocso_opens_a_proof_of_the_company_only_and_each_opening_is_audited(db):
    company, elsewhere = make_company(db), make_company(db)
    employee = _leaving(db, company)
    actor = Actor(account_id=make_staff(db, role=StaffRole.ENTREPRISES).id)
    _record(db, actor, company, employee.id)
    proof = db.scalar(select(PortabilityProof).where(PortabilityProof.employee_id == employee.id))
    audits = db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.company_id == company.id))

    assert portability_proofs.proof_file(db, actor=actor, company_id=elsewhere.id, proof_id=proof.id) is None
    assert portability_proofs.proof_file(db, actor=actor, company_id=company.id, proof_id=987654321) is None
    stored = portability_proofs.proof_file(db, actor=actor, company_id=company.id, proof_id=proof.id)

    assert stored is not None and stored.storage_key == proof.storage_key
    assert stored.download_name == "attestation France Travail.pdf"
    assert (
        db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.company_id == company.id)) == audits + 1
    )
    uploads.delete_stored([proof.storage_key])


def _stored(key: str) -> bool:
    return (settings().storage_dir / key).exists()


def test_a_proof_recorded_by_mistake_is_withdrawn_its_file_deleted_once_committed_and_audited():
    """Another person's proof, or a wrong file: « Retirer » deletes the row, then its file once committed;
    HR's Accueil no longer counts it; the audit says who withdrew which. A rollback keeps both."""
    with db_session() as session:
        company = make_company(session)
        employee = _leaving(session, company, last_name="ERREUR")
        actor = Actor(account_id=make_staff(session, role=StaffRole.ENTREPRISES).id)
        _record(session, actor, company, employee.id)
        proof = session.scalar(select(PortabilityProof).where(PortabilityProof.employee_id == employee.id))
        ids = (company.id, employee.id, proof.id, proof.storage_key)
    company_id, employee_id, proof_id, key = ids

    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), db_session() as session:  # withdrawn, then the work fails: nothing lost
        portability_proofs.withdraw_proof(session, actor=actor, company_id=company_id, proof_id=proof_id)
        raise Abandoned
    assert _stored(key)

    with db_session() as session:
        message = portability_proofs.withdraw_proof(
            session, actor=actor, company_id=company_id, proof_id=proof_id
        )
        assert _stored(key)  # until the deletion is committed
    assert "15/05/2026" in message and "ERREUR" in message
    assert not _stored(key)
    with db_session() as session:
        assert session.get(PortabilityProof, proof_id) is None
        [running] = follow_up(session, structure_ids=(company_id,), today=TODAY).portabilities
        assert (running.employee_id, running.proofs) == (employee_id, 0)
        actions = session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.company_id == company_id, AuditEvent.account_id == actor.account_id
            )
        ).all()
        assert any("15/05/2026 retiré" in action and "ERREUR" in action for action in actions)


def test_a_proof_of_another_company_or_gone_is_not_withdrawn_and_nothing_is_written(db):
    company, elsewhere = make_company(db), make_company(db)
    employee = _leaving(db, company)
    actor = Actor(account_id=make_staff(db, role=StaffRole.ENTREPRISES).id)
    _record(db, actor, company, employee.id)
    proof = db.scalar(select(PortabilityProof).where(PortabilityProof.employee_id == employee.id))
    before = _written(db, employee.id)
    for company_id, proof_id in ((elsewhere.id, proof.id), (company.id, 987654321), (company.id, None)):
        with pytest.raises(OcsoError) as refused:
            portability_proofs.withdraw_proof(db, actor=actor, company_id=company_id, proof_id=proof_id)
        assert refused.value.message == portability_proofs.NO_PROOF
    assert _written(db, employee.id) == before and _stored(proof.storage_key)
    uploads.delete_stored([proof.storage_key])
