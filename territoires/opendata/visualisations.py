"""The chart and the map of a resource, computed on the server (SVG, no script, offline).

- `chart_context`: the chart the producer configured (`Ressource.graphique`: bars or lines,
  one column for the labels, one numeric column for the values), over the rows the reader
  filtered, through `ui.charts`;
- `map_context`: the points of a geographic resource (latitude / longitude columns, or a
  GeoJSON geometry column) over the outline of the Département (`referentiel.maps`), in the
  same equirectangular projection as the commune maps.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.conf import settings

from territoires.referentiel.maps import departement_contours
from territoires.ui.charts import bar_chart, line_chart

from .models import Ressource, VersionRessource
from .selectors import resource_rows_page, version_columns
from .tabulaire import Filtre

#: Rows drawn by a chart (the first ones in the order of the label column).
CHART_ROWS = 40
#: Points drawn on a map (the first rows that have a position).
MAP_POINTS = 1000  # tabulaire.rows_query serves at most 1,000 rows a page
NUMERIC_TYPES = {"entier", "decimal", "latitude", "longitude"}
MAP_WIDTH = 600


def chart_settings(ressource: Ressource, version: VersionRessource) -> dict | None:
    """The producer's chart if it still fits the columns of this version, else None."""
    graphique = ressource.graphique or {}
    types = {c.nom: c.type for c in version_columns(version)}
    kind, x, y = graphique.get("type"), graphique.get("x"), graphique.get("y")
    if (
        kind not in Ressource.Graphique.values
        or x not in types
        or types.get(y) not in (NUMERIC_TYPES)
    ):
        return None
    return {"type": kind, "x": x, "y": y}


def chart_context(
    ressource: Ressource, version: VersionRessource, filtres: Sequence[Filtre]
) -> dict | None:
    reglage = chart_settings(ressource, version)
    if reglage is None:
        return None
    x, y = reglage["x"], reglage["y"]
    page = resource_rows_page(
        version=version, filtres=filtres, tri=[x], champs=[x, y], taille=CHART_ROWS, compter=False
    )
    rows = [
        {"libelle": "—" if r[x] is None else r[x], "valeur": _number(r[y])} for r in page.lignes
    ]
    draw = bar_chart if reglage["type"] == Ressource.Graphique.BARRES else line_chart
    return {
        "type": reglage["type"],
        "x": x,
        "y": y,
        "graphique": draw(rows, libelle="libelle", valeur="valeur"),
        "tronque": page.suivant is not None,
        "nb": len(rows),
        "titre": f"{y} selon {x}",
    }


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


# --- Map ------------------------------------------------------------------------------------


def _geo_columns(version: VersionRessource) -> tuple[str | None, str | None, str | None]:
    colonnes = version_columns(version)
    by_type = {}
    for colonne in colonnes:
        by_type.setdefault(colonne.type, colonne.nom)
    return by_type.get("latitude"), by_type.get("longitude"), by_type.get("geometrie")


def _label_column(version: VersionRessource) -> str | None:
    return next((c.nom for c in version_columns(version) if c.type == "texte"), None)


def _geometry_points(geometry) -> list[tuple[float, float]]:
    """Every position of a GeoJSON geometry (a polygon gives its vertices)."""
    if not isinstance(geometry, dict):
        return []
    coordinates = geometry.get("coordinates")
    points: list[tuple[float, float]] = []

    def walk(value):
        if (
            isinstance(value, (list, tuple))
            and len(value) >= 2
            and all(isinstance(v, (int, float)) for v in value[:2])
        ):
            points.append((float(value[0]), float(value[1])))
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    walk(coordinates)
    return points


def map_points(
    version: VersionRessource, filtres: Sequence[Filtre]
) -> tuple[list[tuple[float, float, str]], bool]:
    """(lon, lat, label) of the first filtered rows with a position; True when cut."""
    latitude, longitude, geometrie = _geo_columns(version)
    libelle = _label_column(version)
    if geometrie:
        champs = [geometrie]
    elif latitude and longitude:
        champs = [longitude, latitude]
    else:
        return [], False
    if libelle:
        champs.append(libelle)
    page = resource_rows_page(
        version=version, filtres=filtres, champs=champs, taille=MAP_POINTS, compter=False
    )
    points = []
    for row in page.lignes:
        label = str(row[libelle]) if libelle and row[libelle] is not None else ""
        if geometrie:
            found = _geometry_points(row[geometrie])
            if found:
                lon, lat = (sum(p[i] for p in found) / len(found) for i in (0, 1))
                points.append((lon, lat, label))
        else:
            lon, lat = _number(row[longitude]), _number(row[latitude])
            if lon is not None and lat is not None and -180 <= lon <= 180 and -90 <= lat <= 90:
                points.append((lon, lat, label))
    return points, page.suivant is not None


def _box(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return min(lons), max(lons), min(lats), max(lats)


def _rings(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def map_context(version: VersionRessource, filtres: Sequence[Filtre], *, titre: str) -> dict:
    """The SVG geometry of the points; the Département's outline behind them when they lie
    in it. Its text alternative says how many points, where; the preview table lists them."""
    points, tronque = map_points(version, filtres)
    if not points:
        return {"points": [], "tronque": False, "titre": titre, "resume": "Aucun point à placer."}
    fond = departement_contours().get(settings.TERRITOIRES_DEPARTEMENT)
    box = _box([(p[0], p[1]) for p in points])
    if fond:
        fond_box = _box([(p[0], p[1]) for ring in _rings(fond) for p in ring])
        inside = (
            fond_box[0] <= box[0] and box[1] <= fond_box[1] and fond_box[2] <= box[2]
        ) and box[3] <= fond_box[3]
        if inside:
            box = fond_box
        else:
            fond = None
    min_lon, max_lon, min_lat, max_lat = box
    pad_lon, pad_lat = max((max_lon - min_lon) * 0.05, 0.01), max((max_lat - min_lat) * 0.05, 0.01)
    min_lon, max_lon, min_lat, max_lat = (
        min_lon - pad_lon,
        max_lon + pad_lon,
        min_lat - pad_lat,
        max_lat + pad_lat,
    )
    k = math.cos(math.radians((min_lat + max_lat) / 2))
    scale = MAP_WIDTH / ((max_lon - min_lon) * k)
    height = max(int(math.ceil((max_lat - min_lat) * scale)), 60)

    def project(lon: float, lat: float) -> tuple[int, int]:
        return int(round((lon - min_lon) * k * scale)), int(round((max_lat - lat) * scale))

    fond_path = ""
    if fond:
        fond_path = "".join(
            "M" + "L".join("{},{}".format(*project(p[0], p[1])) for p in ring) + "Z"
            for ring in _rings(fond)
        )
    dessin = []
    for lon, lat, label in points:
        x, y = project(lon, lat)
        dessin.append({"x": x, "y": y, "libelle": label})
    n = len(points)
    resume = (
        f"Carte : {titre}, {n} point{'s' if n > 1 else ''} placé{'s' if n > 1 else ''}"
        + (" sur le contour du département" if fond_path else "")
        + ". L'aperçu du tableau donne les valeurs de chaque ligne."
    )
    return {
        "points": dessin,
        "fond": fond_path,
        "largeur": MAP_WIDTH,
        "hauteur": height,
        "tronque": tronque,
        "titre": titre,
        "resume": resume,
    }
