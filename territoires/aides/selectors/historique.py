"""The history of a dossier told in sentences: who did what, when, and why.

The journal (`core.journal`) keeps raw lines: a transition's label, the state before and
after, the edited fields, a reason. This presenter turns them into what a reader expects
(« Dossier déposé par Marie Dupont le 3 mars 2026 à 14 h 05 », « Montant proposé :
12 000 € »): no field diff, no checks pasted into the reason, times in the instance's zone.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format

from territoires.core.models import Evenement

# What each transition of the dossier (its label, see `models.Dossier`) reads like once done.
PHRASES_TRANSITIONS = {
    "Déposer le dossier": "Dossier déposé",
    "Demander des compléments": "Compléments demandés",
    "Transmettre les compléments": "Compléments transmis",
    "Déclarer complet et instruire": "Dossier déclaré complet",
    "Proposer": "Proposition enregistrée",
    "Refuser le visa": "Visa refusé",
    "Programmer en session": "Dossier programmé en session",
    "Attribuer (vote)": "Subvention attribuée",
    "Refuser": "Subvention refusée",
    "Ajourner à la session suivante": "Dossier ajourné à la session suivante",
    "Classer sans suite": "Dossier classé sans suite",
    "Annuler la décision": "Décision annulée",
    "Engager": "Subvention engagée",
    "Enregistrer un paiement partiel": "Paiement partiel enregistré",
    "Solder": "Subvention soldée",
    "Déclarer caduc": "Subvention déclarée caduque",
}

# Journal lines whose reason repeats what the page shows elsewhere (the deposit's checks are
# in the request, "Dossier complet." is the sentence itself): their reason is not repeated.
SANS_MOTIF = {"Déposer le dossier", "Déclarer complet et instruire"}

PHRASES_MODIFICATIONS = {
    "Brouillon créé": "Brouillon créé",
    "Visa du chef de service": "Proposition visée",
    "Proposition modifiée": "Montant proposé modifié",
}


@dataclass(frozen=True)
class LigneHistorique:
    quoi: str
    acteur: str
    quand: object  # aware datetime
    detail: str = ""

    @property
    def quand_texte(self) -> str:
        return moment(self.quand)

    @property
    def phrase(self) -> str:
        """The whole line in one sentence (for tests, archives and screen readers)."""
        texte = f"{self.quoi} par {self.acteur} le {self.quand_texte}"
        return f"{texte} : {self.detail}" if self.detail else texte


def moment(value) -> str:
    """« 3 mars 2026 à 14 h 05 » in the instance's time zone (« 1er » on the first)."""
    local = timezone.localtime(value)
    jour = date_format(local, "j F Y")
    if local.day == 1:
        jour = "1er" + jour[1:]
    return f"{jour} à {local:%H} h {local:%M}"


def _acteur(evenement: Evenement) -> str:
    return str(evenement.acteur) if evenement.acteur_id else "le système"


def _proposition(evenement: Evenement) -> tuple[str, str]:
    # The proposal's reason is "Proposition : 12 000 € (40 %)": the amount is the sentence.
    montant = evenement.motif.partition(":")[2].strip() or evenement.motif
    return (f"Montant proposé : {montant}" if montant else "Proposition enregistrée"), ""


def _champs_modifies(evenement: Evenement) -> str:
    libelles = [str(label) for label, _old, _new in evenement.changes_display()]
    return ", ".join(libelles)


def _ligne(evenement: Evenement) -> LigneHistorique:
    description, motif = evenement.description, evenement.motif.strip()
    quoi, detail = description or evenement.get_action_display(), motif
    if evenement.action == Evenement.Action.CHANGEMENT_ETAT:
        if description == "Proposer":
            quoi, detail = _proposition(evenement)
        else:
            quoi = PHRASES_TRANSITIONS.get(description, f"{description} (état du dossier)")
            detail = "" if description in SANS_MOTIF else motif
    elif description == "Proposition modifiée":
        quoi, detail = f"Montant proposé modifié : {motif}", ""
    elif description in PHRASES_MODIFICATIONS:
        quoi = PHRASES_MODIFICATIONS[description]
    elif evenement.changes and not description:
        champs = _champs_modifies(evenement)
        quoi = f"Dossier modifié ({champs})" if champs else "Dossier modifié"
    return LigneHistorique(
        quoi=quoi, acteur=_acteur(evenement), quand=evenement.cree_le, detail=detail
    )


def historique_lignes(evenements: Iterable[Evenement]) -> list[LigneHistorique]:
    """The journal lines of a dossier as sentences, in the order given (newest first)."""
    return [_ligne(evenement) for evenement in evenements]


def dernier_refus_visa(evenements: Iterable[Evenement]) -> LigneHistorique | None:
    """The last visa refusal, when the proposal has not been made again since."""
    for evenement in evenements:  # newest first
        if evenement.action != Evenement.Action.CHANGEMENT_ETAT:
            continue
        if evenement.description == "Refuser le visa":
            return _ligne(evenement)
        if evenement.description == "Proposer":
            return None
    return None
