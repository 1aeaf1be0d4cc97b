"""The jury and the service: scores, ranking, decision, letters, aid dossier."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required

from .. import exports, selectors, services
from ..forms import DecisionForm, NoteForm
from .common import LISTE, errors_of, get_appel, get_candidature
from .detail import candidature_context


@require_POST
@object_rule_required("appels.noter_candidature", get_candidature)
def noter(request, candidature_id, obj):
    form = NoteForm(request.POST, appel=obj.appel, criteres=obj.appel.criteres.all())
    if form.is_valid():
        try:
            services.note_save(
                candidature=obj,
                actor=request.user,
                valeurs=form.valeurs(),
                commentaire=form.cleaned_data["commentaire"],
            )
        except ValidationError as error:
            for message in errors_of(error):
                form.add_error(None, message)
        else:
            messages.success(
                request, "Note enregistrée : les notes des autres membres sont visibles."
            )
            return redirect(obj)
    context = candidature_context(request, obj, note_form=form)
    context["form"] = form
    return render(request, "appels/candidature.html", context)


@require_POST
@object_rule_required("appels.decider_candidature", get_candidature)
def decider(request, candidature_id, obj):
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.candidature_decide(
                candidature=obj,
                actor=request.user,
                retenue=form.cleaned_data["decision"] == "retenue",
                motifs=form.cleaned_data["motifs"],
                commentaire=form.cleaned_data["commentaire"],
            )
        except ValidationError as error:
            for message in errors_of(error):
                form.add_error(None, message)
        else:
            messages.success(
                request, f"Décision enregistrée : candidature {obj.get_statut_display().lower()}."
            )
            return redirect(obj)
    context = candidature_context(request, obj, decision_form=form)
    context["form"] = form
    return render(request, "appels/candidature.html", context)


@object_rule_required("appels.view_lettre", get_candidature)
def lettre(request, candidature_id, obj):
    return exports.lettre_pdf(request, obj)


@require_POST
@object_rule_required("appels.convertir_candidature", get_candidature)
def dossier(request, candidature_id, obj):
    try:
        dossier = services.candidature_dossier_create(candidature=obj, actor=request.user)
    except ValidationError as error:
        for message in errors_of(error):
            messages.error(request, message)
    else:
        messages.success(
            request,
            f"Dossier d'aide préparé (brouillon « {dossier.intitule} ») : l'organisation le "
            "complète et le dépose.",
        )
    return redirect(obj)


@object_rule_required("appels.view_classement", get_appel)
def classement(request, appel_id, obj):
    return render(
        request,
        "appels/classement.html",
        {
            "appel": obj,
            "lignes": selectors.classement(obj, request.user),
            "criteres": list(obj.criteres.all()),
            "breadcrumb_items": [
                (LISTE, reverse("appels:liste")),
                (obj.titre, obj.get_absolute_url()),
                ("Classement", None),
            ],
        },
    )
