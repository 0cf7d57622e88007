"""Browser fixtures: the portal in production mode, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import fresh_database
from tests.support.browser_log import BrowserLog
from tests.support.live_app import LiveApp, start_live_app
from tests.support.mailbox import Mailbox
from tests.support.paths import ARTIFACTS, ROOT

# Debian's headless build of Chromium (package chromium-headless-shell): the same Blink as the desktop
# browser, without its shell, so a quarter less CPU for the suite on two cores; ``--headed`` needs the desktop
# one (package chromium).
CHROMIUM = "/usr/bin/chromium-headless-shell"
HEADED_CHROMIUM = "/usr/bin/chromium"
# What a failing browser test's report shows besides its traceback: a flake in a CI run is seen only there.
BROWSER_LINES, LOG_LINES = 120, 40
# How long an ``expect`` waits (Playwright's default is 5 s): CI runs Chromium, the portal and the tests on
# two shared cores, where a step with a password check, a PDF check and an upload once took more than 5 s.
expect.set_options(timeout=10_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def browser_log(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> BrowserLog:
    """What every page of the test did (``tests.support.browser_log``): each context the test's browser
    opens is watched, the ``page`` fixture's included."""
    log = BrowserLog(size=BROWSER_LINES)
    if "browser" in request.fixturenames or "page" in request.fixturenames:
        browser = request.getfixturevalue("browser")
        new_context, new_page = browser.new_context, browser.new_page

        def watched_context(*args, **kwargs):
            context = new_context(*args, **kwargs)
            log.watch_context(context)
            return context

        def watched_page(*args, **kwargs):
            page = new_page(*args, **kwargs)
            log.watch_context(page.context)
            return page

        monkeypatch.setattr(browser, "new_context", watched_context)
        monkeypatch.setattr(browser, "new_page", watched_page)
    return log


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """A failing browser test's report ends with what its pages did and the live portal's last log lines."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed or "/e2e/" not in str(item.path):
        return
    log = getattr(item, "funcargs", {}).get("browser_log")
    lines = "\n".join(log.lines) if log is not None else ""
    report.sections.append(("what the browser did", lines or "(nothing)"))
    portal_log = ARTIFACTS / "portal.log"
    if portal_log.exists():
        tail = portal_log.read_text(errors="replace").splitlines()[-LOG_LINES:]
        report.sections.append(("portal log, last lines", "\n".join(tail)))


@pytest.fixture(scope="session")
def database_url(var_dir: Path) -> Iterator[str]:
    """The browser tests' own database, loaded with the demo data: they share no row with the other tests
    (whose committed rows would also make the demo loader refuse a non-empty database)."""
    url, drop = fresh_database(var_dir, "e2e")
    subprocess.run(
        [sys.executable, "-m", "ocso_app.seed", "--members", "30", "--quiet"],
        cwd=ROOT,
        check=True,
        env={**os.environ, "OCSO_DATABASE_URL": url, "OCSO_VAR_DIR": str(var_dir)},
    )
    yield url
    drop()


@pytest.fixture(scope="session")
def live_app(database_url: str, var_dir: Path, mailbox: Mailbox) -> Iterator[LiveApp]:
    """The portal serving the demo data of the browser tests' database, on a free port."""
    app = start_live_app(database_url=database_url, var_dir=var_dir, smtp_port=mailbox.port)
    yield app
    app.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, pytestconfig: pytest.Config) -> dict:
    """Debian's Chromium, never a downloaded browser."""
    return {
        **browser_type_launch_args,
        "executable_path": HEADED_CHROMIUM if pytestconfig.getoption("headed") else CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_app: LiveApp) -> str:
    return live_app.url


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots and other things a person should look at after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
