"""A small published catalogue for the API tests: datasets through the models, rows through
`opendata.tabulaire` (tests/opendata/factories.py), no upload."""

from decimal import Decimal

from territoires.opendata.models import JeuDeDonnees
from tests.comptes.factories import OrganisationFactory
from tests.opendata.factories import JeuFactory, JeuPublieFactory, ressource_create

COLONNES = [("nom", "texte"), ("commune", "texte"), ("montant", "decimal"),
            ("statut", "texte"), ("annee", "entier")]  # fmt: skip


def lignes(n: int) -> list[list]:
    communes = ["Aude-sur-Gers", "Lectoure", "Auch"]
    statuts = ["a", "b", "c"]
    return [
        [f"Équipement {i:04d}", communes[i % 3], Decimal(i * 100), statuts[i % 3], 2020 + i % 5]
        for i in range(n)
    ]


def catalogue(n_lignes: int = 30) -> dict:
    """Two published datasets of two producers, one draft, one waiting for moderation."""
    mairie = OrganisationFactory(nom="Mairie de Lectoure")
    syndicat = OrganisationFactory(nom="Syndicat des eaux")
    equipements = JeuPublieFactory(
        organisation=mairie,
        slug="equipements",
        titre="Équipements sportifs",
        mots_cles="sport, gymnase",
        themes=["sport"],
    )
    ressource = ressource_create(jeu=equipements, colonnes=COLONNES, lignes=lignes(n_lignes))
    eau = JeuPublieFactory(organisation=syndicat, slug="eau", titre="Qualité de l'eau")
    brouillon = JeuFactory(organisation=mairie, slug="brouillon", titre="Équipements privés")
    cachee = ressource_create(jeu=brouillon, colonnes=COLONNES, lignes=lignes(3))
    moderation = JeuFactory(organisation=syndicat, slug="attente", titre="Réseau d'eau")
    JeuDeDonnees.objects.filter(pk=moderation.pk).update(statut=JeuDeDonnees.Statut.EN_MODERATION)
    return {
        "mairie": mairie,
        "syndicat": syndicat,
        "equipements": equipements,
        "ressource": ressource,
        "eau": eau,
        "brouillon": brouillon,
        "ressource_cachee": cachee,
        "moderation": moderation,
    }
