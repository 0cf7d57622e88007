"""The carte de tiers payant: its PDF (read with pypdf), its DataMatrix content, sending it by e-mail."""

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from ocso_app.models import AuditEvent
from ocso_app.services import tiers_payant
from ocso_app.services.errors import OcsoError
from tests.builders import make_care_member
from tests.support.mailbox import body_text

TODAY = date(2025, 10, 1)


@pytest.fixture
def family(db):
    return make_care_member(db)


def test_card_pdf_follows_the_harmonised_layout(db, family):
    content = tiers_payant.render_member_card_pdf(db, member_id=family.member_id, today=TODAY)
    (page,) = [p.extract_text() for p in PdfReader(io.BytesIO(content)).pages]
    for expected in (
        "Période de validité : du 01/01/2025 au 31/12/2025",
        "N° AMC",
        tiers_payant.AMC_NUMBERS["Mutuelle des Deux Rives"],
        "N° adhérent",
        family.member_number,
        "VIAMEDIS",
        "DUBOIS JULIE",
        "EA",
        "27/10/2014",
        "DUBOIS JULIEN",
        "05/05/2018",
        "PHAR",
        "MEDG",
        "LABO",
        "RADL",
        "HOSP",
        "OPTI",
        "DENT",
        "AUDI",
        "forfait 150 €/an",
        "200 % BR",
    ):
        assert expected in page, expected


def test_datamatrix_holds_the_amc_format(db, family):
    card = tiers_payant.card_for(db, member_id=family.member_id, today=TODAY)
    assert card.datamatrix_value == (
        f"AMC#1#{card.amc_number}#VIA01#{family.member_number}#TP#20250101#20251231"
    )


def test_card_is_sent_to_a_professional_with_the_pdf_and_audited(db, family, mailbox):
    address = tiers_payant.send_card(
        db,
        member_id=family.member_id,
        account_id=family.account_id,
        recipient=" Dr.Martin@Cabinet.FR ",
        today=TODAY,
    )
    assert address == "Dr.Martin@cabinet.fr"
    message = mailbox.wait_for("dr.martin@cabinet.fr")[-1]
    assert "Martin DUBOIS" in body_text(message)
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    text = PdfReader(io.BytesIO(attachment.get_content())).pages[0].extract_text()
    assert family.member_number in text
    event = db.scalar(select(AuditEvent).where(AuditEvent.member_id == family.member_id))
    assert event.event_type == tiers_payant.SEND_EVENT and "Dr.Martin@cabinet.fr" in event.action


@pytest.mark.parametrize(
    "address", ["", "pas-une-adresse", "a@b", "x@y.fr\nBcc: z@evil.fr", "a@b.fr, c@d.fr"]
)
def test_a_bad_address_is_refused_and_nothing_is_sent(db, family, address):
    with pytest.raises(tiers_payant.InvalidRecipient) as error:
        tiers_payant.send_card(
            db, member_id=family.member_id, account_id=family.account_id, recipient=address, today=TODAY
        )
    assert error.value.message == tiers_payant.INVALID_EMAIL
    assert db.scalar(select(AuditEvent).where(AuditEvent.member_id == family.member_id)) is None


def test_sending_is_limited_per_hour(db, family, monkeypatch):
    monkeypatch.setattr(tiers_payant, "MAX_SENDS_PER_HOUR", 0)
    with pytest.raises(OcsoError) as error:
        tiers_payant.send_card(
            db, member_id=family.member_id, account_id=family.account_id, recipient="a@b.fr", today=TODAY
        )
    assert error.value.message == tiers_payant.TOO_MANY_SENDS


def test_a_member_whose_rights_open_next_year_gets_a_card_of_that_year(db, family):
    """An employee hired on 4 January, affiliated in December: the card ran « du 04/01/2026 au 31/12/2025 »
    (its start cut to the rights, its end to this year), a period that ends before it starts, in its
    DataMatrix too. It is the card of the year the rights open."""
    from ocso_app.models import Member

    db.get(Member, family.member_id).adhesion_date = date(2026, 1, 4)
    db.flush()
    card = tiers_payant.card_for(db, member_id=family.member_id, today=date(2025, 12, 15))
    assert (card.valid_from, card.valid_to) == (date(2026, 1, 4), date(2026, 12, 31))
    assert card.datamatrix_value.endswith("#TP#20260104#20261231")


def _contract_ends(db, family, day: date) -> None:
    from ocso_app.models import Contract, ContractOption, Member

    option = db.get(ContractOption, db.get(Member, family.member_id).contract_option_id)
    db.get(Contract, option.contract_id).end_date = day
    db.flush()


def test_a_contract_ending_later_this_year_ends_the_card_that_day(db, family):
    _contract_ends(db, family, date(2025, 11, 30))
    card = tiers_payant.card_for(db, member_id=family.member_id, today=TODAY)
    assert (card.valid_from, card.valid_to) == (date(2025, 1, 1), date(2025, 11, 30))
    assert card.datamatrix_value.endswith("#TP#20250101#20251130")


@pytest.mark.parametrize("ended", [date(2023, 12, 31), date(2025, 6, 30)])
def test_no_card_once_the_contract_has_ended(db, family, ended):
    """A contract ended in a past year gave « du 01/01/2025 au 31/12/2023 », a period that ends before it
    starts, in the DataMatrix a professional reads too; one ended earlier this year, a card of days no
    longer covered. Like a radiation, it is refused in French."""
    _contract_ends(db, family, ended)
    with pytest.raises(tiers_payant.RightsEnded) as refused:
        tiers_payant.card_for(db, member_id=family.member_id, today=TODAY)
    assert refused.value.message == tiers_payant.CONTRACT_ENDED.format(day=ended.strftime("%d/%m/%Y"))
    with pytest.raises(tiers_payant.RightsEnded):
        tiers_payant.render_member_card_pdf(db, member_id=family.member_id, today=TODAY)


def test_a_contract_ending_before_rights_open_gives_no_card(db, family):
    """Rights opening on 4 January next year under a contract ending on 31 December: no day is covered."""
    from ocso_app.models import Member

    db.get(Member, family.member_id).adhesion_date = date(2026, 1, 4)
    _contract_ends(db, family, date(2025, 12, 31))
    with pytest.raises(tiers_payant.RightsEnded) as refused:
        tiers_payant.card_for(db, member_id=family.member_id, today=date(2025, 12, 15))
    assert refused.value.message == tiers_payant.NO_COVERED_DAY
