"""Background tasks of the core app (django-tasks, database backend in production).

A module's task takes `suivi_id` to report its progress to the page `/taches/<id>/`;
launch it with `task_tracking.task_launch(task=..., owner=user, label="…", **kwargs)`.
"""

import logging

from django.dispatch import receiver
from django_tasks import task

from .notifications import (
    immediate_emails_requested,
    notification_send_immediately,
    notifications_send_digest,
)
from .task_tracking import (
    progress_finish,
    progress_tracking,
    progress_update,
    task_relaunch_allow,
)

logger = logging.getLogger(__name__)


@task()
def notifications_email_task(*, notification_ids: list[int]) -> int:
    """E-mail notifications to users who want them at once (queued by `notifications.notify`)."""
    return notification_send_immediately(notification_ids=notification_ids)


@receiver(immediate_emails_requested)
def enqueue_immediate_emails(sender, *, notification_ids: list[int], **kwargs) -> None:
    """Queue the e-mails `notifications.notify` asks for (after its transaction committed).

    Should the queue be unavailable, the notifications stay unsent and the next digest run
    catches them up.
    """
    try:
        notifications_email_task.enqueue(notification_ids=notification_ids)
    except Exception:
        logger.exception(
            "Impossible de confier l'envoi des notifications %s aux tâches.", notification_ids
        )


@task()
def notifications_digest_task(*, suivi_id: str | None = None) -> int:
    """Send the daily digests now (the command `territoires notifications digest` does too)."""
    with progress_tracking(suivi_id, message="Recherche des notifications à envoyer…"):

        def on_progress(done: int, total: int) -> None:
            progress_update(done, total, f"{done} destinataire(s) traité(s) sur {total}")

        sent = notifications_send_digest(on_progress=on_progress)
        text = (
            "Aucun récapitulatif à envoyer."
            if sent == 0
            else f"{sent} récapitulatif(s) envoyé(s) par courriel."
        )
        progress_finish(result_text=text, message=text)
    return sent


task_relaunch_allow(
    notifications_digest_task, allowed=lambda user, kwargs: user.has_perm("core.send_digest")
)
