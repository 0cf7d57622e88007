"""Mes démarches: validation of the five forms, one row per submission, statuses, answers (OCSO applies the
RIB change in the Espace OCSO: tests/services/test_staff_desk.py)."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from ocso_app.models import (
    AuditEvent,
    Beneficiary,
    BeneficiaryQuality,
    Member,
    Request,
    RequestMessage,
    RequestStatus,
)
from ocso_app.services import requests, uploads
from ocso_app.services.crypto import decrypt_field
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import paris_today
from ocso_app.services.requests import RequestRefused, Submitter
from ocso_app.services.typed_text import bad_character
from ocso_app.services.uploads import IncomingFile
from tests.builders import PASSWORD, make_care_member, make_member_account, make_pdf, new_email
from tests.support.mailbox import body_text

TODAY = date(2026, 11, 22)
IBAN = "FR7630006000011234567890189"
VALID_NIR = "180037500012341"
# « Ajout d'un bénéficiaire » as the member's form sends it: Julie, a child, at rank EA
ADDING_JULIE = {
    "action": "ajout",
    "first_name": "Julie",
    "last_name": "Dubois",
    "birth_date": "2014-10-27",
    "rank": "ea",
    "quality": "enfant",
}


@pytest.fixture
def member(db):
    account = make_member_account(db)
    beneficiary = requests.beneficiary_choices(db, member_id=account.member_id)[0].value
    return Submitter(account_id=account.id, member_id=account.member_id, nonce="page-1"), beneficiary


def _submit(db, submitter, kind, form, files=()):
    return requests.submit(
        db, submitter=submitter, form=requests.form_for(kind, form), files=list(files), today=TODAY
    )


def _pdf(name="piece.pdf"):
    return [IncomingFile(name, make_pdf())]


def _cleanup(db, request_id):
    request = db.get(Request, request_id)
    uploads.delete_stored([a.storage_key for a in request.attachments])


def test_sending_a_devis_creates_one_request_routed_to_prestations(db, member):
    submitter, beneficiary = member
    form = {"document_type": "Devis", "beneficiary": beneficiary, "message": "Devis dentaire"}
    submitted = _submit(db, submitter, requests.SEND_DOCUMENTS, form, _pdf())
    request = db.get(Request, submitted.request_id)
    assert submitted.created and request.subject == "Envoi d'un devis"
    assert request.routed_service == "prestations" and request.status == RequestStatus.SENT
    assert request.payload["document_type"] == "Devis" and len(request.attachments) == 1
    event = db.scalar(select(AuditEvent).where(AuditEvent.member_id == submitter.member_id))
    assert (event.event_type, event.action) == ("Envoi de document", "Envoi d'un devis")
    _cleanup(db, request.id)


def test_a_replayed_or_double_clicked_submission_creates_one_request(db, member):
    submitter, _ = member
    form = {"topic": "La télétransmission", "message": "Est-elle active ?"}
    first = _submit(db, submitter, requests.QUESTION, form)
    again = _submit(db, submitter, requests.QUESTION, form)
    assert first.created and not again.created and again.request_id == first.request_id
    count = db.scalar(select(func.count(Request.id)).where(Request.member_id == submitter.member_id))
    assert count == 1
    other_visit = Submitter(submitter.account_id, submitter.member_id, nonce="page-2")
    assert _submit(db, other_visit, requests.QUESTION, form).created


def test_another_members_beneficiary_is_refused(db, member):
    submitter, _ = member
    other = make_member_account(db)
    foreign = requests.beneficiary_choices(db, member_id=other.member_id)[0].value
    form = {"document_type": "Facture", "beneficiary": foreign}
    with pytest.raises(RequestRefused) as refused:
        _submit(db, submitter, requests.SEND_DOCUMENTS, form, _pdf())
    assert refused.value.message == requests.BAD_BENEFICIARY


def _hospital_form(beneficiary, **changes):
    form = {
        "beneficiary": beneficiary,
        "establishment": "Clinique du Sport",
        "finess": "330780123",
        "fax": "05 56 00 00 00",
        "admission_date": "2026-12-01",
        "stay_type": "Ambulatoire",
        "dmt": "166",
    }
    return {**form, **changes}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"finess": "12345678"}, requests.BAD_FINESS),
        ({"finess": "12345678A"}, requests.BAD_FINESS),
        ({"finess": "３３０７８０１２３"}, requests.BAD_FINESS),  # full-width digits were stored as typed
        ({"fax": "٠٥٥٦٠٠٠٠٠٠"}, requests.BAD_FAX),
        ({"dmt": "１６６"}, requests.BAD_DMT),
        ({"fax": "", "establishment_email": ""}, requests.MISSING_CONTACT),
        ({"fax": "12"}, requests.BAD_FAX),
        ({"fax": "", "establishment_email": "pas-un-mail"}, requests.BAD_EMAIL),
        ({"fax": "", "establishment_email": "admissions@-clinique.fr"}, requests.BAD_EMAIL),
        ({"admission_date": "2020-01-01"}, requests.BAD_ADMISSION_DATE),
        ({"admission_date": "demain"}, requests.BAD_ADMISSION_DATE),
        ({"stay_type": "Croisière"}, requests.BAD_STAY_TYPE),
        ({"dmt": "16"}, requests.BAD_DMT),
        ({"establishment": " "}, requests.MISSING_ESTABLISHMENT),
    ],
)
def test_hospital_request_errors_are_clear(db, member, changes, message):
    submitter, beneficiary = member
    with pytest.raises(RequestRefused) as refused:
        _submit(db, submitter, requests.HOSPITAL, _hospital_form(beneficiary, **changes))
    assert refused.value.message == message


def test_hospital_request_needs_no_file_and_keeps_the_establishment(db, member):
    submitter, beneficiary = member
    form = _hospital_form(beneficiary, fax="", establishment_email="admissions@clinique.fr")
    request = db.get(Request, _submit(db, submitter, requests.HOSPITAL, form).request_id)
    assert request.payload["finess"] == "330780123" and request.routed_service == "prestations"


def test_the_admission_date_is_typed_jj_mm_aaaa_whatever_the_browsers_language(db, member):
    submitter, beneficiary = member
    typed = paris_today().strftime("%d/%m/%Y")
    request = db.get(
        Request,
        _submit(
            db, submitter, requests.HOSPITAL, _hospital_form(beneficiary, admission_date=typed)
        ).request_id,
    )
    assert request.payload["admission_date"] == paris_today().isoformat()
    with pytest.raises(RequestRefused) as refused:
        _submit(db, submitter, requests.HOSPITAL, _hospital_form(beneficiary, admission_date="31/02/2026"))
    assert refused.value.message == requests.BAD_ADMISSION_DATE


def test_bank_change_checks_iban_bic_password_and_keeps_the_iban_encrypted(db, member):
    submitter, _ = member
    base = {"iban": IBAN, "bic": "AGRIFRPP123", "password": PASSWORD}
    for changes, message in (
        ({"iban": "FR7630006000011234567890180"}, requests.BAD_IBAN),
        ({"bic": "AGRI"}, requests.BAD_BIC),
        ({"password": "Mauvais-1"}, requests.BAD_PASSWORD),
    ):
        with pytest.raises(OcsoError) as refused:  # a wrong password is a CountedRefusal (test_recheck)
            _submit(db, submitter, requests.BANK_DETAILS, {**base, **changes}, _pdf("rib.pdf"))
        assert refused.value.message == message
    with pytest.raises(uploads.UploadRejected):
        _submit(db, submitter, requests.BANK_DETAILS, base)  # the RIB is required
    submitted = _submit(db, submitter, requests.BANK_DETAILS, base, _pdf("rib.pdf"))
    request = db.get(Request, submitted.request_id)
    stored = json.dumps(request.payload)
    assert IBAN not in stored and "1234567890" not in stored and PASSWORD not in stored
    assert decrypt_field(request.payload["iban_enc"]) == IBAN
    assert request.payload["iban_masked"] == "FRXX XXXX XXXX XXXX XXXX 7890 189"
    assert db.get(Member, submitter.member_id).iban_enc is None  # not applied until OCSO does it
    _cleanup(db, request.id)


def test_adding_a_beneficiary_checks_the_nir_and_requires_a_document(db, member):
    submitter, _ = member
    form = {**ADDING_JULIE, "nir": "1800375000123"}
    with pytest.raises(RequestRefused) as refused:
        _submit(db, submitter, requests.BENEFICIARIES, form, _pdf())
    assert refused.value.message == requests.BAD_NIR
    with pytest.raises(RequestRefused) as refused:
        _submit(
            db, submitter, requests.BENEFICIARIES, {**form, "nir": "", "birth_date": "2099-01-01"}, _pdf()
        )
    assert refused.value.message == requests.BAD_BIRTH_DATE
    with pytest.raises(uploads.UploadRejected):
        _submit(db, submitter, requests.BENEFICIARIES, {**form, "nir": VALID_NIR})
    submitted = _submit(db, submitter, requests.BENEFICIARIES, {**form, "nir": VALID_NIR}, _pdf())
    request = db.get(Request, submitted.request_id)
    assert request.payload["rank"] == "EA" and VALID_NIR not in json.dumps(request.payload)
    assert request.routed_service == "adhesions"
    _cleanup(db, request.id)


def test_a_control_character_in_a_field_is_refused_naming_it_and_nothing_is_sent(db, member):
    """A NUL in the new beneficiary's first name went into the démarche's subject: PostgreSQL refused the row
    and the member met « Une erreur inattendue ». The message keeps its line breaks."""
    submitter, _ = member
    form = {
        **ADDING_JULIE,
        "first_name": "Ju\x00lie",
        "rank": "EC",
        "message": "Voici son attestation.\r\nMerci",
    }
    before = db.scalar(select(func.count()).select_from(Request))
    for changes, field in (({}, "Prénom"), ({"first_name": "Julie", "message": "Voici\x00"}, "Message")):
        with pytest.raises(RequestRefused) as refused:
            _submit(db, submitter, requests.BENEFICIARIES, {**form, **changes}, _pdf())
        assert refused.value.message == bad_character(field)
    assert db.scalar(select(func.count()).select_from(Request)) == before
    submitted = _submit(db, submitter, requests.BENEFICIARIES, {**form, "first_name": "Julie"}, _pdf())
    assert db.get(Request, submitted.request_id).payload["comment"] == "Voici son attestation.\r\nMerci"
    _cleanup(db, submitted.request_id)


def test_adding_a_beneficiary_with_a_rank_already_on_the_contract_is_refused_and_writes_nothing(db, member):
    """A rank stays its beneficiary's, removed or not (one rank per contract): OCSO could never add such a
    démarche's beneficiary (« Ce rang est déjà celui d'un bénéficiaire »), so the member is told now, with
    whose rank it is, and nothing is sent."""
    submitter, _ = member
    removed = Beneficiary(
        member_id=submitter.member_id,
        rank="EA",
        quality=BeneficiaryQuality.CHILD,
        first_name="Léa",
        last_name="Dubois",
        birth_date=date(2010, 3, 2),
        adhesion_date=date(2015, 1, 1),
        end_date=date(2024, 12, 31),
    )
    db.add(removed)
    db.flush()
    form = ADDING_JULIE
    before = db.scalar(select(func.count()).select_from(Request))
    with pytest.raises(RequestRefused) as refused:
        _submit(db, submitter, requests.BENEFICIARIES, form, _pdf())
    assert refused.value.message == requests.RANK_USED.format(rank="EA", name="LÉA DUBOIS")
    assert db.scalar(select(func.count()).select_from(Request)) == before
    submitted = _submit(db, submitter, requests.BENEFICIARIES, {**form, "rank": "EB"}, _pdf())
    assert db.get(Request, submitted.request_id).payload["rank"] == "EB"
    _cleanup(db, submitted.request_id)


def test_the_list_of_beneficiaries_to_remove_does_not_offer_the_main_member(db):
    """« Bénéficiaire à retirer » offered the assuré principal, then refused them."""
    family = make_care_member(db)
    everyone, removable = requests.beneficiary_lists(db, member_id=family.member_id)
    assert [c.label[-4:] for c in everyone] == ["(AS)", "(EA)", "(EB)"]
    assert [c.label[-4:] for c in removable] == ["(EA)", "(EB)"]


def test_the_main_member_cannot_be_removed(db, member):
    submitter, own_row = member
    with pytest.raises(RequestRefused) as refused:
        _submit(db, submitter, requests.BENEFICIARIES, {"action": "retrait", "beneficiary": own_row})
    assert refused.value.message == requests.CANNOT_REMOVE_MEMBER
    with pytest.raises(RequestRefused) as refused:
        _submit(db, submitter, requests.BENEFICIARIES, {"action": "autre"})
    assert refused.value.message == requests.BAD_ACTION


def test_question_needs_a_topic_and_a_message(db, member):
    submitter, _ = member
    with pytest.raises(RequestRefused) as refused:
        _submit(db, submitter, requests.QUESTION, {"topic": "Météo", "message": "?"})
    assert refused.value.message == requests.BAD_TOPIC
    with pytest.raises(RequestRefused) as refused:
        _submit(db, submitter, requests.QUESTION, {"topic": "La télétransmission", "message": "  "})
    assert refused.value.message == requests.MISSING_MESSAGE
    with pytest.raises(RequestRefused) as refused:
        _submit(db, submitter, requests.QUESTION, {"topic": "La télétransmission", "message": "x" * 2001})
    assert refused.value.message == requests.MESSAGE_TOO_LONG


def test_latest_requests_show_status_labels_and_ocso_answers_for_this_member_only(db, member):
    submitter, _ = member
    form = {"topic": "La télétransmission", "message": "Est-elle active ?"}
    submitted = _submit(db, submitter, requests.QUESTION, form)
    request = db.get(Request, submitted.request_id)
    request.status = RequestStatus.DONE
    db.add(RequestMessage(request_id=request.id, from_ocso=True, body="Oui, elle est active."))
    db.flush()
    db.expire_all()
    other = make_member_account(db)
    assert requests.latest_requests(db, member_id=other.member_id) == []
    [view] = requests.latest_requests(db, member_id=submitter.member_id)
    assert (view.type_label, view.subject) == ("Poser une question", "La télétransmission")
    assert view.status_label == "traitée" and [m.body for m in view.thread] == ["Oui, elle est active."]
    assert requests.STATUS_LABELS[RequestStatus.IN_PROGRESS] == "en cours de traitement"
    assert requests.STATUS_LABELS[RequestStatus.REFUSED] == "refusée"


def test_confirmation_mail_is_sent_for_a_new_request_only(db, mailbox):
    address = new_email()
    requests.send_confirmation(db, requests.Submitted(41, "Envoi d'un devis", created=True, email=address))
    requests.send_confirmation(db, requests.Submitted(41, "Envoi d'un devis", created=False, email=address))
    db.commit()  # the confirmation leaves from the outbox
    [message] = mailbox.wait_for(address)
    assert "Envoi d'un devis" in body_text(message)


@pytest.mark.parametrize(
    "iban",
    ["BR1800360305000010009795493C1", "SA0380000000608010167519"],
)
def test_a_valid_iban_outside_the_sepa_zone_is_refused_and_nothing_is_written(db, member, iban):
    """OCSO pays by SEPA credit transfer: a Brazilian or Saudi IBAN, valid, was accepted and would have
    failed at the first reimbursement."""
    submitter, _ = member
    form = {"iban": iban, "bic": "AGRIFRPP123", "password": PASSWORD}
    counted = (Request, AuditEvent)
    before = [db.scalar(select(func.count()).select_from(model)) for model in counted]
    with pytest.raises(RequestRefused) as refused:
        _submit(db, submitter, requests.BANK_DETAILS, form, _pdf("rib.pdf"))
    assert refused.value.message == requests.NOT_SEPA_IBAN
    assert [db.scalar(select(func.count()).select_from(model)) for model in counted] == before
    assert db.get(Member, submitter.member_id).iban_enc is None


@pytest.mark.parametrize(
    "iban",
    [
        "FR76 3000 6000 0112 3456 7890 189",
        "DE89 3704 0044 0532 0130 00",
        "MC58 1122 2000 0101 2345 6789 030",
        "CH93 0076 2011 6238 5295 7",
    ],
)
def test_an_iban_of_the_sepa_zone_is_accepted(db, member, iban):
    submitter, _ = member
    form = {"iban": iban, "bic": "AGRIFRPP123", "password": PASSWORD}
    submitted = _submit(db, submitter, requests.BANK_DETAILS, form, _pdf("rib.pdf"))
    request = db.get(Request, submitted.request_id)
    assert decrypt_field(request.payload["iban_enc"]) == iban.replace(" ", "")
    _cleanup(db, request.id)


def test_a_beneficiary_whose_names_lengthen_in_capitals_is_asked_within_its_columns(db, member):
    """The names typed are cut to their columns (80), and OCSO stores them in capitals when it adds the
    beneficiary: « Weiß… » of 80 characters became 81, which PostgreSQL refused at that moment."""
    from ocso_app.services.requests import drafts
    from ocso_app.services.requests.forms import BeneficiariesForm

    submitter, _ = member
    weiss = "Weiß" + "e" * 76
    form = BeneficiariesForm(**(ADDING_JULIE | {"first_name": weiss, "last_name": weiss}))
    payload = drafts.draft_beneficiaries(db, submitter.member_id, form, today=TODAY).payload
    assert payload["last_name"] == "WEISS" + "E" * 75
    assert str(payload["first_name"]).upper() == "WEISS" + "E" * 75


def _beneficiary(db, member_id: int, rank: str, quality: BeneficiaryQuality, first_name: str) -> None:
    db.add(
        Beneficiary(
            member_id=member_id,
            rank=rank,
            quality=quality,
            first_name=first_name.upper(),
            last_name="DUBOIS",
            birth_date=date(2012, 5, 4),
            adhesion_date=date(2015, 1, 1),
        )
    )
    db.flush()


@pytest.mark.parametrize(
    ("quality", "taken", "given"),
    [
        ("enfant", (), "EA"),
        ("enfant", (("EA", BeneficiaryQuality.CHILD), ("EB", BeneficiaryQuality.CHILD)), "EC"),
        ("conjoint", (), "CJ"),
        ("conjoint", (("CJ", BeneficiaryQuality.SPOUSE),), "C2"),
        ("autre", (), "A1"),
    ],
)
def test_a_member_who_leaves_the_rank_empty_gets_the_next_free_one_of_the_quality(
    db, member, quality, taken, given
):
    """The guide never asks the member for a rang (an OCSO code: CJ, EA, EB…); the affiliation gives them
    itself. Left empty, the démarche carries the next rank free on the contract for the quality chosen, a
    removed beneficiary's included."""
    submitter, _ = member
    for index, (rank, kind) in enumerate(taken):
        _beneficiary(db, submitter.member_id, rank, kind, f"Aîné{index}")
    form = {**ADDING_JULIE, "rank": "", "quality": quality}
    submitted = _submit(db, submitter, requests.BENEFICIARIES, form, _pdf())
    assert db.get(Request, submitted.request_id).payload["rank"] == given
    _cleanup(db, submitted.request_id)


def test_a_rank_typed_by_the_member_is_still_kept(db, member):
    submitter, _ = member
    submitted = _submit(db, submitter, requests.BENEFICIARIES, {**ADDING_JULIE, "rank": "ed"}, _pdf())
    assert db.get(Request, submitted.request_id).payload["rank"] == "ED"
    _cleanup(db, submitted.request_id)


def test_when_no_rank_of_the_quality_is_left_the_member_is_told_and_nothing_is_sent(db, member):
    submitter, _ = member
    for index, rank in enumerate(requests.NEW_RANKS["autre"]):
        _beneficiary(db, submitter.member_id, rank, BeneficiaryQuality.OTHER, f"Autre{index}")
    before = db.scalar(select(func.count()).select_from(Request))
    with pytest.raises(RequestRefused) as refused:
        _submit(
            db, submitter, requests.BENEFICIARIES, {**ADDING_JULIE, "rank": "", "quality": "autre"}, _pdf()
        )
    assert refused.value.message == requests.NO_FREE_RANK
    assert db.scalar(select(func.count()).select_from(Request)) == before


def test_a_change_of_situation_goes_to_the_adhesions_service_with_its_proof(db, member):
    """Guide 002: Mes démarches lets the member « nous informer d'un changement de situation ». A marriage,
    a PACS, a divorce or a birth changes the membership: the Adhésions service records it, from its proof,
    which travels with the démarche and is kept like any other démarche's file."""
    submitter, _ = member
    form = {"topic": requests.CHANGE_OF_SITUATION, "message": "Je me suis marié le 12 septembre."}
    proof = make_pdf()
    submitted = _submit(db, submitter, requests.QUESTION, form, [IncomingFile("acte-de-mariage.pdf", proof)])
    request = db.get(Request, submitted.request_id)
    assert (request.subject, request.routed_service) == ("Changement de situation", "adhesions")
    assert [a.original_name for a in request.attachments] == ["acte-de-mariage.pdf"]
    assert uploads.read_stored(request.attachments[0].storage_key) == proof
    assert requests.CHANGE_OF_SITUATION in requests.QUESTION_TOPICS
    _cleanup(db, request.id)


def test_a_change_of_situation_without_its_proof_is_refused_and_nothing_is_stored(db, member):
    submitter, _ = member
    form = {"topic": requests.CHANGE_OF_SITUATION, "message": "Nous nous sommes pacsés."}
    before = db.scalar(select(func.count()).select_from(Request))
    with pytest.raises(uploads.UploadRejected) as refused:
        _submit(db, submitter, requests.QUESTION, form)
    assert refused.value.message == uploads.NO_FILE
    with pytest.raises(uploads.UploadRejected):  # the usual checks: a PDF must be one
        _submit(db, submitter, requests.QUESTION, form, [IncomingFile("acte.pdf", b"pas un PDF")])
    with pytest.raises(uploads.UploadRejected) as refused:
        _submit(db, submitter, requests.QUESTION, form, _pdf() * (uploads.MAX_FILES + 1))
    assert refused.value.message == uploads.TOO_MANY_FILES
    assert db.scalar(select(func.count()).select_from(Request)) == before


def test_other_questions_stay_with_relation_adherents_and_may_carry_a_file(db, member):
    submitter, _ = member
    form = {"topic": "Mes remboursements", "message": "Ce décompte est-il complet ?"}
    without = _submit(db, submitter, requests.QUESTION, form)
    assert db.get(Request, without.request_id).routed_service == "relation_client"
    with_file = _submit(db, submitter, requests.QUESTION, form, _pdf("decompte.pdf"))
    request = db.get(Request, with_file.request_id)
    assert request.routed_service == "relation_client" and len(request.attachments) == 1
    _cleanup(db, request.id)
