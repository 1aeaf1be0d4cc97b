"""The sections of a territory page, cut to the reader's view (public, member, full).

Every read goes through a domain's selector; the number of queries is fixed (about a dozen),
whatever the communes and the data.
"""

from territoires.aides.selectors.territoires import (
    contrats_f2d_pour_communes,
    dossiers_recents_pour_communes,
    subventions_par_dispositif_pour_communes,
)
from territoires.clauses.selectors import heures_pour_communes
from territoires.ingenierie.agence.selectors import agence_pour_territoire
from territoires.ingenierie.selectors import (
    sollicitations_recentes_pour_communes,
    sollicitations_repartitions_pour_communes,
)
from territoires.opendata.selectors import datasets_published_for_communes
from territoires.participation.selectors import projets_pour_communes
from territoires.pilotage.rules import VUE_COMPLETE, VUE_PUBLIQUE
from territoires.ui.charts import bar_chart

LISTE_MAX = 20


def sections(
    *, codes: list[str], vue: str, organisation_ids: set[int], annees, epci_siren: str = ""
) -> dict:
    """What the reader sees of the communes `codes` (and of the EPCI `epci_siren`, its page).

    `organisation_ids`: the reader's organisations among the territory's (member view);
    `annees`: the period of the clause hours (an object with `depuis` and `jusqu_a`).
    """
    detail = vue != VUE_PUBLIQUE
    propres = None if vue == VUE_COMPLETE else organisation_ids
    # Contracts and agency: the public reads what is deliberated (a contract, its envelope, a
    # paid membership), a member also its own organisation's detail, the full view everything.
    permises = None if vue == VUE_COMPLETE else (organisation_ids if detail else set())
    repartitions = sollicitations_repartitions_pour_communes(codes)
    subventions = subventions_par_dispositif_pour_communes(codes)
    if not detail:
        subventions = [{**row, "verse": None} for row in subventions]
        repartitions = {"par_annee": repartitions["par_annee"]}
    elif vue != VUE_COMPLETE:
        repartitions.pop("par_referent")
    projets = projets_pour_communes(codes)
    if not detail:
        projets = projets.filter(soumis_au_vote=True)
    return {
        "demandes_total": sum(r["n"] for r in repartitions["par_annee"]),
        "repartitions": repartitions,
        "graphique_annees": bar_chart(repartitions["par_annee"], libelle="libelle", valeur="n"),
        "demandes": sollicitations_recentes_pour_communes(
            codes, organisation_ids=propres, limite=LISTE_MAX
        )
        if detail
        else [],
        "subventions": subventions,
        "dossiers": dossiers_recents_pour_communes(
            codes, organisation_ids=propres, limite=LISTE_MAX
        )
        if detail
        else [],
        "contrats": contrats_f2d_pour_communes(codes, organisation_ids=permises),
        "agence": agence_pour_territoire(codes, epci_siren=epci_siren, organisation_ids=permises),
        "clauses": heures_pour_communes(codes, depuis=annees.depuis, jusqu_a=annees.jusqu_a),
        "projets": list(projets.order_by("-campagne__vote_debut", "code")[:LISTE_MAX]),
        "jeux": list(datasets_published_for_communes(codes)[:LISTE_MAX]),
    }
