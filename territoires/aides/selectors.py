"""Reads shared by views, exports, the dashboard and the benchmarks."""

import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Avg, Count, F, FloatField, Max, Q, QuerySet, Sum
from django.db.models.functions import Cast, NullIf

from territoires.comptes.models import Role
from territoires.comptes.rules import active_memberships
from territoires.core.sorties.cellules import neutraliser

from .models import (
    ZERO,
    ConfigurationAides,
    ContratF2D,
    Dispositif,
    Dossier,
    Enveloppe,
    SessionProgrammation,
    Versement,
)


def dispositifs_publics() -> QuerySet[Dispositif]:
    return Dispositif.objects.filter(publie=True).select_related("service")


def dossiers_for_organisation(organisation) -> QuerySet[Dossier]:
    if organisation is None:
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(organisation=organisation)
        .select_related("dispositif", "session")
        .order_by("-cree_le")
    )


def services_instruits(user) -> set[int] | None:
    """Services whose schemes the user sees in the instruction list; None means all."""
    memberships = [m for m in active_memberships(user) if m.organisation.est_departement]
    if user.is_superuser or any(
        m.role in (Role.DIRECTION, Role.FINANCES, Role.ADMINISTRATEUR) for m in memberships
    ):
        return None
    return {m.organisation_id for m in memberships if m.role in ("instructeur", "chef_service")}


def dossiers_for_instructor(user) -> QuerySet[Dossier]:
    qs = Dossier.objects.exclude(etat=Dossier.Etat.BROUILLON).select_related(
        "dispositif", "organisation", "session"
    )
    services = services_instruits(user)
    if services is not None:
        # A subquery on the schemes, not a join: the list's indexes on the dossier table stay
        # usable for the sort.
        qs = qs.filter(
            dispositif_id__in=Dispositif.objects.filter(service_id__in=services).values("pk")
        )
    return qs


def enveloppes_situation(annee: int | None = None) -> list[dict]:
    """Envelope consumption per scheme and year: proposed, granted, committed, paid, left."""
    enveloppes = Enveloppe.objects.select_related("dispositif")
    if annee:
        enveloppes = enveloppes.filter(annee=annee)
    enveloppes = list(enveloppes)
    if not enveloppes:
        return []
    annees = {e.annee for e in enveloppes}
    # Sums by session only, read on the covering index (session, state, amounts); the
    # session gives the scheme and the year here, without a join.
    sessions = {
        pk: (dispositif_id, annee)
        for pk, dispositif_id, annee in SessionProgrammation.objects.filter(
            date_commission__year__in=annees
        ).values_list("pk", "dispositif_id", "date_commission__year")
    }
    sums = (
        Dossier.objects.filter(session_id__in=list(sessions))
        .values("session_id")
        .annotate(
            propose=Sum("montant_propose", filter=Q(etat__in=["propose", "programme"])),
            attribue=Sum("montant_attribue", filter=Q(etat__in=Dossier.ETATS_ATTRIBUES)),
            engage=Sum(
                "montant_attribue", filter=Q(etat__in=["engage", "paye_partiellement", "solde"])
            ),
        )
        .order_by()
    )
    by_key: dict[tuple, dict] = {}
    for s in sums:
        total = by_key.setdefault(sessions[s["session_id"]], {})
        for field in ("propose", "attribue", "engage"):
            total[field] = (total.get(field) or ZERO) + (s[field] or ZERO)
    paid = (
        Versement.objects.filter(etat=Versement.Etat.PAYE, dossier__session_id__in=list(sessions))
        .values("dossier__session_id")
        .annotate(total=Sum("montant_verse"))
        .order_by()
    )
    paid_by_key: dict[tuple, Decimal] = {}
    for p in paid:
        key = sessions[p["dossier__session_id"]]
        paid_by_key[key] = paid_by_key.get(key, ZERO) + (p["total"] or ZERO)
    rows = []
    for e in sorted(enveloppes, key=lambda e: (-e.annee, e.dispositif.nom)):
        s = by_key.get((e.dispositif_id, e.annee), {})
        propose = s.get("propose") or ZERO
        attribue = s.get("attribue") or ZERO
        rows.append(
            {
                "enveloppe": e,
                "propose": propose,
                "attribue": attribue,
                "engage": s.get("engage") or ZERO,
                "paye": paid_by_key.get((e.dispositif_id, e.annee)) or ZERO,
                "reste": e.montant - propose - attribue,
                "pourcentage": int((attribue + propose) * 100 / e.montant) if e.montant else 0,
            }
        )
    return rows


def contrats_situation() -> list[dict]:
    """F2D contracts with what their operations' dossiers consumed (one query)."""
    contrats = ContratF2D.objects.select_related("organisation").annotate(
        programme=Sum(
            "operations__dossiers__montant_propose",
            filter=Q(operations__dossiers__etat="programme"),
        ),
        attribue=Sum(
            "operations__dossiers__montant_attribue",
            filter=Q(operations__dossiers__etat__in=Dossier.ETATS_ATTRIBUES),
        ),
    )
    rows = []
    for contrat in contrats:
        engage = (contrat.programme or ZERO) + (contrat.attribue or ZERO)
        rows.append(
            {
                "contrat": contrat,
                "programme": contrat.programme or ZERO,
                "attribue": contrat.attribue or ZERO,
                "reste": contrat.enveloppe - engage,
                "pourcentage": int(engage * 100 / contrat.enveloppe) if contrat.enveloppe else 0,
            }
        )
    return rows


def session_rapport(session) -> list[dict]:
    """The session's proposals grouped by scheme, with totals."""
    dossiers = list(
        session.dossiers.exclude(etat__in=["brouillon", "sans_suite"])
        .select_related("organisation", "dispositif")
        .order_by("dispositif__nom", "organisation__nom")
    )
    groups: dict[int, dict] = {}
    for dossier in dossiers:
        g = groups.setdefault(
            dossier.dispositif_id,
            {"dispositif": dossier.dispositif, "dossiers": [], "cout": ZERO, "propose": ZERO},
        )
        g["dossiers"].append(dossier)
        g["cout"] += dossier.cout_ht
        g["propose"] += dossier.montant_propose or ZERO
    return list(groups.values())


def tableau_de_bord(annee: int) -> dict:
    """Figures of the dashboard in a fixed number of queries, whatever the number of dossiers."""
    attribues = Dossier.objects.filter(etat__in=Dossier.ETATS_ATTRIBUES, decide_le__year=annee)
    par_epci = list(
        attribues.values(epci_nom=F("organisation__commune__epci__nom"))
        .annotate(total=Sum("montant_attribue"), nombre=Count("pk"))
        .order_by("-total")[:20]
    )
    par_commune = dict(
        attribues.filter(organisation__commune__isnull=False)
        .values_list("organisation__commune__code")
        .annotate(total=Sum("montant_attribue"))
    )
    taux_dossier = Cast("montant_attribue", FloatField()) / NullIf(
        Cast("cout_ht", FloatField()), 0.0
    )
    taux = attribues.aggregate(
        nombre=Count("pk"),
        attribue=Sum("montant_attribue", filter=Q(cout_ht__gt=0)),
        cout=Sum("cout_ht", filter=Q(cout_ht__gt=0)),
        moyenne=Avg(taux_dossier),
        maximum=Max(taux_dossier),
    )
    taux_moyen = (
        (taux["attribue"] / taux["cout"]) if taux["cout"] and taux["attribue"] else Decimal(0)
    )
    # Exact medians from histograms of the precomputed delays (a few hundred rows at most).
    delai_decision = _median_histogram(
        attribues.filter(delai_decision_jours__isnull=False)
        .values_list("delai_decision_jours")
        .annotate(n=Count("pk"))
        .order_by()
    )
    delai_paiement = _median_histogram(
        attribues.filter(delai_paiement_jours__isnull=False)
        .values_list("delai_paiement_jours")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "annee": annee,
        "enveloppes": enveloppes_situation(annee),
        "contrats": contrats_situation(),
        "par_epci": par_epci,
        "par_commune": {k: float(v) for k, v in par_commune.items()},
        "taux_moyen": taux_moyen,
        # The mean of each dossier's rate, and the highest (the Hérault reports 40 % and 80 %).
        "taux_moyen_dossier": Decimal(str(round(taux["moyenne"] or 0, 4))),
        "taux_max": Decimal(str(round(taux["maximum"] or 0, 4))),
        "delai_decision": delai_decision,
        "delai_paiement": delai_paiement,
        "nombre": taux["nombre"],
    }


def _median_histogram(rows) -> int | None:
    """The median of values given as (value, count) pairs (the lower one for an even count)."""
    rows = sorted(rows)
    total = sum(n for _, n in rows)
    if not total:
        return None
    rang = (total + 1) // 2
    for value, n in rows:
        rang -= n
        if rang <= 0:
            return value
    return None


# --- SCDL subventions 2.1.1 --------------------------------------------------------------

SCDL_COLUMNS = [
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "rnaBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
    "dispositifAide",
]


def scdl_rows(annee: int | None = None) -> Iterator[list]:
    """One row per attributed subsidy (a dossier has one beneficiary), streamed from the
    database by chunks: memory stays flat whatever the number of rows. Dates and amounts stay
    typed: the output layer writes them (ISO 8601, « 8000.00 »)."""
    config = ConfigurationAides.objects.first()
    nom = config.nom_attribuant if config else ""
    siret = config.siret_attribuant if config else ""
    qs = Dossier.objects.filter(etat__in=Dossier.ETATS_ATTRIBUES, decide_le__isnull=False)
    if annee:
        qs = qs.filter(decide_le__year=annee)
    qs = qs.order_by("decide_le", "pk").values_list(
        "decide_le",
        "session__numero_deliberation",
        "numero",
        "organisation__nom",
        "siret_beneficiaire",
        "intitule",
        "montant_attribue",
        "date_debut_travaux",
        "date_fin_travaux",
        "dispositif__code",
    )
    for (
        decide_le,
        deliberation,
        numero,
        beneficiaire,
        siret_beneficiaire,
        intitule,
        montant,
        debut,
        fin,
        dispositif,
    ) in qs.iterator(chunk_size=2000):
        yield [
            nom,
            siret,
            decide_le,
            deliberation or numero,
            beneficiaire,
            siret_beneficiaire,
            "",
            # The schema caps `objet` at 255 characters, apostrophe of a neutralised formula
            # included (neutralising twice changes nothing).
            neutraliser(intitule)[:255],
            montant.quantize(Decimal("0.01")),
            "aide en numéraire",
            "échelonné",
            _periode(decide_le, debut, fin),
            "",
            "non",
            "1.00",
            dispositif,
        ]


def _periode(decide_le: datetime.date, debut, fin) -> str:
    start = max(decide_le, debut) if debut else decide_le
    end = fin if fin and fin > start else None
    return f"{start.isoformat()}/{end.isoformat()}" if end else start.isoformat()
