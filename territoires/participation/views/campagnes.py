"""Campagnes: list, public page, the services' management page."""

from django.shortcuts import render

from territoires.core.access import object_rule_required, public
from territoires.core.selectors import journal_for

from .. import selectors
from ..filters import ModerationFilter
from ..forms import (
    CodesForm,
    ProjetForm,
)
from .common import breadcrumb, get_campagne


@public
def campagnes(request):
    return render(
        request, "participation/campagnes.html", {"campagnes": selectors.campagnes_publiques()}
    )


@public
def campagne(request, campagne_slug):
    c = get_campagne(request, campagne_slug)
    return render(
        request,
        "participation/campagne.html",
        {
            "campagne": c,
            "enveloppes": c.enveloppes.select_related("canton"),
            "peut_gerer": request.user.has_perm("participation.gerer"),
            "breadcrumb_items": breadcrumb(c)[:-1] + [(c.titre, None)],
        },
    )


@object_rule_required("participation.gerer_campagne", get_campagne)
def gestion(request, campagne_slug, obj):
    c = obj
    moderation = ModerationFilter(request.GET or None, queryset=selectors.idees_a_traiter(c))
    return render(
        request,
        "participation/gestion.html",
        {
            "campagne": c,
            "a_traiter": moderation.qs,
            "moderation": moderation,
            "projets": selectors.projets_list(campagne=c),
            "projet_form": ProjetForm(campagne=c),
            "codes_form": CodesForm(),
            "journal": journal_for(c),
            "breadcrumb_items": breadcrumb(c, ("Gestion", None)),
        },
    )
