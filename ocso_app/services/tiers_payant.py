"""The carte de tiers payant (attestation de tiers payant) as a PDF, and sending it to a health professional.

The layout follows the inter-AMC harmonisation: the validity period at the top left, the "pavé normalisé"
(numéro AMC, type de convention, critère secondaire de routage, numéro d'adhérent), the beneficiaries with
their rang and birth date, the care domains with the coverage of the member's contract option, the
tiers-payant operator, and a DataMatrix (``AMC#1#<AMC>#<CSR>#<adhérent>#<convention>#<du>#<au>``) drawn with
reportlab's own ECC 200 encoder.
"""

from __future__ import annotations

import functools
import io
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from reportlab.graphics.barcode.ecc200datamatrix import ECC200DataMatrix
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ocso_app.models import (
    AuditEvent,
    Beneficiary,
    Contract,
    ContractOption,
    Employee,
    Guarantee,
    Interface,
    Member,
)
from ocso_app.models.base import utcnow
from ocso_app.services import audit, mail
from ocso_app.services.email_addresses import valid_email
from ocso_app.services.errors import NOT_A_MEMBER, AccessDenied, OcsoError
from ocso_app.services.formats import format_person_name, format_short_date
from ocso_app.services.pdf_drawing import FONT, FONT_BOLD, MUTED, NAVY, ORANGE, fitted_lines

# Harmonised order of the domains printed on French cards, then our other categories.
DOMAIN_ORDER = ("PHAR", "MEDG", "MEDS", "LABO", "RADL", "HOSP", "OPTI", "DENT", "AUDI", "KINE")
DOMAIN_CODES = {"MEDS": "SPE", "KINE": "AUXM"}
CONVENTION_TYPE = "TP"
# Numéro AMC (organisme complémentaire) of the insurers carrying OCSO's contracts; not yet in the database.
AMC_NUMBERS = {
    "Mutuelle des Deux Rives": "332145678",
    "Atlantique Prévoyance": "334567891",
    "Union Santé Aquitaine": "331987654",
}
CSR_BY_OPERATOR = {"VIAMEDIS": "VIA01", "ALMERYS": "ALM01"}
INVALID_EMAIL = "L'adresse e-mail du professionnel de santé n'est pas valide."
SEND_FAILED = "L'envoi de la carte n'a pas abouti. Réessayez dans quelques minutes."
TOO_MANY_SENDS = "Vous avez envoyé votre carte de nombreuses fois : réessayez dans une heure."
SEND_EVENT = "Carte de tiers payant"
MAX_SENDS_PER_HOUR = 10


class InvalidRecipient(OcsoError):
    """The professional's address is not an e-mail address."""


@dataclass(frozen=True)
class CardBeneficiary:
    name: str
    rank: str
    birth_date: str


@dataclass(frozen=True)
class CardDomain:
    code: str
    label: str
    coverage: str


@dataclass(frozen=True)
class Card:
    """Everything printed on the card."""

    holder: str
    member_number: str
    amc_number: str
    csr: str
    convention: str
    insurer: str
    operator: str
    valid_from: date
    valid_to: date
    beneficiaries: list[CardBeneficiary]
    domains: list[CardDomain]
    rights_note: str = ""

    @property
    def datamatrix_value(self) -> str:
        """The AMC-format content of the DataMatrix."""
        return "#".join(
            (
                "AMC",
                "1",
                self.amc_number,
                self.csr,
                self.member_number,
                self.convention,
                self.valid_from.strftime("%Y%m%d"),
                self.valid_to.strftime("%Y%m%d"),
            )
        )


def amc_number(insurer: str) -> str:
    """The insurer's numéro AMC (9 digits), stable for an insurer we do not list yet."""
    return AMC_NUMBERS.get(insurer) or f"{zlib.crc32(insurer.encode()) % 10**9:09d}"


class RightsEnded(OcsoError):
    """The member's cover has ended: no card for a period that is not covered."""


CONTRACT_ENDED = (
    "Le contrat de votre complémentaire santé a pris fin le {day} : aucune carte de tiers payant ne peut "
    "être délivrée pour une période non couverte."
)
NO_COVERED_DAY = (
    "Votre couverture prend fin avant l'ouverture de vos droits : aucune carte de tiers payant ne peut être "
    "délivrée. Contactez OCSO."
)


def _validity(
    member: Member, contract: Contract | None, today: date, *, in_portability: bool = False
) -> tuple[date, date]:
    """The card's period: the calendar year, cut at the start and the end of the member's rights; a
    portabilité's card runs to the portabilité's last day, even in the next year. Rights opening in a later
    year (an employee hired in January, affiliated in December) give that year's card: this year's would
    end before it starts. A contract already ended, or ending before the rights open, covers no day of a
    card: ``RightsEnded`` (cut at its end, the card ran « du 01/01/2025 au 31/12/2023 »)."""
    contract_end = contract.end_date if contract else None
    if contract_end is not None and contract_end < today:
        raise RightsEnded(CONTRACT_ENDED.format(day=format_short_date(contract_end)))
    year = max(today.year, member.adhesion_date.year)
    start = max(date(year, 1, 1), member.adhesion_date)
    year_end = None if in_portability else date(year, 12, 31)
    end = min(d for d in (year_end, member.radiation_date, contract_end) if d is not None)
    if end < start:
        raise RightsEnded(NO_COVERED_DAY)
    return start, end


def _rights_note(session: Session, member: Member, today: date) -> tuple[str, bool]:
    """What the member space says when the cover ends (radiation, portabilité, art. L911-8), and whether the
    member is in portabilité."""
    if member.radiation_date is None:
        return "", False
    last_day = format_short_date(member.radiation_date)
    if member.radiation_date < today:
        raise RightsEnded(
            f"Vos droits ont pris fin le {last_day} : aucune carte de tiers payant ne peut être délivrée "
            "pour une période non couverte."
        )
    left = session.scalar(
        select(Employee)
        .where(Employee.member_id == member.id, Employee.portability_end_on == member.radiation_date)
        .limit(1)
    )
    if left is not None and left.radiated_on is not None:
        return (
            f"Votre contrat de travail a pris fin le {format_short_date(left.radiated_on)} : vos garanties "
            f"sont maintenues au titre de la portabilité jusqu'au {last_day}."
        ), True
    return f"Vos droits prennent fin le {last_day} : votre carte n'est valable que jusqu'à cette date.", False


def _domains(session: Session, option_id: int | None) -> list[CardDomain]:
    if option_id is None:
        return []
    rows = session.execute(
        select(Guarantee.care_category, Guarantee.label, Guarantee.rule).where(
            Guarantee.option_id == option_id
        )
    ).all()
    by_code = {code: (label, rule) for code, label, rule in rows}
    ordered = [c for c in DOMAIN_ORDER if c in by_code] + sorted(set(by_code) - set(DOMAIN_ORDER))
    return [CardDomain(DOMAIN_CODES.get(c, c), by_code[c][0], by_code[c][1]) for c in ordered]


def _beneficiaries(session: Session, member_id: int, today: date) -> list[CardBeneficiary]:
    rows = session.scalars(
        select(Beneficiary)
        .where(
            Beneficiary.member_id == member_id,
            or_(Beneficiary.end_date.is_(None), Beneficiary.end_date >= today),
        )
        .order_by(Beneficiary.rank)
    )
    return [
        CardBeneficiary(
            f"{b.last_name.upper()} {b.first_name.upper()}", b.rank, format_short_date(b.birth_date)
        )
        for b in rows
    ]


def card_for(session: Session, *, member_id: int, today: date) -> Card:
    """The member's card data (``member_id`` from the guard)."""
    member = session.get(Member, member_id)
    if member is None:
        raise AccessDenied("Adhérent introuvable.")
    contract = session.scalar(
        select(Contract)
        .join(ContractOption, ContractOption.contract_id == Contract.id)
        .where(ContractOption.id == member.contract_option_id)
    )
    insurer = contract.insurer if contract else "OCSO"
    rights_note, in_portability = _rights_note(session, member, today)
    valid_from, valid_to = _validity(member, contract, today, in_portability=in_portability)
    return Card(
        holder=format_person_name(member.first_name, member.last_name),
        member_number=member.member_number,
        amc_number=amc_number(insurer),
        csr=CSR_BY_OPERATOR.get(member.tiers_payant_operator, "TP001"),
        convention=CONVENTION_TYPE,
        insurer=insurer,
        operator=member.tiers_payant_operator,
        valid_from=valid_from,
        valid_to=valid_to,
        beneficiaries=_beneficiaries(session, member_id, today),
        domains=_domains(session, member.contract_option_id),
        rights_note=rights_note,
    )


# --- drawing (plain canvas: fast)

CARD_LEFT, CARD_WIDTH, CARD_HEIGHT = 15 * mm, 180 * mm, 118 * mm
# Widths a value may take before it reaches the next column or the card's frame.
LEFT_COLUMN, DOMAIN_COVERAGE, NAME_COLUMN, BOX_VALUE = 108 * mm, 46 * mm, 60 * mm, 41 * mm
# A value too long for its place wraps onto a second line (a coverage, whose amounts matter, onto a third),
# its lines closer together than the card's rows so that each row reads as one. A block that would then run
# past the card's bottom, or into the DataMatrix, is drawn smaller, its rows closer in proportion, by half
# points; only when the smallest size is not enough is a value cut, with a « … » one sees.
TEXT_SIZE, COVERAGE_SIZE, SMALLEST = 8.5, 8, 6.5
NAME_LINES, COVERAGE_LINES = 2, 3
ROW = 4.2 * mm  # a row's height at a block's largest size
WRAPPED_LINE = 1.2  # a wrapped value's lines, in sizes of its type
NOTE_SIZE, NOTE_LINES = 8.5, 3  # the rights note under the card (``Card.rights_note``)


@dataclass(frozen=True)
class _Line:
    """One string placed on the card."""

    x: float
    y: float
    text: str
    font: str
    size: float


def _laid_out(
    lay_out: Callable[[float, int], list[_Line]], *, largest: float, most_lines: int, floor: float
) -> list[_Line]:
    """The lines ``lay_out(size, most_lines)`` places at the largest size (by half points down to
    ``SMALLEST``) whose lowest line stays above ``floor``; failing that, at the smallest size with fewer
    lines per value, down to one."""
    sizes = [largest - step / 2 for step in range(int((largest - SMALLEST) * 2) + 1)]
    attempts = [(size, most_lines) for size in sizes] + [(SMALLEST, n) for n in range(most_lines - 1, 0, -1)]
    lines: list[_Line] = []
    for size, most in attempts:
        lines = lay_out(size, most)
        if min((line.y for line in lines), default=floor) >= floor:
            break
    return lines


def _draw(c: Canvas, lines: list[_Line]) -> None:
    for line in lines:
        c.setFont(line.font, line.size)
        c.drawString(line.x, line.y, line.text)


def _frame(c: Canvas, top: float) -> None:
    c.setStrokeColor(NAVY)
    c.setLineWidth(1.2)
    c.roundRect(CARD_LEFT, top - CARD_HEIGHT, CARD_WIDTH, CARD_HEIGHT, 4 * mm)
    c.setFillColor(NAVY)
    c.rect(CARD_LEFT, top - 14 * mm, CARD_WIDTH, 14 * mm, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont(FONT_BOLD, 13)
    c.drawString(CARD_LEFT + 5 * mm, top - 9 * mm, "OCSO – Attestation de tiers payant")
    c.setFont(FONT, 9)
    c.drawRightString(CARD_LEFT + CARD_WIDTH - 5 * mm, top - 9 * mm, "Carte de tiers payant")


def _normalised_block(c: Canvas, card: Card, x: float, y: float) -> float:
    c.setFillColor(colors.black)
    c.setFont(FONT_BOLD, 9)
    validity = (
        f"Période de validité : du {format_short_date(card.valid_from)} au {format_short_date(card.valid_to)}"
    )
    c.drawString(x, y, validity)
    rows = (
        ("N° AMC", card.amc_number),
        ("Type de convention", card.convention),
        ("Critère secondaire de routage (CSR)", card.csr),
        ("N° adhérent", card.member_number),
        ("Opérateur de tiers payant", card.operator),
    )
    y -= 3 * mm
    c.setStrokeColor(ORANGE)
    c.rect(x - 2 * mm, y - len(rows) * 5 * mm - 1.5 * mm, 100 * mm, len(rows) * 5 * mm + 1.5 * mm)
    for label, value in rows:
        y -= 5 * mm
        c.setFont(FONT, 8.5)
        c.drawString(x, y, label)
        # one line in the box: a long operator's name is drawn smaller rather than past the box
        (shown,), size = fitted_lines(value, font=FONT_BOLD, size=9, width=BOX_VALUE, max_lines=1)
        c.setFont(FONT_BOLD, size)
        c.drawString(x + 56 * mm, y, shown)
    return y


def _wrapped(text: str, x: float, y: float, *, size: float, width: float, max_lines: int) -> list[_Line]:
    """``text`` from the baseline ``y`` down (see ``fitted_lines``)."""
    lines, drawn_in = fitted_lines(text, font=FONT, size=size, width=width, max_lines=max_lines)
    return [_Line(x, y - n * drawn_in * WRAPPED_LINE, line, FONT, drawn_in) for n, line in enumerate(lines)]


def _people(card: Card, x: float, y: float, size: float, most_lines: int) -> list[_Line]:
    """The assuré principal, the insurer and the beneficiaries (name, rang, birth date) below the box."""
    scale = size / TEXT_SIZE
    row = ROW * scale
    lines: list[_Line] = []
    y -= 7 * mm * scale
    for text in (f"Assuré principal : {card.holder}", f"Organisme complémentaire : {card.insurer}"):
        lines += _wrapped(text, x, y, size=size, width=LEFT_COLUMN, max_lines=most_lines)
        y = lines[-1].y - row
    y -= 6 * mm * scale - row
    lines += [
        _Line(x + offset * mm, y, title, FONT_BOLD, size)
        for offset, title in ((0, "Bénéficiaire"), (62, "Rang"), (76, "Né(e) le"))
    ]
    for person in card.beneficiaries:
        y -= row
        lines += _wrapped(person.name, x, y, size=size, width=NAME_COLUMN, max_lines=most_lines)
        lines += [
            _Line(x + 62 * mm, y, person.rank, FONT, size),
            _Line(x + 76 * mm, y, person.birth_date, FONT, size),
        ]
        y = min(line.y for line in lines)
    return lines


def _domains_drawn(card: Card, x: float, y: float, size: float, most_lines: int) -> list[_Line]:
    """The care domains under their heading: each code, and its coverage beside it."""
    row = ROW * size / COVERAGE_SIZE
    lines = [_Line(x, y, "Domaines de soins pris en charge", FONT_BOLD, TEXT_SIZE)]
    for domain in card.domains:
        y -= row
        lines.append(_Line(x, y, domain.code, FONT_BOLD, size))
        lines += _wrapped(
            domain.coverage, x + 12 * mm, y, size=size, width=DOMAIN_COVERAGE, max_lines=most_lines
        )
        y = lines[-1].y
    return lines


def _datamatrix(c: Canvas, card: Card, x: float, y: float) -> float:
    """Draws the DataMatrix from ``y`` up and returns its top."""
    code = ECC200DataMatrix(card.datamatrix_value, barWidth=0.62 * mm, x=0, y=0)
    _, height = code.wrap(CARD_WIDTH, CARD_HEIGHT)  # validates, encodes and sizes the matrix before drawing
    code.drawOn(c, x, y)
    c.setFont(FONT, 6.5)
    c.drawString(x, y - 3 * mm, "DataMatrix AMC")
    return y + float(height)


def _rights_note_drawn(c: Canvas, card: Card, y: float) -> float:
    """``card.rights_note`` (what the card page's banner says: the portabilité and until when, the day the
    rights end) from the baseline ``y`` down, under the card, across its width; returns the height it takes,
    by which the footer moves down. A card without a note draws nothing here (0)."""
    if not card.rights_note.strip():
        return 0.0
    lines, size = fitted_lines(
        card.rights_note, font=FONT_BOLD, size=NOTE_SIZE, width=CARD_WIDTH, max_lines=NOTE_LINES
    )
    c.setFillColor(NAVY)
    c.setFont(FONT_BOLD, size)
    for n, line in enumerate(lines):
        c.drawString(CARD_LEFT, y - n * size * WRAPPED_LINE, line)
    return float(len(lines) * size * WRAPPED_LINE + 2.5 * mm)


def card_pdf(card: Card) -> bytes:
    """The card on an A4 page, to print or show on a phone."""
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=FONT)
    c.setTitle("Carte de tiers payant OCSO")
    c.setAuthor("OCSO")
    top = A4[1] - 20 * mm
    _frame(c, top)
    x = CARD_LEFT + 6 * mm
    y = _normalised_block(c, card, x, top - 21 * mm)
    people = functools.partial(_people, card, x, y)
    _draw(c, _laid_out(people, largest=TEXT_SIZE, most_lines=NAME_LINES, floor=top - CARD_HEIGHT + 4 * mm))
    code_top = _datamatrix(c, card, CARD_LEFT + CARD_WIDTH - 34 * mm, top - CARD_HEIGHT + 5 * mm)
    domains = functools.partial(_domains_drawn, card, CARD_LEFT + 118 * mm, top - 21 * mm)
    _draw(c, _laid_out(domains, largest=COVERAGE_SIZE, most_lines=COVERAGE_LINES, floor=code_top + 3 * mm))
    below = top - CARD_HEIGHT - 8 * mm - _rights_note_drawn(c, card, top - CARD_HEIGHT - 8 * mm)
    c.setFont(FONT, 8)
    c.setFillColor(MUTED)
    c.drawString(
        CARD_LEFT,
        below,
        "Présentez cette carte avec votre carte Vitale : vous n'avancez pas la part prise en charge "
        "par votre contrat.",
    )
    c.drawString(CARD_LEFT, below - 5 * mm, "OCSO – support@ocso.fr – 05 56 34 36 66")
    c.showPage()
    c.save()
    return buffer.getvalue()


def render_member_card_pdf(session: Session, *, member_id: int, today: date) -> bytes:
    """The member's card as PDF bytes."""
    return card_pdf(card_for(session, member_id=member_id, today=today))


# --- e-mail to a health professional


def normalise_recipient(address: str) -> str:
    """The professional's address, checked (``email_addresses.valid_email``: one ``@``, a dotted domain, no
    space nor line break, no list of addresses)."""
    address = (address or "").strip()
    if not valid_email(address):
        raise InvalidRecipient(INVALID_EMAIL)
    local, _, domain = address.partition("@")
    return f"{local}@{domain.lower()}"


def _check_rate(session: Session, member_id: int) -> None:
    """The portal must not become a mail relay: a few cards per hour and per member."""
    since = utcnow() - timedelta(hours=1)
    sent = session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.member_id == member_id,
            AuditEvent.event_type == SEND_EVENT,
            AuditEvent.occurred_at >= since,
        )
    )
    if (sent or 0) >= MAX_SENDS_PER_HOUR:
        raise OcsoError(TOO_MANY_SENDS)


def send_card(
    session: Session,
    *,
    member_id: int,
    account_id: int,
    recipient: str,
    today: date,
    interface: Interface = Interface.WEB,
) -> str:
    """Mail the member's card to a health professional and write it in the audit log; returns the address."""
    address = normalise_recipient(recipient)
    _check_rate(session, member_id)
    card = card_for(session, member_id=member_id, today=today)
    text = (
        f"Bonjour,\n\nVeuillez trouver ci-joint l'attestation de tiers payant de {card.holder} "
        f"(numéro d'adhérent {card.member_number}, opérateur {card.operator}), valable du "
        f"{format_short_date(card.valid_from)} au {format_short_date(card.valid_to)}."
    )
    try:
        mail.send_mail(
            to=address,
            subject=f"Carte de tiers payant de {card.holder}",
            text=text,
            attachments=(mail.Attachment(f"carte-tiers-payant-{card.member_number}.pdf", card_pdf(card)),),
        )
    except OSError as error:
        raise OcsoError(SEND_FAILED) from error
    audit.record(
        session,
        event_type=SEND_EVENT,
        action=f"Envoi de la carte de tiers payant à {address}",
        account_id=account_id,
        member_id=member_id,
        interface=interface,
    )
    return address


def member_card_pdf(session: Session, *, actor: audit.Actor, today: date) -> bytes:
    """``actor.member_id``'s carte de tiers payant as PDF, the download audited."""
    if actor.member_id is None:
        raise AccessDenied(NOT_A_MEMBER)
    content = render_member_card_pdf(session, member_id=actor.member_id, today=today)
    audit.record_by(
        session, actor, event_type="Téléchargement", action="Téléchargement de la carte de tiers payant"
    )
    return content
