"""The e-mail confirming a démarche, sent after the caller's transaction committed."""

from __future__ import annotations

import logging

from ocso_app.services.mail import send_mail
from ocso_app.services.requests.submission import Submitted

log = logging.getLogger(__name__)


def send_confirmation(submitted: Submitted) -> None:
    """The e-mail confirming a new démarche (after the transaction committed); a mail failure is logged."""
    if not submitted.created or not submitted.email:
        return
    text = (
        "Bonjour,\n\n"
        f"Nous avons bien reçu votre démarche « {submitted.subject} » "
        f"(n° {submitted.request_id}), envoyée depuis votre Espace Santé Assuré.\n"
        "Vous suivrez son traitement et nos réponses dans MES DÉMARCHES > Mes dernières démarches."
    )
    try:
        send_mail(to=submitted.email, subject="OCSO : votre démarche est bien envoyée", text=text)
    except OSError:
        log.warning("confirmation mail of request %s not sent", submitted.request_id)
