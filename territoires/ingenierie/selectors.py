"""Reads shared by views, exports, commands and figures."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet

from territoires.comptes.models import Membre, Organisation, Role
from territoires.core.models import Document
from territoires.referentiel.models import Commune

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
from .statistiques import period_q, statistiques

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
# The key figures themselves are in `statistiques.py` (covering indexes, constant queries).


def sollicitations_par_commune(
    *,
    depuis: int | None = None,
    jusqu_a: int | None = None,
    codes=None,
    departement: str | None = None,
) -> dict[str, int]:
    """Per INSEE code: requests about the commune (all communes, only `codes`, or only the
    communes of `departement`: the map of the mission's dashboard)."""
    liens = Sollicitation.communes.through.objects.all()
    if codes is not None:
        liens = liens.filter(commune__code__in=list(codes))
    if departement is not None:
        liens = liens.filter(
            commune_id__in=Commune.objects.filter(departement__code=departement).values("pk")
        )
    if depuis is None and jusqu_a is None:
        # Every link counts but those of merged duplicates, which are few: the links counted
        # on their own index, those few subtracted. Joining each link to its request to read
        # its status took 0.5 s (SQLite) and 0.14 s (PostgreSQL) at 200,000 requests.
        par_id = dict(liens.values_list("commune_id").annotate(n=Count("*")).order_by())
        fusionnes = liens.filter(
            sollicitation_id__in=Sollicitation.objects.filter(
                statut=Sollicitation.Statut.FUSIONNEE
            ).values("pk")
        )
        for commune_id, n in fusionnes.values_list("commune_id").annotate(n=Count("*")).order_by():
            par_id[commune_id] -= n
        codes_par_id = dict(
            Commune.objects.filter(pk__in=[pk for pk, n in par_id.items() if n]).values_list(
                "pk", "code"
            )
        )
        return {codes_par_id[pk]: n for pk, n in par_id.items() if n}
    rows = (
        liens.filter(period_q("sollicitation__", depuis, jusqu_a))
        .values("commune__code")
        .annotate(n=Count("pk"))
    )
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
            period_q("sollicitation__", None, annee - 1)
        ).values_list("commune_id", flat=True)
    )
    communes_annee = set(
        Sollicitation.communes.through.objects.filter(
            period_q("sollicitation__", annee, annee)
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
        Sollicitation.objects.filter(period_q("", None, None))
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
    rows: the requests' keys come from one subquery, the UNION of those about the communes
    and those of their organisations, each read by index. (An OR of two IN subqueries made
    PostgreSQL read every request: 50–75 ms a query at 200,000, against 0.2 ms.)"""
    concernees = Sollicitation.communes.through.objects.filter(commune__code__in=codes)
    deposees = Sollicitation.objects.filter(
        organisation__in=Organisation.objects.filter(commune__code__in=codes).values("pk")
    )
    cles = concernees.values("sollicitation_id").union(deposees.order_by().values("pk"))
    return Sollicitation.objects.filter(period_q("", depuis, jusqu_a)).filter(pk__in=cles)


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
            period_q("sollicitation__", depuis, jusqu_a), commune__epci__isnull=False
        )
        .values_list("commune__epci__siren")
        .annotate(n=Count("sollicitation", distinct=True))
        .order_by()
    )
    return dict(rows)
