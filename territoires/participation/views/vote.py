"""Online vote, paper ballots typed in by the services, voting codes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required, public

from .. import franceconnect as franceconnect_oidc
from .. import selectors
from ..forms import (
    CodesForm,
    FranceConnectForm,
    VoteForm,
)
from ..models import (
    Canal,
)
from ..services.votants import codes_generate, votant_identify
from ..services.vote import vote_submit
from .common import breadcrumb, get_campagne
from .franceconnect import franceconnect_identite, franceconnect_identite_forget


def _vote(request, c, *, papier: bool):
    """The ballot form, online (`voter`) or typed in from paper by an agent (`vote_papier`)."""
    enveloppes = list(c.enveloppes.select_related("canton"))
    # Identity certified by FranceConnect for this campaign (online vote only): fingerprint,
    # age and commune are in the session, there is nothing to type in.
    fc = None if papier else franceconnect_identite(request, c)
    form = VoteForm(
        request.POST or None,
        enveloppes=enveloppes,
        projets_par_enveloppe=selectors.projets_par_enveloppe(campagne=c),
        papier=papier,
        franceconnect=bool(fc),
    )
    if request.method == "POST" and form.is_valid():
        try:
            vote_submit(
                campagne=c,
                identite=_identite(c, form.cleaned_data, fc),
                canal=Canal.PAPIER if papier else Canal.EN_LIGNE,
                choix=form.choix(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if fc:
                franceconnect_identite_forget(request, c)
            if papier:
                messages.success(request, "Bulletin papier enregistré.")
                return redirect("participation:vote_papier", campagne_slug=c.slug)
            choisis = [pk for pks in form.choix().values() for pk in pks]
            return render(
                request,
                "participation/a_vote.html",
                {"campagne": c, "choisis": selectors.projets_choisis(campagne=c, pks=choisis)},
            )
    return render(
        request,
        "participation/voter.html",
        {
            "campagne": c,
            "form": form,
            "papier": papier,
            "enveloppes": enveloppes,
            "franceconnect": franceconnect_oidc.actif() and not papier,
            "franceconnect_form": FranceConnectForm(prefix="fc"),
            "empreinte_fc": bool(fc),
            "breadcrumb_items": breadcrumb(
                c, ("Saisie d'un bulletin papier" if papier else "Voter", None)
            ),
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


@public
def voter(request, campagne_slug):
    return _vote(request, get_campagne(request, campagne_slug), papier=False)


@object_rule_required("participation.gerer_campagne", get_campagne)
def vote_papier(request, campagne_slug, obj):
    return _vote(request, obj, papier=True)


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
