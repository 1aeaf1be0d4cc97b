"""The page of a dossier, for the applicant and the Département alike.

Its buttons and forms are the transitions the user may apply now
(`core.workflow.transitions_available`): `actions` for the dossier, `v.actions` for each
payment request, `peut_demander_versement` from a request not filed yet. No list of states
here nor in the template: the states, guards and permissions are the model's transitions.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from territoires.core.access import object_rule_required
from territoires.core.selectors import documents_for, journal_for
from territoires.core.workflow import transitions_available

from .. import eligibilite, forms, selectors
from ..models import Dossier, Versement
from ..selectors import dossier as selectors_dossier
from ..selectors.historique import dernier_refus_visa, historique_lignes
from .actes import actes_context
from .common import get_dossier
from .pieces import pieces_context

# The tabs of the page: (slug, label); who sees which is decided in `_onglets`.
ONGLETS = {
    "demande": "Demande",
    "pieces": "Pièces",
    "instruction": "Instruction",
    "avis": "Avis",
    "annotations": "Annotations privées",
    "messages": "Messages",
    "historique": "Historique",
}


def _onglets(request, *, interne: bool, defaut: str) -> tuple[list[tuple[str, str]], str]:
    """The tabs this user sees (the applicant: no opinions, no private notes) and the open
    one (`?onglet=`, else `defaut`)."""
    masques = set() if interne else {"avis", "annotations"}
    onglets = [(slug, label) for slug, label in ONGLETS.items() if slug not in masques]
    if not interne:
        onglets[2] = ("instruction", "Décision et versements")
    demande = request.GET.get("onglet", "")
    return onglets, demande if demande in dict(onglets) else defaut


@object_rule_required("aides.view_dossier", get_dossier)
def dossier_detail(request, dossier_id, obj):
    dossier, user = obj, request.user
    instructeur = user.has_perm("aides.instruire_dossier", dossier)
    voir_annotations = user.has_perm("aides.view_annotations", dossier)
    evenements = list(journal_for(dossier))
    controles = _controles(dossier) if dossier.modifiable or instructeur else None
    peut_viser = user.has_perm("aides.viser_dossier", dossier) and dossier.visable
    # The head of service comes for the visa: the page opens on it.
    onglets, onglet = _onglets(
        request, interne=voir_annotations, defaut="instruction" if peut_viser else "demande"
    )
    context = {
        "dossier": dossier,
        "instructeur": instructeur,
        "onglets": onglets,
        "onglet": onglet,
        "actions": dict(transitions_available(obj=dossier, user=user)),
        "controles": controles,
        "frise": selectors_dossier.frise(dossier, evenements),
        "reste_a_faire": selectors_dossier.reste_a_faire(controles),
        "historique": historique_lignes(evenements),
        "refus_visa": dernier_refus_visa(evenements),
        "instruit_par": _instruit_par(evenements),
        "depenses": dossier.depenses.all(),
        "financements": dossier.financements.all(),
        "communes": dossier.communes.all(),
        "complements": dossier.complements.all(),
        "documents": documents_for(dossier),
        "pieces": pieces_context(dossier, user),
        "peut_modifier": user.has_perm("aides.change_dossier", dossier),
        "peut_viser": peut_viser,
        "voir_annotations": voir_annotations,
        "actes_disponibles": "arrete" in dossier.actes_types,
        "refus_disponible": "refus" in dossier.actes_types,
        "message_form": forms.MessageForm(),
        "document_form": forms.DocumentForm(),
        "refus_visa_form": forms.RefusVisaForm(auto_id="refus_visa_%s"),
        "breadcrumb_items": [
            (
                ("Dossiers à instruire", reverse("aides:instruction"))
                if instructeur
                else ("Mes dossiers d'aide", reverse("aides:mes_dossiers"))
            ),
            (dossier.numero or dossier.intitule, None),
        ],
        **_paiements_context(dossier, user),
        **actes_context(dossier, user),
    }
    if voir_annotations:
        context.update(_avis_context(dossier, user))
    if instructeur:
        context.update(_instruction_context(dossier, user))
    return render(request, "aides/dossier.html", context)


def _instruit_par(evenements):
    """Who instructs the dossier: the author of its last proposal, else who declared it
    complete (the journal says it; the dossier has no field for it)."""
    for description in ("Proposer", "Déclarer complet et instruire"):
        for evenement in evenements:
            if evenement.description == description and evenement.acteur_id:
                return evenement.acteur
    return None


def _controles(dossier: Dossier) -> list[eligibilite.Verdict]:
    # A filed dossier is judged with the rules of its filing day.
    jour = timezone.localdate(dossier.depose_le) if dossier.depose_le else timezone.localdate()
    return eligibilite.controles_depot(dossier, date=jour)


def _paiements_context(dossier: Dossier, user) -> dict:
    paiements = selectors.paiements_situation(dossier)
    messages_dossier = list(dossier.messages.select_related("auteur"))
    selectors.attach_pieces(messages_dossier + paiements.versements)
    for versement in paiements.versements:
        versement.actions = dict(transitions_available(obj=versement, user=user))
    demande = Versement.nouveau(dossier=dossier)
    return {
        "messages_dossier": messages_dossier,
        "versements": paiements.versements,
        "deja_verse": paiements.deja_verse,
        "reste_a_verser": paiements.reste_a_verser,
        "versement_en_cours": paiements.en_cours,
        "dernier_rejet": paiements.dernier_rejet,
        "peut_demander_versement": bool(transitions_available(obj=demande, user=user)),
        "versement_form": forms.VersementForm(),
        "rejet_form": forms.RejetVersementForm(auto_id="rejet_%s"),
    }


def _avis_context(dossier: Dossier, user) -> dict:
    return {
        "annotations": dossier.annotations.select_related("auteur"),
        "avis": dossier.avis.select_related("service", "repondu_par"),
        "avis_form": forms.AvisDemandeForm(),
        "annotation_form": forms.AnnotationForm(),
        "peut_repondre_avis": user.has_perm("aides.repondre_avis", dossier),
        "avis_reponse_form": forms.AvisReponseForm(),
    }


def _instruction_context(dossier: Dossier, user) -> dict:
    montant, explication = selectors_dossier.montant_suggere(dossier)
    session = selectors_dossier.prochaine_session(dossier)
    return {
        "motif_form": forms.MotifForm(),
        "proposition_form": forms.PropositionForm(
            dossier=dossier,
            initial={
                "montant": dossier.montant_propose or montant,
                "session": session.pk if session else None,
                "version": dossier.version,
            },
        ),
        "proposition_explication": (
            "Montant de la dernière proposition." if dossier.montant_propose else explication
        ),
        "proposition_session": session,
        "programmation_form": forms.ProgrammationForm(),
        "acte_form": forms.ActeSigneForm(dossier=dossier),
        # The transitions applied with a written reason, one small form each.
        "transitions": [
            (name, label)
            for name, label in transitions_available(obj=dossier, user=user)
            if name in Dossier.TRANSITIONS_MOTIVEES
        ],
    }
