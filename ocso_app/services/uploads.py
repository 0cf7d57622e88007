"""Files sent by members: checked by size and by real content, then kept in private storage.

Nothing here trusts the browser: the file name loses any path, control and bidirectional characters, and
takes the extension of the type read from the bytes (a PNG sent as ``justificatif.html`` is kept and served as
``justificatif.png``); a PDF must open with ``pypdf`` within a time and page budget and have a page, an image
must decode with Pillow; the stored name is a random uuid4. Files are never written under Reflex's public
upload folder. These checks are CPU work: async callers run them through ``ocso_app.workers.run_blocking``.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from sqlalchemy import event
from sqlalchemy.orm import Session

from ocso_app.config import settings, write_private
from ocso_app.services.errors import OcsoError

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_PDF_PAGES = 100
PDF_CHECK_SECONDS = 2.0  # of this thread's CPU time, per PDF: a real scan opens in milliseconds

NO_FILE = "Ajoutez au moins un fichier (PDF, JPEG ou PNG)."
TOO_MANY_FILES = f"Vous pouvez joindre au plus {MAX_FILES} fichiers."
# What is wrong with one file: its message names it first (``« devis.pdf » : ce fichier est vide.``).
TOO_LARGE = "ce fichier dépasse 10 Mo : réduisez-le ou scannez-le en plus basse résolution."
EMPTY_FILE = "ce fichier est vide."
BAD_TYPE = (
    "ce fichier n'est ni un PDF ni une image JPEG ou PNG (son contenu est vérifié, pas seulement son nom) : "
    "seuls ces formats sont acceptés."
)
CORRUPT_PDF = "ce PDF est illisible ou endommagé."
CORRUPT_IMAGE = "cette image est illisible ou endommagée."
PDF_TOO_MANY_PAGES = f"ce PDF compte plus de {MAX_PDF_PAGES} pages : n'envoyez que les pages utiles."
PDF_TOO_COMPLEX = (
    "ce PDF est trop complexe pour être vérifié : enregistrez-le de nouveau "
    "(« Imprimer » puis « Enregistrer au format PDF ») ou envoyez une photo du document."
)
BAD_NAME = "le nom de ce fichier contient un chemin (/, \\ ou ..) : renommez-le puis réessayez."

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
    """A private file a protected route may stream: where it is, its type, and the name it was kept under
    (``download_name`` is the one to serve)."""

    storage_key: str
    content_type: str
    filename: str

    @property
    def download_name(self) -> str:
        """The name to download it as: cleaned again, with the extension of its checked type."""
        return clean_filename(self.filename, self.content_type)

    @classmethod
    def titled(cls, storage_key: str, content_type: str, title: str) -> StoredFile:
        """A published document, to download under its title: a « / » or « \\ » in the title (« droits
        2025/2026 », « courrier du 12/03/2026 ») is a dash, not a folder whose last part alone would name
        the file."""
        return cls(storage_key, content_type, f"{_PATH_SEPARATORS.sub('-', title)}.pdf")


# Cc: control characters; Cf: format characters, among them the bidirectional overrides and isolates
# (U+202A-202E, U+2066-2069) that make "fichier\u202egnp.html" display as "fichierlmth.png".
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
MAX_NAME_LENGTH = 120
_PATH_SEPARATORS = re.compile(r"[\\/]")


def clean_filename(name: str | None, content_type: str = "") -> str:
    """A safe name for a file of ``content_type``: the last component of ``name``, without control or
    bidirectional characters, its extension replaced by the type's own, at most 120 characters."""
    base = _PATH_SEPARATORS.split(unicodedata.normalize("NFC", name or ""))[-1]
    base = "".join(c for c in base if unicodedata.category(c) not in _INVISIBLE_CATEGORIES)
    base = base.strip().strip(".").strip()
    extension = _EXTENSIONS.get(content_type, "")
    if extension:
        stem, dot, _old = base.rpartition(".")
        base = (stem if dot else base).rstrip(". ") or "document"
        return base[: MAX_NAME_LENGTH - len(extension)] + extension
    return (base or "document")[:MAX_NAME_LENGTH]


def _sniff(content: bytes) -> str:
    for signature, content_type in _SIGNATURES:
        if content.startswith(signature):
            return content_type
    raise UploadRejected(BAD_TYPE)


class _OverBudget(BaseException):
    """Raised from inside pypdf when a check exceeds its time; a BaseException, so that pypdf's own
    recovery (``except Exception``) cannot swallow it and go on parsing."""


class _BudgetedStream(io.BytesIO):
    """The PDF's bytes, read by pypdf: every few hundred reads check the time spent against the budget.
    pypdf reads in small pieces as it parses (millions of reads for a crafted file), so no parse outlives
    its budget by more than a few hundred reads."""

    def __init__(self, content: bytes, seconds: float) -> None:
        super().__init__(content)
        self._deadline = time.thread_time() + seconds
        self._calls = 0

    def _tick(self) -> None:
        self._calls += 1
        if self._calls % 256 == 0 and time.thread_time() > self._deadline:
            raise _OverBudget

    def read(self, size: int | None = -1, /) -> bytes:
        self._tick()
        return super().read(size)

    def seek(self, offset: int, whence: int = 0, /) -> int:
        self._tick()
        return super().seek(offset, whence)


def _verify_pdf(content: bytes) -> None:
    """The PDF opens, its page tree is read whole, and it has 1 to ``MAX_PDF_PAGES`` pages, all within
    ``PDF_CHECK_SECONDS`` of CPU time; otherwise :class:`UploadRejected` says why, in French."""
    try:
        reader = PdfReader(_BudgetedStream(content, PDF_CHECK_SECONDS))
        tree = reader.root_object["/Pages"].get_object()
        declared = tree.get("/Count", 0) if isinstance(tree, DictionaryObject) else None
        if not isinstance(declared, int) or declared > MAX_PDF_PAGES:
            raise UploadRejected(PDF_TOO_MANY_PAGES if isinstance(declared, int) else CORRUPT_PDF)
        pages = len(reader.pages)  # walks the whole page tree: the declared count may lie
        if pages > MAX_PDF_PAGES:
            raise UploadRejected(PDF_TOO_MANY_PAGES)
        if pages < 1:
            raise UploadRejected(CORRUPT_PDF)
    except _OverBudget as error:
        raise UploadRejected(PDF_TOO_COMPLEX) from error
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


def refusal(name: str, reason: str) -> str:
    """The message refusing one file: « devis.pdf » : ce fichier est vide."""
    return f"« {name} » : {reason}"


def check_file(incoming: IncomingFile, *, shown_as: str | None = None) -> CheckedFile:
    """Name, size and real type of one file; raises :class:`UploadRejected` with a French message that
    names the file (its cleaned name, or ``shown_as``)."""
    try:
        return _checked(incoming)
    except UploadRejected as refused:
        name = shown_as or clean_filename(incoming.name)
        raise UploadRejected(refusal(name, refused.message)) from refused


def _checked(incoming: IncomingFile) -> CheckedFile:
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


def store(checked: CheckedFile, *, session: Session | None = None) -> SavedFile:
    """Write a checked file to private storage under a new random name. With ``session`` (whose rows will
    name the file), the file is removed again if that session's transaction is rolled back, whenever that
    happens: the rows' flush, a later step of the same work, or the commit itself."""
    storage_key = uuid.uuid4().hex
    write_private(_path(storage_key), checked.content)
    if session is not None:
        session.info.setdefault(_STORED_IN_TRANSACTION, []).append(storage_key)
    return SavedFile(
        original_name=checked.original_name,
        storage_key=storage_key,
        content_type=checked.content_type,
        size_bytes=checked.size_bytes,
        sha256=checked.sha256,
    )


_STORED_IN_TRANSACTION = "ocso_stored_files"  # in ``Session.info``: the files its transaction's rows name
_DROPPED_IN_TRANSACTION = "ocso_dropped_files"  # the files whose rows its transaction deletes


def delete_once_committed(session: Session, storage_keys: Sequence[str]) -> None:
    """Remove the stored files whose rows ``session`` deletes, once that deletion is committed: a rollback
    keeps the rows, and their files with them."""
    session.info.setdefault(_DROPPED_IN_TRANSACTION, []).extend(storage_keys)


@event.listens_for(Session, "after_commit")
def _keep_stored(session: Session) -> None:
    """The rows naming the files are written: they stay; the files of the rows deleted go."""
    session.info.pop(_STORED_IN_TRANSACTION, None)
    delete_stored(session.info.pop(_DROPPED_IN_TRANSACTION, []))


@event.listens_for(Session, "after_rollback")
def _remove_stored(session: Session) -> None:
    """The rows naming the files are gone: so are the files (a health document nobody can reach, kept
    forever, is a leak waiting to happen). A savepoint's rollback alone keeps them (the outer transaction
    decides). The rows it was to delete stay, with their files."""
    delete_stored(session.info.pop(_STORED_IN_TRANSACTION, []))
    session.info.pop(_DROPPED_IN_TRANSACTION, None)


def generated_pdf(name: str, content: bytes) -> CheckedFile:
    """A PDF the portal drew itself (a letter, a mandate, an attestation): ready to store as it is."""
    return CheckedFile(name, content, "application/pdf", hashlib.sha256(content).hexdigest())


@contextmanager
def removed_on_failure(storage_keys: Sequence[str]) -> Iterator[None]:
    """Remove the files stored under ``storage_keys`` if the block (writing their rows) fails."""
    try:
        yield
    except Exception:
        delete_stored(storage_keys)
        raise


def read_stored(storage_key: str) -> bytes:
    """The bytes of a stored file."""
    return _path(storage_key).read_bytes()


def delete_stored(storage_keys: Sequence[str]) -> None:
    """Remove stored files (a submission that failed after storing them)."""
    for key in storage_keys:
        _path(key).unlink(missing_ok=True)
