"""The applicant's side: its dossiers, a new draft, editing, attaching documents and filing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required, rule_required
from territoires.core.exports.pdf import template_to_pdf
from territoires.core.exports.responses import PDF, file_response
from territoires.core.workflow import transitions_available
from territoires.ui.branding import get_branding

from .. import eligibilite, filters, forms, selectors, services
from ..models import (
    Dispositif,
    OperationContrat,
)
from ..pagination import ListePaginator
from ..selectors.pieces import emplacements
from ..selectors.pieces import plan_financement as selectors_plan
from .common import (
    back_to,
    error_messages,
    get_dossier,
)


def mes_dossiers_filtered(request) -> filters.MesDossiersFilter:
    """The organisation's own dossiers with the filters of the request (page and export)."""
    return filters.MesDossiersFilter(
        request.GET or None, queryset=selectors.dossiers_for_organisation(request.organisation)
    )


@rule_required("aides.list_mes_dossiers")
def mes_dossiers(request):
    filterset = mes_dossiers_filtered(request)
    page_obj = ListePaginator(filterset.qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "aides/mes_dossiers.html",
        {
            "filtre_form": filterset.form,
            "page_obj": page_obj,
            "filtre_actif": any(v for k, v in request.GET.items() if k != "page"),
            "query": params.urlencode(),
            "breadcrumb_items": [("Mes dossiers d'aide", None)],
        },
    )


def _operations(dispositif, organisation):
    if not dispositif.par_contrat:
        return None
    return OperationContrat.objects.filter(
        contrat__dispositif=dispositif, contrat__organisation=organisation
    ).select_related("contrat")


@rule_required("aides.add_dossier")
def dossier_nouveau(request, dispositif_code):
    dispositif = get_object_or_404(Dispositif, code=dispositif_code, publie=True)
    organisation = request.organisation
    if organisation is None or organisation.est_departement:
        messages.error(request, "Une demande se dépose au nom d'une collectivité.")
        return redirect(dispositif.get_absolute_url())
    initial = {
        "siret_beneficiaire": organisation.siret,
        "communes": organisation.commune.code if organisation.commune_id else "",
    }
    form = forms.DossierForm(
        request.POST or None, initial=initial, operations=_operations(dispositif, organisation)
    )
    if form.recalcul:
        form.sans_erreurs()
    elif request.method == "POST" and form.is_valid():
        try:
            dossier = services.dossier_create(
                organisation=organisation,
                dispositif=dispositif,
                actor=request.user,
                **form.service_kwargs(),
            )
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            messages.success(
                request, "Brouillon enregistré. Vérifiez les contrôles puis déposez le dossier."
            )
            return back_to(dossier)
    return render(
        request,
        "aides/dossier_form.html",
        {
            "form": form,
            "dispositif": dispositif,
            "titre": f"Nouvelle demande — {dispositif.nom}",
            "breadcrumb_items": [
                ("Aides du Département", reverse("aides:catalogue")),
                (dispositif.nom, dispositif.get_absolute_url()),
                ("Nouvelle demande", None),
            ],
        },
    )


@object_rule_required("aides.change_dossier", get_dossier)
def dossier_modifier(request, dossier_id, obj):
    dossier = obj
    form = forms.DossierForm(
        request.POST or None,
        initial=forms.DossierForm.initial_for(dossier),
        operations=_operations(dossier.dispositif, dossier.organisation),
    )
    if form.recalcul:
        form.sans_erreurs()
    elif request.method == "POST" and form.is_valid():
        try:
            services.dossier_update(
                dossier=dossier,
                actor=request.user,
                version=request.POST.get("version"),
                **form.service_kwargs(),
            )
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            messages.success(request, "Dossier enregistré.")
            return back_to(dossier)
    return render(
        request,
        "aides/dossier_form.html",
        {
            "form": form,
            "dispositif": dossier.dispositif,
            "dossier": dossier,
            "titre": f"Modifier le dossier — {dossier.intitule}",
            "breadcrumb_items": [
                ("Mes dossiers d'aide", reverse("aides:mes_dossiers")),
                (dossier.intitule, dossier.get_absolute_url()),
                ("Modifier", None),
            ],
        },
    )


@object_rule_required("aides.change_dossier", get_dossier)
def dossier_recapitulatif(request, dossier_id, obj):
    """Everything entered, the checks and the pieces, then the explicit « Déposer »."""
    dossier = obj
    jour = timezone.localdate()
    controles = eligibilite.controles_depot(dossier, date=jour)
    slots = emplacements(dossier)
    bloquantes = [s for s in slots if s.bloquante]
    actions = dict(transitions_available(obj=dossier, user=request.user))
    return render(
        request,
        "aides/depot/recapitulatif.html",
        {
            "dossier": dossier,
            "communes": dossier.communes.all(),
            "depenses": dossier.depenses.all(),
            "financements": dossier.financements.all(),
            "plan": selectors_plan(dossier),
            "controles": controles,
            "refus": eligibilite.refus(controles),
            "emplacements": slots,
            "bloquantes": bloquantes,
            "action": actions.get("completer") or actions.get("deposer"),
            # Draft or incomplete: its session follows the day it becomes complete (today).
            "session_prevue": (
                dossier.session
                if dossier.dispositif.par_contrat
                else selectors.session_prevue(dossier.dispositif, jour)
            ),
            "breadcrumb_items": [
                ("Mes dossiers d'aide", reverse("aides:mes_dossiers")),
                (dossier.numero or dossier.intitule, dossier.get_absolute_url()),
                ("Récapitulatif avant dépôt", None),
            ],
        },
    )


@require_POST
@object_rule_required("aides.change_dossier", get_dossier)
def dossier_deposer(request, dossier_id, obj):
    recapitulatif = redirect("aides:dossier_recapitulatif", dossier_id=obj.pk)
    if "confirmer" not in request.POST:
        # The dossier's page leads to the summary: filing is confirmed there only.
        return recapitulatif
    try:
        services.dossier_submit(dossier=obj, actor=request.user)
    except services.DossierRefuse as exc:
        for verdict in eligibilite.refus(exc.verdicts):
            messages.error(request, f"{verdict.libelle} : {verdict.message}")
        messages.error(request, "Le dossier n'a pas été déposé.")
        return recapitulatif
    except ValidationError as exc:
        error_messages(request, exc)
        return recapitulatif
    obj.refresh_from_db()
    session = f" Il sera examiné lors de la {obj.session}." if obj.session else ""
    messages.success(
        request,
        f"Dossier déposé sous le numéro {obj.numero}.{session} "
        "Son récépissé est à télécharger dans « Pièces du dossier ».",
    )
    if obj.session is None and not obj.dispositif.par_contrat:
        messages.warning(
            request,
            "Aucune session de programmation n'est encore prévue pour ce dossier : le service "
            "est prévenu et vous indiquera la session.",
        )
    return back_to(obj)


@object_rule_required("aides.view_dossier", get_dossier)
def dossier_recepisse(request, dossier_id, obj):
    """The filing receipt (PDF), for the commune and the service alike."""
    if not obj.numero or not obj.depose_le:
        raise Http404("Ce dossier n'est pas encore déposé.")
    pdf = template_to_pdf(
        "aides/depot/recepisse_pdf.html",
        {
            "dossier": obj,
            "pieces": [s for s in emplacements(obj) if s.piece],
            "organisation": get_branding().organisation,
        },
    )
    return file_response(pdf, filename=f"recepisse-{obj.numero}.pdf", content_type=PDF)


@require_POST
@object_rule_required("aides.change_dossier", get_dossier)
def dossier_document(request, dossier_id, obj):
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services.dossier_document_add(
            dossier=obj, actor=request.user, fichier=form.cleaned_data["fichier"]
        )
        messages.success(request, "Document ajouté au dossier.")
    else:
        for error in form.errors.get("fichier", []):
            messages.error(request, error)
    return back_to(obj)
