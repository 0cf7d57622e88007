"""The live portal's workers sweep the mail outbox by themselves (the app's lifespan task): a message that a
stopped process left, committed and its lease over, leaves without any user action, once."""

import time
from datetime import timedelta

from ocso_app.db import db_session
from ocso_app.models.base import utcnow
from ocso_app.services import outbox, outbox_sender
from tests.builders import new_email
from tests.support.mailbox import body_text


def test_the_portal_sends_what_a_stopped_process_left_in_the_outbox(live_app, mailbox):
    address = new_email()
    with db_session() as session:  # this test process hands nothing over: only the portal can send it
        row, _ = outbox.enqueue(
            session, outbox.Outgoing(address, "OCSO : un message resté", "Bonjour"), now=utcnow()
        )
        row.claimed_by, row.claimed_until = "processus-arrete:1:0", utcnow() - timedelta(seconds=1)
    [message] = mailbox.wait_for(address, timeout=outbox_sender.POLL + 20)
    assert "Bonjour" in body_text(message)
    time.sleep(2)
    assert len(mailbox.to(address)) == 1
    assert "outbox sweep interrupted" not in live_app.log_text()
