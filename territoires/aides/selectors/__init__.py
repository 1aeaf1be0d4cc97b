"""Reads shared by views, exports, the dashboard and the benchmarks."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, F, FloatField, Max, Q, QuerySet, Sum
from django.db.models.functions import Cast, NullIf
from django.utils import timezone

from territoires.comptes.models import Role
from territoires.comptes.rules import active_memberships
from territoires.core.exports.cells import neutralise
from territoires.core.models import Document

from ..models import (
    ZERO,
    ConfigurationAides,
    ContratF2D,
    Dispositif,
    Dossier,
    ParametreDispositif,
    SessionProgrammation,
    Versement,
)

# Re-exported: the sessions' calendar and the envelopes have their own modules.
from .calendrier import annee_programmation as annee_programmation
from .calendrier import dossiers_meme_periode as dossiers_meme_periode
from .calendrier import session_for_filing as session_for_filing
from .calendrier import session_from_pattern as session_from_pattern
from .calendrier import session_prevue as session_prevue
from .enveloppes import enveloppe_situation as enveloppe_situation
from .enveloppes import enveloppes_situation as enveloppes_situation

CENT = Decimal("0.01")


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
    qs = Dossier.objects.exclude(statut=Dossier.Statut.BROUILLON).select_related(
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


# --- a dossier's page ------------------------------------------------------------------------


@dataclass(frozen=True)
class Paiements:
    """What a dossier's page says of its payments."""

    versements: list[Versement]
    deja_verse: Decimal
    reste_a_verser: Decimal
    en_cours: Versement | None
    dernier_rejet: Versement | None


def montant_deja_verse(dossier: Dossier) -> Decimal:
    paid = dossier.versements.filter(statut=Versement.Statut.PAYE)
    return paid.aggregate(s=Sum("montant_verse"))["s"] or ZERO


def paiements_situation(dossier: Dossier) -> Paiements:
    """The dossier's payment requests (one query), what was paid and what is left to pay."""
    versements = list(dossier.versements.all())
    deja = sum(
        (v.montant_verse or ZERO for v in versements if v.statut == Versement.Statut.PAYE), ZERO
    )
    # A balanced or lapsed grant owes nothing more (the balance is pro rata).
    fini = dossier.statut in (Dossier.Statut.SOLDE, Dossier.Statut.CADUC, Dossier.Statut.ANNULE)
    return Paiements(
        versements=versements,
        deja_verse=deja,
        reste_a_verser=ZERO if fini else (dossier.montant_attribue or ZERO) - deja,
        en_cours=next((v for v in versements if v.statut == Versement.Statut.DEMANDE), None),
        dernier_rejet=(
            versements[-1]
            if versements and versements[-1].statut == Versement.Statut.REJETE
            else None
        ),
    )


def montant_du(*, dossier: Dossier, type: str, depenses_justifiees: Decimal) -> Decimal:
    """What the Département owes now: pro rata of the justified expenses, never more than
    the amount granted, minus what was already paid (and an advance is capped)."""
    attribue = dossier.montant_attribue or ZERO
    deja = montant_deja_verse(dossier)
    if type == Versement.Type.AVANCE:
        params = parametres_for_date(dossier.dispositif, timezone.localdate())
        avance_pct = Decimal(str(params.get(ParametreDispositif.Cle.AVANCE_MAX_PCT, 0)))
        return max(ZERO, (attribue * avance_pct / 100).quantize(CENT) - deja)
    ratio = min(Decimal(1), depenses_justifiees / dossier.cout_ht) if dossier.cout_ht else ZERO
    return max(ZERO, (attribue * ratio).quantize(CENT, rounding=ROUND_HALF_UP) - deja)


def attach_pieces(objects) -> None:
    """`obj.pieces`: the documents attached to each message or payment, in one query."""
    keys = {(ContentType.objects.get_for_model(o).pk, str(o.pk)): o for o in objects}
    for obj in objects:
        obj.pieces = []
    if not keys:
        return
    documents = Document.objects.filter(
        content_type_id__in={ct for ct, _ in keys}, object_id__in={pk for _, pk in keys}
    )
    for document in documents:
        obj = keys.get((document.content_type_id, document.object_id))
        if obj is not None:
            obj.pieces.append(document)


def session_suggested(dossier: Dossier) -> SessionProgrammation | None:
    """The session the rule gives (F2D operations are not placed at filing): a suggestion,
    from the day the dossier became complete."""
    if dossier.depose_le is None:
        return None
    jour = dossier.complet_le or timezone.localdate(dossier.depose_le)
    return session_for_filing(dossier.dispositif, jour)


# --- dated parameters and sessions ----------------------------------------------------------


def parametres_for_date(dispositif: Dispositif, date: datetime.date) -> dict:
    """The values of the scheme's parameters valid on `date` (the most recent start wins)."""
    rows = (
        ParametreDispositif.objects.filter(dispositif=dispositif, valide_du__lte=date)
        .filter(Q(valide_au__isnull=True) | Q(valide_au__gte=date))
        .order_by("cle", "-valide_du")
    )
    values: dict = {}
    for row in rows:
        values.setdefault(row.cle, row.valeur)
    return values


def session_following(session: SessionProgrammation) -> SessionProgrammation | None:
    """The next commission of the same scheme (where an adjourned dossier goes)."""
    return (
        SessionProgrammation.objects.filter(
            dispositif_id=session.dispositif_id, date_commission__gt=session.date_commission
        )
        .order_by("date_commission")
        .first()
    )


# --- envelopes, contracts, sessions, dashboard --------------------------------------------


def contrats_situation() -> list[dict]:
    """F2D contracts with what their operations' dossiers consumed (one query)."""
    contrats = ContratF2D.objects.select_related("organisation").annotate(
        programme=Sum(
            "operations__dossiers__montant_propose",
            filter=Q(operations__dossiers__statut="programme"),
        ),
        attribue=Sum(
            "operations__dossiers__montant_attribue",
            filter=Q(operations__dossiers__statut__in=Dossier.STATUTS_ATTRIBUES),
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


def sessions_list(*, today: datetime.date) -> QuerySet[SessionProgrammation]:
    """Last year's, this year's and next year's sessions, by commission date, with the number
    of dossiers still « programmé » (`nb_programmes`): once the commission has met or the
    session is voted, those are the dossiers left unvoted."""
    return (
        SessionProgrammation.objects.select_related("dispositif")
        .annotate(
            nb_programmes=Count("dossiers", filter=Q(dossiers__statut=Dossier.Statut.PROGRAMME))
        )
        .filter(
            date_commission__year__gte=today.year - 1, date_commission__year__lte=today.year + 1
        )
        .order_by("date_commission")
    )


def session_dossiers(session) -> QuerySet[Dossier]:
    """The dossiers before the commission (neither drafts nor closed without follow-up), by
    scheme then beneficiary."""
    return (
        session.dossiers.exclude(statut__in=[Dossier.Statut.BROUILLON, Dossier.Statut.SANS_SUITE])
        .select_related("dispositif", "organisation", "session")
        .order_by("dispositif__nom", "organisation__nom", "pk")
    )


def session_rapport(session) -> list[dict]:
    """The session's proposals grouped by scheme, with totals."""
    dossiers = list(session_dossiers(session))
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
    attribues = Dossier.objects.filter(statut__in=Dossier.STATUTS_ATTRIBUES, decide_le__year=annee)
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


def scdl_rows(annee: int | None = None, *, dossiers: QuerySet | None = None) -> Iterator[list]:
    """One row per attributed subsidy (a dossier has one beneficiary), streamed from the
    database by chunks: memory stays flat whatever the number of rows. Dates and amounts stay
    typed: the output layer writes them (ISO 8601, « 8000.00 »). `dossiers`: a subset of
    `subventions_attribuees(annee)` (a page of the API)."""
    config = ConfigurationAides.objects.first()
    nom = config.nom_attribuant if config else ""
    siret = config.siret_attribuant if config else ""
    qs = dossiers if dossiers is not None else subventions_attribuees(annee)
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
            neutralise(intitule)[:255],
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


def subventions_attribuees(annee: int | None = None) -> QuerySet[Dossier]:
    """The dossiers published as SCDL rows (attributed, decided), by decision date."""
    qs = Dossier.objects.filter(statut__in=Dossier.STATUTS_ATTRIBUES, decide_le__isnull=False)
    if annee:
        qs = qs.filter(decide_le__year=annee)
    return qs.order_by("decide_le", "pk")
