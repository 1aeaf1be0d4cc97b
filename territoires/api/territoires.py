"""Communes and EPCI of the referential (`referentiel.selectors`), searchable by name."""

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from territoires.referentiel import selectors
from territoires.referentiel.models import Epci

from .errors import ERREURS
from .pagination import PagePagination
from .params import TEXTE

router = Router(tags=["Territoires"])


class CommuneOut(Schema):
    code: str = Field(description="Code INSEE.")
    nom: str
    codes_postaux: list[str]
    population: int | None
    departement: str | None = Field(description="Code du département.")
    epci: str | None = Field(description="SIREN de l'intercommunalité.")
    url: str

    @staticmethod
    def resolve_departement(commune) -> str | None:
        return commune.departement.code if commune.departement_id else None

    @staticmethod
    def resolve_epci(commune) -> str | None:
        return commune.epci.siren if commune.epci_id else None

    @staticmethod
    def resolve_url(commune) -> str:
        return commune.get_absolute_url()


class EpciOut(Schema):
    siren: str
    nom: str
    type: str
    population: int | None
    url: str

    @staticmethod
    def resolve_url(epci) -> str:
        return epci.get_absolute_url()


class Recherche(Schema):
    q: str | None = Field(
        None, max_length=100, pattern=TEXTE, description="Nom, code INSEE ou code postal."
    )


@router.get(
    "/communes",
    response={200: list[CommuneOut], **ERREURS},
    url_name="communes",
    summary="Communes actuelles (recherche par nom, sans accents)",
)
@paginate(PagePagination)
def communes(request, recherche: Query[Recherche]):
    if recherche.q:
        return selectors.communes_matching(recherche.q)
    return selectors.current_communes().select_related("departement", "epci").order_by("code")


@router.get(
    "/communes/{code}",
    response={200: CommuneOut, **ERREURS},
    url_name="commune",
    summary="Une commune par son code INSEE",
)
def commune(request, code: str = Path(..., max_length=5, pattern=r"^[0-9][0-9abAB][0-9]{3}$")):
    objet = selectors.commune_for_page(code)
    if objet is None:
        raise Http404("Commune introuvable.")
    return objet


@router.get(
    "/epci",
    response={200: list[EpciOut], **ERREURS},
    url_name="epcis",
    summary="Intercommunalités (EPCI) actuelles (recherche par nom ou SIREN)",
)
@paginate(PagePagination)
def epcis(request, recherche: Query[Recherche]):
    if recherche.q:
        return selectors.epcis_matching(recherche.q)
    return Epci.objects.actuels().order_by("nom", "pk")


@router.get(
    "/epci/{siren}",
    response={200: EpciOut, **ERREURS},
    url_name="epci",
    summary="Une intercommunalité par son SIREN",
)
def epci(request, siren: str = Path(..., max_length=9, pattern=r"^[0-9]{9}$")):
    objet = selectors.epci_for_page(siren)
    if objet is None:
        raise Http404("Intercommunalité introuvable.")
    return objet
