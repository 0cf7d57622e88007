"""An employee's dispense request (the employee's side builds them on the affiliation page): a case of the
legal list, its end date, and its proof kept in private storage or a sworn statement."""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy.orm import Session

from ocso_app.models import DispenseDecision, DispenseRequest, Employee
from ocso_app.services import uploads
from tests.builders.files import make_pdf


def make_dispense_request(
    session: Session,
    *,
    employee: Employee,
    case: str = "css",
    ends_on: date | None = date(2026, 12, 31),
    proof: bytes | None = None,
) -> DispenseRequest:
    """A request « demandée » of ``employee``; ``proof`` (a PDF by default) stored privately, or none: a
    sworn statement."""
    content = proof if proof is not None else make_pdf("Attestation de droits CSS")
    saved = uploads.store(
        uploads.CheckedFile(
            "attestation-css.pdf", content, "application/pdf", hashlib.sha256(content).hexdigest()
        )
    )
    request = DispenseRequest(
        employee_id=employee.id,
        case=case,
        ends_on=ends_on,
        sworn_statement=False,
        proof_name=saved.original_name,
        proof_storage_key=saved.storage_key,
        proof_content_type=saved.content_type,
        decision=DispenseDecision.REQUESTED,
    )
    session.add(request)
    session.flush()
    return request
