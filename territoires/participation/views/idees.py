"""Idées: public list, page of an idée and its photos, submission, profile, moderation."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required, public, rule_required
from territoires.core.selectors import journal_for
from territoires.core.workflow import transitions_available

from .. import selectors
from ..filters import IdeeFilter
from ..forms import (
    IdeeForm,
    ModerationForm,
    ProfilForm,
)
from ..models import (
    age_le,
)
from ..services.idees import idee_moderate, idee_submit, profil_save
from .common import breadcrumb, get_campagne, get_idee, image_response


@public
def idees(request, campagne_slug):
    c = get_campagne(request, campagne_slug)
    filtre = IdeeFilter(request.GET or None, queryset=selectors.idees_publiques(c))
    return render(
        request,
        "participation/idees.html",
        {
            "campagne": c,
            "idees": filtre.qs,
            "filtre": filtre,
            "breadcrumb_items": breadcrumb(c, ("Idées", None)),
        },
    )


@public
def idee(request, idee_id):
    # Public once published (moderation reasons and assessment included); otherwise its
    # author and the services only, and 404 for the others.
    obj = get_idee(request, idee_id)
    if not request.user.has_perm("participation.voir_idee", obj):
        raise Http404("Idée introuvable.")
    peut_gerer = request.user.has_perm("participation.gerer_idee", obj)
    # Moderation comes first (publish or set aside), then the assessment (keep or not).
    transitions = dict(transitions_available(obj=obj, user=request.user))
    return render(
        request,
        "participation/idee.html",
        {
            "idee": obj,
            "campagne": obj.campagne,
            "photos": list(obj.photos.all()),
            "peut_gerer": peut_gerer,
            "moderation_form": ModerationForm() if "publier" in transitions else None,
            "peut_analyser": "retenir" in transitions,
            "journal": journal_for(obj) if peut_gerer else [],
            "breadcrumb_items": breadcrumb(
                obj.campagne,
                ("Idées", reverse("participation:idees", args=[obj.campagne.slug])),
                (obj.titre, None),
            ),
        },
    )


def _age(user) -> int | None:
    profil = getattr(user, "profil_citoyen", None)
    return age_le(profil.date_naissance, timezone.localdate()) if profil else None


@rule_required("participation.proposer")
def proposer(request, campagne_slug):
    c = get_campagne(request, campagne_slug)
    papier = request.user.has_perm("participation.gerer") and request.GET.get("papier") == "1"
    if not papier and not request.user.email_verifie:
        # The règlement asks for an account with a verified address (seed 002).
        return render(
            request,
            "participation/adresse_a_verifier.html",
            {"campagne": c, "breadcrumb_items": breadcrumb(c, ("Proposer une idée", None))},
        )
    if not papier and not hasattr(request.user, "profil_citoyen"):
        # Age and commune declared first: they decide which enveloppes are open to the resident.
        return redirect(reverse("participation:profil") + f"?suivant={request.path}")
    form = IdeeForm(request.POST or None, request.FILES or None, campagne=c, papier=papier)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            i = idee_submit(
                campagne=c,
                titre=d["titre"],
                description=d["description"],
                categorie=d["categorie"],
                cout_estime=d["cout_estime"],
                commune=d["commune"],
                lieu=d["lieu"],
                enveloppe=d["enveloppe"],
                auteur=None if papier else request.user,
                saisie_par=request.user if papier else None,
                nom_auteur=d.get("nom_auteur", ""),
                age=None if papier else _age(request.user),
                photos=d["photos"],
                latitude=d["latitude"],
                longitude=d["longitude"],
                commune_auteur=None if papier else request.user.profil_citoyen.commune,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, "Votre idée est déposée : elle sera publiée après modération."
            )
            return redirect("participation:idee", idee_id=i.pk)
    return render(
        request,
        "participation/proposer.html",
        {
            "campagne": c,
            "form": form,
            "carte_choix": selectors.carte_choix_commune(settings.TERRITOIRES_DEPARTEMENT),
            "papier": papier,
            "breadcrumb_items": breadcrumb(c, ("Proposer une idée", None)),
        },
    )


@rule_required("participation.proposer")
def profil(request):
    profil = getattr(request.user, "profil_citoyen", None)
    initial = (
        {
            "date_naissance": profil.date_naissance,
            "commune": profil.commune if profil and profil.commune else "",
        }
        if profil
        else None
    )
    form = ProfilForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            profil_save(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("date_naissance", exc)
        else:
            messages.success(request, "Votre profil de participant est enregistré.")
            suivant = request.GET.get("suivant", "")
            if url_has_allowed_host_and_scheme(suivant, allowed_hosts=None) and suivant.startswith(
                "/"
            ):
                return redirect(suivant)
            return redirect("participation:campagnes")
    return render(request, "participation/profil.html", {"form": form})


@require_POST
@object_rule_required("participation.gerer_idee", get_idee)
def moderer(request, idee_id, obj):
    form = ModerationForm(request.POST)
    if form.is_valid():
        try:
            idee_moderate(
                idee=obj,
                actor=request.user,
                publier=form.cleaned_data["decision"] == "publier",
                motif=form.cleaned_data["motif"],
            )
            messages.success(request, "Modération enregistrée.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, "Choisissez une décision.")
    return redirect("participation:idee", idee_id=obj.pk)


@public
def idee_photo(request, idee_id, document_id):
    """A photo of an idée, shown in the page: visible as the idée itself is."""
    idee = get_idee(request, idee_id)
    if not request.user.has_perm("participation.voir_idee", idee):
        raise Http404("Photo introuvable.")
    return image_response(get_object_or_404(idee.photos, pk=document_id))
