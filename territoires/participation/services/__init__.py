"""Écritures du budget participatif, une transaction par fonction, un module par souci.

- `idees` : dépôt d'une idée, profil de l'habitant, modération ;
- `projets` : analyse des idées par les services, projets, liste soumise au vote ;
- `votants` : identité des votants (empreintes), codes de vote ;
- `vote` : bulletin contrôlé, registre et urne, brassage de l'urne ;
- `resultats` : dépouillement de chaque enveloppe ;
- `realisations` : réalisations des lauréats, suivi, photos, jalons ;
- `pabulib` : import d'une campagne et export d'un résultat au format pabulib ;
- `campagnes` : règles des enveloppes appliquées aux personnes.
"""
