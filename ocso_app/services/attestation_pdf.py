"""Attestations d'adhésion (Assurés, Espace Employeur): for one employee or a selection of them, one page
each in a single PDF: the company, the employee (NIR masked), the contracts with option and date, the
beneficiaries of the santé cover, the date and place of issue and room for the employer's stamp.

An attestation certifies only what the affiliation data say, with the dates the fiche shows:

- **affilié(e)** (or en portabilité): « affilié(e) aux contrats collectifs ci-dessus », each contract with
  its date d'adhésion (the start of the registration; the santé one is the fiche's « Date d'adhésion »).
- **en cours d'affiliation** or **à relancer**: an *attestation d'inscription*, not of adhésion: « inscrit(e)
  par son employeur aux contrats collectifs ci-dessus ; son affiliation est en cours », the contracts with
  « En cours » where the date d'adhésion would be, and no family (chosen at the affiliation). Refusing any
  attestation would leave HR without a paper a new employee often asks for (to show their individual
  insurer or a mutuelle that a compulsory collective plan is on its way), whereas a date d'adhésion would
  certify a cover the insurer has not opened: the employee has not affiliated, and may still ask for a
  dispense. « À relancer » is HR's follow-up, not a situation: the page says « En cours d'affiliation ».
- **dispensé(e)**: the santé registration is withdrawn (``dispense_cover``), so the page is an *attestation
  de couverture prévoyance*: the prévoyance contracts with their « Début de la couverture prévoyance » (the
  « Début » of the fiche's contracts; there is no date d'adhésion, the fiche says « — »), and the sentence
  says the employee is dispensed from the santé contract.

The employees are looked up within the caller's structures only; if any id of a selection is outside them
(or has no contract to attest), the whole download is refused, as for a missing one. Each attestation drawn
is written in the audit log, with the structure it belongs to.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table
from sqlalchemy.orm import Session

from ocso_app.models import AffiliationStatus
from ocso_app.services import audit
from ocso_app.services.affiliation import STATUS_LABELS
from ocso_app.services.employees import EmployeeFile, employee_files
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import agreed, format_long_date
from ocso_app.services.ids import parse_id
from ocso_app.services.pdf_drawing import (
    FONT,
    MUTED,
    RULE,
    Styles,
    grid_table,
    paragraph_styles,
    plain,
    render_pdf,
    table_style,
)

MAX_ATTESTATIONS = 200
TOO_MANY = (
    f"Sélectionnez au plus {MAX_ATTESTATIONS} salariés pour télécharger leurs attestations en une fois."
)
NO_SELECTION = "Sélectionnez au moins un salarié pour télécharger son attestation d'adhésion."
DOWNLOAD = "Téléchargement"
OCSO_ADDRESS = "OCSO – 30 avenue Ariane, BP 50255, 33698 Mérignac Cedex – 05 56 34 36 66 – support@ocso.fr"
WIDTH = 186 * mm  # A4 portrait between the margins
CONTRACT_HEADERS = ("Régime", "Contrat", "N° de contrat", "Organisme assureur", "Option")
ADHESION_DATE = "Date d'adhésion"
IN_PROGRESS = "En cours"  # the date d'adhésion of an employee who has not affiliated yet
PROVIDENT_START = "Début de la couverture prévoyance"
STILL_TO_AFFILIATE = (AffiliationStatus.PENDING, AffiliationStatus.TO_REMIND)
CONTRACT_WIDTHS = [22 * mm, 48 * mm, 24 * mm, 34 * mm, 34 * mm, 24 * mm]
PEOPLE_HEADERS = ("Qualité", "Nom", "Prénom", "Date de naissance", "Rang", "Date d'adhésion")
PEOPLE_WIDTHS = [32 * mm, 43 * mm, 39 * mm, 28 * mm, 16 * mm, 28 * mm]


class InvalidSelection(OcsoError):
    """No employee, or too many, in one download."""


def parse_selection(text: str) -> list[int] | None:
    """The employee ids of ``?salaries=1,2,3`` (repeats dropped, order kept); ``None`` when one of them is no
    id (answered as an unknown one); ``InvalidSelection`` for none or more than ``MAX_ATTESTATIONS``."""
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    if not parts:
        raise InvalidSelection(NO_SELECTION)
    if len(parts) > MAX_ATTESTATIONS:
        raise InvalidSelection(TOO_MANY)
    ids = [parse_id(part) for part in parts]
    if any(i is None for i in ids):
        return None
    return list(dict.fromkeys(i for i in ids if i is not None))


# --- what the page attests


@dataclass(frozen=True)
class Wording:
    """What one employee's page says of their situation (see the module's docstring)."""

    title: str
    subtitle: str
    situation: str
    date_heading: str
    dated: bool  # the contracts' dates are printed; « En cours » otherwise
    with_family: bool
    statement: str  # the attesting sentence(s), as reportlab markup (the names escaped)


def wording(file: EmployeeFile, today: date) -> Wording:
    """How ``file``'s attestation is worded on ``today``, from its status as read that day."""
    civility, one = file.civility, len(file.covers) == 1
    who = f"{plain(civility)} {plain(file.first_name)} {plain(file.last_name)}"
    company = plain(file.company_name)
    on = f"à la date du {format_long_date(today)}"
    if file.status_code in STILL_TO_AFFILIATE:
        return Wording(
            title="Attestation d'inscription",
            subtitle="Contrats collectifs d'entreprise : affiliation en cours",
            situation=STATUS_LABELS[AffiliationStatus.PENDING],
            date_heading=ADHESION_DATE,
            dated=False,
            with_family=False,
            statement=(
                f"Nous attestons que {who} est {agreed(civility, 'inscrit', 'inscrite')} par son employeur, "
                f"{company}, {'au contrat collectif' if one else 'aux contrats collectifs'} ci-dessus ; "
                f"son affiliation est en cours {on}."
            ),
        )
    if file.status_code == AffiliationStatus.EXEMPTED:
        provident = (
            "le contrat collectif de prévoyance ci-dessus souscrit"
            if one
            else "les contrats collectifs de prévoyance ci-dessus souscrits"
        )
        return Wording(
            title="Attestation de couverture prévoyance",
            subtitle="Contrat collectif d'entreprise : prévoyance (dispense d'adhésion au contrat santé)",
            situation=file.status,
            date_heading=PROVIDENT_START,
            dated=True,
            with_family=False,
            statement=(
                f"Nous attestons que {who} est {agreed(civility, 'couvert', 'couverte')} par {provident} par "
                f"{company}, {on}. {agreed(civility, 'Il', 'Elle')} est "
                f"{agreed(civility, 'dispensé', 'dispensée')} d'adhésion au contrat collectif de "
                "complémentaire santé de l'entreprise."
            ),
        )
    contracts = (
        "au contrat collectif ci-dessus souscrit" if one else "aux contrats collectifs ci-dessus souscrits"
    )
    return Wording(
        title="Attestation d'adhésion",
        subtitle="Contrats collectifs d'entreprise : santé et prévoyance",
        situation=file.status + (f" jusqu'au {file.portability_end}" if file.portability_end else ""),
        date_heading=ADHESION_DATE,
        dated=True,
        with_family=True,
        statement=(
            f"Nous attestons que {who} est {agreed(civility, 'affilié', 'affiliée')} {contracts} "
            f"par {company}, {on}."
        ),
    )


# --- drawing


def _facts(rows: Sequence[tuple[str, str]], styles: Styles) -> Table:
    table = Table(
        [[label, Paragraph(plain(value), styles["normal"])] for label, value in rows],
        colWidths=[52 * mm, WIDTH - 52 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        table_style(
            [
                ("FONT", (0, 0), (0, -1), FONT, 9),
                ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
            ]
        )
    )
    return table


def _contracts(file: EmployeeFile, said: Wording, styles: Styles) -> Table:
    rows: list[list[object]] = [[*CONTRACT_HEADERS, said.date_heading]]
    for cover in file.covers:
        rows.append(
            [
                cover.kind_label,
                Paragraph(plain(cover.contract), styles["cell"]),
                cover.number,
                Paragraph(plain(cover.insurer), styles["cell"]),
                Paragraph(plain(cover.option), styles["cell"]),
                cover.start_date if said.dated else IN_PROGRESS,
            ]
        )
    return grid_table(rows, col_widths=CONTRACT_WIDTHS)


def _beneficiaries(file: EmployeeFile, said: Wording, styles: Styles) -> list[Flowable]:
    if file.health is None or not said.with_family:
        return []
    heading = Paragraph("Bénéficiaires du contrat santé", styles["heading"])
    if not file.beneficiaries:
        return [heading, Paragraph("Aucun bénéficiaire enregistré à ce jour.", styles["normal"])]
    rows: list[list[object]] = [list(PEOPLE_HEADERS)]
    rows += [
        [p.quality, p.last_name, p.first_name, p.birth_date, p.rank, p.adhesion_date]
        for p in file.beneficiaries
    ]
    return [heading, grid_table(rows, col_widths=PEOPLE_WIDTHS)]


def _signature(file: EmployeeFile, today: date, styles: Styles) -> Table:
    box = Table(
        [["Cachet et signature de l'employeur"], [""]],
        colWidths=[80 * mm],
        rowHeights=[6 * mm, 24 * mm],
        hAlign="RIGHT",
    )
    box.setStyle(
        table_style(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8),
                ("TEXTCOLOR", (0, 0), (-1, -1), MUTED),
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
            ]
        )
    )
    place = Paragraph(f"Fait à {plain(file.company_city)}, le {format_long_date(today)}", styles["normal"])
    layout = Table([[place, box]], colWidths=[WIDTH - 84 * mm, 84 * mm], hAlign="LEFT")
    layout.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return layout


def _attestation(file: EmployeeFile, today: date, styles: Styles) -> list[Flowable]:
    said = wording(file, today)
    return [
        Paragraph(f"OCSO – {said.title}", styles["title"]),
        Paragraph(said.subtitle, styles["muted"]),
        Spacer(1, 4 * mm),
        Paragraph("Entreprise", styles["heading"]),
        _facts(
            [
                ("Raison sociale", file.company_name),
                ("SIREN", file.company_siren),
                ("N° client OCSO", file.company_client_number),
                ("Adresse", file.company_address),
            ],
            styles,
        ),
        Paragraph("Salarié(e)", styles["heading"]),
        _facts(
            [
                ("Civilité", file.civility),
                ("Nom", file.last_name),
                ("Prénom", file.first_name),
                ("Date de naissance", file.birth_date),
                ("N° de sécurité sociale", file.nir_masked),
                ("Catégorie de personnel", file.category),
                ("Situation", said.situation),
            ],
            styles,
        ),
        Paragraph("Contrats", styles["heading"]),
        _contracts(file, said, styles),
        *_beneficiaries(file, said, styles),
        Spacer(1, 5 * mm),
        Paragraph(said.statement, styles["normal"]),
        Spacer(1, 4 * mm),
        _signature(file, today, styles),
        Spacer(1, 6 * mm),
        Paragraph(
            "Attestation établie d'après les données d'affiliation enregistrées par OCSO ; elle ne contient "
            "aucune donnée de santé.",
            styles["muted"],
        ),
        Paragraph(OCSO_ADDRESS, styles["muted"]),
    ]


def render_attestations(files: Sequence[EmployeeFile], *, today: date) -> bytes:
    """One page per employee, in the order given."""
    styles = paragraph_styles()
    story: list[Flowable] = []
    for number, file in enumerate(files):
        if number:
            story.append(PageBreak())
        story += _attestation(file, today, styles)
    title = wording(files[0], today).title if len(files) == 1 else "Attestations d'adhésion"
    return render_pdf(story, title=f"{title} OCSO")


# --- audited download (the actor and the structures come from the employer guard)


def attestations_pdf(
    session: Session,
    *,
    actor: audit.Actor,
    structure_ids: Sequence[int],
    employee_ids: Sequence[int],
    today: date,
) -> bytes | None:
    """The attestations of ``employee_ids`` as one PDF, each written in the audit log; ``None`` (nothing
    written) when one of them is not an employee of the structures, or has no contract to attest."""
    wanted = list(dict.fromkeys(employee_ids))
    if not wanted:
        raise InvalidSelection(NO_SELECTION)
    if len(wanted) > MAX_ATTESTATIONS:
        raise InvalidSelection(TOO_MANY)
    files = employee_files(session, structure_ids=structure_ids, employee_ids=wanted, today=today)
    if len(files) != len(wanted) or not all(file.covers for file in files):
        return None
    content = render_attestations(files, today=today)
    for file in files:
        audit.record_by(
            session,
            dataclasses.replace(actor, company_id=file.company_id),
            event_type=DOWNLOAD,
            action=f"Téléchargement de l'attestation d'adhésion du salarié n° {file.employee_id}",
        )
    return content
