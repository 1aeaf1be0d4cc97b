"""Permissions of the core app: documents, notifications, task progress.

Two of them depend on memberships, which the platform app `comptes` knows and `core` must
not import: `core.view_document` (members of the owner organisation) and `core.send_digest`
(platform administrators) are declared in `comptes/rules.py` with the predicates below.
"""

import rules


@rules.predicate
def is_document_uploader(user, document):
    return user.is_authenticated and document.depose_par_id == user.pk


def attached_object_decision(user, document) -> bool | None:
    """What the object the document is attached to says (`document_visible_par(user)`).

    None when the document is attached to nothing or the object has no say: the members of
    the owner organisation then see it.
    """
    attached = document.rattache_a if document.content_type_id and document.object_id else None
    hook = getattr(attached, "document_visible_par", None)
    if callable(hook):
        return bool(hook(user))
    return None


@rules.predicate
def is_recipient(user, notification):
    return user.is_authenticated and notification.destinataire_id == user.pk


@rules.predicate
def is_task_owner(user, suivi):
    return user.is_authenticated and suivi.proprietaire_id == user.pk


rules.add_perm("core.view_notifications", rules.is_authenticated)
rules.add_perm("core.change_notification", is_recipient)
rules.add_perm("core.view_tasks", rules.is_authenticated)
rules.add_perm("core.view_task", is_task_owner)
