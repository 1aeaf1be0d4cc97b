"""Who may do what in the ingénierie module.

- The mission's staff (members of the service configured as the mission, the Département's
  direction and the platform administrators) see every request: "an advisor sees what the
  mission sees". Without a configured mission, any Département advisor is mission staff.
- The managers (chef de service of the mission, direction, administrators) triage.
- A collectivité sees its own requests only, and never the private notes.
"""

import rules

from territoires.comptes.models import Organisation, Role
from territoires.comptes.rules import (
    active_memberships,
    is_administrateur,
    is_elu,
    is_member_of_collectivite,
)

from .models import Configuration


def _config(user) -> tuple[int | None, bool, bool]:
    """(mission id, memberships enabled, any advisor takes a new request), read once per user
    object (one request)."""
    cached = getattr(user, "_ingenierie_config_cache", None)
    if cached is None:
        row = (
            Configuration.objects.order_by("pk")
            .values_list("mission_id", "activer_adhesions", "conseillers_prennent_en_charge")
            .first()
        )
        cached = row or (None, False, False)
        user._ingenierie_config_cache = cached
    return cached


def _mission_id(user) -> int | None:
    return _config(user)[0]


@rules.predicate
def adhesions_actives(user):
    return user.is_authenticated and _config(user)[1]


@rules.predicate
def is_finances(user):
    return any(
        m.role == Role.FINANCES and m.organisation.type in Organisation.TYPES_DEPARTEMENT
        for m in active_memberships(user)
    )


def _departement_memberships(user):
    return [
        m for m in active_memberships(user) if m.organisation.type in Organisation.TYPES_DEPARTEMENT
    ]


@rules.predicate
def is_mission_manager(user):
    if not user.is_authenticated:
        return False
    membres = _departement_memberships(user)
    if any(m.role in (Role.DIRECTION, Role.ADMINISTRATEUR) for m in membres):
        return True
    mission = _mission_id(user) if membres else None
    return any(m.role == Role.CHEF_SERVICE and m.organisation_id == mission for m in membres)


@rules.predicate
def is_mission_staff(user):
    if not user.is_authenticated:
        return False
    membres = _departement_memberships(user)
    if not membres:
        return False
    if is_mission_manager(user):
        return True
    mission = _mission_id(user)
    if mission is None:
        return any(m.role == Role.CONSEILLER for m in membres)
    return any(m.organisation_id == mission for m in membres)


def _sollicitation(obj):
    # Follow-up permissions are asked on a request or on one of its actions.
    return getattr(obj, "sollicitation", obj) if obj is not None else None


@rules.predicate
def is_demandeur(user, obj):
    organisation_id = getattr(_sollicitation(obj), "organisation_id", None)
    return organisation_id is not None and any(
        m.organisation_id == organisation_id for m in active_memberships(user)
    )


@rules.predicate
def is_named_on(user, obj):
    """The user is the request's referent or one of its advisors."""
    sollicitation = _sollicitation(obj)
    if sollicitation is None or not user.is_authenticated:
        return False
    return (
        sollicitation.referent_id == user.pk
        or sollicitation.conseillers.filter(pk=user.pk).exists()
    )


@rules.predicate
def any_advisor_takes(user):
    return bool(user.is_authenticated and _config(user)[2])


@rules.predicate
def sollicitation_is_open(user, obj):
    sollicitation = _sollicitation(obj)
    return sollicitation is not None and sollicitation.est_ouverte


rules.add_perm("ingenierie.add_sollicitation", is_member_of_collectivite | is_mission_staff)
rules.add_perm("ingenierie.view_sollicitation", is_mission_staff | is_demandeur)
rules.add_perm("ingenierie.view_own_sollicitations", is_member_of_collectivite)
rules.add_perm("ingenierie.view_queue", is_mission_staff)
rules.add_perm("ingenierie.view_private", is_mission_staff)
rules.add_perm("ingenierie.work_sollicitation", is_mission_staff)
rules.add_perm("ingenierie.triage_sollicitation", is_mission_manager)
# Who takes a new request in charge without triaging it (says the queue page).
rules.add_perm(
    "ingenierie.take_sollicitation",
    is_mission_manager | (is_mission_staff & (is_named_on | any_advisor_takes)),
)
rules.add_perm(
    "ingenierie.follow_action", is_mission_staff | (is_demandeur & sollicitation_is_open)
)
rules.add_perm("ingenierie.view_stats", is_mission_staff)
rules.add_perm("ingenierie.choose_reminders", rules.is_authenticated)
rules.add_perm("ingenierie.view_ressources", is_mission_staff | is_member_of_collectivite)
rules.add_perm("ingenierie.manage_ressources", is_mission_staff)


@rules.predicate
def is_atelier_participant(user, atelier):
    """Shared documents are for the network's members: participants and their organisations."""
    if atelier is None:
        return False
    ids = {m.organisation_id for m in active_memberships(user)}
    return (
        atelier.participants.filter(pk=user.pk).exists()
        or atelier.organisations.filter(pk__in=ids).exists()
    )


rules.add_perm("ingenierie.view_ateliers", is_mission_staff | is_member_of_collectivite)
rules.add_perm("ingenierie.view_atelier", is_mission_staff | is_atelier_participant)
rules.add_perm("ingenierie.join_atelier", is_member_of_collectivite)
rules.add_perm("ingenierie.manage_ateliers", is_mission_staff)
rules.add_perm("ingenierie.configure", is_administrateur)
# Agency model (memberships, quotes, invoices): only when the instance enables it.
# The role comes first: it needs no query, so other users' menus cost nothing.
rules.add_perm("ingenierie.manage_agence", is_mission_staff & adhesions_actives)
rules.add_perm("ingenierie.manage_adhesions", is_mission_manager & adhesions_actives)
rules.add_perm("ingenierie.answer_devis", is_demandeur & adhesions_actives)
rules.add_perm("ingenierie.view_devis", (is_mission_staff | is_demandeur) & adhesions_actives)
rules.add_perm("ingenierie.view_factures", (is_mission_manager | is_finances) & adhesions_actives)


# Elected officials of the Département (issue 13) read the figures; they never work on the
# requests (no write perm above knows them). Not `view_sollicitation`: it also stops a
# request's reminders (`relances_arreter`).
rules.set_perm(
    "ingenierie.view_stats", rules.permissions.permissions["ingenierie.view_stats"] | is_elu
)
