"""Factories of datasets, resources and versions (plain rows: the file-backed versions are
made through the services, see tests/opendata/test_publication*.py)."""

import factory

from territoires.opendata.models import JeuDeDonnees, Ressource, VersionRessource
from tests.comptes.factories import OrganisationFactory


class JeuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JeuDeDonnees

    slug = factory.Sequence(lambda n: f"jeu-{n}")
    titre = factory.Sequence(lambda n: f"Jeu de données {n}")
    organisation = factory.SubFactory(OrganisationFactory)


class RessourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ressource

    jeu = factory.SubFactory(JeuFactory)
    titre = factory.Sequence(lambda n: f"Ressource {n}")


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VersionRessource

    ressource = factory.SubFactory(RessourceFactory)
    numero = factory.Sequence(lambda n: n + 1)
    format = "csv"
    colonnes = factory.LazyFunction(
        lambda: [{"nom": "nom", "type_detecte": "texte", "type": "texte"}]
    )


def matrix_objects(world: dict) -> dict:
    """Objects of the permission matrix: a dataset of the foreign organisation waiting for
    moderation, its resource and a version to check (created once per world)."""
    if "opendata" not in world:
        from territoires.comptes.models import Organisation

        foreign = Organisation.objects.get(pk=world["organisation_id"])
        jeu = JeuFactory(organisation=foreign, slug="jeu-etranger", titre="Jeu étranger")
        JeuDeDonnees.objects.filter(pk=jeu.pk).update(statut=JeuDeDonnees.Statut.EN_MODERATION)
        ressource = RessourceFactory(jeu=jeu)
        version = VersionFactory(ressource=ressource)
        world["opendata"] = {
            "jeu_slug": jeu.slug,
            "ressource_id": ressource.pk,
            "version_id": version.pk,
        }
    return world["opendata"]
