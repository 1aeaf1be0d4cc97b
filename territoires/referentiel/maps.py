"""Commune choropleth maps that work offline, from the shipped contours.

    context = carte_communes_context({"32208": 3648, ...}, titre="Population", unite="habitants")
    {% include "referentiel/components/carte_communes.html" with carte=context.carte %}

The contours are static files, one per shipped source (`static/referentiel/contours/`, generated
from `data/contours/` by `territoires referentiel contours`, compressed and cached for a year by
WhiteNoise): the browser loads them once for every map. The page embeds only the values, labels
and colours of its communes (a `json_script` element: data, not code, so the CSP allows it) and
the addresses of the contour files; `static/referentiel/carte.js` fetches them and draws the
SVG. The table next to the map is the accessible equivalent and lists every commune, those
without a contour included: contours date from 2018 and some COG codes (mergers since) have none.
"""

import json
import lzma
import math
import uuid
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from django.db.models import Q
from django.templatetags.static import static

from .models import Commune, Epci

CONTOURS_DIR = Path(__file__).resolve().parent / "data" / "contours"
STATIC_CONTOURS = "referentiel/contours"
STATIC_CONTOURS_DIR = Path(__file__).resolve().parent / "static" / STATIC_CONTOURS

# ColorBrewer « YlGnBu », sequential and safe for colour-blind readers; every shape also has a
# dark outline, so the lightest class stays distinct from the page background.
PALETTES = {
    1: ["#41b6c4"],
    2: ["#a1dab4", "#225ea8"],
    3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
    4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
}
NO_VALUE_COLOUR = "#d9d9d9"
MAX_CLASSES = 5
# 3 decimals ≈ 100 m: below a pixel on a département map, and a third of the weight.
PRECISION = 3


def _simplify_ring(ring: list) -> list:
    points = []
    for lon, lat, *_ in ring:
        point = [round(lon, PRECISION), round(lat, PRECISION)]
        if not points or point != points[-1]:
            points.append(point)
    return points if len(points) >= 4 else [[round(x, 5) for x in p[:2]] for p in ring]


def _simplify(geometry: dict) -> dict:
    if geometry["type"] == "Polygon":
        coordinates = [_simplify_ring(ring) for ring in geometry["coordinates"]]
    else:
        coordinates = [
            [_simplify_ring(ring) for ring in polygon] for polygon in geometry["coordinates"]
        ]
    return {"type": geometry["type"], "coordinates": coordinates}


def _read(path: Path) -> list[dict]:
    with lzma.open(path, "rb") as handle:
        data = json.load(handle)
    return data["features"] if data.get("type") == "FeatureCollection" else [data]


@cache
def commune_contours() -> dict[str, dict]:
    """{INSEE code: simplified geometry} of every shipped commune contour (read once)."""
    contours = {}
    for path in sorted(CONTOURS_DIR.glob("communes-*.geojson.xz")):
        for feature in _read(path):
            contours[feature["properties"]["code"]] = _simplify(feature["geometry"])
    return contours


@cache
def departement_contours() -> dict[str, dict]:
    contours = {}
    for path in sorted(CONTOURS_DIR.glob("departement-*.geojson.xz")):
        for feature in _read(path):
            contours[feature["properties"]["code"]] = _simplify(feature["geometry"])
    return contours


def _sources(pattern: str) -> list[Path]:
    return sorted(CONTOURS_DIR.glob(pattern))


def _static_name(source: Path) -> str:
    return source.name.removesuffix(".geojson.xz") + ".json"


def static_contours() -> dict[str, bytes]:
    """{file name: content} of the static contour files, simplified from the shipped sources.

    Compact JSON, one FeatureCollection per source, properties reduced to the INSEE code.
    """
    files = {}
    for source in _sources("*.geojson.xz"):
        features = [
            {
                "type": "Feature",
                "properties": {"code": feature["properties"]["code"]},
                "geometry": _simplify(feature["geometry"]),
            }
            for feature in _read(source)
        ]
        collection = {"type": "FeatureCollection", "features": features}
        files[_static_name(source)] = json.dumps(collection, separators=(",", ":")).encode()
    return files


@cache
def _commune_source_of() -> dict[str, str]:
    """{INSEE code: static file name} of every commune contour."""
    return {
        feature["properties"]["code"]: _static_name(source)
        for source in _sources("communes-*.geojson.xz")
        for feature in _read(source)
    }


@cache
def _departement_source_of() -> dict[str, str]:
    return {
        feature["properties"]["code"]: _static_name(source)
        for source in _sources("departement-*.geojson.xz")
        for feature in _read(source)
    }


def contours_urls(codes: Iterable[str]) -> list[str]:
    """Addresses of the static files holding the contours of `codes` (each file once)."""
    source_of = _commune_source_of()
    names = sorted({source_of[code] for code in codes if code in source_of})
    return [static(f"{STATIC_CONTOURS}/{name}") for name in names]


def fond_url(departement: str | None) -> str | None:
    name = _departement_source_of().get(departement or "")
    return static(f"{STATIC_CONTOURS}/{name}") if name else None


def has_contour(code: str) -> bool:
    return code in _commune_source_of()


def carte_donnees(
    communes: Mapping[str, tuple],
    *,
    titre: str,
    resume: str,
    departement: str | None = None,
) -> dict:
    """What carte.js reads: {code: (label, colour, highlighted[, group])} and the contour files.

    Only codes that have a contour are kept; the page weighs its values, not its shapes. With
    a group (the SIREN of the commune's EPCI), carte.js draws thick lines between groups.
    """
    drawn = {code: value for code, value in communes.items() if has_contour(code)}
    return {
        "titre": titre,
        "resume": resume,
        "contours": contours_urls(drawn),
        "fond": fond_url(departement),
        "communes": {
            code: [libelle, couleur, 1 if surligne else 0, *groupe]
            for code, (libelle, couleur, surligne, *groupe) in drawn.items()
        },
    }


def commune_features(codes) -> tuple[list[dict], list[str]]:
    """GeoJSON features for `codes` and the codes without a contour."""
    contours = commune_contours()
    features, missing = [], []
    for code in codes:
        geometry = contours.get(code)
        if geometry is None:
            missing.append(code)
        else:
            features.append({"type": "Feature", "properties": {"code": code}, "geometry": geometry})
    return features, missing


# --- Classes --------------------------------------------------------------------------------


def format_number(value) -> str:
    """French formatting: narrow no-break space between thousands, decimal comma."""
    if value is None:
        return "non renseigné"
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.1f}"
    else:
        text = f"{int(value):,}"
    return text.replace(",", "\u202f").replace(".", ",")


def _breaks(values: list[float]) -> list[float]:
    """Upper bounds of at most MAX_CLASSES quantile classes (the last one is the maximum)."""
    ordered = sorted(values)
    distinct = sorted(set(ordered))
    count = min(MAX_CLASSES, len(distinct))
    if count <= 1:
        return distinct
    bounds = []
    for i in range(1, count):
        bound = ordered[math.ceil(i * len(ordered) / count) - 1]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    if bounds[-1] < ordered[-1]:
        bounds.append(ordered[-1])
    return bounds


def _classes(values: list[float], unite: str) -> list[dict]:
    if not values:
        return []
    bounds = _breaks(values)
    palette = PALETTES[len(bounds)]
    classes = []
    low = min(values)
    for i, (high, colour) in enumerate(zip(bounds, palette, strict=True)):
        if i == 0 and low == high:
            label = f"{format_number(low)} {unite}"
        elif i == 0:
            label = f"de {format_number(low)} à {format_number(high)} {unite}"
        else:
            label = f"plus de {format_number(bounds[i - 1])} à {format_number(high)} {unite}"
        classes.append({"max": high, "couleur": colour, "libelle": label.strip(), "effectif": 0})
    return classes


def _class_of(value, classes: list[dict]) -> dict | None:
    if value is None:
        return None
    for classe in classes:
        if value <= classe["max"]:
            return classe
    return classes[-1]


# --- The component's context ----------------------------------------------------------------


def _ligne(code, value, classes, *, nom, url, surligne, dessinee) -> dict:
    """A row of a map's table; counts the row in its class."""
    classe = _class_of(value, classes)
    if classe:
        classe["effectif"] += 1
    return {
        "code": code,
        "nom": nom,
        "url": url,
        "valeur": value,
        "valeur_affichee": format_number(value),
        "classe": classe["libelle"] if classe else "non renseigné",
        "couleur": classe["couleur"] if classe else NO_VALUE_COLOUR,
        "surligne": surligne,
        "dessinee": dessinee,
    }


def carte_communes_context(
    values: Mapping[str, float | int | None],
    *,
    titre: str,
    unite: str = "",
    departement: str | None = None,
    surligner: str | None = None,
) -> dict:
    """Context of `referentiel/components/carte_communes.html`, under the key « carte ».

    `values` maps INSEE codes to numbers (None: not known). With `departement`, the other
    current communes of that département are drawn in grey (no value) over its outline.
    `surligner` is the code of a commune to highlight (the commune of the page).
    Codes without a contour, unknown or obsolete are listed, never drawn, never an error.
    """
    codes = list(dict.fromkeys(str(code) for code in values))
    current = current_communes_by_code(codes, departement)
    numbers = [v for code in codes if (v := values[code]) is not None]
    classes = _classes(numbers, unite)

    # Only current communes are drawn: a 2018 contour whose code is now obsolete is ignored.
    drawn = {code for code in codes if code in current and has_contour(code)}

    lignes = []
    for code in codes:
        commune = current.get(code)
        lignes.append(
            _ligne(
                code,
                values[code],
                classes,
                nom=commune.nom if commune else "commune inconnue ou obsolète",
                url=commune.get_absolute_url() if commune else "",
                surligne=code == surligner,
                dessinee=code in drawn,
            )
        )
    lignes.sort(key=lambda ligne: (ligne["nom"] == "commune inconnue ou obsolète", ligne["nom"]))
    dessins = {}
    # Communes of the département without a value: grey, for context, drawn first.
    sans_valeur = 0
    if departement:
        for code, commune in current.items():
            if code not in values and has_contour(code):
                dessins[code] = (f"{commune.nom} : non renseigné", NO_VALUE_COLOUR, False)
        sans_valeur = len(dessins)
    for ligne in lignes:
        if ligne["dessinee"]:
            libelle = f"{ligne['nom']} : {ligne['valeur_affichee']} {unite}".strip()
            dessins[ligne["code"]] = (libelle, ligne["couleur"], ligne["surligne"])

    sans_contour = [ligne for ligne in lignes if not ligne["dessinee"]]
    by_code = {ligne["code"]: ligne for ligne in lignes}
    surlignee = by_code.get(surligner) if surligner else None
    resume = _summary(titre, unite, numbers, len(drawn), len(sans_contour), surlignee)
    return _carte(
        "commune",
        dessins,
        titre=titre,
        unite=unite,
        resume=resume,
        classes=classes,
        sans_valeur=sans_valeur,
        lignes=lignes,
        sans_contour=sans_contour,
        surlignee=surlignee,
        departement=departement,
    )


def _carte(echelle, dessins, *, titre, resume, departement, **champs) -> dict:
    """The context of the map component: its ids, its table and the data `carte.js` draws."""
    identifiant = f"carte-{uuid.uuid4().hex[:8]}"
    return {
        "carte": {
            "echelle": echelle,
            "id": identifiant,
            "donnees_id": f"{identifiant}-donnees",
            "titre": titre,
            "resume": resume,
            "couleur_sans_valeur": NO_VALUE_COLOUR,
            **champs,
            "donnees": carte_donnees(dessins, titre=titre, resume=resume, departement=departement),
        }
    }


def current_communes_by_code(codes: list[str], departement: str | None) -> dict[str, Commune]:
    """Current communes among `codes` (and, with `departement`, all of its own), one query."""
    condition = Q(code__in=codes)
    if departement:
        condition |= Q(departement__code=departement)
    communes = Commune.objects.filter(condition, type=Commune.Type.ACTUELLE, obsolete=False)
    return {commune.code: commune for commune in communes.only("code", "nom")}


def _summary(titre, unite, numbers, drawn, missing, surlignee) -> str:
    s = "s" if drawn > 1 else ""
    parts = [f"Carte : {titre}, {drawn} commune{s} dessinée{s}"]
    if numbers:
        low, high = format_number(min(numbers)), format_number(max(numbers))
        parts.append(f"valeurs de {low} à {high} {unite}".strip())
    if missing:
        parts.append(f"{missing} sans contour")
    if surlignee:
        parts.append(f"{surlignee['nom']} est mise en évidence")
    return " ; ".join(parts) + ". Le tableau qui suit donne toutes les valeurs."


# --- By EPCI --------------------------------------------------------------------------------


def carte_epci_context(
    values: Mapping[str, float | int | None],
    *,
    titre: str,
    unite: str = "",
    departement: str | None = None,
) -> dict:
    """Same component, by EPCI: `values` maps SIREN to numbers.

    No EPCI contour is shipped (and merging polygons needs a geometry library we do not
    have): each commune is drawn in the colour of its EPCI, with thick lines where the EPCI
    changes (carte.js, from the shared edges of the commune contours). The table lists the
    EPCI, with a link to their page. Two queries.
    """
    sirens = list(dict.fromkeys(str(siren) for siren in values))
    condition = Q(siren__in=sirens)
    if departement:
        condition |= Q(departements__code=departement)
    epcis = {epci.siren: epci for epci in Epci.objects.actuels().filter(condition).distinct()}
    numbers = [v for siren in sirens if (v := values[siren]) is not None]
    classes = _classes(numbers, unite)
    lignes = []
    for siren in dict.fromkeys([*sirens, *sorted(epcis)]):
        epci = epcis.get(siren)
        lignes.append(
            _ligne(
                siren,
                values.get(siren),
                classes,
                nom=epci.nom if epci else "intercommunalité inconnue ou disparue",
                url=epci.get_absolute_url() if epci else "",
                surligne=False,
                dessinee=True,
            )
        )
    lignes.sort(key=lambda ligne: (ligne["url"] == "", ligne["nom"]))
    par_siren = {ligne["code"]: ligne for ligne in lignes}
    membres = Commune.objects.filter(
        Q(epci__siren__in=list(epcis)) | Q(departement__code=departement or "-"),
        type=Commune.Type.ACTUELLE,
        obsolete=False,
    ).values_list("code", "nom", "epci__siren")
    dessins = {}
    for code, nom, siren in membres:
        if not has_contour(code):
            continue
        ligne = par_siren.get(siren)
        if ligne is None:
            dessins[code] = (f"{nom} : sans intercommunalité", NO_VALUE_COLOUR, False, "")
            continue
        libelle = f"{nom} — {ligne['nom']} : {ligne['valeur_affichee']} {unite}".strip()
        dessins[code] = (libelle, ligne["couleur"], False, siren)
    sans_valeur = sum(1 for ligne in lignes if ligne["valeur"] is None)
    return _carte(
        "epci",
        dessins,
        titre=titre,
        unite=unite,
        resume=_summary_epci(titre, unite, numbers, len(lignes)),
        classes=classes,
        sans_valeur=sans_valeur,
        lignes=lignes,
        sans_contour=[],
        surlignee=None,
        departement=departement,
    )


def _summary_epci(titre, unite, numbers, count) -> str:
    s = "s" if count > 1 else ""
    parts = [f"Carte : {titre}, {count} intercommunalité{s}, chaque commune dans la couleur "
             "de la sienne, limites des intercommunalités en trait épais"]  # fmt: skip
    if numbers:
        low, high = format_number(min(numbers)), format_number(max(numbers))
        parts.append(f"valeurs de {low} à {high} {unite}".strip())
    return " ; ".join(parts) + ". Le tableau qui suit donne toutes les valeurs."
