"""The load benchmark's database: ~20,000 generated members and the demo's 3,000-employee company (the demo
loader), N member accounts that can log in and N employer users, kept under ``var/bench/`` (SQLite) or in a
PostgreSQL database of the benchmark's own, for reuse.

The generated members have no account. The benchmark gives the first N of them one, as a member's
registration does (an ``Account`` row of kind MEMBER, login = numéro d'adhérent), with a password drawn at
random for this run only: it is hashed into the database (bcrypt cost 4: logging in is not what is measured)
and kept in memory, never printed or written. Members need no second factor, so the login route opens a full
session at once. Employer users do need one (a code by e-mail, or TOTP): the benchmark gives N of them the
demo HR manager's grants on the company and opens their sessions as a passed second factor does
(``sessions.start_session``), whose tokens only ever go into their ``Cookie`` headers.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, delete, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
VAR_DIR = BENCH_DIR / "load-var"
SQLITE_URL = f"sqlite:///{BENCH_DIR / 'load.db'}"
BENCH_PASSWORD_COST = 4


@contextmanager
def bench_environment(database_url: str) -> Iterator[None]:
    """Point the app's settings at the benchmark database and var folder (its field key included) while
    the app's modules are used in this process."""
    saved = {name: os.environ.get(name) for name in ("OCSO_DATABASE_URL", "OCSO_VAR_DIR")}
    os.environ["OCSO_DATABASE_URL"] = database_url
    os.environ["OCSO_VAR_DIR"] = str(VAR_DIR)
    from ocso_app.config import settings
    from ocso_app.db import engine

    settings.cache_clear()
    engine.cache_clear()
    try:
        yield
    finally:
        engine().dispose()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        settings.cache_clear()
        engine.cache_clear()


def ensure_postgres_database(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` if the server does not have it yet."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        found = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database})
        if not found:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def migrate(database_url: str) -> None:
    """``alembic upgrade head`` on the benchmark database."""
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    elif database_url.startswith("postgresql"):
        ensure_postgres_database(database_url)
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url)
    command.upgrade(config, "head")


def load_members(members: int) -> None:
    """The demo data with ``members`` generated members, unless already loaded (the logins the loader
    returns are dropped: the benchmark uses its own accounts)."""
    from ocso_app.db import engine
    from ocso_app.seed import has_members, load_demo_data

    if has_members(engine()):
        print("Base de benchmark déjà chargée : réutilisée.", flush=True)
        return
    started = time.perf_counter()
    print(f"Chargement de {members:,} adhérents…".replace(",", " "), flush=True)
    load_demo_data(engine(), members=members, password_cost=BENCH_PASSWORD_COST)
    print(f"  chargé en {time.perf_counter() - started:.0f} s", flush=True)


def _bench_member_ids(session: Session, count: int) -> list[int]:
    """The first ``count`` generated members (the personas are skipped) that have statements."""
    from ocso_app.models import Member, Statement
    from ocso_app.seed.data.personas import PERSONA_MEMBER_NUMBERS

    with_statements = select(Statement.member_id).distinct().scalar_subquery()
    query = (
        select(Member.id)
        .where(Member.member_number.not_in(PERSONA_MEMBER_NUMBERS), Member.id.in_(with_statements))
        .order_by(Member.id)
        .limit(count)
    )
    return list(session.scalars(query))


def member_accounts(count: int) -> tuple[list[str], str]:
    """``count`` member accounts (created once, then reused) sharing a password drawn for this run;
    returns their logins and that password."""
    from ocso_app.db import db_session
    from ocso_app.models import Account, AccountKind, Member
    from ocso_app.services.passwords import hash_password

    password = "Bench" + secrets.token_urlsafe(18) + "9"
    password_hash = hash_password(password, cost=BENCH_PASSWORD_COST)
    with db_session() as session:
        ids = _bench_member_ids(session, count)
        have = set(session.scalars(select(Account.member_id).where(Account.member_id.in_(ids))))
        for member in session.scalars(select(Member).where(Member.id.in_(set(ids) - have))):
            session.add(
                Account(
                    kind=AccountKind.MEMBER,
                    login=member.member_number,
                    email=member.email,
                    first_name=member.first_name,
                    last_name=member.last_name,
                    member_id=member.id,
                )
            )
        session.flush()
        session.execute(
            update(Account)
            .where(Account.member_id.in_(ids))
            .values(
                password_hash=password_hash,
                password_is_temporary=False,
                locked_at=None,
                is_active=True,
            )
        )
        logins = list(session.scalars(select(Account.login).where(Account.member_id.in_(ids))))
    if len(logins) < count:
        raise SystemExit(f"only {len(logins)} members with statements: load more members")
    return logins, password


BENCH_EMPLOYER = "rh-{}@banc-de-charge.invalid"


def employer_cookies(count: int) -> list[str]:
    """``count`` employer users (created once, then reused) with the demo HR manager's grants on the demo's
    company, each with a new session whose second factor is passed (those of earlier runs deleted): the
    ``Cookie`` headers of their tabs."""
    from ocso_app.db import db_session
    from ocso_app.models import Account, AccountKind, EmployerGrant, LoginSession
    from ocso_app.seed.data.personas import EMPLOYER_EMAIL
    from ocso_app.services.passwords import hash_password
    from ocso_app.services.sessions import SESSION_COOKIE, start_session

    cookies = []
    with db_session() as session:
        demo = session.scalar(select(Account.id).where(Account.login == EMPLOYER_EMAIL))
        grants = list(session.scalars(select(EmployerGrant).where(EmployerGrant.account_id == demo)))
        unusable = hash_password(secrets.token_urlsafe(24), cost=BENCH_PASSWORD_COST)  # never logs in
        for index in range(count):
            login = BENCH_EMPLOYER.format(index)
            account = session.scalar(select(Account).where(Account.login == login))
            if account is None:
                account = Account(
                    kind=AccountKind.EMPLOYER,
                    login=login,
                    email=login,
                    first_name="Banc",
                    last_name=f"RH {index}",
                    job_title="Responsable RH",
                    password_hash=unusable,
                )
                session.add(account)
                session.flush()
                for grant in grants:
                    session.add(
                        EmployerGrant(
                            account_id=account.id, company_id=grant.company_id, profile=grant.profile
                        )
                    )
            else:  # the sessions of an earlier run: ended, as they would be by logging out
                session.execute(delete(LoginSession).where(LoginSession.account_id == account.id))
            token = start_session(session, account=account, second_factor_done=True)
            cookies.append(f"{SESSION_COOKIE}={token}")
    return cookies


@dataclass(frozen=True)
class Accounts:
    """Who the benchmark logs in: the members' logins and this run's password, the employers' cookies."""

    member_logins: list[str]
    password: str
    employer_cookies: list[str]


def prepare(database_url: str, *, members: int, accounts: int, employers: int) -> Accounts:
    """Migrate, load and give accounts to ``accounts`` members and ``employers`` employer users."""
    migrate(database_url)
    with bench_environment(database_url):
        load_members(members)
        logins, password = member_accounts(accounts)
        return Accounts(logins, password, employer_cookies(employers))
