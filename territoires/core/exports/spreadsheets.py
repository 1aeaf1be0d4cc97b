"""CSV and XLSX writers of every export. Rows are iterables of plain values (`cells`)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.styles import Font


from .cells import csv_cell, neutralise, plain_value

#: Rows written between two chunks of a streamed CSV: few writes, memory bounded by one chunk.
ROWS_PER_CHUNK = 1000

# --- CSV -----------------------------------------------------------------------------------


def csv_lines(
    rows: Iterable[Sequence[Any]],
    *,
    headers: Sequence[str] | None = None,
    separator: str = ";",
    bom: bool = True,
    line_ending: str = "\r\n",
) -> Iterator[str]:
    """The CSV text by chunks of `ROWS_PER_CHUNK` rows, never whole in memory.

    `;` by default (French Excel splits on it); `,` for the standards that say so (SCDL).
    The BOM lets Excel read UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator=line_ending)
    # Python 3.11 quotes a carriage return only when lines end with one: a row holding one is
    # then quoted whole, or a reader would cut the line there.
    cr_quoted = "\r" in line_ending
    quote_all = csv.writer(
        buffer, delimiter=separator, lineterminator=line_ending, quoting=csv.QUOTE_ALL
    )
    if bom:
        buffer.write("\ufeff")
    if headers is not None:
        rows = chain([headers], rows)
    for number, row in enumerate(rows, start=1):
        cells = [csv_cell(value) for value in row]
        if cr_quoted or not any("\r" in c for c in cells):
            writer.writerow(cells)
        else:
            quote_all.writerow(cells)
        if number % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    rest = buffer.getvalue()
    if rest:
        yield rest


def csv_write(output: IO[str], rows: Iterable[Sequence[Any]], **options: Any) -> None:
    """Write the CSV to an open text file (a command's output, a file): same options."""
    for chunk in csv_lines(rows, **options):
        output.write(chunk)


def csv_text(rows: Iterable[Sequence[Any]], **options: Any) -> str:
    """The whole CSV as one string, for the small files only (a pabulib file, one dossier)."""
    return "".join(csv_lines(rows, **options))


# --- XLSX ----------------------------------------------------------------------------------

_FORBIDDEN_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
# Control characters an XLSX file cannot hold (openpyxl refuses them): dropped.
_ILLEGAL_CHARACTERS = re.compile(r"[\000-\010\013\014\016-\037]")
# openpyxl turns these texts into error cells: written as text too.
_ERROR_CODES = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")
)


@dataclass
class Sheet:
    """One sheet: its title, its header row (bold), its rows (an iterator is streamed)."""

    title: str
    headers: Sequence[str] = ()
    rows: Iterable[Sequence[Any]] = ()
    #: Column widths in characters, by column letter (`{"B": 24}`).
    widths: Mapping[str, float] = field(default_factory=dict)


def xlsx_write(output: IO[bytes], sheets: Iterable[Sheet]) -> None:
    """Write the workbook (openpyxl write-only: rows go to disk as they come)."""
    # Imported when a workbook is written: every process (commands, workers) starts faster.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    titles: set[str] = set()
    for sheet in sheets:
        ws = workbook.create_sheet(_sheet_title(sheet.title, titles))
        for column, width in sheet.widths.items():
            ws.column_dimensions[column].width = width
        if sheet.headers:
            ws.append([_xlsx_cell(ws, value, font=bold) for value in sheet.headers])
        for row in sheet.rows:
            ws.append([_xlsx_cell(ws, value) for value in row])
    workbook.save(output)


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    output = io.BytesIO()
    xlsx_write(output, sheets)
    return output.getvalue()


def _xlsx_cell(ws, value: Any, *, font: Font | None = None) -> Any:
    """A number, a date or a text cell; never a formula nor an error code."""
    value = plain_value(value)
    neutralised = False
    if isinstance(value, str):
        value = _ILLEGAL_CHARACTERS.sub("", value)
        neutralised = neutralise(value) != value
        if not neutralised and value not in _ERROR_CODES and font is None:
            return value  # openpyxl writes it as text
    elif font is None:
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would have made « =… » a formula
    if neutralised:
        # Excel's own leading apostrophe: the cell stays text even once edited.
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    return cell


def _sheet_title(title: str, taken: set[str]) -> str:
    """A valid sheet title (31 characters, none of []:*?/\\), unique in the workbook."""
    base = _FORBIDDEN_IN_TITLE.sub("-", title).strip("'")[:31] or "Feuille"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base[: 31 - len(str(n)) - 1]} {n}"
    taken.add(candidate.lower())
    return candidate
