"""Check digits of French identifiers, computed with python-stdnum: the NIR key, the Luhn digit of a SIREN
or SIRET, and a French IBAN (RIB key and IBAN check digits)."""

from __future__ import annotations

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
