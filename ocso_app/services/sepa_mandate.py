"""The SEPA direct-debit mandate a new member signs online when they affiliate: its unique mandate reference
(RUM), the PDF drawn with the portal's look (``pdf_drawing``) and the creditor of the paper bulletin
(``membership_form``), kept in private storage with its ``SepaMandate`` row, and a copy in the member's
documents."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer
from sqlalchemy.orm import Session

from ocso_app.models import Document, DocumentCategory, Member, SepaMandate
from ocso_app.services import documents, uploads
from ocso_app.services.crypto import encrypt_field
from ocso_app.services.formats import format_paris_datetime
from ocso_app.services.membership_form import CREDITOR, CREDITOR_ADDRESS, CREDITOR_ID, SEPA_TEXT
from ocso_app.services.pdf_drawing import facts_table, paragraph_styles, plain, render_pdf
from ocso_app.services.typed_text import column_length, fitted

TITLE = "Mandat de prélèvement SEPA"
# The text the member accepts on the page, the same as the one printed on the PDF.
ACCEPTANCE = (
    f"J'autorise {CREDITOR} (identifiant créancier SEPA {CREDITOR_ID}) à prélever chaque mois ma "
    "cotisation sur le compte indiqué, selon ce mandat de prélèvement SEPA."
)


@dataclass(frozen=True)
class BankAccount:
    """An account checked with python-stdnum: the compact IBAN and BIC."""

    iban: str
    bic: str


def new_reference(member_number: str) -> str:
    """A unique mandate reference (RUM, at most 35 characters of the SEPA set): the numéro and a random
    part, so that a new mandate of the same member never repeats one."""
    return f"OCSO-{member_number}-{secrets.token_hex(5).upper()}"


def spaced_iban(iban: str) -> str:
    """``FR76 3000 …``: the IBAN in groups of four, as printed on a RIB."""
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def mandate_pdf(
    *, reference: str, holder: str, address: str, account: BankAccount, signed_at: datetime
) -> bytes:
    """The signed mandate: creditor, debtor, account, reference, the legal text and the online signature."""
    styles = paragraph_styles()
    widths = (70 * mm, 110 * mm)  # « Référence unique du mandat (RUM) » wants 68 mm
    story: list[Flowable] = [
        Paragraph(TITLE, styles["title"]),
        Paragraph("Paiement récurrent – cotisation de complémentaire santé", styles["muted"]),
        Spacer(1, 4 * mm),
        Paragraph("Créancier", styles["heading"]),
        facts_table(
            [("Nom", CREDITOR), ("Identifiant créancier SEPA", CREDITOR_ID), ("Adresse", CREDITOR_ADDRESS)],
            widths=widths,
            align="LEFT",
        ),
        Paragraph("Débiteur", styles["heading"]),
        facts_table(
            [
                ("Titulaire du compte", holder),
                ("Adresse", address or "—"),
                ("IBAN", spaced_iban(account.iban)),
                ("BIC", account.bic),
            ],
            widths=widths,
            align="LEFT",
        ),
        Paragraph("Mandat", styles["heading"]),
        facts_table(
            [
                ("Référence unique du mandat (RUM)", reference),
                ("Type de paiement", "Récurrent"),
                ("Signé en ligne le", format_paris_datetime(signed_at)),
            ],
            widths=widths,
            align="LEFT",
        ),
        Spacer(1, 4 * mm),
        Paragraph(ACCEPTANCE, styles["normal"]),
        Spacer(1, 2 * mm),
        Paragraph(SEPA_TEXT, styles["muted"]),
        Spacer(1, 2 * mm),
        Paragraph(
            f"Mandat accepté en ligne par {plain(holder)} sur le portail OCSO, en cochant la case "
            "d'acceptation.",
            styles["muted"],
        ),
    ]
    return render_pdf(story, title=f"{TITLE} {reference}")


def sign_mandate(
    session: Session, *, member: Member, account: BankAccount, signed_at: datetime
) -> SepaMandate:
    """Draw ``member``'s mandate, keep the PDF privately and add its row (the file is removed again if the row
    cannot be written)."""
    reference = new_reference(member.member_number)
    holder = f"{member.first_name} {member.last_name}"
    address = " ".join(p for p in (member.address_line, member.postal_code, member.city) if p)
    pdf = mandate_pdf(
        reference=reference, holder=holder, address=address, account=account, signed_at=signed_at
    )
    stored = uploads.store(uploads.generated_pdf(f"mandat-sepa-{reference}.pdf", pdf), session=session)
    mandate = SepaMandate(
        member_id=member.id,
        reference=reference,
        holder_name=fitted(holder, column_length(SepaMandate.holder_name)),  # 80 + 1 + 80: one too many
        iban_enc=encrypt_field(account.iban),
        bic=account.bic,
        signed_at=signed_at,
        storage_key=stored.storage_key,
        sha256=stored.sha256,
    )
    with uploads.removed_on_failure([stored.storage_key]):
        session.add(mandate)
        session.flush()
    return mandate


def file_for_member(session: Session, mandate: SepaMandate) -> Document:
    """The signed mandate in the member's documents (« VOUS AVEZ DU COURRIER »), unread until opened: a copy
    of its PDF, the mandate's own file staying with its row."""
    return documents.store_member_pdf(
        session,
        member_id=mandate.member_id,
        category=DocumentCategory.MAIL,
        title=f"{TITLE} {mandate.reference}",
        pdf_bytes=uploads.read_stored(mandate.storage_key),
    )
