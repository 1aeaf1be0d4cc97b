"""Home-page sections of the heads of service and of the direction (replace the ui
placeholders `pilotage.service` and `pilotage.tableaux`): the key figures of the current year,
the service's modules only for a head of service, every module for the direction."""

from django.utils import timezone

from territoires.comptes.models import Role
from territoires.pilotage.chiffres import Periode, chiffres_cles
from territoires.ui import home

#: The permission that opens a module's detailed figures: a head of service sees the modules
#: whose figures their service may read.
MODULES_PERMS = {
    "ingenierie": "ingenierie.view_stats",
    "aides": "aides.view_tableau",
    "clauses": "clauses.view_bilan",
}
#: The headline figures of a module on the home page (the year's key ones, not each scheme).
A_LA_UNE = (
    "ingenierie.demandes",
    "ingenierie.communes_servies_pct",
    "ingenierie.projets_suivis",
    "aides.dossiers_votes",
    "aides.montant_accorde",
    "aides.taux_moyen",
    "clauses.heures",
    "participation.votants",
    "participation.projets_realises",
)


def _a_la_une(cle: str, annee: int) -> bool:
    return cle in A_LA_UNE or cle.removesuffix(f".{annee}") in A_LA_UNE


def _contexte(modules: set[str] | None):
    def get_context(request) -> dict:
        annee = timezone.localdate().year
        chiffres = [
            c
            for c in chiffres_cles(Periode(depuis=annee, jusqu_a=annee))
            if _a_la_une(c["cle"], annee) and (modules is None or c["cle"].split(".")[0] in modules)
        ]
        if modules is not None:
            modules_vus = {m for m, perm in MODULES_PERMS.items() if request.user.has_perm(perm)}
            chiffres = [c for c in chiffres if c["cle"].split(".")[0] in modules_vus]
        return {"chiffres": chiffres, "annee": annee}

    return get_context


home.register_section(
    "pilotage.service",
    title="Activité du service",
    audiences={Role.CHEF_SERVICE.value},
    template_name="pilotage/chiffres/home.html",
    get_context=_contexte(set(MODULES_PERMS)),
)
home.register_section(
    "pilotage.tableaux",
    title="Tableaux de bord",
    audiences={Role.DIRECTION.value},
    template_name="pilotage/chiffres/home.html",
    get_context=_contexte(None),
)
