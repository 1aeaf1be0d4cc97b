"""Permissions of the open-data portal (docs/design.md §2).

Any active member of an organisation publishes that organisation's datasets; the
Département's data officer (`Role.RESPONSABLE_DONNEES`) moderates first publications and
unpublishes; everyone reads what is published.
"""

import rules

from territoires.comptes.models import Role
from territoires.comptes.rules import active_memberships, has_role, is_administrateur

is_responsable_donnees = has_role(Role.RESPONSABLE_DONNEES) | is_administrateur


@rules.predicate
def is_member_of_producer(user, jeu):
    if jeu is None:
        return bool(active_memberships(user))
    return any(m.organisation_id == jeu.organisation_id for m in active_memberships(user))


@rules.predicate
def is_published(user, jeu):
    return jeu is not None and jeu.statut == "publie"


rules.add_perm("opendata.add_jeudedonnees", rules.is_authenticated & is_member_of_producer)
rules.add_perm("opendata.change_jeudedonnees", is_member_of_producer | is_responsable_donnees)
rules.add_perm(
    "opendata.view_jeudedonnees", is_published | is_member_of_producer | is_responsable_donnees
)
rules.add_perm("opendata.moderer_jeudedonnees", is_responsable_donnees)


# Resources and versions are edited by whoever may edit their dataset.
@rules.predicate
def can_change_dataset_of(user, obj):
    jeu = getattr(obj, "jeu", None) or getattr(getattr(obj, "ressource", None), "jeu", None)
    return jeu is not None and user.has_perm("opendata.change_jeudedonnees", jeu)


rules.add_perm("opendata.change_ressource", can_change_dataset_of)
rules.add_perm("opendata.change_versionressource", can_change_dataset_of)


# Elected officials of the Département (issue 13) read; they do not publish in its name.
@rules.predicate
def is_producer_member_not_elu(user, jeu):
    memberships = [m for m in active_memberships(user) if m.role != Role.ELU]
    if jeu is None:
        return bool(memberships)
    return any(m.organisation_id == jeu.organisation_id for m in memberships)


rules.set_perm("opendata.add_jeudedonnees", rules.is_authenticated & is_producer_member_not_elu)
rules.set_perm("opendata.change_jeudedonnees", is_producer_member_not_elu | is_responsable_donnees)
