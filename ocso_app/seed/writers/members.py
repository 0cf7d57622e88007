"""Members (adhérents) and their beneficiaries, with the NIR and IBAN they are given."""

from __future__ import annotations

from datetime import date
from random import Random

from ocso_app.models import BeneficiaryQuality, Teletransmission
from ocso_app.seed.context import Context, Person
from ocso_app.seed.data import reference
from ocso_app.seed.rows import RowBuffer, T
from ocso_app.services.crypto import encrypt_field
from ocso_app.services.identifiers import french_iban, nir_with_key


def _nir(*, male: bool, birth: date, town: tuple[str, str, str], order: int) -> str:
    """The 15-digit NIR of sex, birth year and month, commune of birth and ``order`` (1 to 999), and key."""
    department = town[0][:2]
    first13 = f"{1 if male else 2}{birth.year % 100:02d}{birth.month:02d}{department}{town[2]}{order:03d}"
    return nir_with_key(first13)


def make_nir(rng: Random, *, male: bool, birth: date, town: tuple[str, str, str]) -> str:
    """A valid 15-digit NIR consistent with sex, birth month and commune of birth."""
    return _nir(male=male, birth=birth, town=town, order=rng.randint(1, 999))


def employee_nir(employee_id: int, person: Person) -> str:
    """The NIR HR typed at the pré-affiliation (``services.pre_affiliation`` requires it) of an employee the
    load draws none for: consistent with their sex and birth, its commune and order number taken from the
    employee's id rather than the random stream (so every other generated row stays as it was), hence the
    same at every load and different for any two such employees born the same month."""
    towns = reference.TOWNS
    order = employee_id // len(towns) % 999 + 1
    return _nir(male=person.male, birth=person.birth, town=towns[employee_id % len(towns)], order=order)


def make_iban(rng: Random) -> tuple[str, str]:
    """(IBAN, BIC) of an account in a French bank."""
    bank, bic = rng.choice(reference.BANKS)
    return french_iban(bank, f"{rng.randint(1, 99999):05d}", f"{rng.randint(0, 10**11 - 1):011d}"), bic


def add_member(
    ctx: Context,
    buf: RowBuffer,
    *,
    number: str,
    person: Person,
    nir: str,
    email: str | None,
    phone: str | None,
    address: tuple[str, str, str],
    iban: str | None,
    bic: str | None,
    adhesion: date,
    option_id: int,
    operator: str,
    radiation: date | None = None,
) -> int:
    """A member row (``nir`` already encrypted, ``iban`` in clear); ``address``: (line, postal code, city)."""
    member_id = ctx.ids.take(T["members"])
    buf.add(
        T["members"],
        {
            "id": member_id,
            "member_number": number,
            "civility": person.civility,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "birth_date": person.birth,
            "nir_enc": nir,
            "email": email,
            "phone": phone,
            "address_line": address[0],
            "postal_code": address[1],
            "city": address[2],
            "iban_enc": encrypt_field(iban) if iban else None,
            "bic": bic,
            "adhesion_date": adhesion,
            "radiation_date": radiation,
            "contract_option_id": option_id,
            "tiers_payant_operator": operator,
            "payment_email": False,
            "created_at": ctx.now,
        },
    )
    return member_id


def add_beneficiary(
    ctx: Context,
    buf: RowBuffer,
    *,
    member_id: int,
    rank: str,
    quality: BeneficiaryQuality,
    person: Person,
    nir: str | None,
    adhesion: date,
    teletransmission: Teletransmission = Teletransmission.ACTIVE,
    end: date | None = None,
) -> int:
    """A beneficiary of a member (the member themself is rank AS), names in capitals, with the status of
    their link with the Assurance Maladie (NOEMIE); ``end``: their last covered day (the member's radiation
    ends it, ``services.radiation``)."""
    beneficiary_id = ctx.ids.take(T["beneficiaries"])
    buf.add(
        T["beneficiaries"],
        {
            "id": beneficiary_id,
            "member_id": member_id,
            "rank": rank,
            "quality": quality,
            "first_name": person.first_name.upper(),
            "last_name": person.last_name.upper(),
            "birth_date": person.birth,
            "nir_enc": nir,
            "adhesion_date": adhesion,
            "end_date": end,
            "teletransmission": teletransmission,
            "created_at": ctx.now,
        },
    )
    return beneficiary_id
