"""The yearly report of the facilitation: every figure is an SQL aggregate."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from ..models import (
    ConfigurationClauses,
    Contrat,
    ConventionAccompagnement,
    Critere,
    DonneurOrdre,
    HeuresMensuelles,
    Lot,
    Marche,
    Participant,
    Reunion,
)
from .chiffres import ZERO, bornes, masque, masquer_petits_effectifs, nombre, pct
from .indicateurs import definitions, indicateurs_seed004
from .parcours import parcours_de_l_annee


def heures_de_l_annee(annee: int) -> QuerySet[HeuresMensuelles]:
    debut, fin = bornes(annee)
    return HeuresMensuelles.objects.filter(mois__gte=debut, mois__lt=fin)


def lots_notifies(annee: int) -> QuerySet[Lot]:
    debut, fin = bornes(annee)
    return Lot.objects.filter(
        marche__date_notification__gte=debut, marche__date_notification__lt=fin
    )


def bilan_annuel(annee: int, *, masquer: bool = False) -> dict:
    """The yearly report of issue 5, with its exact keys; every figure is an SQL aggregate.

    `masquer` hides counts of people or companies under the statistical threshold: for
    everyone but the facilitator (public figures, open data, other staff); hours stay exact.
    """
    config = ConfigurationClauses.courante()
    debut, fin = bornes(annee)
    base_etp = config.base_etp
    prescrites = lots_notifies(annee).aggregate(s=Coalesce(Sum("heures_prescrites"), ZERO))["s"]
    prescrites_prec = lots_notifies(annee - 1).aggregate(
        s=Coalesce(Sum("heures_prescrites"), ZERO)
    )["s"]
    parcours = parcours_de_l_annee(annee, config)
    precedente = parcours_de_l_annee(annee - 1, config)
    heures = parcours.heures
    annee_qs = heures_de_l_annee(annee)

    # Buyers: with a marché notified in the year or hours in the year.
    realisees_par_marche = parcours.par_marche
    # Marchés notified in the year, or with hours in it (an index probe per marché).
    avec_heures = Exists(
        HeuresMensuelles.objects.filter(lot__marche=OuterRef("pk"), mois__gte=debut, mois__lt=fin)
    )
    marches_actifs = Marche.objects.filter(
        Q(date_notification__gte=debut, date_notification__lt=fin) | Q(avec_heures)
    )
    prescrites_par_do = {
        row["marche__donneur_ordre"]: row["s"]
        for row in lots_notifies(annee)
        .values("marche__donneur_ordre")
        .annotate(s=Sum("heures_prescrites"))
        .order_by()
    }
    realisees_par_do: dict[int, Decimal] = {}
    marches_par_do: dict[int, int] = {}
    environnementaux_par_do: dict[int, int] = {}
    operations: set = set()
    for marche_id, do_id, operation_id, clause_env, critere_env in marches_actifs.values_list(
        "pk", "donneur_ordre_id", "operation_id", "clause_environnementale",
        "critere_environnemental",
    ):  # fmt: skip
        marches_par_do[do_id] = marches_par_do.get(do_id, 0) + 1
        if clause_env or critere_env:
            environnementaux_par_do[do_id] = environnementaux_par_do.get(do_id, 0) + 1
        operations.add(operation_id or -marche_id)
        if marche_id in realisees_par_marche:
            realisees_par_do[do_id] = (
                realisees_par_do.get(do_id, 0) + realisees_par_marche[marche_id]
            )
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
            "marches_environnementaux": environnementaux_par_do.get(d.pk, 0),
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
                "marches_environnementaux": sum(
                    environnementaux_par_do.get(d.pk, 0) for d in lignes
                ),
                "heures_prescrites": nombre(
                    sum((prescrites_par_do.get(d.pk) or 0) for d in lignes)
                ),
                "heures_realisees": nombre(sum((realisees_par_do.get(d.pk) or 0) for d in lignes)),
            }
        )

    types = parcours.par_type
    par_type_contrat = [
        {
            "type_contrat": t.value,
            "libelle": t.label,
            "participants": len(types[t.value][0]),
            "heures": nombre(types[t.value][1]),
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
        "entreprises": len(parcours.entreprises),
        "entreprises_annee_precedente": len(precedente.entreprises),
        "entreprises_departement": len(parcours.entreprises_departement),
        "entreprises_moins_20": len(parcours.entreprises_moins_20),
        "entreprises_moins_5": len(parcours.entreprises_moins_5),
        "participants": len(parcours.participants),
        "participants_annee_precedente": len(precedente.participants),
        "femmes": len(parcours.femmes),
        "residents_departement_pct": pct(len(parcours.residents), len(parcours.participants)),
        **indicateurs_seed004(parcours, precedente, annee),
        "donneurs_ordre": len(donneurs),
        "nouveaux_donneurs_ordre": sum(1 for d in donneurs if not d.ancien),
        "par_type_contrat": par_type_contrat,
        "par_critere": par_critere,
        "par_donneur_ordre": par_donneur_ordre,
        "par_categorie": par_categorie,
        "marches_suivis": sum(marches_par_do.values()),
        "marches_environnementaux": sum(environnementaux_par_do.values()),
        "chantiers_suivis": len(operations),
        "reunions_chantier": Reunion.objects.filter(
            type=Reunion.Type.REUNION_CHANTIER, date__gte=debut, date__lt=fin
        ).count(),
        "conventions_signees": ConventionAccompagnement.objects.filter(
            date_signature__gte=debut, date_signature__lt=fin
        ).count(),
    }
    bilan["definitions"] = definitions(config)
    if masquer:
        bilan = masquer_petits_effectifs(bilan, seuil=config.seuil_secret_statistique)
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


def heures_pour_communes(codes, *, depuis: int, jusqu_a: int) -> dict:
    """Insertion hours in the years [depuis, jusqu_a] on the marchés of buyers located in the
    communes `codes`, and the participants living there (counts below the configured
    statistical-secret threshold are masked, as in the yearly report). Two queries."""
    debut, fin = bornes(depuis)[0], bornes(jusqu_a)[1]
    periode = HeuresMensuelles.objects.filter(mois__gte=debut, mois__lt=fin)
    heures = periode.filter(
        lot__marche__donneur_ordre__organisation__commune__code__in=codes
    ).aggregate(h=Sum("heures"))["h"]
    residents = (
        periode.filter(participant__commune_residence__code__in=codes)
        .values("participant")
        .distinct()
        .count()
    )
    seuil = ConfigurationClauses.courante().seuil_secret_statistique
    return {"heures": heures or Decimal(0), "participants_residents": masque(residents, seuil)}
