"""The handlers of Mes informations, called as the guard calls them (the caller injected, the browser's form
as sent), without a browser: a bad field shows its French message and writes nothing; a good one answers
and saves. (The guard itself: ``test_guards`` and the e2e guard walk.)"""

from __future__ import annotations

import inspect
from types import SimpleNamespace

from sqlalchemy import func, select

from ocso_app.db import db_session
from ocso_app.models import AccountKind, AuditEvent, Member, OneTimeSecret
from ocso_app.services import contact_details
from ocso_app.services.sessions import Principal
from ocso_app.state.member.information import InformationState
from tests.builders import PASSWORD, make_member_account, new_email
from tests.support.loops import run_coroutine


class Page(SimpleNamespace):
    """The state as a handler sees it: its vars, the helpers it calls, a router with a user agent."""

    def __init__(self) -> None:
        super().__init__(
            router=SimpleNamespace(
                headers=SimpleNamespace(user_agent="pytest"), session=SimpleNamespace(client_ip="203.0.113.7")
            ),
            refusals=0,
        )
        for name in (
            "_clear_messages",
            "_banner_or_field",
            "_refused",
            "_fill_contact",
            "_fill_summary",
            "_actor",
            "_interface",
            "_client_ip",
        ):
            setattr(self, name, getattr(InformationState, name).__get__(self))


def _call(name: str, page: Page, member: Principal, *args):
    handler = InformationState.event_handlers[name].fn.__wrapped__
    outcome = handler(page, member, *args)
    if not inspect.isawaitable(outcome):
        return outcome
    return run_coroutine(outcome)


def _member() -> Principal:
    with db_session() as session:
        account = make_member_account(session)
        return Principal(account.id, AccountKind.MEMBER, "Test", 0, member_id=account.member_id)


def _written(member: Principal) -> tuple[int, int, tuple[str, str, str]]:
    with db_session() as session:
        row = session.get(Member, member.member_id)
        audits = session.scalar(select(func.count()).where(AuditEvent.member_id == member.member_id))
        secrets = session.scalar(select(func.count()).where(OneTimeSecret.account_id == member.account_id))
        return audits, secrets, (row.address_line, row.postal_code, row.city)


def test_a_bad_postal_code_shows_its_message_and_writes_nothing():
    member, page = _member(), Page()
    before = _written(member)
    _call("change_address", page, member, {"address_line": "1 rue A", "postal_code": "12", "city": "PAU"})
    assert page.field_errors == {"postal_code": contact_details.BAD_POSTAL_CODE}  # under the field
    assert page.address_error == "" and page.address_info == ""
    assert _written(member) == before
    assert page.refusals == 1  # the page moves the focus to the field at each refusal, the same one twice too
    _call("change_address", page, member, {"address_line": "1 rue A", "postal_code": "12", "city": "PAU"})
    assert page.refusals == 2


def test_a_good_address_is_saved_and_shown_at_once():
    member, page = _member(), Page()
    _call(
        "change_address", page, member, {"address_line": "2 rue B", "postal_code": "64100", "city": "Bayonne"}
    )
    assert page.address_error == "" and page.address_info == "Votre adresse postale est modifiée."
    assert page.field_errors == {}
    assert (page.address_line, page.postal_city) == ("2 rue B", "64100 BAYONNE")  # Accueil's card too
    assert _written(member)[2] == ("2 rue B", "64100", "BAYONNE")


def test_a_malformed_new_email_shows_its_message_and_writes_nothing():
    member, page = _member(), Page()
    before = _written(member)
    _call("change_email", page, member, {"new_email": "pas-une-adresse", "email_password": PASSWORD})
    assert page.field_errors == {"new_email": contact_details.BAD_EMAIL}
    assert page.email_error == "" and page.email_info == ""
    assert _written(member) == before


def test_a_good_request_says_the_link_left_and_changes_nothing_yet():
    member, page = _member(), Page()
    address = new_email()
    _call("change_email", page, member, {"new_email": address, "email_password": PASSWORD})
    assert page.email_error == "" and address in page.email_info
    _, secrets, _ = _written(member)
    assert secrets == 1
    with db_session() as session:
        assert session.get(Member, member.member_id).email != address


def test_the_payment_email_switch_is_saved():
    member, page = _member(), Page()
    _call("set_payment_email", page, member, True)
    assert page.payment_email is True
    with db_session() as session:
        assert session.get(Member, member.member_id).payment_email


def _phone(member: Principal) -> str | None:
    with db_session() as session:
        return session.get(Member, member.member_id).phone


def test_a_bad_phone_number_shows_its_message_under_the_field_and_writes_nothing():
    member, page = _member(), Page()
    before = (_written(member), _phone(member))
    _call("change_phone", page, member, {"phone": "06 12"})
    assert page.field_errors == {"phone": contact_details.BAD_PHONE}
    assert page.phone_error == "" and page.phone_info == ""
    assert (_written(member), _phone(member)) == before
    assert page.refusals == 1


def test_a_good_phone_number_is_saved_and_shown_in_french_groups():
    member, page = _member(), Page()
    _call("change_phone", page, member, {"phone": "+33 5 56 34 36 66"})
    assert page.phone_error == "" and page.phone_info == "Votre numéro de téléphone est modifié."
    assert page.phone == "05 56 34 36 66"
    assert _phone(member) == "0556343666"
    _call("change_phone", page, member, {"phone": ""})
    assert page.phone_info == "Votre numéro de téléphone est retiré." and page.phone == ""
    assert _phone(member) is None
