"""What the member's and the employer's démarche pages share: the file picker's id, the bounded copy of the
fields a form sends with its files, the bounded read of those files, sending one démarche (committed, then
confirmed by e-mail) or one reply on a démarche into the (error, info) pair the form shows, which démarche
of the history the reply form opens under, and how far back the history goes (« Afficher les démarches plus
anciennes »).

Files come through Reflex's upload endpoint, and the form's fields with them: the submit binds the form to
the upload handler (``handler(rx.upload_files(...), form)``), so they travel in the same ``POST /_upload``
(Reflex's ``__reflex_event_args`` field) and the handler receives both or neither.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from sqlalchemy.exc import IntegrityError

from ocso_app.services import uploads
from ocso_app.services.errors import OcsoError
from ocso_app.services.ids import parse_id
from ocso_app.services.requests import Replied, RequestView, Submitted

MAX_FIELDS, MAX_NAME, MAX_VALUE = 30, 40, 2100
REPLY = "reponse"  # the reply form's kind: its picker's id, its fields' ids
REPLY_SENT = "Votre réponse est envoyée à OCSO : elle s'affiche dans la démarche."


def upload_id(kind: str) -> str:
    """The id of a form's file picker."""
    return f"pieces-{kind}"


def form_fields(form: object, *, count: int = MAX_FIELDS, length: int = MAX_VALUE) -> dict[str, str]:
    """A form's fields as the browser sent them, as strings bounded in number and length; none when it sent
    anything but a form (a script may post files without their form, or anything in its place)."""
    if not isinstance(form, dict):
        return {}
    return {str(k)[:MAX_NAME]: str(v)[:length] for k, v in list(form.items())[:count]}


async def read_files(files: list[rx.UploadFile]) -> list[uploads.IncomingFile]:
    """At most one file too many is read, and at most 10 MB + 1 byte of each: enough to refuse."""
    incoming = []
    for item in files[: uploads.MAX_FILES + 1]:
        content = await item.read(uploads.MAX_FILE_BYTES + 1)
        incoming.append(uploads.IncomingFile(item.filename or "", content))
    return incoming


def send(submit: Callable[[], Submitted]) -> tuple[str, str]:
    """Run ``submit`` (which opens and commits its own session, the confirmation of a new démarche in its
    outbox) and return the (error, info) messages of the form."""
    try:
        submitted: Submitted | None = submit()
    except IntegrityError:  # the same submission committed concurrently: it exists once
        submitted = None
    except OcsoError as error:
        return error.message, ""
    # « démarche » carries the agreement: a subject may be masculine (« Envoi d'une facture »)
    sent = f"Votre démarche « {submitted.subject} »" if submitted else "Votre démarche"
    return "", f"{sent} est envoyée. Un e-mail vous le confirme."


def reply_sent(reply: Callable[[], Replied]) -> tuple[str, str]:
    """Run ``reply`` (which opens and commits its own session) and return the (error, info) messages."""
    try:
        reply()
    except IntegrityError:  # the same reply committed concurrently: it exists once
        pass
    except OcsoError as error:
        return error.message, ""
    return "", REPLY_SENT


HISTORY_MAX = 200  # démarches a history shows at most, however often « plus anciennes » is clicked


def further_back(shown: int, step: int) -> int:
    """How many démarches the history shows after « Afficher les démarches plus anciennes »."""
    return min(shown + step, HISTORY_MAX)


def history_page(rows: list[RequestView], shown: int) -> tuple[list[RequestView], bool]:
    """The ``shown`` newest of ``rows`` (read with one more), and whether older ones exist."""
    return rows[:shown], len(rows) > shown


def reply_target(latest: list[RequestView], request_id: object) -> int:
    """The démarche the reply form opens under: one of the history shown that may be replied to, else 0."""
    wanted = parse_id(request_id)
    return next((r.id for r in latest if r.id == wanted and r.can_reply), 0)
