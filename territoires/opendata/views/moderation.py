"""The data officer's queue: datasets waiting for their first publication (accept or send
back with a reason), and the published ones (unpublish with a reason)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required, rule_required
from territoires.core.selectors import journal_for

from .. import producteur, services
from ..forms import DepublicationForm, ModerationForm
from ..models import JeuDeDonnees
from .common import get_jeu

TRAIL = ("Modération des données", None)


@rule_required("opendata.moderer_jeudedonnees")
def moderation(request):
    publies = Paginator(producteur.datasets_published_for_moderation(), 50)
    return render(
        request,
        "opendata/publication/moderation.html",
        {
            "a_moderer": list(producteur.datasets_to_moderate()),
            "page_obj": publies.get_page(request.GET.get("page")),
            "breadcrumb_items": [TRAIL],
        },
    )


def _page(request, jeu, *, moderation_form=None, depublication_form=None, status=200):
    en_moderation = jeu.statut == JeuDeDonnees.Statut.EN_MODERATION
    publie = jeu.statut == JeuDeDonnees.Statut.PUBLIE
    return render(
        request,
        "opendata/publication/moderation_jeu.html",
        {
            "jeu": jeu,
            "ressources": producteur.resources_of(jeu=jeu),
            "moderation_form": moderation_form or (ModerationForm() if en_moderation else None),
            "depublication_form": depublication_form or (DepublicationForm() if publie else None),
            "page_has_errors": status != 200,
            "journal": journal_for(jeu),
            "breadcrumb_items": [
                ("Modération des données", reverse("opendata:moderation")),
                (jeu.titre, None),
            ],
        },
        status=status,
    )


@object_rule_required("opendata.moderer_jeudedonnees", get_jeu)
def moderation_jeu(request, jeu_slug, obj):
    return _page(request, obj)


@require_POST
@object_rule_required("opendata.moderer_jeudedonnees", get_jeu)
def moderer(request, jeu_slug, obj):
    form = ModerationForm(request.POST)
    if form.is_valid():
        accepter = form.cleaned_data["decision"] == "accepter"
        try:
            services.dataset_moderate(
                jeu=obj, actor=request.user, accepter=accepter, motif=form.cleaned_data["motif"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                f"« {obj.titre} » est publié."
                if accepter
                else f"« {obj.titre} » est renvoyé à son producteur.",
            )
            return redirect("opendata:moderation")
    return _page(request, obj, moderation_form=form, status=400)


@require_POST
@object_rule_required("opendata.moderer_jeudedonnees", get_jeu)
def depublier(request, jeu_slug, obj):
    form = DepublicationForm(request.POST)
    if form.is_valid():
        try:
            services.dataset_unpublish(
                jeu=obj, actor=request.user, motif=form.cleaned_data["motif"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"« {obj.titre} » est dépublié.")
            return redirect("opendata:moderation")
    return _page(request, obj, depublication_form=form, status=400)
