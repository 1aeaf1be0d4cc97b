"""Permissions as `rules` predicates over memberships (docs/design.md §2).

Predicates read `user.membres` (active memberships). The current organisation chosen by a
user with several organisations only changes what the interface shows; the permission is
granted by any active membership.
"""

import rules

from territoires.core.rules import attached_object_decision, is_document_uploader

from .models import ROLES_DEPARTEMENT, Organisation, Role


def active_memberships(user) -> list:
    """The user's active memberships with their organisation, read once per user object.

    The comptes middleware fills the cache for the request's user; every predicate and
    selector that needs the memberships reads them here.
    """
    if not user.is_authenticated:
        return []
    cache = getattr(user, "_membres_actifs_cache", None)
    if cache is None:
        cache = list(user.membres.actifs().select_related("organisation"))
        user._membres_actifs_cache = cache
    return cache


def _is_active_member(user, organisation_id: int | None) -> bool:
    return organisation_id is not None and any(
        m.organisation_id == organisation_id for m in active_memberships(user)
    )


def has_role(*roles):
    name = "has_role:" + ",".join(roles)

    @rules.predicate(name=name)
    def predicate(user):
        return any(m.role in roles for m in active_memberships(user))

    return predicate


@rules.predicate
def is_departement_staff(user):
    return any(
        m.role in ROLES_DEPARTEMENT and m.organisation.type in Organisation.TYPES_DEPARTEMENT
        for m in active_memberships(user)
    )


@rules.predicate
def is_elu(user):
    """Elected official of the Département (reads everything of the territory, writes nothing)."""
    return any(
        m.role == Role.ELU and m.organisation.type in Organisation.TYPES_DEPARTEMENT
        for m in active_memberships(user)
    )


@rules.predicate
def is_administrateur(user):
    return user.is_authenticated and (
        user.is_superuser or any(m.role == Role.ADMINISTRATEUR for m in active_memberships(user))
    )


@rules.predicate
def is_member_of_collectivite(user):
    """Active member of a collectivité: a commune or an intercommunalité (EPCI)."""
    return any(m.organisation.est_collectivite for m in active_memberships(user))


@rules.predicate
def is_member_of_collectivite_or_public_body(user):
    """Active member of a commune, an EPCI or another public body (not the Département)."""
    return any(
        m.organisation.type
        in (*Organisation.TYPES_COLLECTIVITE, Organisation.Type.ORGANISME_PUBLIC)
        for m in active_memberships(user)
    )


@rules.predicate
def is_member_of_object_organisation(user, obj):
    """The object has an `organisation` attribute and the user is an active member of it."""
    return _is_active_member(user, getattr(obj, "organisation_id", None))


is_authenticated = rules.is_authenticated


def _organisation_id(obj) -> int | None:
    if isinstance(obj, Organisation):
        return obj.pk
    return getattr(obj, "organisation_id", None)


@rules.predicate
def is_member_of_organisation(user, obj):
    """`obj` is an Organisation, or an object with an `organisation` (invitation, membre…)."""
    return _is_active_member(user, _organisation_id(obj))


@rules.predicate
def is_gestionnaire_of_organisation(user, obj):
    """Active member of the object's organisation with one of its administering roles."""
    organisation_id = _organisation_id(obj)
    if organisation_id is None:
        return False
    for m in active_memberships(user):
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


@rules.predicate
def can_see_document_through_object(user, document):
    """The attached object decides (`document_visible_par`), else the owner's members."""
    if not user.is_authenticated:
        return False
    decision = attached_object_decision(user, document)
    if decision is not None:
        return decision
    return _is_active_member(user, document.organisation_id)


rules.add_perm("comptes.view_organisation", is_member_of_organisation)
rules.add_perm("comptes.verifier_email", rules.is_authenticated)
rules.add_perm("comptes.manage_organisation", is_gestionnaire_of_organisation)
rules.add_perm("comptes.invite_member", is_gestionnaire_of_organisation)
rules.add_perm("comptes.cancel_invitation", is_gestionnaire_of_organisation)
rules.add_perm("comptes.deactivate_member", is_gestionnaire_of_organisation | is_own_membership)
rules.add_perm("comptes.answer_demande", is_gestionnaire_of_organisation)
rules.add_perm("comptes.switch_organisation", is_authenticated)
rules.add_perm("comptes.manage_own_account", is_authenticated)

# Permissions of core objects that depend on memberships (core cannot import comptes).
rules.add_perm("core.view_document", is_document_uploader | can_see_document_through_object)
rules.add_perm("core.send_digest", is_administrateur)
