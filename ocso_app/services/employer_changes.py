"""The member's own row of a change their employer made to their affiliation (HR's radiation, its
cancellation, HR's edit of the fiche salarié(e), the affiliation HR keyed in or forced, ``enrolment``; OCSO's
radiation from an employer's « Sortie des effectifs »; the daily job's end of a portabilité, ``daily``): what
« Mon historique » shows them of it.

Such a change is audited on the structure's log (``company_id``), worded for HR (the employee's number, the
motif, the HR user's name), and Mon historique reads only the rows tied to the member (``member_id``): the
member whose cover ends on a date HR chose could not see when nor by whom it was decided. So the service
that makes the change also writes, in the same transaction, one row on the member's file, worded for them:
what changed for them and who decided, their employer by its name (and OCSO when OCSO recorded it), nothing
of the company's internals. That row carries the author's account (OCSO's trace of who did it) but no
``company_id``: the structure's log already has its own row and must not get this one twice.

Writing the member's row at the time of the change, rather than having Mon historique read the structure's
rows of the member's employee records, keeps the history's query one indexed read of the member's rows, and
keeps each text written for the person who reads it.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocso_app.models import Company
from ocso_app.services import audit


def employer(session: Session, company_id: int, *, former: bool = False) -> str:
    """« votre employeur (ACME) », as the member reads who decided; « votre ancien employeur (ACME) » for a
    member who has left it (``former``)."""
    name = session.scalar(select(Company.name).where(Company.id == company_id))
    who = "votre ancien employeur" if former else "votre employeur"
    return f"{who} ({name})" if name else who


def tell_member(
    session: Session, actor: audit.Actor, *, member_id: int | None, event_type: str, action: str
) -> None:
    """Write ``action`` on the member's file (their Mon historique), by ``actor``, in the caller's
    transaction; nothing for an employee who is not (or no longer) a member."""
    if member_id is None:
        return
    audit.record_by(
        session,
        dataclasses.replace(actor, member_id=member_id, company_id=None),
        event_type=event_type,
        action=action,
    )
