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
from .actes import actes_context
from .common import get_dossier


@object_rule_required("aides.view_dossier", get_dossier)
def dossier_detail(request, dossier_id, obj):
    dossier, user = obj, request.user
    instructeur = user.has_perm("aides.instruire_dossier", dossier)
    context = {
        "dossier": dossier,
        "instructeur": instructeur,
        "actions": dict(transitions_available(obj=dossier, user=user)),
        "controles": _controles(dossier) if dossier.modifiable or instructeur else None,
        "depenses": dossier.depenses.all(),
        "financements": dossier.financements.all(),
        "communes": dossier.communes.all(),
        "complements": dossier.complements.all(),
        "documents": documents_for(dossier),
        "evenements": journal_for(dossier),
        "peut_modifier": user.has_perm("aides.change_dossier", dossier),
        "peut_viser": user.has_perm("aides.viser_dossier", dossier) and dossier.visable,
        "voir_annotations": user.has_perm("aides.view_annotations", dossier),
        "actes_disponibles": "arrete" in dossier.actes_types,
        "refus_disponible": "refus" in dossier.actes_types,
        "message_form": forms.MessageForm(),
        "document_form": forms.DocumentForm(),
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
    if context["voir_annotations"]:
        context.update(_avis_context(dossier, user))
    if instructeur:
        context.update(_instruction_context(dossier, user))
    return render(request, "aides/dossier.html", context)


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
    suggestion = selectors.session_suggested(dossier)
    return {
        "motif_form": forms.MotifForm(),
        "proposition_form": forms.PropositionForm(
            dossier=dossier,
            initial={
                "montant": dossier.montant_propose or dossier.montant_demande,
                "session": dossier.session_id or (suggestion.pk if suggestion else None),
                "version": dossier.version,
            },
        ),
        "programmation_form": forms.ProgrammationForm(),
        "acte_form": forms.ActeSigneForm(),
        # The transitions applied with a written reason, one small form each.
        "transitions": [
            (name, label)
            for name, label in transitions_available(obj=dossier, user=user)
            if name in Dossier.TRANSITIONS_MOTIVEES
        ],
    }
