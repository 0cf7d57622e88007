"""The portal's one rule for a typed e-mail address (``email-validator``, no DNS): one local part of 64
characters at most, one « @ », one dotted domain of valid labels, 254 characters at most; no accented local
part, which our sending (no SMTPUTF8) could not deliver."""

from __future__ import annotations

import pytest

from ocso_app.services.email_addresses import ascii_address, valid_email

# Long through its domain: a local part is 64 characters at most (RFC 5321).
LONG = f"{'c' * 55}.a1b2c3d4@mail.{'courtage-en-assurances.' * 7}sud-ouest.example.fr"


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
        "a@b.c",
        "tiers-payant@clinique-2.example.fr",
        f"{'d' * 64}@example.fr",  # the longest local part
        f"{'d' * 64}@{'e' * 63}.{'f' * 63}.{'g' * 58}.fr",  # 254 characters
        LONG,
    ],
)
def test_an_address_is_accepted(address):
    assert len(address) <= 254
    assert valid_email(address)


def test_the_long_addresses_are_as_long_as_they_say():
    assert len(LONG) > 200
    assert len(f"{'d' * 64}@{'e' * 63}.{'f' * 63}.{'g' * 58}.fr") == 254


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
        f"{'d' * 65}@example.fr",  # a local part past 64 characters (RFC 5321)
        f"{'d' * 240}@example.fr",
        f"{'d' * 64}@{'e' * 63}.{'f' * 63}.{'g' * 59}.fr",  # 255 characters
        # An accented local part needs SMTPUTF8, which our sending does not ask for: never delivered.
        "josé@exemple.fr",
        "anne-sophie.lefèvre@example.fr",
        "a@example.invalid",  # a special-use domain: no mail reaches it
        "a@serveur.local",
        "anne\u200b@example.fr",  # an invisible character
        "anne@exa\u200bmple.fr",
    ],
)
def test_an_address_is_refused(address):
    assert not valid_email(address)


def test_an_accented_domain_travels_as_its_ascii_form():
    assert ascii_address("contact@société-générale.fr") == "contact@xn--socit-gnrale-eebbcb.fr"
    # IDNA 2008, as the registries use it: Python's own « idna » codec (IDNA 2003) would make it strasse.de
    assert ascii_address("rh@straße.de") == "rh@xn--strae-oqa.de"
    assert ascii_address("Anne.LeGoff@example.fr") == "Anne.LeGoff@example.fr"
    assert ascii_address("pas-une-adresse") == "pas-une-adresse"
