"""Business introducers: the identifier by e-mail (same answer for everyone) and their own portfolio only."""

import time
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from ocso_app.db import db_session
from ocso_app.models import Request, RequestStatus
from ocso_app.services import introducers, throttle
from ocso_app.services.formats import paris_today
from ocso_app.services.requests import labels
from tests.builders import make_company, make_company_with_activity, make_introducer, new_email
from tests.builders.contracts import make_contract, make_contribution
from tests.support.mailbox import body_text


def _committed_introducer() -> tuple[str, str]:
    """An introducer committed for real (the message leaves only after a commit): (e-mail, identifier)."""
    with db_session() as session:
        introducer = make_introducer(session)
        return introducer.email, introducer.identifier


def _ask(email: str, ip: str | None = None) -> tuple[str, float]:
    start = time.perf_counter()
    with db_session() as session:
        answer = introducers.send_identifier(session, email=email, ip_address=ip)
    return answer, time.perf_counter() - start


def test_identifier_is_mailed_to_the_known_address_only(mailbox):
    email, identifier = _committed_introducer()
    stranger = new_email()
    known, _ = _ask(email.upper())
    unknown, _ = _ask(stranger)
    assert known == unknown == introducers.IDENTIFIER_SENT
    [message] = mailbox.wait_for(email)
    assert identifier in body_text(message)
    assert mailbox.to(stranger) == []


def test_an_address_typed_with_a_nul_gets_the_same_answer(mailbox):
    """PostgreSQL refuses a NUL in a query: « Obtenir votre identifiant » answered « Une erreur
    inattendue »."""
    email, _ = _committed_introducer()
    assert _ask(email.replace("@", "\x00@"))[0] == introducers.IDENTIFIER_SENT


def test_known_and_unknown_addresses_cost_the_same(held_mail, mailbox):
    """Issue 10, finding 6: 5 ms for a known address, 296 ms for an unknown one. Now the message leaves after
    the answer: with a mail server that hangs, both answers come back while the message is held."""
    email, _ = _committed_introducer()
    assert _ask(new_email())[0] == _ask(email)[0] == introducers.IDENTIFIER_SENT
    assert held_mail.held(1)  # answered, and the message is still waiting to leave
    held_mail.release()
    assert mailbox.wait_for(email)


def test_identifier_requests_are_bounded_per_address_and_per_client(mailbox):
    email, _ = _committed_introducer()
    for _ in range(throttle.IDENTIFIER_ADDRESS.limit + 2):
        assert _ask(email)[0] == introducers.IDENTIFIER_SENT
    other, _ = _committed_introducer()
    for _ in range(throttle.IDENTIFIER_CLIENT.limit):
        _ask(new_email(), ip="192.0.2.200")
    assert _ask(other, ip="192.0.2.200")[0] == introducers.IDENTIFIER_SENT
    time.sleep(1)
    assert len(mailbox.to(email)) == throttle.IDENTIFIER_ADDRESS.limit
    assert mailbox.to(other) == []


def test_portfolio_lists_only_the_introducers_companies(db):
    mine, other = make_company(db, name="MA SOCIETE"), make_company(db, name="PAS LA MIENNE")
    me = make_introducer(db, companies=(mine,))
    make_introducer(db, companies=(other,))
    rows = introducers.portfolio(db, introducer_id=me.id, today=paris_today())
    assert [row.name for row in rows] == ["MA SOCIETE"]
    assert rows[0].since == "2 mai 2023"


def test_portfolio_detail_shows_contracts_headcounts_bordereaux_and_open_demarches(db):
    company = make_company_with_activity(db, name="DETAIL SA")
    me = make_introducer(db, companies=(company,))
    detail = introducers.portfolio_detail(db, introducer_id=me.id, company_id=company.id, today=paris_today())
    assert [(c.number, c.kind) for c in detail.contracts] == [
        (f"{company.client_number}-P", "Prévoyance"),
        (f"{company.client_number}-S", "Santé"),
    ]
    counts = {h.status: h.count for h in detail.headcounts}
    assert counts["Affilié(e)"] == "2" and counts["En cours d'affiliation"] == "1"
    assert counts["À relancer"] == "1" and counts["Radié(e)"] == "0"
    assert {s.contract for s in detail.statements} <= {
        f"Santé {company.client_number}-S",
        f"Prévoyance {company.client_number}-P",
    }
    assert [(s.period, s.due, s.paid, s.status) for s in detail.statements] == [
        ("01/04/2025 au 29/06/2025", "300,00\u00a0€", "0,00\u00a0€", "En retard"),
        ("01/01/2025 au 31/03/2025", "300,00\u00a0€", "300,00\u00a0€", "Réglé"),
    ]
    assert sorted(r.status for r in detail.requests) == ["en cours de traitement", "envoyée"]
    assert {r.kind for r in detail.requests} == {"Poser une question"}
    assert "SECRETNOM" not in repr(detail)  # no employee's name, not even inside a démarche's subject


def test_portfolio_detail_leaves_out_the_sick_leave_demarches(db):
    """A déclaration d'arrêt de travail is an employee's claim, not the contract's administration: the
    introducer is not told of it (in a company of three, « Arrêts de travail — envoyée » names someone)."""
    company = make_company_with_activity(db, name="PETITE SARL")
    for request_type in (labels.SICK_LEAVE, labels.EMPLOYEES):
        db.add(
            Request(
                company_id=company.id,
                request_type=request_type,
                subject="Déclaration",
                routed_service=labels.SERVICES[request_type],
                status=RequestStatus.SENT,
                submission_key=f"{company.client_number}-{request_type}",
            )
        )
    db.flush()
    me = make_introducer(db, companies=(company,))
    detail = introducers.portfolio_detail(db, introducer_id=me.id, company_id=company.id, today=paris_today())
    assert sorted(r.kind for r in detail.requests) == ["Poser une question", "Poser une question", "Salariés"]


def test_a_company_outside_the_portfolio_has_no_detail(db):
    mine, other = (
        make_company_with_activity(db, name="A MOI SA"),
        make_company_with_activity(db, name="PAS A MOI SA"),
    )
    me = make_introducer(db, companies=(mine,))
    make_introducer(db, companies=(other,))
    assert (
        introducers.portfolio_detail(db, introducer_id=me.id, company_id=other.id, today=paris_today())
        is None
    )
    assert (
        introducers.portfolio_detail(db, introducer_id=me.id, company_id=mine.id, today=paris_today())
        is not None
    )


def test_the_portfolios_insured_count_is_the_detail_one_as_read_today(db):
    """A portabilité whose last day has passed is over (radié(e) as read today, before the daily job writes
    it): the portfolio's « Assurés » counted it still, while the company's detail and the employer's Accueil
    did not."""
    from datetime import date, timedelta

    from ocso_app.models import AffiliationStatus
    from tests.builders import make_employee

    today = date(2026, 12, 7)
    company = make_company(db, name="PORTABILITE SA")
    me = make_introducer(db, companies=(company,))
    make_employee(db, company=company, status=AffiliationStatus.AFFILIATED)
    running = make_employee(db, company=company, status=AffiliationStatus.PORTABILITY)
    ended = make_employee(db, company=company, status=AffiliationStatus.PORTABILITY)
    running.portability_end_on, ended.portability_end_on = today, today - timedelta(days=1)
    db.flush()
    (row,) = introducers.portfolio(db, introducer_id=me.id, today=today)
    detail = introducers.portfolio_detail(db, introducer_id=me.id, company_id=company.id, today=today)
    counts = {h.status: int(h.count) for h in detail.headcounts}
    assert counts["Affilié(e)"] + counts["En portabilité"] == 2
    assert row.insured_employees == 2


def test_a_contract_ended_or_not_yet_started_is_not_shown_as_the_clients(db):
    """The portfolio counted, and the detail listed, every signed contract: a prévoyance ended last month
    still read « Contrats santé / prévoyance 1 / 1 » for a client covered by its santé alone, while the help
    promises « ses contrats signés en cours » and the employer's Entreprise page shows those in force only."""
    from datetime import date, timedelta

    from ocso_app.models import Contract

    today = date(2026, 12, 7)
    company = make_company_with_activity(db, name="FIN DE CONTRAT SA")
    me = make_introducer(db, companies=(company,))
    ended = db.scalar(select(Contract).where(Contract.number == f"{company.client_number}-P"))
    ended.end_date = today - timedelta(days=1)
    future = db.scalar(select(Contract).where(Contract.number == f"{company.client_number}-S"))
    db.add(
        Contract(
            company_id=company.id,
            kind=future.kind,
            number=f"{company.client_number}-N",
            label="Contrat santé 2027",
            insurer="OCSO",
            personnel_category="Cadres",
            start_date=date(2027, 1, 1),
            signed_on=today,
            employer_share_percent=future.employer_share_percent,
        )
    )
    db.flush()
    (row,) = introducers.portfolio(db, introducer_id=me.id, today=today)
    assert (row.health_contracts, row.provident_contracts) == (1, 0)
    detail = introducers.portfolio_detail(db, introducer_id=me.id, company_id=company.id, today=today)
    assert [c.number for c in detail.contracts] == [f"{company.client_number}-S"]
    # its last day is still in force
    assert [
        c.number
        for c in introducers.portfolio_detail(
            db, introducer_id=me.id, company_id=company.id, today=ended.end_date
        ).contracts
    ] == [f"{company.client_number}-P", f"{company.client_number}-S"]


def test_the_detail_shows_every_contracts_bordereaux_of_the_latest_periods_and_any_left_to_pay(db):
    """Cut at 8 rows, the list left out one contract of the last quarter and said nothing of it: it now
    holds the 4 latest periods of every contract, and an older bordereau only while it is left to pay."""
    company = make_company(db)
    contracts = [make_contract(db, company=company) for _ in range(3)]
    starts = [date(2026, 1, 1), date(2025, 10, 1), date(2025, 7, 1), date(2025, 4, 1), date(2025, 1, 1)]
    for contract in contracts:
        for start in starts:
            unpaid = contract is contracts[0] and start == starts[-1]
            make_contribution(
                db,
                contract=contract,
                period_start=start,
                period_end=start + timedelta(days=89),
                due=Decimal("100.00"),
                paid=Decimal("0.00") if unpaid else Decimal("100.00"),
                due_on=start + timedelta(days=100),
            )
    me = make_introducer(db, companies=(company,))
    detail = introducers.portfolio_detail(
        db, introducer_id=me.id, company_id=company.id, today=date(2026, 6, 1)
    )
    periods = [s.period[:10] for s in detail.statements]
    assert periods.count("01/01/2026") == 3 and periods.count("01/04/2025") == 3
    assert periods.count("01/01/2025") == 1  # the one left to pay; the two paid ones of that period are not
    assert len(periods) == 13
