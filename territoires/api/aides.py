"""Aid schemes of the public catalogue and attributed subventions: what the SCDL file
publishes, nothing more (`aides.selectors.dispositifs_publics`, `scdl_rows`)."""

import datetime
from decimal import Decimal

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from territoires.aides import selectors
from territoires.aides.models import Dossier

from .errors import ERREURS
from .pagination import PagePagination
from .params import SLUG

router = Router(tags=["Aides du Département"])


class DispositifOut(Schema):
    code: str
    nom: str
    description: str
    beneficiaires: list[str] = Field(description="Types d'organisation admis.")
    service: str = Field(description="Service instructeur.")
    depenses_eligibles: str
    pieces_a_fournir: str
    date_ouverture: datetime.date | None
    date_cloture: datetime.date | None
    contact: str
    url: str = Field(description="Page du dispositif.")

    @staticmethod
    def resolve_service(dispositif) -> str:
        return dispositif.service.nom

    @staticmethod
    def resolve_url(dispositif) -> str:
        return dispositif.get_absolute_url()


class SubventionOut(Schema):
    """One row of the SCDL « subventions » 2.1.1 file, under its column names."""

    nomAttribuant: str  # noqa: N815 (the names of the national schema)
    idAttribuant: str  # noqa: N815
    dateConvention: datetime.date  # noqa: N815
    referenceDecision: str  # noqa: N815
    nomBeneficiaire: str  # noqa: N815
    idBeneficiaire: str  # noqa: N815
    rnaBeneficiaire: str  # noqa: N815
    objet: str
    montant: Decimal
    nature: str
    conditionsVersement: str  # noqa: N815
    datesPeriodeVersement: str  # noqa: N815
    idRAE: str  # noqa: N815
    notificationUE: str  # noqa: N815
    pourcentageSubvention: str  # noqa: N815
    dispositifAide: str  # noqa: N815


class SubventionsPage(Schema):
    total: int
    page: int
    taille: int
    resultats: list[SubventionOut]


class SubventionsParametres(PagePagination.Input):
    annee: int | None = Field(None, ge=2000, le=2100, description="Année de la décision.")


@router.get(
    "/dispositifs",
    response={200: list[DispositifOut], **ERREURS},
    url_name="dispositifs",
    summary="Dispositifs d'aide publiés au catalogue",
)
@paginate(PagePagination)
def dispositifs(request):
    return selectors.dispositifs_publics().order_by("nom", "pk")


@router.get(
    "/dispositifs/{dispositif_code}",
    response={200: DispositifOut, **ERREURS},
    url_name="dispositif",
    summary="Un dispositif d'aide publié",
)
def dispositif(request, dispositif_code: str = Path(..., max_length=40, pattern=SLUG)):
    objet = selectors.dispositifs_publics().filter(code=dispositif_code).first()
    if objet is None:
        raise Http404("Dispositif introuvable (ou non publié).")
    return objet


@router.get(
    "/subventions",
    response={200: SubventionsPage, **ERREURS},
    url_name="subventions",
    summary="Subventions attribuées (SCDL subventions 2.1.1)",
    description="Les lignes du fichier SCDL publié à `/aides/donnees/subventions.csv`, "
    "par date de décision ; paginé.",
)
def subventions(request, parametres: Query[SubventionsParametres]):
    dossiers = selectors.subventions_attribuees(parametres.annee)
    debut = (parametres.page - 1) * parametres.taille
    page = dossiers.values("pk")[debut : debut + parametres.taille]
    rows = selectors.scdl_rows(dossiers=Dossier.objects.filter(pk__in=page))
    return {
        "total": dossiers.count(),
        "page": parametres.page,
        "taille": parametres.taille,
        "resultats": [dict(zip(selectors.SCDL_COLUMNS, row, strict=True)) for row in rows],
    }
