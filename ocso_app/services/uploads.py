"""Files sent by members: checked by size and by real content, then kept in private storage.

Nothing here trusts the browser: the file name loses any path, the type comes from the bytes (a PDF must open
with ``pypdf`` and have a page, an image must decode with Pillow), and the stored name is a random uuid4.
Files are never written under Reflex's public upload folder.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from ocso_app.config import settings
from ocso_app.services.errors import OcsoError

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024

NO_FILE = "Ajoutez au moins un fichier (PDF, JPEG ou PNG)."
TOO_MANY_FILES = f"Vous pouvez joindre au plus {MAX_FILES} fichiers."
TOO_LARGE = "Un fichier dépasse 10 Mo : réduisez-le ou scannez-le en plus basse résolution."
EMPTY_FILE = "Un des fichiers est vide."
BAD_TYPE = "Seuls les fichiers PDF, JPEG et PNG sont acceptés."
CORRUPT_PDF = "Un des fichiers PDF est illisible ou endommagé."
CORRUPT_IMAGE = "Une des images est illisible ou endommagée."
BAD_NAME = "Le nom d'un fichier contient un chemin (/, \\ ou ..) : renommez-le puis réessayez."

_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
_EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
_PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


class UploadRejected(OcsoError):
    """A file (or the set of files) was refused; nothing was stored."""


@dataclass(frozen=True)
class IncomingFile:
    """A file as received: the name the browser gave and the bytes."""

    name: str
    content: bytes


@dataclass(frozen=True)
class CheckedFile:
    """A file whose size and content were verified."""

    original_name: str
    content: bytes
    content_type: str
    sha256: str

    @property
    def size_bytes(self) -> int:
        return len(self.content)


@dataclass(frozen=True)
class SavedFile:
    """A checked file written to private storage under ``storage_key``."""

    original_name: str
    storage_key: str
    content_type: str
    size_bytes: int
    sha256: str


@dataclass(frozen=True)
class StoredFile:
    """A private file a protected route may stream: where it is, its type, and the name to download it as."""

    storage_key: str
    content_type: str
    filename: str


def clean_filename(name: str | None, content_type: str = "") -> str:
    """The last component of ``name`` (no folder, no control character), at most 120 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    if not base:
        base = "document" + _EXTENSIONS.get(content_type, "")
    return base[-120:]


def _sniff(content: bytes) -> str:
    for signature, content_type in _SIGNATURES:
        if content.startswith(signature):
            return content_type
    raise UploadRejected(BAD_TYPE)


def _verify_pdf(content: bytes) -> None:
    try:
        reader = PdfReader(io.BytesIO(content))
        if len(reader.pages) < 1:
            raise UploadRejected(CORRUPT_PDF)
    except UploadRejected:
        raise
    except Exception as error:  # pypdf raises many kinds of errors on broken files
        raise UploadRejected(CORRUPT_PDF) from error


def _verify_image(content: bytes, content_type: str) -> None:
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format != _PIL_FORMATS[content_type]:
                raise UploadRejected(CORRUPT_IMAGE)
            image.verify()
    except UploadRejected:
        raise
    except Exception as error:  # Pillow raises OSError, SyntaxError, ValueError... on broken images
        raise UploadRejected(CORRUPT_IMAGE) from error


def check_file(incoming: IncomingFile) -> CheckedFile:
    """Name, size and real type of one file; raises :class:`UploadRejected` with a French message."""
    if re.search(r"[\\/]|^\.\.", incoming.name or ""):
        raise UploadRejected(BAD_NAME)
    if len(incoming.content) > MAX_FILE_BYTES:
        raise UploadRejected(TOO_LARGE)
    if not incoming.content:
        raise UploadRejected(EMPTY_FILE)
    content_type = _sniff(incoming.content)
    if content_type == "application/pdf":
        _verify_pdf(incoming.content)
    else:
        _verify_image(incoming.content, content_type)
    return CheckedFile(
        original_name=clean_filename(incoming.name, content_type),
        content=incoming.content,
        content_type=content_type,
        sha256=hashlib.sha256(incoming.content).hexdigest(),
    )


def check_files(files: Sequence[IncomingFile], *, required: bool) -> list[CheckedFile]:
    """Every file checked before any is stored, so a refusal leaves nothing behind."""
    if len(files) > MAX_FILES:
        raise UploadRejected(TOO_MANY_FILES)
    if required and not files:
        raise UploadRejected(NO_FILE)
    return [check_file(f) for f in files]


def _path(storage_key: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}", storage_key):
        raise ValueError("invalid storage key")
    return settings().storage_dir / storage_key


def store(checked: CheckedFile) -> SavedFile:
    """Write a checked file to private storage under a new random name."""
    storage_key = uuid.uuid4().hex
    folder = settings().storage_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = _path(storage_key)
    path.write_bytes(checked.content)
    path.chmod(0o600)
    return SavedFile(
        original_name=checked.original_name,
        storage_key=storage_key,
        content_type=checked.content_type,
        size_bytes=checked.size_bytes,
        sha256=checked.sha256,
    )


def read_stored(storage_key: str) -> bytes:
    """The bytes of a stored file."""
    return _path(storage_key).read_bytes()


def delete_stored(storage_keys: Sequence[str]) -> None:
    """Remove stored files (a submission that failed after storing them)."""
    for key in storage_keys:
        _path(key).unlink(missing_ok=True)
