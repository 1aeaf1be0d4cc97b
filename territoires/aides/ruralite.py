"""The cap of the rate for rural communes (seed 003: « jusqu'à 80 % du financement des
projets des communes rurales »), and what « rural » means: a setting.

The dated parameter `ruralite` of a scheme says both, e.g.
`{"taux_max": 0.8, "population_max": 2000}` (a population threshold) or
`{"taux_max": 0.8, "communes": ["34261", …]}` (a list voted by the Département; the list,
when given, wins over the threshold). The default of a demo is what its Département's profile
says (`territoires.instances`). The cap applies to rural communes only: any other
beneficiary is checked by the scheme's other rules.

An average rate (« 40 % en moyenne ») is never a cap: it is measured on the dashboard.
"""

from decimal import Decimal

from .formats import euros, pct
from .models import ParametreDispositif

CLE = ParametreDispositif.Cle.RURALITE


def est_rurale(regle: dict, organisation) -> bool:
    """A commune is rural when it is on the list, or else under the population threshold."""
    commune = organisation.commune if organisation.commune_id else None
    if commune is None:
        return False
    if regle.get("communes"):
        return commune.code in regle["communes"]
    seuil = regle.get("population_max")
    return seuil is not None and commune.population is not None and commune.population <= seuil


def definition(regle: dict) -> str:
    """« communes de 2 000 habitants au plus », « communes de la liste rurale (12) »."""
    if regle.get("communes"):
        return f"communes de la liste rurale ({len(regle['communes'])})"
    seuil = regle.get("population_max")
    if seuil is None:
        return "aucune commune (définition à compléter)"
    return f"communes de {seuil:,} habitants au plus".replace(",", "\u202f")


def lisible(regle: dict) -> str:
    """The rule as the catalogue says it."""
    return f"jusqu'à {pct(regle['taux_max'])} du coût HT pour les {definition(regle)}"


def controle(params: dict, organisation, *, cout: Decimal, demande: Decimal):
    """(ok, message) of the rural cap for this dossier, or None when the scheme has no rural
    rule or the beneficiary is not a rural commune."""
    regle = params.get(CLE)
    if not regle or not est_rurale(regle, organisation):
        return None
    taux = Decimal(str(regle["taux_max"]))
    plafond = (cout * taux).quantize(Decimal("0.01"))
    taux_demande = demande / cout if cout else Decimal(1)
    ok = demande <= plafond
    if ok:
        message = (
            f"Taux demandé de {pct(taux_demande)} du coût HT : dans la limite de {pct(taux)} "
            f"des communes rurales ({definition(regle)})."
        )
    else:
        message = (
            f"Taux demandé de {pct(taux_demande)} du coût HT : il dépasse le taux maximal de "
            f"{pct(taux)} des communes rurales ({definition(regle)}), soit au plus "
            f"{euros(plafond)}."
        )
    return ok, message


def plafond(params: dict, organisation) -> Decimal | None:
    """The rural cap of this beneficiary, or None (for the pre-check and the demo)."""
    regle = params.get(CLE)
    if not regle or not est_rurale(regle, organisation):
        return None
    return Decimal(str(regle["taux_max"]))
