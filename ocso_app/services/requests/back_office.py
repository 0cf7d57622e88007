"""OCSO's side of the démarches: applying a bank details change to the member's file."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ocso_app.models import Member, Request, RequestMessage, RequestStatus
from ocso_app.services import audit
from ocso_app.services.crypto import decrypt_field, encrypt_field
from ocso_app.services.requests.drafts import mask_iban
from ocso_app.services.requests.labels import BANK_DETAILS
from ocso_app.services.requests.refusals import NOT_BANK_REQUEST, RequestRefused


def apply_bank_details_change(
    session: Session, *, request_id: int, staff_account_id: int | None = None
) -> str:
    """OCSO applies a RIB change: the member's IBAN/BIC are replaced, the request is treated and answered.
    Returns the masked IBAN now on file."""
    request = session.get(Request, request_id)
    if (
        request is None
        or request.request_type != BANK_DETAILS
        or request.member_id is None
        or request.status in (RequestStatus.DONE, RequestStatus.REFUSED)
    ):
        raise RequestRefused(NOT_BANK_REQUEST)
    member = session.get(Member, request.member_id)
    if member is None:
        raise RequestRefused(NOT_BANK_REQUEST)
    iban = decrypt_field(request.payload["iban_enc"])
    member.iban_enc = encrypt_field(iban)
    member.bic = request.payload["bic"]
    request.status = RequestStatus.DONE
    session.add(
        RequestMessage(
            request_id=request.id,
            from_ocso=True,
            author_account_id=staff_account_id,
            body="Vos nouvelles coordonnées bancaires sont enregistrées ; elles s'appliquent à vos prochains "
            "remboursements.",
        )
    )
    audit.record(
        session,
        event_type="Coordonnées bancaires",
        action="Nouvelles coordonnées bancaires enregistrées par OCSO",
        account_id=staff_account_id,
        member_id=member.id,
    )
    return mask_iban(iban)
