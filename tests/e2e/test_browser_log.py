"""The browser log of failing tests (``tests.support.browser_log``) keeps no value: a frame's password or
IBAN, a URL's token never reach a CI report."""

from __future__ import annotations

from tests.support.browser_log import _frame, _path

PASSWORD, IBAN, TOKEN = "Motdepasse-Secret-42", "FR7630006000011234567890189", "c0ffee-t0ken"


def test_a_frame_is_told_by_its_event_name_and_size_only():
    sent = (
        '42/_event,["event",{"name":"reflex___state____state.ocso_app___state___member___login_state.log_in",'
        f'"payload":{{"form":{{"password":"{PASSWORD}","iban":"{IBAN}"}}}},"token":"{TOKEN}"}}]'
    )
    assert _frame(sent) == f"42 log_in ({len(sent)} chars)"
    received = f'42/_event,["event",{{"delta":{{"s":{{"iban_masked_rx_state_":"{IBAN}"}}}}}}]'
    assert _frame(received) == f"42 ({len(received)} chars)"
    assert _frame(b"\x00\x01") == "<2 bytes>"


def test_a_url_loses_its_query():
    assert _path(f"ws://localhost:1234/_event/?token={TOKEN}&EIO=4") == "ws://localhost:1234/_event/"
    assert (
        _path("http://localhost:1234/api/assure/decomptes.pdf")
        == "http://localhost:1234/api/assure/decomptes.pdf"
    )
