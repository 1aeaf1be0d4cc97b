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


def _organisation_id(obj) -> int | None:
    if isinstance(obj, Organisation):
        return obj.pk
    return getattr(obj, "organisation_id", None)


@rules.predicate
def is_member_of_organisation(user, obj):
    """`obj` is an Organisation, or an object with an `organisation` (invitation, membre…)."""
    organisation_id = _organisation_id(obj)
    return organisation_id is not None and any(
        m.organisation_id == organisation_id for m in _active_memberships(user)
    )


@rules.predicate
def is_gestionnaire_of_organisation(user, obj):
    """Active member of the object's organisation with one of its administering roles."""
    organisation_id = _organisation_id(obj)
    if organisation_id is None:
        return False
    for m in _active_memberships(user):
        if m.organisation_id == organisation_id and m.role in m.organisation.roles_gestionnaires():
            return True
    return False


@rules.predicate
def is_own_membership(user, obj):
    return user.is_authenticated and getattr(obj, "user_id", None) == user.pk


@rules.predicate
def needs_otp(user):
    """Département staff and administrators confirm a TOTP code after their password."""
    return user.is_authenticated and (
        user.is_superuser or user.is_staff or is_departement_staff(user)
    )


rules.add_perm("comptes.view_organisation", is_member_of_organisation)
rules.add_perm("comptes.verifier_email", rules.is_authenticated)
rules.add_perm("comptes.manage_organisation", is_gestionnaire_of_organisation)
rules.add_perm("comptes.invite_member", is_gestionnaire_of_organisation)
rules.add_perm("comptes.cancel_invitation", is_gestionnaire_of_organisation)
rules.add_perm("comptes.deactivate_member", is_gestionnaire_of_organisation | is_own_membership)
rules.add_perm("comptes.answer_demande", is_gestionnaire_of_organisation)
rules.add_perm("comptes.switch_organisation", is_authenticated)
rules.add_perm("comptes.manage_own_account", is_authenticated)
