"""Member registration ("S'inscrire"): the temporary password by e-mail, and the takeover it must resist
(issue 10, finding 1): a numéro and a birth date are not enough, attempts are bounded, the member is told."""

import contextlib
import io
import logging
import re
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from ocso_app.models import Account, AccountKind, AttemptCounter, AuditEvent, PostalLetter
from ocso_app.services import letters, registration, throttle, uploads
from ocso_app.services.errors import OcsoError
from ocso_app.services.login import authenticate
from ocso_app.services.mail import _PENDING
from tests.builders import make_member, make_member_account, new_email
from tests.builders.members import NIR
from tests.support.attempts import attempts

BIRTH = date(1975, 6, 2)
OTHER_NIR = "279086905400145"  # well formed (valid key), but nobody's here


def _register(db, member_number, birth, email, nir=NIR, ip="198.51.100.7"):
    return registration.register_member(
        db, member_number=member_number, birth_date=birth, nir=nir, email=email, ip_address=ip
    )


def _account_count(db, member) -> int:
    return db.scalar(select(func.count(Account.id)).where(Account.member_id == member.id))


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_registration_mails_a_temporary_password_never_shown(db, mailbox):
    member = make_member(db, email=None, birth_date=BIRTH)
    address = new_email()
    answer = _register(db, member.member_number, BIRTH, address, nir="1 80 03 75 000 123 41")
    assert answer == registration.REGISTRATION_ANSWER
    [message] = db.info[_PENDING]  # leaves once the transaction commits
    assert message.to == address
    password = re.search(r"\n\n(\S{12})\n\n", message.text).group(1)
    assert password not in answer
    account = db.query(Account).filter_by(member_id=member.id).one()
    assert account.password_is_temporary
    assert authenticate(db, kind=AccountKind.MEMBER, login=member.member_number, password=password) is account


def test_unknown_number_wrong_birth_date_wrong_nir_and_existing_account_get_the_same_answer(db, mailbox):
    member = make_member(db, email=None, birth_date=BIRTH)
    existing = make_member_account(db)
    address = new_email()
    answers = {
        _register(db, "999999", BIRTH, address),
        _register(db, member.member_number, date(1975, 6, 3), address),
        _register(db, member.member_number, BIRTH, address, nir=OTHER_NIR),
        _register(db, existing.login, date(1980, 3, 1), address),
    }
    assert answers == {registration.REGISTRATION_ANSWER}
    assert mailbox.to(address) == [] and mailbox.to(existing.email) == []
    assert _account_count(db, member) == 0


def test_numero_and_birth_date_alone_never_open_the_account(db, mailbox):
    """The attack of finding 1: the attacker knows the numéro and the birth date, not the carte Vitale."""
    member = make_member(db, email=None, birth_date=BIRTH)
    intruder = new_email()
    for guess in (OTHER_NIR, "180037500012422", "1800375000123"):
        with contextlib.suppress(OcsoError):
            _register(db, member.member_number, BIRTH, intruder, nir=guess)
    assert _account_count(db, member) == 0 and mailbox.to(intruder) == []


def test_wrong_answers_are_bounded_per_member_number(db, mailbox):
    member = make_member(db, email=None, birth_date=BIRTH)
    intruder = new_email()
    for day in range(1, 6):  # five birth dates, each from a new address: what a botnet would do
        answer = _register(db, member.member_number, date(1975, 6, day + 2), intruder, ip=f"203.0.113.{day}")
        assert answer == registration.REGISTRATION_ANSWER
    assert attempts(db, throttle.REGISTRATION_NUMBER, member.member_number) == 5
    # Now even the right answers are refused for 24 hours, without being checked.
    answer = _register(db, member.member_number, BIRTH, intruder, ip="203.0.113.99")
    assert answer == registration.TOO_MANY_ATTEMPTS
    assert _account_count(db, member) == 0 and mailbox.to(intruder) == []


def test_attempts_are_bounded_per_client_address(db, mailbox):
    member = make_member(db, email=None, birth_date=BIRTH)
    address = new_email()
    for _ in range(throttle.REGISTRATION_CLIENT.limit):
        _register(db, "999999", BIRTH, address, ip="192.0.2.66")
    assert (
        _register(db, member.member_number, BIRTH, address, ip="192.0.2.66") == registration.TOO_MANY_ATTEMPTS
    )
    assert _account_count(db, member) == 0
    assert (
        _register(db, member.member_number, BIRTH, address, ip="192.0.2.67")
        == registration.REGISTRATION_ANSWER
    )
    assert _account_count(db, member) == 1


def test_a_success_clears_the_count_of_the_number(db, mailbox):
    member = make_member(db, email=None, birth_date=BIRTH)
    _register(db, member.member_number, date(1975, 6, 3), new_email())
    _register(db, member.member_number, BIRTH, new_email())
    assert attempts(db, throttle.REGISTRATION_NUMBER, member.member_number) == 0


def test_a_member_without_email_is_told_by_a_letter_queued_for_printing(db, mailbox):
    member = make_member(db, email=None, birth_date=BIRTH)
    address = new_email()
    _register(db, member.member_number, BIRTH, address)
    [letter] = db.scalars(select(PostalLetter).where(PostalLetter.member_id == member.id))
    assert letter.reason == letters.ACCOUNT_OPENED and letter.printed_at is None
    text = _pdf_text(uploads.read_stored(letter.storage_key))
    assert "Un compte a été ouvert" in text
    assert member.last_name in text and member.postal_code in text and member.city in text
    assert address not in text and NIR not in text  # the address masked, the NIR never
    actions = set(db.scalars(select(AuditEvent.action).where(AuditEvent.member_id == member.id)))
    assert {"Création du compte", "Adresse e-mail enregistrée à l'inscription"} <= actions
    assert "Courrier à imprimer : ouverture du compte en ligne" in actions

    batch = letters.take_letters_to_print(db)
    assert batch.letters >= 1 and "Un compte a été ouvert" in _pdf_text(batch.pdf)
    assert letter.printed_at is not None
    assert letters.take_letters_to_print(db).letters == 0


def test_a_member_with_a_known_email_gets_the_password_there_and_no_letter(db, mailbox):
    member = make_member(db, email=new_email(), birth_date=BIRTH)
    _register(db, member.member_number, BIRTH, member.email.upper())
    [message] = db.info[_PENDING]
    assert message.to == member.email
    assert "Si vous n'êtes pas à l'origine de l'ouverture de ce compte" in message.text
    assert db.scalar(select(func.count(PostalLetter.id)).where(PostalLetter.member_id == member.id)) == 0


def test_registration_with_another_address_than_the_known_one_sends_nothing(db, mailbox):
    member = make_member(db, email=new_email(), birth_date=BIRTH)
    intruder = new_email()
    answer = _register(db, member.member_number, BIRTH, intruder)
    assert answer == registration.REGISTRATION_ANSWER
    assert mailbox.to(intruder) == [] and mailbox.to(member.email) == []
    assert _account_count(db, member) == 0


def test_a_member_without_a_nir_on_file_cannot_register_online(db, mailbox):
    member = make_member(db, email=None, birth_date=BIRTH, nir=None)
    assert _register(db, member.member_number, BIRTH, new_email()) == registration.REGISTRATION_ANSWER
    assert _account_count(db, member) == 0


def test_without_email_the_page_points_to_support(db):
    member = make_member(db, email=None)
    assert "support@ocso.fr" in _register(db, member.member_number, member.birth_date, "")


@pytest.mark.parametrize(
    ("number", "nir", "email", "message"),
    [
        ("12ab", NIR, "x@example.fr", registration.BAD_MEMBER_NUMBER),
        ("１２３４５６", NIR, "x@example.fr", registration.BAD_MEMBER_NUMBER),  # full-width digits
        ("123456", "1800375000123", "x@example.fr", registration.BAD_NIR),
        ("123456", "180037500012342", "x@example.fr", registration.BAD_NIR),
        ("123456", NIR, "pas-une-adresse", registration.BAD_EMAIL),
    ],
)
def test_malformed_input_is_refused_clearly_and_writes_nothing(db, number, nir, email, message):
    before = db.scalar(select(func.count(AttemptCounter.id))), db.scalar(select(func.count(AuditEvent.id)))
    with pytest.raises(OcsoError) as refused:
        _register(db, number, date(1980, 1, 1), email, nir=nir)
    assert refused.value.message == message
    after = db.scalar(select(func.count(AttemptCounter.id))), db.scalar(select(func.count(AuditEvent.id)))
    assert after == before


def test_the_nir_is_never_logged(db, mailbox, caplog):
    member = make_member(db, email=None, birth_date=BIRTH)
    with caplog.at_level(logging.DEBUG):
        _register(db, member.member_number, BIRTH, new_email(), nir=OTHER_NIR)
        _register(db, member.member_number, BIRTH, new_email())
    assert NIR not in caplog.text and OTHER_NIR not in caplog.text


def test_no_registration_path_talks_to_smtp_and_a_failed_commit_sends_no_password(db, mailbox):
    """Only the matching path waited for SMTP before answering, so timing told that the numéro, birth date
    and NIR matched; and its password left even when the commit then failed, for an account that does not
    exist. Every path now answers without SMTP; the password leaves after the commit, or never."""
    member = make_member(db, email=None, birth_date=BIRTH)
    matching, wrong = new_email(), new_email()
    answers = {
        _register(db, member.member_number, BIRTH, wrong, nir=OTHER_NIR),
        _register(db, member.member_number, BIRTH, matching),
    }
    assert answers == {registration.REGISTRATION_ANSWER}
    assert mailbox.to(matching) == [] and mailbox.to(wrong) == []  # nothing left inside the request…
    assert [message.to for message in db.info[_PENDING]] == [matching]  # …the password waits for the commit
    db.rollback()  # the commit failed: no account, so no password
    assert not db.info.get(_PENDING) and mailbox.to(matching) == []
