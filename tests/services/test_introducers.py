"""Business introducers: the identifier by e-mail (same answer for everyone) and their own portfolio only."""

from datetime import date

import pytest

from ocso_app import config
from ocso_app.models import Account, AccountKind, BusinessIntroducer, PortfolioEntry
from ocso_app.services import introducers
from tests.factories import make_company
from tests.support.mailbox import body_text


@pytest.fixture
def smtp(monkeypatch, mailbox):
    monkeypatch.setenv("OCSO_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("OCSO_SMTP_PORT", str(mailbox.port))
    config.settings.cache_clear()
    return mailbox


def _introducer(db, identifier: str, email: str, *companies) -> BusinessIntroducer:
    introducer = BusinessIntroducer(identifier=identifier, name=f"Cabinet {identifier}", email=email)
    db.add(introducer)
    db.flush()
    for company in companies:
        db.add(
            PortfolioEntry(
                introducer_id=introducer.id,
                company_id=company.id,
                since=date(2023, 5, 2),
                commission_percent=0,
            )
        )
    db.add(Account(kind=AccountKind.INTRODUCER, login=identifier, email=email, introducer_id=introducer.id))
    db.flush()
    return introducer


def test_identifier_is_mailed_to_the_known_address_only(db, smtp):
    _introducer(db, "QQ0001", "cabinet.qq@example.fr")
    known = introducers.send_identifier(db, email="Cabinet.QQ@example.fr")
    unknown = introducers.send_identifier(db, email="inconnu@example.fr")
    assert known == unknown == introducers.IDENTIFIER_SENT
    assert "QQ0001" in body_text(smtp.wait_for("cabinet.qq@example.fr")[-1])
    assert smtp.to("inconnu@example.fr") == []


def test_portfolio_lists_only_the_introducers_companies(db):
    mine, other = make_company(db, name="MA SOCIETE"), make_company(db, name="PAS LA MIENNE")
    me = _introducer(db, "QQ0002", "a@example.fr", mine)
    _introducer(db, "QQ0003", "b@example.fr", other)
    rows = introducers.portfolio(db, introducer_id=me.id)
    assert [row.name for row in rows] == ["MA SOCIETE"]
    assert rows[0].since == "2 mai 2023"
