"""Starting the real portal in production mode (``reflex run --env prod --single-port``) for browser tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.support.mailbox import free_port
from tests.support.paths import ARTIFACTS, ROOT


@dataclass
class LiveApp:
    """A running portal: its URL, its process and its log file."""

    url: str
    process: subprocess.Popen
    log_path: Path
    env: dict[str, str]

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def _wait_until_up(url: str, process: subprocess.Popen, log_path: Path, timeout: float = 420) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the portal stopped while starting:\n{log_path.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as health:  # noqa: S310
                if health.status == 200:
                    with urllib.request.urlopen(url, timeout=5) as page:  # noqa: S310
                        if page.status == 200:
                            return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the portal did not start in {timeout} s:\n{log_path.read_text()[-4000:]}")


def start_live_app(*, database_url: str, var_dir: Path, smtp_port: int) -> LiveApp:
    """Build and serve the portal on a free port against ``database_url``; mail goes to ``smtp_port``."""
    port = free_port()
    url = f"http://localhost:{port}"
    env = {
        **os.environ,
        "OCSO_DATABASE_URL": database_url,
        "OCSO_VAR_DIR": str(var_dir),
        "OCSO_PORT": str(port),
        "OCSO_PUBLIC_URL": url,
        "OCSO_SMTP_HOST": "127.0.0.1",
        "OCSO_SMTP_PORT": str(smtp_port),
        "OCSO_SMS_SINK": str(var_dir / "sms"),
        "OCSO_OUTBOX_POLL_SECONDS": "2",  # test_mail_outbox waits for a sweep
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "PATH": f"{ROOT / '.tools' / 'node_modules' / '.bin'}:{os.environ['PATH']}",
    }
    if os.environ.get("REFLEX_STATE_MANAGER_MODE") == "redis":
        # The scaled mode's two workers (``make run-scaled``), not Reflex's default of 2 × cores + 1: five
        # workers beside Chromium on two cores are the likely cause of a heavy upload missing its 5 s once.
        env["GRANIAN_WORKERS"] = "2"
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / "portal.log"
    reflex = Path(sys.executable).parent / "reflex"
    command = [
        str(reflex),
        "run",
        "--env",
        "prod",
        "--single-port",
        "--frontend-port",
        str(port),
        "--backend-port",
        str(port),
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    app = LiveApp(url=url, process=process, log_path=log_path, env=env)
    try:
        _wait_until_up(url, process, log_path)
    except Exception:
        app.stop()
        raise
    return app


def start_backend(app: LiveApp) -> LiveApp:
    """A second backend process (one worker) beside ``app``, with the same database, mail and Reflex state
    store: what a load balancer would reach when the portal runs several workers."""
    port = free_port()
    url = f"http://localhost:{port}"
    env = {**app.env, "OCSO_PORT": str(port), "OCSO_BACKEND_ONLY": "1", "GRANIAN_WORKERS": "1"}
    log_path = ARTIFACTS / "second-backend.log"
    command = [
        str(Path(sys.executable).parent / "reflex"),
        *("run", "--env", "prod", "--backend-only", "--backend-port", str(port)),
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    backend = LiveApp(url=url, process=process, log_path=log_path, env=env)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the second backend stopped:\n{backend.log_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as health:  # noqa: S310
                if health.status == 200:
                    return backend
        except OSError:
            time.sleep(1)
    backend.stop()
    raise RuntimeError(f"the second backend did not start:\n{backend.log_text()[-4000:]}")
