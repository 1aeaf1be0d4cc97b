"""Reads shared by views, exports, commands and figures."""

import datetime
import statistics

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from territoires.comptes.models import Membre, Organisation, Role
from territoires.core.models import Document
from territoires.referentiel.models import Commune, Epci

from .models import (
    Commentaire,
    ConfigurationIngenierie,
    DocumentsInternes,
    Note,
    Relance,
    RelanceRefusee,
    Ressource,
    Secteur,
    Sollicitation,
)

User = get_user_model()


# --- People -------------------------------------------------------------------------------------


def mission_staff_users() -> QuerySet:
    """Who can be a referent advisor: active members of the mission (or, without a configured
    mission, the Département's advisors)."""
    config = ConfigurationIngenierie.courante()
    membres = Membre.objects.actifs().filter(organisation__type__in=Organisation.TYPES_DEPARTEMENT)
    if config.mission_id:
        membres = membres.filter(organisation_id=config.mission_id)
    else:
        membres = membres.filter(role=Role.CONSEILLER)
    return User.objects.filter(pk__in=membres.values("user_id")).order_by("last_name", "email")


def mission_managers() -> list:
    config = ConfigurationIngenierie.courante()
    departement = Q(organisation__type__in=Organisation.TYPES_DEPARTEMENT)
    condition = Q(role=Role.DIRECTION)
    if config.mission_id:
        condition |= Q(role=Role.CHEF_SERVICE, organisation_id=config.mission_id)
    membres = Membre.objects.actifs().filter(departement & condition)
    return list(User.objects.filter(pk__in=membres.values("user_id")))


def sector_advisor_get(epci_id: int | None):
    """The advisor of the intercommunalité's sector, while he is still mission staff."""
    if epci_id is None:
        return None
    secteur = Secteur.objects.filter(epci_id=epci_id).select_related("conseiller").first()
    if secteur is None or not mission_staff_users().filter(pk=secteur.conseiller_id).exists():
        return None
    return secteur.conseiller


# --- Requests -----------------------------------------------------------------------------------


def sollicitations_list() -> QuerySet:
    """The base of the queue and of the exports: everything a row shows, in one query."""
    return Sollicitation.objects.select_related(
        "organisation", "epci", "domaine", "nature", "referent"
    )


def sollicitations_for_organisations(organisation_ids) -> QuerySet:
    return sollicitations_list().filter(organisation_id__in=organisation_ids)


def sollicitation_get(pk: int) -> Sollicitation:
    return (
        Sollicitation.objects.select_related(
            "organisation", "epci", "domaine", "nature", "referent", "saisie_par", "redirigee_vers",
            "fusionnee_dans",
        )
        .prefetch_related("communes", "conseillers", "partenaires")
        .get(pk=pk)
    )  # fmt: skip


def actions_for(sollicitation: Sollicitation) -> QuerySet:
    return sollicitation.actions.select_related("ressource", "cree_par").prefetch_related(
        Prefetch("commentaires", queryset=Commentaire.objects.select_related("auteur"))
    )


def notes_for(sollicitation: Sollicitation, *, user) -> QuerySet:
    """Private notes only for those allowed to read them: the filter is here, not in the page."""
    notes = Note.objects.filter(sollicitation=sollicitation).select_related("auteur")
    if not user.has_perm("ingenierie.view_private", sollicitation):
        notes = notes.filter(publique=True)
    return notes


def documents_internes_for(sollicitation: Sollicitation) -> QuerySet:
    """Private documents of a request (one query: the holder's key is the request's)."""
    return Document.objects.filter(
        content_type=ContentType.objects.get_for_model(DocumentsInternes),
        object_id=str(sollicitation.pk),
    ).select_related("depose_par")


def ressources_list() -> QuerySet:
    """The published resources, with what a card of the library shows."""
    return (
        Ressource.objects.filter(publiee=True)
        .select_related("document")
        .prefetch_related("domaines")
    )


# --- Figures ------------------------------------------------------------------------------------


def _year_start(annee: int) -> datetime.datetime:
    """1 January at midnight, local time: the years of the figures are the Département's."""
    return datetime.datetime(annee, 1, 1, tzinfo=timezone.get_current_timezone())


def _period_q(prefix: str, depuis: int | None, jusqu_a: int | None) -> Q:
    """Requests filed in [depuis, jusqu_a] (years), merged duplicates excluded."""
    q = ~Q(**{f"{prefix}statut": Sollicitation.Statut.FUSIONNEE})
    if depuis:
        q &= Q(**{f"{prefix}deposee_le__gte": _year_start(depuis)})
    if jusqu_a:
        q &= Q(**{f"{prefix}deposee_le__lt": _year_start(jusqu_a + 1)})
    return q


def _median(queryset, field: str) -> float | None:
    values = list(queryset.filter(**{f"{field}__isnull": False}).values_list(field, flat=True))
    return round(statistics.median(values), 1) if values else None


def statistiques(
    *, depuis: int | None = None, jusqu_a: int | None = None, departement: str | None = None
) -> dict:
    """The mission's key figures over [depuis, jusqu_a] (years, inclusive).

    Merged duplicates are not counted (they are the same request); redirected and declined
    requests are (the mission answered them).
    """
    departement = departement or settings.TERRITOIRES_DEPARTEMENT
    base = Sollicitation.objects.filter(_period_q("", depuis, jusqu_a))

    # One COUNT per year as ranges on the indexed date (no per-row year extraction).
    bornes = base.aggregate(premiere=Min("deposee_le"), derniere=Max("deposee_le"))
    par_annee = {}
    if bornes["premiere"]:
        first = timezone.localtime(bornes["premiere"]).year
        last = timezone.localtime(bornes["derniere"]).year
        counts = base.aggregate(
            **{
                f"a{a}": Count("pk", filter=Q(deposee_le__gte=_year_start(a),
                                              deposee_le__lt=_year_start(a + 1)))
                for a in range(first, last + 1)
            }
        )  # fmt: skip
        par_annee = {int(k[1:]): v for k, v in counts.items() if v}
    annees = sorted(par_annee)
    if annees and (depuis or jusqu_a):
        annees = list(range(depuis or annees[0], (jusqu_a or annees[-1]) + 1))
    serie = [{"annee": a, "sollicitations": par_annee.get(a, 0)} for a in annees]
    croissance = None
    if len(serie) >= 2 and serie[0]["sollicitations"]:
        premier, dernier = serie[0]["sollicitations"], serie[-1]["sollicitations"]
        croissance = round((dernier - premier) / premier * 100)

    def repartition(field: str, label: str) -> list[dict]:
        rows = base.values(label).annotate(n=Count("pk")).order_by("-n", label)
        return [{"libelle": r[label] or "non renseigné", "sollicitations": r["n"]} for r in rows]

    communes_dep = Commune.objects.actuels().filter(
        departement__code=departement, type=Commune.Type.ACTUELLE
    )
    # From the link table: one indexed pass, not a join of every commune to every request.
    communes_servies = (
        Sollicitation.communes.through.objects.filter(
            _period_q("sollicitation__", depuis, jusqu_a),
            commune__departement__code=departement,
            commune__type=Commune.Type.ACTUELLE,
            commune__obsolete=False,
        )
        .values("commune_id")
        .distinct()
        .count()
    )
    nb_communes = communes_dep.count()
    epcis_dep = Epci.objects.actuels().filter(departements__code=departement)
    epcis_servis = (
        base.filter(organisation__type=Organisation.Type.EPCI, epci__in=epcis_dep)
        .values("epci")
        .distinct()
        .count()
    )
    nb_epcis = epcis_dep.count()

    par_statut = base.values("statut").annotate(n=Count("pk")).order_by("-n", "statut")
    return {
        "periode": {
            "depuis": annees[0] if annees else depuis,
            "jusqu_a": annees[-1] if annees else jusqu_a,
        },
        "total": sum(par_annee.values()),
        "par_annee": serie,
        "croissance_pourcent": croissance,
        "par_domaine": repartition("domaine", "domaine__nom"),
        "par_nature": repartition("nature", "nature__nom"),
        "par_epci": repartition("epci", "epci__nom"),
        "par_statut": [
            {"libelle": str(Sollicitation.Statut(s).label), "sollicitations": n}
            for s, n in par_statut.values_list("statut", "n")
        ],
        "communes": {
            "servies": communes_servies,
            "total": nb_communes,
            "part_pourcent": round(communes_servies / nb_communes * 100) if nb_communes else None,
        },
        "epcis": {
            "servis": epcis_servis,
            "total": nb_epcis,
            "part_pourcent": round(epcis_servis / nb_epcis * 100) if nb_epcis else None,
        },
        "delai_median_premiere_reponse_jours": _median(base, "jours_premiere_reponse"),
        "delai_median_cloture_jours": _median(
            base.filter(statut=Sollicitation.Statut.TERMINEE), "jours_cloture"
        ),
    }  # fmt: skip


def sollicitations_par_commune(
    *, depuis: int | None = None, jusqu_a: int | None = None, codes=None
) -> dict[str, int]:
    """Per INSEE code: requests about the commune (all communes, or only `codes`)."""
    through = Sollicitation.communes.through.objects.filter(
        _period_q("sollicitation__", depuis, jusqu_a)
    )
    if codes is not None:
        through = through.filter(commune__code__in=list(codes))
    rows = through.values("commune__code").annotate(n=Count("pk"))
    return {r["commune__code"]: r["n"] for r in rows}


def en_bref(annee: int) -> list[str]:
    """Key sentences of a yearly report, compared with the year before (as seed 004 does)."""
    courante = statistiques(depuis=annee, jusqu_a=annee)
    precedente = statistiques(depuis=annee - 1, jusqu_a=annee - 1)

    def evolution(maintenant: int, avant: int) -> str:
        if not avant:
            return ""
        pourcent = round((maintenant - avant) / avant * 100)
        return f" ({'+' if pourcent >= 0 else ''}{pourcent} % par rapport à {annee - 1})"

    communes_avant = set(
        Sollicitation.communes.through.objects.filter(
            _period_q("sollicitation__", None, annee - 1)
        ).values_list("commune_id", flat=True)
    )
    communes_annee = set(
        Sollicitation.communes.through.objects.filter(
            _period_q("sollicitation__", annee, annee)
        ).values_list("commune_id", flat=True)
    )
    nouvelles = len(communes_annee - communes_avant)
    phrases = [
        f"{courante['total']} sollicitations en {annee}"
        + evolution(courante["total"], precedente["total"]),
        f"{courante['communes']['servies']} communes accompagnées (contre "
        f"{precedente['communes']['servies']} en {annee - 1}), dont {nouvelles} pour la "
        "première fois",
        f"{courante['epcis']['servis']} intercommunalités sur {courante['epcis']['total']} ont "
        "sollicité la mission",
    ]
    if courante["par_domaine"]:
        premier = courante["par_domaine"][0]
        phrases.append(
            f"Premier domaine : {premier['libelle']} ({premier['sollicitations']} demandes)"
        )
    if courante["delai_median_premiere_reponse_jours"] is not None:
        phrases.append(
            "Première réponse en "
            f"{courante['delai_median_premiere_reponse_jours']:g} jours (médiane)".replace(".", ",")
        )
    return phrases


DESCRIPTIONS_RELANCES = {
    Relance.Type.DIGEST: "chaque semaine, les sollicitations dont vous êtes le référent et "
    "les actions échues",
    Relance.Type.INACTIVITE: "une fois quand une de vos sollicitations reste sans activité",
    Relance.Type.OU_EN_ETES_VOUS: "quand une demande de votre collectivité n'a pas évolué "
    "depuis plusieurs semaines",
}


def relances_preferences(user) -> tuple[list[tuple[str, str]], set[str]]:
    """The reminders this person may receive (by role), and those they still receive."""
    from .rules import is_member_of_collectivite, is_mission_staff

    types = []
    if is_mission_staff(user):
        types += [Relance.Type.DIGEST, Relance.Type.INACTIVITE]
    if is_member_of_collectivite(user):
        types.append(Relance.Type.OU_EN_ETES_VOUS)
    refusees = set(RelanceRefusee.objects.filter(destinataire=user).values_list("type", flat=True))
    choices = [(t.value, f"{t.label} : {DESCRIPTIONS_RELANCES[t]}") for t in types]
    return choices, {t for t, _ in choices if t not in refusees}


def sollicitations_par_annee_epci_domaine() -> list[dict]:
    """The figures crossed by year (Département's time), EPCI and domain, for open data.

    Merged duplicates are not counted, as in `statistiques`; one grouped query.
    """
    from django.db.models.functions import ExtractYear

    rows = (
        Sollicitation.objects.filter(_period_q("", None, None))
        .annotate(annee=ExtractYear("deposee_le"))
        .values("annee", "epci__siren", "epci__nom", "domaine__nom")
        .annotate(
            sollicitations=Count("pk"),
            terminees=Count("pk", filter=Q(statut=Sollicitation.Statut.TERMINEE)),
        )
        .order_by("annee", "epci__nom", "domaine__nom")
    )
    return list(rows)


# --- For a territory (pilotage) -----------------------------------------------------------------


def sollicitations_pour_communes(
    codes, *, depuis: int | None = None, jusqu_a: int | None = None
) -> QuerySet:
    """Requests about one of the communes `codes` (INSEE) or filed by their organisations,
    filed in the years [depuis, jusqu_a] (merged duplicates excluded). No join multiplies
    rows: the communes concerned and the organisations are read in subqueries, so that both
    sides of the OR are indexed columns of the request (no scan of every request)."""
    concernees = Sollicitation.communes.through.objects.filter(commune__code__in=codes)
    organisations = Organisation.objects.filter(commune__code__in=codes)
    return Sollicitation.objects.filter(_period_q("", depuis, jusqu_a)).filter(
        Q(pk__in=concernees.values("sollicitation_id"))
        | Q(organisation__in=organisations.values("pk"))
    )


def sollicitations_comptes_pour_communes(codes, *, depuis: int, jusqu_a: int) -> dict[str, int]:
    """Open and closed requests of `sollicitations_pour_communes` (one query)."""
    return sollicitations_pour_communes(codes, depuis=depuis, jusqu_a=jusqu_a).aggregate(
        ouvertes=Count("pk", filter=Q(statut__in=Sollicitation.STATUTS_OUVERTS)),
        closes=Count("pk", filter=Q(statut__in=Sollicitation.STATUTS_CLOS)),
    )


def sollicitations_deposees_depuis(codes, *, depuis: datetime.datetime, limite: int) -> list:
    """The latest requests of the communes filed since `depuis` (bounded, one query)."""
    qs = sollicitations_pour_communes(codes).filter(deposee_le__gte=depuis)
    return list(qs.order_by("-deposee_le", "-pk")[:limite])


def sollicitations_repartitions_pour_communes(codes) -> dict[str, list[dict]]:
    """Requests of the communes by year, domain, state and referent (four grouped queries)."""
    from django.db.models.functions import ExtractYear

    base = sollicitations_pour_communes(codes)
    statuts = dict(Sollicitation.Statut.choices)

    def grouper(champ: str, libelle=None) -> list[dict]:
        rows = base.values(champ).annotate(n=Count("pk")).order_by(champ)
        return [{"libelle": (libelle or str)(r[champ]), "n": r["n"]} for r in rows]

    par_annee = [
        {"libelle": str(r["annee"]), "n": r["n"]}
        for r in base.annotate(annee=ExtractYear("deposee_le"))
        .values("annee")
        .annotate(n=Count("pk"))
        .order_by("annee")
    ]
    return {
        "par_annee": par_annee,
        "par_domaine": grouper("domaine__nom"),
        "par_statut": grouper("statut", lambda s: statuts.get(s, s)),
        "par_referent": [
            {"libelle": _nom(r["referent__first_name"], r["referent__last_name"]), "n": r["n"]}
            for r in base.values("referent__first_name", "referent__last_name")
            .annotate(n=Count("pk"))
            .order_by("-n")
        ],
    }


def _nom(prenom: str | None, nom: str | None) -> str:
    return " ".join(filter(None, (prenom, nom))) or "Sans référent"


def sollicitations_recentes_pour_communes(codes, *, organisation_ids=None, limite: int) -> list:
    """The latest requests of the communes (only those of `organisation_ids` when given)."""
    qs = sollicitations_pour_communes(codes)
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    return list(
        qs.select_related("domaine", "referent", "organisation").order_by("-deposee_le", "-pk")[
            :limite
        ]
    )


def sollicitations_par_epci(*, depuis: int, jusqu_a: int) -> dict[str, int]:
    """Per EPCI SIREN: distinct requests filed in [depuis, jusqu_a] that concern at least one
    of its member communes (a request on two communes of one EPCI counts once, which a sum of
    `sollicitations_par_commune` would not). One query (pilotage maps)."""
    rows = (
        Sollicitation.communes.through.objects.filter(
            _period_q("sollicitation__", depuis, jusqu_a), commune__epci__isnull=False
        )
        .values_list("commune__epci__siren")
        .annotate(n=Count("sollicitation", distinct=True))
        .order_by()
    )
    return dict(rows)
