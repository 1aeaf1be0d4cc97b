"""Accessible horizontal bar charts rendered on the server as SVG (no script, no CDN).

`bar_chart()` computes the geometry; the include `ui/components/bar_chart.html` draws the
bars and repeats the figures in a table, so that the chart reads without sight or CSS.
Lengths are integers: a localised decimal comma would break SVG attributes.
"""

import textwrap
from dataclasses import dataclass, field

from .formats import nombre_fr

LARGEUR = 680
ETIQUETTE = 280
HAUTEUR_BARRE = 22
ECART = 8
#: A long label wraps on several lines (never cut): characters per line, line height.
CARACTERES_PAR_LIGNE = 34
INTERLIGNE = 16


@dataclass
class Barre:
    libelle: str
    valeur: float | int | None
    texte: str
    y: int
    largeur: int
    y_texte: int
    x_valeur: int
    #: The label's lines and their baselines: [(y, text)].
    etiquettes: list[tuple[int, str]] = field(default_factory=list)


def bar_chart(rows: list[dict], *, libelle: str, valeur: str, unite: str = "") -> dict:
    """Geometry of a bar chart: one bar per row, the longest filling the width.

    A row whose value is None (a small count hidden in public figures) shows « masqué ».
    """
    valeurs = [r[valeur] or 0 for r in rows]
    maximum = max(valeurs, default=0) or 1
    zone = LARGEUR - ETIQUETTE - 90
    items = []
    y = ECART
    for row in rows:
        v = row[valeur]
        lignes = textwrap.wrap(str(row[libelle]), CARACTERES_PAR_LIGNE) or [""]
        hauteur = max(HAUTEUR_BARRE, len(lignes) * INTERLIGNE + 6)
        largeur = int(round((v or 0) * zone / maximum))
        texte = "masqué" if v is None else f"{nombre_fr(v)}{(' ' + unite) if unite else ''}"
        items.append(
            Barre(
                libelle=str(row[libelle]),
                valeur=v,
                texte=texte,
                y=y,
                largeur=max(largeur, 1 if v else 0),
                y_texte=y + HAUTEUR_BARRE - 6,
                x_valeur=ETIQUETTE + max(largeur, 0) + 6,
                etiquettes=[
                    (y + HAUTEUR_BARRE - 6 + i * INTERLIGNE, ligne)
                    for i, ligne in enumerate(lignes)
                ],
            )
        )
        y += hauteur + ECART
    return {
        "barres": items,
        "largeur": LARGEUR,
        "hauteur": y,
        "x_barre": ETIQUETTE,
        "hauteur_barre": HAUTEUR_BARRE,
        "x_etiquette": ETIQUETTE - 8,
    }


# --- Line chart -------------------------------------------------------------------------------

HAUTEUR_LIGNES = 260
MARGE_GAUCHE = 90
MARGE_BAS = 40
MARGE_HAUT = 16


@dataclass
class Point:
    libelle: str
    valeur: float | int | None
    texte: str
    x: int
    y: int


def line_chart(rows: list[dict], *, libelle: str, valeur: str, unite: str = "") -> dict:
    """Geometry of a line chart: the rows in their order along the horizontal axis, the
    values from the lowest (or zero) to the highest. A None value breaks the line."""
    valeurs = [float(r[valeur]) for r in rows if r[valeur] is not None]
    bas = min(0.0, min(valeurs, default=0.0))
    haut = max(valeurs, default=0.0)
    etendue = (haut - bas) or 1.0
    zone_x = LARGEUR - MARGE_GAUCHE - 20
    zone_y = HAUTEUR_LIGNES - MARGE_HAUT - MARGE_BAS
    pas = zone_x / max(len(rows) - 1, 1)
    points, traits, trait = [], [], []
    for index, row in enumerate(rows):
        v = row[valeur]
        x = MARGE_GAUCHE + int(round(index * pas))
        y = MARGE_HAUT + int(
            round(zone_y - ((float(v) if v is not None else bas) - bas) * zone_y / etendue)
        )
        texte = "non renseigné" if v is None else f"{nombre_fr(v)}{(' ' + unite) if unite else ''}"
        points.append(Point(libelle=str(row[libelle]), valeur=v, texte=texte, x=x, y=y))
        if v is None:
            traits, trait = traits + ([trait] if trait else []), []
        else:
            trait.append(f"{x},{y}")
    if trait:
        traits.append(trait)
    return {
        "points": points,
        "traits": [" ".join(t) for t in traits],
        "largeur": LARGEUR,
        "hauteur": HAUTEUR_LIGNES,
        "x_axe": MARGE_GAUCHE,
        "y_axe": HAUTEUR_LIGNES - MARGE_BAS,
        "x_fin": LARGEUR - 20,
        "y_haut": MARGE_HAUT,
        "texte_haut": nombre_fr(haut),
        "texte_bas": nombre_fr(bas),
        "y_texte_bas": HAUTEUR_LIGNES - MARGE_BAS + 4,
        "y_libelles": HAUTEUR_LIGNES - MARGE_BAS + 20,
        "premier": points[0].libelle if points else "",
        "dernier": points[-1].libelle if points else "",
    }
