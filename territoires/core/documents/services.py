"""Writes of documents: store a checked upload, journal a download, purge orphan files."""

import datetime
from collections.abc import Iterable, Iterator
from pathlib import PurePath

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from ..journal import journal_record
from ..models import Document, Evenement
from ..transactions import on_rollback
from .inspection import inspect_upload


def document_upload(
    *,
    file: UploadedFile,
    owner_organisation,
    uploaded_by,
    attached_to: models.Model | None = None,
    allowed_types: Iterable[str] | None = None,
    max_size: int | None = None,
) -> Document:
    """Check then store an uploaded file. Raises ValidationError (French) when refused.

    Nothing is written before every check passed; the stored file is deleted again if the
    database write fails or if the enclosing transaction is rolled back.
    """
    inspection = inspect_upload(file, allowed_types, max_size=max_size)
    name = PurePath(file.name or "fichier").name[:255]
    document = Document(
        nom_original=name,
        type_mime=inspection.mime,
        taille=inspection.size,
        sha256=inspection.sha256,
        depose_par=uploaded_by if getattr(uploaded_by, "is_authenticated", False) else None,
        organisation=owner_organisation,
    )
    if attached_to is not None:
        document.content_type = ContentType.objects.get_for_model(attached_to)
        document.object_id = str(attached_to.pk)

    storage = document.fichier.storage
    stored_name = None
    try:
        with transaction.atomic():
            file.seek(0)
            # Only the extension of the *detected* type reaches the storage path.
            document.fichier.save(f"x{inspection.format.extensions[0]}", file, save=False)
            stored_name = document.fichier.name
            on_rollback(lambda: storage.delete(stored_name))
            document.save(force_insert=True)
            journal_record(
                obj=document,
                actor=document.depose_par,
                action=Evenement.Action.CREATION,
                description=f"Dépôt du fichier « {name} »",
                organisation=owner_organisation,
            )
    except Exception:
        if stored_name and storage.exists(stored_name):
            storage.delete(stored_name)
        raise
    return document


def document_record_download(*, document: Document, user) -> None:
    journal_record(
        obj=document,
        actor=user,
        action=Evenement.Action.TELECHARGEMENT,
        description=f"Téléchargement de « {document.nom_original} »",
        organisation=document.organisation,
    )


# --- Documents: safety net --------------------------------------------------------------------


def _storage_files(storage, folder: str) -> Iterator[str]:
    try:
        directories, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _storage_files(storage, f"{folder}/{directory}")


def documents_purge_orphans(*, older_than: datetime.timedelta, dry_run: bool = False) -> list[str]:
    """Delete stored files that no Document points to (a crash between the two writes).

    Only files older than `older_than`: a file being uploaded right now has no row yet.
    """
    storage = Document._meta.get_field("fichier").storage
    limit = timezone.now() - older_than
    orphans = []
    batch: list[str] = []

    def flush() -> None:
        known = set(Document.objects.filter(fichier__in=batch).values_list("fichier", flat=True))
        for name in batch:
            if name not in known and storage.get_modified_time(name) < limit:
                orphans.append(name)
        batch.clear()

    for name in _storage_files(storage, "documents"):
        batch.append(name)
        if len(batch) >= 500:
            flush()
    if batch:
        flush()
    if not dry_run:
        for name in orphans:
            storage.delete(name)
    return orphans
