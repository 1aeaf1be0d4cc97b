"""The deposited file of a version as a local path (the readers of `lecture` take a path)."""

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath

from territoires.core.models import Document

CHUNK = 1024 * 1024


@contextmanager
def document_path(document: Document) -> Iterator[Path]:
    """A path to read the document from: its own on a local storage, else a temporary copy
    made by chunks (S3), deleted afterwards."""
    storage = document.fichier.storage
    try:
        local = storage.path(document.fichier.name)
    except NotImplementedError:
        local = None
    if local:
        yield Path(local)
        return
    suffix = PurePath(document.nom_original).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        with document.fichier.open("rb") as source:
            shutil.copyfileobj(source, copy, CHUNK)
        copy.flush()
        yield Path(copy.name)


def estimate_rows(path: Path, format: str) -> int | None:
    """Lines of a CSV, counted by chunks (for the progress bar); None for other formats."""
    if format != "csv":
        return None
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            lines += chunk.count(b"\n")
    return max(lines - 1, 1)
