"""Permissions du budget participatif.

Le public lit campagnes, projets, résultats et suivi ; un habitant connecté propose ; les
agents du Département (services) modèrent, analysent, saisissent papier et votes papier.
"""

import rules

from territoires.comptes.rules import is_administrateur, is_departement_staff

est_service = is_departement_staff | is_administrateur


@rules.predicate
def est_auteur(user, idee):
    return idee is not None and user.is_authenticated and idee.auteur_id == user.pk


@rules.predicate
def idee_publique(user, idee):
    return idee is not None and idee.visible_publiquement


rules.add_perm("participation.gerer", est_service)
rules.add_perm("participation.proposer", rules.is_authenticated)
rules.add_perm("participation.voir_idee", idee_publique | est_auteur | est_service)
rules.add_perm("participation.gerer_idee", est_service)
rules.add_perm("participation.gerer_realisation", est_service)
rules.add_perm("participation.gerer_campagne", est_service)
