"""The current password asked again inside a session (``login.recheck_password``): every form that asks it
counts its failures with the login's, commits that count although the form is refused, makes a guesser wait
from the 5th failure and, at the 10th, locks the account and ends its sessions; the right one clears the
count. An open session left unattended cannot be used to guess the password."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from ocso_app.db import db_session
from ocso_app.models import Account, AuditEvent, Interface, LoginSession, Request
from ocso_app.services import contact_details, login, passwords_flow, requests, throttle
from ocso_app.services.audit import Actor
from ocso_app.services.employer_account import change_phone
from ocso_app.services.errors import CountedRefusal, OcsoError
from ocso_app.services.formats import paris_today
from ocso_app.services.sessions import SESSION_COOKIE, Principal, resolve_principal, start_session
from ocso_app.services.uploads import IncomingFile
from tests.builders import PASSWORD, make_company, make_employer, make_member_account, make_pdf
from tests.support.attempts import age, attempts

IBAN, BIC = "FR7630006000011234567890189", "AGRIFRPP123"


def _principal(session, account: Account) -> Principal:
    token = start_session(session, account=account, second_factor_done=True)
    principal = resolve_principal(session, cookie_header=f"{SESSION_COOKIE}={token}")
    assert principal is not None
    return principal


def _change_password(session, account: Account, typed: str) -> None:
    passwords_flow.change_password(
        session,
        principal=_principal(session, account),
        current_password=typed,
        new_password="Tout-Neuf-2027",
        confirmation="Tout-Neuf-2027",
    )


def _change_phone(session, account: Account, typed: str) -> None:
    change_phone(
        session,
        principal=_principal(session, account),
        current_password=typed,
        phone="07 11 22 33 44",
        interface=Interface.WEB,
    )


def _change_email(session, account: Account, typed: str) -> None:
    answer = contact_details.request_email_change(
        session,
        Actor(account_id=account.id, member_id=account.member_id),
        current_password=typed,
        new_email="nouvelle.adresse@example.org",
    )
    if not answer.sent:  # the handler commits the refusal and shows its message
        raise CountedRefusal(answer.message)


def _new_iban(session, account: Account, typed: str) -> None:
    submitter = requests.Submitter(account_id=account.id, member_id=account.member_id, nonce=typed + "-n")
    requests.submit(
        session,
        submitter=submitter,
        form=requests.form_for(requests.BANK_DETAILS, {"iban": IBAN, "bic": BIC, "password": typed}),
        files=[IncomingFile("rib.pdf", make_pdf("RIB"))],
        today=paris_today(),
    )


def _member(session) -> Account:
    return make_member_account(session)


def _employer(session) -> Account:
    return make_employer(session, principal_of=(make_company(session),))


FORMS: dict[str, tuple[Callable[..., None], Callable[..., Account]]] = {
    "mot de passe de l'assuré": (_change_password, _member),
    "mot de passe de l'employeur": (_change_password, _employer),
    "téléphone de l'employeur": (_change_phone, _employer),
    "adresse e-mail de l'assuré": (_change_email, _member),
    "RIB de l'assuré": (_new_iban, _member),
}


def _committed(make: Callable[..., Account]) -> int:
    with db_session() as session:
        return make(session).id


def _try(form: Callable[..., None], account_id: int, typed: str) -> str:
    """One submission in its own unit of work, as a handler makes it: the message of its refusal, or ""."""
    try:
        with db_session() as session:
            form(session, session.get(Account, account_id), typed)
    except OcsoError as refused:
        return refused.message
    return ""


@pytest.mark.parametrize("name", FORMS)
def test_a_wrong_password_is_counted_and_audited_though_the_form_is_refused(name):
    form, make = FORMS[name]
    account_id = _committed(make)
    assert _try(form, account_id, "pas-le-bon") != ""
    with db_session() as session:
        assert attempts(session, throttle.PASSWORD, str(account_id)) == 1
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.account_id == account_id))
        assert "Mot de passe actuel erroné" in list(actions)
        account = session.get(Account, account_id)
        assert account.phone != "0711223344"
        assert not session.scalars(select(Request).where(Request.author_account_id == account_id)).all()
    assert _try(form, account_id, PASSWORD) == ""  # the right one: the change is made, the count cleared
    with db_session() as session:
        assert attempts(session, throttle.PASSWORD, str(account_id)) == 0


def test_from_the_fifth_failure_even_the_right_password_waits():
    form, make = FORMS["téléphone de l'employeur"]
    account_id = _committed(make)
    for _ in range(5):
        assert _try(form, account_id, "pas-le-bon") == passwords_flow.WRONG_CURRENT_PASSWORD
    assert _try(form, account_id, PASSWORD) == login.RECHECK_WAIT
    with db_session() as session:
        assert session.get(Account, account_id).phone == "0612345678"
        age(session, throttle.PASSWORD, str(account_id))
    assert _try(form, account_id, PASSWORD) == ""


def test_the_tenth_failure_locks_the_account_and_ends_its_sessions():
    form, make = FORMS["mot de passe de l'assuré"]
    account_id = _committed(make)
    with db_session() as session:
        start_session(session, account=session.get(Account, account_id), second_factor_done=True)
        for _ in range(9):
            throttle.count(session, throttle.PASSWORD, str(account_id))
        age(session, throttle.PASSWORD, str(account_id), by=timedelta(hours=1))
    assert _try(form, account_id, "pas-le-bon") == login.RECHECK_LOCKED
    with db_session() as session:
        assert session.get(Account, account_id).locked_at is not None
        live = select(LoginSession).where(
            LoginSession.account_id == account_id, LoginSession.revoked_at.is_(None)
        )
        assert session.scalars(live).all() == []


def test_an_unknown_account_is_refused_without_counting(db):
    with pytest.raises(OcsoError) as refused:
        login.recheck_password(db, None, PASSWORD, wrong="Non.")
    assert refused.value.message == "Non." and not isinstance(refused.value, CountedRefusal)


def test_db_session_commits_a_counted_refusal_and_rolls_back_any_other_error():
    def attempt(error: OcsoError) -> int:
        with pytest.raises(OcsoError), db_session() as session:
            account = make_member_account(session)
            account_id = account.id
            raise error
        return account_id

    kept, dropped = attempt(CountedRefusal("compté")), attempt(OcsoError("refusé"))
    with db_session() as session:
        assert session.get(Account, kept) is not None
        assert session.get(Account, dropped) is None
