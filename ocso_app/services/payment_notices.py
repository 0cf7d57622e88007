"""The member's opt-in e-mail on a new payment (off by default, set in Mes informations), and the one function
every place that records a new décompte calls: :func:`notify_new_payment`.

The e-mail says only that a payment was made (date, amount, to whom) and where to read it: no care, no
beneficiary, nothing of the member's health travels by e-mail.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Protocol

from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.config import settings
from ocso_app.models import Member
from ocso_app.services import audit, documents
from ocso_app.services.audit import Actor
from ocso_app.services.errors import AccessDenied
from ocso_app.services.formats import format_money, format_short_date
from ocso_app.services.mail import send_after_commit

EVENT_TYPE = "Mes informations"


class NewPayment(Protocol):
    """What the e-mail tells of a décompte (a ``Statement`` row has it)."""

    @property
    def paid_on(self) -> date: ...
    @property
    def total_paid(self) -> Decimal: ...
    @property
    def payee_name(self) -> str: ...


def payment_email_enabled(session: Session, *, member_id: int) -> bool:
    """Whether the member asked to be told of each new payment."""
    member = session.get(Member, member_id)
    if member is None:
        raise AccessDenied("Adhérent introuvable.")
    return member.payment_email


def set_payment_email(session: Session, actor: Actor, *, enabled: bool) -> None:
    """« Me prévenir par e-mail de chaque nouveau remboursement »: saved, audited when it changes."""
    member = session.get(Member, actor.member_id) if actor.member_id is not None else None
    if member is None:
        raise AccessDenied("Adhérent introuvable.")
    if member.payment_email == enabled:
        return
    member.payment_email = enabled
    action = "activé" if enabled else "désactivé"
    audit.record_by(session, actor, event_type=EVENT_TYPE, action=f"E-mail à chaque remboursement {action}")


def notify_new_payment(session: Session, member_id: int, statement: NewPayment) -> bool:
    """Call this where a new décompte is recorded (the staff's import, any future feed): e-mails the member
    after the commit when they opted in and OCSO has an address. Returns whether a message was queued."""
    member = session.get(Member, member_id)
    if member is None or not member.payment_email:
        return False
    address = documents.member_email(session, member)
    if not address:
        return False
    link = f"{settings().public_url}{routes.MEMBER_REIMBURSEMENTS}"
    text = (
        f"Bonjour,\n\nOCSO a effectué un remboursement de {format_money(statement.total_paid)} le "
        f"{format_short_date(statement.paid_on)}, versé à {statement.payee_name}.\n\nLe détail et le "
        f"décompte sont dans votre Espace Santé Assuré, rubrique Mes remboursements :\n{link}\n\n"
        "Vous recevez ce message parce que vous l'avez demandé dans Mes informations, où vous pouvez "
        "l'arrêter à tout moment."
    )
    send_after_commit(session, to=address, subject="Nouveau remboursement OCSO", text=text)
    return True
