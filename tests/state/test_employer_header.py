"""The Espace Employeur's header counts the new documents of the structures whose Documents page the user
sees, narrowed to the structure chosen in the header, as every page load refreshes it."""

from __future__ import annotations

from datetime import UTC, datetime

from ocso_app.db import db_session
from ocso_app.services import employer_access
from ocso_app.state.employer.home import EmployerHomeState
from tests.builders import make_company, make_employer
from tests.builders.contracts import make_company_document
from tests.state.test_page_opening import _substate, _tab


def test_the_documents_counter_follows_the_structures_and_the_choice():
    with db_session() as session:
        head = make_company(session)
        branch = make_company(session, parent=head)
        for company, title in ((head, "Avenant"), (head, "Garanties"), (branch, "Courrier")):
            make_company_document(session, company=company, title=title)
        make_company_document(session, company=head, title="Lu").read_at = datetime(2026, 1, 5, tzinfo=UTC)
        make_company_document(session, company=make_company(session), title="D'une autre entreprise")
        boss = make_employer(session, principal_of=(head, branch)).id
        local = make_employer(session, principal_of=(branch,)).id

    def counted(account_id: int, chosen: int | None) -> tuple[int, str]:
        with db_session() as session:
            grants = employer_access.granted_structures(session, account_id=account_id)
        header = _substate(_tab("/employeur"), EmployerHomeState)
        header._count_new_documents(account_id, grants, chosen)
        return header.unread_documents, header.unread_label

    assert counted(boss, None) == (3, "3 nouveaux documents")
    assert counted(boss, head.id) == (2, "2 nouveaux documents")
    assert counted(boss, branch.id) == (1, "1 nouveau document")
    assert counted(local, None) == (1, "1 nouveau document")
