"""The online vote in three steps, as Decidim and CONSUL do it: identity, ballot, summary.

1. `voter`: who votes. FranceConnect, or a signed-in resident whose profile holds their
   identity and commune, skip it; a person who already voted is told here, before the ballot.
2. `bulletin`: the projets as cards to tick, with a running meter per enveloppe (JavaScript
   updates it; « Vérifier mon choix » has the server do the same without it).
3. `recapitulatif`: what is chosen, then « Confirmer mon vote » casts it (« A voté »).

Nothing is written before the confirmation; the steps keep their state in the session
(`vote_etat`), so going back loses nothing.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from territoires.core.access import public

from .. import franceconnect as franceconnect_oidc
from .. import selectors
from ..bulletin import bulletin_erreurs, enveloppes_offertes, jauges
from ..forms import BulletinForm, FranceConnectForm, IdentiteForm
from ..models import Canal
from ..scrutin import scrutin_get
from ..services.votants import IdentiteVotant, votant_identify
from ..services.vote import bulletin_check, vote_confirm
from . import vote_etat
from .common import breadcrumb, get_campagne
from .franceconnect import franceconnect_identite, franceconnect_identite_forget

ETAPES = ["Votre identité", "Vos choix", "Récapitulatif"]


def _contexte(c, etape: int, **extra) -> dict:
    return {
        "campagne": c,
        "etapes": ETAPES,
        "etape": etape,
        "breadcrumb_items": breadcrumb(c, ("Voter", None)),
        **extra,
    }


def _profil_complet(user):
    """The signed-in resident's profile, when it holds a full identity and a commune."""
    profil = getattr(user, "profil_citoyen", None) if user.is_authenticated else None
    if profil and profil.commune_id and user.first_name and user.last_name:
        return profil
    return None


def _identite_automatique(request, c) -> tuple[IdentiteVotant, str] | None:
    """The identity the voter need not type: certified by FranceConnect, or their profile."""
    if fc := franceconnect_identite(request, c):
        return votant_identify(campagne=c, franceconnect=fc), "franceconnect"
    if profil := _profil_complet(request.user):
        identite = votant_identify(
            campagne=c,
            nom=request.user.last_name,
            prenom=request.user.first_name,
            naissance=profil.date_naissance,
            commune=profil.commune,
        )
        return identite, "profil"
    return None


def _initial(user) -> dict:
    profil = getattr(user, "profil_citoyen", None) if user.is_authenticated else None
    if not user.is_authenticated:
        return {}
    return {
        "nom": user.last_name,
        "prenom": user.first_name,
        "naissance": profil.date_naissance if profil else None,
        "commune": profil.commune if profil and profil.commune_id else "",
    }


def _identite_retenue(request, c, identite: IdentiteVotant, source: str):
    """Tell a person who already voted, before the ballot; otherwise on to the ballot."""
    if selectors.deja_vote(campagne=c, empreinte=identite.empreinte):
        vote_etat.forget(request, c)
        return render(request, "participation/deja_vote.html", _contexte(c, 1, source=source))
    vote_etat.identite_save(request, c, identite, source=source)
    return redirect("participation:bulletin", campagne_slug=c.slug)


@public
def voter(request, campagne_slug):
    c = get_campagne(request, campagne_slug)
    if not c.vote_ouvert:
        return render(request, "participation/voter_identite.html", _contexte(c, 1))
    modifier = "modifier" in request.GET
    if modifier and request.method == "GET":
        vote_etat.forget(request, c)
        franceconnect_identite_forget(request, c)
    elif request.method == "GET" and (automatique := _identite_automatique(request, c)):
        return _identite_retenue(request, c, *automatique)
    form = IdentiteForm(request.POST or None, initial=_initial(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            identite = votant_identify(
                campagne=c,
                code=d["code"],
                nom=d["nom"],
                prenom=d["prenom"],
                naissance=d["naissance"],
                commune=d["commune"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _identite_retenue(request, c, identite, "code" if identite.code else "declaree")
    return render(
        request,
        "participation/voter_identite.html",
        _contexte(
            c,
            1,
            form=form,
            modifier=modifier,
            en_cours=vote_etat.identite_get(request, c) is not None,
            franceconnect=franceconnect_oidc.actif(),
            franceconnect_form=FranceConnectForm(prefix="fc"),
        ),
    )


def _verifier(request, c, choix: dict[int, list[int]]) -> None:
    """The ballot checked as the confirmation will check it: against the campaign's frozen
    ballot, read here once for this process when it is not yet (`participation/scrutin.py`)."""
    bulletin_check(
        campagne=c,
        choix=choix,
        electeur=vote_etat.electeur_get(request, c.slug),
        scrutin=scrutin_get(vote_etat.scrutin_cle_get(request, c.slug)),
    )


def _identite_ou_retour(request, c):
    """The identity kept for the ballot, or None when the voter must (re)start at step 1."""
    if not c.vote_ouvert:
        return None
    identite = vote_etat.identite_get(request, c)
    if identite is None:
        messages.info(request, "Indiquez d'abord qui vote : votre bulletin vous attend ensuite.")
    return identite


def _bulletin_context(request, c, identite, form, jauges_, **extra) -> dict:
    return _contexte(
        c,
        2,
        form=form,
        jauges=jauges_,
        source=vote_etat.identite_source(request, c),
        commune=identite.commune,
        **extra,
    )


@public
def bulletin(request, campagne_slug):
    c = get_campagne(request, campagne_slug)
    identite = _identite_ou_retour(request, c)
    if identite is None:
        return redirect("participation:voter", campagne_slug=c.slug)
    enveloppes = enveloppes_offertes(list(c.enveloppes.select_related("canton")), identite)
    par_env = selectors.projets_bulletin(campagne=c)
    choix = vote_etat.choix_get(request, c)
    form = BulletinForm(
        request.POST or None,
        enveloppes=enveloppes,
        projets_par_enveloppe=par_env,
        initial={f"env_{env}": pks for env, pks in choix.items()},
    )
    verifie = False
    if request.method == "POST" and form.is_valid():
        choix = form.choix()
        vote_etat.choix_save(request, c, choix)
        mesures = jauges(enveloppes, par_env, choix)
        for j in mesures:
            if j.erreur:
                form.add_error(f"env_{j.enveloppe.pk}", j.erreur)
        if not form.errors and request.POST.get("action") == "recapitulatif":
            try:
                _verifier(request, c, choix)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("participation:recapitulatif", campagne_slug=c.slug)
        verifie = not form.errors
    return render(
        request,
        "participation/bulletin.html",
        _bulletin_context(
            request, c, identite, form, jauges(enveloppes, par_env, choix), verifie=verifie
        ),
    )


def _recapitulatif_page(request, c, erreur: str = ""):
    identite = _identite_ou_retour(request, c)
    if identite is None:
        return redirect("participation:voter", campagne_slug=c.slug)
    choix = vote_etat.choix_get(request, c)
    enveloppes = enveloppes_offertes(list(c.enveloppes.select_related("canton")), identite)
    choix = {env.pk: choix.get(env.pk, []) for env in enveloppes}
    par_env = selectors.projets_bulletin(campagne=c)
    if erreurs := bulletin_erreurs(enveloppes, par_env, choix):  # the budget, as on step 2
        messages.error(request, " ".join(erreurs.values()))
        return redirect("participation:bulletin", campagne_slug=c.slug)
    try:
        _verifier(request, c, choix)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("participation:bulletin", campagne_slug=c.slug)
    mesures = [j for j in jauges(enveloppes, par_env, choix) if j.choisis]
    return render(
        request,
        "participation/recapitulatif.html",
        _contexte(
            c,
            3,
            jauges=mesures,
            erreur=erreur,
            modifier_url=reverse("participation:bulletin", args=[c.slug]),
        ),
    )


def _confirmer(request, campagne_slug):
    """« Confirmer mon vote »: the ballot kept in the session, checked and cast in one go
    (nothing read twice, no page rendered: the answer sends to « A voté », PRG)."""
    electeur = vote_etat.electeur_get(request, campagne_slug)
    if electeur is not None:
        try:
            vote_confirm(
                campagne_slug=campagne_slug,
                electeur=electeur,
                canal=Canal.EN_LIGNE,
                choix=vote_etat.choix_get(request, campagne_slug),
                scrutin=scrutin_get(vote_etat.scrutin_cle_get(request, campagne_slug)),
            )
        except ValidationError as exc:
            erreur = " ".join(exc.messages)
        else:
            return redirect("participation:a_vote", campagne_slug=campagne_slug)
    else:
        erreur = ""
    return _recapitulatif_page(request, get_campagne(request, campagne_slug), erreur)


@public
def recapitulatif(request, campagne_slug):
    if request.method == "POST":
        return _confirmer(request, campagne_slug)
    return _recapitulatif_page(request, get_campagne(request, campagne_slug))


@public
def a_vote(request, campagne_slug):
    """After the confirmation: the register holds this person; their choice, shown once,
    then leaves the session. Without a vote just cast, back to the first step."""
    c = get_campagne(request, campagne_slug)
    electeur = vote_etat.electeur_get(request, c.slug)
    if electeur is None or not selectors.deja_vote(campagne=c, empreinte=electeur.empreinte):
        return redirect("participation:voter", campagne_slug=c.slug)
    choisis = [pk for pks in vote_etat.choix_get(request, c).values() for pk in pks]
    vote_etat.forget(request, c)
    franceconnect_identite_forget(request, c)
    par_enveloppe: dict = {}
    for projet in selectors.projets_choisis(campagne=c, pks=choisis):
        par_enveloppe.setdefault(projet.enveloppe, []).append(projet)
    bulletins = [(env, ps, sum(p.cout for p in ps)) for env, ps in par_enveloppe.items()]
    return render(request, "participation/a_vote.html", _contexte(c, 3, bulletins=bulletins))
