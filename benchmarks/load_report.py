"""The load benchmark's tables: one per run and mode, then min / median over the runs."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable

from benchmarks.load_run import Measure

FLOOR = "floor"
SERVER_METERS = ("portal", "redis")


def server_cpu(measure: Measure) -> float:
    """Server CPU ms per event: the portal's processes, plus Redis when it holds the state."""
    return sum(measure.cpu_per_event(meter) for meter in SERVER_METERS)


def ratio(measure: Measure, floor: Measure | None) -> float:
    """p95 ÷ the floor's p95 (same run, same load)."""
    if floor is None or not floor.samples or measure is floor:
        return 1.0 if measure is floor else math.nan
    return measure.percentile(95) / floor.percentile(95)


COLUMNS: list[tuple[str, str, Callable[[Measure, Measure | None], float]]] = [
    ("events", "{:>7.0f}", lambda m, f: m.events),
    ("p50 ms", "{:>9.1f}", lambda m, f: m.percentile(50)),
    ("p95 ms", "{:>9.1f}", lambda m, f: m.percentile(95)),
    ("p99 ms", "{:>9.1f}", lambda m, f: m.percentile(99)),
    ("ev/s", "{:>7.1f}", lambda m, f: m.throughput),
    ("CPU ms/ev", "{:>10.2f}", lambda m, f: server_cpu(m)),
    ("Redis ms/ev", "{:>12.2f}", lambda m, f: m.cpu_per_event("redis")),
    ("PG ms/ev", "{:>9.2f}", lambda m, f: m.cpu_per_event("postgres")),
    ("p95/floor", "{:>10.1f}", ratio),
    ("KB/ev", "{:>7.1f}", lambda m, f: m.bytes_per_event / 1000),
    ("frames", "{:>7.1f}", lambda m, f: m.frames_per_event),
    ("errors", "{:>7.0f}", lambda m, f: m.errors),
]


def _columns(measures: list[Measure]) -> list[tuple[str, str, Callable[[Measure, Measure | None], float]]]:
    """Leave out the Redis and PostgreSQL columns when nothing was measured there."""
    keep = []
    for title, fmt, value in COLUMNS:
        meter = {"Redis ms/ev": "redis", "PG ms/ev": "postgres"}.get(title)
        if meter is None or any(meter in m.cpu for m in measures):
            keep.append((title, fmt, value))
    return keep


def _header(columns: list[tuple[str, str, Callable[[Measure, Measure | None], float]]]) -> str:
    cells = "".join(f"{title:>{len(fmt.format(0))}}" for title, fmt, _ in columns)
    return f"{'scenario':<26}{cells}"


def table(title: str, measures: list[Measure]) -> str:
    """One run of one mode: a row per scenario, the floor first."""
    floor = next((m for m in measures if m.name == FLOOR), None)
    columns = _columns(measures)
    lines = [title, _header(columns)]
    for m in measures:
        cells = "".join(fmt.format(value(m, floor)) for _, fmt, value in columns)
        lines.append(f"{m.name:<26}{cells}")
    client = max((m.client_cpu for m in measures), default=0.0)
    lines.append(f"  (client process: up to {client * 100:.0f} % of one core)")
    errors = [f"  {m.name}: {m.first_error}" for m in measures if m.first_error]
    return "\n".join(lines + errors)


def summary(title: str, runs: list[list[Measure]]) -> str:
    """min / median of each figure over the runs of one mode."""
    columns = _columns([m for run in runs for m in run])
    lines = [f"{title} — min / median of {len(runs)} runs", _header(columns)]
    for index, first in enumerate(runs[0]):
        values = []
        for _, fmt, value in columns:
            figures = [value(run[index], next((m for m in run if m.name == FLOOR), None)) for run in runs]
            width = len(fmt.format(0))
            text = f"{_short(min(figures))}/{_short(statistics.median(figures))}"
            values.append(f"{text:>{max(width, len(text) + 1)}}")
        lines.append(f"{first.name:<26}" + "".join(values))
    return "\n".join(lines)


def _short(value: float) -> str:
    if math.isnan(value):
        return "-"
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.2g}" if abs(value) < 1 else f"{value:.1f}"
