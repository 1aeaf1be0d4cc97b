"""The mission's key figures (dashboard, yearly report, `territoires ingenierie stats`), read
at national scale in a constant number of queries that do not grow with the requests.

Each dimension is one aggregate grouped on the request's own column, read from a covering
index of the table (`Sollicitation.Meta.indexes`: the column, then the status and the date
that every figure filters on) and never joined to the names: the few names are read apart.
Years are counted by ranges of the indexed date (local years), medians are read at their rank
in the index: no row is brought back to Python.

Pages keep the figures in the cache (`en_cache`) under a key that changes with every request
filed, saved or deleted (its history) or linked to a commune; the time limit
(`INGENIERIE_CHIFFRES_CACHE_SECONDES`) only bounds what bulk writes would leave unseen.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.utils import timezone

from territoires.comptes.models import Organisation
from territoires.referentiel.models import Commune, Epci

from .models import Domaine, Nature, Sollicitation

NON_RENSEIGNE = "non renseigné"
HORS_DEPARTEMENT = -1


def year_start(annee: int) -> datetime.datetime:
    """1 January at midnight, local time: the years of the figures are the Département's."""
    return datetime.datetime(annee, 1, 1, tzinfo=timezone.get_current_timezone())


def dates_q(prefix: str, depuis: int | None, jusqu_a: int | None) -> Q:
    q = Q()
    if depuis:
        q &= Q(**{f"{prefix}deposee_le__gte": year_start(depuis)})
    if jusqu_a:
        q &= Q(**{f"{prefix}deposee_le__lt": year_start(jusqu_a + 1)})
    return q


def period_q(prefix: str, depuis: int | None, jusqu_a: int | None) -> Q:
    """Requests filed in [depuis, jusqu_a] (years), merged duplicates excluded."""
    return ~Q(**{f"{prefix}statut": Sollicitation.Statut.FUSIONNEE}) & dates_q(
        prefix, depuis, jusqu_a
    )


def _years(base, depuis: int | None, jusqu_a: int | None) -> dict[int, int]:
    """Requests per local year: the first and last dates read at the ends of the date index,
    then one COUNT per year over its range of that index, all in one UNION query."""
    dates = (
        Sollicitation.objects.filter(dates_q("", depuis, jusqu_a))
        .order_by("deposee_le")
        .values_list("deposee_le", flat=True)
    )
    premiere, derniere = dates.first(), dates.last()
    if premiere is None:
        return {}
    annees = range(timezone.localtime(premiere).year, timezone.localtime(derniere).year + 1)
    parts = [
        base.filter(deposee_le__gte=year_start(a), deposee_le__lt=year_start(a + 1))
        .order_by()
        .annotate(annee=Value(a))
        .values("annee")
        .annotate(n=Count("*"))
        .values_list("annee", "n")
        for a in annees
    ]
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return {annee: n for annee, n in rows if n}


def _group(base, *fields: str, **aggregates) -> list[tuple]:
    """COUNT per value of the request's own columns (a covering index, no join).

    COUNT(*), never COUNT(id): PostgreSQL's indexes do not hold the key (SQLite's do), and
    counting it made every count read the whole table (60 ms each at 200,000 requests)."""
    return list(base.order_by().values_list(*fields).annotate(n=Count("*"), **aggregates))


def _repartition(counts: dict, noms: dict) -> list[dict]:
    rows = [
        {"libelle": noms.get(key) or NON_RENSEIGNE, "sollicitations": n}
        for key, n in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r["sollicitations"], r["libelle"]))


def _median(queryset, field: str, n: int) -> float | None:
    """The median of the `n` known values, read at its rank in the index on `field`."""
    values = queryset.filter(**{f"{field}__isnull": False}).order_by(field)
    if not n:
        return None
    milieu = list(values.values_list(field, flat=True)[(n - 1) // 2 : n // 2 + 1])
    return round(sum(milieu) / len(milieu), 1)


def _couverture(base, departement: str, depuis, jusqu_a) -> dict:
    """Communes and EPCIs of the département that asked at least once over the period."""
    # From the département's few hundred communes, each probing its links by index until one
    # request counts (on PostgreSQL the DISTINCT over every link fetched every request: 170 ms
    # at 200,000; this reads a few rows per commune).
    liens = Sollicitation.communes.through.objects.filter(
        period_q("sollicitation__", depuis, jusqu_a), commune=OuterRef("pk")
    )
    communes_servies = (
        Commune.objects.actuels()
        .filter(departement__code=departement, type=Commune.Type.ACTUELLE)
        .filter(Exists(liens))
        .count()
    )
    nb_communes = (
        Commune.objects.actuels()
        .filter(departement__code=departement, type=Commune.Type.ACTUELLE)
        .count()
    )
    epcis_dep = Epci.objects.actuels().filter(departements__code=departement)
    # From the département's few EPCI organisations, each probing its requests by index.
    epcis_servis = (
        Organisation.objects.filter(type=Organisation.Type.EPCI, epci__in=epcis_dep.values("pk"))
        .filter(Exists(base.filter(organisation=OuterRef("pk"))))
        .values("epci")
        .distinct()
        .count()
    )
    nb_epcis = epcis_dep.count()
    return {
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
    }


def statistiques(
    *, depuis: int | None = None, jusqu_a: int | None = None, departement: str | None = None
) -> dict:
    """The mission's key figures over [depuis, jusqu_a] (years, inclusive).

    Merged duplicates are not counted (they are the same request); redirected and declined
    requests are (the mission answered them).
    """
    departement = departement or settings.TERRITOIRES_DEPARTEMENT
    base = Sollicitation.objects.filter(period_q("", depuis, jusqu_a))

    par_annee = _years(base, depuis, jusqu_a)
    annees = sorted(par_annee)
    if annees and (depuis or jusqu_a):
        annees = list(range(depuis or annees[0], (jusqu_a or annees[-1]) + 1))
    serie = [{"annee": a, "sollicitations": par_annee.get(a, 0)} for a in annees]
    croissance = None
    if len(serie) >= 2 and serie[0]["sollicitations"]:
        premier, dernier = serie[0]["sollicitations"], serie[-1]["sollicitations"]
        croissance = round((dernier - premier) / premier * 100)

    # Domain, nature and status in one pass (with the durations known, for the medians); the
    # intercommunalité in another.
    par_domaine, par_nature, par_statut = {}, {}, {}
    reponses = clotures = 0
    for domaine, nature, statut, n, rep, clo in _group(
        base, "domaine_id", "nature_id", "statut",
        rep=Count("jours_premiere_reponse"), clo=Count("jours_cloture"),
    ):  # fmt: skip
        par_domaine[domaine] = par_domaine.get(domaine, 0) + n
        par_nature[nature] = par_nature.get(nature, 0) + n
        par_statut[statut] = par_statut.get(statut, 0) + n
        reponses += rep
        clotures += clo if statut == Sollicitation.Statut.TERMINEE else 0
    # The intercommunalités of the département by name, any other one in a single line.
    noms_epcis = dict(
        Epci.objects.actuels().filter(departements__code=departement).values_list("pk", "nom")
    )
    par_epci = {}
    for epci, n in _group(base, "epci_id"):
        cle = epci if epci in noms_epcis or epci is None else HORS_DEPARTEMENT
        par_epci[cle] = par_epci.get(cle, 0) + n
    noms_epcis[HORS_DEPARTEMENT] = "intercommunalités hors du département"
    return {
        "periode": {
            "depuis": annees[0] if annees else depuis,
            "jusqu_a": annees[-1] if annees else jusqu_a,
        },
        "total": sum(par_annee.values()),
        "par_annee": serie,
        "croissance_pourcent": croissance,
        "par_domaine": _repartition(par_domaine, dict(Domaine.objects.values_list("pk", "nom"))),
        "par_nature": _repartition(par_nature, dict(Nature.objects.values_list("pk", "nom"))),
        "par_epci": _repartition(par_epci, noms_epcis),
        "par_statut": _repartition(
            par_statut, {s.value: str(s.label) for s in Sollicitation.Statut}
        ),
        **_couverture(base, departement, depuis, jusqu_a),
        "delai_median_premiere_reponse_jours": _median(base, "jours_premiere_reponse", reponses),
        "delai_median_cloture_jours": _median(
            base.filter(statut=Sollicitation.Statut.TERMINEE), "jours_cloture", clotures
        ),
    }


def _version() -> str:
    """What changes when a figure may change, read at the end of three primary keys, in one
    query of scalar subqueries (on PostgreSQL every query is a round trip)."""
    q = connection.ops.quote_name
    historique = q(Sollicitation.history.model._meta.db_table)
    # Table names from the models: nothing comes from a request.
    sql = (
        f"SELECT (SELECT MAX(id) FROM {q(Sollicitation._meta.db_table)}), "  # noqa: S608
        f"(SELECT MAX(history_id) FROM {historique}), "
        f"(SELECT history_date FROM {historique} ORDER BY history_id DESC LIMIT 1), "
        f"(SELECT MAX(id) FROM {q(Sollicitation.communes.through._meta.db_table)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        dernier, historique_id, date, lien = cursor.fetchone()
    empreinte = "|".join(str(v) for v in (dernier, historique_id, date, lien))
    # Hashed: a cache key is short and plain whatever the backend (the date has a space).
    return hashlib.sha256(empreinte.encode()).hexdigest()[:32]


def en_cache(fonction, **kwargs):
    """`fonction(**kwargs)` (figures of the requests), kept while no request changes."""
    duree = settings.INGENIERIE_CHIFFRES_CACHE_SECONDES
    if not duree:
        return fonction(**kwargs)
    arguments = ",".join(f"{k}={v}" for k, v in sorted(kwargs.items()))
    cle = f"ingenierie:chiffres:{fonction.__name__}:{_version()}:{arguments}"
    return cache.get_or_set(cle, lambda: fonction(**kwargs), duree)
