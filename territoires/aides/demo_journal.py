"""The journal of the demo's aid dossiers: the transitions each one went through, dated by its
own fields, as `core.workflow.transition_apply` would have written them.

The demo creates its dossiers in bulk, straight in their state; without this journal their
timeline had no date for « Complet », « Proposé » or the closure, and their history was
empty. One `bulk_create` for every dossier.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from territoires.core.models import Evenement
from territoires.core.workflow import transition_label

from .models import Dossier

S = Dossier.Statut

#: The transitions (method, target) that lead to each final state, in order.
_CHEMIN_INSTRUIT = [("instruire", S.EN_INSTRUCTION), ("proposer", S.PROPOSE)]
_CHEMIN_VOTE = [*_CHEMIN_INSTRUIT, ("programmer", S.PROGRAMME), ("attribuer", S.ATTRIBUE)]
CHEMINS = {
    S.DEPOSE: [],
    S.INCOMPLET: [("declarer_incomplet", S.INCOMPLET)],
    S.EN_INSTRUCTION: [("instruire", S.EN_INSTRUCTION)],
    S.PROPOSE: _CHEMIN_INSTRUIT,
    S.PROGRAMME: [*_CHEMIN_INSTRUIT, ("programmer", S.PROGRAMME)],
    S.AJOURNE: [*_CHEMIN_INSTRUIT, ("programmer", S.PROGRAMME), ("ajourner", S.AJOURNE)],
    S.REFUSE: [*_CHEMIN_INSTRUIT, ("programmer", S.PROGRAMME), ("refuser", S.REFUSE)],
    S.ATTRIBUE: _CHEMIN_VOTE,
    S.ENGAGE: [*_CHEMIN_VOTE, ("engager", S.ENGAGE)],
    S.PAYE_PARTIELLEMENT: [
        *_CHEMIN_VOTE,
        ("engager", S.ENGAGE),
        ("payer_partiellement", S.PAYE_PARTIELLEMENT),
    ],
    S.SOLDE: [*_CHEMIN_VOTE, ("engager", S.ENGAGE), ("solder", S.SOLDE)],
    S.CADUC: [*_CHEMIN_VOTE, ("declarer_caduc", S.CADUC)],
    S.SANS_SUITE: [("classer_sans_suite", S.SANS_SUITE)],
}


def _jour(dossier: Dossier, transition: str, precedent: datetime.date) -> datetime.date:
    """The day of `transition`, from the dossier's own dates (never before the step before)."""
    proposes = (dossier.visa_le.date() if dossier.visa_le else None) or (
        (dossier.complet_le or precedent) + datetime.timedelta(days=20)
    )
    jours = {
        "declarer_incomplet": precedent + datetime.timedelta(days=10),
        "instruire": dossier.complet_le,
        "proposer": proposes - datetime.timedelta(days=5),
        "programmer": proposes,
        "ajourner": proposes + datetime.timedelta(days=30),
        "refuser": dossier.decide_le,
        "attribuer": dossier.decide_le,
        "engager": dossier.engage_le,
        "payer_partiellement": dossier.premier_paiement_le,
        "solder": dossier.premier_paiement_le,  # the demo pays its balance in one payment
        "declarer_caduc": (dossier.decide_le or precedent) + datetime.timedelta(days=730),
        "classer_sans_suite": precedent + datetime.timedelta(days=30),
    }
    return max(precedent, jours.get(transition) or precedent)


def journal_demo(dossiers: list[Dossier], *, today: datetime.date) -> int:
    """Journal the filing and the transitions of every filed demo dossier; returns the count."""
    content_type = ContentType.objects.get_for_model(Dossier)
    libelles = dict(S.choices)
    evenements = []
    for dossier in dossiers:
        if dossier.statut == S.BROUILLON or dossier.depose_le is None:
            continue
        etapes = [("deposer", S.DEPOSE), *CHEMINS.get(dossier.statut, [])]
        avant, jour = S.BROUILLON, timezone.localdate(dossier.depose_le)
        for transition, apres in etapes:
            jour = min(today, _jour(dossier, transition, jour)) if transition != "deposer" else jour
            moment = dossier.depose_le if transition == "deposer" else _a_dix_heures(jour)
            evenements.append(
                Evenement(
                    content_type=content_type,
                    object_id=str(dossier.pk),
                    objet_libelle=str(dossier)[:255],
                    organisation_id=dossier.organisation_id,
                    action=Evenement.Action.CHANGEMENT_ETAT,
                    description=transition_label(getattr(Dossier, transition))[:255],
                    changes={"statut": [libelles[avant], libelles[apres]]},
                    cree_le=moment,
                )
            )
            avant = apres
    Evenement.objects.bulk_create(evenements, batch_size=2000)
    return len(evenements)


def _a_dix_heures(jour: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time(10)))
