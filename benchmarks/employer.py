"""Benchmark of the Espace Employeur's server work for a large structure: Accueil's counters, its follow-up
(« À suivre ») and the Assurés list (first page, a search, a sort, a far page), with the guard's read of the
caller's grants.

    .venv/bin/python -m benchmarks.employer [--company-size 3000] [--runs 200] [--repeat 3]

Builds (or reuses) a database with the demo data, BOULANGERIES DU LITTORAL having ``--company-size``
employees over its two structures, then times for its administrator, with a new database session per step
as a page event has (the guard's, then the page's), p50 and p95 over ``--runs``; ``--repeat`` runs the
whole measure several times and prints the min / median of those p95s.

SQLite by default (``var/bench/employer.db``, kept for the next run), PostgreSQL with
``OCSO_DATABASE_URL=postgresql+psycopg://…`` (an empty database you created). Not a test: a script to run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OCSO_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'employer.db'}")

from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from benchmarks.reimbursements import migrate, time_runs  # noqa: E402
from ocso_app.db import engine  # noqa: E402
from ocso_app.models import Account, Audience  # noqa: E402
from ocso_app.seed import has_members, load_demo_data  # noqa: E402
from ocso_app.seed.data.personas import EMPLOYER_EMAIL  # noqa: E402
from ocso_app.services import employees, employer_access, employer_home, hr_follow_up, news  # noqa: E402
from ocso_app.services.employer_access import EmployerAction  # noqa: E402
from ocso_app.services.formats import paris_today  # noqa: E402
from ocso_app.services.requests import employer as employer_requests  # noqa: E402


def build(company_size: int) -> None:
    """The demo data with a company of ``company_size`` employees, unless the database has members."""
    if has_members(engine()):
        print("Base déjà chargée : réutilisée.")
        return
    print(f"Chargement des données de démo ({company_size} salariés)…", flush=True)
    load_demo_data(engine(), members=0, company_size=company_size, password_cost=4)


def settle() -> None:
    """What autovacuum does in production after a bulk load: statistics and, on PostgreSQL, the visibility
    map that lets the structure lists' covering index answer without reading the table."""
    if engine().dialect.name == "postgresql":
        with engine().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine().begin() as conn:
            conn.exec_driver_sql("ANALYZE")


def _grants(account_id: int) -> list[employer_access.GrantedStructure]:
    """The guard's part of an event: the caller's grants, in its own session."""
    with Session(engine()) as session:
        return employer_access.granted_structures(session, account_id=account_id)


def _structures(
    grants: list[employer_access.GrantedStructure], account_id: int, action: EmployerAction
) -> list[int]:
    """The structures the guard lets ``action`` read (none when it refuses)."""
    scope = employer_access.scope_of(grants, account_id=account_id, action=action)
    return list(scope.structure_ids) if scope is not None else []


def home_work(account_id: int) -> Callable[[], object]:
    """Opening Accueil: the guard, then every counter, the follow-up, the latest documents and the news."""

    def work() -> object:
        today = paris_today()
        grants = _grants(account_id)
        ids = {action: _structures(grants, account_id, action) for action in EmployerAction}
        with Session(engine()) as session:
            employees_ids = ids[EmployerAction.VIEW_EMPLOYEES]
            employer_home.affiliation_counts(session, structure_ids=employees_ids, today=today)
            hr_follow_up.follow_up(session, structure_ids=employees_ids, today=today)
            employer_home.open_sick_leaves(
                session, structure_ids=ids[EmployerAction.VIEW_SICK_LEAVE], today=today
            )
            employer_home.contributions_due(session, structure_ids=ids[EmployerAction.VIEW_CONTRIBUTIONS])
            structures = ids[EmployerAction.VIEW_STRUCTURE]
            employer_requests.open_company_requests(session, grants=grants, structure_ids=structures)
            employer_home.latest_documents(session, structure_ids=structures)
            return news.current_news(session, audience=Audience.EMPLOYER, today=today)

    return work


def employees_work(account_id: int, **query: object) -> Callable[[], employees.EmployeePage]:
    """One Assurés event (open, search, sort, page): the guard, then one page of the list."""
    parsed = employees.parse_query(**query)  # type: ignore[arg-type]

    def work() -> employees.EmployeePage:
        scope = employer_access.scope_of(
            _grants(account_id), account_id=account_id, action=EmployerAction.VIEW_EMPLOYEES
        )
        assert scope is not None
        with Session(engine()) as session:
            return employees.list_employees(
                session, structure_ids=scope.structure_ids, query=parsed, today=paris_today()
            )

    return work


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--company-size", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=1, help="measure this many times: min / median")
    args = parser.parse_args(argv)
    migrate()
    build(args.company_size)
    settle()
    with Session(engine()) as session:
        account_id = session.scalar(select(Account.id).where(Account.login == EMPLOYER_EMAIL))
    if account_id is None:
        raise SystemExit(f"{EMPLOYER_EMAIL} is not in the database")
    first = employees_work(account_id)()
    print(f"Base : {engine().dialect.name} ; structure(s) de {EMPLOYER_EMAIL} : {first.total_label} (Actifs)")
    cases = {
        "Accueil (compteurs, à suivre, documents…)": home_work(account_id),
        "Assurés, 1re page": employees_work(account_id),
        "Assurés, recherche « martin »": employees_work(account_id, search="martin"),
        "Assurés, tri par statut décroissant": employees_work(account_id, sort="statut", direction="desc"),
        "Assurés, page 60": employees_work(account_id, page=60),
    }
    print(f"Temps serveur par événement (garde + service), {args.runs} exécutions × {args.repeat} :")
    for name, work in cases.items():
        measures = [time_runs(args.runs, work) for _ in range(args.repeat)]
        p50s, p95s = [m[0] for m in measures], [m[1] for m in measures]
        print(
            f"  {name:<44} p50 {statistics.median(p50s):6.2f} ms   "
            f"p95 min {min(p95s):6.2f} / médiane {statistics.median(p95s):6.2f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
