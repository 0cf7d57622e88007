"""Writing the audit log; "Mon historique" and the security tests read it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, insert

from ocso_app.db import Reader
from ocso_app.models import AuditEvent, Interface
from ocso_app.services.typed_text import column_length, fitted

# One row written straight on the transaction's connection: the ORM's unit of work costs ≈ 6 × more for
# an object nobody reads back (an audited page event writes one).
_INSERT = insert(AuditEvent)
# An action names what it touched (an employee, a company, a document's title…), typed by someone: a long
# one is shortened rather than failing the change it records (PostgreSQL refuses it whole).
_ACTION_LENGTH = column_length(AuditEvent.action)


def interface_from_user_agent(user_agent: str | None) -> Interface:
    """Mobile for phones and the mobile app, Web otherwise."""
    ua = (user_agent or "").lower()
    return Interface.MOBILE if ("mobi" in ua or "android" in ua or "ocso-app" in ua) else Interface.WEB


@dataclass(frozen=True)
class Actor:
    """Who does something, as the guard established it: what every audited service takes."""

    account_id: int | None
    member_id: int | None = None
    company_id: int | None = None
    interface: Interface = Interface.WEB
    ip_address: str | None = None


def record_by(session: Reader, actor: Actor, *, event_type: str, action: str) -> None:
    """Add one audit row for ``actor`` (see ``record``)."""
    record(
        session,
        event_type=event_type,
        action=action,
        account_id=actor.account_id,
        member_id=actor.member_id,
        company_id=actor.company_id,
        interface=actor.interface,
        ip_address=actor.ip_address,
    )


def record(
    session: Reader,
    *,
    event_type: str,
    action: str,
    account_id: int | None = None,
    member_id: int | None = None,
    company_id: int | None = None,
    interface: Interface = Interface.WEB,
    ip_address: str | None = None,
) -> None:
    """Write one audit row in the caller's transaction (rolled back with it; on a ``reading`` connection the
    caller commits it). ``action`` must never contain a secret. The ids must be of rows already written
    (flushed), as a foreign key wants."""
    (session if isinstance(session, Connection) else session.connection()).execute(
        _INSERT,
        {
            "event_type": event_type,
            "action": fitted(action, _ACTION_LENGTH),
            "account_id": account_id,
            "member_id": member_id,
            "company_id": company_id,
            "interface": interface,
            "ip_address": ip_address,
        },
    )
