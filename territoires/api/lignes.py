"""The rows of a tabular resource: filters per column, sort, cursor pagination, fields.

    GET /api/donnees/ressources/{id}/lignes?montant__gte=1000&commune__contains=aude
        &statut__in=a,b&nom=Lavoir&tri=-montant,nom&champs=nom,montant&taille=100

Every parameter other than `tri`, `champs`, `curseur` and `taille` filters a column:
`colonne=valeur` (égal), `colonne__contains=texte` (contient, sans tenir compte de la
casse), `__gt`, `__gte`, `__lt`, `__lte` (bornes, nombres et dates AAAA-MM-JJ) and
`__in=a,b,c` (parmi). Values are read with the column's type by `opendata.tabulaire`; an
unknown column, operator or a badly typed value answers 400 with a French message. A
constant number of queries, whatever the size of the table; the first page counts the rows
up to `OPENDATA_TOTAL_MAX` (`total_exact` false beyond: « plus de `total` lignes »).
"""

from typing import Any

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema

from territoires.opendata import selectors
from territoires.opendata.services import count_api_call
from territoires.opendata.tabulaire import OPERATEURS, Filtre

from .donnees import published_resource
from .errors import ERREURS, BadRequest
from .params import ENTIER_MAX, TEXTE

router = Router(tags=["Données ouvertes"])

RESERVES = ("tri", "champs", "curseur", "taille")
FILTRES_MAX = 20

DESCRIPTION = __doc__.split("\n\n", 1)[1].replace("\n    ", "\n\n    ", 1)


class LignesParametres(Schema):
    tri: str | None = Field(
        None,
        max_length=500,
        pattern=TEXTE,
        description="Colonnes séparées par des virgules, `-` devant pour décroissant : "
        "`tri=-montant,nom`.",
    )
    champs: str | None = Field(
        None,
        max_length=2000,
        pattern=TEXTE,
        description="Colonnes rendues, séparées par des virgules : `champs=nom,montant`.",
    )
    curseur: str | None = Field(
        None,
        max_length=2000,
        pattern=TEXTE,
        description="Curseur de la page suivante (`suivant` de la page précédente).",
    )
    taille: int = Field(50, ge=1, le=settings.API_LIGNES_TAILLE_MAX, description="Lignes par page.")


class LignesPage(Schema):
    total: int | None = Field(
        description=(
            "Nombre de lignes qui répondent aux filtres, donné par la première page ; null sur "
            "les pages suivantes (curseur), où le compter à nouveau coûterait sans rien apprendre. "
            "Le compte s'arrête à un plafond (10 000 par défaut) : voir `total_exact`."
        )
    )
    total_exact: bool = Field(
        description="Faux quand le compte s'est arrêté au plafond : il y a plus de `total` lignes."
    )
    suivant: str | None = Field(description="Curseur de la page suivante, nul à la fin.")
    suivant_url: str | None = Field(description="Adresse de la page suivante.")
    lignes: list[dict[str, Any]] = Field(
        description="Une ligne par objet {colonne: valeur} ; décimaux en texte, dates ISO, "
        "géométries en objet GeoJSON."
    )


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def filters_parse(query) -> list[Filtre]:
    """The column filters of the query string (`colonne__operateur=valeur`)."""
    filtres = []
    for key, values in query.lists():
        if key in RESERVES:
            continue
        colonne, operateur = key, "eq"
        if "__" in key:
            debut, suffixe = key.rsplit("__", 1)
            if suffixe in OPERATEURS:
                colonne, operateur = debut, suffixe
        for value in values:
            if "\x00" in key or "\x00" in value:
                raise BadRequest("Caractère nul non permis dans un filtre.", champ=key)
            filtres.append(
                Filtre(colonne, operateur, _split(value) if operateur == "in" else value)
            )
    if len(filtres) > FILTRES_MAX:
        raise BadRequest(f"Au plus {FILTRES_MAX} filtres par requête.")
    return filtres


@router.get(
    "/ressources/{ressource_id}/lignes",
    response={200: LignesPage, **ERREURS},
    url_name="lignes",
    summary="Lignes d'une ressource tabulaire (filtres, tri, curseur, champs)",
    description=DESCRIPTION,
)
def lignes(
    request,
    ressource_id: int = Path(..., ge=1, le=ENTIER_MAX),
    parametres: Query[LignesParametres] = None,
):
    ressource = published_resource(ressource_id)
    version = ressource.version_courante
    if not selectors.version_readable(version):
        raise Http404("Cette ressource n'a pas de lignes lisibles (en cours de vérification).")
    filtres = filters_parse(request.GET)
    count_api_call(jeu=ressource.jeu)
    try:
        page = selectors.resource_rows_page(
            version=version,
            filtres=filtres,
            tri=_split(parametres.tri),
            champs=_split(parametres.champs) or None,
            curseur=parametres.curseur or None,
            taille=parametres.taille,
            compter=not parametres.curseur,
            compter_max=settings.OPENDATA_TOTAL_MAX,
        )
    except ValueError as error:
        raise BadRequest(str(error)) from error
    suivant_url = None
    if page.suivant:
        query = request.GET.copy()
        query["curseur"] = page.suivant
        suivant_url = (
            reverse("api:lignes", kwargs={"ressource_id": ressource.pk}) + "?" + query.urlencode()
        )
    return {
        "total": page.total,
        "total_exact": page.total_exact,
        "suivant": page.suivant,
        "suivant_url": suivant_url,
        "lignes": page.lignes,
    }
