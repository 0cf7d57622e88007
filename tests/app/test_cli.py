"""The operators' command line: publish a document for a member, the database, letters, counters."""

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from ocso_app import cli
from ocso_app.db import db_session
from ocso_app.models import AuditEvent, Document, Interface
from ocso_app.services import documents, uploads
from ocso_app.services.formats import paris_today
from tests.builders import make_member_account, make_pdf


@dataclass
class Committed:
    account_id: int
    member_id: int
    number: str


@pytest.fixture
def member() -> Committed:
    """A member committed for real, since the command opens its own database session."""
    with db_session() as session:
        account = make_member_account(session)
        return Committed(account.id, account.member_id, account.login)


def test_publish_document_stores_an_unread_courrier(member, tmp_path, capsys):
    pdf = tmp_path / "courrier.pdf"
    pdf.write_bytes(make_pdf("Votre courrier"))
    code = cli.main(
        [
            "publish-document",
            "--member",
            member.number,
            "--category",
            "courrier",
            "--title",
            "Votre courrier",
            str(pdf),
        ]
    )
    assert code == 0 and "publié" in capsys.readouterr().out
    with db_session() as session:
        document = session.scalar(select(Document).where(Document.member_id == member.member_id))
        assert document.title == "Votre courrier" and document.read_at is None
        assert uploads.read_stored(document.storage_key) == pdf.read_bytes()
        # the same service as the staff page: audited, with no account behind a shell
        event = session.scalar(
            select(AuditEvent).where(
                AuditEvent.member_id == member.member_id, AuditEvent.event_type == "Publication"
            )
        )
        assert event.account_id is None and "« Votre courrier » (Courrier)" in event.action
        assert event.interface == Interface.COMMAND_LINE  # « Ligne de commande », not « Web »


def test_publish_document_refuses_a_file_that_is_not_a_pdf(member, tmp_path, capsys):
    fake = tmp_path / "virus.pdf"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 64)
    code = cli.main(
        ["publish-document", "--member", member.number, "--category", "courrier", "--title", "x", str(fake)]
    )
    assert code == 1 and documents.NOT_A_PDF in capsys.readouterr().err


def test_the_bank_change_is_applied_in_the_staff_space_not_by_the_command_line(capsys):
    with pytest.raises(SystemExit):
        cli.main(["apply-bank-change", "1"])
    assert "invalid choice" in capsys.readouterr().err


def test_create_database_makes_the_scaled_modes_postgresql_database_once(monkeypatch, capsys, database_url):
    """``make run-scaled`` starts with it: a missing PostgreSQL database is created, an existing one kept."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from ocso_app import config

    if not database_url.startswith("postgresql"):
        assert cli.main(["create-database"]) == 0
        assert "SQLite" in capsys.readouterr().out
        return
    name = f"ocso_cli_{paris_today():%Y%m%d}_{id(capsys) % 100000}"
    monkeypatch.setenv("OCSO_DATABASE_URL", make_url(database_url).set(database=name).render_as_string(False))
    config.settings.cache_clear()
    server = create_engine(make_url(database_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        assert cli.main(["create-database"]) == 0
        assert cli.main(["create-database"]) == 0
        assert capsys.readouterr().out.splitlines() == [f"Base {name} créée.", f"Base {name} déjà présente."]
        with server.connect() as connection:
            assert connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}) == 1
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        server.dispose()


def test_letters_to_print_gathers_the_account_opened_letters_once(tmp_path, capsys):
    from ocso_app.models import PostalLetter
    from ocso_app.services import registration
    from tests.builders import make_member, new_email
    from tests.builders.members import NIR

    with db_session() as session:
        member = make_member(session, email=None, birth_date=date(1969, 12, 1))
        member_id, number = member.id, member.member_number
    with db_session() as session:
        registration.register_member(
            session, member_number=number, birth_date=date(1969, 12, 1), nir=NIR, email=new_email()
        )
    out = tmp_path / "a-imprimer.pdf"
    assert cli.main(["letters-to-print", str(out)]) == 0
    assert "courrier(s) à imprimer" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF") and oct(out.stat().st_mode & 0o777) == "0o600"
    with db_session() as session:
        letter = session.scalars(select(PostalLetter).where(PostalLetter.member_id == member_id)).one()
        assert letter.printed_at is not None
    again = tmp_path / "encore.pdf"
    assert cli.main(["letters-to-print", str(again)]) == 0
    assert capsys.readouterr().out.startswith("0 courrier") and not again.exists()
    assert cli.main(["letters-to-print", str(out)]) == 1  # never overwrites a batch not yet printed


def test_purge_attempt_counters_runs(capsys):
    assert cli.main(["purge-attempt-counters"]) == 0
    assert "compteur(s)" in capsys.readouterr().out


def test_housekeeping_runs(capsys):
    assert cli.main(["housekeeping"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Ménage : ") and "session" in out and "supprimés" in out
