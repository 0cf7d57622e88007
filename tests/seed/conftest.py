"""The seed tests share one load made by the command line (``--members 20 --company-size 500``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from ocso_app import db
from tests.seed.loading import (
    COMPANY_SIZE,
    GENERATED_MEMBERS,
    Seeded,
    fresh_database,
    point_settings,
    run_seed,
)


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    var_dir = tmp_path_factory.mktemp("seeded")
    url = fresh_database(var_dir)
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_settings(monkeypatch, url, var_dir)
        argv = ("--members", str(GENERATED_MEMBERS), "--company-size", str(COMPANY_SIZE), "--quiet")
        status, output = run_seed(*argv)
        assert status == 0, output
        db.engine().dispose()
    yield Seeded(url, var_dir, output)


@pytest.fixture
def session(seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    """A session on the seeded database, with the settings (field key, storage) of that load."""
    point_settings(monkeypatch, seeded.url, seeded.var_dir)
    with Session(db.engine()) as s:
        yield s
    db.engine().dispose()
