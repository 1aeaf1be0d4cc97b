"""Reads of the core app shared by views, templates and other modules."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import Document, Evenement, Notification, TacheSuivi


def journal_for(obj: models.Model) -> models.QuerySet[Evenement]:
    """The journal of one object, newest first, with authors in the same query."""
    return Evenement.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
    ).select_related("acteur", "content_type")


def documents_for(obj: models.Model) -> models.QuerySet[Document]:
    """Documents attached to a business object."""
    return Document.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("depose_par")


def notifications_for(user) -> models.QuerySet[Notification]:
    return Notification.objects.filter(destinataire=user)


def unread_notifications_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(destinataire=user, lue_le__isnull=True).count()


def tasks_for(user) -> models.QuerySet[TacheSuivi]:
    return TacheSuivi.objects.filter(proprietaire=user)
