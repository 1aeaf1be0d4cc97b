"""Factories of datasets, resources and versions (plain rows: the file-backed versions are
made through the services, see tests/opendata/test_publication*.py)."""

from collections.abc import Sequence
from decimal import Decimal

import factory

from territoires.opendata import tabulaire
from territoires.opendata.models import JeuDeDonnees, Ressource, Theme, VersionRessource
from territoires.opendata.tabulaire import Colonne
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


# --- Reading side (catalogue, dataset page, downloads): versions with their rows ------------
# Written straight through the models and the tabular storage (`tabulaire.table_create` /
# `rows_load`), without the upload path of publication:
#
#     jeu = JeuPublieFactory(titre="Équipements sportifs", themes=["sport"])
#     ressource = ressource_create(jeu=jeu, colonnes=[("nom", "texte"), ...], lignes=[...])
#     version_add(ressource=ressource, lignes=[...])  # new current version, the old one stays


class JeuPublieFactory(JeuFactory):
    """A published dataset; `themes` are slugs (those of the data migration, or new ones)."""

    statut = JeuDeDonnees.Statut.PUBLIE

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        for slug in extracted or ():
            theme, _ = Theme.objects.get_or_create(slug=slug, defaults={"libelle": slug.title()})
            self.themes.add(theme)


def _colonnes(colonnes: Sequence[tuple[str, str]]) -> list[Colonne]:
    return [Colonne(nom=nom, type=kind) for nom, kind in colonnes]


def version_add(
    *,
    ressource: Ressource,
    lignes: Sequence[Sequence],
    colonnes: Sequence[tuple[str, str]] | None = None,
    format: str = "csv",
    conforme: bool = False,
) -> VersionRessource:
    """A new ready version of the resource, its rows loaded, made current."""
    if colonnes is None:
        colonnes = [(c["nom"], c["type"]) for c in ressource.version_courante.colonnes]
    typed = _colonnes(colonnes)
    numero = (
        ressource.versions.order_by("-numero").values_list("numero", flat=True).first() or 0
    ) + 1
    version = VersionRessource.objects.create(
        ressource=ressource,
        numero=numero,
        format=format,
        colonnes=[{"nom": c.nom, "type_detecte": c.type, "type": c.type} for c in typed],
        statut=VersionRessource.Statut.PRETE,
        conforme=conforme,
    )
    cle = f"v{version.pk}"
    tabulaire.table_create(cle=cle, colonnes=typed)
    nombre = tabulaire.rows_load(cle=cle, colonnes=typed, lignes=lignes)
    VersionRessource.objects.filter(pk=version.pk).update(table=cle, nb_lignes=nombre)
    ressource.version_courante = version
    ressource.save(update_fields=["version_courante"])
    version.refresh_from_db()
    return version


def ressource_create(
    *,
    jeu: JeuDeDonnees,
    colonnes: Sequence[tuple[str, str]],
    lignes: Sequence[Sequence],
    titre: str = "Ressource",
    schema: str = "",
    graphique: dict | None = None,
    format: str = "csv",
    conforme: bool = False,
) -> Ressource:
    ressource = Ressource.objects.create(
        jeu=jeu, titre=titre, schema=schema, graphique=graphique or {}
    )
    version_add(
        ressource=ressource, lignes=lignes, colonnes=colonnes, format=format, conforme=conforme
    )
    ressource.refresh_from_db()
    return ressource


def matrix_catalogue(world) -> dict:
    """For the permission matrix: a draft dataset of the foreign organisation, with rows."""
    if "opendata_catalogue" not in world:
        from territoires.comptes.models import Organisation

        foreign = Organisation.objects.get(pk=world["organisation_id"])
        jeu = JeuFactory(organisation=foreign, slug="jeu-brouillon")
        ressource = ressource_create(
            jeu=jeu,
            colonnes=[("nom", "texte"), ("montant", "decimal")],
            lignes=[["Lavoir", Decimal("12.5")]],
        )
        world["opendata_catalogue"] = {"slug": jeu.slug, "pk": ressource.pk, "format": "csv"}
    return world["opendata_catalogue"]
