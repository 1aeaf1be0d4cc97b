"""Permissions of the clauses module.

Only the facilitator sees participant-level data. Département staff see aggregates; a buyer
(member of the organisation linked to a donneur d'ordre) sees its own marchés and their
aggregate figures; a company sees its own obligations and hours.
"""

import rules

from territoires.comptes.models import Role
from territoires.comptes.rules import (
    active_memberships,
    is_administrateur,
    is_departement_staff,
    is_elu,
)


@rules.predicate
def is_facilitateur(user):
    return any(
        m.role == Role.FACILITATEUR and m.organisation.est_departement
        for m in active_memberships(user)
    )


def _organisation_ids(user) -> set[int]:
    return {m.organisation_id for m in active_memberships(user)}


@rules.predicate
def is_entreprise_member(user):
    from .models import Entreprise

    ids = _organisation_ids(user)
    return bool(ids) and Entreprise.objects.filter(organisation_id__in=ids).exists()


@rules.predicate
def is_marche_buyer(user, marche):
    return marche is not None and marche.donneur_ordre.organisation_id in _organisation_ids(user)


@rules.predicate
def is_marche_company(user, marche):
    from .models import Attribution

    ids = _organisation_ids(user)
    return (
        marche is not None
        and bool(ids)
        and Attribution.objects.filter(
            lot__marche=marche, entreprise__organisation_id__in=ids
        ).exists()
    )


@rules.predicate
def is_demande_buyer(user, demande):
    """The buyer's members see the requests their organisation sent (never another's)."""
    organisation = demande.donneur_ordre.organisation_id if demande is not None else None
    return organisation is not None and organisation in _organisation_ids(user)


staff = is_departement_staff | is_administrateur

rules.add_perm("clauses.manage", is_facilitateur)
rules.add_perm("clauses.import", is_facilitateur)
rules.add_perm("clauses.view_participants", is_facilitateur)
rules.add_perm("clauses.view_bilan", is_facilitateur | staff)
rules.add_perm("clauses.view_demande", is_facilitateur | is_demande_buyer)


@rules.predicate
def has_membership(user):
    # Any organisation may be a buyer or a company: the list then shows only its own marchés.
    return bool(active_memberships(user))


rules.add_perm("clauses.view_marches", is_facilitateur | staff | has_membership)
rules.add_perm("clauses.view_marche", is_facilitateur | staff | is_marche_buyer | is_marche_company)
rules.add_perm("clauses.view_obligations", is_entreprise_member)


# Elected officials of the Département (issue 13) read the report and the marchés; they never
# manage them (no write perm above knows them).
for _perm in ("clauses.view_bilan", "clauses.view_marche"):
    rules.set_perm(_perm, rules.permissions.permissions[_perm] | is_elu)
