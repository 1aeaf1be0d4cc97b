"""Accessible horizontal bar charts rendered on the server as SVG (no script, no CDN).

`bar_chart()` computes the geometry; the include `ui/components/bar_chart.html` draws the
bars and repeats the figures in a table, so that the chart reads without sight or CSS.
Lengths are integers: a localised decimal comma would break SVG attributes.
"""

from dataclasses import dataclass

from .formats import nombre_fr

LARGEUR = 680
ETIQUETTE = 280
HAUTEUR_BARRE = 22
ECART = 8


@dataclass
class Barre:
    libelle: str
    valeur: float | int | None
    texte: str
    y: int
    largeur: int
    y_texte: int
    x_valeur: int


def bar_chart(rows: list[dict], *, libelle: str, valeur: str, unite: str = "") -> dict:
    """Geometry of a bar chart: one bar per row, the longest filling the width.

    A row whose value is None (a small count hidden in public figures) shows « masqué ».
    """
    valeurs = [r[valeur] or 0 for r in rows]
    maximum = max(valeurs, default=0) or 1
    zone = LARGEUR - ETIQUETTE - 90
    items = []
    for index, row in enumerate(rows):
        v = row[valeur]
        y = index * (HAUTEUR_BARRE + ECART) + ECART
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
            )
        )
    return {
        "barres": items,
        "largeur": LARGEUR,
        "hauteur": len(items) * (HAUTEUR_BARRE + ECART) + ECART,
        "x_barre": ETIQUETTE,
        "hauteur_barre": HAUTEUR_BARRE,
        "x_etiquette": ETIQUETTE - 8,
    }
