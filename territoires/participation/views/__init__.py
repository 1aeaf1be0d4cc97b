"""Vues du budget participatif, minces, un module par souci (mêmes noms que les services).

- `campagnes` : liste, page publique, page de gestion ;
- `idees` : idées publiques, page d'une idée, dépôt, profil de l'habitant, modération ;
- `projets` : projets soumis au vote, analyse d'une idée, création, sélection ;
- `vote` et `franceconnect` : vote en ligne, bulletins papier, codes, identité certifiée ;
- `resultats` : dépouillement, résultats, urne publiée, participation, rapport d'évaluation ;
- `realisations` : suivi public des lauréats, photos, mise à jour ;
- `common` : objets de l'URL, fil d'Ariane, images servies.
"""
