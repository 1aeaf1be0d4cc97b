"""The instructors' list and their actions on a dossier: completeness, opinions, notes,
proposal, visa and the other transitions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required, rule_required
from territoires.core.workflow import transitions_available

from .. import filters, formats, forms, selectors, services
from ..models import Dossier
from ..pagination import ListePaginator
from .common import (
    back_to,
    get_avis,
    get_avis_dossier,
    get_dossier,
    run_action,
)


def _onglet(response, onglet: str):
    """Back to the dossier on the tab where the action was made."""
    response["Location"] += f"?onglet={onglet}#onglets"
    return response


def instruction_filtered(request) -> filters.InstructionFilter:
    """The instructors' list with the filters and the sort of the request (page and export)."""
    return filters.InstructionFilter(
        request.GET or None, queryset=selectors.dossiers_for_instructor(request.user)
    )


@rule_required("aides.list_dossiers_instruction")
def instruction(request):
    filterset = instruction_filtered(request)
    paginator = ListePaginator(filterset.qs, 50, plafond=1000 if request.GET.get("q") else None)
    page_obj = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "aides/instruction.html",
        {
            "filtre_form": filterset.form,
            "page_obj": page_obj,
            "sort": filterset.sort,
            "query": params.urlencode(),
            "breadcrumb_items": [("Dossiers à instruire", None)],
        },
    )


@require_POST
@object_rule_required("aides.instruire_dossier", get_dossier)
def dossier_complements(request, dossier_id, obj):
    form = forms.MotifForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez ce qui manque au dossier.")
        return _onglet(back_to(obj), "instruction")

    def action():
        services.complement_request(
            dossier=obj, actor=request.user, motif=form.cleaned_data["motif"]
        )
        messages.success(request, "Demande de compléments envoyée au demandeur.")

    return _onglet(run_action(request, obj, action), "instruction")


@require_POST
@object_rule_required("aides.instruire_dossier", get_dossier)
def dossier_instruire(request, dossier_id, obj):
    def action():
        services.dossier_instruction_start(dossier=obj, actor=request.user)
        messages.success(request, "Dossier déclaré complet : il est en instruction.")

    return _onglet(run_action(request, obj, action), "instruction")


@require_POST
@object_rule_required("aides.view_annotations", get_dossier)
def dossier_annotation(request, dossier_id, obj):
    form = forms.AnnotationForm(request.POST)
    if form.is_valid():
        services.annotation_add(dossier=obj, actor=request.user, texte=form.cleaned_data["texte"])
        messages.success(request, "Annotation ajoutée.")
    return _onglet(back_to(obj), "annotations")


@require_POST
@object_rule_required("aides.instruire_dossier", get_dossier)
def dossier_avis(request, dossier_id, obj):
    form = forms.AvisDemandeForm(request.POST)
    if form.is_valid():
        services.avis_request(dossier=obj, actor=request.user, **form.cleaned_data)
        messages.success(request, f"Avis demandé à {form.cleaned_data['service']}.")
    else:
        messages.error(request, "Choisissez le service et posez la question.")
    return _onglet(back_to(obj), "avis")


@require_POST
@object_rule_required("aides.view_annotations", get_avis_dossier)
def avis_repondre(request, avis_id, obj):
    avis = get_avis(request, avis_id)
    form = forms.AvisReponseForm(request.POST)
    if form.is_valid():
        try:
            services.avis_answer(avis=avis, actor=request.user, **form.cleaned_data)
        except PermissionDenied:
            messages.error(request, "Seul le service consulté donne son avis.")
        else:
            messages.success(request, "Avis enregistré.")
    else:
        messages.error(request, "Répondez par oui ou non et commentez.")
    return _onglet(back_to(obj), "avis")


@require_POST
@object_rule_required("aides.instruire_dossier", get_avis_dossier)
def avis_relancer(request, avis_id, obj):
    services.avis_remind(avis=get_avis(request, avis_id), actor=request.user)
    messages.success(request, "Relance envoyée au service.")
    return _onglet(back_to(obj), "avis")


@require_POST
@object_rule_required("aides.instruire_dossier", get_dossier)
def dossier_proposer(request, dossier_id, obj):
    form = forms.PropositionForm(request.POST, dossier=obj)
    if not form.is_valid():
        messages.error(request, "Indiquez le montant proposé et la session.")
        return _onglet(back_to(obj), "instruction")

    def action():
        try:
            services.dossier_propose(
                dossier=obj,
                actor=request.user,
                version=form.cleaned_data["version"],
                montant=form.cleaned_data["montant"],
                session=form.cleaned_data["session"],
            )
        except services.ConflitDeVersion:
            # Nothing typed is lost: the refused proposal is repeated to its author.
            messages.info(
                request,
                f"Votre saisie non enregistrée : {formats.euros(form.cleaned_data['montant'])}"
                f", {form.cleaned_data['session']}.",
            )
            raise
        messages.success(request, "Proposition enregistrée ; elle attend le visa.")

    return _onglet(run_action(request, obj, action), "instruction")


@require_POST
@object_rule_required("aides.viser_dossier", get_dossier)
def dossier_viser(request, dossier_id, obj):
    def action():
        services.dossier_endorse(dossier=obj, actor=request.user)
        messages.success(request, "Proposition visée.")

    return _onglet(run_action(request, obj, action), "instruction")


@require_POST
@object_rule_required("aides.viser_dossier", get_dossier)
def dossier_refuser_visa(request, dossier_id, obj):
    form = forms.RefusVisaForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez le motif du refus : l'instructeur le lira.")
        return _onglet(back_to(obj), "instruction")

    def action():
        services.dossier_visa_refuse(
            dossier=obj, actor=request.user, motif=form.cleaned_data["motif"]
        )
        messages.success(request, "Visa refusé : le dossier revient à l'instructeur avec le motif.")

    return _onglet(run_action(request, obj, action), "instruction")


@require_POST
@object_rule_required("aides.instruire_dossier", get_dossier)
def dossier_transition(request, dossier_id, obj):
    name = request.POST.get("transition", "")
    allowed = {n for n, _ in transitions_available(obj=obj, user=request.user)}
    if name not in allowed or name not in Dossier.TRANSITIONS_MOTIVEES:
        messages.error(request, "Action non permise.")
        return _onglet(back_to(obj), "instruction")

    def action():
        services.dossier_transition_apply(
            dossier=obj, actor=request.user, transition=name, reason=request.POST.get("motif", "")
        )
        messages.success(request, "État du dossier modifié.")

    return _onglet(run_action(request, obj, action), "instruction")
