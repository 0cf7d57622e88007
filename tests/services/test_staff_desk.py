"""The staff's side of the démarches: the work queue (desks, filters, age in working days, paging), one
démarche at the desk (take, answer, status moves refused with French messages and nothing written) and the
changes applied from it, once (new RIB after the authenticator code, beneficiaries, an employer's address)."""

from datetime import UTC, date, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import func, select

from ocso_app.models import (
    Account,
    AuditEvent,
    Beneficiary,
    Company,
    EmployerGrant,
    EmployerProfile,
    Member,
    Request,
    RequestMessage,
    RequestStatus,
    StaffRole,
)
from ocso_app.services import audit, requests
from ocso_app.services.crypto import decrypt_field, encrypt_field
from ocso_app.services.errors import AccessDenied, OcsoError
from ocso_app.services.requests import back_office, desk, detail, queue, replies
from ocso_app.services.requests.employer_details import BAD_ADDRESS, NewAddress
from ocso_app.services.typed_text import bad_character
from ocso_app.services.uploads import IncomingFile
from tests.builders import (
    PASSWORD,
    make_company,
    make_employer,
    make_member_account,
    make_pdf,
    make_request,
    make_staff,
    staff_caller,
)
from tests.support.mailbox import body_text

IBAN = "FR7630006000011234567890189"
NOW = datetime(2026, 12, 8, 15, tzinfo=UTC)  # a Tuesday
TODAY = date(2026, 12, 8)


@pytest.fixture
def people(db):
    member_account = make_member_account(db)
    member = db.get(Member, member_account.member_id)
    company = make_company(db)
    boss = make_employer(db, principal_of=(company,))
    secret = pyotp.random_base32()
    staff = {
        role: staff_caller(make_staff(db, role=role, totp_secret=secret if role == StaffRole.ADMIN else None))
        for role in StaffRole
    }
    return member_account, member, company, boss, staff, secret


def _ids(page):
    return [row.id for row in page.rows]


def _page(db, caller, **filters):
    return queue.queue_page(
        db, desks=caller.desks, account_id=caller.account_id, filters=queue.parse_filters(**filters), now=NOW
    )


def _counts(db):
    return tuple(
        db.scalar(select(func.count()).select_from(table))
        for table in (AuditEvent, RequestMessage, Beneficiary)
    )


# --- the queue


def test_each_role_sees_the_desks_it_handles(db, people):
    _, member, company, _, staff, _ = people
    admin = staff[StaffRole.ADMIN]
    mine = make_request(db, member=member)
    theirs = make_request(db, company=company, kind="question_entreprise", subject="Mon contrat")
    for request in (mine, theirs):
        request.assignee_account_id = admin.account_id
    db.flush()
    assert set(_ids(_page(db, admin, assignee="moi"))) == {mine.id, theirs.id}
    prestations, entreprises = staff[StaffRole.PRESTATIONS], staff[StaffRole.ENTREPRISES]
    seen_by_prestations = _ids(_page(db, prestations))
    seen_by_entreprises = _ids(_page(db, entreprises))
    assert mine.id in seen_by_prestations and theirs.id not in seen_by_prestations
    assert theirs.id in seen_by_entreprises and mine.id not in seen_by_entreprises
    # asking for the other desk's démarches gives none of them
    assert theirs.id not in _ids(_page(db, prestations, desk="entreprises"))


def test_the_queue_filters_by_status_kind_desk_age_and_assignee(db, people):
    _, member, company, _, staff, _ = people
    admin = staff[StaffRole.ADMIN]
    old = make_request(db, member=member, sent_at=NOW - timedelta(days=6), kind="coordonnees_bancaires")
    fresh = make_request(db, member=member, sent_at=NOW - timedelta(hours=3))
    done = make_request(db, member=member, status=RequestStatus.DONE, sent_at=NOW - timedelta(days=9))
    firm = make_request(db, company=company, kind="question_entreprise", sent_at=NOW - timedelta(days=1))
    for request in (old, fresh, done, firm):
        request.assignee_account_id = admin.account_id
    unassigned = make_request(db, member=member)
    db.flush()
    assert _ids(_page(db, admin, assignee="moi")) == [old.id, firm.id, fresh.id]  # open ones, oldest first
    assert _ids(_page(db, admin, assignee="moi", status="")) == [done.id, old.id, firm.id, fresh.id]
    assert _ids(_page(db, admin, assignee="moi", status="traitee")) == [done.id]
    assert _ids(_page(db, admin, assignee="moi", kind="coordonnees_bancaires")) == [old.id]
    assert _ids(_page(db, admin, assignee="moi", desk="entreprises")) == [firm.id]
    assert _ids(_page(db, admin, assignee="moi", age="retard")) == [old.id]
    assert _ids(_page(db, admin, assignee="moi", age="dans_les_temps")) == [firm.id, fresh.id]
    assert unassigned.id in _ids(_page(db, admin, assignee="personne", status=""))
    rows = {row.id: row for row in _page(db, admin, assignee="moi").rows}
    assert rows[old.id].late and rows[old.id].age == "4 jours ouvrés"
    assert not rows[fresh.id].late and rows[fresh.id].age == "moins d'un jour ouvré"
    assert rows[firm.id].desk == "Entreprises" and rows[firm.id].sender.startswith(company.name)
    assert rows[old.id].sender.endswith(f"(n° {member.member_number})")


def test_the_queue_finds_a_demarche_by_number_member_number_or_name(db, people):
    _, member, company, _, staff, _ = people
    admin = staff[StaffRole.ADMIN]
    mine = make_request(db, member=member)
    theirs = make_request(db, company=company, kind="question_entreprise", subject="Mon contrat")
    assert _ids(_page(db, admin, search=str(mine.id))) == [mine.id]
    assert mine.id in _ids(_page(db, admin, search=member.member_number))
    assert mine.id in _ids(_page(db, admin, search=member.last_name[:4].lower()))
    found = _ids(_page(db, admin, search=company.name))  # whole: a member may share its first letters
    assert theirs.id in found and mine.id not in found
    assert _page(db, admin, search="%").total_label == "0 démarche"
    # what the rows show: the company's numéro client, the employee an employer's démarche names
    reprise = make_request(
        db, company=company, kind="arrets_travail", subject="Reprise du travail : FAIVRE François"
    )
    assert {theirs.id, reprise.id} <= set(_ids(_page(db, admin, search=company.client_number.lower())))
    assert _ids(_page(db, admin, search="faivre françois")) == [reprise.id]
    assert mine.id in _ids(_page(db, admin, search=member.first_name))
    member.first_name = "Hélène"  # accented: found whatever the case typed
    db.flush()
    assert mine.id in _ids(_page(db, admin, search="HÉLÈNE"))


def test_a_control_character_searched_in_the_queue_is_a_blank_not_a_server_error(db, people):
    """PostgreSQL refuses a NUL in a query: the queue answered « Une erreur inattendue »."""
    _, _, company, _, staff, _ = people
    reprise = make_request(
        db, company=company, kind="arrets_travail", subject="Reprise du travail : FAIVRE François"
    )
    assert _ids(_page(db, staff[StaffRole.ADMIN], search="faivre\x00françois")) == [reprise.id]


def test_a_long_number_or_a_superscript_digit_searched_finds_nothing_instead_of_failing(db, people):
    """« 99…9 » overflowed the database's integer and « ² » passed ``isdigit`` but not ``int``: the queue
    failed; the démarches' numbers are ids, anything else is looked for as words."""
    _, member, _, _, staff, _ = people
    admin = staff[StaffRole.ADMIN]
    make_request(db, member=member)
    for search in ("9" * 30, "²", "12²"):
        assert _page(db, admin, search=search).total_label == "0 démarche"


def test_accueil_counts_what_waits_on_the_callers_desks(db, people):
    _, member, company, _, staff, _ = people
    agent = staff[StaffRole.ENTREPRISES]
    before = queue.backlog(db, desks=agent.desks, now=NOW)
    make_request(db, company=company, kind="question_entreprise", sent_at=NOW - timedelta(days=7))
    mine = db.get(Account, agent.account_id)
    make_request(db, company=company, kind="question_entreprise", assignee=mine, sent_at=NOW)
    make_request(db, member=member)  # not the entreprises desk's
    after = queue.backlog(db, desks=agent.desks, now=NOW)
    assert (after.open - before.open, after.late - before.late) == (2, 1)
    assert after.unassigned - before.unassigned == 1
    replied = make_request(db, company=company, kind="question_entreprise", sent_at=NOW)
    replied.sender_replied_at = NOW
    db.flush()
    assert queue.backlog(db, desks=agent.desks, now=NOW).replied - after.replied == 1


def test_the_queue_is_paged(db, people):
    _, member, _, _, staff, _ = people
    admin = staff[StaffRole.ADMIN]
    for hour in range(queue.PER_PAGE + 5):
        make_request(
            db, member=member, sent_at=NOW - timedelta(hours=hour)
        ).assignee_account_id = admin.account_id
    db.flush()
    first, second = _page(db, admin, assignee="moi"), _page(db, admin, assignee="moi", page=2)
    assert (len(first.rows), first.pages, first.has_next) == (queue.PER_PAGE, 2, True)
    assert (len(second.rows), second.has_next, second.total_label) == (5, False, "25 démarches")
    assert set(_ids(first)).isdisjoint(_ids(second))


@pytest.mark.parametrize(
    "filters",
    [{"status": "perdue"}, {"kind": "inconnu"}, {"age": "vieux"}, {"assignee": "42"}, {"page": "x"}],
)
def test_an_unknown_filter_is_refused_in_french(filters):
    with pytest.raises(OcsoError) as refused:
        queue.parse_filters(**filters)
    assert refused.value.message == queue.BAD_FILTER


# --- one démarche at the desk


def test_another_desks_demarche_looks_missing(db, people):
    _, _, company, _, staff, _ = people
    theirs = make_request(db, company=company, kind="question_entreprise", subject="Mon contrat")
    for action in (
        lambda: detail.open_request(db, caller=staff[StaffRole.PRESTATIONS], request_id=theirs.id, now=NOW),
        lambda: desk.take(db, caller=staff[StaffRole.PRESTATIONS], request_id=theirs.id),
        lambda: desk.reply(db, caller=staff[StaffRole.PRESTATIONS], request_id=theirs.id, body="Bonjour"),
    ):
        with pytest.raises(AccessDenied) as refused:
            action()
        assert refused.value.message == desk.NOT_FOUND
    assert db.get(Request, theirs.id).status == RequestStatus.SENT


def test_take_answer_and_close_a_question(db, people, mailbox):
    member_account, member, _, _, staff, _ = people
    agent = staff[StaffRole.PRESTATIONS]
    request = make_request(db, member=member, subject="Mes remboursements")
    request.author_account_id = member_account.id
    desk.take(db, caller=agent, request_id=request.id)
    assert (request.status, request.assignee_account_id) == (RequestStatus.IN_PROGRESS, agent.account_id)
    notice = desk.reply(db, caller=agent, request_id=request.id, body="Votre remboursement part demain.")
    file = detail.open_request(db, caller=agent, request_id=request.id, now=NOW)
    assert file.mine and file.messages[-1].body == "Votre remboursement part demain."
    assert file.messages[-1].author.startswith("OCSO")
    closing = desk.change_status(db, caller=agent, request_id=request.id, status="traitee")
    [line] = [r for r in requests.latest_requests(db, member_id=member.id) if r.id == request.id]
    assert line.status_label == "traitée"
    assert [m.body for m in line.thread] == ["Votre remboursement part demain."]
    events = db.scalars(select(AuditEvent).where(AuditEvent.account_id == agent.account_id)).all()
    assert [(e.member_id is not None, e.action) for e in events] == [
        (False, f"Démarche n° {request.id} prise en charge"),
        (True, f"Réponse d'OCSO à la démarche n° {request.id}"),
        (True, f"Démarche n° {request.id} traitée"),
    ]
    assert notice.to == member.email and closing is not None and closing.closed_as == "traitée"
    db.commit()  # both notices leave from the outbox once the transaction commits
    text = body_text(mailbox.wait_for(member.email)[-1])
    assert f"n° {request.id}" in text and "Votre remboursement part demain" not in text


def test_refused_status_moves_say_why_and_write_nothing(db, people):
    _, member, _, _, staff, _ = people
    agent = staff[StaffRole.PRESTATIONS]
    request = make_request(db, member=member)
    before = _counts(db)
    for status, reason, message in (
        ("refusee", "  ", desk.MISSING_REASON),
        ("envoyee", "", desk.SAME_STATUS),
        ("archivee", "", desk.BAD_STATUS),
        ("refusee", "Pièce\x00illisible", bad_character("Motif du refus")),  # PostgreSQL refuses a NUL
    ):
        with pytest.raises(OcsoError) as refused:
            desk.change_status(db, caller=agent, request_id=request.id, status=status, reason=reason)
        assert refused.value.message == message
    with pytest.raises(OcsoError) as refused:
        desk.reply(db, caller=agent, request_id=request.id, body=" ")
    assert refused.value.message == desk.MISSING_ANSWER
    with pytest.raises(OcsoError) as refused:
        desk.reply(db, caller=agent, request_id=request.id, body="Bonjour,\n\x00merci.")
    assert refused.value.message == bad_character("Votre réponse")
    assert _counts(db) == before and db.get(Request, request.id).status == RequestStatus.SENT
    desk.change_status(db, caller=agent, request_id=request.id, status="refusee", reason="Pièce illisible.")
    assert request.messages[-1].body == "Votre démarche est refusée. Motif : Pièce illisible."
    after = _counts(db)
    for status in ("traitee", "en_cours", "refusee"):
        with pytest.raises(OcsoError) as refused:
            desk.change_status(db, caller=agent, request_id=request.id, status=status, reason="x")
        assert refused.value.message == desk.CLOSED
    with pytest.raises(OcsoError):
        desk.take(db, caller=agent, request_id=request.id)
    assert _counts(db) == after and db.get(Request, request.id).status == RequestStatus.REFUSED


# --- applying what a démarche asks


def _bank_request(db, member_account):
    submitted = requests.submit(
        db,
        submitter=requests.Submitter(member_account.id, member_account.member_id, nonce="staff"),
        form=requests.BankDetailsForm(iban=IBAN, bic="AGRIFRPP123", password=PASSWORD),
        files=[IncomingFile("rib.pdf", make_pdf("RIB"))],
        today=TODAY,
    )
    return submitted.request_id


def test_new_bank_details_are_applied_once_after_the_authenticator_code(db, people):
    member_account, member, _, _, staff, secret = people
    admin = staff[StaffRole.ADMIN]
    request_id = _bank_request(db, member_account)
    wrong = back_office.apply_change(db, caller=admin, request_id=request_id, today=TODAY, totp_code="000000")
    assert not wrong.done and wrong.message == back_office.WRONG_CODE
    assert (
        db.get(Member, member.id).iban_enc is None
        and db.get(Request, request_id).status == RequestStatus.SENT
    )
    code = pyotp.TOTP(secret).now()
    applied = back_office.apply_change(db, caller=admin, request_id=request_id, today=TODAY, totp_code=code)
    assert applied.done and applied.message.endswith("7890 189.") and applied.notice.closed_as == "traitée"
    assert decrypt_field(db.get(Member, member.id).iban_enc) == IBAN and db.get(Member, member.id).bic == (
        "AGRIFRPP123"
    )
    assert db.get(Request, request_id).status == RequestStatus.DONE
    before = _counts(db)
    with pytest.raises(OcsoError) as refused:  # the double click
        back_office.apply_change(db, caller=admin, request_id=request_id, today=TODAY, totp_code=code)
    assert refused.value.message == desk.CLOSED and _counts(db) == before
    answers = [m.body for m in db.get(Request, request_id).messages if m.from_ocso]
    assert answers == [back_office.BANK_ANSWER]


def test_an_iban_outside_the_sepa_zone_sent_before_it_was_refused_is_not_applied(db, people):
    """A démarche sent while a Brazilian IBAN was still accepted: applying it would have put on the file an
    account OCSO cannot pay by SEPA credit transfer."""
    member_account, member, _, _, staff, secret = people
    admin = staff[StaffRole.ADMIN]
    request_id = _bank_request(db, member_account)
    request = db.get(Request, request_id)
    request.payload = {**request.payload, "iban_enc": encrypt_field("BR1800360305000010009795493C1")}
    db.flush()
    before = _counts(db)
    code = pyotp.TOTP(secret).now()
    with pytest.raises(OcsoError) as refused:
        back_office.apply_change(db, caller=admin, request_id=request_id, today=TODAY, totp_code=code)
    assert refused.value.message == back_office.NOT_SEPA_ON_FILE
    assert _counts(db) == before and db.get(Member, member.id).iban_enc is None
    assert db.get(Request, request_id).status == RequestStatus.SENT


def test_a_used_authenticator_code_cannot_apply_a_second_change(db, people):
    member_account, member, _, _, staff, secret = people
    admin = staff[StaffRole.ADMIN]
    first, second = _bank_request(db, member_account), None
    code = pyotp.TOTP(secret).now()
    assert back_office.apply_change(db, caller=admin, request_id=first, today=TODAY, totp_code=code).done
    form = requests.BankDetailsForm(iban="FR1420041010050500013M02606", bic="PSSTFRPPXXX", password=PASSWORD)
    second = requests.submit(
        db,
        submitter=requests.Submitter(member_account.id, member.id, nonce="staff-2"),
        form=form,
        files=[IncomingFile("rib2.pdf", make_pdf("RIB 2"))],
        today=TODAY,
    ).request_id
    replayed = back_office.apply_change(db, caller=admin, request_id=second, today=TODAY, totp_code=code)
    assert not replayed.done and decrypt_field(db.get(Member, member.id).iban_enc) == IBAN


def test_only_the_desks_roles_apply_its_changes(db, people):
    member_account, _, company, _, staff, _ = people
    request_id = _bank_request(db, member_account)
    address = make_request(
        db,
        company=company,
        kind="coordonnees_entreprise",
        subject="Nouvelle adresse de l'entreprise",
        payload={"topic": "Adresse", "message": "12 rue Neuve 64100 Bayonne"},
    )
    new = NewAddress("12 rue Neuve", "64100", "Bayonne")
    with pytest.raises(AccessDenied):
        back_office.apply_change(db, caller=staff[StaffRole.ENTREPRISES], request_id=request_id, today=TODAY)
    with pytest.raises(AccessDenied):
        back_office.apply_change(
            db, caller=staff[StaffRole.PRESTATIONS], request_id=address.id, today=TODAY, address=new
        )
    assert db.get(Request, request_id).status == RequestStatus.SENT


def test_an_employers_new_address_is_checked_then_applied_once(db, people):
    _, _, company, _, staff, _ = people
    agent = staff[StaffRole.ENTREPRISES]
    request = make_request(
        db,
        company=company,
        kind="coordonnees_entreprise",
        subject="Nouvelle adresse de l'entreprise",
        payload={"topic": "Adresse", "message": "Nous déménageons au 12 rue Neuve, 64100 Bayonne"},
    )
    before = _counts(db)
    for bad in (
        None,
        NewAddress("12 rue Neuve", "641", "Bayonne"),
        NewAddress("", "64100", "Bayonne"),
        NewAddress("12 rue\x00Neuve", "64100", "Bayonne"),  # a NUL: PostgreSQL refused the company's row
        NewAddress("12 rue Neuve", "64100", "Bay\x00onne"),
    ):
        with pytest.raises(OcsoError) as refused:
            back_office.apply_change(db, caller=agent, request_id=request.id, today=TODAY, address=bad)
        assert refused.value.message == BAD_ADDRESS
    assert _counts(db) == before and db.get(Company, company.id).postal_code == "33000"
    new = NewAddress(" 12  rue Neuve ", "64 100", "Bayonne")
    applied = back_office.apply_change(db, caller=agent, request_id=request.id, today=TODAY, address=new)
    assert applied.done and applied.notice.for_company
    row = db.get(Company, company.id)
    assert (row.address_line, row.postal_code, row.city) == ("12 rue Neuve", "64100", "BAYONNE")
    with pytest.raises(OcsoError):
        back_office.apply_change(db, caller=agent, request_id=request.id, today=TODAY, address=new)


def test_beneficiaries_are_added_and_removed_from_the_demarche(db, people):
    member_account, member, _, _, staff, _ = people
    agent = staff[StaffRole.PRESTATIONS]
    adding = make_request(
        db,
        member=member,
        kind="beneficiaires",
        subject="Ajout d'un bénéficiaire : Julie DUBOIS",
        payload={
            "action": "ajout",
            "first_name": "Julie",
            "last_name": "DUBOIS",
            "birth_date": "2014-10-27",
            "rank": "EA",
            "quality": "enfant",
            "nir_enc": None,
            "comment": "",
        },
    )
    assert back_office.apply_change(db, caller=agent, request_id=adding.id, today=TODAY).done
    julie = db.scalar(select(Beneficiary).where(Beneficiary.member_id == member.id, Beneficiary.rank == "EA"))
    assert (julie.first_name, julie.birth_date, julie.end_date) == ("JULIE", date(2014, 10, 27), None)
    again = make_request(db, member=member, kind="beneficiaires", payload={**adding.payload})
    with pytest.raises(OcsoError) as refused:
        back_office.apply_change(db, caller=agent, request_id=again.id, today=TODAY)
    assert refused.value.message == back_office.RANK_TAKEN
    removing = make_request(
        db,
        member=member,
        kind="beneficiaires",
        subject="Retrait d'un bénéficiaire : JULIE DUBOIS",
        payload={
            "action": "retrait",
            "beneficiary_id": julie.id,
            "beneficiary": "JULIE DUBOIS",
            "comment": "",
        },
    )
    assert back_office.apply_change(db, caller=agent, request_id=removing.id, today=TODAY).done
    assert db.get(Beneficiary, julie.id).end_date == TODAY
    assert member_account.member_id == member.id


def test_a_demarche_asking_nothing_has_nothing_to_apply(db, people):
    _, member, _, _, staff, _ = people
    question = make_request(db, member=member)
    with pytest.raises(OcsoError) as refused:
        back_office.apply_change(db, caller=staff[StaffRole.ADMIN], request_id=question.id, today=TODAY)
    assert refused.value.message == back_office.NOTHING_TO_APPLY


def _sick_leave_demarche(db, company, author: Account) -> Request:
    request = make_request(
        db,
        company=company,
        kind=requests.SICK_LEAVE,
        subject="Prolongation d'un arrêt de travail : Jeanne MARTIN",
        payload={"topic": "prolongation"},
    )
    request.author_account_id = author.id
    db.flush()
    return request


def test_an_employer_user_who_may_no_longer_read_the_demarche_is_not_emailed_about_it(db, people):
    """A structure's démarche names the employee in its subject (« Prolongation d'un arrêt de travail : Jeanne
    MARTIN »), which the e-mail telling its author of OCSO's answer or closing repeats. A user deactivated
    since (they left the company), or whose access to the structure was withdrawn or no longer allows that
    kind, must not hear of it any more; the démarche stays in the space for those who may read it."""
    _, _, company, _boss, staff, _ = people
    agent = staff[StaffRole.ENTREPRISES]
    author = make_employer(db, grants={company: EmployerProfile.SICK_LEAVE})
    still = _sick_leave_demarche(db, company, author)
    assert desk.reply(db, caller=agent, request_id=still.id, body="Bien reçu.").to == author.email

    deactivated = _sick_leave_demarche(db, company, author)
    author.is_active = False
    db.flush()
    assert desk.reply(db, caller=agent, request_id=deactivated.id, body="Bien reçu.").to is None
    closing = desk.change_status(db, caller=agent, request_id=deactivated.id, status="traitee")
    assert closing is not None and closing.to is None
    author.is_active = True

    withdrawn = _sick_leave_demarche(db, company, author)
    grant = db.scalar(select(EmployerGrant).where(EmployerGrant.account_id == author.id))
    grant.profile = EmployerProfile.CONTRIBUTIONS  # the arrêts de travail are no longer theirs to read
    db.flush()
    assert desk.reply(db, caller=agent, request_id=withdrawn.id, body="Bien reçu.").to is None
    db.delete(grant)
    db.flush()
    assert desk.reply(db, caller=agent, request_id=withdrawn.id, body="Encore.").to is None
    file = detail.open_request(db, caller=agent, request_id=withdrawn.id, now=NOW)
    assert file.sender_email == author.email  # the agent still reads who sent it


def test_a_double_click_on_send_the_answer_writes_one_answer_and_one_email(db, people):
    member_account, member, _, _, staff, _ = people
    agent = staff[StaffRole.PRESTATIONS]
    request = make_request(db, member=member)
    request.author_account_id = member_account.id
    first = desk.reply(db, caller=agent, request_id=request.id, body="Votre remboursement part demain.")
    before = _counts(db)
    second = desk.reply(db, caller=agent, request_id=request.id, body=" Votre remboursement part demain. ")
    assert _counts(db) == before
    assert first.to == member.email and second.to is None  # the sender is e-mailed once
    assert [m.body for m in db.get(Request, request.id).messages] == ["Votre remboursement part demain."]
    sender = audit.Actor(account_id=member_account.id, member_id=member.id)
    replies.reply_as_member(db, actor=sender, nonce="n", request_id=request.id, message="Et la facture ?")
    again = desk.reply(db, caller=agent, request_id=request.id, body="Votre remboursement part demain.")
    assert again.to == member.email  # after the sender's reply, the same words are a new answer
    thread = select(RequestMessage.from_ocso).where(RequestMessage.request_id == request.id)
    assert db.scalars(thread.order_by(RequestMessage.id)).all() == [True, False, True]
