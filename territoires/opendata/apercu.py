"""The preview of a resource on its dataset page: filtered, sorted, paged rows.

Pagination by links with the cursor of `tabulaire.rows_query`: `curseur` is the page shown,
`avant` the cursors of the pages before it (the « previous » link), `p` its number. Sort by
links on the headers (`tri`), filters in a labelled GET form (`filters.ApercuForm`).

The total is the version's row count without filter; with filters, it is counted at each
page but stops after `settings.OPENDATA_TOTAL_MAX` rows (« sur plus de 10 000 ») : a page
costs the same whatever the table (docs/adr/0009).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.http import QueryDict
from django.urls import reverse

from territoires.ui.formats import nombre_fr

from . import selectors
from .filters import ApercuForm
from .models import Ressource, VersionRessource

#: Rows per page of the preview.
TAILLE = 20
#: Earlier cursors kept in the « previous » link (its address stays short).
AVANT_MAX = 25
#: Parameters of the rows, common to the preview and its downloads.
PAGE_PARAMS = ("curseur", "avant", "p")
FORMATS = ("csv", "xlsx", "json", "geojson")


@dataclass
class Apercu:
    form: ApercuForm
    entetes: list[dict] = field(default_factory=list)
    lignes: list[list[tuple[str, bool]]] = field(default_factory=list)
    total: int = 0
    total_exact: bool = True
    premier: int = 0
    dernier: int = 0
    suivant_url: str = ""
    precedent_url: str = ""
    debut_url: str = ""
    erreur: str = ""
    filtre_actif: bool = False
    telechargements: list[dict] = field(default_factory=list)


def display(value, kind: str) -> str:
    """A cell as a French reader reads it."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%d/%m/%Y")
    if kind in ("entier", "decimal") and isinstance(value, (int, float, Decimal)):
        return nombre_fr(value)
    if isinstance(value, (int, float, Decimal)):
        return str(value).replace(".", ",")
    if isinstance(value, dict):
        return f"Géométrie ({value.get('type', '?')})"
    return str(value)


def _url(params: QueryDict, **changes) -> str:
    params = params.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        elif isinstance(value, list):
            params.setlist(key, value)
        else:
            params[key] = value
    return "?" + params.urlencode() + "#apercu"


def row_params(query: QueryDict, form: ApercuForm) -> QueryDict:
    """The filters and the sort of the rows alone (what a download repeats)."""
    params = QueryDict(mutable=True)
    for name in form.fields:
        value = query.get(name)
        if value:
            params[name] = value
    return params


def download_links(jeu, ressource: Ressource, params: QueryDict, geographic: bool) -> list[dict]:
    links = []
    for extension in FORMATS:
        if extension == "geojson" and not geographic:
            continue
        url = reverse(
            "opendata:telecharger",
            kwargs={"slug": jeu.slug, "pk": ressource.pk, "format": extension},
        )
        links.append(
            {"format": extension, "url": url + ("?" + params.urlencode() if params else "")}
        )
    return links


def _headers(query: QueryDict, form: ApercuForm, tri: str) -> list[dict]:
    entetes = []
    for colonne in form.colonnes:
        sens = (
            "ascending" if tri == colonne.nom else "descending" if tri == "-" + colonne.nom else ""
        )
        suivant = "-" + colonne.nom if sens == "ascending" else colonne.nom
        entetes.append(
            {
                "nom": colonne.nom,
                "numerique": colonne.type in ("entier", "decimal"),
                "aria_sort": sens,
                "url": _url(query, tri=suivant, curseur=None, avant=None, p=None),
            }
        )
    return entetes


def _page_number(query: QueryDict) -> int:
    try:
        return max(int(query.get("p", "1")), 1)
    except ValueError:
        return 1


def apercu_build(query: QueryDict, *, jeu, ressource: Ressource, version: VersionRessource):
    """The preview of `version` for the parameters of the page."""
    colonnes = selectors.version_columns(version)
    form = ApercuForm(query, colonnes=colonnes)
    filtres, tri = form.filtres(), form.tri_list()
    apercu = Apercu(form=form, filtre_actif=bool(filtres))
    apercu.entetes = _headers(query, form, tri[0] if tri else "")
    geographic = selectors.is_geographic(colonnes)
    apercu.telechargements = download_links(jeu, ressource, row_params(query, form), geographic)
    curseur = query.get("curseur") or None
    avant = query.getlist("avant")[-AVANT_MAX:]
    numero = _page_number(query) if curseur else 1
    borne = {"taille": TAILLE, "compter_max": settings.OPENDATA_TOTAL_MAX}
    try:
        page = selectors.resource_rows_page(
            version=version, filtres=filtres, tri=tri, curseur=curseur, **borne
        )
    except ValueError as error:
        apercu.erreur = f"{error} L'aperçu repart de la première page."
        curseur, avant, numero = None, [], 1
        page = selectors.resource_rows_page(version=version, filtres=filtres, tri=tri, **borne)
    apercu.total, apercu.total_exact = page.total or 0, page.total_exact
    numeriques = [c.type in ("entier", "decimal") for c in colonnes]
    apercu.lignes = [
        [(display(r.get(c.nom), c.type), n) for c, n in zip(colonnes, numeriques, strict=True)]
        for r in page.lignes
    ]
    apercu.premier = (numero - 1) * TAILLE + 1 if page.lignes else 0
    apercu.dernier = apercu.premier + len(page.lignes) - 1 if page.lignes else 0
    if page.suivant:
        apercu.suivant_url = _url(
            query, curseur=page.suivant, avant=[*avant, curseur or ""], p=str(numero + 1)
        )
    if curseur:
        precedent = avant[-1] if avant else ""
        apercu.precedent_url = _url(
            query, curseur=precedent or None, avant=avant[:-1], p=str(numero - 1)
        )
        apercu.debut_url = _url(query, curseur=None, avant=None, p=None)
    return apercu
