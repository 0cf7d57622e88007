"""The e-mail confirming a démarche, sent after the caller's transaction committed."""

from __future__ import annotations

import logging

from ocso_app.services.mail import send_mail
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
