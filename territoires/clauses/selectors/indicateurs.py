"""The seed 004 indicators the first reports lacked: longer contracts, people on several clause
sites, requests for support received by the facilitator. Their definitions travel with them
(page, PDF, XLSX, JSON, command)."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from ..models import ConfigurationClauses, Contrat, DemandeAccompagnement
from .chiffres import bornes, pct
from .parcours import PLUSIEURS_CHANTIERS, Parcours


def _moyenne(heures: Decimal, personnes: int) -> float | None:
    if not personnes:
        return None
    return float((heures / personnes).quantize(Decimal("0.1"), ROUND_HALF_UP))


def demandes_de_l_annee(annee: int) -> dict:
    """Requests received in the year and the year before, and the year's by outcome: one
    query."""
    debut, fin = bornes(annee)
    debut_prec = bornes(annee - 1)[0]
    lignes = (
        DemandeAccompagnement.objects.filter(date_reception__gte=debut_prec, date_reception__lt=fin)
        .values_list("suite")
        .annotate(
            n=Count("pk", filter=Q(date_reception__gte=debut)),
            prec=Count("pk", filter=Q(date_reception__lt=debut)),
        )
        .order_by()
    )
    par_suite = {suite: (n, prec) for suite, n, prec in lignes}
    return {
        "demandes_accompagnement": sum(n for n, _ in par_suite.values()),
        "demandes_accompagnement_annee_precedente": sum(p for _, p in par_suite.values()),
        "demandes_par_suite": [
            {"suite": s.value, "libelle": s.label, "demandes": par_suite[s.value][0]}
            for s in DemandeAccompagnement.Suite
            if par_suite.get(s.value, (0, 0))[0]
        ],
    }


def indicateurs_seed004(parcours: Parcours, precedente: Parcours, annee: int) -> dict:
    participants = len(parcours.participants)
    longs = len(parcours.contrats_longs)
    plusieurs = parcours.plusieurs_chantiers
    return {
        "participants_contrats_longs": longs,
        "participants_contrats_longs_pct": pct(longs, participants),
        "participants_contrats_longs_annee_precedente": len(precedente.contrats_longs),
        "heures_par_participant": _moyenne(parcours.heures, participants),
        "heures_par_participant_annee_precedente": _moyenne(
            precedente.heures, len(precedente.participants)
        ),
        "participants_plusieurs_chantiers": plusieurs,
        "participants_plusieurs_chantiers_pct": pct(plusieurs, participants),
        **demandes_de_l_annee(annee),
    }


def definitions(config: ConfigurationClauses) -> dict[str, str]:
    """How each seed 004 indicator is computed, with this instance's settings."""
    types = ", ".join(
        str(Contrat.Type(code).label)
        for code in config.types_contrats_longs
        if code in Contrat.Type.values
    )
    return {
        "participants_contrats_longs": (
            "Personnes ayant des heures dans l'année au titre d'au moins un contrat long : "
            f"un contrat de type {types or '(aucun type configuré)'}, ou tout autre contrat "
            f"d'au moins {config.duree_contrat_long_mois} mois du début à la fin."
        ),
        "heures_par_participant": (
            "Heures réalisées dans l'année divisées par le nombre de personnes qui en ont fait."
        ),
        "participants_plusieurs_chantiers": (
            f"Personnes ayant des heures dans l'année sur au moins {PLUSIEURS_CHANTIERS} "
            "chantiers à clause différents (l'opération du marché, ou le marché lui-même "
            "quand il n'est rattaché à aucune opération)."
        ),
        "demandes_accompagnement": (
            "Demandes d'accompagnement reçues par la facilitatrice dans l'année (date de "
            "réception), quelle qu'en soit la suite, conventions signées ou non."
        ),
    }
