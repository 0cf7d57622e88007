"""The handlers of Accueil and of Mes remboursements' ▼, called as the guard calls them (the caller
injected), without a browser. Both read on a bare connection instead of an ORM session: Accueil shows the
member's own blocks, and ▼ shows the member's own décompte and commits its audit row, while another
member's décompte shows nothing and writes nothing."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import func, select

from ocso_app.db import db_session
from ocso_app.models import AccountKind, AuditEvent, Statement
from ocso_app.services.sessions import Principal
from ocso_app.state.member.home import HomeState
from ocso_app.state.member.reimbursements import ReimbursementsState
from tests.builders import make_care_member


class Page(SimpleNamespace):
    """A state as a handler sees it: its vars, the helpers it calls, a router with a user agent."""

    def __init__(self, state: type, helpers: tuple[str, ...], **values) -> None:
        router = SimpleNamespace(
            headers=SimpleNamespace(user_agent="pytest"), session=SimpleNamespace(client_ip="203.0.113.7")
        )
        super().__init__(router=router, **values)
        for name in ("_actor", "_interface", "_client_ip", *helpers):
            setattr(self, name, getattr(state, name).__get__(self))


def _members() -> tuple[Principal, list[int], Principal]:
    with db_session() as session:
        mine, other = make_care_member(session), make_care_member(session, first_name="Julie")
        principal = Principal(mine.account_id, AccountKind.MEMBER, "Test", 0, member_id=mine.member_id)
        intruder = Principal(other.account_id, AccountKind.MEMBER, "Test", 0, member_id=other.member_id)
        return principal, list(mine.statement_ids), intruder


def _audits(member: Principal) -> list[str]:
    with db_session() as session:  # a session of its own: sees only what was committed
        return list(
            session.scalars(select(AuditEvent.action).where(AuditEvent.member_id == member.member_id))
        )


def test_accueil_shows_the_members_own_blocks():
    member, _statements, _other = _members()
    page = Page(HomeState, ("_fill_summary",))
    HomeState.event_handlers["load"].fn.__wrapped__(page, member)
    assert page.full_name == "Martin DUBOIS" and page.member_number
    assert page.latest_payments and page.forfaits
    with db_session() as session:
        assert session.scalar(select(func.count()).where(AuditEvent.member_id == member.member_id)) == 0


def test_unfolding_a_decompte_shows_its_lines_and_commits_the_consultation():
    member, statements, other = _members()
    toggle = ReimbursementsState.event_handlers["toggle"].fn.__wrapped__
    page = Page(ReimbursementsState, (), expanded_id="", lines=[], explanations=[])
    toggle(page, member, str(statements[0]))
    assert page.expanded_id == str(statements[0]) and page.lines and page.explanations
    with db_session() as session:
        number = session.get(Statement, statements[0]).number
    assert _audits(member) == [f"Consultation du décompte de prestations n° {number}"]

    intruder = Page(ReimbursementsState, (), expanded_id="", lines=[], explanations=[])
    toggle(intruder, other, str(statements[0]))
    assert (intruder.expanded_id, intruder.lines, intruder.explanations) == ("", [], [])
    assert _audits(other) == []


def _reimbursements_page() -> Page:
    defaults = {name: field.default_value() for name, field in ReimbursementsState.get_fields().items()}
    return Page(ReimbursementsState, ("_show", "_search"), **defaults)


def test_opening_mes_remboursements_shows_the_selection_and_commits_the_consultation():
    member, statements, _other = _members()
    page = _reimbursements_page()
    ReimbursementsState.event_handlers["load"].fn.__wrapped__(page, member)
    assert {int(row["id"]) for row in page.rows} == set(statements)
    assert page.by_beneficiary and page.by_category and page.forfaits and page.beneficiary_options
    assert _audits(member) == ["Consultation des remboursements"]


def test_a_search_with_a_bad_date_says_so_and_writes_nothing():
    member, statements, _other = _members()
    page = _reimbursements_page()
    search = ReimbursementsState.event_handlers["search"].fn.__wrapped__
    search(page, member, {"du": "31/02/2025", "au": "", "beneficiaire": "", "nature": ""})
    assert page.error and page.rows == []
    search(page, member, {"du": "", "au": "", "beneficiaire": "", "nature": ""})
    assert page.error == "" and {int(row["id"]) for row in page.rows} == set(statements)
    assert _audits(member) == []
