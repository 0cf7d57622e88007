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
from ocso_app.services.security_codes import canonical_code
from tests.builders import make_company
from tests.builders.employers import SECURITY_CODE

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def test_the_letter_carries_a_new_code_that_replaces_the_old_one(db):
    company = make_company(db, name="CONSERVERIES DU PORT")
    assert verify_password(canonical_code(SECURITY_CODE), company.security_code_hash)

    letter = security_codes.new_code_letter(db, company_id=company.id, actor=Actor(account_id=None), now=NOW)

    assert letter is not None and letter.filename == f"code-securite-{company.client_number}.pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.pdf)).pages)
    assert company.client_number in text and company.siren in text and "CONSERVERIES DU PORT" in text
    code = re.search(r"Code de sécurité\s*([A-Z2-9]{3}-[A-Z2-9]{3})", text).group(1)
    assert verify_password(canonical_code(code), company.security_code_hash)
    assert not verify_password(canonical_code(SECURITY_CODE), company.security_code_hash)
    [action] = db.scalars(select(AuditEvent.action).where(AuditEvent.company_id == company.id)).all()
    assert "Nouveau code de sécurité" in action and code not in action
    assert (
        security_codes.new_code_letter(db, company_id=987654321, actor=Actor(account_id=None), now=NOW)
        is None
    )


def test_the_code_opens_however_it_is_typed_from_the_letter(db):
    """Upper or lower case, with or without its dash or spaces: the letter's code opens the account creation;
    another code does not."""
    from ocso_app.services import employer_accounts

    company = make_company(db)
    letter = security_codes.new_code_letter(db, company_id=company.id, actor=Actor(account_id=None), now=NOW)
    assert letter is not None
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.pdf)).pages)
    code = re.search(r"Code de sécurité\s*([A-Z2-9]{3}-[A-Z2-9]{3})", text).group(1)
    for typed in (code, code.lower(), code.replace("-", ""), code.replace("-", " ")):
        check = employer_accounts.check_company_codes(
            db, client_number=company.client_number, siren=company.siren, security_code=typed, ip_address=None
        )
        assert check.company is not None, typed
    wrong = employer_accounts.check_company_codes(
        db, client_number=company.client_number, siren=company.siren, security_code="AAA-AAA", ip_address=None
    )
    assert wrong.company is None
