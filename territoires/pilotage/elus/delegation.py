"""A vice-president's delegation: one module, over the whole Département.

`delegation_resume(suivi, depuis=…, today=…)` gives what their home page and weekly digest show
for it, and only for it: the module's key figures of the year (`pilotage.chiffres.chiffres_cles`,
each equal to the module's own dashboard), the module's news since `depuis`, and the next
commission sessions when the module is the aids. A constant number of queries.
"""

import datetime

from django.conf import settings

from territoires.aides.selectors.territoires import sessions_a_venir
from territoires.pilotage.chiffres import chiffres_cles
from territoires.pilotage.indicateurs import Periode
from territoires.referentiel.selectors import communes_for_departement

from ..models import Delegation, SuiviElu
from ..territoire import liens_permis, nouveautes_aides, nouveautes_ingenierie

# The modules whose news the pilotage follows (requests filed, grants decided), as
# `pilotage.territoire.nouveautes` does for a territory; the others have figures only.
NOUVEAUTES = {
    Delegation.INGENIERIE: nouveautes_ingenierie,
    Delegation.AIDES: nouveautes_aides,
}


def chiffres_du_module(module: str, *, annee: int) -> list[dict]:
    """The Département's key figures of `module` for the year (those of `chiffres_cles`)."""
    prefixe = f"{module}."
    vus, chiffres = set(), []
    for chiffre in chiffres_cles(Periode.annee(annee)):
        # Over one year the figure of the period and that of its only year say the same.
        if chiffre["cle"].startswith(prefixe) and chiffre["phrase"] not in vus:
            vus.add(chiffre["phrase"])
            chiffres.append(chiffre)
    return chiffres


def delegation_resume(
    suivi: SuiviElu | None, *, depuis: datetime.datetime | None, today: datetime.date
) -> dict | None:
    """What the delegation of `suivi` shows (None without a delegation)."""
    if suivi is None or not suivi.delegation:
        return None
    module = Delegation(suivi.delegation)
    codes = list(
        communes_for_departement(settings.TERRITOIRES_DEPARTEMENT).values_list("code", flat=True)
    )
    lire_nouveautes = NOUVEAUTES.get(module)
    nouveautes = lire_nouveautes(codes, depuis=depuis.date()) if lire_nouveautes and depuis else []
    return {
        "module": module.value,
        "libelle": module.label,
        "chiffres": chiffres_du_module(module.value, annee=today.year),
        "suit_nouveautes": lire_nouveautes is not None,
        "nouveautes": liens_permis(
            sorted(nouveautes, key=lambda n: n["date"], reverse=True), suivi.user
        ),
        "seances": sessions_a_venir(today=today) if module == Delegation.AIDES else [],
    }
