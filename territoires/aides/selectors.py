"""Reads shared by views, exports, the dashboard and the benchmarks."""

import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum

from territoires.comptes.models import Role
from territoires.comptes.rules import _active_memberships

from .models import (
    ZERO,
    ConfigurationAides,
    ContratF2D,
    Dispositif,
    Dossier,
    Enveloppe,
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
    memberships = [m for m in _active_memberships(user) if m.organisation.est_departement]
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
        qs = qs.filter(dispositif__service_id__in=services)
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
    sums = (
        Dossier.objects.filter(session__date_commission__year__in=annees)
        .values("dispositif_id", annee=F("session__date_commission__year"))
        .annotate(
            propose=Sum("montant_propose", filter=Q(etat__in=["propose", "programme"])),
            attribue=Sum("montant_attribue", filter=Q(etat__in=Dossier.ETATS_ATTRIBUES)),
            engage=Sum(
                "montant_attribue", filter=Q(etat__in=["engage", "paye_partiellement", "solde"])
            ),
        )
    )
    by_key = {(s["dispositif_id"], s["annee"]): s for s in sums}
    paid = (
        Versement.objects.filter(
            etat=Versement.Etat.PAYE, dossier__session__date_commission__year__in=annees
        )
        .values("dossier__dispositif_id", annee=F("dossier__session__date_commission__year"))
        .annotate(total=Sum("montant_verse"))
    )
    paid_by_key = {(p["dossier__dispositif_id"], p["annee"]): p["total"] for p in paid}
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
    taux = attribues.filter(cout_ht__gt=0).aggregate(
        attribue=Sum("montant_attribue"), cout=Sum("cout_ht")
    )
    taux_moyen = (
        (taux["attribue"] / taux["cout"]) if taux["cout"] and taux["attribue"] else Decimal(0)
    )
    delais = attribues.filter(depose_le__isnull=False).values_list("depose_le", "decide_le")[:5000]
    jours = [(d - dep.date()).days for dep, d in delais if d]
    premier_paiement = list(
        Versement.objects.filter(etat="paye", dossier__decide_le__year=annee)
        .values("dossier_id", "dossier__decide_le")
        .annotate(premier=models_min("paye_le"))[:5000]
    )
    jours_paiement = [
        (p["premier"] - p["dossier__decide_le"]).days
        for p in premier_paiement
        if p["premier"] and p["dossier__decide_le"]
    ]
    return {
        "annee": annee,
        "enveloppes": enveloppes_situation(annee),
        "contrats": contrats_situation(),
        "par_epci": par_epci,
        "par_commune": {k: float(v) for k, v in par_commune.items()},
        "taux_moyen": taux_moyen,
        "delai_decision": _median(jours),
        "delai_paiement": _median(jours_paiement),
        "nombre": sum(e["nombre"] for e in par_epci),
    }


def models_min(field):
    from django.db.models import Min

    return Min(field)


def _median(values: list[int]) -> int | None:
    if not values:
        return None
    values = sorted(values)
    return values[len(values) // 2]


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


def scdl_rows(annee: int | None = None) -> Iterator[list[str]]:
    """One row per attributed subsidy (a dossier has one beneficiary), streamed from the
    database by chunks: memory stays flat whatever the number of rows."""
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
            decide_le.isoformat(),
            deliberation or numero,
            beneficiaire,
            siret_beneficiaire,
            "",
            intitule[:255],
            f"{montant:.2f}",
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
