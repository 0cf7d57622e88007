"""The portal's one rule for an e-mail address typed in a form or brought by a file (``valid_email``): every
form that takes an address (S'inscrire, Mes informations, pré-affiliation and affiliation de masse, comptes
employeur, OCSO et apporteurs, nouveaux clients, tiers payant, prise en charge hospitalière) asks it, and
answers with its own French message when it is refused.

The syntax is ``email-validator``'s (RFC 5321/5322 as mail servers read them, no DNS query): one local part
of at most 64 characters, one « @ », a domain of valid labels with a dot and a real top-level domain (not
« 1.2.3.4 », nor a special-use name such as « .local » or « .invalid »), 254 characters at most. A quoted
local part, a display name (« Anne <anne@…> »), a bracketed IP address, a list of addresses, a blank or an
invisible character (a NUL, a bidirectional override) are refused.

An accented domain (« contact@société-générale.fr ») is accepted: it travels as its ``xn--`` form, which
needs nothing of the mail relay (:func:`ascii_address`). An accented local part (« josé@… ») is refused:
delivering it needs SMTPUTF8, and our sending (``emails`` over ``smtplib``, ``services.mail``) does not ask
for it, so such a message would never leave.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, ValidatedEmail, validate_email


def _validated(address: str) -> ValidatedEmail | None:
    try:
        return validate_email(
            address,
            check_deliverability=False,  # no DNS query: a form answers at once, offline too
            allow_smtputf8=False,  # see the module: our sending cannot deliver an accented local part
            allow_quoted_local=False,
            allow_domain_literal=False,
            allow_display_name=False,
            strict=True,  # the local part's 64 characters (RFC 5321), which email-validator checks only then
        )
    except EmailNotValidError:
        return None


def valid_email(address: str) -> bool:
    """Whether ``address`` (already stripped by the caller) can be an e-mail address (see the module)."""
    return bool(address) and _validated(address) is not None


def ascii_address(address: str) -> str:
    """The address as SMTP carries it: an accented domain as its ``xn--`` form (IDNA 2008, as registries
    use it: « straße.de » is « xn--strae-oqa.de », not « strasse.de »); ``address`` itself when it is not a
    valid one (the relay will say so)."""
    validated = _validated(address)
    if validated is None or validated.ascii_email is None:
        return address
    return validated.ascii_email
