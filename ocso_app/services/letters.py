"""Letters OCSO must print and post: drawn as PDF (``reportlab``), kept in private storage, listed in
``postal_letters`` until OCSO takes them for printing (``python -m ocso_app.cli letters-to-print``).

The first one: "un compte a été ouvert", for a member who registered online while OCSO had no e-mail for
them, so that the real member learns of it at their postal address even if someone else opened it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Member, PostalLetter
from ocso_app.models.base import utcnow
from ocso_app.services import audit, uploads
from ocso_app.services.formats import format_long_date, paris_date
from ocso_app.services.pdf_drawing import FONT, FONT_BOLD

ACCOUNT_OPENED = "Ouverture du compte en ligne"
EVENT_TYPE = "Courrier"
LINE = 6 * mm
SUPPORT = "support@ocso.fr – 05 56 34 36 66 (du lundi au vendredi, 9 h – 17 h)"


@dataclass(frozen=True)
class PrintBatch:
    """The letters taken for printing, merged in one PDF (oldest first)."""

    pdf: bytes
    letters: int


def _masked_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if local and domain else "***"


def _lines(c: Canvas, x: float, y: float, lines: tuple[str, ...], *, width: float) -> float:
    """Each of ``lines`` from ``y`` down, in 11 pt wrapped to ``width`` (an empty one is a blank line): a
    long name, street or e-mail domain ran off the page. The baseline after the last."""
    c.setFont(FONT, 11)
    for line in lines:
        for part in simpleSplit(line, FONT, 11, width) or [""]:
            c.drawString(x, y, part)
            y -= LINE
    return y


def _account_opened_pdf(member: Member, *, email: str, opened_at: datetime) -> bytes:
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=FONT)
    c.setTitle("Ouverture de votre compte OCSO")
    c.setAuthor("OCSO")
    left, top = 25 * mm, A4[1] - 25 * mm
    c.setFont(FONT_BOLD, 12)
    c.drawString(left, top, "OCSO")
    c.setFont(FONT, 9)
    c.drawString(left, top - 5 * mm, "Service adhérents – support@ocso.fr")
    recipient = (
        f"{member.civility} {member.first_name} {member.last_name}",
        member.address_line,
        f"{member.postal_code} {member.city}",
    )
    # Where a window envelope shows it: from 110 mm to 15 mm off the right edge.
    _lines(c, 110 * mm, top - 30 * mm, recipient, width=A4[0] - 125 * mm)
    day = paris_date(opened_at)
    c.drawString(110 * mm, top - 55 * mm, f"Le {format_long_date(day)}")
    c.setFont(FONT_BOLD, 11)
    subject = f"Adhérent n° {member.member_number} : ouverture de votre compte en ligne"
    c.drawString(left, top - 72 * mm, subject)
    body = (
        f"{member.civility} {member.last_name},",
        "",
        f"Un compte a été ouvert sur votre Espace Santé Assuré OCSO le {format_long_date(day)}.",
        f"Le mot de passe temporaire de ce compte a été envoyé à l'adresse e-mail {_masked_email(email)}.",
        "",
        "Si vous êtes à l'origine de cette inscription, vous n'avez rien à faire.",
        "",
        "Si vous ne l'êtes pas, contactez-nous sans attendre : nous fermerons ce compte et vous aiderons "
        "à ouvrir le vôtre.",
        SUPPORT,
        "",
        "Nous vous prions d'agréer nos salutations distinguées.",
        "L'équipe OCSO",
    )
    _lines(c, left, top - 84 * mm, body, width=A4[0] - 2 * left)
    c.showPage()
    c.save()
    return buffer.getvalue()


def queue_account_opened_letter(
    session: Session, *, member: Member, email: str, opened_at: datetime | None = None
) -> PostalLetter:
    """Draw the "compte ouvert" letter to the member's postal address and queue it for printing."""
    opened_at = opened_at or utcnow()
    pdf = _account_opened_pdf(member, email=email, opened_at=opened_at)
    stored = uploads.store(uploads.generated_pdf("ouverture-compte.pdf", pdf), session=session)
    letter = PostalLetter(
        member_id=member.id,
        reason=ACCOUNT_OPENED,
        storage_key=stored.storage_key,
        sha256=stored.sha256,
        size_bytes=stored.size_bytes,
        created_at=opened_at,
    )
    session.add(letter)
    try:
        session.flush()
    except Exception:
        uploads.delete_stored([stored.storage_key])
        raise
    audit.record(
        session,
        event_type=EVENT_TYPE,
        action=f"Courrier à imprimer : {ACCOUNT_OPENED.lower()}",
        member_id=member.id,
    )
    return letter


def take_letters_to_print(session: Session, *, now: datetime | None = None) -> PrintBatch:
    """Every letter not printed yet, merged in one PDF, and marked printed (each one audited)."""
    now = now or utcnow()
    letters = list(
        session.scalars(
            select(PostalLetter)
            .where(PostalLetter.printed_at.is_(None))
            .order_by(PostalLetter.created_at, PostalLetter.id)
            .with_for_update()
        )
    )
    writer = PdfWriter()
    for letter in letters:
        for page in PdfReader(io.BytesIO(uploads.read_stored(letter.storage_key))).pages:
            writer.add_page(page)
        letter.printed_at = now
        audit.record(
            session,
            event_type=EVENT_TYPE,
            action=f"Courrier imprimé : {letter.reason.lower()}",
            member_id=letter.member_id,
        )
    buffer = io.BytesIO()
    if letters:
        writer.write(buffer)
    return PrintBatch(pdf=buffer.getvalue(), letters=len(letters))
