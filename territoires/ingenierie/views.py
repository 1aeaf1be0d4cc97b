"""Thin views: forms in, services for writes, selectors for reads."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from territoires.comptes.access import object_rule_required, public, rule_required
from territoires.core.selectors import documents_for, journal_for
from territoires.core.workflow import transitions_available
from territoires.referentiel.maps import carte_communes_context
from territoires.ui.charts import bar_chart

from . import exports, selectors, services
from .filters import TRI, SollicitationFilter
from .forms import (
    ActionForm,
    AffectationForm,
    DocumentForm,
    EtapeForm,
    LienForm,
    NoteForm,
    PeriodeForm,
    PreferencesRelancesForm,
    RessourceForm,
    SollicitationForm,
    SuiviForm,
    TransitionForm,
    TriageForm,
)
from .models import Action, Relance, Sollicitation
from .views_agence import devis_context

PAGE_SIZE = 25


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _get_sollicitation(request, sollicitation_id):
    try:
        return selectors.sollicitation_detail(sollicitation_id)
    except Sollicitation.DoesNotExist as exc:
        raise Http404 from exc


def _get_action(request, action_id):
    return get_object_or_404(Action.objects.select_related("sollicitation"), pk=action_id)


def _is_staff(request) -> bool:
    return request.user.has_perm("ingenierie.view_queue")


# --- Collectivité: my requests, filing ---------------------------------------------------------


@rule_required("ingenierie.view_own_sollicitations")
def mes_sollicitations(request):
    ids = [m.organisation_id for m in request.membres if m.organisation.est_collectivite]
    if request.organisation is not None and request.organisation.pk in ids:
        ids = [request.organisation.pk]
    sollicitations = selectors.sollicitations_for_organisations(ids)
    page_obj = Paginator(sollicitations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "ingenierie/mes_sollicitations.html",
        {"page_obj": page_obj, "breadcrumb_items": [("Mes demandes d'accompagnement", None)]},
    )


@rule_required("ingenierie.add_sollicitation")
def sollicitation_nouvelle(request):
    staff = _is_staff(request)
    organisation = request.organisation
    if not staff and (organisation is None or not organisation.est_collectivite):
        raise PermissionDenied
    form = SollicitationForm(
        request.POST or None, request.FILES or None, organisation=organisation, staff=staff
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sollicitation = services.sollicitation_create(
                organisation=data["organisation"] if staff else organisation,
                sujet=data["sujet"],
                description=data["description"],
                domaine=data["domaine"],
                nature=data["nature"],
                communes=data["communes"],
                echeance_souhaitee=data["echeance_souhaitee"],
                canal=data["canal"] if staff else Sollicitation.Canal.EN_LIGNE,
                saisie_par=request.user,
                fichiers=[data["fichier"]] if data.get("fichier") else [],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Votre sollicitation {sollicitation.numero} est enregistrée. La mission vous "
                "répondra et vous désignera un conseiller référent.",
            )
            return redirect(sollicitation)
    if request.method == "POST" and request.FILES:
        messages.warning(request, "Pour votre sécurité, joignez de nouveau votre fichier.")
    return render(
        request,
        "ingenierie/sollicitation_form.html",
        {
            "form": form,
            "staff": staff,
            "breadcrumb_items": [("Nouvelle sollicitation", None)],
        },
    )


# --- The request's page -------------------------------------------------------------------------


def _detail_context(request, sollicitation, *, devis_bound_forms: dict | None = None) -> dict:
    user = request.user
    staff = user.has_perm("ingenierie.view_private", sollicitation)
    context = {
        "sollicitation": sollicitation,
        "staff": staff,
        "actions": selectors.actions_for(sollicitation),
        "notes": selectors.notes_for(sollicitation, user=user),
        "documents": documents_for(sollicitation),
        "liens": sollicitation.liens.select_related("content_type"),
        "suivi_form": SuiviForm(),
        "peut_suivre": user.has_perm("ingenierie.follow_action", sollicitation),
        "document_form": DocumentForm(staff=staff),
        "note_form": NoteForm(staff=False),
        "documents_internes": selectors.documents_internes_for(sollicitation) if staff else None,
        "etapes": [label for _, label in Sollicitation.Etape.choices],
        "etape_courante": (
            list(Sollicitation.Etape.values).index(sollicitation.etape) + 1
            if sollicitation.etape
            else 0
        ),
        "journal": journal_for(sollicitation) if staff else None,
        "breadcrumb_items": [
            (
                "Sollicitations",
                reverse("ingenierie:file" if staff else "ingenierie:mes_sollicitations"),
            ),
            (sollicitation.numero, None),
        ],
        "triage_form": None,
    }
    context.update(devis_context(request, sollicitation, bound=devis_bound_forms))
    if staff:
        if (
            user.has_perm("ingenierie.triage_sollicitation", sollicitation)
            and sollicitation.statut == Sollicitation.Statut.NOUVELLE
        ):
            context["triage_form"] = TriageForm(
                sollicitation=sollicitation, staff_users=selectors.mission_staff_users()
            )
        if (
            user.has_perm("ingenierie.triage_sollicitation", sollicitation)
            and sollicitation.est_ouverte
            and sollicitation.referent_id
        ):
            context["affectation_form"] = AffectationForm(
                staff_users=selectors.mission_staff_users(),
                initial={
                    "referent": sollicitation.referent_id,
                    "conseillers": list(sollicitation.conseillers.all()),
                    "partenaires": list(sollicitation.partenaires.all()),
                },
            )
        context.update(
            etape_form=EtapeForm(initial={"etape": sollicitation.etape}),
            note_form=NoteForm(),
            action_form=ActionForm(),
            lien_form=LienForm(),
            transitions=[
                (name, label)
                for name, label in transitions_available(obj=sollicitation, user=user)
                if name not in {"accepter", "rediriger", "decliner", "fusionner"}
            ],
        )
    return context


@object_rule_required("ingenierie.view_sollicitation", _get_sollicitation)
def sollicitation_detail(request, sollicitation_id, obj):
    return render(request, "ingenierie/sollicitation_detail.html", _detail_context(request, obj))


def _back(sollicitation, anchor=""):
    return redirect(sollicitation.get_absolute_url() + (f"#{anchor}" if anchor else ""))


def _detail_with(request, sollicitation, forms):
    """Render the page again with the form in error, keeping what was typed."""
    context = _detail_context(
        request, sollicitation, devis_bound_forms=forms.pop("devis_bound_forms", None)
    )
    context.update(forms, page_has_errors=True)
    return render(request, "ingenierie/sollicitation_detail.html", context, status=400)


@require_POST
@object_rule_required("ingenierie.triage_sollicitation", _get_sollicitation)
def sollicitation_triage(request, sollicitation_id, obj):
    form = TriageForm(request.POST, sollicitation=obj, staff_users=selectors.mission_staff_users())
    if not form.is_valid():
        return _detail_with(request, obj, {"triage_form": form})
    data = form.cleaned_data
    try:
        match data["decision"]:
            case "accepter":
                services.sollicitation_accept(
                    sollicitation=obj,
                    referent=data["referent"],
                    conseillers=data["conseillers"],
                    partenaires=data["partenaires"],
                    actor=request.user,
                    message=data["message"],
                )
                messages.success(request, f"Sollicitation acceptée, référent : {data['referent']}.")
            case "rediriger":
                services.sollicitation_redirect(
                    sollicitation=obj,
                    partenaire=data["redirigee_vers"],
                    message=data["message"],
                    actor=request.user,
                )
                messages.success(request, "Sollicitation redirigée ; la collectivité est prévenue.")
            case "decliner":
                services.sollicitation_decline(
                    sollicitation=obj, message=data["message"], actor=request.user
                )
                messages.success(request, "Sollicitation déclinée ; la collectivité est prévenue.")
            case "fusionner":
                services.sollicitation_merge(
                    sollicitation=obj,
                    cible=data["cible_obj"],
                    actor=request.user,
                    message=data["message"],
                )
                messages.success(
                    request, "Sollicitation fusionnée avec la sollicitation conservée."
                )
    except ValidationError as error:
        form.add_error(None, error)
        return _detail_with(request, obj, {"triage_form": form})
    return _back(obj)


@require_POST
@object_rule_required("ingenierie.triage_sollicitation", _get_sollicitation)
def sollicitation_affecter(request, sollicitation_id, obj):
    form = AffectationForm(request.POST, staff_users=selectors.mission_staff_users())
    if not form.is_valid():
        return _detail_with(request, obj, {"affectation_form": form})
    services.sollicitation_assign(
        sollicitation=obj,
        referent=form.cleaned_data["referent"],
        conseillers=form.cleaned_data["conseillers"],
        partenaires=form.cleaned_data["partenaires"],
        actor=request.user,
        reason=form.cleaned_data["motif"],
    )
    messages.success(request, f"Référent : {form.cleaned_data['referent']}.")
    return _back(obj)


@require_POST
@object_rule_required("ingenierie.work_sollicitation", _get_sollicitation)
def sollicitation_etape(request, sollicitation_id, obj):
    form = EtapeForm(request.POST)
    if form.is_valid():
        try:
            services.sollicitation_etape_set(
                sollicitation=obj, etape=form.cleaned_data["etape"], actor=request.user
            )
            messages.success(request, "Étape enregistrée.")
        except ValidationError as error:
            _errors(request, error)
    return _back(obj, "etapes")


@require_POST
@object_rule_required("ingenierie.follow_action", _get_sollicitation)
def sollicitation_note(request, sollicitation_id, obj):
    """A note of the mission, or a message of the collectivité (always public)."""
    staff = request.user.has_perm("ingenierie.work_sollicitation", obj)
    form = NoteForm(request.POST, staff=staff)
    if not form.is_valid():
        return _detail_with(request, obj, {"note_form": form})
    publique = form.cleaned_data.get("publique", False)
    services.note_add(
        sollicitation=obj,
        auteur=request.user,
        texte=form.cleaned_data["texte"],
        publique=publique,
        par_la_collectivite=not staff,
    )
    if not staff:
        message = "Message envoyé : votre conseiller référent est prévenu."
    elif publique:
        message = "Note publique ajoutée : la collectivité la lira."
    else:
        message = "Note interne ajoutée."
    messages.success(request, message)
    return _back(obj, "notes")


@require_POST
@object_rule_required("ingenierie.work_sollicitation", _get_sollicitation)
def sollicitation_action(request, sollicitation_id, obj):
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _detail_with(request, obj, {"action_form": form})
    data = form.cleaned_data
    try:
        services.action_add(
            sollicitation=obj,
            titre=data["titre"],
            description=data["description"],
            echeance=data["echeance"],
            ressource=data["ressource"],
            actor=request.user,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _detail_with(request, obj, {"action_form": form})
    messages.success(request, "Recommandation ajoutée.")
    return _back(obj, "actions")


@require_POST
@object_rule_required("ingenierie.follow_action", _get_action)
def action_suivi(request, action_id, obj):
    form = SuiviForm(request.POST)
    if form.is_valid():
        try:
            services.action_follow(
                action=obj,
                auteur=request.user,
                texte=form.cleaned_data["texte"],
                statut=form.cleaned_data["statut"],
            )
            messages.success(request, "Suivi enregistré.")
        except ValidationError as error:
            _errors(request, error)
    else:
        messages.error(request, "Le suivi n'a pas pu être enregistré.")
    return _back(obj.sollicitation, f"action-{obj.pk}")


@require_POST
@object_rule_required("ingenierie.work_sollicitation", _get_sollicitation)
def sollicitation_transition(request, sollicitation_id, obj):
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.sollicitation_transition(
                sollicitation=obj,
                transition=form.cleaned_data["transition"],
                actor=request.user,
                reason=form.cleaned_data["motif"],
            )
            messages.success(request, f"Sollicitation : {obj.get_statut_display()}.")
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return _back(obj)


def _objet_du_lien(request, form):
    """The object behind a Territoires address (an aid dossier, a marché…), read with the
    page's own rule: only what the advisor may open is linked as an object."""
    match = form.match
    get_object = getattr(match.func, "access_get_object", None) if match else None
    if get_object is None:
        return None
    try:
        obj = get_object(request, **match.kwargs)
    except Http404:
        obj = None
    if obj is None or not request.user.has_perm(match.func.access_rule, obj):
        # Another service's object (an aid dossier the advisor cannot open): a plain link,
        # named by the advisor.
        if not form.cleaned_data["libelle"].strip():
            form.add_error(
                "libelle",
                "Cette page n'existe pas ou vous n'y avez pas accès : indiquez un libellé "
                "pour ajouter le lien quand même.",
            )
        return None
    return obj


@require_POST
@object_rule_required("ingenierie.work_sollicitation", _get_sollicitation)
def sollicitation_lien(request, sollicitation_id, obj):
    form = LienForm(request.POST, bases=(request.build_absolute_uri("/"),))
    objet = _objet_du_lien(request, form) if form.is_valid() else None
    if not form.is_valid():
        return _detail_with(request, obj, {"lien_form": form})
    libelle = form.cleaned_data["libelle"].strip()
    if not libelle:
        libelle = f"{capfirst(objet._meta.verbose_name)} {objet}"[:200]
    services.lien_add(
        sollicitation=obj, libelle=libelle, url=form.cleaned_data["url"], actor=request.user,
        objet=objet,
    )  # fmt: skip
    messages.success(request, f"Lien ajouté : {libelle}.")
    return _back(obj, "liens")


@require_POST
@object_rule_required("ingenierie.follow_action", _get_sollicitation)
def sollicitation_document(request, sollicitation_id, obj):
    staff = request.user.has_perm("ingenierie.work_sollicitation", obj)
    form = DocumentForm(request.POST, request.FILES, staff=staff)
    if form.is_valid():
        interne = form.cleaned_data.get("interne", False)
        try:
            services.sollicitation_document_add(
                sollicitation=obj,
                fichier=form.cleaned_data["fichier"],
                actor=request.user,
                interne=interne,
            )
            messages.success(
                request,
                "Document interne ajouté : la collectivité ne le voit pas."
                if interne
                else "Document ajouté : la collectivité le voit.",
            )
        except ValidationError as error:
            _errors(request, error)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Document : {error}")
    return _back(obj, "documents")


@object_rule_required("ingenierie.view_sollicitation", _get_sollicitation)
def relances_arreter(request, sollicitation_id, obj):
    """The link in every « où en êtes-vous ? » e-mail."""
    if request.method == "POST":
        services.sollicitation_stop_reminders(sollicitation=obj, actor=request.user)
        messages.success(request, "Vous ne recevrez plus de relance pour cette sollicitation.")
        return _back(obj)
    return render(
        request,
        "ingenierie/relances_arreter.html",
        {
            "sollicitation": obj,
            "breadcrumb_items": [(obj.numero, obj.get_absolute_url()), ("Relances", None)],
        },
    )


def _preferences(request, user, *, action: str):
    choices, recues = selectors.relances_preferences(user)
    # Unticking every box posts nothing: the form is bound on POST, not on a non-empty POST.
    form = PreferencesRelancesForm(
        request.POST if request.method == "POST" else None,
        choices=choices,
        initial={"recues": sorted(recues)},
    )
    if request.method == "POST" and form.is_valid():
        services.relances_preferences_set(
            user=user, types=[value for value, _ in choices], recues=form.cleaned_data["recues"]
        )
        arretees = [
            Relance.Type(value).label.lower()
            for value, _ in choices
            if value not in form.cleaned_data["recues"]
        ]
        messages.success(
            request,
            "Préférences enregistrées. Vous ne recevrez plus : " + ", ".join(arretees) + "."
            if arretees
            else "Préférences enregistrées : vous recevez toutes les relances.",
        )
        return redirect(request.path)
    return render(
        request,
        "ingenierie/relances_preferences.html",
        {
            "form": form,
            "choices": choices,
            "destinataire": user,
            "action": action,
            "breadcrumb_items": [("Mes relances par courriel", None)],
        },
    )


@rule_required("ingenierie.choose_reminders")
def relances_preferences(request):
    """The signed-in person's own reminder preferences."""
    return _preferences(request, request.user, action=request.path)


@public
def relances_preferences_jeton(request, jeton_relances):
    """The link of every reminder e-mail: works without signing in, for that person only."""
    from .relances import user_from_jeton

    user = user_from_jeton(jeton_relances)
    if user is None:
        raise Http404("Ce lien de désinscription n'est pas valide.")
    return _preferences(request, user, action=request.path)


# --- The mission: queue, exports, figures -------------------------------------------------------


def _filtered(request):
    filterset = SollicitationFilter(request.GET or None, queryset=selectors.sollicitations_list())
    sort = request.GET.get("tri", "-deposee_le")
    if sort not in TRI:
        sort = "-deposee_le"
    queryset = filterset.qs.order_by(TRI[sort], "-pk")
    return filterset, queryset, sort


@rule_required("ingenierie.view_queue")
def file(request):
    filterset, queryset, sort = _filtered(request)
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("tri", None)
    return render(
        request,
        "ingenierie/file.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "sort": sort,
            "querystring": query.urlencode(),
            "breadcrumb_items": [("File des sollicitations", None)],
        },
    )


@rule_required("ingenierie.view_queue")
def file_export(request, format):
    _, queryset, _ = _filtered(request)
    if format == "csv":
        return exports.sollicitations_csv(queryset)
    if format == "xlsx":
        return exports.sollicitations_xlsx(queryset)
    raise Http404


def _periode(request):
    form = PeriodeForm(request.GET or None)
    depuis = jusqu_a = None
    if form.is_bound and form.is_valid():
        depuis, jusqu_a = form.cleaned_data["depuis"], form.cleaned_data["jusqu_a"]
    return form, depuis, jusqu_a


@rule_required("ingenierie.view_stats")
def tableau_de_bord(request):
    form, depuis, jusqu_a = _periode(request)
    stats = selectors.statistiques(depuis=depuis, jusqu_a=jusqu_a)
    par_commune = selectors.sollicitations_par_commune(depuis=depuis, jusqu_a=jusqu_a)
    from django.conf import settings

    carte = carte_communes_context(
        par_commune,
        titre="Sollicitations par commune",
        unite="sollicitations",
        departement=settings.TERRITOIRES_DEPARTEMENT,
    )
    return render(
        request,
        "ingenierie/tableau_de_bord.html",
        {
            "form": form,
            "stats": stats,
            "graphique_annees": bar_chart(
                stats["par_annee"], libelle="annee", valeur="sollicitations"
            ),
            "carte": carte["carte"],
            "stats_json": json.dumps(stats),
            "query": request.GET.urlencode(),
            "breadcrumb_items": [("Chiffres de l'ingénierie", None)],
        },
    )


@rule_required("ingenierie.view_stats")
def rapport(request, format):
    form, depuis, jusqu_a = _periode(request)
    if format == "pdf":
        return exports.rapport_pdf(request, depuis=depuis, jusqu_a=jusqu_a)
    if format == "xlsx":
        return exports.rapport_xlsx(depuis=depuis, jusqu_a=jusqu_a)
    raise Http404


# --- Resource library ---------------------------------------------------------------------------


@rule_required("ingenierie.view_ressources")
def ressources(request):
    from .models import Domaine, Ressource

    q = request.GET.get("q", "").strip()
    domaine = Domaine.objects.filter(pk=request.GET.get("domaine") or None).first()
    type_ = request.GET.get("type", "")
    if type_ not in Ressource.Type.values:
        type_ = ""
    page_obj = Paginator(
        selectors.ressources_search(q=q, domaine=domaine, type=type_), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "ingenierie/ressources.html",
        {
            "page_obj": page_obj,
            "q": q,
            "domaines": Domaine.objects.filter(actif=True),
            "domaine_courant": domaine.pk if domaine else None,
            "types": Ressource.Type.choices,
            "type_courant": type_,
            "breadcrumb_items": [("Bibliothèque de ressources", None)],
        },
    )


@rule_required("ingenierie.manage_ressources")
def ressource_nouvelle(request):
    form = RessourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.ressource_create(
                titre=data["titre"],
                type=data["type"],
                description=data["description"],
                domaines=data["domaines"],
                url=data["url"],
                fichier=data.get("fichier"),
                actor=request.user,
                organisation=request.organisation,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Ressource ajoutée à la bibliothèque.")
            return redirect("ingenierie:ressources")
    return render(
        request,
        "ingenierie/ressource_form.html",
        {
            "form": form,
            "breadcrumb_items": [
                ("Bibliothèque de ressources", reverse("ingenierie:ressources")),
                ("Nouvelle ressource", None),
            ],
        },
    )
