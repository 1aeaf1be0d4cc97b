"""Downloads of a resource's rows, whole or filtered like the preview, streamed:
CSV, XLSX, JSON and GeoJSON (`core/exports`), each counted in the day's `Compteur`.

`?version=<numéro>` downloads an earlier ready version; the other parameters are those of
the preview (`filters.ApercuForm`).
"""

import json

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from territoires.core.access import public
from territoires.core.exports.jsonfiles import point
from territoires.core.exports.responses import (
    csv_response,
    geojson_response,
    json_rows_response,
    xlsx_file_response,
)
from territoires.core.exports.spreadsheets import Sheet

from .. import selectors
from ..apercu import FORMATS
from ..filters import ApercuForm
from ..models import Ressource
from ..services import count_download
from .jeu import get_jeu


def _version_number(request) -> int | None:
    numero = request.GET.get("version")
    if not numero:
        return None
    if not numero.isdigit():
        raise Http404("Version introuvable.")
    return int(numero)


def _features(rows, colonnes):
    """(geometry, properties) of each row: a geometry column, else latitude / longitude."""
    noms = [c.nom for c in colonnes]
    types = {c.type: c.nom for c in reversed(colonnes)}
    geometrie, lat, lon = types.get("geometrie"), types.get("latitude"), types.get("longitude")
    for row in rows:
        valeurs = dict(zip(noms, row, strict=False))
        if geometrie:
            geometry = valeurs.pop(geometrie)
            geometry = geometry if isinstance(geometry, dict) else None
        else:
            geometry = point(valeurs.get(lon), valeurs.get(lat))
        yield geometry, valeurs


def _geometries_as_text(rows, colonnes):
    """A spreadsheet cell holds a geometry as its GeoJSON text."""
    positions = [i for i, c in enumerate(colonnes) if c.type == "geometrie"]
    if not positions:
        yield from rows
        return
    for row in rows:
        row = list(row)
        for i in positions:
            if row[i] is not None:
                row[i] = json.dumps(row[i], ensure_ascii=False)
        yield row


@public
def telecharger(request, slug, pk, format):
    jeu = get_jeu(request, slug)
    ressource = get_object_or_404(
        Ressource.objects.select_related("version_courante"), pk=pk, jeu=jeu
    )
    if format not in FORMATS:
        raise Http404("Format inconnu.")
    version = selectors.resource_version(ressource, _version_number(request))
    if version is None:
        raise Http404("Cette ressource n'a pas de version téléchargeable.")
    colonnes = selectors.version_columns(version)
    if format == "geojson" and not selectors.is_geographic(colonnes):
        raise Http404("Cette ressource n'est pas géographique.")
    form = ApercuForm(request.GET, colonnes=colonnes)
    if not form.is_valid():
        erreurs = "; ".join(f"{form[n].label} : {' '.join(e)}" for n, e in form.errors.items())
        return HttpResponseBadRequest(
            f"Filtre invalide : {erreurs}", content_type="text/plain; charset=utf-8"
        )
    try:
        rows = selectors.resource_rows_stream(
            version=version, filtres=form.filtres(), tri=form.tri_list()
        )
    except ValueError as error:  # checked before the first row: nothing was sent
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    headers = [c.nom for c in colonnes]
    nom = f"{jeu.slug}-{slugify(ressource.titre) or ressource.pk}"
    if version.pk != ressource.version_courante_id:
        nom += f"-version-{version.numero}"
    count_download(jeu=jeu)
    if format in ("csv", "xlsx"):
        rows = _geometries_as_text(rows, colonnes)
    if format == "csv":
        return csv_response(filename=f"{nom}.csv", headers=headers, rows=rows)
    if format == "xlsx":
        feuille = Sheet(ressource.titre, headers, rows)
        return xlsx_file_response(filename=f"{nom}.xlsx", sheets=[feuille])
    if format == "json":
        return json_rows_response(filename=f"{nom}.json", headers=headers, rows=rows)
    return geojson_response(filename=f"{nom}.geojson", features=_features(rows, colonnes))
