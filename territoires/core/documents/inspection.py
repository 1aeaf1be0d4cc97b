"""Checks of an uploaded file: size, and a content type read from its bytes, never its name.

`inspect_upload` is pure (no write): forms call it to show errors next to the field, and
`services.document_upload` calls it again before anything is stored.

A deposited file may be hostile: it is only ever read in bounded chunks. Office files go through
the ZIP guard (`zipguard`), PDFs through the active-content check (`pdfscan`).
"""

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import PurePath

import ijson
import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from .. import pdfscan, zipguard


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    mime: str
    extensions: tuple[str, ...]


FORMATS: dict[str, Format] = {
    f.key: f
    for f in [
        Format("pdf", "PDF", "application/pdf", (".pdf",)),
        Format("png", "PNG", "image/png", (".png",)),
        Format("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg")),
        Format("odt", "ODT", "application/vnd.oasis.opendocument.text", (".odt",)),
        Format("ods", "ODS", "application/vnd.oasis.opendocument.spreadsheet", (".ods",)),
        Format("odp", "ODP", "application/vnd.oasis.opendocument.presentation", (".odp",)),
        Format(
            "docx",
            "DOCX",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
        ),
        Format(
            "xlsx",
            "XLSX",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
        ),
        Format(
            "pptx",
            "PPTX",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            (".pptx",),
        ),
        Format("csv", "CSV", "text/csv", (".csv",)),
        Format("txt", "texte", "text/plain", (".txt",)),
        Format("json", "JSON", "application/json", (".json",)),
        Format("geojson", "GeoJSON", "application/geo+json", (".geojson",)),
    ]
}
DEFAULT_FORMATS: tuple[str, ...] = tuple(FORMATS)

# How a user reads the type libmagic found when the file is refused.
MIME_LABELS = {
    **{f.mime: f.label for f in FORMATS.values()},
    "application/pdf": "PDF",
    "image/png": "image PNG",
    "image/jpeg": "image JPEG",
    "image/gif": "image GIF",
    "image/svg+xml": "image SVG",
    "text/html": "page HTML",
    "text/xml": "XML",
    "application/xml": "XML",
    "application/zip": "archive ZIP",
    "application/x-dosexec": "programme Windows",
    "application/x-executable": "programme",
    "application/x-sharedlib": "programme",
    "application/x-mach-binary": "programme",
    "application/x-msi": "installateur Windows",
    "application/x-shellscript": "script",
    "application/javascript": "script",
    "application/msword": "document Word ancien (DOC)",
    "application/vnd.ms-excel": "classeur Excel ancien (XLS)",
    "application/octet-stream": "données binaires non reconnues",
    "inode/x-empty": "fichier vide",
    "text/plain": "texte",
    "application/json": "JSON",
    "text/csv": "CSV",
}

TEXT_MIMES = {"text/plain", "text/csv", "application/json"}
# Parts of an office file read whole to recognise it (`mimetype`, `[Content_Types].xml`): a few
# hundred bytes in practice.
PART_MAX = 1024 * 1024
ZIP_MIMES = {"application/zip", "application/octet-stream"} | {
    f.mime for f in FORMATS.values() if f.key in {"odt", "ods", "odp", "docx", "xlsx", "pptx"}
}
OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "docm",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "xlsm",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
ODF_MIMES = {FORMATS[k].mime: k for k in ("odt", "ods", "odp")}


@dataclass(frozen=True)
class Inspection:
    format: Format
    mime: str
    size: int
    sha256: str
    extension: str


def formats_label(keys=None) -> str:
    labels = []
    for key in keys or DEFAULT_FORMATS:
        label = FORMATS[key].label
        if label not in labels:
            labels.append(label)
    return ", ".join(labels)


def max_size_label() -> str:
    return size_label(settings.DOCUMENT_MAX_SIZE)


def size_label(size: int) -> str:
    mib = size / (1024 * 1024)
    if mib >= 1:
        return f"{mib:.1f}".replace(".0", "").replace(".", ",") + " Mo"
    return str(filesizeformat(size)).replace("\xa0", " ")


def help_text(keys=None) -> str:
    formats = formats_label(keys)
    return f"Formats acceptés : {formats}. Taille maximale : {max_size_label()} par fichier."


def _read_head(file, length: int = 65536) -> bytes:
    file.seek(0)
    head = file.read(length)
    file.seek(0)
    return head


def _size(file) -> int:
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    return size


def _sha256(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    chunks = file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b"")
    for chunk in chunks:
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _zip_kind(file, name: str) -> str | None:
    """Format key of an ODF or OOXML package, read from the archive itself; None otherwise.

    An archive beyond the ZIP guard's limits is refused here (`zipguard.ArchiveRefusee`).
    """
    try:
        archive = zipguard.ArchiveSure(file, nom=name)
    except zipguard.PasUneArchive:
        return None
    with archive:
        # Every member is inflated once, bounded: a file we store and hand to others is whole.
        archive.verifier()
        if archive.contient("mimetype"):
            mimetype = archive.lire("mimetype", maximum=PART_MAX)
            return ODF_MIMES.get(mimetype.decode("ascii", "replace").strip())
        if archive.contient("[Content_Types].xml"):
            content_types = archive.lire("[Content_Types].xml", maximum=PART_MAX)
            text = content_types.decode("utf-8", "replace")
            for main_type, kind in OOXML_MAIN_TYPES.items():
                if f'"{main_type}"' in text:
                    return kind
    return None


def _text_chunks(file, encoding: str):
    """The file decoded chunk by chunk (UnicodeDecodeError if the encoding does not fit)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    file.seek(0)
    try:
        while chunk := file.read(65536):
            yield decoder.decode(chunk)
        yield decoder.decode(b"", final=True)
    finally:
        file.seek(0)


def text_encoding(file) -> str | None:
    """The encoding the whole file decodes with (UTF-8, else Windows-1252), read by chunks."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            for _ in _text_chunks(file, encoding):
                pass
        except UnicodeDecodeError:
            continue
        return encoding
    return None


class _Utf8Reader:
    """read() over the decoded chunks, as UTF-8 bytes for ijson (which never holds the file)."""

    def __init__(self, chunks):
        self._chunks = chunks

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson's probe of the stream's type
            return b""
        for text in self._chunks:
            if text:
                return text.encode("utf-8")
        return b""


def _json_kind(file, encoding: str, extension: str) -> tuple[str | None, str]:
    """Check JSON syntax as a stream of events (bounded memory, any nesting depth)."""
    top_type = None
    try:
        for prefix, event, value in ijson.parse(_Utf8Reader(_text_chunks(file, encoding))):
            if prefix == "type" and event == "string" and top_type is None:
                top_type = value
    except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError, ValueError):
        return None, "texte qui n'est pas du JSON valide"
    if extension == ".geojson":
        if top_type is not None:
            return "geojson", "GeoJSON"
        return None, "JSON qui n'est pas du GeoJSON"
    return "json", "JSON"


def _detect(file, mime: str, extension: str, name: str) -> tuple[str | None, str]:
    """(format key or None, description of the content for messages)."""
    if mime in ZIP_MIMES:
        kind = _zip_kind(file, name)
        if kind in FORMATS:
            return kind, FORMATS[kind].label
        if kind:
            return None, f"document Office avec macros ({kind.upper()})"
        if mime != "application/octet-stream":
            return None, MIME_LABELS.get(mime, mime)
    for fmt in FORMATS.values():
        if fmt.mime == mime and fmt.key not in {"csv", "txt", "json", "geojson"}:
            return fmt.key, fmt.label
    if mime in TEXT_MIMES:
        encoding = text_encoding(file)
        if encoding is None:
            return None, "texte dans un encodage non reconnu"
        if extension in {".json", ".geojson"}:
            return _json_kind(file, encoding, extension)
        if extension == ".csv":
            return "csv", "CSV"
        if mime == "application/json":
            return "json", "JSON"
        return "txt", "texte"
    return None, MIME_LABELS.get(mime, mime)


def _refuse_active_pdf(file, name: str) -> None:
    """A PDF that runs JavaScript or launches a program is refused (README, « PDF actifs »)."""
    verdict = pdfscan.scan(file)
    if verdict.active:
        raise ValidationError(
            "Le fichier « %(name)s » contient %(what)s, qui pourrait s'exécuter à son ouverture : "
            "les PDF actifs sont refusés. Imprimez-le en PDF (ou exportez-le sans script) puis "
            "déposez cette copie.",
            params={"name": name, "what": " et ".join(sorted(verdict.active))},
            code="pdf_actif",
        )
    if verdict.too_big:
        raise ValidationError(
            "Le fichier « %(name)s » contient des objets compressés qui dépassent les limites "
            "une fois décompressés : c'est la marque d'une bombe de décompression, le fichier "
            "est refusé.",
            params={"name": name},
            code="pdf_bombe",
        )
    if verdict.unreadable_object_stream:
        why = "est chiffré" if verdict.encrypted else "utilise une compression inhabituelle"
        raise ValidationError(
            "Le fichier « %(name)s » %(why)s : son contenu ne peut pas être vérifié. "
            "Enregistrez-le sans protection (par exemple avec « Imprimer en PDF ») puis déposez "
            "cette copie.",
            params={"name": name, "why": why},
            code="pdf_illisible",
        )


def inspect_upload(
    file: UploadedFile, allowed_types=None, max_size: int | None = None
) -> Inspection:
    """Check size and real content type. Raises ValidationError with a French message.

    `max_size` (bytes) replaces `DOCUMENT_MAX_SIZE` for the files that have their own limit
    (open-data files: `DONNEES_TAILLE_MAX`)."""
    name = PurePath(getattr(file, "name", "") or "fichier").name
    allowed = tuple(allowed_types or DEFAULT_FORMATS)
    unknown = set(allowed) - set(FORMATS)
    if unknown:
        raise ValueError(f"Formats inconnus : {sorted(unknown)}")
    accepted = f"Formats acceptés : {formats_label(allowed)}."

    size = file.size if file.size is not None else _size(file)
    if size == 0:
        raise ValidationError("Le fichier « %(name)s » est vide.", params={"name": name})
    limit = max_size or settings.DOCUMENT_MAX_SIZE
    if size > limit:
        raise ValidationError(
            "Le fichier « %(name)s » dépasse la taille maximale de %(max)s (il fait %(size)s).",
            params={"name": name, "max": size_label(limit), "size": size_label(size)},
            code="taille",
        )

    extension = PurePath(name).suffix.lower()
    mime = magic.from_buffer(_read_head(file), mime=True)
    key, description = _detect(file, mime, extension, name)

    claimed = next((f for f in FORMATS.values() if extension in f.extensions), None)
    if key is None:
        if claimed is not None:
            raise ValidationError(
                "Le fichier « %(name)s » n'est pas un %(claimed)s valide : son contenu est de "
                "type « %(found)s ». %(accepted)s",
                params={
                    "name": name,
                    "claimed": claimed.label,
                    "found": description,
                    "accepted": accepted,
                },
                code="type",
            )
        raise ValidationError(
            "Le fichier « %(name)s » n'est pas dans un format accepté : son contenu est de type "
            "« %(found)s ». %(accepted)s",
            params={"name": name, "found": description, "accepted": accepted},
            code="type",
        )
    fmt = FORMATS[key]
    if extension not in fmt.extensions:
        if claimed is not None:
            message = (
                "Le fichier « %(name)s » n'est pas un %(claimed)s valide : son contenu est de "
                "type « %(found)s ». Renommez-le avec l'extension %(ext)s ou choisissez le bon "
                "fichier."
            )
        else:
            message = (
                "Le nom du fichier « %(name)s » ne correspond pas à son contenu "
                "(« %(found)s ») : renommez-le avec l'extension %(ext)s."
            )
        raise ValidationError(
            message,
            params={
                "name": name,
                "claimed": claimed.label if claimed else "",
                "found": MIME_LABELS.get(fmt.mime, fmt.label),
                "ext": fmt.extensions[0],
            },
            code="extension",
        )
    if key not in allowed:
        raise ValidationError(
            "Le format %(found)s du fichier « %(name)s » n'est pas accepté ici. %(accepted)s",
            params={"name": name, "found": fmt.label, "accepted": accepted},
            code="type",
        )
    if key == "pdf":
        _refuse_active_pdf(file, name)
    return Inspection(
        format=fmt, mime=fmt.mime, size=size, sha256=_sha256(file), extension=extension
    )
