"""The open-data catalogue through the API: published datasets, their resources, producers.

Only what the portal publishes: a dataset that is not `publie` answers 404 here whoever asks
(the API serves no session-dependent view). Each read of a dataset, of its resources or of
their rows counts as one API call of that dataset (`opendata.services.count_api_call`).
"""

import datetime
from typing import Literal

from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from ninja import Field, FilterSchema, Path, Query, Router, Schema
from ninja.pagination import paginate

from territoires.comptes.models import Organisation
from territoires.opendata import selectors
from territoires.opendata.apercu import FORMATS
from territoires.opendata.filters import CatalogueFilter
from territoires.opendata.models import JeuDeDonnees, Ressource
from territoires.opendata.services import count_api_call

from .errors import ERREURS
from .pagination import PagePagination
from .params import ENTIER_MAX, SLUG, TEXTE

router = Router(tags=["Données ouvertes"])


class Producteur(Schema):
    id: int
    nom: str


class Licence(Schema):
    code: str
    libelle: str
    url: str


class Colonne(Schema):
    nom: str
    type: str = Field(description="texte, entier, decimal, date, booleen, latitude, …")


class Telechargement(Schema):
    format: str
    url: str


class RessourceOut(Schema):
    id: int
    titre: str
    description: str
    schema_: str = Field(alias="schema", description="Schéma national déclaré, ou vide.")
    conforme: bool = Field(description="Conforme au schéma déclaré.")
    format: str | None = Field(description="Format du fichier déposé.")
    nb_lignes: int
    mise_a_jour: datetime.datetime | None
    colonnes: list[Colonne]
    lignes_url: str | None = Field(description="Adresse des lignes dans l'API.")
    telechargements: list[Telechargement]


class JeuResume(Schema):
    slug: str
    titre: str
    description: str
    producteur: Producteur
    licence: Licence
    themes: list[str] = Field(description="Slugs des thèmes.")
    mots_cles: list[str]
    modifie_le: datetime.datetime
    publie_le: datetime.datetime | None
    url: str = Field(description="Page du jeu sur le portail.")
    api_url: str

    @staticmethod
    def resolve_producteur(jeu) -> dict:
        return {"id": jeu.organisation_id, "nom": jeu.organisation.nom}

    @staticmethod
    def resolve_licence(jeu) -> dict:
        return {
            "code": jeu.licence,
            "libelle": jeu.get_licence_display(),
            "url": selectors.LICENCE_URLS.get(jeu.licence, ""),
        }

    @staticmethod
    def resolve_themes(jeu) -> list[str]:
        return [t.slug for t in jeu.themes.all()]

    @staticmethod
    def resolve_mots_cles(jeu) -> list[str]:
        return [m.strip() for m in jeu.mots_cles.split(",") if m.strip()]

    @staticmethod
    def resolve_url(jeu) -> str:
        return jeu.get_absolute_url()

    @staticmethod
    def resolve_api_url(jeu) -> str:
        return reverse("api:jeu", kwargs={"slug": jeu.slug})


class JeuDetail(JeuResume):
    frequence: str
    contact: str
    periode_debut: datetime.date | None
    periode_fin: datetime.date | None
    communes: list[str] = Field(description="Codes INSEE des communes couvertes.")
    epcis: list[str] = Field(description="SIREN des intercommunalités couvertes.")
    ressources: list[RessourceOut]

    @staticmethod
    def resolve_communes(jeu) -> list[str]:
        return [c.code for c in jeu.communes.all()]

    @staticmethod
    def resolve_epcis(jeu) -> list[str]:
        return [e.siren for e in jeu.epcis.all()]

    @staticmethod
    def resolve_ressources(jeu) -> list[dict]:
        return resources_out(jeu)


class OrganisationOut(Schema):
    id: int
    nom: str
    type: str
    siren: str
    jeux_publies: int


class FiltresJeux(FilterSchema):
    q: str | None = Field(
        None, max_length=200, pattern=TEXTE, description="Mots cherchés (accents ignorés)."
    )
    producteur: int | None = Field(None, ge=1, le=ENTIER_MAX, description="Identifiant.")
    theme: str | None = Field(None, max_length=50, pattern=TEXTE, description="Slug du thème.")
    territoire: str | None = Field(
        None,
        max_length=9,
        pattern=TEXTE,
        description="Code INSEE d'une commune ou SIREN d'un EPCI.",
    )
    format: str | None = Field(None, max_length=10, pattern=TEXTE)
    schema_: str | None = Field(None, alias="schema", max_length=80, pattern=TEXTE)
    tri: Literal["pertinence", "titre", "maj", "popularite"] | None = None


# --- Serialisation -------------------------------------------------------------------------


def ressource_out(ressource: Ressource) -> dict:
    version = ressource.version_courante
    lisible = selectors.version_readable(version)
    colonnes = selectors.version_columns(version) if lisible else []
    telechargements = []
    if lisible:
        geographique = selectors.is_geographic(colonnes)
        for extension in FORMATS:
            if extension == "geojson" and not geographique:
                continue
            url = reverse(
                "opendata:telecharger",
                kwargs={"slug": ressource.jeu.slug, "pk": ressource.pk, "format": extension},
            )
            telechargements.append({"format": extension, "url": url})
    return {
        "id": ressource.pk,
        "titre": ressource.titre,
        "description": ressource.description,
        "schema": ressource.schema,
        "conforme": bool(lisible and version.conforme),
        "format": version.format if version else None,
        "nb_lignes": version.nb_lignes if lisible else 0,
        "mise_a_jour": version.cree_le if version else None,
        "colonnes": [{"nom": c.nom, "type": c.type} for c in colonnes],
        "lignes_url": reverse("api:lignes", kwargs={"ressource_id": ressource.pk})
        if lisible
        else None,
        "telechargements": telechargements,
    }


# --- Reads ---------------------------------------------------------------------------------


def published_dataset(slug: str) -> JeuDeDonnees:
    jeu = (
        selectors.datasets_published()
        .select_related("organisation")
        .prefetch_related("themes", "communes", "epcis")
        .filter(slug=slug)
        .first()
    )
    if jeu is None:
        raise Http404("Jeu de données introuvable (ou non publié).")
    return jeu


def published_resource(ressource_id: int) -> Ressource:
    ressource = (
        Ressource.objects.select_related("jeu", "version_courante")
        .filter(pk=ressource_id, jeu__statut=JeuDeDonnees.Statut.PUBLIE)
        .first()
    )
    if ressource is None:
        raise Http404("Ressource introuvable (ou son jeu n'est pas publié).")
    return ressource


def resources_out(jeu: JeuDeDonnees) -> list[dict]:
    ressources = jeu.ressources.select_related("version_courante", "jeu")
    return [ressource_out(r) for r in ressources]


# --- Operations ----------------------------------------------------------------------------


@router.get(
    "/jeux",
    response={200: list[JeuResume], **ERREURS},
    url_name="jeux",
    summary="Jeux de données publiés",
    description="Recherche plein texte sans accents, filtres par producteur, thème, "
    "territoire couvert, format et schéma, tri ; paginé.",
)
@paginate(PagePagination)
def jeux(request, filtres: Query[FiltresJeux]):
    data = {k: v for k, v in filtres.model_dump(by_alias=True).items() if v is not None}
    filterset = CatalogueFilter(data, queryset=selectors.datasets_published())
    return selectors.catalogue_page_objects(filterset.qs)


@router.get(
    "/jeux/{slug}",
    response={200: JeuDetail, **ERREURS},
    url_name="jeu",
    summary="Un jeu de données publié",
)
def jeu(request, slug: str = Path(..., max_length=120, pattern=SLUG)):
    objet = published_dataset(slug)
    count_api_call(jeu=objet)
    return objet


@router.get(
    "/jeux/{slug}/ressources",
    response={200: list[RessourceOut], **ERREURS},
    url_name="jeu_ressources",
    summary="Les ressources (fichiers) d'un jeu publié",
)
def jeu_ressources(request, slug: str = Path(..., max_length=120, pattern=SLUG)):
    objet = published_dataset(slug)
    count_api_call(jeu=objet)
    return resources_out(objet)


@router.get(
    "/ressources/{ressource_id}",
    response={200: RessourceOut, **ERREURS},
    url_name="ressource",
    summary="Une ressource : colonnes, types, téléchargements",
)
def ressource(request, ressource_id: int = Path(..., ge=1, le=ENTIER_MAX)):
    objet = published_resource(ressource_id)
    count_api_call(jeu=objet.jeu)
    return ressource_out(objet)


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **ERREURS},
    url_name="organisations",
    summary="Organisations productrices (au moins un jeu publié)",
)
@paginate(PagePagination)
def organisations(request):
    publies = Q(jeux_de_donnees__statut=JeuDeDonnees.Statut.PUBLIE)
    return (
        Organisation.objects.annotate(jeux_publies=Count("jeux_de_donnees", filter=publies))
        .filter(jeux_publies__gt=0)
        .order_by("nom", "pk")
        .values("id", "nom", "type", "siren", "jeux_publies")
    )
