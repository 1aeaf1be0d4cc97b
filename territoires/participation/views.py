"""Vues du budget participatif : minces, les écritures sont dans services.py."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from territoires.comptes.access import object_rule_required, public, rule_required
from territoires.core.selectors import journal_for
from territoires.core.services import task_launch
from territoires.referentiel.maps import carte_communes_context
from territoires.referentiel.models import Commune

from . import exports, selectors
from . import franceconnect as franceconnect_oidc
from .forms import (
    AnalyseForm,
    CodesForm,
    FranceConnectForm,
    IdeeForm,
    JalonForm,
    ModerationForm,
    PhotoRealisationForm,
    ProfilForm,
    ProjetForm,
    RealisationForm,
    VoteForm,
)
from .models import (
    Campagne,
    Canal,
    Enveloppe,
    Idee,
    PhotoRealisation,
    Projet,
    Realisation,
    Resultat,
    age_le,
)
from .services.idees import idee_deposer, idee_moderer, profil_enregistrer
from .services.projets import idee_analyser, projet_creer, projets_selectionner
from .services.realisations import (
    jalon_ajouter,
    realisation_mettre_a_jour,
    realisation_photo_ajouter,
)
from .services.realisations import (
    realisations_creer as realisations_creer_service,
)
from .services.votants import code_trouver, codes_generer, empreinte_code, empreinte_identite
from .services.vote import vote_enregistrer

SESSION_FC = "bp_empreintes_franceconnect"


def _campagne(request, campagne_slug, **kwargs):
    return get_object_or_404(Campagne, slug=campagne_slug)


def _idee(request, idee_id, **kwargs):
    return get_object_or_404(
        Idee.objects.select_related("campagne", "commune", "projet"), pk=idee_id
    )


def _realisation(request, realisation_id, **kwargs):
    return get_object_or_404(
        Realisation.objects.select_related("projet", "projet__campagne"), pk=realisation_id
    )


def _fil(campagne, *suite):
    accueil = ("Budget participatif", reverse("participation:campagnes"))
    return [
        accueil,
        (campagne.titre, reverse("participation:campagne", args=[campagne.slug])),
        *suite,
    ]


@public
def campagnes(request):
    return render(
        request, "participation/campagnes.html", {"campagnes": selectors.campagnes_publiques()}
    )


@public
def campagne(request, campagne_slug):
    c = _campagne(request, campagne_slug)
    return render(
        request,
        "participation/campagne.html",
        {
            "campagne": c,
            "enveloppes": c.enveloppes.select_related("canton"),
            "peut_gerer": request.user.has_perm("participation.gerer"),
            "breadcrumb_items": _fil(c)[:-1] + [(c.titre, None)],
        },
    )


@public
def projets(request, campagne_slug):
    c = _campagne(request, campagne_slug)
    filtres = {
        "enveloppe": request.GET.get("enveloppe", "").strip(),
        "commune": request.GET.get("commune", "").strip(),
        "categorie": request.GET.get("categorie", "").strip(),
        "q": request.GET.get("q", "").strip(),
    }
    if not filtres["enveloppe"].isdigit():
        filtres["enveloppe"] = ""
    liste = selectors.projets_filtres(campagne=c, **filtres)
    return render(
        request,
        "participation/projets.html",
        {
            "campagne": c,
            "projets": liste,
            "filtres": filtres,
            "enveloppes": list(c.enveloppes.all()),
            "categories": selectors.categories(c),
            "breadcrumb_items": _fil(c, ("Projets soumis au vote", None)),
        },
    )


@public
def idees(request, campagne_slug):
    c = _campagne(request, campagne_slug)
    return render(
        request,
        "participation/idees.html",
        {
            "campagne": c,
            "idees": selectors.idees_publiques(c),
            "breadcrumb_items": _fil(c, ("Idées", None)),
        },
    )


@public
def idee(request, idee_id):
    # Publique une fois publiée (motifs de modération et analyse compris) ; sinon son auteur
    # et les services seulement, et 404 pour les autres.
    obj = _idee(request, idee_id)
    if not request.user.has_perm("participation.voir_idee", obj):
        raise Http404("Idée introuvable.")
    peut_gerer = request.user.has_perm("participation.gerer_idee", obj)
    return render(
        request,
        "participation/idee.html",
        {
            "idee": obj,
            "campagne": obj.campagne,
            "photos": list(obj.photos.all()),
            "peut_gerer": peut_gerer,
            "moderation_form": ModerationForm() if obj.statut == Idee.Statut.DEPOSEE else None,
            "analyse_form": AnalyseForm() if obj.statut == Idee.Statut.PUBLIEE else None,
            "journal": journal_for(obj) if peut_gerer else [],
            "breadcrumb_items": _fil(
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
    c = _campagne(request, campagne_slug)
    papier = request.user.has_perm("participation.gerer") and request.GET.get("papier") == "1"
    if not papier and not request.user.email_verifie:
        # The règlement asks for an account with a verified address (seed 002).
        return render(
            request,
            "participation/adresse_a_verifier.html",
            {"campagne": c, "breadcrumb_items": _fil(c, ("Proposer une idée", None))},
        )
    if not papier and not hasattr(request.user, "profil_citoyen"):
        # Âge et commune déclarés d'abord : ils décident des enveloppes ouvertes à l'habitant.
        return redirect(reverse("participation:profil") + f"?suivant={request.path}")
    form = IdeeForm(request.POST or None, request.FILES or None, campagne=c, papier=papier)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            i = idee_deposer(
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
            "breadcrumb_items": _fil(c, ("Proposer une idée", None)),
        },
    )


@rule_required("participation.proposer")
def profil(request):
    profil = getattr(request.user, "profil_citoyen", None)
    initial = (
        {
            "date_naissance": profil.date_naissance,
            "commune": profil.commune.code if profil and profil.commune else "",
        }
        if profil
        else None
    )
    form = ProfilForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            profil_enregistrer(user=request.user, **form.cleaned_data)
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
@object_rule_required("participation.gerer_idee", _idee)
def moderer(request, idee_id, obj):
    form = ModerationForm(request.POST)
    if form.is_valid():
        try:
            idee_moderer(
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


@object_rule_required("participation.gerer_idee", _idee)
def analyser(request, idee_id, obj):
    form = AnalyseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            idee_analyser(idee=obj, actor=request.user, **form.cleaned_data)
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
            "breadcrumb_items": _fil(
                obj.campagne,
                (obj.titre, reverse("participation:idee", args=[obj.pk])),
                ("Analyse", None),
            ),
        },
    )


@object_rule_required("participation.gerer_campagne", _campagne)
def gestion(request, campagne_slug, obj):
    c = obj
    return render(
        request,
        "participation/gestion.html",
        {
            "campagne": c,
            "a_traiter": selectors.idees_a_traiter(c),
            "projets": Projet.objects.filter(campagne=c)
            .select_related("enveloppe")
            .order_by("code"),
            "projet_form": ProjetForm(campagne=c),
            "codes_form": CodesForm(),
            "journal": journal_for(c),
            "breadcrumb_items": _fil(c, ("Gestion", None)),
        },
    )


@require_POST
@object_rule_required("participation.gerer_campagne", _campagne)
def projet_nouveau(request, campagne_slug, obj):
    form = ProjetForm(request.POST, campagne=obj)
    if form.is_valid():
        d = form.cleaned_data
        try:
            p = projet_creer(
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
@object_rule_required("participation.gerer_campagne", _campagne)
def selection(request, campagne_slug, obj):
    ids = [int(x) for x in request.POST.getlist("projets") if x.isdigit()]
    try:
        n = projets_selectionner(
            campagne=obj,
            projets=list(Projet.objects.filter(campagne=obj, pk__in=ids)),
            actor=request.user,
        )
        messages.success(request, f"{n} projet(s) soumis au vote.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("participation:gestion", campagne_slug=obj.slug)


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
                code = code_trouver(campagne=c, code=d["code"])
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
            vote_enregistrer(
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


def _retour_franceconnect(request) -> str:
    return request.build_absolute_uri(reverse("participation:franceconnect_retour"))


@public
def franceconnect(request, campagne_slug):
    """Départ vers FranceConnect, avec la commune de résidence (que FranceConnect ne
    certifie pas) : elle entre dans l'empreinte, comme pour l'identité déclarée."""
    c = _campagne(request, campagne_slug)
    if not franceconnect_oidc.actif() or not c.vote_ouvert:
        raise Http404("FranceConnect n'est pas proposé.")
    form = FranceConnectForm(request.GET, prefix="fc")
    if not form.is_valid():
        messages.error(
            request,
            "Indiquez votre commune de résidence (code INSEE) avant de passer par "
            "FranceConnect : " + " ".join(e for errs in form.errors.values() for e in errs),
        )
        return redirect("participation:voter", campagne_slug=c.slug)
    return redirect(
        franceconnect_oidc.url_autorisation(
            request,
            campagne_slug=c.slug,
            commune=form.cleaned_data["commune"].code,
            retour=_retour_franceconnect(request),
        )
    )


@public
def franceconnect_retour(request):
    if not franceconnect_oidc.actif():
        raise Http404("FranceConnect n'est pas proposé.")
    identite = franceconnect_oidc.identite_du_retour(request, retour=_retour_franceconnect(request))
    c = get_object_or_404(Campagne, slug=identite["campagne"])
    identites = request.session.get(SESSION_FC, {})
    # Ni le nom, ni la date de naissance, ni le `sub` ne restent : l'empreinte, l'âge, la commune.
    identites[c.slug] = {
        "empreinte": empreinte_identite(
            campagne=c,
            nom=identite["nom"],
            prenom=identite["prenom"],
            naissance=identite["naissance"],
            commune_code=identite["commune"],
        ),
        "age": age_le(identite["naissance"], timezone.localdate()),
        "commune": identite["commune"],
    }
    request.session[SESSION_FC] = identites
    messages.success(request, "Identité vérifiée par FranceConnect : choisissez vos projets.")
    return redirect("participation:voter", campagne_slug=c.slug)


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
    clairs = codes_generer(
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


@require_POST
@object_rule_required("participation.gerer_campagne", _campagne)
def resultats_calculer(request, campagne_slug, obj):
    from .tasks import resultats_calculer_task

    suivi = task_launch(
        task=resultats_calculer_task,
        owner=request.user,
        label=f"Dépouillement — {obj.titre}",
        campagne_id=obj.pk,
    )
    return redirect("core:tache_detail", tache_id=suivi.pk)


@require_POST
@object_rule_required("participation.gerer_campagne", _campagne)
def realisations_creer(request, campagne_slug, obj):
    n = realisations_creer_service(campagne=obj, actor=request.user)
    messages.success(request, f"{n} réalisation(s) créée(s).")
    return redirect("participation:suivi", campagne_slug=obj.slug)


@public
def resultats(request, campagne_slug):
    c = _campagne(request, campagne_slug)
    liste = list(selectors.resultats(c))
    projets_par_pk = {p.pk: p for p in Projet.objects.filter(campagne=c)}
    blocs = []
    for r in liste:
        tours = [dict(t, projet_obj=projets_par_pk.get(t["projet"])) for t in r.tours]
        laureats = [projets_par_pk[pk] for pk in r.selectionnes if pk in projets_par_pk]
        blocs.append(
            {
                "resultat": r,
                "tours": tours,
                "laureats": laureats,
                "urne_publique": timezone.localdate() > c.vote_fin,
            }
        )
    return render(
        request,
        "participation/resultats.html",
        {
            "campagne": c,
            "blocs": blocs,
            "peut_gerer": request.user.has_perm("participation.gerer"),
            "breadcrumb_items": _fil(c, ("Résultats", None)),
        },
    )


def _enveloppe(request, campagne_slug, urne_id, **kwargs):
    # L'urne d'une enveloppe porte le numéro de l'enveloppe.
    return get_object_or_404(
        Enveloppe.objects.select_related("campagne"), pk=urne_id, campagne__slug=campagne_slug
    )


@public
def urne_export(request, campagne_slug, urne_id):
    """L'urne d'une enveloppe, après la clôture : chacun peut recompter (CSV ou pabulib)."""
    env = _enveloppe(request, campagne_slug, urne_id)
    c = env.campagne
    if timezone.localdate() <= c.vote_fin:
        raise Http404("L'urne est publiée après la clôture du vote.")
    if request.GET.get("format") == "pabulib":
        resultat = Resultat.objects.filter(enveloppe=env, methode=c.methode).first()
        if resultat is None:
            raise Http404("Résultat pas encore calculé.")
        return exports.urne_pabulib(env, resultat)
    return exports.urne_csv(env)


@public
def chiffres(request, campagne_slug):
    c = _campagne(request, campagne_slug)
    p = selectors.participation(c)
    carte = carte_communes_context(
        {code: n for code, n in p["commune"].items()}, titre="Votants par commune", unite="votants"
    )
    cantons = selectors.participation_par_canton(c, p["commune"])
    carte_cantons = (
        carte_communes_context(
            {code: ligne["taux"] for ligne in cantons for code in ligne["communes"]},
            titre="Taux de participation du canton de chaque commune",
            unite="votants pour 100 habitants",
        )["carte"]
        if cantons
        else None
    )
    return render(
        request,
        "participation/chiffres.html",
        {
            "campagne": c,
            "cantons": cantons,
            "carte_cantons": carte_cantons,
            "total": p["total"].get("total", 0),
            "canaux": [
                (Canal(k).label if k in Canal.values else k, v)
                for k, v in sorted(p["canal"].items())
            ],
            "ages": sorted(p["age"].items()),
            **carte,
            "breadcrumb_items": _fil(c, ("Participation", None)),
        },
    )


@public
def suivi(request, campagne_slug):
    c = _campagne(request, campagne_slug)
    return render(
        request,
        "participation/suivi.html",
        {
            "campagne": c,
            "realisations": selectors.realisations(c),
            "peut_gerer": request.user.has_perm("participation.gerer"),
            "breadcrumb_items": _fil(c, ("Suivi des réalisations", None)),
        },
    )


@public
def realisation(request, realisation_id):
    r = _realisation(request, realisation_id)
    peut_gerer = request.user.has_perm("participation.gerer_realisation", r)
    return render(
        request,
        "participation/realisation.html",
        {
            "realisation": r,
            "campagne": r.projet.campagne,
            "peut_gerer": peut_gerer,
            "idees": r.projet.idees.all(),
            "photos": list(r.photos.all()),
            "journal": journal_for(r) if peut_gerer else [],
            "breadcrumb_items": _fil(
                r.projet.campagne,
                ("Suivi", reverse("participation:suivi", args=[r.projet.campagne.slug])),
                (r.projet.titre, None),
            ),
        },
    )


def _photo(request, realisation_id, photo_id, **kwargs):
    return get_object_or_404(
        PhotoRealisation.objects.select_related("document"),
        pk=photo_id,
        realisation_id=realisation_id,
    )


def _image(document) -> FileResponse:
    try:
        fichier = document.fichier.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Photo introuvable.") from exc
    # Type vérifié par son contenu au dépôt (JPEG ou PNG seulement).
    reponse = FileResponse(fichier, content_type=document.type_mime)
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return reponse


@public
def idee_photo(request, idee_id, document_id):
    """Une photo d'idée, affichée dans la page : visible comme l'idée elle-même."""
    idee = _idee(request, idee_id)
    if not request.user.has_perm("participation.voir_idee", idee):
        raise Http404("Photo introuvable.")
    return _image(get_object_or_404(idee.photos, pk=document_id))


@public
def photo_realisation(request, realisation_id, photo_id):
    """Une photo du suivi public, affichée dans la page (les réalisations sont publiques)."""
    return _image(_photo(request, realisation_id, photo_id).document)


@object_rule_required("participation.gerer_realisation", _realisation)
def realisation_modifier(request, realisation_id, obj):
    # Trois formulaires sur la page ; seul celui qui est soumis est lié aux données postées.
    soumis = ""
    if request.method == "POST":
        soumis = request.POST.get("formulaire") or (
            "jalon" if "jalon-libelle" in request.POST else "suivi"
        )
    donnees = request.POST if soumis else None
    form = RealisationForm(
        donnees if soumis == "suivi" else None, instance=Realisation.objects.get(pk=obj.pk)
    )
    jalon_form = JalonForm(donnees if soumis == "jalon" else None, prefix="jalon")
    photo_form = PhotoRealisationForm(
        donnees if soumis == "photo" else None,
        request.FILES if soumis == "photo" else None,
        prefix="photo",
    )
    if soumis == "photo" and photo_form.is_valid():
        d = photo_form.cleaned_data
        try:
            realisation_photo_ajouter(
                realisation=obj,
                fichier=d["photo"],
                texte_alternatif=d["texte_alternatif"],
                legende=d["legende"],
                actor=request.user,
            )
        except ValidationError as exc:
            photo_form.add_error("photo", exc)
        else:
            messages.success(request, "Photo ajoutée au suivi public.")
            return redirect("participation:realisation", realisation_id=obj.pk)
    elif soumis == "jalon" and jalon_form.is_valid():
        jalon_ajouter(realisation=obj, **jalon_form.cleaned_data)
        messages.success(request, "Jalon ajouté.")
        return redirect("participation:realisation", realisation_id=obj.pk)
    elif soumis == "suivi" and form.is_valid():
        d = form.cleaned_data
        try:
            realisation_mettre_a_jour(
                realisation=obj,
                actor=request.user,
                statut=d["statut"],
                avancement=d["avancement"],
                budget_depense=d["budget_depense"] or Decimal(0),
                commentaire=d["commentaire"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Suivi mis à jour.")
            return redirect("participation:realisation", realisation_id=obj.pk)
    return render(
        request,
        "participation/realisation_modifier.html",
        {
            "realisation": obj,
            "form": form,
            "jalon_form": jalon_form,
            "photo_form": photo_form,
            "breadcrumb_items": _fil(
                obj.projet.campagne,
                (obj.projet.titre, reverse("participation:realisation", args=[obj.pk])),
                ("Mise à jour", None),
            ),
        },
    )


@public
def evaluation_pdf(request, campagne_slug):
    return exports.evaluation_pdf(_campagne(request, campagne_slug))
