"""ZIP archives given to download: written to a temporary file, never whole in memory."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from typing import IO, Any

from .filenames import safe_member_name
from .spreadsheets import csv_lines

#: Bytes copied at a time from a stored document into the archive.
CHUNK_BYTES = 64 * 1024


class ZipArchive:
    """`with ZipArchive() as archive: archive.add_csv(…); archive.copy(…)`, then
    `responses.zip_response(archive=archive, …)` sends the temporary file."""

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (sent, then closed)
        self._zip = zipfile.ZipFile(self.file, "w", zipfile.ZIP_DEFLATED)

    def __enter__(self) -> ZipArchive:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self._zip.close()
        if exc_type is not None:
            self.file.close()
        else:
            self.file.seek(0)

    def add_csv(self, name: str, rows: Iterable[Sequence[Any]], **options: Any) -> None:
        """A CSV member (same options as `spreadsheets.csv_lines`), streamed into the archive."""
        with self._zip.open(safe_member_name(name), "w") as member:
            for chunk in csv_lines(rows, **options):
                member.write(chunk.encode("utf-8"))

    def add_bytes(self, name: str, content: bytes) -> None:
        self._zip.writestr(safe_member_name(name), content)

    def copy(self, name: str, source: IO[bytes]) -> None:
        """A stored file, copied by chunks of `CHUNK_BYTES`."""
        with self._zip.open(safe_member_name(name), "w", force_zip64=True) as member:
            shutil.copyfileobj(source, member, CHUNK_BYTES)
