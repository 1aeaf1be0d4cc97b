"""Reads of the aides for a territory or a reader on top (pilotage): the dossiers of a set of
communes, what was granted and paid there, the next commissions with their dossiers.

Every function takes INSEE codes and runs a number of queries that does not grow with them.
"""

import datetime
from collections.abc import Collection

from django.db.models import Count, Q, QuerySet, Sum

from territoires.comptes.models import Organisation

from ..models import ZERO, ContratF2D, Dossier, OperationContrat, SessionProgrammation, Versement


def sessions_a_venir(
    *, today: datetime.date, communes: Collection[str] | None = None, limit: int = 3
) -> list[dict]:
    """The next commission dates (from `today`) with the dossiers on their agenda whose
    beneficiary is one of these communes (INSEE codes; None: all of them).

    The first item is always the next commission date, even with none of these dossiers; then
    the following dates that have some, `limit` dates at most. For the elected officials' home
    page (pilotage): two queries whatever the communes, at most `DOSSIERS_MAX` dossiers.
    Returns `[{"date": date, "sessions": [SessionProgrammation, …], "dossiers": [Dossier, …]}]`.
    """
    prochaine = (
        SessionProgrammation.objects.filter(date_commission__gte=today)
        .order_by("date_commission")
        .values_list("date_commission", flat=True)
        .first()
    )
    if prochaine is None:
        return []
    dossiers = (
        Dossier.objects.filter(session__date_commission__gte=today)
        .exclude(statut__in=[Dossier.Statut.BROUILLON, Dossier.Statut.SANS_SUITE])
        .select_related("organisation", "dispositif", "session")
        .order_by("session__date_commission", "organisation__nom", "pk")
    )
    if communes is not None:
        dossiers = dossiers.filter(organisation__commune__code__in=list(communes))
    dates: dict[datetime.date, list] = {prochaine: []}
    for dossier in dossiers[:DOSSIERS_MAX]:
        date = dossier.session.date_commission
        if date in dates or len(dates) < max(1, limit):
            dates.setdefault(date, []).append(dossier)
    return [
        {
            "date": date,
            "sessions": list({d.session_id: d.session for d in liste}.values()),
            "dossiers": liste,
        }
        for date, liste in sorted(dates.items())
    ]


DOSSIERS_MAX = 200


# --- For a territory (pilotage) -----------------------------------------------------------------


def dossiers_pour_communes(codes) -> QuerySet[Dossier]:
    """Dossiers about one of the communes `codes` (INSEE) or carried by their organisations:
    their keys from one subquery, the UNION of both, each read by index (an OR of two IN
    subqueries made PostgreSQL read every dossier, 30 ms a query at 200,000)."""
    concernees = Dossier.communes.through.objects.filter(commune__code__in=codes)
    portes = Dossier.objects.filter(
        organisation__in=Organisation.objects.filter(commune__code__in=codes).values("pk")
    )
    cles = concernees.values("dossier_id").union(portes.order_by().values("pk"))
    return Dossier.objects.filter(pk__in=cles)


def montant_verse_pour_dossiers(dossiers: QuerySet[Dossier], *, depuis: int, jusqu_a: int):
    """What was paid on `dossiers` in the years [depuis, jusqu_a] (one query)."""
    paid = Versement.objects.filter(
        dossier__in=dossiers.values("pk"),
        statut=Versement.Statut.PAYE,
        paye_le__year__gte=depuis,
        paye_le__year__lte=jusqu_a,
    )
    return paid.aggregate(s=Sum("montant_verse"))["s"] or ZERO


def dossiers_attribues_pour_communes(codes, *, depuis: int, jusqu_a: int) -> QuerySet[Dossier]:
    """Dossiers of `dossiers_pour_communes` attributed by a decision in [depuis, jusqu_a]."""
    return dossiers_pour_communes(codes).filter(
        statut__in=Dossier.STATUTS_ATTRIBUES,
        decide_le__year__gte=depuis,
        decide_le__year__lte=jusqu_a,
    )


def subventions_pour_communes(codes, *, depuis: int, jusqu_a: int) -> dict:
    """Dossiers voted, amount granted (decided in the years) and paid (paid in the years)."""
    votes = dossiers_attribues_pour_communes(codes, depuis=depuis, jusqu_a=jusqu_a).aggregate(
        n=Count("pk"), montant=Sum("montant_attribue")
    )
    verse = montant_verse_pour_dossiers(
        dossiers_pour_communes(codes), depuis=depuis, jusqu_a=jusqu_a
    )
    return {"dossiers_votes": votes["n"], "montant_accorde": votes["montant"] or ZERO,
            "montant_verse": verse}  # fmt: skip


def dossiers_decides_depuis(codes, *, depuis: datetime.date, limite: int) -> list[Dossier]:
    """The latest dossiers of the communes attributed since `depuis` (bounded, one query)."""
    qs = dossiers_pour_communes(codes).filter(
        statut__in=Dossier.STATUTS_ATTRIBUES, decide_le__gte=depuis
    )
    return list(qs.select_related("dispositif").order_by("-decide_le", "-pk")[:limite])


def subventions_par_dispositif_pour_communes(codes) -> list[dict]:
    """Grants of the communes by scheme and decision year: number, granted, paid (two queries)."""
    from django.db.models.functions import ExtractYear

    attribues = dossiers_pour_communes(codes).filter(
        statut__in=Dossier.STATUTS_ATTRIBUES, decide_le__isnull=False
    )
    rows = list(
        attribues.annotate(annee=ExtractYear("decide_le"))
        .values("annee", "dispositif__nom")
        .annotate(n=Count("pk"), accorde=Sum("montant_attribue"))
        .order_by("annee", "dispositif__nom")
    )
    verses = {
        (r["annee"], r["dossier__dispositif__nom"]): r["verse"]
        for r in Versement.objects.filter(
            dossier__in=attribues.values("pk"), statut=Versement.Statut.PAYE
        )
        .annotate(annee=ExtractYear("dossier__decide_le"))
        .values("annee", "dossier__dispositif__nom")
        .annotate(verse=Sum("montant_verse"))
        .order_by()
    }
    return [
        {
            "annee": r["annee"],
            "dispositif": r["dispositif__nom"],
            "n": r["n"],
            "accorde": r["accorde"] or ZERO,
            "verse": verses.get((r["annee"], r["dispositif__nom"])) or ZERO,
        }
        for r in rows
    ]


def dossiers_recents_pour_communes(codes, *, organisation_ids=None, limite: int) -> list[Dossier]:
    """The latest dossiers of the communes (only those of `organisation_ids` when given)."""
    qs = dossiers_pour_communes(codes)
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    qs = qs.select_related("dispositif", "organisation").order_by("-depose_le", "-pk")
    return list(qs[:limite])


def par_commune(*, depuis: int, jusqu_a: int, codes=None) -> dict[str, dict]:
    """Per INSEE code of the applicant commune (all, or only `codes`), over the civil years
    [depuis, jusqu_a]: dossiers voted and amount granted (by decision date), amount paid (by
    payment date). Two queries, whatever the number of communes (used by the pilotage maps)."""
    rows: dict[str, dict] = {}
    communes = Q(organisation__commune__isnull=False)
    if codes is not None:
        communes = Q(organisation__in=Organisation.objects.filter(commune__code__in=list(codes)))
    attribues = (
        Dossier.objects.filter(
            communes,
            statut__in=Dossier.STATUTS_ATTRIBUES,
            decide_le__year__gte=depuis,
            decide_le__year__lte=jusqu_a,
        )
        .values_list("organisation__commune__code")
        .annotate(nombre=Count("pk"), total=Sum("montant_attribue"))
        .order_by()
    )
    for code, nombre, total in attribues:
        rows[code] = {"votes": nombre, "accorde": total or ZERO, "verse": ZERO}
    verses = (
        Versement.objects.filter(
            paye_le__year__gte=depuis,
            paye_le__year__lte=jusqu_a,
            montant_verse__isnull=False,
            dossier__in=Dossier.objects.filter(communes).values("pk"),
        )
        .values_list("dossier__organisation__commune__code")
        .annotate(total=Sum("montant_verse"))
        .order_by()
    )
    for code, total in verses:
        rows.setdefault(code, {"votes": 0, "accorde": ZERO, "verse": ZERO})["verse"] = total or ZERO
    return rows


def contrats_f2d_pour_communes(codes, *, organisation_ids=None) -> list[dict]:
    """The F2D contracts of the EPCIs the communes `codes` (INSEE) belong to, for a territory
    page (pilotage): `[{"contrat": ContratF2D, "operations": [dict] | None}]`, newest first.

    Each operation: `{"intitule", "montant_prevu", "engage", "verse"}`, where `engage` sums the
    grants of its attributed dossiers and `verse` what was paid on them. The operations are
    read only for the contracts of `organisation_ids` (None: every contract; the others get
    `None`: the public sees the contract and its envelope). At most four queries.
    """
    contrats = list(
        ContratF2D.objects.filter(
            pk__in=ContratF2D.objects.filter(
                organisation__epci__communes__code__in=list(codes)
            ).values("pk")
        )
        .select_related("organisation", "dispositif")
        .order_by("-annee_debut", "organisation__nom", "pk")
    )
    detailles = [
        c.pk for c in contrats if organisation_ids is None or c.organisation_id in organisation_ids
    ]
    par_contrat: dict[int, list[dict]] = {pk: [] for pk in detailles}
    if detailles:
        operations = OperationContrat.objects.filter(contrat_id__in=detailles).order_by(
            "contrat_id", "intitule", "pk"
        )
        engages = dict(
            Dossier.objects.filter(
                operation__contrat_id__in=detailles, statut__in=Dossier.STATUTS_ATTRIBUES
            )
            .values_list("operation_id")
            .annotate(s=Sum("montant_attribue"))
            .order_by()
        )
        verses = dict(
            Versement.objects.filter(
                dossier__operation__contrat_id__in=detailles, statut=Versement.Statut.PAYE
            )
            .values_list("dossier__operation_id")
            .annotate(s=Sum("montant_verse"))
            .order_by()
        )
        for operation in operations:
            par_contrat[operation.contrat_id].append(
                {
                    "intitule": operation.intitule,
                    "montant_prevu": operation.montant_prevu,
                    "engage": engages.get(operation.pk) or ZERO,
                    "verse": verses.get(operation.pk) or ZERO,
                }
            )
    return [{"contrat": c, "operations": par_contrat.get(c.pk)} for c in contrats]
