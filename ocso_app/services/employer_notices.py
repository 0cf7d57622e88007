"""The e-mail telling a structure's employer users that OCSO added something to their Espace Employeur (the
imports of indemnités journalières and of bordereaux): sent once the import commits, to the active users
whose profile lets them see it, and saying only how many and where to look (no employee's name: an arrêt
de travail is nobody's business in a mailbox)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Account, AccountKind, Company, EmployerGrant, EmployerProfile
from ocso_app.services import mail
from ocso_app.services.employer_access import EmployerAction, allows


def addresses(session: Session, *, company_id: int, action: EmployerAction) -> tuple[str, ...]:
    """The e-mail addresses of the structure's active employer users whose profile allows ``action``."""
    profiles = [profile for profile in EmployerProfile if allows(profile, action)]
    rows = session.scalars(
        select(Account.email)
        .join(EmployerGrant, EmployerGrant.account_id == Account.id)
        .where(
            EmployerGrant.company_id == company_id,
            EmployerGrant.profile.in_(profiles),
            Account.kind == AccountKind.EMPLOYER,
            Account.is_active.is_(True),
            Account.email.is_not(None),
        )
        .order_by(Account.id)
    )
    return tuple(dict.fromkeys(email for email in rows if email))


def tell(session: Session, news: Mapping[int, str], *, action: EmployerAction, subject: str) -> None:
    """For each structure of ``news`` (its id → one sentence), the e-mail to its users allowed ``action``,
    sent after ``session`` commits."""
    rows = session.execute(select(Company.id, Company.name).where(Company.id.in_(list(news))))
    names = {company_id: name for company_id, name in rows}
    for company_id, sentence in news.items():
        text = f"Bonjour,\n\n{sentence}\nStructure : {names[company_id]}."
        for address in addresses(session, company_id=company_id, action=action):
            mail.send_after_commit(session, to=address, subject=subject, text=text)
