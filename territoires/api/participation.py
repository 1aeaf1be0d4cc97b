"""The participatory budget's public objects: campaigns, projects put to the vote, results
once the vote is closed (`participation.selectors`). Ideas not moderated, ballots and voters
never appear."""

import datetime
from decimal import Decimal

from django.http import Http404
from ninja import Field, Path, Router, Schema
from ninja.pagination import paginate

from territoires.participation import selectors
from territoires.participation.models import Campagne

from .errors import ERREURS
from .pagination import PagePagination
from .params import SLUG

router = Router(tags=["Budget participatif"])


class CampagneOut(Schema):
    slug: str
    titre: str
    budget_total: Decimal
    phase: str
    idees_debut: datetime.date
    idees_fin: datetime.date
    vote_debut: datetime.date
    vote_fin: datetime.date
    evaluation_le: datetime.date
    methode: str = Field(description="Méthode de dépouillement.")


class ProjetOut(Schema):
    code: str
    titre: str
    description: str
    categorie: str
    cout: Decimal
    enveloppe: str
    commune: str | None = Field(description="Code INSEE de la commune du projet.")

    @staticmethod
    def resolve_enveloppe(projet) -> str:
        return projet.enveloppe.nom

    @staticmethod
    def resolve_commune(projet) -> str | None:
        return projet.commune.code if projet.commune_id else None


class Laureat(Schema):
    code: str
    titre: str
    cout: Decimal
    voix: int | None


class ResultatOut(Schema):
    enveloppe: str
    methode: str
    bulletins: int
    budget: Decimal
    cout_total: Decimal
    laureats: list[Laureat]


def _campagne(slug: str) -> Campagne:
    campagne = selectors.campagnes_publiques().filter(slug=slug).first()
    if campagne is None:
        raise Http404("Campagne introuvable.")
    return campagne


SLUG_CAMPAGNE = Path(..., max_length=80, pattern=SLUG)


@router.get(
    "/campagnes",
    response={200: list[CampagneOut], **ERREURS},
    url_name="campagnes",
    summary="Campagnes du budget participatif",
)
@paginate(PagePagination)
def campagnes(request):
    return selectors.campagnes_publiques().order_by("-vote_debut", "pk")


@router.get(
    "/campagnes/{campagne_slug}/projets",
    response={200: list[ProjetOut], **ERREURS},
    url_name="projets",
    summary="Projets soumis au vote d'une campagne",
)
@paginate(PagePagination)
def projets(request, campagne_slug: str = SLUG_CAMPAGNE):
    return selectors.projets_soumis_list(campagne=_campagne(campagne_slug))


@router.get(
    "/campagnes/{campagne_slug}/resultats",
    response={200: list[ResultatOut], **ERREURS},
    url_name="resultats",
    summary="Résultats publiés d'une campagne (après la clôture du vote)",
    description="Une entrée par enveloppe, lauréats dans l'ordre de sélection ; une liste "
    "vide tant que le vote n'est pas clos ou que le dépouillement n'est pas fait.",
)
def resultats(request, campagne_slug: str = SLUG_CAMPAGNE):
    campagne = _campagne(campagne_slug)
    if not campagne.urne_publiee:
        return []
    sortie = []
    for bloc in selectors.resultats_expliques(campagne):
        resultat = bloc["resultat"]
        sortie.append(
            {
                "enveloppe": resultat.enveloppe.nom,
                "methode": resultat.methode,
                "bulletins": resultat.bulletins,
                "budget": resultat.budget,
                "cout_total": resultat.cout_total,
                "laureats": [
                    {
                        "code": p.code,
                        "titre": p.titre,
                        "cout": p.cout,
                        "voix": resultat.voix.get(str(p.pk), resultat.voix.get(p.pk)),
                    }
                    for p in bloc["laureats"]
                ],
            }
        )
    return sortie
