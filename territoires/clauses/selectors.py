"""Reads of the clauses module: the yearly report (SQL aggregates only), lists, alerts."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import (
    Attribution,
    Configuration,
    Contrat,
    ConventionAccompagnement,
    Critere,
    DonneurOrdre,
    Entreprise,
    HeuresMensuelles,
    Lot,
    Marche,
    Participant,
    Reunion,
)

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))


def bornes(annee: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(annee, 1, 1), datetime.date(annee + 1, 1, 1)


def nombre(value) -> int | float:
    """Hours for JSON: an integer when whole, else two decimals."""
    value = Decimal(value or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return int(value) if value == value.to_integral_value() else float(value)


def _pct(part, total, decimales: str = "0.1") -> float | None:
    if not total:
        return None
    return float((Decimal(part) * 100 / Decimal(total)).quantize(Decimal(decimales), ROUND_HALF_UP))


def heures_de_l_annee(annee: int) -> QuerySet[HeuresMensuelles]:
    debut, fin = bornes(annee)
    return HeuresMensuelles.objects.filter(mois__gte=debut, mois__lt=fin)


def lots_notifies(annee: int) -> QuerySet[Lot]:
    debut, fin = bornes(annee)
    return Lot.objects.filter(
        marche__date_notification__gte=debut, marche__date_notification__lt=fin
    )


def _comptes_annee(annee: int) -> dict:
    departement = settings.TERRITOIRES_DEPARTEMENT
    return heures_de_l_annee(annee).aggregate(
        heures=Coalesce(Sum("heures"), ZERO),
        entreprises=Count("entreprise", distinct=True),
        entreprises_departement=Count(
            "entreprise",
            distinct=True,
            filter=Q(entreprise__commune__departement__code=departement),
        ),
        entreprises_moins_20=Count(
            "entreprise", distinct=True, filter=Q(entreprise__effectif__lt=20)
        ),
        entreprises_moins_5=Count(
            "entreprise", distinct=True, filter=Q(entreprise__effectif__lt=5)
        ),
        participants=Count("participant", distinct=True),
        femmes=Count("participant", distinct=True, filter=Q(participant__sexe="F")),
        residents=Count(
            "participant", distinct=True, filter=Q(participant__reside_departement=True)
        ),
    )


def bilan_annuel(annee: int, *, masquer: bool = False) -> dict:
    """The yearly report of issue 5, with its exact keys; every figure is an SQL aggregate.

    `masquer` hides counts of people or companies under the statistical threshold: for
    everyone but the facilitator (public figures, open data, other staff); hours stay exact.
    """
    config = Configuration.courante()
    debut, fin = bornes(annee)
    base_etp = config.base_etp
    prescrites = lots_notifies(annee).aggregate(s=Coalesce(Sum("heures_prescrites"), ZERO))["s"]
    prescrites_prec = lots_notifies(annee - 1).aggregate(
        s=Coalesce(Sum("heures_prescrites"), ZERO)
    )["s"]
    comptes = _comptes_annee(annee)
    heures_prec = heures_de_l_annee(annee - 1).aggregate(
        entreprises=Count("entreprise", distinct=True),
        participants=Count("participant", distinct=True),
    )
    heures = comptes["heures"]
    annee_qs = heures_de_l_annee(annee)

    # Buyers: with a marché notified in the year or hours in the year.
    marches_notifies = set(
        Marche.objects.filter(date_notification__gte=debut, date_notification__lt=fin).values_list(
            "pk", flat=True
        )
    )
    marches_heures = set(annee_qs.values_list("lot__marche", flat=True).distinct().order_by())
    marches_actifs = marches_notifies | marches_heures
    prescrites_par_do = {
        row["marche__donneur_ordre"]: row["s"]
        for row in lots_notifies(annee)
        .values("marche__donneur_ordre")
        .annotate(s=Sum("heures_prescrites"))
        .order_by()
    }
    realisees_par_do = {
        row["lot__marche__donneur_ordre"]: row["s"]
        for row in annee_qs.values("lot__marche__donneur_ordre")
        .annotate(s=Sum("heures"))
        .order_by()
    }
    marches_par_do: dict[int, int] = {}
    operations: set = set()
    for marche_id, do_id, operation_id in Marche.objects.filter(pk__in=marches_actifs).values_list(
        "pk", "donneur_ordre_id", "operation_id"
    ):
        marches_par_do[do_id] = marches_par_do.get(do_id, 0) + 1
        operations.add(operation_id or -marche_id)
    anciens = Exists(
        Marche.objects.filter(donneur_ordre=OuterRef("pk"), date_notification__lt=debut)
    ) | Exists(
        HeuresMensuelles.objects.filter(lot__marche__donneur_ordre=OuterRef("pk"), mois__lt=debut)
    )
    donneurs = list(
        DonneurOrdre.objects.filter(pk__in=marches_par_do.keys())
        .annotate(ancien=anciens)
        .order_by("nom")
    )
    categories = [c for c in DonneurOrdre.Categorie]
    rang = {c.value: i for i, c in enumerate(categories)}
    donneurs.sort(key=lambda d: (rang[d.categorie], d.nom))
    par_donneur_ordre = [
        {
            "siret": d.siret,
            "nom": d.nom,
            "categorie": d.categorie,
            "categorie_libelle": d.get_categorie_display(),
            "marches": marches_par_do.get(d.pk, 0),
            "heures_prescrites": nombre(prescrites_par_do.get(d.pk)),
            "heures_realisees": nombre(realisees_par_do.get(d.pk)),
        }
        for d in donneurs
    ]
    par_categorie = []
    for categorie in categories:
        lignes = [d for d in donneurs if d.categorie == categorie.value]
        if not lignes:
            continue
        par_categorie.append(
            {
                "categorie": categorie.value,
                "libelle": categorie.label,
                "donneurs_ordre": len(lignes),
                "marches": sum(marches_par_do.get(d.pk, 0) for d in lignes),
                "heures_prescrites": nombre(
                    sum((prescrites_par_do.get(d.pk) or 0) for d in lignes)
                ),
                "heures_realisees": nombre(sum((realisees_par_do.get(d.pk) or 0) for d in lignes)),
            }
        )

    types = {
        row["contrat__type_contrat"]: row
        for row in annee_qs.values("contrat__type_contrat")
        .annotate(participants=Count("participant", distinct=True), heures=Sum("heures"))
        .order_by()
    }
    par_type_contrat = [
        {
            "type_contrat": t.value,
            "libelle": t.label,
            "participants": types[t.value]["participants"],
            "heures": nombre(types[t.value]["heures"]),
        }
        for t in Contrat.Type
        if t.value in types
    ]
    Through = Participant.criteres.through
    par_code = dict(
        Through.objects.filter(participant_id__in=annee_qs.values("participant"))
        .values_list("critere__code")
        .annotate(n=Count("participant_id"))
        .order_by()
    )
    par_critere = [
        {"critere": c.code, "libelle": c.libelle, "participants": par_code.get(c.code, 0)}
        for c in Critere.objects.all()
        if par_code.get(c.code)
    ]

    bilan = {
        "annee": annee,
        "heures_prescrites": nombre(prescrites),
        "heures_prescrites_annee_precedente": nombre(prescrites_prec),
        "evolution_heures_prescrites_pct": (
            float(
                ((prescrites - prescrites_prec) * 100 / prescrites_prec).quantize(
                    Decimal("0.1"), ROUND_HALF_UP
                )
            )
            if prescrites_prec
            else None
        ),
        "heures_realisees": nombre(heures),
        "base_etp": nombre(base_etp),
        "etp": float((Decimal(heures) / base_etp).quantize(Decimal("0.1"), ROUND_HALF_UP)),
        "entreprises": comptes["entreprises"],
        "entreprises_annee_precedente": heures_prec["entreprises"],
        "entreprises_departement": comptes["entreprises_departement"],
        "entreprises_moins_20": comptes["entreprises_moins_20"],
        "entreprises_moins_5": comptes["entreprises_moins_5"],
        "participants": comptes["participants"],
        "participants_annee_precedente": heures_prec["participants"],
        "femmes": comptes["femmes"],
        "residents_departement_pct": _pct(comptes["residents"], comptes["participants"]),
        "donneurs_ordre": len(donneurs),
        "nouveaux_donneurs_ordre": sum(1 for d in donneurs if not d.ancien),
        "par_type_contrat": par_type_contrat,
        "par_critere": par_critere,
        "par_donneur_ordre": par_donneur_ordre,
        "par_categorie": par_categorie,
        "chantiers_suivis": len(operations),
        "reunions_chantier": Reunion.objects.filter(
            type=Reunion.Type.REUNION_CHANTIER, date__gte=debut, date__lt=fin
        ).count(),
        "conventions_signees": ConventionAccompagnement.objects.filter(
            date_signature__gte=debut, date_signature__lt=fin
        ).count(),
    }
    if masquer:
        bilan = masquer_petits_effectifs(bilan, seuil=config.seuil_secret_statistique)
    return bilan


CLES_EFFECTIFS = (
    "participants",  # also the column of par_type_contrat and par_critere
    "entreprises",
    "entreprises_annee_precedente",
    "entreprises_departement",
    "entreprises_moins_20",
    "entreprises_moins_5",
    "participants_annee_precedente",
    "femmes",
)


def _masque(valeur, seuil: int):
    return None if valeur and 0 < valeur < seuil else valeur


def masquer_petits_effectifs(bilan: dict, *, seuil: int) -> dict:
    """Counts of people or companies from 1 to seuil − 1 become None (secret statistique).

    The masked report says which threshold applied (`seuil_secret_statistique`).
    """
    bilan = dict(bilan, seuil_secret_statistique=seuil)
    for cle in CLES_EFFECTIFS:
        bilan[cle] = _masque(bilan[cle], seuil)
    if bilan["participants"] is None:
        bilan["residents_departement_pct"] = None
    bilan["par_type_contrat"] = [
        {**row, "participants": _masque(row["participants"], seuil)}
        for row in bilan["par_type_contrat"]
    ]
    bilan["par_critere"] = [
        {**row, "participants": _masque(row["participants"], seuil)} for row in bilan["par_critere"]
    ]
    return bilan


def annees_disponibles() -> list[int]:
    annees = set()
    premier = HeuresMensuelles.objects.order_by("mois").values_list("mois", flat=True).first()
    dernier = HeuresMensuelles.objects.order_by("-mois").values_list("mois", flat=True).first()
    if premier and dernier:
        annees.update(range(premier.year, dernier.year + 1))
    for d in Marche.objects.exclude(date_notification=None).dates("date_notification", "year"):
        annees.add(d.year)
    return sorted(annees, reverse=True)


# --- Lists ---------------------------------------------------------------------------------------


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


def marches_visibles(user) -> QuerySet[Marche]:
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


def marches_liste(user, *, q: str = "", annee: int | None = None) -> QuerySet[Marche]:
    qs = marches_visibles(user).annotate(prescrites=_prescrites_sq(), realisees=_realisees_sq())
    if q:
        qs = qs.filter(
            Q(reference__icontains=q)
            | Q(objet__icontains=q)
            | Q(donneur_ordre__nom__icontains=q)
            | Q(donneur_ordre__siret=q)
        )
    if annee:
        debut, fin = bornes(annee)
        qs = qs.filter(date_notification__gte=debut, date_notification__lt=fin)
    return qs


def lots_du_marche(marche: Marche) -> list[Lot]:
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
    agg["taux"] = _pct(agg["heures"], prescrites, "1")
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
    agg["seuil"] = Configuration.courante().seuil_secret_statistique
    agg["par_entreprise"] = list(
        qs.values("entreprise__nom").annotate(heures=Sum("heures")).order_by("entreprise__nom")
    )
    if masquer:
        seuil = agg["seuil"]
        agg["participants"] = _masque(agg["participants"], seuil)
        agg["femmes"] = _masque(agg["femmes"], seuil)
        for row in agg["par_type_contrat"]:
            row["participants"] = _masque(row["participants"], seuil)
    return agg


def contrats_du_marche(marche: Marche) -> QuerySet[Contrat]:
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


def participants_liste(*, q: str = "") -> QuerySet[Participant]:
    qs = Participant.objects.select_related("commune_residence").prefetch_related("criteres")
    qs = qs.annotate(
        total=Coalesce(Sum("heures__heures"), ZERO), contrats_n=Count("contrats", distinct=True)
    )
    if q:
        qs = qs.filter(identifiant__icontains=q)
    return qs.order_by("identifiant")


def donneurs_liste() -> QuerySet[DonneurOrdre]:
    return (
        DonneurOrdre.objects.select_related("organisation")
        .annotate(marches_n=Count("marches"))
        .order_by("nom", "pk")
    )


def entreprises_liste() -> QuerySet[Entreprise]:
    return Entreprise.objects.select_related("commune").annotate(
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


def obligations_entreprise(user) -> list[Lot]:
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


# --- Alerts --------------------------------------------------------------------------------------


def lots_en_retard(*, aujourd_hui: datetime.date | None = None, marche: Marche | None = None):
    """Lots whose realised hours are under the configured share of the hours expected by now
    (stipulated hours prorated over the marché's duration)."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    config = Configuration.courante()
    qs = Lot.objects.filter(
        marche__date_notification__isnull=False,
        marche__duree_mois__gt=0,
        marche__date_notification__lte=aujourd_hui,
        heures_prescrites__gt=0,
    ).exclude(marche__etape="bilan")
    if marche is not None:
        qs = qs.filter(marche=marche)
    qs = qs.select_related("marche__donneur_ordre").annotate(
        realisees=Coalesce(
            Subquery(
                HeuresMensuelles.objects.filter(lot=OuterRef("pk"))
                .values("lot")
                .annotate(s=Sum("heures"))
                .values("s")[:1]
            ),
            ZERO,
        )
    )
    retards = []
    for lot in qs:
        debut = lot.marche.date_notification
        jours = (aujourd_hui - debut).days
        duree = (lot.marche.date_fin_prevue - debut).days or 1
        part = min(Decimal(1), Decimal(jours) / Decimal(duree))
        attendues = (lot.heures_prescrites * part).quantize(Decimal("1"))
        if lot.realisees < attendues * config.taux_alerte_retard_pct / 100:
            lot.attendues = attendues
            retards.append(lot)
    return retards


def contrats_finissant_avec_heures_dues(
    *, aujourd_hui: datetime.date | None = None, jours: int = 60, marche: Marche | None = None
):
    """Contracts ending within `jours` days on a lot whose stipulated hours are not reached."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    lots = Lot.objects.annotate(
        realisees=Coalesce(
            Subquery(
                HeuresMensuelles.objects.filter(lot=OuterRef("pk"))
                .values("lot")
                .annotate(s=Sum("heures"))
                .values("s")[:1]
            ),
            ZERO,
        )
    ).filter(realisees__lt=F("heures_prescrites"))
    if marche is not None:
        lots = lots.filter(marche=marche)
    return (
        Contrat.objects.filter(
            date_fin__gte=aujourd_hui,
            date_fin__lte=aujourd_hui + datetime.timedelta(days=jours),
            lots__in=lots,
        )
        .distinct()
        .select_related("participant", "entreprise")
        .order_by("date_fin")
    )
