"""The producer's screens: « Mes jeux de données », a dataset, its resources, the upload,
the preview with the column types, the versions and the chart."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from territoires.comptes.rules import active_memberships
from territoires.core.access import object_rule_required, rule_required
from territoires.core.selectors import journal_for
from territoires.core.task_tracking import task_launch
from territoires.core.workflow import transitions_available

from .. import producteur, services
from ..forms import ApercuForm, DepotForm, GraphiqueForm, JeuForm, RessourceForm
from ..models import JeuDeDonnees, VersionRessource
from ..tasks import version_confirm_task
from .common import breadcrumb, get_jeu, get_ressource, get_version

ETAPES = ["Déposer le fichier", "Vérifier les colonnes", "Publier"]
STATUT_TONES = {
    JeuDeDonnees.Statut.BROUILLON: "neutral",
    JeuDeDonnees.Statut.EN_MODERATION: "warning",
    JeuDeDonnees.Statut.PUBLIE: "success",
    JeuDeDonnees.Statut.DEPUBLIE: "error",
}


def _errors(form, exc: ValidationError, field=None) -> None:
    for message in exc.messages:
        form.add_error(field, message)


@rule_required("opendata.add_jeudedonnees")
def mes_jeux(request):
    jeux = list(producteur.datasets_for_producer(user=request.user))
    for jeu in jeux:
        jeu.tone = STATUT_TONES.get(jeu.statut, "neutral")
    return render(
        request,
        "opendata/publication/mes_jeux.html",
        {
            "jeux": jeux,
            "jours": producteur.COMPTEURS_JOURS,
            "breadcrumb_items": [("Mes jeux de données", None)],
        },
    )


def _jeu_champs(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "organisation"}


@rule_required("opendata.add_jeudedonnees")
def jeu_creer(request):
    organisations = [m.organisation for m in active_memberships(request.user)]
    organisations = list({o.pk: o for o in organisations}.values())
    form = JeuForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data.get("organisation") or _default_organisation(
            request, organisations
        )
        try:
            jeu = services.dataset_create(
                organisation=organisation, actor=request.user, **_jeu_champs(form.cleaned_data)
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(
                request, "Jeu de données créé. Ajoutez maintenant un fichier de données."
            )
            return redirect("opendata:ressource_ajouter", jeu_slug=jeu.slug)
    return render(
        request,
        "opendata/publication/jeu_form.html",
        {
            "form": form,
            "titre": "Nouveau jeu de données",
            "bouton": "Créer le jeu de données",
            "breadcrumb_items": breadcrumb(("Nouveau jeu de données", None)),
        },
    )


def _default_organisation(request, organisations):
    courante = getattr(request, "organisation", None)
    if courante is not None and any(o.pk == courante.pk for o in organisations):
        return courante
    return organisations[0]


@object_rule_required("opendata.change_jeudedonnees", get_jeu)
def mes_jeux_jeu(request, jeu_slug, obj):
    transitions = dict(transitions_available(obj=obj, user=request.user))
    peut_publier = bool({"soumettre", "publier"} & set(transitions)) and obj.statut != (
        JeuDeDonnees.Statut.EN_MODERATION
    )
    return render(
        request,
        "opendata/publication/jeu.html",
        {
            "jeu": obj,
            "tone": STATUT_TONES.get(obj.statut, "neutral"),
            "ressources": producteur.resources_of(jeu=obj),
            "peut_publier": peut_publier,
            "peut_moderer": request.user.has_perm("opendata.moderer_jeudedonnees", obj),
            "journal": journal_for(obj),
            "breadcrumb_items": breadcrumb(jeu=obj)[:1] + [(obj.titre, None)],
        },
    )


@object_rule_required("opendata.change_jeudedonnees", get_jeu)
def jeu_modifier(request, jeu_slug, obj):
    form = JeuForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.dataset_update(jeu=obj, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "Description du jeu de données enregistrée.")
            return redirect("opendata:mes_jeux_jeu", jeu_slug=obj.slug)
    return render(
        request,
        "opendata/publication/jeu_form.html",
        {
            "form": form,
            "titre": f"Modifier « {obj.titre} »",
            "bouton": "Enregistrer",
            "breadcrumb_items": breadcrumb(("Modifier", None), jeu=obj),
        },
    )


@require_POST
@object_rule_required("opendata.change_jeudedonnees", get_jeu)
def jeu_publier(request, jeu_slug, obj):
    try:
        jeu = services.dataset_publish(jeu=obj, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if jeu.statut == JeuDeDonnees.Statut.EN_MODERATION:
            messages.success(
                request,
                "C'est la première publication de votre organisation : le responsable des "
                "données du Département va la relire. Vous serez prévenu par une notification.",
            )
        else:
            messages.success(request, "Le jeu de données est publié.")
    return redirect("opendata:mes_jeux_jeu", jeu_slug=obj.slug)


@object_rule_required("opendata.change_jeudedonnees", get_jeu)
def ressource_ajouter(request, jeu_slug, obj):
    form = RessourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            version = services.resource_add(
                jeu=obj,
                actor=request.user,
                titre=d["titre"],
                schema=d["schema"],
                description=d["description"],
                fichier=d["fichier"],
            )
        except ValidationError as exc:
            _errors(form, exc, "titre" if getattr(exc, "code", "") == "titre" else "fichier")
        else:
            return redirect("opendata:version_apercu", version_id=version.pk)
    return render(
        request,
        "opendata/publication/ressource_form.html",
        {
            "form": form,
            "jeu": obj,
            "etapes": ETAPES,
            "breadcrumb_items": breadcrumb(("Ajouter un fichier", None), jeu=obj),
        },
    )


@object_rule_required("opendata.change_ressource", get_ressource)
def mes_jeux_ressource(request, ressource_id, obj):
    return render(
        request,
        "opendata/publication/ressource.html",
        {
            "ressource": obj,
            "jeu": obj.jeu,
            "versions": list(producteur.versions_of(ressource=obj)),
            "depot_form": DepotForm(),
            "graphique_form": GraphiqueForm(ressource=obj) if obj.version_courante else None,
            "breadcrumb_items": breadcrumb(jeu=obj.jeu) + [(obj.titre, None)],
        },
    )


@object_rule_required("opendata.change_ressource", get_ressource)
def ressource_deposer(request, ressource_id, obj):
    form = DepotForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_upload(
                ressource=obj, actor=request.user, fichier=form.cleaned_data["fichier"]
            )
        except ValidationError as exc:
            _errors(form, exc, "fichier")
        else:
            return redirect("opendata:version_apercu", version_id=version.pk)
    return render(
        request,
        "opendata/publication/depot.html",
        {
            "form": form,
            "ressource": obj,
            "etapes": ETAPES,
            "breadcrumb_items": breadcrumb(("Déposer un nouveau fichier", None), ressource=obj),
        },
    )


@require_POST
@object_rule_required("opendata.change_ressource", get_ressource)
def ressource_graphique(request, ressource_id, obj):
    form = GraphiqueForm(request.POST, ressource=obj)
    if form.is_valid():
        try:
            services.resource_chart_set(ressource=obj, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Réglage du graphique enregistré.")
    else:
        messages.error(request, " ".join(m for e in form.errors.values() for m in e))
    return redirect("opendata:mes_jeux_ressource", ressource_id=obj.pk)


def _confirm(request, version: VersionRessource, form: ApercuForm):
    colonnes, schema = form.colonnes(), form.cleaned_data["schema"]
    taille = version.document.taille if version.document else 0
    if taille > settings.DONNEES_TACHE_SEUIL:
        suivi = task_launch(
            task=version_confirm_task,
            owner=request.user,
            label=f"Publication de « {version.ressource} » (version {version.numero})",
            version_id=version.pk,
            actor_id=request.user.pk,
            colonnes=colonnes,
            schema=schema,
        )
        return redirect(suivi)
    version = services.version_confirm(
        version=version, actor=request.user, colonnes=colonnes, schema=schema
    )
    if version.statut == VersionRessource.Statut.PRETE:
        messages.success(
            request,
            f"Version {version.numero} publiée : {version.nb_lignes} lignes "
            f"(+{version.lignes_ajoutees} ajoutées, −{version.lignes_retirees} retirées).",
        )
        return redirect("opendata:mes_jeux_ressource", ressource_id=version.ressource_id)
    messages.error(request, "Le fichier n'a pas été publié : voyez le rapport ci-dessous.")
    return redirect("opendata:version_apercu", version_id=version.pk)


@object_rule_required("opendata.change_versionressource", get_version)
def version_apercu(request, version_id, obj):
    a_verifier = obj.statut == VersionRessource.Statut.A_VERIFIER
    form = ApercuForm(request.POST or None, version=obj) if a_verifier else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            return _confirm(request, obj, form)
        except ValidationError as exc:
            _errors(form, exc)
    apercu = producteur.version_preview(version=obj)
    return render(
        request,
        "opendata/publication/apercu.html",
        {
            "version": obj,
            "ressource": obj.ressource,
            "form": form,
            "apercu": apercu,
            "lignes": apercu.lignes[:20] if apercu else [],
            "colonnes_affichees": producteur.columns_display(version=obj),
            "description_fichier": producteur.file_description(version=obj),
            "resume": producteur.version_summary(version=obj),
            "etapes": ETAPES,
            "rapport": obj.validation or {},
            "breadcrumb_items": breadcrumb(
                (f"Version {obj.numero}", None), ressource=obj.ressource
            ),
        },
    )


@require_POST
@object_rule_required("opendata.change_versionressource", get_version)
def version_reprendre(request, version_id, obj):
    try:
        version = services.version_retry(version=obj, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("opendata:version_apercu", version_id=obj.pk)
    messages.info(request, "Corrigez les types des colonnes puis publiez cette version.")
    return redirect("opendata:version_apercu", version_id=version.pk)
