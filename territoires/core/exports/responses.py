"""HTTP responses of the exports: the right type and a safe `Content-Disposition`."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

from .archives import ZipArchive
from .filenames import safe_filename
from .jsonfiles import geojson_lines, json_lines
from .pdf import html_to_pdf
from .spreadsheets import Sheet, csv_lines, xlsx_write

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
ZIP = "application/zip"
JSON = "application/json"
GEOJSON = "application/geo+json"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    return content_disposition_header(not inline, safe_filename(filename))


def file_response(
    content: bytes, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    """A file built in memory (a Word act, a JSON report…), to download."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response


def csv_response(
    *,
    filename: str,
    rows: Iterable[Sequence[Any]],
    headers: Sequence[str] | None = None,
    inline: bool = False,
    **options: Any,
) -> StreamingHttpResponse:
    """Streamed: 200,000 rows never sit whole in memory (`spreadsheets.csv_lines` options)."""
    response = StreamingHttpResponse(csv_lines(rows, headers=headers, **options), content_type=CSV)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response


def xlsx_response(*, filename: str, sheets: Iterable[Sheet]) -> HttpResponse:
    """The workbook is written row by row to a temporary file, then sent (compressed)."""
    with tempfile.TemporaryFile() as output:
        xlsx_write(output, sheets)
        output.seek(0)
        return file_response(output.read(), filename=filename, content_type=XLSX)


def pdf_response(*, filename: str, html: str, inline: bool = False) -> HttpResponse:
    return file_response(html_to_pdf(html), filename=filename, content_type=PDF, inline=inline)


def zip_response(*, filename: str, archive: ZipArchive) -> FileResponse:
    """Sent from its temporary file by chunks; the file is deleted once sent."""
    response = FileResponse(archive.file, content_type=ZIP)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def xlsx_file_response(*, filename: str, sheets: Iterable[Sheet]) -> FileResponse:
    """Like `xlsx_response`, but sent from its temporary file by chunks (large workbooks:
    rows are written to disk as they come, then streamed; the file is deleted once sent)."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 (sent, then closed by the response)
    try:
        xlsx_write(output, sheets)
    except BaseException:
        output.close()
        raise
    output.seek(0)
    response = FileResponse(output, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def json_rows_response(
    *, filename: str, rows: Iterable[Sequence[Any]], headers: Sequence[str]
) -> StreamingHttpResponse:
    """A JSON array of objects, streamed (`jsonfiles.json_lines`)."""
    response = StreamingHttpResponse(
        json_lines(rows, headers=headers), content_type=f"{JSON}; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition(filename)
    return response


def geojson_response(*, filename: str, features: Iterable) -> StreamingHttpResponse:
    """A GeoJSON FeatureCollection, streamed (`jsonfiles.geojson_lines`)."""
    response = StreamingHttpResponse(
        geojson_lines(features), content_type=f"{GEOJSON}; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition(filename)
    return response
