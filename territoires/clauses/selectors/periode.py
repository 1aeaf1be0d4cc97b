"""The facilitation's headcounts over a period of several years: a person or a company with
insertion hours in two years of the period counts once (the yearly report counts one year)."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from ..models import ConfigurationClauses, HeuresMensuelles, Marche
from .chiffres import ZERO, bornes, masque, nombre


def effectifs_periode(*, depuis: int, jusqu_a: int, masquer: bool = False) -> dict:
    """Hours done in the years [depuis, jusqu_a] (inclusive) and the distinct companies,
    people and buyers behind them, each counted once over the period. Four queries.

    The definitions are the yearly report's (`bilan_annuel`), so a one-year period gives its
    `heures_realisees`, `entreprises`, `participants` and `donneurs_ordre`: buyers with a marché
    notified or hours done in the period. `masquer` hides the counts of people and companies
    under the statistical threshold, as the report does; hours and buyers stay exact.
    """
    debut, fin = bornes(depuis)[0], bornes(jusqu_a)[1]
    heures = HeuresMensuelles.objects.filter(mois__gte=debut, mois__lt=fin)
    comptes = heures.aggregate(
        heures=Coalesce(Sum("heures"), ZERO),
        entreprises=Count("entreprise", distinct=True),
        participants=Count("participant", distinct=True),
    )
    donneurs = set(
        Marche.objects.filter(
            Q(date_notification__gte=debut, date_notification__lt=fin)
            | Q(pk__in=heures.values("lot__marche"))
        )
        .values_list("donneur_ordre_id", flat=True)
        .distinct()
        .order_by()
    )
    resultat = {
        "depuis": depuis,
        "jusqu_a": jusqu_a,
        "heures_realisees": nombre(comptes["heures"]),
        "entreprises": comptes["entreprises"],
        "participants": comptes["participants"],
        "donneurs_ordre": len(donneurs),
    }
    if masquer:
        seuil = ConfigurationClauses.courante().seuil_secret_statistique
        resultat["seuil_secret_statistique"] = seuil
        for cle in ("entreprises", "participants"):
            resultat[cle] = masque(resultat[cle], seuil)
    return resultat
