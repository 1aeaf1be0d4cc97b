"""A commune compared with the Département's communes of the same population band.

The bands are a setting (`PILOTAGE_TRANCHES_POPULATION`, upper bounds); the figure compared is
the number of engineering requests filed over the page's years. Two queries.
"""

from django.conf import settings

from territoires.ingenierie.selectors import sollicitations_par_commune
from territoires.referentiel.selectors import communes_for_departement


def tranche(population: int) -> tuple[int, int | None]:
    """(lower bound, upper bound or None) of the band holding `population`."""
    bas = 0
    for haut in settings.PILOTAGE_TRANCHES_POPULATION:
        if population < haut:
            return bas, haut
        bas = haut
    return bas, None


def libelle_tranche(bas: int, haut: int | None) -> str:
    if haut is None:
        return f"{bas:,} habitants et plus".replace(",", " ")
    return f"de {bas:,} à {haut - 1:,} habitants".replace(",", " ")


def comparaison(commune, *, annees) -> dict | None:
    """The commune's requests and the average of its band's communes, or None without data."""
    if commune.population is None or commune.departement is None:
        return None
    bas, haut = tranche(commune.population)
    populations = communes_for_departement(commune.departement.code).values_list(
        "code", "population"
    )
    memes = [
        code
        for code, population in populations
        if population is not None and population >= bas and (haut is None or population < haut)
    ]
    if not memes:
        return None
    par_commune = sollicitations_par_commune(depuis=annees.depuis, jusqu_a=annees.jusqu_a)
    moyenne = sum(par_commune.get(code, 0) for code in memes) / len(memes)
    return {
        "tranche": libelle_tranche(bas, haut),
        "communes": len(memes),
        "demandes": par_commune.get(commune.code, 0),
        "moyenne": round(moyenne, 1),
    }
