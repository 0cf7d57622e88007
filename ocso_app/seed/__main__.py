"""``python -m ocso_app.seed [--members N] [--company-size N] [--seed S] [--if-empty] [--quiet]``: load the
demo data into the configured (already migrated) database and print the demo logins, also written to
``var/demo-logins.txt``."""

from __future__ import annotations

import argparse
import sys
import time

from sqlalchemy.exc import DBAPIError

from ocso_app.config import settings
from ocso_app.db import engine
from ocso_app.seed import (
    ALREADY_LOADED,
    DEFAULT_COMPANY_SIZE,
    DEFAULT_MEMBERS,
    DEFAULT_SEED,
    SeedReport,
    format_logins,
    has_members,
    load_demo_data,
    write_logins_file,
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m ocso_app.seed", description="Charge les données de démo."
    )
    parser.add_argument(
        "--members",
        type=int,
        default=DEFAULT_MEMBERS,
        help=f"nombre d'adhérents générés en plus des personas (défaut {DEFAULT_MEMBERS})",
    )
    parser.add_argument(
        "--company-size",
        type=int,
        default=DEFAULT_COMPANY_SIZE,
        help=(
            "nombre de salariés de BOULANGERIES DU LITTORAL en plus des personas, 0 pour les seuls personas "
            f"(défaut {DEFAULT_COMPANY_SIZE})"
        ),
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help=f"graine du générateur, pour des données reproductibles (défaut {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--if-empty", action="store_true", help="ne rien faire si la base contient déjà des adhérents"
    )
    parser.add_argument(
        "--quiet", action="store_true", help="n'afficher que les identifiants de démonstration"
    )
    args = parser.parse_args(argv)
    if args.members < 0:
        parser.error("--members doit être positif ou nul")
    if args.company_size < 0:
        parser.error("--company-size doit être positif ou nul")
    return args


class _Progress:
    """Prints the volume's progress about every tenth."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.next_tenth = 1

    def __call__(self, done: int, total: int) -> None:
        if done * 10 >= self.next_tenth * total or done == total:
            self.next_tenth = done * 10 // total + 1
            elapsed = time.perf_counter() - self.started
            print(f"  {done:,} / {total:,} adhérents générés ({elapsed:.0f} s)".replace(",", " "), flush=True)


def _summary(report: SeedReport) -> str:
    rows = [f"  {name:<26}{count:>12,}".replace(",", " ") for name, count in sorted(report.counts.items())]
    return f"Données chargées en {report.seconds:.1f} s :\n" + "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the loader; returns the exit status."""
    args = parse_args(argv)
    try:
        loaded = has_members(engine())
    except DBAPIError:
        print(
            "Base de données inaccessible ou non migrée : lancez d'abord « alembic upgrade head ».",
            file=sys.stderr,
        )
        return 2
    if loaded:
        if args.if_empty:
            print(ALREADY_LOADED)
            logins = settings().var_dir / "demo-logins.txt"
            if logins.exists():
                print(logins.read_text())
            return 0
        print(
            "La base contient déjà des adhérents : chargement annulé (utilisez --if-empty ou une base vide).",
            file=sys.stderr,
        )
        return 1
    if not args.quiet:
        print(
            f"Chargement des données de démonstration ({args.members} adhérents, "
            f"{args.company_size} salariés de BOULANGERIES DU LITTORAL, graine {args.seed})…",
            flush=True,
        )
    report = load_demo_data(
        engine(),
        members=args.members,
        company_size=args.company_size,
        seed=args.seed,
        progress=None if args.quiet else _Progress(),
    )
    text = format_logins(report)
    path = settings().var_dir / "demo-logins.txt"
    write_logins_file(path, text)
    if not args.quiet:
        print(_summary(report))
    print(text)
    print(f"Ces identifiants sont aussi dans {path} (lisible par vous seul).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
