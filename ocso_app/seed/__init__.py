"""Demo data: the guides' personas, the staff of BOULANGERIES DU LITTORAL (``company_size`` employees in
every affiliation status) with the persona companies' bordereaux and documents, and a generated volume of
members, companies and décomptes.

``python -m ocso_app.seed`` loads it (see ``__main__``); :func:`load_demo_data` does the work in one
transaction on an already migrated database and returns the logins it created. Passwords and security codes
and the OCSO staff's authenticator secrets (printed with a QR code to scan) are random at each load and only
ever printed and written to ``var/demo-logins.txt`` (mode 600).
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from random import Random

from faker import Faker
from sqlalchemy import Connection, Engine, exists, func, select

from ocso_app.config import write_private
from ocso_app.models import Member
from ocso_app.seed.context import Context, build_pools
from ocso_app.seed.data import personas as persona_data
from ocso_app.seed.data.personas import PERSONA_MEMBER_NUMBERS
from ocso_app.seed.data.population import DEFAULT_COMPANY_SIZE
from ocso_app.seed.paperwork import add_paperwork
from ocso_app.seed.personas import CompanyCode, DemoLogin, PersonaResult, Personas
from ocso_app.seed.population import load_population
from ocso_app.seed.rows import Ids, RowBuffer, T
from ocso_app.seed.volume import load_volume
from ocso_app.services.formats import paris_today
from ocso_app.services.passwords import hash_password
from ocso_app.services.two_factor import provisioning_qr_text
from ocso_app.services.uploads import delete_stored

DEFAULT_MEMBERS = 200
DEFAULT_SEED = 2026
ALREADY_LOADED = "Données de démonstration déjà chargées"

__all__ = [
    "ALREADY_LOADED",
    "DEFAULT_COMPANY_SIZE",
    "DEFAULT_MEMBERS",
    "DEFAULT_SEED",
    "CompanyCode",
    "DemoLogin",
    "SeedReport",
    "format_logins",
    "has_members",
    "load_demo_data",
    "parse_logins",
    "write_logins_file",
]


@dataclass(frozen=True)
class SeedReport:
    """What a load created: the demo logins, the companies' security codes and rows per table."""

    logins: list[DemoLogin]
    codes: list[CompanyCode]
    counts: dict[str, int]
    seconds: float


def has_members(engine: Engine) -> bool:
    """Whether the members table already has rows (then the demo data is considered loaded)."""
    with engine.connect() as conn:
        return bool(conn.execute(select(exists().select_from(Member))).scalar())


def _name_account_manager(conn: Connection, personas: PersonaResult) -> None:
    """The persona companies' dedicated contact (guide 003) is the demo's Entreprises agent: their users read
    it on Accueil (the accounts are written after the companies, hence this update)."""
    head_companies = [spec.key for spec in persona_data.COMPANIES if spec.parent is None]
    ids = [personas.plans[key].company_id for key in head_companies]
    if personas.account_manager_id is not None and ids:
        companies = T["companies"]
        conn.execute(
            companies.update()
            .where(companies.c.id.in_(ids))
            .values(account_manager_id=personas.account_manager_id)
        )


def load_demo_data(
    engine: Engine,
    *,
    members: int = DEFAULT_MEMBERS,
    company_size: int = DEFAULT_COMPANY_SIZE,
    seed: int = DEFAULT_SEED,
    today: date | None = None,
    password_cost: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SeedReport:
    """Load the personas, ``company_size`` employees of BOULANGERIES DU LITTORAL and ``members`` generated
    members, all in one transaction, then ANALYZE. The documents' PDFs are stored as the load goes and
    removed if it fails.

    Same ``seed`` and ``today``, same data (names, numbers, amounts); passwords differ at every load. The
    company's staff draws from its own random stream, so its size does not change the volume."""
    started = time.perf_counter()
    rng = Random(seed)
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    ctx: Context | None = None
    try:
        with engine.begin() as conn:
            ctx = Context(
                conn, rng, Ids(conn), build_pools(fake, rng), today or paris_today(), datetime.now(UTC)
            )
            buf = RowBuffer(conn)
            personas = Personas(ctx, buf, password_cost=password_cost).load()
            buf.flush()
            _name_account_manager(conn, personas)
            unknown_code_hash = hash_password(secrets.token_urlsafe(16), cost=password_cost)
            load_volume(
                ctx,
                buf,
                members=members,
                taken_numbers=PERSONA_MEMBER_NUMBERS,
                introducer_ids=personas.introducer_ids,
                security_code_hash=unknown_code_hash,
                progress=progress,
            )
            staff = replace(ctx, rng=Random(f"company-staff-{seed}"))
            load_population(staff, buf, personas=personas, size=company_size)
            add_paperwork(ctx, buf, personas)
            if conn.dialect.name == "postgresql":
                _reset_sequences(conn, ctx.ids.tables)
    except BaseException:
        if ctx is not None:
            delete_stored(ctx.stored_files)
        raise
    _analyze(engine)
    return SeedReport(personas.logins, personas.codes, dict(buf.counts), time.perf_counter() - started)


def _reset_sequences(conn: Connection, tables: list[str]) -> None:
    """Ids were given explicitly: move each PostgreSQL sequence past them for the app's own inserts."""
    for name in tables:
        table = T[name]
        last_id = select(func.max(table.c.id)).scalar_subquery()
        conn.execute(select(func.setval(func.pg_get_serial_sequence(name, "id"), last_id)))


def _analyze(engine: Engine) -> None:
    """Refresh the planner's statistics after a bulk load (SQLite and PostgreSQL alike)."""
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    return [line.rstrip() for line in lines]


def format_logins(report: SeedReport) -> str:
    """The French table of demo logins and security codes, as printed and written to the logins file."""
    lines = [
        "Comptes de démonstration (mots de passe générés pour ce chargement : ne les diffusez pas)",
        "",
        *_table(
            ("Espace", "Identifiant", "Mot de passe", "Titulaire", "Profil"),
            [
                (login.space, login.login, login.password, login.holder, login.profile)
                for login in report.logins
            ],
        ),
        "",
        "Création d'un compte employeur : numéro client, SIREN et code de sécurité",
        "",
        *_table(
            ("Entreprise", "Numéro client", "SIREN", "Code de sécurité"),
            [(code.name, code.client_number, code.siren, code.security_code) for code in report.codes],
        ),
        *_authenticators(report.logins),
    ]
    return "\n".join(lines) + "\n"


def _authenticators(logins: list[DemoLogin]) -> list[str]:
    """How to enrol each staff login's authenticator app (already activated by the load): its key for
    manual entry and its QR code to scan, then the 6-digit code of the app is asked after the password."""
    lines: list[str] = []
    for login in logins:
        if not login.totp_secret:
            continue
        key = " ".join(login.totp_secret[i : i + 4] for i in range(0, len(login.totp_secret), 4))
        lines += [
            "",
            f"Espace OCSO, {login.login} ({login.profile}) : application d'authentification (Google "
            "Authenticator, FreeOTP…), scannez ce QR code ou saisissez la clé",
            f"Clé : {key}",
            provisioning_qr_text(login.totp_secret, login.login),
        ]
    return lines


def parse_logins(text: str) -> dict[str, str]:
    """Identifiant → mot de passe, read back from :func:`format_logins`' first table."""
    first_table = text.split("\n\n")[1]
    rows = [re.split(r"\s{2,}", line) for line in first_table.splitlines()[2:]]
    return {row[1]: row[2] for row in rows}


def write_logins_file(path: Path, text: str) -> None:
    """Write the logins readable by the owner only (mode 600), replacing any previous file."""
    write_private(path, text.encode("utf-8"))
