"""The e-mails of a démarche, written to the outbox of the transaction that stores what they tell (they
leave after its commit, retried while the relay refuses them): the confirmation of a new one
(``submission.store``), and the notice that OCSO answered or closed it (``desk.notice``), which never
repeats the answer: it is read in the sender's space."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from ocso_app.services.mail import send_after_commit

if TYPE_CHECKING:  # both modules send through this one
    from ocso_app.services.requests.desk import Notice
    from ocso_app.services.requests.submission import Submitted

# where the démarche was sent from, and where its follow-up is read
_MEMBER_SPACE = ("votre Espace Santé Assuré", "MES DÉMARCHES > Mes dernières démarches")
_EMPLOYER_SPACE = ("votre Espace Employeur", "Démarches > Mes derniers envois")


def send_confirmation(session: Session, submitted: Submitted) -> None:
    """The e-mail confirming a new démarche, in the outbox of the transaction that stores it."""
    if not submitted.created or not submitted.email:
        return
    space, follow_up = _EMPLOYER_SPACE if submitted.for_company else _MEMBER_SPACE
    text = (
        "Bonjour,\n\n"
        f"Nous avons bien reçu votre démarche « {submitted.subject} » "
        f"(n° {submitted.request_id}), envoyée depuis {space}.\n"
        f"Vous suivrez son traitement et nos réponses dans {follow_up}."
    )
    send_after_commit(
        session, to=submitted.email, subject="OCSO : votre démarche est bien envoyée", text=text
    )


def send_notice(session: Session, notice: Notice) -> None:
    """The e-mail telling the sender that OCSO answered, treated or refused their démarche, in the outbox of
    the transaction that writes it."""
    if not notice.to:
        return
    space, follow_up = _EMPLOYER_SPACE if notice.for_company else _MEMBER_SPACE
    what = f"est {notice.closed_as}" if notice.closed_as else "a reçu une réponse d'OCSO"
    text = (
        "Bonjour,\n\n"
        f"Votre démarche « {notice.subject} » (n° {notice.request_id}) {what}.\n"
        f"Connectez-vous à {space} pour lire notre réponse dans {follow_up}."
    )
    send_after_commit(
        session, to=notice.to, subject=f"OCSO : votre démarche n° {notice.request_id}", text=text
    )
