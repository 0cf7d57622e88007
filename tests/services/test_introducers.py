"""Business introducers: the identifier by e-mail (same answer for everyone) and their own portfolio only."""


from ocso_app.services import introducers
from tests.builders import make_company, make_introducer, new_email
from tests.support.mailbox import body_text


def test_identifier_is_mailed_to_the_known_address_only(db, mailbox):
    introducer = make_introducer(db)
    stranger = new_email()
    known = introducers.send_identifier(db, email=introducer.email.upper())
    unknown = introducers.send_identifier(db, email=stranger)
    assert known == unknown == introducers.IDENTIFIER_SENT
    [message] = mailbox.wait_for(introducer.email)
    assert introducer.identifier in body_text(message)
    assert mailbox.to(stranger) == []


def test_portfolio_lists_only_the_introducers_companies(db):
    mine, other = make_company(db, name="MA SOCIETE"), make_company(db, name="PAS LA MIENNE")
    me = make_introducer(db, companies=(mine,))
    make_introducer(db, companies=(other,))
    rows = introducers.portfolio(db, introducer_id=me.id)
    assert [row.name for row in rows] == ["MA SOCIETE"]
    assert rows[0].since == "2 mai 2023"
