"""The page of a dossier, for the applicant and the Département alike."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from territoires.comptes.access import object_rule_required
from territoires.core.selectors import documents_for, journal_for
from territoires.core.workflow import transitions_available

from .. import eligibilite, forms, selectors, services
from ..models import (
    Dossier,
    LigneFinancement,
)
from .common import (
    get_dossier,
)


@object_rule_required("aides.view_dossier", get_dossier)
def dossier_detail(request, dossier_id, obj):
    dossier = obj
    user = request.user
    instructeur = user.has_perm("aides.instruire_dossier", dossier)
    controles = None
    if dossier.statut in ("brouillon", "incomplet") or instructeur:
        # A filed dossier is judged with the rules of its filing day.
        jour = timezone.localdate(dossier.depose_le) if dossier.depose_le else None
        controles = eligibilite.controles_depot(dossier, date=jour or timezone.localdate())
    versements = list(dossier.versements.all())
    messages_dossier = list(dossier.messages.select_related("auteur"))
    _attach_documents(messages_dossier + versements)
    deja = services.deja_verse(dossier)
    context = {
        "dossier": dossier,
        "controles": controles,
        "controles_ok": controles is not None and not eligibilite.refus(controles),
        "depenses": dossier.depenses.all(),
        "financements": dossier.financements.all(),
        "communes": dossier.communes.all(),
        "complements": dossier.complements.all(),
        "messages_dossier": messages_dossier,
        "documents": documents_for(dossier),
        "versements": versements,
        "deja_verse": deja,
        # A balanced or lapsed grant owes nothing more (the balance is pro rata).
        "reste_a_verser": 0
        if dossier.statut in ("solde", "caduc")
        else (dossier.montant_attribue or 0) - deja,
        "peut_modifier": user.has_perm("aides.change_dossier", dossier),
        "peut_demander_versement": user.has_perm("aides.demander_versement", dossier)
        and dossier.statut in ("attribue", "engage", "paye_partiellement")
        and not any(v.statut == "demande" for v in versements),
        "instructeur": instructeur,
        "peut_viser": user.has_perm("aides.viser_dossier", dossier) and dossier.statut == "propose",
        "peut_payer": user.has_perm("aides.payer_dossier", dossier),
        "peut_voter": user.has_perm("aides.voter_session", dossier),
        "voir_annotations": user.has_perm("aides.view_annotations", dossier),
        "evenements": journal_for(dossier),
        "message_form": forms.MessageForm(),
        "document_form": forms.DocumentForm(),
        "versement_form": forms.VersementForm(),
        "versement_en_cours": next((v for v in versements if v.statut == "demande"), None),
        "dernier_rejet": (
            versements[-1] if versements and versements[-1].statut == "rejete" else None
        ),
        "rejet_form": forms.RejetVersementForm(auto_id="rejet_%s"),
        "financeur_labels": dict(LigneFinancement.Financeur.choices),
        "actes_disponibles": dossier.statut in Dossier.STATUTS_ATTRIBUES,
        "refus_disponible": dossier.statut == "refuse",
        "breadcrumb_items": [
            (
                ("Dossiers à instruire", reverse("aides:instruction"))
                if instructeur
                else ("Mes dossiers d'aide", reverse("aides:mes_dossiers"))
            ),
            (dossier.numero or dossier.intitule, None),
        ],
    }
    if context["voir_annotations"]:
        context["annotations"] = dossier.annotations.select_related("auteur")
        context["avis"] = dossier.avis.select_related("service", "repondu_par")
        context["avis_form"] = forms.AvisDemandeForm()
        context["annotation_form"] = forms.AnnotationForm()
        context["peut_repondre_avis"] = user.has_perm("aides.repondre_avis", dossier)
        context["avis_reponse_form"] = forms.AvisReponseForm()
    if instructeur:
        context["motif_form"] = forms.MotifForm()
        context["proposition_form"] = forms.PropositionForm(
            dossier=dossier,
            initial={
                "montant": dossier.montant_propose or dossier.montant_demande,
                "session": dossier.session_id or _session_par_regle(dossier),
                "version": dossier.version,
            },
        )
        context["programmation_form"] = forms.ProgrammationForm()
        context["acte_form"] = forms.ActeSigneForm()
        context["transitions"] = [
            (name, label)
            for name, label in transitions_available(obj=dossier, user=user)
            if name in ("classer_sans_suite", "annuler_decision", "declarer_caduc")
        ]
    return render(request, "aides/dossier.html", context)


def _session_par_regle(dossier):
    """The session the rule gives (F2D operations are not placed at filing): a suggestion."""
    if dossier.depose_le is None:
        return None
    session = selectors.session_for_filing(
        dossier.dispositif, timezone.localdate(dossier.depose_le)
    )
    return session.pk if session else None


def _attach_documents(objects) -> None:
    """`obj.pieces`: the documents attached to each message or payment, in one query."""
    from django.contrib.contenttypes.models import ContentType

    from territoires.core.models import Document

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
