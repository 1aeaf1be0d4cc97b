"""Permissions of the core app: documents, notifications, task progress."""

import rules

from territoires.comptes.rules import _active_memberships, is_administrateur


@rules.predicate
def is_document_uploader(user, document):
    return user.is_authenticated and document.depose_par_id == user.pk


@rules.predicate
def can_see_document_through_object(user, document):
    """The business object decides (`document_visible_par(user)`), else the owner's members."""
    if not user.is_authenticated:
        return False
    attached = document.rattache_a if document.content_type_id and document.object_id else None
    hook = getattr(attached, "document_visible_par", None)
    if callable(hook):
        return bool(hook(user))
    return document.organisation_id is not None and any(
        m.organisation_id == document.organisation_id for m in _active_memberships(user)
    )


@rules.predicate
def is_recipient(user, notification):
    return user.is_authenticated and notification.destinataire_id == user.pk


@rules.predicate
def is_task_owner(user, suivi):
    return user.is_authenticated and suivi.proprietaire_id == user.pk


rules.add_perm("core.view_document", is_document_uploader | can_see_document_through_object)
rules.add_perm("core.view_notifications", rules.is_authenticated)
rules.add_perm("core.change_notification", is_recipient)
rules.add_perm("core.view_tasks", rules.is_authenticated)
rules.add_perm("core.view_task", is_task_owner)
rules.add_perm("core.send_digest", is_administrateur)
