"""What a person sees when a page event fails unexpectedly (a bug): a French message, and the traceback in
the log. Reflex's own answer is an English toast sent as a script, which the Content-Security-Policy forbids
(``unsafe-eval``): the agent or member saw nothing at all. ``state.notices`` shows ours."""

from __future__ import annotations

import logging
import traceback

from reflex_base.event import EventSpec

from ocso_app.state.notices import notice

logger = logging.getLogger("ocso.errors")

UNEXPECTED = "Une erreur inattendue est survenue."
WHAT_TO_DO = "Réessayez dans un instant. Si elle se reproduit, écrivez à support@ocso.fr."


def backend_error(exception: Exception) -> EventSpec:
    """Reflex's ``backend_exception_handler``: the traceback in the log (cleaned by ``log_redaction``), a
    French toast on the page. The event's database session was rolled back with the exception."""
    logger.error(
        "Erreur d'un événement de page\n%s",
        "".join(traceback.format_exception(type(exception), exception, exception.__traceback__)),
    )
    return notice(UNEXPECTED, WHAT_TO_DO)
