"""The candidate's side: create the organisation, start a draft, save it, file it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from territoires.comptes.models import Organisation
from territoires.comptes.rules import active_memberships
from territoires.core.access import object_rule_required, rule_required

from .. import selectors, services
from ..forms import CandidatureForm, CandidatureStartForm, OrganisationCandidateForm
from .common import LISTE, errors_of, get_appel, get_candidature
from .detail import candidature_context


def _organisations_admises(user, appel):
    ids = [m.organisation_id for m in active_memberships(user) if appel.admet(m.organisation)]
    return Organisation.objects.filter(pk__in=ids).order_by("nom")


def _create_organisation(request, appel, form):
    data = form.cleaned_data
    try:
        organisation = services.organisation_candidate_create(
            user=request.user,
            nom=data["nom"],
            type=data["type"],
            rna=data["rna"],
            siret=data["siret"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(
        request, f"Organisation « {organisation.nom} » créée : vous en êtes l'administrateur."
    )
    return redirect("appels:candidater", appel_id=appel.pk)


def _start(request, appel, form):
    try:
        candidature = services.candidature_create(
            appel=appel,
            organisation=form.cleaned_data["organisation"],
            actor=request.user,
            titre=form.cleaned_data["titre"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(request, "Brouillon de candidature créé : répondez aux questions.")
    return redirect(candidature)


@rule_required("appels.candidater")
def candidater(request, appel_id):
    appel = get_appel(request, appel_id)
    if not request.user.has_perm("appels.view_appel", appel):
        raise Http404("Appel introuvable.")
    organisations = _organisations_admises(request.user, appel)
    etape = request.POST.get("etape") if request.method == "POST" else None
    org_form = OrganisationCandidateForm(
        request.POST if etape == "organisation" else None, appel=appel, prefix="org"
    )
    start_form = CandidatureStartForm(
        request.POST if etape == "candidature" else None, organisations=organisations
    )
    if etape == "organisation" and request.user.email_verifie and org_form.is_valid():
        response = _create_organisation(request, appel, org_form)
        if response:
            return response
    if etape == "candidature" and start_form.is_valid():
        response = _start(request, appel, start_form)
        if response:
            return response
    return render(
        request,
        "appels/candidater.html",
        {
            "appel": appel,
            "ouvert": appel.est_ouvert(),
            "delai": selectors.delai_label(appel),
            "org_form": org_form,
            "start_form": start_form,
            "form": org_form if etape == "organisation" else start_form,
            "a_organisation": organisations.exists(),
            "peut_creer": bool(org_form.fields["type"].choices),
            "breadcrumb_items": [
                (LISTE, reverse("appels:liste")),
                (appel.titre, appel.get_absolute_url()),
                ("Candidater", None),
            ],
        },
    )


@rule_required("appels.view_mes_candidatures")
def mes_candidatures(request):
    return render(
        request,
        "appels/mes_candidatures.html",
        {
            "candidatures": list(selectors.candidatures_for_user(request.user)),
            "breadcrumb_items": [(LISTE, reverse("appels:liste")), ("Mes candidatures", None)],
        },
    )


def _save(request, candidature, form) -> bool:
    try:
        services.candidature_save(
            candidature=candidature,
            actor=request.user,
            titre=form.cleaned_data["titre"],
            reponses=form.reponses(),
            fichiers=form.fichiers(),
        )
    except ValidationError as error:
        for message in errors_of(error):
            form.add_error(None, message)
        return False
    return True


def _submit(request, candidature, form) -> bool:
    try:
        services.candidature_submit(candidature=candidature, actor=request.user)
    except ValidationError as error:
        for message in errors_of(error):
            form.add_error(None, message)
        return False
    return True


@object_rule_required("appels.view_candidature", get_candidature)
def candidature(request, candidature_id, obj):
    if request.method != "POST" or not request.user.has_perm("appels.change_candidature", obj):
        return render(request, "appels/candidature.html", candidature_context(request, obj))
    form = CandidatureForm(
        request.POST,
        request.FILES,
        questions=obj.appel.questions.all(),
        reponses=selectors.reponses_for(obj),
    )
    deposer = request.POST.get("action") == "deposer"
    if form.is_valid() and _save(request, obj, form):
        if not deposer:
            messages.success(request, "Brouillon enregistré.")
            return redirect(obj)
        if _submit(request, obj, form):
            messages.success(
                request, "Candidature déposée : le jury l'examinera après la date limite."
            )
            return redirect(obj)
    return render(
        request,
        "appels/candidature.html",
        candidature_context(request, obj, form=form),
    )
