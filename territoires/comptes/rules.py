"""Permissions as `rules` predicates over memberships (DESIGN.md §2).

Predicates read `user.membres` (active memberships). The current organisation chosen by a
user with several organisations only changes what the interface shows; the permission is
granted by any active membership.
"""

import rules

from .models import ROLES_DEPARTEMENT, Organisation, Role


def _active_memberships(user):
    if not user.is_authenticated:
        return []
    cache = getattr(user, "_membres_actifs_cache", None)
    if cache is None:
        cache = list(user.membres.actifs().select_related("organisation"))
        user._membres_actifs_cache = cache
    return cache


def has_role(*roles):
    name = "has_role:" + ",".join(roles)

    @rules.predicate(name=name)
    def predicate(user):
        return any(m.role in roles for m in _active_memberships(user))

    return predicate


@rules.predicate
def is_departement_staff(user):
    return any(
        m.role in ROLES_DEPARTEMENT and m.organisation.type in Organisation.TYPES_DEPARTEMENT
        for m in _active_memberships(user)
    )


@rules.predicate
def is_administrateur(user):
    return user.is_authenticated and (
        user.is_superuser or any(m.role == Role.ADMINISTRATEUR for m in _active_memberships(user))
    )


@rules.predicate
def is_member_of_object_organisation(user, obj):
    """The object has an `organisation` attribute and the user is an active member of it."""
    organisation_id = getattr(obj, "organisation_id", None)
    return organisation_id is not None and any(
        m.organisation_id == organisation_id for m in _active_memberships(user)
    )


is_authenticated = rules.is_authenticated
