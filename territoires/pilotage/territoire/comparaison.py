"""A commune compared with the Département's communes of the same population band.

The bands are a setting (`PILOTAGE_TRANCHES_POPULATION`, upper bounds). The figures compared
are the pilotage indicators (`pilotage/indicateurs.py`, one "per commune" read each): requests
for engineering, grants attributed (in € and in € per inhabitant) and insertion hours (masked
where few people worked, as in the clause report). A fixed number of queries: the band's
populations, then one indicator read each.
"""

from django.conf import settings

from territoires.pilotage.indicateurs import Periode, indicateur
from territoires.pilotage.rules import VUE_COMPLETE
from territoires.referentiel.selectors import communes_for_departement
from territoires.ui.formats import nombre_fr

COMPARES = ("ingenierie.demandes", "aides.montant_accorde", "clauses.heures_insertion")
PAR_HABITANT = "aides.montant_accorde"


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


def _communes_de_la_tranche(commune) -> tuple[str, dict[str, int]] | None:
    bas, haut = tranche(commune.population)
    populations = communes_for_departement(commune.departement.code).values_list(
        "code", "population"
    )
    memes = {
        code: population
        for code, population in populations
        if population is not None and population >= bas and (haut is None or population < haut)
    }
    return (libelle_tranche(bas, haut), memes) if memes else None


def _ligne(ind, valeurs: dict, memes: dict[str, int], code: str) -> dict:
    """The commune's value and the band's average. A masked commune (None) is left out of
    the average, which is then over the communes whose figure may be shown."""
    connues = [valeurs.get(c) or 0 for c in memes if c not in valeurs or valeurs[c] is not None]
    return {
        "libelle": ind.libelle,
        "unite": ind.unite,
        "definition": ind.definition,
        "commune": None if code in valeurs and valeurs[code] is None else valeurs.get(code) or 0,
        "moyenne": round(sum(connues) / len(connues), 1) if connues else None,
    }


def _ligne_par_habitant(ind, valeurs: dict, memes: dict[str, int], commune) -> dict:
    """The amount per inhabitant of the commune and of the band (total over population)."""
    total = sum(valeurs.get(c) or 0 for c in memes)
    habitants = sum(memes.values())
    return {
        "libelle": f"{ind.libelle} par habitant",
        "unite": f"{ind.unite} par habitant",
        "definition": f"{ind.definition} Divisé par la population municipale.",
        "commune": round((valeurs.get(commune.code) or 0) / commune.population, 2)
        if commune.population
        else None,
        "moyenne": round(total / habitants, 2) if habitants else None,
    }


def comparaison(commune, *, periode: Periode, vue: str) -> dict | None:
    """The commune's figures over `periode` and the averages of its band's communes in its
    département, or None without population. Only the indicators `vue` may read."""
    if commune.population is None or commune.departement is None:
        return None
    groupe = _communes_de_la_tranche(commune)
    if groupe is None:
        return None
    libelle, memes = groupe
    lignes = []
    for cle in COMPARES:
        ind = indicateur(cle)
        if not (ind.public or vue == VUE_COMPLETE):
            continue
        # Only the band's communes are read: a few hundred, not the whole country's data.
        valeurs = ind.par_commune(periode, codes=list(memes))
        lignes.append(_ligne(ind, valeurs, memes, commune.code))
        if cle == PAR_HABITANT:
            lignes.append(_ligne_par_habitant(ind, valeurs, memes, commune))
    for ligne in lignes:
        ligne["commune_texte"] = (
            "masqué (petit effectif)" if ligne["commune"] is None else nombre_fr(ligne["commune"])
        )
        ligne["moyenne_texte"] = nombre_fr(ligne["moyenne"])
    return {"tranche": libelle, "communes": len(memes), "lignes": lignes}
