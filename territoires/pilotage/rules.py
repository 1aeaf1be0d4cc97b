"""Who reads what in the pilotage (docs/design.md §2).

Three views of one territory page:

- ``VUE_PUBLIQUE``: anyone, public data only (what the modules already publish);
- ``VUE_MEMBRE``: an active member of the commune (or of the EPCI it belongs to, for the EPCI
  page) also sees that organisation's own objects (its dossiers, its requests);
- ``VUE_COMPLETE``: the Département's agents, its elected officials and administrators.

Elected officials (`Role.ELU`) read, they never instruct: no perm below grants a write, and the
domains' rules do not know the role (it is outside `ROLES_DEPARTEMENT`).
"""

import rules

from territoires.comptes.rules import (
    active_memberships,
    is_administrateur,
    is_departement_staff,
    is_elu,
)

VUE_PUBLIQUE = "publique"
VUE_MEMBRE = "membre"
VUE_COMPLETE = "complete"

is_lecteur_complet = is_departement_staff | is_elu | is_administrateur


def vue_territoire(user, *, commune_codes: set[str] | None = None, epci_siren: str = "") -> str:
    """The view `user` gets of a territory made of `commune_codes` (or of the EPCI `epci_siren`)."""
    if not user.is_authenticated:
        return VUE_PUBLIQUE
    if is_lecteur_complet(user):
        return VUE_COMPLETE
    for membre in active_memberships(user):
        organisation = membre.organisation
        commune = getattr(organisation, "commune", None)
        if commune_codes and commune is not None and commune.code in commune_codes:
            return VUE_MEMBRE
        epci = getattr(organisation, "epci", None)
        if epci_siren and epci is not None and epci.siren == epci_siren:
            return VUE_MEMBRE
    return VUE_PUBLIQUE


rules.add_perm("pilotage.view_complet", is_lecteur_complet)
rules.add_perm("pilotage.view_elu", is_elu)

# r14-elus: the administrators set what each elected official follows (in-app page).
rules.add_perm("pilotage.administrer_elus", is_administrateur)
