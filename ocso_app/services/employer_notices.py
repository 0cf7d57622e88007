"""Who among a structure's employer users hears of what OCSO adds to their Espace Employeur (a document
published, the imports of indemnités journalières and of bordereaux): the active users whose profile lets
them see it and who did not turn these e-mails off (``deposit_emails``; each e-mail says how, and carries
its one-click link). The imports' e-mail is sent once the import commits and says only how many and where
to look (no employee's name: an arrêt de travail is nobody's business in a mailbox). A guide published to
every employer is told to every such user once (``everyone``), whatever their number of structures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from ocso_app.models import Account, AccountKind, Company, EmployerGrant, EmployerProfile
from ocso_app.services import deposit_emails, mail
from ocso_app.services.deposit_emails import Recipient
from ocso_app.services.employer_access import EmployerAction, allows


def _wanting(action: EmployerAction) -> tuple[ColumnElement[bool], ...]:
    """A grant whose profile allows ``action``, held by an active employer user who wants the deposits'
    e-mails and has an address."""
    profiles = [profile for profile in EmployerProfile if allows(profile, action)]
    return (
        EmployerGrant.profile.in_(profiles),
        Account.kind == AccountKind.EMPLOYER,
        Account.is_active.is_(True),
        Account.deposit_emails.is_(True),
        Account.email.is_not(None),
    )


def everyone(session: Session, *, action: EmployerAction) -> tuple[Recipient, ...]:
    """Every employer user allowed ``action`` on at least one of their structures and who wants the
    deposits' e-mails, each once (one query)."""
    rows = session.execute(
        select(Account.id, Account.email)
        .join(EmployerGrant, EmployerGrant.account_id == Account.id)
        .where(*_wanting(action))
        .distinct()
        .order_by(Account.id)
    )
    return tuple(Recipient(account_id, email) for account_id, email in rows if email)


def recipients(
    session: Session, *, company_ids: Iterable[int], action: EmployerAction
) -> dict[int, tuple[Recipient, ...]]:
    """By structure: its active employer users whose profile allows ``action`` and who want the deposits'
    e-mails, with their address (one query for all)."""
    rows = session.execute(
        select(EmployerGrant.company_id, Account.id, Account.email)
        .join(EmployerGrant, EmployerGrant.account_id == Account.id)
        .where(EmployerGrant.company_id.in_(list(company_ids)), *_wanting(action))
        .order_by(Account.id)
    )
    found: dict[int, dict[Recipient, None]] = defaultdict(dict)
    for company_id, account_id, email in rows:
        if email:
            found[company_id][Recipient(account_id, email)] = None
    return {company_id: tuple(users) for company_id, users in found.items()}


def tell(session: Session, news: Mapping[int, str], *, action: EmployerAction, subject: str) -> None:
    """For the structures of ``news`` (id → one sentence), one e-mail to each of their users allowed
    ``action``, naming every structure of the news that user sees, sent after ``session`` commits."""
    rows = session.execute(select(Company.id, Company.name).where(Company.id.in_(list(news))))
    names = {company_id: name for company_id, name in rows}
    seen: dict[Recipient, list[int]] = defaultdict(list)  # a user of several structures: one e-mail
    for company_id, users in recipients(session, company_ids=news, action=action).items():
        for user in users:
            seen[user].append(company_id)
    for user, company_ids in seen.items():
        parts = [f"{news[c]}\nStructure : {names[c]}." for c in sorted(company_ids, key=lambda c: names[c])]
        send_deposit_mail(session, user, subject=subject, text="Bonjour,\n\n" + "\n\n".join(parts))


def send_deposit_mail(
    session: Session, recipient: Recipient, *, subject: str, text: str, names_structures: bool = True
) -> None:
    """One e-mail of OCSO's deposits to ``recipient``, with the footer and the one-click link that stop them
    (``deposit_emails.stop_notice``), sent after ``session`` commits."""
    stop = deposit_emails.stop_notice(recipient.account_id, names_structures=names_structures)
    mail.send_after_commit(
        session, to=recipient.email, subject=subject, text=text, footer=stop.footer, headers=stop.headers
    )
