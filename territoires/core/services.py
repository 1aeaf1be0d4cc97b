"""Writes of the core app: journal, documents, notifications, task progress."""

import datetime
import decimal
import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from .documents import inspect_upload
from .models import Document, Evenement, Notification

# Background-task progress lives in task_tracking.py; modules import it from here.
from .task_tracking import (  # noqa: F401
    progress_fail,
    progress_finish,
    progress_start,
    progress_tracking,
    progress_update,
    task_launch,
)
from .transactions import on_rollback

logger = logging.getLogger(__name__)
User = get_user_model()

# --- Journal -------------------------------------------------------------------------------


def _organisation_of(obj) -> Any:
    from territoires.comptes.models import Organisation

    if isinstance(obj, Organisation):
        return obj
    return getattr(obj, "organisation", None) if hasattr(obj, "organisation_id") else None


def journal_record(
    *,
    obj: models.Model,
    actor=None,
    action: str,
    changes: dict | None = None,
    reason: str = "",
    description: str = "",
    organisation=None,
) -> Evenement:
    """Write one line in the journal of `obj`. `actor` None means the system acted.

    `organisation` defaults to the object itself when it is an Organisation, else to its
    `organisation` attribute: the journal can then be filtered per organisation.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return Evenement.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        objet_libelle=str(obj)[:255],
        acteur=actor,
        organisation=organisation if organisation is not None else _organisation_of(obj),
        action=action,
        description=description[:255],
        changes=changes or {},
        motif=reason,
    )


def _json_value(obj: models.Model, field: models.Field) -> Any:
    """A readable, JSON-safe value of a field for the journal."""
    value = getattr(obj, field.attname)
    if value is None:
        return None
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = getattr(obj, field.name, None)
        return str(related) if related is not None else None
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    if isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


# Never copied into the journal: secrets, and bookkeeping that is not a user's edit.
JOURNAL_EXCLUDED_FIELDS = {"password", "last_login"}


def _tracked_fields(obj: models.Model, fields: Iterable[str] | None) -> list[models.Field]:
    """A model may add `journal_exclude_fields = {...}` for its own secrets (tokens…)."""
    excluded = JOURNAL_EXCLUDED_FIELDS | set(getattr(obj, "journal_exclude_fields", ()))
    concrete = [
        f
        for f in obj._meta.concrete_fields
        if not f.primary_key and getattr(f, "editable", True) and f.name not in excluded
    ]
    if fields is not None:
        wanted = set(fields)
        concrete = [f for f in concrete if f.name in wanted or f.attname in wanted]
    return concrete


def model_snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Raw values of the concrete fields, to compare with the object later."""
    return {f.name: getattr(obj, f.attname) for f in _tracked_fields(obj, fields)}


def diff_instances(
    before: models.Model | dict | None,
    after: models.Model,
    *,
    fields: Iterable[str] | None = None,
) -> dict[str, list]:
    """{field: [old, new]} between two states of an object.

    `before` is another instance, a `model_snapshot` or None (creation: every filled field).
    Values are readable (choice labels, related objects' names, ISO dates).
    """
    if isinstance(before, models.Model):
        before = model_snapshot(before, fields)
    changes: dict[str, list] = {}
    for field in _tracked_fields(after, fields):
        new_raw = getattr(after, field.attname)
        if before is None:
            if new_raw in (None, "", [], {}):
                continue
            changes[field.name] = [None, _json_value(after, field)]
            continue
        if field.name not in before:
            continue
        old_raw = before[field.name]
        if old_raw == new_raw:
            continue
        # Render the old value with the same rules, on a throw-away copy of the object.
        # (__dict__ bypasses descriptors such as django-fsm's protected fields.)
        shadow = after.__class__()
        shadow.__dict__[field.attname] = old_raw
        changes[field.name] = [_json_value(shadow, field), _json_value(after, field)]
    return changes


@contextmanager
def track_changes(
    obj: models.Model,
    *,
    actor,
    reason: str = "",
    description: str = "",
    fields: Iterable[str] | None = None,
) -> Iterator[dict]:
    """Journal the edits made to `obj` inside the block (nothing is written if none).

        with track_changes(organisation, actor=request.user, reason="Erreur de saisie"):
            organisation.nom = "Mairie de Lectoure"
            organisation.save()

    With a ModelForm, enter the block *before* `form.is_valid()` (which edits the instance).
    The yielded dict receives the changes recorded, for the caller's information.
    """
    before = model_snapshot(obj, fields)
    recorded: dict = {}
    with transaction.atomic():
        yield recorded
        changes = diff_instances(before, obj, fields=fields)
        if changes:
            recorded.update(changes)
            journal_record(
                obj=obj,
                actor=actor,
                action=Evenement.Action.MODIFICATION,
                changes=changes,
                reason=reason,
                description=description,
            )


# --- Documents -----------------------------------------------------------------------------


def document_upload(
    *,
    file: UploadedFile,
    owner_organisation,
    uploaded_by,
    attached_to: models.Model | None = None,
    allowed_types: Iterable[str] | None = None,
) -> Document:
    """Check then store an uploaded file. Raises ValidationError (French) when refused.

    Nothing is written before every check passed; the stored file is deleted again if the
    database write fails or if the enclosing transaction is rolled back.
    """
    inspection = inspect_upload(file, allowed_types)
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


# --- Notifications -------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.TERRITOIRES_BASE_URL.rstrip("/") + path if path else ""


def _safe_local_url(url: str) -> str:
    if not url:
        return ""
    if (
        not url.startswith("/")
        or url.startswith("//")
        or not url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    ):
        raise ValueError(f"Le lien d'une notification doit être un chemin local : {url!r}")
    return url


def _email_context(user) -> dict:
    return {
        "user": user,
        "site_name": settings.TERRITOIRES_BRANDING["name"],
        "preferences_url": _absolute(reverse("core:notification_preferences")),
        "notifications_url": _absolute(reverse("core:notification_list")),
    }


def _send(user, subject: str, template: str, context: dict) -> None:
    text = render_to_string(f"core/emails/{template}.txt", context)
    html = render_to_string(f"core/emails/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()


def _claim(user, ids: list[int]) -> list[Notification]:
    """Mark these notifications as e-mailed now; returns those this call claimed.

    The UPDATE only takes rows still unsent: two senders never e-mail the same notification.
    """
    now = timezone.now()
    Notification.objects.filter(pk__in=ids, destinataire=user, envoyee_le__isnull=True).update(
        envoyee_le=now
    )
    return list(Notification.objects.filter(pk__in=ids, envoyee_le=now).order_by("cree_le", "id"))


def _unclaim(notifications: list[Notification]) -> None:
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(envoyee_le=None)


def notification_send_immediately(*, notification_ids: list[int]) -> int:
    """E-mail each notification to its recipient (immediate preference). Returns the count."""
    sent = 0
    for notification in Notification.objects.filter(
        pk__in=notification_ids, envoyee_le__isnull=True
    ).select_related("destinataire"):
        user = notification.destinataire
        claimed = _claim(user, [notification.pk])
        if not claimed:
            continue
        context = _email_context(user) | {
            "notification": claimed[0],
            "lien": _absolute(claimed[0].lien),
        }
        try:
            _send(user, f"[{context['site_name']}] {notification.titre}", "notification", context)
        except Exception:
            _unclaim(claimed)
            logger.exception("Envoi de la notification %s impossible.", notification.pk)
            continue
        sent += 1
    return sent


def notify(
    *, users: Iterable, title: str, body: str = "", url: str = "", category: str = ""
) -> list[Notification]:
    """Notify users in the application; e-mail at once those who chose it, after commit."""
    url = _safe_local_url(url)
    recipients = {u.pk: u for u in users if u is not None and u.is_active}
    notifications = Notification.objects.bulk_create(
        Notification(destinataire=u, titre=title[:200], texte=body, lien=url, categorie=category)
        for u in recipients.values()
    )
    immediate = [
        n.pk
        for n in notifications
        if recipients[n.destinataire_id].frequence_notifications
        == User.FrequenceNotifications.IMMEDIATE
    ]
    if immediate:
        transaction.on_commit(lambda: _enqueue_immediate_emails(immediate))
    return notifications


def _enqueue_immediate_emails(ids: list[int]) -> None:
    # The task worker talks to the mail server, not the web request. Should the queue be
    # unavailable, the notifications stay unsent and the next digest run catches them up.
    from .tasks import notifications_email_task

    try:
        notifications_email_task.enqueue(notification_ids=ids)
    except Exception:
        logger.exception("Impossible de confier l'envoi des notifications %s aux tâches.", ids)


def notifications_send_digest(*, now: datetime.datetime | None = None, on_progress=None) -> int:
    """One e-mail per user who chose the daily digest, with all their unsent notifications.

    Notifications of users who chose immediate sending whose e-mail failed are caught up
    here too. Each notification is e-mailed once (`envoyee_le`). Returns the e-mails sent.
    """
    now = now or timezone.now()
    pending = Notification.objects.filter(
        envoyee_le__isnull=True, cree_le__lte=now, destinataire__is_active=True
    )
    user_ids = list(pending.values_list("destinataire_id", flat=True).distinct().order_by())
    users = User.objects.filter(pk__in=user_ids).order_by("pk")
    total = len(user_ids)
    sent = 0
    for index, user in enumerate(users, start=1):
        ids = list(pending.filter(destinataire=user).values_list("pk", flat=True))
        if user.frequence_notifications == User.FrequenceNotifications.IMMEDIATE:
            # Only failed immediate sends, not the ones whose on_commit is about to run.
            ids = list(
                pending.filter(
                    destinataire=user, cree_le__lte=now - datetime.timedelta(minutes=10)
                ).values_list("pk", flat=True)
            )
        claimed = _claim(user, ids) if ids else []
        if claimed:
            context = _email_context(user) | {
                "notifications": [(n, _absolute(n.lien)) for n in claimed],
                "date": timezone.localdate(now),
            }
            count = len(claimed)
            subject = (
                f"[{context['site_name']}] {count} nouvelle notification"
                if count == 1
                else f"[{context['site_name']}] {count} nouvelles notifications"
            )
            try:
                _send(user, subject, "digest", context)
                sent += 1
            except Exception:
                _unclaim(claimed)
                logger.exception("Envoi du récapitulatif à l'utilisateur %s impossible.", user.pk)
        if on_progress:
            on_progress(index, total)
    return sent


@transaction.atomic
def notification_mark_read(*, notification: Notification) -> None:
    if notification.lue_le is None:
        notification.lue_le = timezone.now()
        notification.save(update_fields=["lue_le"])


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(destinataire=user, lue_le__isnull=True).update(
        lue_le=timezone.now()
    )


@transaction.atomic
def notification_preferences_update(*, user, frequence: str) -> None:
    if frequence not in User.FrequenceNotifications.values:
        raise ValidationError("Fréquence d'envoi inconnue.")
    with track_changes(user, actor=user, fields=["frequence_notifications"]):
        user.frequence_notifications = frequence
        user.save(update_fields=["frequence_notifications"])


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
