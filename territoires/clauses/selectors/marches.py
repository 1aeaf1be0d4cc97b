"""The marchés a user may see, their lots and their aggregate figures."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from ..models import ConfigurationClauses, Contrat, HeuresMensuelles, Lot, Marche
from .chiffres import ZERO, bornes, masque, pct


def _prescrites_sq():
    return Coalesce(
        Subquery(
            Lot.objects.filter(marche=OuterRef("pk"))
            .values("marche")
            .annotate(s=Sum("heures_prescrites"))
            .values("s")[:1]
        ),
        ZERO,
    )


def _realisees_sq():
    return Coalesce(
        Subquery(
            HeuresMensuelles.objects.filter(lot__marche=OuterRef("pk"))
            .values("lot__marche")
            .annotate(s=Sum("heures"))
            .values("s")[:1]
        ),
        ZERO,
    )


def marches_for_user(user) -> QuerySet[Marche]:
    """Marchés the user may see: all for Département staff, else their buyer's or company's."""
    from territoires.comptes.rules import active_memberships

    qs = Marche.objects.select_related("donneur_ordre", "operation")
    if user.has_perm("clauses.view_bilan"):
        return qs
    ids = {m.organisation_id for m in active_memberships(user)}
    return qs.filter(
        Q(donneur_ordre__organisation_id__in=ids)
        | Q(pk__in=Lot.objects.filter(entreprises__organisation_id__in=ids).values("marche"))
    )


def marches_list(user, *, annee: int | None = None) -> QuerySet[Marche]:
    """The marchés the user may see with their stipulated and realised hours, latest first
    (search and sorts: `filters.MarcheFilter`)."""
    qs = marches_for_user(user).annotate(prescrites=_prescrites_sq(), realisees=_realisees_sq())
    if annee:
        debut, fin = bornes(annee)
        qs = qs.filter(date_notification__gte=debut, date_notification__lt=fin)
    return qs.order_by("-date_notification", "reference", "pk")


def lots_for_marche(marche: Marche) -> list[Lot]:
    return list(
        marche.lots.annotate(
            realisees=Coalesce(
                Subquery(
                    HeuresMensuelles.objects.filter(lot=OuterRef("pk"))
                    .values("lot")
                    .annotate(s=Sum("heures"))
                    .values("s")[:1]
                ),
                ZERO,
            )
        ).prefetch_related("attributions__entreprise")
    )


def marche_synthese(marche: Marche, *, masquer: bool = False) -> dict:
    """Aggregates of one marché (what a buyer may see).

    `masquer` hides counts of people under the statistical threshold (everyone but the
    facilitator); hours and companies stay exact (the buyer knows its contractors).
    """
    qs = HeuresMensuelles.objects.filter(lot__marche=marche)
    agg = qs.aggregate(
        heures=Coalesce(Sum("heures"), ZERO),
        participants=Count("participant", distinct=True),
        entreprises=Count("entreprise", distinct=True),
        femmes=Count("participant", distinct=True, filter=Q(participant__sexe="F")),
    )
    prescrites = marche.lots.aggregate(s=Coalesce(Sum("heures_prescrites"), ZERO))["s"]
    agg["prescrites"] = prescrites
    agg["taux"] = pct(agg["heures"], prescrites, "1")
    agg["par_type_contrat"] = [
        {
            "libelle": Contrat.Type(row["contrat__type_contrat"]).label,
            "participants": row["participants"],
            "heures": row["heures"],
        }
        for row in qs.values("contrat__type_contrat")
        .annotate(participants=Count("participant", distinct=True), heures=Sum("heures"))
        .order_by("contrat__type_contrat")
    ]
    agg["seuil"] = ConfigurationClauses.courante().seuil_secret_statistique
    agg["par_entreprise"] = list(
        qs.values("entreprise__nom").annotate(heures=Sum("heures")).order_by("entreprise__nom")
    )
    if masquer:
        seuil = agg["seuil"]
        agg["participants"] = masque(agg["participants"], seuil)
        agg["femmes"] = masque(agg["femmes"], seuil)
        for row in agg["par_type_contrat"]:
            row["participants"] = masque(row["participants"], seuil)
    return agg


def contrats_for_marche(marche: Marche) -> QuerySet[Contrat]:
    """Participant-level rows: for the facilitator only."""
    return (
        Contrat.objects.filter(lots__marche=marche)
        .distinct()
        .select_related("participant", "entreprise")
        .annotate(
            total=Coalesce(
                Subquery(
                    HeuresMensuelles.objects.filter(contrat=OuterRef("pk"), lot__marche=marche)
                    .values("contrat")
                    .annotate(s=Sum("heures"))
                    .values("s")[:1]
                ),
                ZERO,
            )
        )
        .order_by("date_debut", "pk")
    )
