"""A CPU profiler for the portal's processes under the load benchmark (``benchmarks.load --profile DIR``).

Python imports this module at the start of every interpreter whose ``PYTHONPATH`` holds this folder, which the
benchmark sets for the portal it starts: ``reflex run``, and granian's worker processes, which it forks and
where the sampler starts again. It does nothing unless ``OCSO_PROFILE_DIR`` is set.

Why not py-spy: granian runs the app's Python code from its Rust runtime, on frames py-spy does not find.
Nor a thread reading the others' stacks: it gets the GIL only when the loop lets go of it, between two
pieces of work, and would always find it idle. Instead an ``ITIMER_PROF`` timer raises ``SIGPROF`` after
every millisecond of the process's CPU; Python runs the handler on the main thread (where granian calls the
app) at the next instruction, with the frame running there, and that stack is charged one millisecond.
CPU spent in Rust or C between two Python instructions is charged to the stack that runs next, and the
profiler's own work (a few per cent) to the stacks it interrupts.

The sampler records only while ``DIR/window`` names a scenario (the benchmark writes it for the measured
seconds and empties it after), and rewrites ``DIR/<scenario>.<pid>.folded`` every second: one line per
distinct stack, ``file:function;file:function… microseconds``, the format flame graph tools read.
"""

from __future__ import annotations

import atexit
import os
import signal
import threading
import time
from collections import Counter
from pathlib import Path

PERIOD = 0.001  # seconds of the process's CPU between two samples
SAVE_EVERY = 1.0  # seconds between two writes of the folded stacks
WINDOW_EVERY = 0.1  # seconds between two reads of the window file


def _where(frame) -> str:
    code = frame.f_code
    path = code.co_filename
    for marker in ("site-packages/", "/work/", "lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{code.co_name}"


def _stack(frame) -> str:
    names = []
    while frame is not None:
        names.append(_where(frame))
        frame = frame.f_back
    return ";".join(reversed(names))


class Sampler:
    """Charges each sample to the main thread's stack, per scenario."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.window = ""
        self.samples: dict[str, Counter[str]] = {}
        self.cpu = time.process_time()

    def sample(self, _signal: int, frame) -> None:
        """The handler of ``SIGPROF``: the process's CPU since the last one goes to ``frame``'s stack (the
        kernel checks CPU timers at its clock tick, often every 4 ms, not every millisecond)."""
        now = time.process_time()
        used, self.cpu = now - self.cpu, now
        if self.window and frame is not None:
            self.samples.setdefault(self.window, Counter())[_stack(frame)] += int(used * 1_000_000)

    def _read_window(self) -> None:
        try:
            self.window = (self.folder / "window").read_text().strip()
        except OSError:
            self.window = ""

    def _save(self) -> None:
        for window, counter in list(self.samples.items()):
            if not window or not counter:
                continue
            lines = "".join(f"{stack} {micros}\n" for stack, micros in list(counter.items()))
            target = self.folder / f"{window}.{os.getpid()}.folded"
            temporary = target.with_suffix(".tmp")
            temporary.write_text(lines)
            temporary.replace(target)

    def run(self) -> None:
        """The housekeeping thread: which scenario is measured now, and the folded stacks written."""
        ticks = 0
        while True:
            time.sleep(WINDOW_EVERY)
            self._read_window()
            ticks += 1
            if ticks * WINDOW_EVERY >= SAVE_EVERY:
                self._save()
                ticks = 0


def _start(folder: str) -> None:
    sampler = Sampler(Path(folder))
    signal.signal(signal.SIGPROF, sampler.sample)
    signal.setitimer(signal.ITIMER_PROF, PERIOD, PERIOD)
    atexit.register(signal.setitimer, signal.ITIMER_PROF, 0)  # a late SIGPROF would kill the process
    threading.Thread(target=sampler.run, name="ocso-profiler", daemon=True).start()


def _install(folder: str) -> None:
    _start(folder)
    # granian forks its workers from ``reflex run``; a fork keeps neither the other threads nor the timer
    os.register_at_fork(after_in_child=lambda: _start(folder))


if _folder := os.environ.get("OCSO_PROFILE_DIR"):
    _install(_folder)
