"""Names of the files given away: no path, no control character."""

from __future__ import annotations

import re

# Letters (any script), digits and a few signs; anything else (/, \, quotes, controls) goes.
_HORS_NOM = re.compile(r"[^\w .,()'+–-]+")


def nom_de_fichier(nom: str, *, defaut: str = "export") -> str:
    """A file name without path nor control character, as a browser will save it."""
    nom = _HORS_NOM.sub("-", str(nom)).strip(" .-")
    return nom[:150] or defaut


def nom_de_membre(chemin: str) -> str:
    """A ZIP member path that cannot leave the folder it is extracted to (no `..`, no root)."""
    parties = [nom_de_fichier(p, defaut="") for p in chemin.replace("\\", "/").split("/")]
    return "/".join(p for p in parties if p) or "fichier"
