"""The e-mails of a démarche, sent after the caller's transaction committed: the confirmation of a new
one, and the notice that OCSO answered or closed it (which never repeats the answer: it is read in the
sender's space)."""

from __future__ import annotations

import logging

from ocso_app.services.mail import send_mail
from ocso_app.services.requests.desk import Notice
from ocso_app.services.requests.submission import Submitted

log = logging.getLogger(__name__)

# where the démarche was sent from, and where its follow-up is read
_MEMBER_SPACE = ("votre Espace Santé Assuré", "MES DÉMARCHES > Mes dernières démarches")
_EMPLOYER_SPACE = ("votre Espace Employeur", "Démarches > Mes derniers envois")


def send_confirmation(submitted: Submitted) -> None:
    """The e-mail confirming a new démarche (after the transaction committed); a mail failure is logged."""
    if not submitted.created or not submitted.email:
        return
    space, follow_up = _EMPLOYER_SPACE if submitted.for_company else _MEMBER_SPACE
    text = (
        "Bonjour,\n\n"
        f"Nous avons bien reçu votre démarche « {submitted.subject} » "
        f"(n° {submitted.request_id}), envoyée depuis {space}.\n"
        f"Vous suivrez son traitement et nos réponses dans {follow_up}."
    )
    try:
        send_mail(to=submitted.email, subject="OCSO : votre démarche est bien envoyée", text=text)
    except OSError:
        log.warning("confirmation mail of request %s not sent", submitted.request_id)


def send_notice(notice: Notice) -> None:
    """The e-mail telling the sender that OCSO answered, treated or refused their démarche; a mail
    failure is logged (the answer is in their space all the same)."""
    if not notice.to:
        return
    space, follow_up = _EMPLOYER_SPACE if notice.for_company else _MEMBER_SPACE
    what = f"est {notice.closed_as}" if notice.closed_as else "a reçu une réponse d'OCSO"
    text = (
        "Bonjour,\n\n"
        f"Votre démarche « {notice.subject} » (n° {notice.request_id}) {what}.\n"
        f"Connectez-vous à {space} pour lire notre réponse dans {follow_up}."
    )
    try:
        send_mail(to=notice.to, subject=f"OCSO : votre démarche n° {notice.request_id}", text=text)
    except OSError:
        log.warning("notice of request %s not sent", notice.request_id)
