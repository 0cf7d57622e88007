"""Check digits of French identifiers, computed with python-stdnum: the NIR key, the Luhn digit of a SIREN
or SIRET, and a French IBAN (RIB key and IBAN check digits); and whether a code postal can be a French one."""

from __future__ import annotations

import re

from stdnum import iban, luhn
from stdnum.fr import nir


def nir_with_key(first13: str) -> str:
    """The 15-digit NIR: the 13 digits and their key (97 minus the number modulo 97)."""
    return f"{first13}{nir.calc_check_digits(first13)}"


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


# 5 digits starting with a département (01 to 95, Corsica's 20 included), an outre-mer one (971 to 976) or
# 98 (Monaco and the collectivités of the Pacific): « 00000 » or « 99999 » are typing mistakes.
_FRENCH_POSTAL_CODE = re.compile(r"(0[1-9]|[1-8]\d|9[0-5])\d{3}|97[1-6]\d{2}|98\d{3}", re.ASCII)


def compact_postal_code(typed: str) -> str:
    """A code postal as typed (« 33 700 ») without its spaces (« 33700 »)."""
    return "".join((typed or "").split())


def is_french_postal_code(code: str) -> bool:
    """Whether ``code`` (spaces already removed) can be a French code postal."""
    return _FRENCH_POSTAL_CODE.fullmatch(code) is not None
