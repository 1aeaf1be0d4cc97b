"""Documents deposited by users: checked on upload, stored, downloaded under a permission.

- `inspection.py`: what a file really is (size, type read from its bytes, hostile content),
  without writing anything; forms call it to show errors next to the field.
- `services.py`: the writes (store a checked upload, journal a download, purge orphan files).

The names below are the documents API of the other modules.
"""

from .inspection import (
    DEFAULT_FORMATS,
    FORMATS,
    Format,
    Inspection,
    formats_label,
    help_text,
    inspect_upload,
    max_size_label,
    size_label,
    text_encoding,
)
from .services import document_record_download, document_upload, documents_purge_orphans

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "Format",
    "Inspection",
    "document_record_download",
    "document_upload",
    "documents_purge_orphans",
    "formats_label",
    "help_text",
    "inspect_upload",
    "max_size_label",
    "size_label",
    "text_encoding",
]
