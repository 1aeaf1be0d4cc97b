"""Notifications: in the application, e-mailed at once or in a daily digest."""

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .journal import track_changes
from .links import absolute_url, safe_local_url
from .models import Notification

logger = logging.getLogger(__name__)
User = get_user_model()

#: Sent after commit with `notification_ids`, the notifications to e-mail at once. The task
#: module (`tasks.py`) receives it and queues the e-mails for the task worker: the mail server
#: is the worker's business, not the web request's.
immediate_emails_requested = Signal()


def _email_context(user) -> dict:
    return {
        "user": user,
        "site_name": settings.TERRITOIRES_BRANDING["name"],
        "preferences_url": absolute_url(reverse("core:notification_preferences")),
        "notifications_url": absolute_url(reverse("core:notification_list")),
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
            "lien": absolute_url(claimed[0].lien),
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
    url = safe_local_url(url)
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
        transaction.on_commit(
            lambda: immediate_emails_requested.send(sender=Notification, notification_ids=immediate)
        )
    return notifications


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
                "notifications": [(n, absolute_url(n.lien)) for n in claimed],
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
