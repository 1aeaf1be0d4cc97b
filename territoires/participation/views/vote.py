"""Vote en ligne et saisie des bulletins papier, codes de vote."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from territoires.comptes.access import object_rule_required, public
from territoires.referentiel.models import Commune

from .. import franceconnect as franceconnect_oidc
from ..forms import (
    CodesForm,
    FranceConnectForm,
    VoteForm,
)
from ..models import (
    Canal,
    Projet,
    age_le,
)
from ..services.votants import code_find, codes_generate, empreinte_code, empreinte_identite
from ..services.vote import vote_cast
from .common import _campagne, _fil
from .franceconnect import SESSION_FC


def _vote(request, c, *, papier: bool):
    enveloppes = list(c.enveloppes.select_related("canton"))
    par_env: dict[int, list] = {}
    for p in Projet.objects.filter(campagne=c, soumis_au_vote=True).order_by("code"):
        par_env.setdefault(p.enveloppe_id, []).append(p)
    # Identité certifiée par FranceConnect pour cette campagne (vote en ligne seulement) :
    # l'empreinte, l'âge et la commune sont en session, il n'y a rien à saisir.
    fc = None if papier else request.session.get(SESSION_FC, {}).get(c.slug)
    empreinte_fc = fc["empreinte"] if isinstance(fc, dict) else None
    form = VoteForm(
        request.POST or None,
        enveloppes=enveloppes,
        projets_par_enveloppe=par_env,
        papier=papier,
        franceconnect=bool(empreinte_fc),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        code = None
        try:
            commune = d.get("commune")
            if empreinte_fc:
                empreinte, age = empreinte_fc, fc["age"]
                commune = Commune.objects.filter(
                    code=fc["commune"], type=Commune.Type.ACTUELLE
                ).first()
            elif d["code"]:
                code = code_find(campagne=c, code=d["code"])
                if code is None or code.utilise:
                    raise ValidationError("Code de vote inconnu ou déjà utilisé.")
                empreinte = empreinte_code(campagne=c, code=code)
                age = None
            else:
                empreinte = empreinte_identite(
                    campagne=c,
                    nom=d["nom"],
                    prenom=d["prenom"],
                    naissance=d["naissance"],
                    commune_code=d["commune"].code,
                )
                age = age_le(d["naissance"], timezone.localdate())
            if code is not None and code.jeunes:
                choix = {
                    k: v
                    for k, v in form.choix().items()
                    if any(e.pk == k and e.type == "jeunes" for e in enveloppes)
                }
            else:
                choix = form.choix()
            vote_cast(
                campagne=c,
                empreinte=empreinte,
                canal=Canal.PAPIER if papier else Canal.EN_LIGNE,
                choix=choix,
                age=age,
                commune=commune,
                code=code,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if empreinte_fc:
                request.session[SESSION_FC] = {
                    k: v for k, v in request.session.get(SESSION_FC, {}).items() if k != c.slug
                }
            if papier:
                messages.success(request, "Bulletin papier enregistré.")
                return redirect("participation:vote_papier", campagne_slug=c.slug)
            return render(request, "participation/a_vote.html", {"campagne": c})
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
            "empreinte_fc": bool(empreinte_fc),
            "breadcrumb_items": _fil(
                c, ("Saisie d'un bulletin papier" if papier else "Voter", None)
            ),
        },
    )


@public
def voter(request, campagne_slug):
    return _vote(request, _campagne(request, campagne_slug), papier=False)


@object_rule_required("participation.gerer_campagne", _campagne)
def vote_papier(request, campagne_slug, obj):
    return _vote(request, obj, papier=True)


@require_POST
@object_rule_required("participation.gerer_campagne", _campagne)
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
    # Page imprimable, affichée une seule fois : les codes ne sont gardés que condensés.
    return render(
        request,
        "participation/codes.html",
        {"campagne": obj, "codes": clairs, "jeunes": form.cleaned_data["jeunes"]},
    )
