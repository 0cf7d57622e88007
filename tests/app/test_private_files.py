"""What the portal keeps in ``var/`` is for its own user only, whatever the umask: the SQLite database and its
journals, the generated secrets, private files, and the outbox's ``.eml`` files (they carry temporary
passwords). And HTTPS portals send HSTS."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from starlette.testclient import TestClient

from ocso_app import config
from ocso_app.api import build_api, wrapped
from ocso_app.db import make_engine
from ocso_app.services import mail, uploads
from ocso_app.services.uploads import IncomingFile
from tests.builders import make_pdf


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The laxest usual umask (files 0644 by default): the portal must not depend on a stricter one."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def fresh_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_umask) -> Iterator[Path]:
    """A new ``var/`` folder for this test, with no SMTP server: mails go to the outbox."""
    var = tmp_path / "var"
    monkeypatch.setenv("OCSO_VAR_DIR", str(var))
    monkeypatch.setenv("OCSO_SMTP_HOST", "")
    config.settings.cache_clear()
    yield var
    config.settings.cache_clear()


def test_sqlite_database_and_its_journal_are_owner_only(fresh_var):
    database = fresh_var / "ocso.db"
    engine = make_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.execute(text("INSERT INTO t VALUES (1)"))
        written = [p for p in fresh_var.iterdir() if p.name.startswith("ocso.db")]
        assert {p.name for p in written} >= {"ocso.db"}
        assert all(_mode(p) == 0o600 for p in written), {p.name: oct(_mode(p)) for p in written}
    engine.dispose()
    assert _mode(fresh_var) == 0o700


def test_an_existing_readable_database_is_tightened(fresh_var):
    fresh_var.mkdir(mode=0o755)
    database = fresh_var / "ocso.db"
    database.touch(mode=0o644)
    make_engine(f"sqlite:///{database}").dispose()
    assert _mode(database) == 0o600 and _mode(fresh_var) == 0o700


def test_outbox_mail_with_a_temporary_password_is_owner_only(fresh_var):
    mail.send_mail(to="assure@example.fr", subject="Votre mot de passe", text="Mot de passe : Tmp-123456")
    outbox = config.settings().outbox_dir
    (eml,) = outbox.glob("*.eml")
    assert _mode(eml) == 0o600 and _mode(outbox) == 0o700 and _mode(fresh_var) == 0o700


def test_generated_secrets_and_private_files_are_owner_only(fresh_var):
    assert config.settings().field_key
    saved = uploads.store(uploads.check_file(IncomingFile("devis.pdf", make_pdf())))
    stored = config.settings().storage_dir / saved.storage_key
    assert _mode(fresh_var / "secrets.json") == 0o600
    assert _mode(stored) == 0o600 and _mode(stored.parent) == 0o700


@pytest.mark.parametrize(
    ("public_url", "hsts"), [("https://espace.ocso.fr", True), ("http://localhost:3000", False)]
)
def test_hsts_only_when_the_portal_is_served_over_https(monkeypatch, public_url, hsts):
    monkeypatch.setenv("OCSO_PUBLIC_URL", public_url)
    config.settings.cache_clear()
    response = TestClient(wrapped(build_api()), base_url=public_url).get("/api/health")
    assert ("strict-transport-security" in response.headers) is hsts
    if hsts:
        assert "max-age=31536000" in response.headers["strict-transport-security"]


def test_an_engine_opened_on_a_database_in_use_leaves_its_readers_locks_alone(tmp_path: Path):
    """Closing any descriptor of a file drops every POSIX lock the process holds on it: the portal must not
    open the database file itself once SQLite has it open (every test and every worker makes an engine on a
    database other connections of the same process are reading), or another process writes under a reader."""
    database = tmp_path / "in-use.db"
    reader = sqlite3.connect(database, isolation_level=None)
    reader.execute("CREATE TABLE t (x INTEGER)")
    reader.execute("BEGIN")
    reader.execute("SELECT * FROM t").fetchall()  # a read transaction: a SHARED lock on the file
    make_engine(f"sqlite:///{database}").dispose()
    writer = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None); "
        "c.execute('INSERT INTO t VALUES (1)')"
    )
    outcome = subprocess.run([sys.executable, "-c", writer, str(database)], capture_output=True, text=True)
    reader.execute("COMMIT")
    reader.close()
    assert outcome.returncode != 0 and "database is locked" in outcome.stderr
