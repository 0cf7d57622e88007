"""The servers of the load benchmark and their CPU time: the portal (``reflex run --env prod --single-port``
on a free port, its own process group) and the CPU read from ``/proc`` for a process group or a pid.

Several backend workers: in production Reflex 0.10 serves the backend with granian (uvicorn and gunicorn are
not installed) and takes its worker count from ``GRANIAN_WORKERS``; without it, one worker in memory mode
and ``min(2 × cores + 1, 8)`` when Redis answers. Workers share nothing but Redis, so ``--workers`` > 1
needs ``REFLEX_STATE_MANAGER_MODE=redis``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from benchmarks.load_data import ROOT, VAR_DIR

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
LOG_PATH = ROOT / "var" / "bench" / "load-portal.log"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _stat_fields(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2 :].split()


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of one process (0 when it is gone)."""
    fields = _stat_fields(pid)
    if fields is None:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def group_pids(pgid: int) -> list[int]:
    """Every live process of the process group ``pgid``."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat_fields(int(entry.name))) and int(fields[2]) == pgid:
            pids.append(int(entry.name))
    return pids


def pids_named(name: str) -> list[int]:
    """Live processes whose command name is ``name`` (e.g. ``redis-server``), to read their CPU."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == name:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@dataclass
class CpuMeter:
    """CPU seconds of some processes: process groups (the portal and its workers) and processes by name
    (Redis, PostgreSQL's backends, which are forked when the portal first connects), both re-listed at each
    reading."""

    pgids: list[int]
    names: list[str]

    def read(self) -> float:
        pids = {pid for pgid in self.pgids for pid in group_pids(pgid)}
        pids |= {pid for name in self.names for pid in pids_named(name)}
        return sum(process_cpu(pid) for pid in pids)


@dataclass
class Portal:
    """A portal the benchmark started: its URL and process (the leader of its own process group)."""

    url: str
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def portal_env(
    *, database_url: str, port: int, redis_url: str | None, workers: int, profile: Path | None = None
) -> dict[str, str]:
    """The environment of ``reflex run`` for the benchmark (with ``profile``, its processes sample their CPU
    into that folder, see ``benchmarks/profiling``)."""
    url = f"http://localhost:{port}"
    env = {
        **os.environ,
        "OCSO_DATABASE_URL": database_url,
        "OCSO_VAR_DIR": str(VAR_DIR),
        "OCSO_PORT": str(port),
        "OCSO_PUBLIC_URL": url,
        "OCSO_SMS_SINK": str(VAR_DIR / "sms"),
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_STATE_MANAGER_MODE": "redis" if redis_url else "memory",
        "GRANIAN_WORKERS": str(workers),
        "PATH": f"{ROOT / '.tools' / 'node_modules' / '.bin'}:{os.environ['PATH']}",
    }
    env.pop("REFLEX_REDIS_URL", None)
    if redis_url:
        env["REFLEX_REDIS_URL"] = redis_url
    if profile is not None:
        env["OCSO_PROFILE_DIR"] = str(profile.resolve())
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(ROOT / "benchmarks" / "profiling"), os.environ.get("PYTHONPATH")])
        )
    return env


def _wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the portal stopped while starting; see {LOG_PATH}")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as health:  # noqa: S310
                if health.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"the portal did not start in {timeout:.0f} s; see {LOG_PATH}")


def start_portal(
    *, database_url: str, redis_url: str | None, workers: int, profile: Path | None = None
) -> Portal:
    """Build and serve the portal in production mode on a free port; returns once it answers."""
    port = free_port()
    env = portal_env(
        database_url=database_url, port=port, redis_url=redis_url, workers=workers, profile=profile
    )
    reflex = ROOT / ".venv" / "bin" / "reflex"
    command = [str(reflex), "run", "--env", "prod", "--single-port"]
    command += ["--frontend-port", str(port), "--backend-port", str(port)]
    LOG_PATH.parent.mkdir(parents=True, exist_ok=True)
    print(f"Démarrage du portail (prod, {workers} worker(s)) : journal {LOG_PATH}", flush=True)
    with LOG_PATH.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 (our own reflex, our arguments)
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    portal = Portal(url=f"http://localhost:{port}", process=process)
    try:
        _wait_until_up(portal.url, process)
    except BaseException:
        portal.stop()
        raise
    return portal
