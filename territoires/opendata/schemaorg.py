"""schema.org `Dataset` metadata of a dataset page (JSON-LD), read by search engines.

Written in the page as a data block (`<script type="application/ld+json">`): the browser
never runs it, so the CSP (no inline script) does not apply to it.
"""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from .models import JeuDeDonnees, Ressource
from .selectors import LICENCE_URLS

MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "geojson": "application/geo+json",
}

# Like Django's `json_script`: no « </script> » can close the block early.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def dataset_jsonld(
    jeu: JeuDeDonnees, ressources: list[Ressource], *, request, formats: dict[int, list[str]]
) -> dict:
    """The `Dataset` of schema.org; `formats` gives the download formats of each resource."""
    url = request.build_absolute_uri(jeu.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": url,
        "url": url,
        "name": jeu.titre,
        "description": jeu.description or jeu.titre,
        "license": LICENCE_URLS.get(jeu.licence, ""),
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": jeu.organisation.nom},
        "publisher": {"@type": "Organization", "name": jeu.organisation.nom},
        "keywords": [m.strip() for m in jeu.mots_cles.split(",") if m.strip()]
        + [t.libelle for t in jeu.themes.all()],
        "dateModified": jeu.modifie_le.isoformat(),
        "inLanguage": "fr",
    }
    if jeu.publie_le:
        data["datePublished"] = jeu.publie_le.isoformat()
    if jeu.periode_debut or jeu.periode_fin:
        debut = jeu.periode_debut.isoformat() if jeu.periode_debut else ".."
        fin = jeu.periode_fin.isoformat() if jeu.periode_fin else ".."
        data["temporalCoverage"] = f"{debut}/{fin}"
    lieux = [e.nom for e in jeu.epcis.all()] + [c.nom for c in jeu.communes.all()]
    if lieux:
        data["spatialCoverage"] = [{"@type": "Place", "name": nom} for nom in lieux]
    if jeu.contact:
        data["creator"]["email"] = jeu.contact
    distributions = []
    for ressource in ressources:
        for extension in formats.get(ressource.pk, []):
            lien = reverse(
                "opendata:telecharger",
                kwargs={"slug": jeu.slug, "pk": ressource.pk, "format": extension},
            )
            distributions.append(
                {
                    "@type": "DataDownload",
                    "name": f"{ressource.titre} ({extension.upper()})",
                    "encodingFormat": MEDIA_TYPES[extension],
                    "contentUrl": request.build_absolute_uri(lien),
                }
            )
    if distributions:
        data["distribution"] = distributions
    return data


def jsonld_block(data: dict) -> SafeString:
    """The JSON text to put inside the data block, escaped like `json_script`."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))  # noqa: S308
