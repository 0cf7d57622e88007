"""The persona members' Mes documents, as in the guide's screenshots: « VOUS AVEZ DU COURRIER » with dated
letters of the service Prestations (the newest unread, so the badges show at once), a prescription médicale
received with a reimbursement, and the descriptif des garanties of their own contract. Real PDFs drawn with
reportlab, stored like every other document. (Simulations de remboursement are the member's own: the
simulation feature files them.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ocso_app.models import DocumentCategory
from ocso_app.seed.context import Context
from ocso_app.seed.data import personas as data
from ocso_app.seed.rows import RowBuffer
from ocso_app.seed.writers.documents import PdfTable, add_document, draw_pdf


@dataclass(frozen=True)
class Letter:
    """A document of a persona: its section, title, age in days, whether it was read, and its text."""

    member: str
    category: DocumentCategory
    title: str
    days_ago: int
    read: bool
    paragraphs: tuple[str, ...]


LETTERS = (
    Letter(
        "martin",
        DocumentCategory.MAIL,
        "Courrier du service Prestations – pièce manquante",
        6,
        False,
        (
            "Monsieur,",
            "Pour rembourser votre facture d'opticien (vos lunettes), il nous manque la prescription "
            "médicale de votre ophtalmologiste ou de votre orthoptiste. Vous pouvez nous l'envoyer depuis "
            "Mes démarches (Envoi de document), en photo ou en PDF.",
            "Nous vous prions d'agréer nos salutations distinguées. Le service Prestations.",
        ),
    ),
    Letter(
        "martin",
        DocumentCategory.MAIL,
        "Courrier d'information – vos garanties au 1er janvier",
        323,
        True,
        (
            "Madame, Monsieur,",
            "Vos garanties santé sont reconduites au 1er janvier sans changement de niveau. Le descriptif "
            "des garanties de votre contrat est disponible dans Mes documents.",
            "Le service Prestations.",
        ),
    ),
    Letter(
        "martin",
        DocumentCategory.PRESCRIPTION,
        "Prescription médicale – équipement optique de Julie DUBOIS",
        41,
        True,
        (
            "Ordonnance reçue avec la demande de remboursement de l'équipement optique de Julie DUBOIS.",
            "Correction : OD -1,25 ; OG -1,00. Verres unifocaux. Prescription valable 5 ans.",
        ),
    ),
    Letter(
        "demarest",
        DocumentCategory.MAIL,
        "Courrier du service Prestations – télétransmission de Nathalie DEMAREST",
        3,
        False,
        (
            "Madame, Monsieur,",
            "Nous avons demandé à la caisse d'Assurance Maladie de Nathalie DEMAREST la mise en place de la "
            "télétransmission (NOEMIE). En attendant qu'elle soit active, envoyez-nous ses décomptes de la "
            "Sécurité sociale depuis Mes démarches.",
            "Le service Prestations.",
        ),
    ),
)


def add_member_documents(ctx: Context, buf: RowBuffer, members: dict[str, int]) -> None:
    """The letters above and each persona's descriptif des garanties (``members``: ids by persona key)."""
    specs = {spec.key: spec for spec in (data.MARTIN, data.DEMAREST)}
    for letter in LETTERS:
        spec = specs[letter.member]
        published = ctx.now - timedelta(days=letter.days_ago, hours=3)
        add_document(
            ctx,
            buf,
            member_id=members[letter.member],
            category=letter.category,
            title=letter.title,
            pdf=draw_pdf(
                title=letter.title,
                subtitle=_addressee(spec),
                blocks=[f"Mérignac, le {published:%d/%m/%Y}", *letter.paragraphs],
            ),
            published_at=published,
            read_at=published + timedelta(days=1) if letter.read else None,
        )
    for key, spec in specs.items():
        published = ctx.now - timedelta(days=400)
        title = f"Descriptif des garanties – {spec.plan.label}"
        rules = [(rule.label, rule.rule) for rule in spec.plan.rules]
        add_document(
            ctx,
            buf,
            member_id=members[key],
            category=DocumentCategory.GUARANTEES,
            title=title,
            pdf=draw_pdf(
                title=title,
                subtitle=_addressee(spec),
                blocks=[
                    "Remboursements de la Sécurité sociale inclus (BR : base de remboursement).",
                    PdfTable(("Garantie", "Prise en charge"), rules, (95, 79)),
                ],
            ),
            published_at=published,
            read_at=published + timedelta(days=2),
        )


def _addressee(spec: data.MemberSpec) -> list[str]:
    line, postal_code, city = spec.address
    return [
        f"{spec.civility} {spec.first_name} {spec.last_name.upper()} – adhérent n° {spec.number}",
        f"{line}, {postal_code} {city}",
    ]
