"""The territory pages: a commune, an EPCI, a canton (issue 13). Public; what each reader sees
depends on `pilotage.rules.vue_territoire` (public, member of the commune, full)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from territoires.comptes.rules import active_memberships
from territoires.core.access import public
from territoires.referentiel import selectors as referentiel
from territoires.referentiel.maps import carte_communes_context

from ..rules import VUE_COMPLETE, VUE_MEMBRE, VUE_PUBLIQUE, vue_territoire
from ..territoire.comparaison import comparaison
from ..territoire.periode import periode_de_la_page
from ..territoire.sections import sections

LIBELLES_VUE = {
    VUE_PUBLIQUE: "Vue publique : seulement les données publiées par le Département.",
    VUE_MEMBRE: "Vue des membres de la collectivité : les données publiques et vos propres "
    "demandes et dossiers.",
    VUE_COMPLETE: "Vue complète des services et des élus du Département.",
}


def _breadcrumb(*items):
    return [("Territoires", reverse("referentiel:recherche")), *items]


def _organisations_du_territoire(user, codes: set[str], epci_siren: str = "") -> set[int]:
    """The reader's organisations that are one of the territory's communes (or its EPCI)."""
    ids = set()
    for membre in active_memberships(user):
        organisation = membre.organisation
        commune = getattr(organisation, "commune", None)
        epci = getattr(organisation, "epci", None)
        if (commune is not None and commune.code in codes) or (
            epci_siren and epci is not None and epci.siren == epci_siren
        ):
            ids.add(organisation.pk)
    return ids


def _contexte(request, *, codes: set[str], epci_siren: str = "", commune=None) -> dict:
    vue = vue_territoire(request.user, commune_codes=codes, epci_siren=epci_siren)
    annees = periode_de_la_page(timezone.localdate())
    return {
        "comparaison": comparaison(commune, periode=annees, vue=vue) if commune else None,
        "vue": vue,
        "vue_libelle": LIBELLES_VUE[vue],
        "annees": annees,
        **sections(
            codes=sorted(codes),
            vue=vue,
            organisation_ids=_organisations_du_territoire(request.user, codes, epci_siren),
            annees=annees,
            epci_siren=epci_siren,
        ),
    }


def _carte_population(membres, nom: str, *, surligner: str | None = None) -> dict:
    return carte_communes_context(
        {membre.code: membre.population for membre in membres},
        titre=f"Population municipale des communes — {nom}",
        unite="habitants",
        surligner=surligner,
    )["carte"]


@public
@require_GET
def commune(request, code):
    commune = referentiel.commune_for_page(code)
    if commune is None:
        raise Http404("Aucune commune ne porte ce code.")
    membres, carte = [], None
    if commune.epci_id:
        membres = list(referentiel.epci_communes(commune.epci))
        carte = _carte_population(membres, commune.epci.nom, surligner=commune.code)
    epci = [(commune.epci.nom, commune.epci.get_absolute_url())] if commune.epci else []
    return render(
        request,
        "pilotage/territoire/commune.html",
        {
            "commune": commune,
            "territoire_nom": commune.nom,
            "breadcrumb_items": _breadcrumb(*epci, (commune.nom, None)),
            "voisines": [membre for membre in membres if membre.code != commune.code],
            "carte": carte,
            **_contexte(request, codes={commune.code}, commune=commune),
        },
    )


@public
@require_GET
def epci(request, siren):
    epci = referentiel.epci_for_page(siren)
    if epci is None:
        raise Http404("Aucun EPCI ne porte ce SIREN.")
    membres = list(referentiel.epci_communes(epci))
    carte = _carte_population(membres, epci.nom)
    return render(
        request,
        "pilotage/territoire/epci.html",
        {
            "epci": epci,
            "territoire_nom": epci.nom,
            "membres": membres,
            "carte": carte,
            "breadcrumb_items": _breadcrumb((epci.nom, None)),
            **_contexte(request, codes={m.code for m in membres}, epci_siren=epci.siren),
        },
    )


@public
@require_GET
def canton(request, code):
    canton = referentiel.canton_for_page(code)
    if canton is None:
        raise Http404("Aucun canton ne porte ce code.")
    membres = list(referentiel.canton_communes(canton))
    return render(
        request,
        "pilotage/territoire/canton.html",
        {
            "canton": canton,
            "territoire_nom": f"Canton de {canton.nom}",
            "membres": membres,
            "breadcrumb_items": _breadcrumb((f"Canton de {canton.nom}", None)),
            **_contexte(request, codes={m.code for m in membres}),
        },
    )
