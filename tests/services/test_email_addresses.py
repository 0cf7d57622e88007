"""The portal's one rule for a typed e-mail address: one local part, one « @ », one dotted domain of valid
labels, 254 characters at most."""

from __future__ import annotations

import pytest

from ocso_app.services.email_addresses import valid_email

LONG = f"{'c' * 60}.a1b2c3d4@mail.{'courtage-en-assurances.' * 6}sud-ouest.example.fr"


@pytest.mark.parametrize(
    "address",
    [
        "anne.legoff@example.fr",
        "Anne.LeGoff@Example.FR",
        "anne.legoff+mutuelle@example.fr",  # plus-addressing
        "rh@paie.groupe.example.co.uk",  # subdomains
        "o'brien_j-m@example.fr",
        "x@b.fr",
        "contact@société-générale.fr",  # an accented domain, as before
        "josé@exemple.fr",
        "a@b.c",
        "tiers-payant@clinique-2.example.fr",
        f"{'d' * 240}@example.fr",  # 251 characters
        LONG,
    ],
)
def test_an_address_is_accepted(address):
    assert len(address) <= 254
    assert valid_email(address)


@pytest.mark.parametrize(
    "address",
    [
        "",
        "pas-une-adresse",
        "a@b@c.fr",  # two « @ »: the check looked at the first only
        "anne@legoff@example.fr",
        "@example.fr",
        "anne@",
        "anne@example",  # no dot in the domain
        "anne@.example.fr",  # an empty label
        "anne@example..fr",
        "anne@example.fr.",
        "anne@-example.fr",  # a hyphen first or last in a label
        "anne@example-.fr",
        "anne@exa_mple.fr",
        "anne@exa mple.fr",  # a blank
        "anne legoff@example.fr",
        "anne\u00a0legoff@example.fr",
        "anne\tlegoff@example.fr",
        "anne\x00legoff@example.fr",  # a control character
        "anne\u202e@example.fr",  # a bidirectional override
        ".anne@example.fr",  # a dot first, last or twice in the local part
        "anne.@example.fr",
        "anne..legoff@example.fr",
        "a@b.fr,c@d.fr",  # a list of addresses
        "a@b.fr;c@d.fr",
        "Anne <anne@example.fr>",
        '"anne legoff"@example.fr',
        "anne@[192.168.0.1]",
        "anne@192.168.0.1",  # the last label all digits
        f"anne@{'x' * 64}.fr",  # a label past 63 characters
        f"{'d' * 244}@example.fr",  # 255 characters
    ],
)
def test_an_address_is_refused(address):
    assert not valid_email(address)
