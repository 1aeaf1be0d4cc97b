"""Façade of the core writes, for the modules that import them from here.

Each concern has its module: `journal.py` (journal, tracked edits), `documents/` (uploads),
`notifications.py`, `task_tracking.py` (background-task progress). New code imports from
them; this module only re-exports their public names.
"""

from .documents.services import (
    document_record_download,
    document_upload,
    documents_purge_orphans,
)
from .journal import (
    JOURNAL_EXCLUDED_FIELDS,
    diff_instances,
    journal_record,
    model_snapshot,
    track_changes,
)
from .notifications import (
    notification_mark_read,
    notification_preferences_update,
    notification_send_immediately,
    notifications_mark_all_read,
    notifications_send_digest,
    notify,
)
from .task_tracking import (
    progress_fail,
    progress_finish,
    progress_start,
    progress_tracking,
    progress_update,
    task_launch,
)

__all__ = [
    "JOURNAL_EXCLUDED_FIELDS",
    "diff_instances",
    "document_record_download",
    "document_upload",
    "documents_purge_orphans",
    "journal_record",
    "model_snapshot",
    "notification_mark_read",
    "notification_preferences_update",
    "notification_send_immediately",
    "notifications_mark_all_read",
    "notifications_send_digest",
    "notify",
    "progress_fail",
    "progress_finish",
    "progress_start",
    "progress_tracking",
    "progress_update",
    "task_launch",
    "track_changes",
]
