"""A vice-president's delegation: one module, over the whole Département.

`delegation_resume(suivi, depuis=…, today=…)` gives what their home page and weekly digest show
for it, and only for it: the module's key figures of the year (`pilotage.chiffres.chiffres_cles`,
each equal to the module's own dashboard), the module's news since `depuis`, and the next
commission sessions when the module is the aids. A constant number of queries.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from territoires.aides.selectors.territoires import dossiers_decides_depuis, sessions_a_venir
from territoires.ingenierie.selectors import sollicitations_deposees_depuis
from territoires.pilotage.chiffres import chiffres_cles
from territoires.pilotage.indicateurs import Periode
from territoires.referentiel.selectors import communes_for_departement

from ..models import Delegation, SuiviElu
from ..territoire import NOUVEAUTES_MAX, liens_permis


def _nouveautes_ingenierie(codes: list[str], depuis: datetime.date) -> list[dict]:
    debut = timezone.make_aware(datetime.datetime.combine(depuis, datetime.time()))
    return [
        {
            "date": timezone.localtime(s.deposee_le).date(),
            "module": Delegation.INGENIERIE.value,
            "texte": f"Demande d'ingénierie « {s.sujet} »",
            "url": s.get_absolute_url(),
            "permission": "ingenierie.view_sollicitation",
            "objet": s,
        }
        for s in sollicitations_deposees_depuis(codes, depuis=debut, limite=NOUVEAUTES_MAX)
    ]


def _nouveautes_aides(codes: list[str], depuis: datetime.date) -> list[dict]:
    return [
        {
            "date": d.decide_le,
            "module": Delegation.AIDES.value,
            "texte": f"Subvention de {d.montant_attribue} € ({d.dispositif})",
            "url": d.get_absolute_url(),
            "permission": "aides.view_dossier",
            "objet": d,
        }
        for d in dossiers_decides_depuis(codes, depuis=depuis, limite=NOUVEAUTES_MAX)
    ]


# The modules whose news the pilotage follows (requests filed, grants decided), as
# `pilotage.territoire.nouveautes` does for a territory; the others have figures only.
NOUVEAUTES = {
    Delegation.INGENIERIE: _nouveautes_ingenierie,
    Delegation.AIDES: _nouveautes_aides,
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
    nouveautes = lire_nouveautes(codes, depuis.date()) if lire_nouveautes and depuis else []
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
