"""Where the portal's CPU went, per scenario, from what ``benchmarks.load --profile DIR`` recorded.

    .venv/bin/python -m benchmarks.load --scenarios deplier --mode paced --profile var/bench/profile
    .venv/bin/python -m benchmarks.profile_report var/bench/profile            # every scenario recorded
    .venv/bin/python -m benchmarks.profile_report var/bench/profile --scenario deplier --top 40
    .venv/bin/python -m benchmarks.profile_report var/bench/profile --under ocso_app/   # our code's share
    .venv/bin/python -m benchmarks.profile_report var/bench/profile --callees home.py:load   # one level down

For each scenario: the functions by inclusive share (the CPU spent in them and in what they called, each
function counted once per stack) and by self share (the CPU spent in their own lines), as percentages of the
scenario's CPU in the portal's Python threads. ``--under`` keeps the functions whose file path contains it;
``--callees F`` shows instead what the function(s) whose name ends with ``F`` spent their time in, one call
level down.
The folded files themselves (``<scenario>.<pid>.folded``) are what flame graph tools read.
Not a test: pytest does not collect ``benchmarks/``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path


def read_folded(folder: Path) -> dict[str, Counter[str]]:
    """Microseconds by stack, per scenario, every process of the portal summed."""
    scenarios: dict[str, Counter[str]] = defaultdict(Counter)
    for path in sorted(folder.glob("*.folded")):
        scenario = path.name.split(".", 1)[0]
        for line in path.read_text().splitlines():
            stack, _, micros = line.rpartition(" ")
            scenarios[scenario][stack] += int(micros)
    return scenarios


def shares(stacks: Counter[str]) -> tuple[Counter[str], Counter[str], int]:
    """Inclusive and self microseconds by function, and the total."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    for stack, micros in stacks.items():
        frames = stack.split(";")
        own[frames[-1]] += micros
        for function in set(frames):
            inclusive[function] += micros
    return inclusive, own, sum(stacks.values())


def callees(stacks: Counter[str], caller: str) -> Counter[str]:
    """Microseconds by callee of the outermost frame whose name ends with ``caller`` (``(self)``: its own
    lines): ``explain`` is not ``explain_lines``."""
    below: Counter[str] = Counter()
    for stack, micros in stacks.items():
        frames = stack.split(";")
        at = next((i for i, frame in enumerate(frames) if frame.endswith(caller)), None)
        if at is not None:
            below[frames[at + 1] if at + 1 < len(frames) else "(self)"] += micros
    return below


def callees_report(name: str, stacks: Counter[str], *, caller: str, top: int) -> str:
    below, total = callees(stacks, caller), sum(stacks.values())
    inside = sum(below.values())
    lines = [f"== {name}: {caller} takes {inside / total * 100:.1f} % of {total / 1e6:.2f} s of CPU sampled"]
    lines += [f"{us / total * 100:6.1f} %  {function}" for function, us in below.most_common(top)]
    return "\n".join(lines)


def report(name: str, stacks: Counter[str], *, top: int, under: str) -> str:
    inclusive, own, total = shares(stacks)
    lines = [f"== {name}: {total / 1e6:.2f} s of CPU sampled"]
    for title, table in (("inclusive", inclusive), ("self", own)):
        lines.append(f"-- {title}")
        chosen = [(f, us) for f, us in table.most_common() if under in f][:top]
        lines += [f"{us / total * 100:6.1f} %  {function}" for function, us in chosen]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--scenario", default=None, help="one scenario (default: each recorded)")
    parser.add_argument("--top", type=int, default=30, help="functions listed per table (default 30)")
    parser.add_argument("--under", default="", help="only functions whose file path contains this")
    parser.add_argument("--callees", default=None, help="what the function(s) matching this called")
    args = parser.parse_args(argv)
    scenarios = read_folded(args.folder)
    if args.scenario is not None:
        scenarios = {args.scenario: scenarios[args.scenario]} if args.scenario in scenarios else {}
    if not scenarios:
        print(f"nothing recorded in {args.folder} for {args.scenario or 'any scenario'}", file=sys.stderr)
        return 1
    if args.callees is not None:
        parts = [callees_report(n, s, caller=args.callees, top=args.top) for n, s in scenarios.items()]
    else:
        parts = [report(n, s, top=args.top, under=args.under) for n, s in scenarios.items()]
    print("\n\n".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
