"""« Relancer tous » on Accueil: every handler needs the right to manage the employees (the single relance's
action), the sending is a guarded background task, and, called as the guard calls them, the confirmation
counts, the sending happens once per confirmation (a double click or a replayed event sends nothing more),
the e-mails reach the SMTP server after the commit and the result is in French."""

from __future__ import annotations

import inspect
import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app.db import db_session
from ocso_app.models import AccountKind, AffiliationStatus, AuditEvent, Employee
from ocso_app.services import employer_access
from ocso_app.services.audit import Actor
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.sessions import Principal
from ocso_app.state.base import is_guarded, own_handlers
from ocso_app.state.employer import reminders as reminder_state
from ocso_app.state.employer.base import NEEDS, EmployerCaller
from ocso_app.state.employer.reminders import BulkReminderState, sent_label
from tests.builders import make_company, make_employee, make_employer
from tests.support.loops import run_coroutine
from tests.support.mailbox import Mailbox

LONG_AGO = datetime.now(UTC) - timedelta(days=20)


def test_every_handler_needs_the_right_to_manage_the_employees():
    handlers = own_handlers(BulkReminderState)
    assert set(handlers) == {"prepare", "close", "send_all"}
    for name, handler in handlers.items():
        assert is_guarded(handler) and getattr(handler, NEEDS) == EmployerAction.MANAGE_EMPLOYEES, name


def test_the_sending_is_a_guarded_background_task_whose_caller_the_browser_cannot_name():
    handler = BulkReminderState.event_handlers["send_all"]
    assert handler.is_background and is_guarded(handler.fn)
    assert list(inspect.signature(handler.fn).parameters) == ["self"]
    assert "_nonce" not in BulkReminderState.base_vars and BulkReminderState.__fields__["_nonce"]._backend


def test_the_result_is_french():
    assert sent_label(0) == "Aucune relance envoyée"
    assert sent_label(1) == "1 relance envoyée"
    assert sent_label(1200) == "1\xa0200 relances envoyées"


class Dialog(SimpleNamespace):
    """The state as the handlers see it (its vars; ``async with`` as a background task's lock)."""

    def __init__(self) -> None:
        super().__init__(**{name: field.default for name, field in BulkReminderState.__fields__.items()})

    async def __aenter__(self) -> Dialog:
        return self

    async def __aexit__(self, *_exc) -> None:
        return None


def _call(name: str, dialog: Dialog, caller: EmployerCaller):
    outcome = BulkReminderState.event_handlers[name].fn.__wrapped__(dialog, caller)
    return run_coroutine(outcome) if inspect.isawaitable(outcome) else outcome


def _company_with_late_employees() -> tuple[EmployerCaller, list[str], int]:
    with db_session() as session:
        company = make_company(session)
        emails = [f"relance.{uuid.uuid4().hex[:8]}@example.org" for _ in range(2)]
        for email in emails:
            make_employee(
                session, company=company, status=AffiliationStatus.PENDING, invited_at=LONG_AGO, email=email
            )
        make_employee(
            session,
            company=company,
            status=AffiliationStatus.PENDING,
            invited_at=LONG_AGO,
            last_name="POSTAL",
        )
        hr = make_employer(session, principal_of=(company,))
        grants = employer_access.granted_structures(session, account_id=hr.id)
        scope = employer_access.scope_of(grants, account_id=hr.id, action=EmployerAction.MANAGE_EMPLOYEES)
        assert scope is not None
        principal = Principal(hr.id, AccountKind.EMPLOYER, "RH", 0)
        return EmployerCaller(principal, scope, tuple(grants), Actor(account_id=hr.id)), emails, company.id


def _reminded(company_id: int) -> tuple[int, int]:
    with db_session() as session:
        employees = session.scalar(
            select(func.count()).where(
                Employee.company_id == company_id, Employee.last_reminder_at.is_not(None)
            )
        )
        audits = session.scalar(select(func.count()).where(AuditEvent.company_id == company_id))
        return employees, audits


def test_one_confirmation_sends_each_relance_once_and_tells_who_has_no_e_mail(mailbox: Mailbox):
    caller, emails, company_id = _company_with_late_employees()
    dialog = Dialog()

    _call("send_all", dialog, caller)  # no confirmation: nothing
    assert _reminded(company_id) == (0, 0)

    _call("prepare", dialog, caller)
    assert dialog.dialog_open and dialog.can_send and dialog.question == "Envoyer 2 relances ?"
    assert [e["name"].split()[0] for e in dialog.without_email] == ["POSTAL"]
    assert dialog.without_email_note.startswith("1 salarié(e) sans adresse e-mail")
    assert dialog.without_email[0]["href"].endswith("?salarie=" + str(_postal_id(company_id)))

    _call("send_all", dialog, caller)
    assert dialog.result == "2 relances envoyées." and not dialog.sending and not dialog.can_send
    _call("send_all", dialog, caller)  # a double click, a replayed event
    assert _reminded(company_id) == (2, 2)
    for email in emails:
        assert "Rappel" in mailbox.wait_for(email)[0]["Subject"]
    assert all(len(mailbox.to(email)) == 1 for email in emails)

    _call("prepare", dialog, caller)  # asked again: nobody is due any more
    assert not dialog.can_send and dialog.question.startswith("Aucun(e) salarié(e) à relancer")
    _call("close", dialog, caller)
    assert not dialog.dialog_open and dialog._nonce == ""


def _postal_id(company_id: int) -> int:
    with db_session() as session:
        return session.scalar(
            select(Employee.id).where(Employee.company_id == company_id, Employee.last_name == "POSTAL")
        )


def test_a_sending_that_fails_half_way_says_so_and_can_be_asked_again(monkeypatch):
    caller, _emails, _company_id = _company_with_late_employees()
    dialog = Dialog()
    _call("prepare", dialog, caller)

    def database_gone(*_args):
        raise RuntimeError("base de données injoignable")

    monkeypatch.setattr(reminder_state, "_remind_batch", database_gone)
    with pytest.raises(RuntimeError):
        _call("send_all", dialog, caller)
    assert dialog.result == "Aucune relance envoyée" + reminder_state.INTERRUPTED
    assert not dialog._running and not dialog.sending
    monkeypatch.undo()
    _call("prepare", dialog, caller)
    assert dialog.can_send and dialog.question == "Envoyer 2 relances ?"
