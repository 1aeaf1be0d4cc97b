"""The page of a dataset: metadata, resources, preview, chart, map, downloads, schema.org.

Public when published; otherwise only its producer and the data officer read it, anyone
else gets 404 (`selectors.dataset_for_reader`).
"""

import logging

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from territoires.core.access import public

from .. import selectors, visualisations
from ..apercu import FORMATS, apercu_build
from ..automatiques import fichiers_du_jeu
from ..models import JeuDeDonnees
from ..schemaorg import dataset_jsonld, jsonld_block

logger = logging.getLogger(__name__)


def get_jeu(request, slug) -> JeuDeDonnees:
    jeu = selectors.dataset_for_reader(slug, request.user)
    if jeu is None:
        raise Http404("Jeu de données introuvable.")
    return jeu


def _chosen(request, ressources):
    """The resource previewed: `?ressource=<pk>`, else the first one with rows."""
    lisibles = [r for r in ressources if selectors.version_readable(r.version_courante)]
    wanted = request.GET.get("ressource", "")
    for ressource in lisibles:
        if str(ressource.pk) == wanted:
            return ressource
    return lisibles[0] if lisibles else None


def _formats(ressources) -> dict[int, list[str]]:
    formats = {}
    for ressource in ressources:
        version = ressource.version_courante
        if selectors.version_readable(version):
            geographic = selectors.is_geographic(selectors.version_columns(version))
            formats[ressource.pk] = [f for f in FORMATS if f != "geojson" or geographic]
    return formats


def _preview(request, jeu, choisie) -> dict:
    version = choisie.version_courante
    apercu = apercu_build(request.GET, jeu=jeu, ressource=choisie, version=version)
    filtres = apercu.form.filtres()
    context = {
        "apercu": apercu,
        "page_has_errors": bool(apercu.form.errors),
        "graphique": visualisations.chart_context(choisie, version, filtres),
    }
    if selectors.is_geographic(apercu.form.colonnes):
        context["carte"] = visualisations.map_context(
            version, filtres, titre=f"Localisation : {choisie.titre}"
        )
    return context


@public
def jeu(request, slug):
    jeu = get_jeu(request, slug)
    ressources = selectors.dataset_resources(jeu)
    choisie = _chosen(request, ressources)
    context = {
        "jeu": jeu,
        "ressources": ressources,
        "choisie": choisie,
        "fichiers": fichiers_du_jeu(jeu),
        "licence_url": selectors.LICENCE_URLS.get(jeu.licence, ""),
        "apercu": None,
        "graphique": None,
        "carte": None,
        "apercu_indisponible": False,
        "jsonld": jsonld_block(
            dataset_jsonld(jeu, ressources, request=request, formats=_formats(ressources))
        ),
        "breadcrumb_items": [
            ("Données ouvertes", reverse("opendata:catalogue")),
            (jeu.titre, None),
        ],
    }
    if choisie is not None:
        try:
            context.update(_preview(request, jeu, choisie))
        except ValueError:
            # The rows of this version cannot be read (storage gone): the page still says
            # everything else, and why there is no preview.
            logger.exception("Aperçu impossible de la version %s", choisie.version_courante_id)
            context["apercu_indisponible"] = True
    return render(request, "opendata/catalogue/jeu.html", context)
