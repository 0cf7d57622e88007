"""Building a test database with the real migrations."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from tests.support.paths import ROOT


def alembic_config(url: str) -> Config:
    """Alembic's configuration of the repo, aimed at ``url``."""
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def migrate(url: str) -> None:
    """``alembic upgrade head`` on ``url``."""
    command.upgrade(alembic_config(url), "head")
