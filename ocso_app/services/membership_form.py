"""Documents: the bulletin individuel d'adhésion (BIA) composer of the Espace Employeur.

The employer chooses one of its signed contracts in force, the options to offer, whether the contribution is
précomptée (withheld from the payslip) and, for a prévoyance contract only, the number of employees on it.
The result is a PDF drawn with reportlab: the company and the contract prefilled (SIREN, client number,
category, options with their contribution and its split, précompte), then the employee's blank fields to
fill in by hand (identity and NIR, family situation, beneficiaries, bank details, the SEPA mandate when the
contribution is not précomptée, start date, signatures). Under 6 employees, a prévoyance contract needs a
medical questionnaire: it is added as the last page, to be sent under sealed cover to the insurer's doctor.

The choices come from the browser (the route's query): they are parsed strictly here, and the contract is
looked up within the structures the employer guard gives, so another structure's contract is not found.
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)
from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.fr import siren

from ocso_app.models import Company, Contract, ContractKind, ContractOption
from ocso_app.services import audit
from ocso_app.services.care_catalog import money
from ocso_app.services.contracts import KIND_LABELS, visible
from ocso_app.services.contribution_split import split_contribution
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_long_date, format_money, format_percent
from ocso_app.services.ids import parse_id, parse_whole
from ocso_app.services.pdf_drawing import FONT, FONT_BOLD, plain, table_style

MAX_HEADCOUNT = 99_999
QUESTIONNAIRE_BELOW = 6  # a prévoyance category of fewer employees needs a medical questionnaire
MAX_OPTIONS = 20

NO_CONTRACT = "Choisissez un de vos contrats."
BAD_OPTION = "Une des options choisies n'appartient pas à ce contrat."
NO_OPTION = "Choisissez au moins une option du contrat."
NO_PAYROLL_CHOICE = (
    "Indiquez si la cotisation est prélevée sur le bulletin de paie du salarié (précompte employeur) "
    "ou sur son compte bancaire."
)
BAD_HEADCOUNT = (
    f"Indiquez le nombre de salariés inscrits sur le contrat : un nombre entier de 1 à {MAX_HEADCOUNT:_}."
).replace("_", "\u00a0")

PAYROLL_CHOICES = {"oui": True, "non": False}
PAYROLL_LABELS = {
    True: "Oui : la cotisation salariale est prélevée sur le bulletin de paie (précompte employeur)",
    False: "Non : la cotisation salariale est prélevée sur le compte bancaire du salarié",
}
# The SEPA creditor identifier under which OCSO collects contributions on the insurers' behalf.
CREDITOR = "OCSO pour le compte de l'organisme assureur"
CREDITOR_ADDRESS = "30 avenue Ariane – BP 50255 – 33698 MÉRIGNAC CEDEX"
CREDITOR_ID = "FR12ZZZ845137"
NO_MANDATE = (
    "<b>Mandat de prélèvement SEPA :</b> sans objet, la cotisation salariale est précomptée sur le "
    "bulletin de paie."
)
SEPA_TEXT = (
    "En signant ce formulaire de mandat, vous autorisez le créancier à envoyer des instructions à votre "
    "banque pour débiter votre compte, et votre banque à débiter votre compte conformément aux "
    "instructions du créancier. Vous bénéficiez du droit d'être remboursé par votre banque selon les "
    "conditions décrites dans la convention que vous avez passée avec elle. Une demande de remboursement "
    "doit être présentée dans les 8 semaines suivant la date de débit de votre compte pour un prélèvement"
    " autorisé. Le compte débité est celui indiqué ci-dessus."
)
PRIVACY_TEXT = (
    "Les données recueillies sont nécessaires à votre adhésion et sont traitées par OCSO et l'organisme "
    "assureur pour la gestion du contrat. Vous disposez d'un droit d'accès, de rectification et "
    "d'effacement auprès de dpo@ocso.fr. Bulletin à retourner à votre employeur, accompagné d'un RIB."
)
NAVY = colors.HexColor("#14284b")
SKY = colors.HexColor("#e8f1fb")
RULE = colors.HexColor("#9aa8bc")
MUTED = colors.HexColor("#4a5568")
WIDTH = 180 * mm
BOX_SIZE = 3.2 * mm
# The options' mark, formule, cotisation mensuelle, part employeur, part salarié: « Cotisation mensuelle »
# in DejaVu Sans bold wants 38 mm with its padding.
OPTION_WIDTHS = [14 * mm, 66 * mm, 40 * mm, 30 * mm, 30 * mm]


class InvalidChoice(OcsoError):
    """The composer's choices are not valid (their French message says why); nothing was drawn."""


@dataclass(frozen=True)
class BiaChoice:
    """What the employer asked for, parsed from the query but not yet checked against the database."""

    contract_id: int
    option_ids: tuple[int, ...]
    payroll_deduction: bool
    headcount_text: str


@dataclass(frozen=True)
class BiaOption:
    """An option printed on the form, with its contribution split (``Decimal``)."""

    label: str
    is_base: bool
    monthly: Decimal
    employer: Decimal

    @property
    def employee(self) -> Decimal:
        return self.monthly - self.employer


@dataclass(frozen=True)
class Bia:
    """Everything the form prints before the employee fills it in."""

    company_id: int
    company_name: str
    siren: str
    client_number: str
    address: str
    contract_number: str
    contract_label: str
    kind: ContractKind
    insurer: str
    category: str
    start_label: str
    employer_share: str
    options: list[BiaOption]
    payroll_deduction: bool
    headcount: int | None

    @property
    def needs_questionnaire(self) -> bool:
        """A prévoyance category of fewer than 6 employees: the medical questionnaire is added."""
        return self.headcount is not None and self.headcount < QUESTIONNAIRE_BELOW


def parse_choice(*, contract: str, options: str, payroll: str, headcount: str = "") -> BiaChoice | None:
    """The composer's query (``contrat``, ``options`` as comma-separated ids, ``precompte`` oui/non,
    ``effectif``); ``None`` when the contract is no id (answered as an unknown contract). The headcount is
    checked by :func:`compose`, which knows whether the contract needs it."""
    contract_id = parse_id(contract)
    if contract_id is None:
        return None
    parts = [part for part in (options or "").split(",") if part.strip()]
    option_ids = [parse_id(part.strip()) for part in parts]
    if len(option_ids) > MAX_OPTIONS or any(option_id is None for option_id in option_ids):
        raise InvalidChoice(BAD_OPTION)
    deduction = PAYROLL_CHOICES.get((payroll or "").strip().lower())
    if deduction is None:
        raise InvalidChoice(NO_PAYROLL_CHOICE)
    unique = tuple(dict.fromkeys(i for i in option_ids if i is not None))
    return BiaChoice(contract_id, unique, deduction, (headcount or "")[:20])


def _headcount(kind: ContractKind, text: str) -> int | None:
    if kind != ContractKind.PREVOYANCE:
        return None
    number = parse_whole(text.strip(), low=1, high=MAX_HEADCOUNT)
    if number is None:
        raise InvalidChoice(BAD_HEADCOUNT)
    return number


def compose(
    session: Session, *, structure_ids: tuple[int, ...], choice: BiaChoice, today: date
) -> Bia | None:
    """The form's content for a contract the employer sees; ``None`` for any other contract. The base plan
    is always printed; the chosen options must be the contract's (``InvalidChoice`` otherwise)."""
    row = session.execute(
        select(Contract, Company)
        .join(Company, Company.id == Contract.company_id)
        .where(Contract.id == choice.contract_id, visible(structure_ids, today))
    ).first()
    if row is None:
        return None
    contract, company = row
    headcount = _headcount(contract.kind, choice.headcount_text)
    options = session.scalars(
        select(ContractOption)
        .where(ContractOption.contract_id == contract.id)
        .order_by(ContractOption.is_base.desc(), ContractOption.id)
    ).all()
    known = {option.id for option in options}
    if not set(choice.option_ids) <= known:
        raise InvalidChoice(BAD_OPTION)
    printed = [option for option in options if option.is_base or option.id in choice.option_ids]
    if not printed:
        raise InvalidChoice(NO_OPTION)
    share = contract.employer_share_percent
    return Bia(
        company_id=company.id,
        company_name=company.name,
        siren=siren.format(company.siren),
        client_number=company.client_number,
        address=company.postal_address,
        contract_number=contract.number,
        contract_label=contract.label,
        kind=contract.kind,
        insurer=contract.insurer,
        category=contract.personnel_category,
        start_label=format_long_date(contract.start_date),
        employer_share=format_percent(share),
        options=[
            BiaOption(
                label=option.label,
                is_base=option.is_base,
                monthly=option.monthly_contribution,
                employer=split_contribution(option.monthly_contribution, employer_percent=share).employer
                if option.is_base
                else money(0),
            )
            for option in printed
        ],
        payroll_deduction=choice.payroll_deduction,
        headcount=headcount,
    )


def membership_form_pdf(
    session: Session, *, actor: audit.Actor, structure_ids: tuple[int, ...], choice: BiaChoice, today: date
) -> bytes | None:
    """The BIA of ``choice`` as PDF, its download audited; ``None`` for a contract the employer does not
    see. Invalid choices raise ``InvalidChoice`` before anything is drawn or written."""
    bia = compose(session, structure_ids=structure_ids, choice=choice, today=today)
    if bia is None:
        return None
    content = draw(bia)
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=bia.company_id),
        event_type="Téléchargement",
        action=f"Téléchargement du bulletin individuel d'adhésion du contrat {bia.contract_number}",
    )
    return content


# --- drawing


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    normal = ParagraphStyle("normal", parent=base["Normal"], fontName=FONT, fontSize=8.5, leading=11)
    return {
        "title": ParagraphStyle(
            "title", parent=normal, fontName=FONT_BOLD, fontSize=15, leading=19, textColor=NAVY
        ),
        "subtitle": ParagraphStyle("subtitle", parent=normal, textColor=MUTED),
        "bar": ParagraphStyle("bar", parent=normal, fontName=FONT_BOLD, fontSize=9.5, textColor=colors.white),
        "normal": normal,
        "small": ParagraphStyle("small", parent=normal, fontSize=7, leading=9, textColor=MUTED),
        "bold": ParagraphStyle("bold", parent=normal, fontName=FONT_BOLD),
    }


def _bar(title: str, styles: dict[str, ParagraphStyle]) -> Table:
    table = Table([[Paragraph(title, styles["bar"])]], colWidths=[WIDTH])
    table.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), NAVY),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _facts(rows: list[tuple[str, str]], styles: dict[str, ParagraphStyle]) -> Table:
    """Prefilled lines: label, then the value in bold, two per row."""
    cells = [
        [Paragraph(label, styles["small"]), Paragraph(plain(value), styles["bold"])] for label, value in rows
    ]
    if len(cells) % 2:
        cells.append(["", ""])
    grid = [cells[i] + cells[i + 1] for i in range(0, len(cells), 2)]
    table = Table(grid, colWidths=[30 * mm, 60 * mm, 30 * mm, 60 * mm])
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (0, 0), (-1, -1), SKY)]))
    return table


def _blanks(
    labels: list[str], styles: dict[str, ParagraphStyle], *, per_row: int = 2, height: float = 9.5 * mm
) -> Table:
    """Lines to fill in by hand: each label (``""`` for a free line) above a ruled space."""
    rows = [labels[i : i + per_row] for i in range(0, len(labels), per_row)]
    grid = [
        [Paragraph(label, styles["small"]) for label in row] + [""] * (per_row - len(row)) for row in rows
    ]
    table = Table(grid, colWidths=[WIDTH / per_row] * per_row, rowHeights=[height] * len(grid))
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
    ]
    commands += [
        ("LINEBELOW", (column, r), (column, r), 0.5, RULE)
        for r, row in enumerate(rows)
        for column in range(len(row))
    ]
    table.setStyle(table_style(commands))
    return table


def _boxes(
    label: str, count: int, styles: dict[str, ParagraphStyle], *, groups: tuple[int, ...] = ()
) -> Table:
    """A label then ``count`` boxes, one per character (NIR, IBAN, BIC); ``groups`` leave a gap after the
    given positions."""
    box = 4.2 * mm
    cells: list[str] = []
    widths: list[float] = []
    for position in range(count):
        cells.append("")
        widths.append(box)
        if position + 1 in groups:
            cells.append("")
            widths.append(1.5 * mm)
    label_width = WIDTH - sum(widths)
    table = Table(
        [[Paragraph(label, styles["small"]), *cells]], colWidths=[label_width, *widths], rowHeights=[6 * mm]
    )
    commands: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    column = 1
    for position in range(count):
        commands.append(("BOX", (column, 0), (column, 0), 0.5, RULE))
        column += 2 if position + 1 in groups else 1
    table.setStyle(table_style(commands))
    return table


def _box() -> Table:
    """An empty check box (drawn, so that it needs no symbol font)."""
    box = Table([[""]], colWidths=[BOX_SIZE], rowHeights=[BOX_SIZE])
    box.setStyle(table_style([("BOX", (0, 0), (-1, -1), 0.7, NAVY)]))
    return box


def _checks(
    label: str, choices: list[str], styles: dict[str, ParagraphStyle], *, width: float = WIDTH
) -> Table:
    """``label`` then a box before each choice, on one line (the last choice takes what width remains)."""
    font, size = styles["normal"].fontName, styles["normal"].fontSize
    label_width = stringWidth(label, font, styles["small"].fontSize) + 3 * mm if label else 0
    cells: list[object] = [Paragraph(label, styles["small"])] if label else []
    widths: list[float] = [label_width] if label else []
    for index, choice in enumerate(choices):
        room = width - sum(widths) - BOX_SIZE - 2 * mm
        text = room if index == len(choices) - 1 else min(room, stringWidth(choice, font, size) + 5 * mm)
        cells += [_box(), Paragraph(choice, styles["normal"])]
        widths += [BOX_SIZE + 2 * mm, text]
    table = Table([cells], colWidths=widths)
    table.setStyle(
        table_style([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 1)])
    )
    return table


def _options_table(bia: Bia, styles: dict[str, ParagraphStyle]) -> Table:
    rows: list[list[object]] = [["", "Formule", "Cotisation mensuelle", "Part employeur", "Part salarié"]]
    for option in bia.options:
        mark = Paragraph("incluse", styles["small"]) if option.is_base else _box()
        rows.append(
            [
                mark,
                Paragraph(plain(option.label), styles["normal"]),
                format_money(option.monthly),
                format_money(option.employer),
                format_money(option.employee),
            ]
        )
    table = Table(rows, colWidths=OPTION_WIDTHS)
    table.setStyle(
        table_style(
            [
                ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8),
                ("FONT", (0, 1), (-1, -1), FONT, 8.5),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("BACKGROUND", (0, 0), (-1, 0), NAVY),
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("GRID", (0, 0), (-1, -1), 0.25, RULE),
            ]
        )
    )
    return table


def _company_and_contract(bia: Bia, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    return [
        _bar("L'ENTREPRISE", styles),
        _facts(
            [
                ("Raison sociale", bia.company_name),
                ("SIREN", bia.siren),
                ("N° client OCSO", bia.client_number),
                ("Adresse", bia.address),
            ],
            styles,
        ),
        Spacer(1, 3 * mm),
        _bar(f"LE CONTRAT {KIND_LABELS[bia.kind].upper()}", styles),
        _facts(
            [
                ("Contrat n°", bia.contract_number),
                ("Régime", bia.contract_label),
                ("Organisme assureur", bia.insurer),
                ("Catégorie de personnel", bia.category),
                ("Date d'effet du contrat", bia.start_label),
                ("Part employeur", f"{bia.employer_share} de la formule de base"),
                *([("Salariés inscrits", str(bia.headcount))] if bia.headcount is not None else []),
            ],
            styles,
        ),
        Spacer(1, 2 * mm),
        Paragraph(
            "Le salarié coche l'option qu'il choisit ; la formule de base est incluse."
            if any(not option.is_base for option in bia.options)
            else "La formule de base est incluse.",
            styles["small"],
        ),
        Spacer(1, 1 * mm),
        _options_table(bia, styles),
        Spacer(1, 2 * mm),
        Paragraph(f"<b>Précompte employeur :</b> {PAYROLL_LABELS[bia.payroll_deduction]}", styles["normal"]),
    ]


def _employee(bia: Bia, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    return [
        _bar("LE SALARIÉ (à compléter par le salarié)", styles),
        Spacer(1, 1.5 * mm),
        _checks("Civilité :", ["Madame", "Monsieur"], styles),
        _blanks(
            [
                "Nom de naissance",
                "Nom d'usage",
                "Prénom(s)",
                "Date et lieu de naissance",
                "Adresse",
                "Code postal et ville",
                "Téléphone",
                "Adresse e-mail",
                "Date d'entrée dans l'entreprise",
                "Date d'effet de l'adhésion",
            ],
            styles,
        ),
        Spacer(1, 1.5 * mm),
        _boxes("N° de sécurité sociale (NIR) et clé", 15, styles, groups=(1, 3, 5, 7, 10, 13)),
        Spacer(1, 1.5 * mm),
        _checks(
            "Situation de famille :",
            ["Célibataire", "Marié(e)", "Pacsé(e)", "Concubinage", "Divorcé(e)", "Veuf(ve)"],
            styles,
        ),
    ]


def _beneficiaries(bia: Bia, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    if bia.kind == ContractKind.PREVOYANCE:
        return [
            _bar("BÉNÉFICIAIRES DU CAPITAL DÉCÈS", styles),
            Spacer(1, 1.5 * mm),
            _checks(
                "",
                ["Clause type : mon conjoint, à défaut mes enfants nés ou à naître, à défaut mes héritiers"],
                styles,
            ),
            _checks(
                "",
                ["Clause particulière (nom, prénom, date de naissance et part de chaque bénéficiaire) :"],
                styles,
            ),
            _blanks(["", "", ""], styles, per_row=1),
        ]
    header = ["Qualité (conjoint, enfant…)", "Nom", "Prénom", "Date de naissance", "N° de sécurité sociale"]
    rows = [[Paragraph(h, styles["small"]) for h in header]] + [[""] * 5 for _ in range(4)]
    table = Table(
        rows, colWidths=[38 * mm, 36 * mm, 30 * mm, 28 * mm, 48 * mm], rowHeights=[6 * mm] + [7 * mm] * 4
    )
    table.setStyle(table_style([("GRID", (0, 0), (-1, -1), 0.5, RULE), ("BACKGROUND", (0, 0), (-1, 0), SKY)]))
    return [_bar("BÉNÉFICIAIRES (ayants droit à couvrir)", styles), Spacer(1, 1.5 * mm), table]


def _bank(bia: Bia, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    purpose = "des remboursements" if bia.kind == ContractKind.SANTE else "des prestations"
    flowables: list[Flowable] = [
        _bar(f"COORDONNÉES BANCAIRES (versement {purpose})", styles),
        Spacer(1, 1.5 * mm),
        _blanks(["Titulaire du compte"], styles, per_row=1),
        _boxes("IBAN", 34, styles, groups=(4, 8, 12, 16, 20, 24, 28, 32)),
        _boxes("BIC", 11, styles),
        Paragraph("Joindre un relevé d'identité bancaire (RIB).", styles["small"]),
        Spacer(1, 3 * mm),
    ]
    if bia.payroll_deduction:
        return [
            *flowables,
            Paragraph(
                NO_MANDATE,
                styles["normal"],
            ),
        ]
    mandate = [
        _bar("MANDAT DE PRÉLÈVEMENT SEPA (cotisation salariale)", styles),
        _facts(
            [
                ("Créancier", CREDITOR),
                ("Identifiant créancier SEPA", CREDITOR_ID),
                ("Adresse du créancier", CREDITOR_ADDRESS),
                ("Type de paiement", "Récurrent"),
                ("Référence unique du mandat", "attribuée à l'adhésion"),
            ],
            styles,
        ),
        Paragraph(
            SEPA_TEXT,
            styles["small"],
        ),
        _blanks(
            ["Nom et adresse du débiteur", "Fait à, le", "Signature du titulaire du compte"],
            styles,
            per_row=3,
            height=18 * mm,
        ),
    ]
    return [*flowables, KeepTogether(mandate)]


def _signatures(styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    return [
        _bar("SIGNATURES", styles),
        Spacer(1, 1.5 * mm),
        Paragraph(
            "Je certifie l'exactitude des renseignements ci-dessus et reconnais avoir reçu la notice "
            "d'information du contrat.",
            styles["normal"],
        ),
        _blanks(
            ["Fait à, le", "Signature du salarié", "Cachet et signature de l'employeur"],
            styles,
            per_row=3,
            height=22 * mm,
        ),
        Spacer(1, 2 * mm),
        Paragraph(
            PRIVACY_TEXT,
            styles["small"],
        ),
    ]


QUESTIONS = (
    "Êtes-vous actuellement en arrêt de travail, total ou partiel ?",
    "Au cours des 5 dernières années, avez-vous été en arrêt de travail plus de 30 jours consécutifs ?",
    "Êtes-vous titulaire d'une pension d'invalidité ou d'une rente d'incapacité ?",
    "Suivez-vous un traitement médical régulier ou devez-vous en suivre un ?",
    "Une hospitalisation ou une intervention chirurgicale est-elle prévue ?",
    "Êtes-vous atteint(e) d'une affection de longue durée (ALD) ?",
)


def _questionnaire(bia: Bia, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    rows = [
        [
            Paragraph(question, styles["normal"]),
            _checks("", ["Oui", "Non"], styles, width=30 * mm),
        ]
        for question in QUESTIONS
    ]
    table = Table(rows, colWidths=[150 * mm, 30 * mm])
    table.setStyle(
        table_style(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return [
        PageBreak(),
        Paragraph("QUESTIONNAIRE MÉDICAL", styles["title"]),
        Paragraph(
            f"Contrat prévoyance n° {bia.contract_number} – {plain(bia.insurer)} – catégorie de moins de "
            f"{QUESTIONNAIRE_BELOW} salariés",
            styles["subtitle"],
        ),
        Spacer(1, 3 * mm),
        Paragraph(
            "<b>Confidentiel.</b> Le salarié remplit ce questionnaire et l'adresse lui-même, sous pli "
            f"fermé, au médecin-conseil de {plain(bia.insurer)}. "
            "L'employeur ne doit pas en prendre connaissance.",
            styles["normal"],
        ),
        Spacer(1, 3 * mm),
        _blanks(["Nom et prénom du salarié", "Date de naissance"], styles),
        Spacer(1, 2 * mm),
        table,
        Spacer(1, 3 * mm),
        Paragraph(
            "Si vous avez répondu « Oui » à l'une des questions, précisez la nature de l'affection, les "
            "dates et les traitements :",
            styles["normal"],
        ),
        _blanks(["", "", ""], styles, per_row=1),
        Spacer(1, 2 * mm),
        Paragraph(
            "Je certifie l'exactitude de mes réponses. Toute réticence ou fausse déclaration intentionnelle "
            "entraîne la nullité de l'adhésion (article L113-8 du Code des assurances).",
            styles["small"],
        ),
        _blanks(["Fait à, le", "Signature du salarié"], styles, height=22 * mm),
    ]


def draw(bia: Bia) -> bytes:
    """The BIA as a PDF (A4), the questionnaire as its last page when needed."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title="Bulletin individuel d'adhésion",
        author="OCSO",
        initialFontName=FONT,
    )
    styles = _styles()
    story: list[Flowable] = [
        Paragraph("BULLETIN INDIVIDUEL D'ADHÉSION", styles["title"]),
        Paragraph(
            f"Contrat collectif {KIND_LABELS[bia.kind].lower()} – à compléter par le salarié et à "
            "retourner à son employeur",
            styles["subtitle"],
        ),
        Spacer(1, 3 * mm),
        *_company_and_contract(bia, styles),
        Spacer(1, 3 * mm),
        *_employee(bia, styles),
        Spacer(1, 3 * mm),
        *_beneficiaries(bia, styles),
        Spacer(1, 3 * mm),
        *_bank(bia, styles),
        Spacer(1, 3 * mm),
        KeepTogether(_signatures(styles)),
    ]
    if bia.needs_questionnaire:
        story.extend(_questionnaire(bia, styles))
    document.build(story)
    return buffer.getvalue()
