"""A company's code de sécurité anew: the letter carries the numéro client, the SIREN and a new code, which
then opens the account creation while the previous one no longer does; the download is audited without the
code."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from pypdf import PdfReader
from sqlalchemy import select

from ocso_app.models import AuditEvent
from ocso_app.services import security_codes
from ocso_app.services.audit import Actor
from ocso_app.services.passwords import verify_password
from tests.builders import make_company
from tests.builders.employers import SECURITY_CODE

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def test_the_letter_carries_a_new_code_that_replaces_the_old_one(db):
    company = make_company(db, name="CONSERVERIES DU PORT")
    assert verify_password(SECURITY_CODE, company.security_code_hash)

    letter = security_codes.new_code_letter(db, company_id=company.id, actor=Actor(account_id=None), now=NOW)

    assert letter is not None and letter.filename == f"code-securite-{company.client_number}.pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.pdf)).pages)
    assert company.client_number in text and company.siren in text and "CONSERVERIES DU PORT" in text
    code = re.search(r"Code de sécurité\s*([A-Z2-9]{3}-[A-Z2-9]{3})", text).group(1)
    assert verify_password(code, company.security_code_hash)
    assert not verify_password(SECURITY_CODE, company.security_code_hash)
    [action] = db.scalars(select(AuditEvent.action).where(AuditEvent.company_id == company.id)).all()
    assert "Nouveau code de sécurité" in action and code not in action
    assert (
        security_codes.new_code_letter(db, company_id=987654321, actor=Actor(account_id=None), now=NOW)
        is None
    )
