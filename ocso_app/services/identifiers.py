"""Check digits of French identifiers, computed with python-stdnum: the NIR key (and whether a typed NIR is
one), the Luhn digit of a SIREN or SIRET, and a French IBAN (RIB key and IBAN check digits); whether a code
postal can be a French one; and whether an IBAN is of the SEPA zone, the only accounts OCSO can pay or
debit."""

from __future__ import annotations

import re

from stdnum import iban, luhn
from stdnum.fr import nir


def nir_with_key(first13: str) -> str:
    """The 15-digit NIR: the 13 digits and their key (97 minus the number modulo 97)."""
    return f"{first13}{nir.calc_check_digits(first13)}"


def compact_nir(typed: str) -> str | None:
    """The 15 characters of a NIR whose key is right (spaces, dots, dashes removed), else ``None``."""
    try:
        return str(nir.validate(typed or ""))
    except ValueError:  # stdnum's ValidationError derives from ValueError
        return None


def luhn_complete(digits: str) -> str:
    """``digits`` followed by its Luhn check digit (SIREN, SIRET)."""
    return f"{digits}{luhn.calc_check_digit(digits)}"


def rib_key(bank: str, branch: str, account: str) -> str:
    """The clé RIB of a numeric French account (python-stdnum has no RIB module)."""
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97:02d}"


def french_iban(bank: str, branch: str, account: str) -> str:
    """A French IBAN (compact) with a correct RIB key and IBAN check digits; ``account`` is 11 digits."""
    bban = f"{bank}{branch}{account}{rib_key(bank, branch, account)}"
    return f"FR{iban.calc_check_digits(f'FR00{bban}')}{bban}"


# The countries and territories of the SEPA schemes (ISO 3166 codes): the European Payments Council's
# « EPC list of SEPA scheme countries and territories » (EPC409-09), as it stands after the EPC's decisions
# of November 2024 (Albania, Montenegro), March 2025 (Moldova, North Macedonia) and 2025 (Serbia). Neither
# python-stdnum (2.2: every country's IBAN format, not this list) nor another installed library has it:
# check it against the EPC's current version when a country joins. Checked on 2026-12-07 against the ECB's
# count (41 countries since Serbia joined on 22 May 2025: the 27, the 3 of the EEA, CH, GB, AD, MC, SM, VA,
# AL, MD, ME, MK, RS) and a maintained public list (npm ``is-sepa``, January 2025). OCSO pays reimbursements
# by SEPA credit transfer and collects cotisations by SEPA direct debit: an account elsewhere, however
# valid, cannot be used.
_EUROPEAN_UNION = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip
_EEA_OUTSIDE_THE_UNION = ("IS", "LI", "NO")
_OTHER_COUNTRIES = ("AD", "AL", "CH", "GB", "MC", "MD", "ME", "MK", "RS", "SM", "VA")
# Åland; the French outre-mer départements and the collectivités the list names; Gibraltar and the Crown
# Dependencies. The Azores, Madeira, the Canaries, Ceuta and Melilla have their country's code.
_TERRITORIES = ("AX", "GF", "GP", "MQ", "RE", "YT", "BL", "MF", "PM", "GI", "GG", "IM", "JE")
SEPA_COUNTRIES = frozenset(_EUROPEAN_UNION + _EEA_OUTSIDE_THE_UNION + _OTHER_COUNTRIES + _TERRITORIES)


def is_sepa_iban(compact_iban: str) -> bool:
    """Whether a valid IBAN (compact) is of an account in the SEPA zone: its country code, its first two
    letters, is in ``SEPA_COUNTRIES``."""
    return compact_iban[:2].upper() in SEPA_COUNTRIES


# 5 digits starting with a département (01 to 95, Corsica's 20 included), an outre-mer one (971 to 976) or
# 98 (Monaco and the collectivités of the Pacific): « 00000 » or « 99999 » are typing mistakes.
_FRENCH_POSTAL_CODE = re.compile(r"(0[1-9]|[1-8]\d|9[0-5])\d{3}|97[1-6]\d{2}|98\d{3}", re.ASCII)


def compact_postal_code(typed: str) -> str:
    """A code postal as typed (« 33 700 ») without its spaces (« 33700 »)."""
    return "".join((typed or "").split())


def is_french_postal_code(code: str) -> bool:
    """Whether ``code`` (spaces already removed) can be a French code postal."""
    return _FRENCH_POSTAL_CODE.fullmatch(code) is not None
