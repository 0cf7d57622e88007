"""The portal's one rule for an e-mail address typed in a form or brought by a file (``valid_email``): every
form that takes an address (S'inscrire, Mes informations, pré-affiliation and affiliation de masse, comptes
employeur, OCSO et apporteurs, nouveaux clients, tiers payant, prise en charge hospitalière) asks it.

An address is one local part, one « @ » and one domain, 254 characters at most:

- the local part is what a mailbox name can be without quotes: letters (accented ones too), digits and
  ``! # $ % & ' * + - / = ? ^ _ ` { | } ~``, dots between them (« anne.le-goff+mutuelle »), never a dot first,
  last or twice in a row; a quoted local part or a comment is refused (no one types one, and a comma, a
  semicolon or « < > » would make a list of addresses of it in a mail header);
- the domain has at least one dot; each label has letters (accented ones too: « société.fr »), digits and
  hyphens, 1 to 63 characters (as its ``xn--`` form for an accented one), no hyphen first or last; the last
  label is not all digits (« 1.2.3.4 » is no domain);
- no blank anywhere (a tab, a non-breaking space: no mail reaches it) nor any control or invisible format
  character (a NUL: PostgreSQL refuses it in any text; a bidirectional override would show another address).

No library does it here: ``email-validator`` is not a dependency of the portal, and ``emails`` (which sends
the mail) does not check addresses.
"""

from __future__ import annotations

import unicodedata

MAX_LENGTH = 254
MAX_LABEL = 63
_LOCAL_SPECIALS = frozenset("!#$%&'*+-/=?^_`{|}~")


def _blank_or_invisible(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "CZ"


def _letter(ch: str) -> bool:
    """An ASCII letter or digit, or a letter (with its accent, composed or not) of another script."""
    if ch.isascii():
        return ch.isalnum()
    return unicodedata.category(ch)[0] in "LM"


def _valid_local(local: str) -> bool:
    return (
        bool(local)
        and not local.startswith(".")
        and not local.endswith(".")
        and ".." not in local
        and all(ch == "." or ch in _LOCAL_SPECIALS or _letter(ch) for ch in local)
    )


def _label_length(label: str) -> int:
    """A label's length in the DNS: its ``xn--`` form for an accented one."""
    return len(label) if label.isascii() else len("xn--") + len(label.encode("punycode"))


def _valid_label(label: str) -> bool:
    return (
        0 < _label_length(label) <= MAX_LABEL
        and not label.startswith("-")
        and not label.endswith("-")
        and all(ch == "-" or _letter(ch) for ch in label)
    )


def valid_email(address: str) -> bool:
    """Whether ``address`` (already stripped by the caller) can be an e-mail address (see the module)."""
    if not address or len(address) > MAX_LENGTH or any(_blank_or_invisible(ch) for ch in address):
        return False
    if address.count("@") != 1:
        return False
    local, _, domain = address.partition("@")
    labels = domain.split(".")
    return (
        _valid_local(local)
        and len(labels) >= 2
        and all(_valid_label(label) for label in labels)
        and not labels[-1].isdigit()
    )
