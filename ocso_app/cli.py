"""Command line for OCSO's operators. ``publish-document`` is the staff page « Publier un document » in a
shell (the same service). (A démarche's changes, new bank details included, are applied in the Espace OCSO,
by a staff account confirming with its authenticator: the former ``apply-bank-change`` is gone.)

python -m ocso_app.cli publish-document --member 123456 --category courrier --title "..." FILE.pdf
python -m ocso_app.cli create-database      (the PostgreSQL database of OCSO_DATABASE_URL, if missing)
python -m ocso_app.cli letters-to-print OUT.pdf
python -m ocso_app.cli housekeeping   (nightly: ended sessions, used codes and links, stale counters)
python -m ocso_app.cli purge-attempt-counters   (the counters only; housekeeping includes them)
python -m ocso_app.cli daily [--today YYYY-MM-DD]   (the daily job: statuses whose date has come, reminders)
python -m ocso_app.cli retry-mail   (e-mails the relay refused 8 times: the portal's next sweep tries again)
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ocso_app.config import settings
from ocso_app.db import db_session
from ocso_app.models import Interface
from ocso_app.models.base import utcnow
from ocso_app.services import audit, daily, housekeeping, letters, publishing, throttle, undelivered_mail
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import paris_today

# who acts from a shell: no account, and the audit row says where it came from
COMMAND_LINE = audit.Actor(account_id=None, interface=Interface.COMMAND_LINE)


def _publish(args: argparse.Namespace) -> int:
    """The same service as the staff page « Publier un document », audited as done from the command line."""
    content = Path(args.file).read_bytes()
    with db_session() as session:
        published = publishing.publish_to_member(
            session,
            actor=COMMAND_LINE,
            member_number=args.member,
            category=args.category,
            title=args.title,
            content=content,
        )
        mailed = publishing.notify_member(session, published, args.title)
    print(
        f"Document {published.document_id} publié"
        + (f", e-mail envoyé à {published.emailed_to}" if mailed else "")
    )
    return 0


def _create_database(_args: argparse.Namespace) -> int:
    url = make_url(settings().database_url)
    if not url.drivername.startswith("postgresql"):
        print("Base SQLite : créée par la migration.")
        return 0
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    server.dispose()
    print(f"Base {url.database} {'déjà présente' if exists else 'créée'}.")
    return 0


def _letters_to_print(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists():
        print(f"{out} existe déjà : choisissez un autre fichier.", file=sys.stderr)
        return 1
    with db_session() as session:
        batch = letters.take_letters_to_print(session)
        if batch.letters:
            # Written inside the transaction: if the file cannot be written, no letter is marked printed.
            out.write_bytes(batch.pdf)
            out.chmod(0o600)
    print(f"{batch.letters} courrier(s) à imprimer" + (f" dans {out}" if batch.letters else ""))
    return 0


def _purge_attempt_counters(_args: argparse.Namespace) -> int:
    with db_session() as session:
        purged = throttle.purge_stale(session)
    print(f"{purged} compteur(s) d'essais périmé(s) supprimé(s)")
    return 0


def _housekeeping(_args: argparse.Namespace) -> int:
    with db_session() as session:
        purged = housekeeping.purge(session)
    print(f"Ménage : {purged.summary()}")
    return 0


def _retry_mail(_args: argparse.Namespace) -> int:
    """The same service as the administrators' « Renvoyer les e-mails », audited as done from the command
    line."""
    with db_session() as session:
        message = undelivered_mail.send_again(session, actor=COMMAND_LINE, now=utcnow())
    print(message)
    return 0


def _daily(args: argparse.Namespace) -> int:
    report = daily.run_daily(args.today or paris_today(), db_session)
    print(f"Traitement quotidien du {(args.today or paris_today()).isoformat()} : {report.summary()}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ocso_app.cli", description="Outils OCSO")
    commands = parser.add_subparsers(dest="command", required=True)
    publish = commands.add_parser("publish-document", help="publier un PDF dans MES DOCUMENTS d'un adhérent")
    publish.add_argument("--member", required=True, help="numéro d'adhérent (6 chiffres)")
    publish.add_argument("--category", required=True, choices=sorted(publishing.MEMBER_CATEGORIES))
    publish.add_argument("--title", required=True)
    publish.add_argument("file", help="le fichier PDF")
    publish.set_defaults(run=_publish)
    database = commands.add_parser("create-database", help="créer la base PostgreSQL de OCSO_DATABASE_URL")
    database.set_defaults(run=_create_database)
    to_print = commands.add_parser(
        "letters-to-print", help="réunir les courriers à imprimer dans un PDF et les marquer imprimés"
    )
    to_print.add_argument("out", help="le PDF à écrire (ne doit pas exister)")
    to_print.set_defaults(run=_letters_to_print)
    purge = commands.add_parser("purge-attempt-counters", help="supprimer les compteurs d'essais périmés")
    purge.set_defaults(run=_purge_attempt_counters)
    tidy = commands.add_parser(
        "housekeeping", help="supprimer les sessions terminées, codes et liens utilisés, compteurs périmés"
    )
    tidy.set_defaults(run=_housekeeping)
    job = commands.add_parser("daily", help="traitement quotidien : statuts arrivés à échéance, rappels dus")
    job.add_argument("--today", type=date.fromisoformat, help="la date du traitement (AAAA-MM-JJ)")
    job.set_defaults(run=_daily)
    retry = commands.add_parser("retry-mail", help="remettre en envoi les e-mails que le relais a refusés")
    retry.set_defaults(run=_retry_mail)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (OcsoError, OSError) as error:
        print(getattr(error, "message", str(error)), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
