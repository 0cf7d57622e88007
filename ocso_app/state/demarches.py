"""What the member's and the employer's démarche pages share: the file picker's id, the bounded copy of the
fields a form sends with its files, the bounded read of those files, and sending one démarche (committed,
then confirmed by e-mail) into the (error, info) pair the form shows.

Files come through Reflex's upload endpoint, and the form's fields with them: the submit binds the form to
the upload handler (``handler(rx.upload_files(...), form)``), so they travel in the same ``POST /_upload``
(Reflex's ``__reflex_event_args`` field) and the handler receives both or neither.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from sqlalchemy.exc import IntegrityError

from ocso_app.services import requests, uploads
from ocso_app.services.errors import OcsoError
from ocso_app.services.requests import Submitted

MAX_FIELDS, MAX_NAME, MAX_VALUE = 30, 40, 2100


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
    """Run ``submit`` (which opens and commits its own session), e-mail the confirmation of a new démarche,
    and return the (error, info) messages of the form."""
    try:
        submitted: Submitted | None = submit()
    except IntegrityError:  # the same submission committed concurrently: it exists once
        submitted = None
    except OcsoError as error:
        return error.message, ""
    if submitted is not None:
        requests.send_confirmation(submitted)
    subject = submitted.subject if submitted else "votre démarche"
    return "", f"« {subject} » est envoyée. Un e-mail vous le confirme."
