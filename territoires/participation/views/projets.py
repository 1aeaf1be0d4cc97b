"""Assessment of idées and projets: public list, assessment, creation, selection for the vote."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required, public

from .. import selectors
from ..filters import ProjetFilter
from ..forms import (
    AnalyseForm,
    ProjetForm,
)
from ..models import (
    Projet,
)
from ..services.projets import idee_assess, projet_create, projets_select
from .common import breadcrumb, get_campagne, get_idee


@public
def projets(request, campagne_slug):
    c = get_campagne(request, campagne_slug)
    filtre = ProjetFilter(
        request.GET or None, queryset=selectors.projets_cartes(campagne=c), campagne=c
    )
    return render(
        request,
        "participation/projets.html",
        {
            "campagne": c,
            "projets": [(p, selectors.vignette(p)) for p in filtre.qs],
            "filtre": filtre,
            "breadcrumb_items": breadcrumb(c, ("Projets soumis au vote", None)),
        },
    )


@public
def projet(request, campagne_slug, projet_id):
    """The public page of a projet put to the vote: description, place, analysis."""
    c = get_campagne(request, campagne_slug)
    p = selectors.projet_public_get(campagne=c, projet_id=projet_id)
    if p is None:
        raise Http404("Projet introuvable.")
    return render(
        request,
        "participation/projet.html",
        {
            "campagne": c,
            "projet": p,
            "vignette": selectors.vignette(p),
            "carte": selectors.carte_projet(p),
            "breadcrumb_items": breadcrumb(
                c,
                ("Projets soumis au vote", reverse("participation:projets", args=[c.slug])),
                (p.titre, None),
            ),
        },
    )


@object_rule_required("participation.gerer_idee", get_idee)
def analyser(request, idee_id, obj):
    form = AnalyseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            idee_assess(idee=obj, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Analyse enregistrée ; l'auteur est prévenu.")
            return redirect("participation:idee", idee_id=obj.pk)
    return render(
        request,
        "participation/analyser.html",
        {
            "idee": obj,
            "form": form,
            "breadcrumb_items": breadcrumb(
                obj.campagne,
                (obj.titre, reverse("participation:idee", args=[obj.pk])),
                ("Analyse", None),
            ),
        },
    )


@require_POST
@object_rule_required("participation.gerer_campagne", get_campagne)
def projet_nouveau(request, campagne_slug, obj):
    form = ProjetForm(request.POST, campagne=obj)
    if form.is_valid():
        d = form.cleaned_data
        try:
            p = projet_create(
                campagne=obj,
                enveloppe=d["enveloppe"],
                idees=list(d["idees"]),
                titre=d["titre"],
                description=d["description"],
                cout=d["cout"],
                actor=request.user,
                commune=d["commune"],
            )
            messages.success(request, f"Projet {p.code} créé.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(
            request,
            "Projet non créé : " + " ".join(e for errs in form.errors.values() for e in errs),
        )
    return redirect("participation:gestion", campagne_slug=obj.slug)


@require_POST
@object_rule_required("participation.gerer_campagne", get_campagne)
def selection(request, campagne_slug, obj):
    ids = [int(x) for x in request.POST.getlist("projets") if x.isdigit()]
    try:
        n = projets_select(
            campagne=obj,
            projets=list(Projet.objects.filter(campagne=obj, pk__in=ids)),
            actor=request.user,
        )
        messages.success(request, f"{n} projet(s) soumis au vote.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("participation:gestion", campagne_slug=obj.slug)
