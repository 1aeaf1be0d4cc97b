"""Companies, buyers (donneurs d'ordre) and the obligations of a company's members."""

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from ..models import Attribution, DonneurOrdre, Entreprise, HeuresMensuelles, Lot
from .chiffres import ZERO


def donneurs_ordre_list() -> QuerySet[DonneurOrdre]:
    return (
        DonneurOrdre.objects.select_related("organisation")
        .annotate(marches_n=Count("marches"))
        .order_by("nom", "pk")
    )


def entreprises_list() -> QuerySet[Entreprise]:
    """Companies with their hours, by name (search and sorts: `filters.EntrepriseFilter`)."""
    qs = Entreprise.objects.select_related("commune").annotate(
        total=Coalesce(
            Subquery(
                HeuresMensuelles.objects.filter(entreprise=OuterRef("pk"))
                .values("entreprise")
                .annotate(s=Sum("heures"))
                .values("s")[:1]
            ),
            ZERO,
        )
    )
    return qs.order_by("nom", "pk")


def obligations_for_user(user) -> list[Lot]:
    """The lots of the user's companies: hours stipulated and their own hours realised."""
    from territoires.comptes.rules import active_memberships

    ids = {m.organisation_id for m in active_memberships(user)}
    return list(
        Lot.objects.filter(entreprises__organisation_id__in=ids)
        .distinct()
        .select_related("marche__donneur_ordre")
        .annotate(
            realisees=Coalesce(
                Subquery(
                    HeuresMensuelles.objects.filter(
                        lot=OuterRef("pk"), entreprise__organisation_id__in=ids
                    )
                    .values("lot")
                    .annotate(s=Sum("heures"))
                    .values("s")[:1]
                ),
                ZERO,
            )
        )
        .annotate(
            role=Subquery(
                Attribution.objects.filter(lot=OuterRef("pk"), entreprise__organisation_id__in=ids)
                .order_by("role")
                .values("role")[:1]
            )
        )
        .order_by("marche__reference", "numero")
    )
