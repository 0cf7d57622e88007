"""The load of the benchmark: every member sends one event, waits for its last reply frame, and paces
itself to ``rate`` events a second (a member that fell behind sends its next event at once, without
catching up); with ``rate`` 0 the loop is closed (next event as soon as the reply is in). Starts are spread
over the first period. After ``warmup`` seconds, the measure runs for ``duration`` seconds.

Per scenario: events = events sent during the measure (all of them are waited for); latency = from sending
an event (or, for a page load, the Socket.IO CONNECT packet) to its last reply frame; throughput = events ÷
``duration``; server CPU per event = CPU seconds of the measured processes from the start of the measure
until the last of its events is answered, ÷ the events answered in that interval (warm-up stragglers
included, so a backlog is not counted as free); bytes = reply frames' UTF-8 bytes per event; frames = reply
frames per event (each one a redraw in a browser).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from benchmarks.load_client import ProtocolError, Reply


@dataclass
class Sample:
    """One event's send time, latency, reply size and reply frames."""

    sent: float
    latency: float
    size: int
    finished: float
    frames: int = 1


@dataclass
class Measure:
    """What one scenario gave."""

    name: str
    samples: list[Sample] = field(default_factory=list)
    errors: int = 0
    answered_in_window: int = 0
    duration: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)
    client_cpu: float = 0.0
    first_error: str = ""

    @property
    def events(self) -> int:
        return len(self.samples)

    def percentile(self, q: float) -> float:
        """Latency percentile ``q`` (0–100) in ms, nearest rank."""
        if not self.samples:
            return float("nan")
        ordered = sorted(s.latency for s in self.samples)
        rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank] * 1000

    @property
    def throughput(self) -> float:
        return self.events / self.duration if self.duration else 0.0

    def cpu_per_event(self, meter: str) -> float:
        """Server CPU ms per answered event for one meter."""
        return self.cpu.get(meter, 0.0) / self.answered_in_window * 1000 if self.answered_in_window else 0.0

    @property
    def bytes_per_event(self) -> float:
        return statistics.fmean(s.size for s in self.samples) if self.samples else 0.0

    @property
    def frames_per_event(self) -> float:
        return statistics.fmean(s.frames for s in self.samples) if self.samples else 0.0


Step = Callable[[int], Awaitable[Reply]]


@dataclass(frozen=True)
class Load:
    """How hard to push: events a second per member (0: closed loop), warm-up and measure in seconds."""

    rate: float
    warmup: float
    duration: float


def _client_cpu() -> float:
    times = os.times()
    return times.user + times.system


async def _member(
    step: Step, index: int, load: Load, clock: dict[str, float], measure: Measure, done: list[Sample]
) -> None:
    period = 1 / load.rate if load.rate else 0.0
    next_at = clock["start"] + (index * period / max(1, clock["members"]))
    while True:
        pause = next_at - time.perf_counter()
        if pause > 0:
            await asyncio.sleep(pause)
        sent = time.perf_counter()
        if sent >= clock["stop"]:
            return
        try:
            reply = await step(index)
        except (ProtocolError, TimeoutError, OSError) as error:
            measure.errors += 1
            measure.first_error = measure.first_error or f"{type(error).__name__}: {error}"
            return
        sample = Sample(sent, reply.finished - sent, reply.size, reply.finished, reply.frames)
        done.append(sample)
        if sent >= clock["measure"]:
            measure.samples.append(sample)
        next_at = max(next_at + period, time.perf_counter()) if period else time.perf_counter()


async def run_load(
    name: str,
    steps: Sequence[Step],
    load: Load,
    meters: dict[str, Callable[[], float]],
    window: Callable[[str], None] | None = None,
) -> Measure:
    """Drive ``steps`` (one per member) under ``load``; CPU read from ``meters`` around the measure, which
    ``window`` (if given) is told of: called with ``name`` as it starts and with ``""`` as it ends."""
    measure = Measure(name)
    now = time.perf_counter()
    clock = {
        "start": now,
        "measure": now + load.warmup,
        "stop": now + load.warmup + load.duration,
        "members": len(steps),
    }
    done: list[Sample] = []
    tasks = [
        asyncio.create_task(_member(step, i, load, clock, measure, done)) for i, step in enumerate(steps)
    ]
    await asyncio.sleep(max(0.0, clock["measure"] - time.perf_counter()))
    if window is not None:
        window(name)
    before = {key: read() for key, read in meters.items()}
    client_before, started = _client_cpu(), time.perf_counter()
    await asyncio.gather(*tasks)
    ended = time.perf_counter()
    if window is not None:
        window("")
    measure.cpu = {key: read() - before[key] for key, read in meters.items()}
    measure.client_cpu = (_client_cpu() - client_before) / (ended - started)
    measure.duration = load.duration
    measure.answered_in_window = sum(1 for s in done if s.finished >= started)
    return measure
