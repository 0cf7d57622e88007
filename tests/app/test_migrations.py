"""The schema built by the migrations is exactly the one the models describe."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from ocso_app.models import Base


def test_models_and_migrations_agree(test_engine):
    with test_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_the_pages_queries_have_their_indexes(test_engine):
    inspector = inspect(test_engine)
    care_line_indexes = {tuple(ix["column_names"]) for ix in inspector.get_indexes("care_lines")}
    assert any(columns[:2] == ("member_id", "care_date") for columns in care_line_indexes)
    employee_indexes = {tuple(ix["column_names"]) for ix in inspector.get_indexes("employees")}
    assert any(columns[:3] == ("company_id", "status", "last_name") for columns in employee_indexes)


def test_money_is_numeric_12_2(test_engine):
    columns = {c["name"]: c["type"] for c in inspect(test_engine).get_columns("care_lines")}
    for name in ("amount_spent", "ss_base", "ss_reimbursed", "complementary_reimbursed", "remaining_charge"):
        assert (columns[name].precision, columns[name].scale) == (12, 2)


def test_the_old_staff_roles_become_the_services_and_back(tmp_path):
    """Migration 0007: admin → administrateur, gestionnaire and consultation → prestations (and down)."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from tests.support.schema import alembic_config

    url = f"sqlite:///{tmp_path / 'roles.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0005")
    engine = create_engine(url)
    insert = text(
        "INSERT INTO accounts (kind, login, staff_role, password_is_temporary, is_active, created_at) "
        "VALUES ('staff', :login, :role, 0, 1, '2026-01-01')"
    )
    with engine.begin() as connection:
        for role in ("admin", "gestionnaire", "consultation"):
            connection.execute(insert, {"login": f"{role}@ocso.fr", "role": role})
    roles = text("SELECT login, staff_role FROM accounts ORDER BY login")
    command.upgrade(config, "0007")
    with engine.connect() as connection:
        assert dict(connection.execute(roles).all()) == {
            "admin@ocso.fr": "administrateur",
            "consultation@ocso.fr": "prestations",
            "gestionnaire@ocso.fr": "prestations",
        }
    command.downgrade(config, "0005")
    with engine.connect() as connection:
        assert set(dict(connection.execute(roles).all()).values()) == {"admin", "gestionnaire"}
    engine.dispose()


def test_the_documents_published_to_companies_before_their_new_mark_count_as_read(tmp_path):
    """Migration 0015: a company's past documents are not all « Nouveau » at once; a member's stay unread."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from tests.support.schema import alembic_config

    url = f"sqlite:///{tmp_path / 'documents.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0014")
    engine = create_engine(url)  # foreign keys not enforced: no company nor member rows needed
    insert = text(
        "INSERT INTO documents (company_id, member_id, category, title, storage_key, content_type, "
        "size_bytes, sha256, published_at, read_at) VALUES (:company, :member, 'courrier', :title, :title, "
        "'application/pdf', 1, '0', '2026-11-02 09:00:00', :read_at)"
    )
    with engine.begin() as connection:
        for company, member, title, read_at in (
            (1, None, "new", None),
            (1, None, "read", "2026-11-20 10:00:00"),
            (None, 7, "member", None),
            (1, 7, "employee", None),
        ):
            connection.execute(
                insert, {"company": company, "member": member, "title": title, "read_at": read_at}
            )
    command.upgrade(config, "0015")
    with engine.connect() as connection:
        read = dict(connection.execute(text("SELECT title, read_at FROM documents")).all())
    assert read == {
        "new": "2026-11-02 09:00:00",  # read « when published »
        "read": "2026-11-20 10:00:00",
        "member": None,
        "employee": None,
    }
    engine.dispose()


def test_the_dedicated_contact_column_joins_a_database_holding_companies(tmp_path):
    """Migration 0016 on a database already holding companies referenced by other rows, foreign keys
    enforced as the portal's engine does: a rebuild of the companies table (the batch mode) was refused
    there. The rows stay, the new column is empty and references the accounts."""
    from alembic import command
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from ocso_app.db import make_engine
    from tests.support.schema import alembic_config

    url = f"sqlite:///{tmp_path / 'companies.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0015")
    engine = make_engine(url)  # PRAGMA foreign_keys=ON, as the portal's
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO companies (id, client_number, siren, name, security_code_hash, address_line, "
                "postal_code, city, search_name, created_at) VALUES (1, 'C1', '123456789', 'BOULANGERIE', "
                "'x', '1 rue', '29200', 'Brest', 'boulangerie', '2026-01-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO contracts (company_id, kind, number, label, insurer, personnel_category, "
                "start_date, employer_share_percent, created_at) VALUES (1, 'sante', 'S1', 'Santé', 'X', "
                "'Tous', '2026-01-01', 50, '2026-01-01')"
            )
        )
    command.upgrade(config, "0016")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name, account_manager_id FROM companies")).all() == [
            ("BOULANGERIE", None)
        ]
        with pytest.raises(IntegrityError):
            connection.execute(text("UPDATE companies SET account_manager_id = 999"))
    engine.dispose()


def test_the_employer_users_of_before_0020_keep_getting_the_deposits_e_mails(tmp_path):
    """Migration 0020 on a database already holding an account that other rows reference (a login session),
    foreign keys enforced as the portal's engine does (a rebuild of the accounts table, the batch mode, was
    refused there): the rows stay and every existing account has ``deposit_emails`` on, so nothing changes
    until its user says otherwise; the downgrade removes the column and keeps the rows."""
    from alembic import command
    from sqlalchemy import text

    from ocso_app.db import make_engine
    from tests.support.schema import alembic_config

    url = f"sqlite:///{tmp_path / 'deposits.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0019")
    engine = make_engine(url)  # PRAGMA foreign_keys=ON, as the portal's
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO accounts (id, kind, login, password_is_temporary, is_active, created_at) "
                "VALUES (1, 'employer', 'rh@example.fr', 0, 1, '2026-01-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO login_sessions (account_id, token_hash, created_at, last_seen_at, expires_at, "
                "second_factor_done, must_change_password, interface) VALUES (1, 'h', '2026-01-01', "
                "'2026-01-01', '2026-01-02', 1, 0, 'Web')"
            )
        )
    sessions = text("SELECT count(*) FROM login_sessions")
    command.upgrade(config, "0020")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT deposit_emails FROM accounts")).scalar_one() == 1
        assert connection.execute(sessions).scalar_one() == 1
    with engine.begin() as connection:  # a new account without the column named: on too
        connection.execute(
            text(
                "INSERT INTO accounts (kind, login, password_is_temporary, is_active, created_at) "
                "VALUES ('employer', 'paie@example.fr', 0, 1, '2026-01-01')"
            )
        )
        assert connection.execute(text("SELECT min(deposit_emails) FROM accounts")).scalar_one() == 1
    command.downgrade(config, "0019")
    assert "deposit_emails" not in {c["name"] for c in inspect(engine).get_columns("accounts")}
    with engine.connect() as connection:
        assert connection.execute(sessions).scalar_one() == 1
    engine.dispose()


def test_a_company_in_two_portfolios_stops_migration_0022_which_changes_nothing(tmp_path):
    """Migration 0022 makes ``portfolio_entries.company_id`` unique. On a database where a company is in two
    portfolios, which introducer keeps it is the administrator's decision: the migration stops, naming the
    company and both introducers, and changes nothing; once the wrong entry is taken out it goes through, and
    its downgrade gives back the plain index."""
    from alembic import command
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from ocso_app.db import make_engine
    from tests.support.schema import alembic_config

    url = f"sqlite:///{tmp_path / 'portfolios.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0021")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO companies (id, client_number, siren, name, security_code_hash, address_line, "
                "postal_code, city, search_name, created_at) VALUES (1, 'C1', '123456789', 'BOULANGERIE', "
                "'x', '1 rue', '29200', 'Brest', 'boulangerie', '2026-01-01')"
            )
        )
        for number, name in ((1, "Cabinet Premier"), (2, "Cabinet Second")):
            connection.execute(
                text(
                    "INSERT INTO business_introducers (id, identifier, name, email, created_at) "
                    "VALUES (:id, :identifier, :name, :email, '2026-01-01')"
                ),
                {"id": number, "identifier": f"APP-{number}", "name": name, "email": f"a{number}@example.fr"},
            )
            connection.execute(
                text(
                    "INSERT INTO portfolio_entries (introducer_id, company_id, since, commission_percent) "
                    "VALUES (:id, 1, :since, 2)"
                ),
                {"id": number, "since": f"2026-0{number}-01"},
            )
    entries = text("SELECT introducer_id FROM portfolio_entries ORDER BY introducer_id")
    with pytest.raises(RuntimeError) as refused:
        command.upgrade(config, "0022")
    assert str(refused.value) == (
        "Migration 0022 arrêtée, rien n'a été modifié : une entreprise ne peut être que dans un seul "
        "portefeuille d'apporteur, et ces entreprises sont dans plusieurs : BOULANGERIE (C1) chez Cabinet "
        "Premier (APP-1); BOULANGERIE (C1) chez Cabinet Second (APP-2). Retirez chacune des portefeuilles où "
        "elle ne doit pas être (Espace OCSO, Apporteurs d'affaires), puis relancez la migration."
    )
    with engine.begin() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0021"
        assert connection.execute(entries).scalars().all() == [1, 2]
        connection.execute(text("DELETE FROM portfolio_entries WHERE introducer_id = 2"))
    command.upgrade(config, "0022")
    second = text(
        "INSERT INTO portfolio_entries (introducer_id, company_id, since, commission_percent) "
        "VALUES (2, 1, '2026-02-01', 2)"
    )
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(second)
    command.downgrade(config, "0021")
    with engine.begin() as connection:
        connection.execute(second)
        assert connection.execute(entries).scalars().all() == [1, 2]
    engine.dispose()


def test_migration_0023_forgets_the_trusted_browsers_of_staff_accounts_only(tmp_path):
    """OCSO staff no longer trust browsers (they pass the authenticator app at every login, so such a row was
    never read): 0023 deletes the rows written for staff before, and keeps the employers'. Its downgrade
    restores nothing (a forgotten browser cannot be trusted again without its cookie's token) and changes
    nothing else."""
    from alembic import command
    from sqlalchemy import text

    from ocso_app.db import make_engine
    from tests.support.schema import alembic_config

    url = f"sqlite:///{tmp_path / 'trusted.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0022")
    engine = make_engine(url)
    with engine.begin() as connection:
        for number, kind in ((1, "staff"), (2, "employer"), (3, "staff")):
            connection.execute(
                text(
                    "INSERT INTO accounts (id, kind, login, password_is_temporary, is_active, created_at) "
                    "VALUES (:id, :kind, :login, 0, 1, '2026-01-01')"
                ),
                {"id": number, "kind": kind, "login": f"user{number}@example.fr"},
            )
            for device in range(2):
                connection.execute(
                    text(
                        "INSERT INTO trusted_devices (account_id, token_hash, label, created_at, expires_at) "
                        "VALUES (:id, :hash, 'Firefox', '2026-11-01', '2027-05-01')"
                    ),
                    {"id": number, "hash": f"h{number}-{device}"},
                )
    kept = text("SELECT account_id, token_hash FROM trusted_devices ORDER BY token_hash")
    command.upgrade(config, "0023")
    with engine.connect() as connection:
        assert connection.execute(kept).all() == [(2, "h2-0"), (2, "h2-1")]
    command.downgrade(config, "0022")
    with engine.connect() as connection:
        assert connection.execute(kept).all() == [(2, "h2-0"), (2, "h2-1")]
        assert connection.execute(text("SELECT count(*) FROM accounts")).scalar_one() == 3
    engine.dispose()


def test_migration_0024_adds_the_employer_guides_and_its_downgrade_drops_them(var_dir):
    """0024 on the suite's kind of database (SQLite, or PostgreSQL when ``OCSO_TEST_DATABASE_URL`` is set):
    down to 0023 the table is gone with its rows, the other tables untouched; up again it is back, empty."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from tests.conftest import fresh_database
    from tests.support.schema import alembic_config

    url, drop = fresh_database(var_dir, "guides")
    config, engine = alembic_config(url), create_engine(url)
    insert = text(
        "INSERT INTO employer_guides (kind, title, storage_key, content_type, size_bytes, sha256, "
        "published_at) VALUES ('guide_rh', 'Guide RH', 'k1', 'application/pdf', 1, '0', '2026-12-07 09:00')"
    )
    try:
        with engine.begin() as connection:
            connection.execute(insert)
        command.downgrade(config, "0023")
        tables = set(inspect(engine).get_table_names())
        assert "employer_guides" not in tables and {"documents", "companies"} <= tables
        command.upgrade(config, "head")
        with engine.begin() as connection:
            assert connection.execute(text("SELECT count(*) FROM employer_guides")).scalar_one() == 0
            connection.execute(insert)  # usable again
    finally:
        engine.dispose()
        drop()
