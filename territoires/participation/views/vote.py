"""Paper ballots typed in by the services, voting codes (the online vote: `voter`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required

from .. import selectors
from ..forms import (
    CodesForm,
    VoteForm,
)
from ..models import (
    Canal,
)
from ..services.votants import codes_generate, votant_identify
from ..services.vote import vote_submit
from .common import breadcrumb, get_campagne


def _vote_papier(request, c):
    """A paper ballot typed in by an agent: identity and choices in one form."""
    enveloppes = list(c.enveloppes.select_related("canton"))
    form = VoteForm(
        request.POST or None,
        enveloppes=enveloppes,
        projets_par_enveloppe=selectors.projets_par_enveloppe(campagne=c),
        papier=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            vote_submit(
                campagne=c,
                identite=_identite(c, form.cleaned_data, None),
                canal=Canal.PAPIER,
                choix=form.choix(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Bulletin papier enregistré.")
            return redirect("participation:vote_papier", campagne_slug=c.slug)
    return render(
        request,
        "participation/vote_papier.html",
        {
            "campagne": c,
            "form": form,
            "papier": True,
            "enveloppes": enveloppes,
            "breadcrumb_items": breadcrumb(c, ("Saisie d'un bulletin papier", None)),
        },
    )


def _identite(c, d: dict, fc: dict | None):
    return votant_identify(
        campagne=c,
        franceconnect=fc,
        code=d.get("code", ""),
        nom=d.get("nom", ""),
        prenom=d.get("prenom", ""),
        naissance=d.get("naissance"),
        commune=d.get("commune"),
    )


@object_rule_required("participation.gerer_campagne", get_campagne)
def vote_papier(request, campagne_slug, obj):
    return _vote_papier(request, obj)


@require_POST
@object_rule_required("participation.gerer_campagne", get_campagne)
def codes(request, campagne_slug, obj):
    form = CodesForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nombre de codes invalide (1 à 5 000).")
        return redirect("participation:gestion", campagne_slug=obj.slug)
    clairs = codes_generate(
        campagne=obj,
        nombre=form.cleaned_data["nombre"],
        jeunes=form.cleaned_data["jeunes"],
        actor=request.user,
    )
    # A printable page, shown once: the codes are only kept hashed.
    return render(
        request,
        "participation/codes.html",
        {"campagne": obj, "codes": clairs, "jeunes": form.cleaned_data["jeunes"]},
    )
