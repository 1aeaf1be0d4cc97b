"""Where a dossier stands: the steps of its life with their real dates, and what a draft
still needs before it can be filed."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from territoires.core.models import Evenement

from .. import eligibilite
from ..formats import euros
from ..models import Dossier, ParametreDispositif, SessionProgrammation
from . import parametres_for_date, session_suggested

S = Dossier.Statut

# How far each state has gone along the timeline (index of the last step reached).
RANG = {
    S.DEPOSE: 0,
    S.INCOMPLET: 0,
    S.EN_INSTRUCTION: 1,
    S.PROPOSE: 2,
    S.PROGRAMME: 2,
    S.AJOURNE: 2,
    S.REFUSE: 3,
    S.ATTRIBUE: 4,
    S.ENGAGE: 4,
    S.PAYE_PARTIELLEMENT: 5,
    S.SOLDE: 6,
    S.SANS_SUITE: 6,
    S.CADUC: 6,
    S.ANNULE: 6,
}
# A dossier in these states has ended, whatever steps it went through.
CLOTURES = {S.REFUSE: "Clos : subvention refusée", S.SANS_SUITE: "Clos : classé sans suite"}
CLOTURES |= {S.CADUC: "Clos : subvention caduque", S.SOLDE: "Clos : subvention soldée"}
CLOTURES[S.ANNULE] = "Clos : subvention annulée"


@dataclass(frozen=True)
class Etape:
    libelle: str
    date: object = None  # a date or an aware datetime, None when not known
    faite: bool = False
    courante: bool = False
    precision: str = ""

    @property
    def jour(self):
        """The day of the step, in the instance's time zone."""
        if self.date is None or not hasattr(self.date, "tzinfo"):
            return self.date
        return timezone.localdate(self.date)


def _date_transition(evenements: list[Evenement], description: str, *, premiere=False):
    dates = [
        e.cree_le
        for e in evenements
        if e.action == Evenement.Action.CHANGEMENT_ETAT and e.description == description
    ]
    if not dates:
        return None
    return min(dates) if premiere else max(dates)


def _date_cloture(dossier: Dossier, evenements: list[Evenement]):
    if dossier.statut == S.REFUSE:
        return dossier.decide_le
    libelle = dossier.get_statut_display()
    dates = [
        e.cree_le
        for e in evenements
        if e.action == Evenement.Action.CHANGEMENT_ETAT
        and (e.changes.get("statut") or [None, None])[-1] == libelle
    ]
    return max(dates) if dates else None


def frise(dossier: Dossier, evenements: Iterable[Evenement]) -> list[Etape]:
    """The steps filed → complete → proposed → voted → notified → payments → closed.

    Dates come from the dossier's fields and its journal (`evenements`, already loaded).
    Empty for a draft (see `reste_a_faire`).
    """
    if dossier.statut == S.BROUILLON:
        return []
    evenements = list(evenements)
    refuse = dossier.statut == S.REFUSE
    rang = RANG.get(dossier.statut, 0)
    etapes = [
        ("Déposé", dossier.depose_le, ""),
        (
            "Complet",
            _date_transition(evenements, "Déclarer complet et instruire", premiere=True)
            or dossier.complet_le,
            "",
        ),
        ("Proposé", _date_transition(evenements, "Proposer"), ""),
        ("Voté", dossier.decide_le, "refusé" if refuse else ""),
        ("Notifié", dossier.notifie_le, ""),
        ("Versements", dossier.premier_paiement_le, ""),
        (CLOTURES.get(dossier.statut, "Clos"), _date_cloture(dossier, evenements), ""),
    ]
    if dossier.statut == S.INCOMPLET:
        etapes[1] = ("Complet", None, "compléments demandés")
    termine = dossier.statut in CLOTURES
    resultat = []
    for index, (libelle, date, precision) in enumerate(etapes):
        faite = index <= rang or (termine and index == len(etapes) - 1)
        courante = index == (len(etapes) - 1 if termine else rang + 1)
        if refuse and 3 < index < len(etapes) - 1:
            precision = "sans objet"
        resultat.append(Etape(libelle, date if faite else None, faite, courante, precision))
    return resultat


def reste_a_faire(controles) -> list[str]:
    """What a draft still needs before it can be filed: the blocking checks not met."""
    return [v.message for v in controles or () if v.bloquant and not v.ok]


def montant_suggere(dossier: Dossier) -> tuple[Decimal, str]:
    """The amount to propose: the request, within the scheme's ceiling and maximum rate on
    the filing day. Returns it with the sentence that explains it."""
    jour = timezone.localdate(dossier.depose_le) if dossier.depose_le else timezone.localdate()
    params = parametres_for_date(dossier.dispositif, jour)
    montant, raisons = dossier.montant_demande, []
    plafond = params.get(ParametreDispositif.Cle.MONTANT_MAX)
    if plafond is not None and Decimal(str(plafond)) < montant:
        montant = Decimal(str(plafond))
        raisons.append(f"plafond du dispositif de {euros(montant)}")
    taux, raison = eligibilite.taux_max_applicable(params, dossier.organisation)
    if taux is not None and (dossier.cout_ht * taux).quantize(Decimal("0.01")) < montant:
        montant = (dossier.cout_ht * taux).quantize(Decimal("0.01"))
        raisons.append(raison)
    if raisons:
        return montant, "Montant demandé ramené aux règles du dispositif (" + ", ".join(
            raisons
        ) + ")."
    return montant, "Montant demandé, dans les règles du dispositif."


def prochaine_session(dossier: Dossier) -> SessionProgrammation | None:
    """The session to propose the dossier to, still open (not voted): its own, else the one
    the filing rule gives (F2D operations are placed at the proposal), else the scheme's
    next one to come."""
    for session in (dossier.session, session_suggested(dossier)):
        if session is not None and not session.numero_deliberation:
            return session
    return (
        SessionProgrammation.objects.filter(
            dispositif_id=dossier.dispositif_id,
            numero_deliberation="",
            date_commission__gte=timezone.localdate(),
        )
        .order_by("date_commission", "date_limite")
        .first()
    )
