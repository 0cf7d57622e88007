"""A company's dedicated contact: an active agent of the Entreprises service (or an administrator) named on
the company's file, audited; its structures' users read their own structure's, else the parent company's.
Anybody else (a Prestations agent, an inactive one, an employer, nobody) is refused, nothing written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ocso_app.models import AuditEvent, StaffRole
from ocso_app.services import account_managers
from ocso_app.services.audit import Actor
from ocso_app.services.errors import OcsoError
from tests.builders import make_company, make_employer, make_staff


def test_the_named_agent_is_read_by_the_company_and_its_structures(db):
    head = make_company(db, name="GROUPE OUEST")
    branch, own = make_company(db, parent=head), make_company(db, parent=head)
    agent, other_agent = make_staff(db, role=StaffRole.ENTREPRISES), make_staff(db, role=StaffRole.ADMIN)
    actor = Actor(account_id=other_agent.id)

    assert account_managers.dedicated_contacts(db, structure_ids=[head.id, branch.id]) == []
    shown = account_managers.assign(db, actor=actor, company_id=head.id, account_id=agent.id)
    account_managers.assign(db, actor=actor, company_id=own.id, account_id=other_agent.id)

    assert shown == f"{agent.first_name} {agent.last_name.upper()}"
    assert [m.account_id for m in account_managers.dedicated_contacts(db, structure_ids=[branch.id])] == [
        agent.id
    ]
    both = account_managers.dedicated_contacts(db, structure_ids=[head.id, branch.id, own.id])
    assert {m.account_id for m in both} == {agent.id, other_agent.id} and len(both) == 2
    assert (
        account_managers.manager_of(db, company_id=branch.id) is None
    )  # its own: none, it reads its parent's
    assert {m.account_id for m in account_managers.candidates(db)} >= {agent.id, other_agent.id}
    audited = db.scalars(select(AuditEvent.action).where(AuditEvent.company_id == head.id)).all()
    assert audited == [f"Interlocuteur dédié de GROUPE OUEST (n° client {head.client_number}) : {shown}"]

    agent.is_active = False
    db.flush()
    assert account_managers.dedicated_contacts(db, structure_ids=[branch.id]) == []
    account_managers.assign(db, actor=actor, company_id=head.id, account_id=None)
    assert head.account_manager_id is None


@pytest.mark.parametrize("who", ["prestations", "inactive", "employer", "nobody"])
def test_anybody_but_an_active_agent_answering_companies_is_refused(db, who):
    company = make_company(db)
    chosen = {
        "prestations": lambda: make_staff(db, role=StaffRole.PRESTATIONS).id,
        "inactive": lambda: _inactive(db),
        "employer": lambda: make_employer(db, principal_of=(company,)).id,
        "nobody": lambda: 987654321,
    }[who]()
    audits = db.scalar(select(func.count()).select_from(AuditEvent))
    with pytest.raises(OcsoError, match="service Entreprises"):
        account_managers.assign(db, actor=Actor(account_id=None), company_id=company.id, account_id=chosen)
    assert (
        company.account_manager_id is None
        and db.scalar(select(func.count()).select_from(AuditEvent)) == audits
    )


def _inactive(db) -> int:
    agent = make_staff(db, role=StaffRole.ENTREPRISES)
    agent.is_active = False
    db.flush()
    return agent.id
