"""Agency model (optional per instance): memberships, quotes, services delivered, invoices.
Every rule includes `adhesions_actives`: when the instance does not enable it, nothing here
is reachable nor shown."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required, rule_required
from territoires.core.workflow import transitions_available
from territoires.ui.formats import nombre_fr

from ..models import Sollicitation
from ..views import PAGE_SIZE
from ..views.sollicitation import render_with_errors
from . import exports, selectors, services
from .filters import AdhesionFilter, FactureFilter
from .forms import (
    AdhesionForm,
    CampagneForm,
    FacturationForm,
    LigneDevisForm,
    PrestationRealiseeForm,
)
from .models import (
    Adhesion,
    BaremeAdhesion,
    Devis,
    Facture,
    LigneDevis,
    PrestationRealisee,
)


def _get_sollicitation(request, sollicitation_id):
    return get_object_or_404(Sollicitation, pk=sollicitation_id)


def _get_adhesion(request, adhesion_id):
    return get_object_or_404(Adhesion, pk=adhesion_id)


def _get_devis(request, devis_id):
    return get_object_or_404(Devis.objects.select_related("sollicitation"), pk=devis_id)


def _get_ligne(request, ligne_id):
    return get_object_or_404(LigneDevis.objects.select_related("devis__sollicitation"), pk=ligne_id)


def _get_facture(request, facture_id):
    return get_object_or_404(Facture.objects.select_related("organisation"), pk=facture_id)


def _messages(request, error) -> None:
    for message in getattr(error, "messages", [str(error)]):
        messages.error(request, message)


def _adhesions_url(annee: int) -> str:
    return reverse("ingenierie:adhesions") + f"?annee={annee}"


def _adhesion_create(request, form):
    """One collectivité joins: back to its year's list, or None with the error on the form."""
    data = form.cleaned_data
    try:
        adhesion = services.adhesion_create(
            organisation=data["organisation"],
            annee=data["annee"],
            payee=data["payee"],
            actor=request.user,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(
        request,
        f"Adhésion {adhesion.annee} de {adhesion.organisation} enregistrée : "
        f"cotisation de {nombre_fr(adhesion.montant)} € "
        f"({adhesion.get_statut_display().lower()}).",
    )
    return redirect(_adhesions_url(adhesion.annee))


def _adhesions_renew(request, form):
    """The renewal campaign: back to its year's list, or None with the error on the form."""
    annee = form.cleaned_data["annee"]
    try:
        n = services.adhesions_renew(annee=annee, actor=request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(
        request,
        f"{n} appel{'s' if n > 1 else ''} de cotisation créé{'s' if n > 1 else ''}."
        if n
        else f"Aucun nouvel appel : aucun adhérent {annee - 1} qui ne soit déjà appelé pour "
        f"{annee}.",
    )
    return redirect(_adhesions_url(annee))


@rule_required("ingenierie.manage_adhesions")
def adhesions(request):
    filterset = AdhesionFilter(request.GET or None, queryset=selectors.adhesions_list())
    annee = filterset.annee
    # Two forms on the page: a membership (prefixed "adh-") or the renewal campaign.
    post = request.POST if request.method == "POST" else None
    une = post is not None and "adh-organisation" in post
    form = CampagneForm(None if une else post, initial={"annee": annee})
    adhesion_form = AdhesionForm(post if une else None, initial={"annee": annee})
    if une and adhesion_form.is_valid():
        if response := _adhesion_create(request, adhesion_form):
            return response
    elif post is not None and form.is_valid():
        if response := _adhesions_renew(request, form):
            return response
    rows = list(filterset.qs)
    for row in rows:
        row.population = selectors.population_of(row.organisation)
        row.transitions = transitions_available(obj=row, user=request.user)
    return render(
        request,
        "ingenierie/agence/adhesions.html",
        {
            "filter": filterset,
            "sort": filterset.sort,
            "form": form,
            "adhesion_form": adhesion_form,
            "annee": annee,
            "adhesions": rows,
            "bareme": BaremeAdhesion.objects.filter(annee=annee),
            "breadcrumb_items": [("Adhésions", None)],
        },
    )


@require_POST
@object_rule_required("ingenierie.manage_adhesions", _get_adhesion)
def adhesion_transition(request, adhesion_id, obj):
    try:
        services.adhesion_transition_apply(
            adhesion=obj, transition=request.POST.get("transition", ""), actor=request.user
        )
        messages.success(request, f"{obj.organisation} : {obj.get_statut_display().lower()}.")
    except (ValidationError, PermissionDenied) as error:
        _messages(request, error)
    return redirect(_adhesions_url(obj.annee))


@require_POST
@object_rule_required("ingenierie.manage_agence", _get_sollicitation)
def devis_ligne(request, sollicitation_id, obj):
    form = LigneDevisForm(request.POST)
    if form.is_valid():
        try:
            services.devis_ligne_add(
                sollicitation=obj,
                prestation=form.cleaned_data["prestation"],
                quantite=form.cleaned_data["quantite"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Ligne ajoutée au devis.")
            return redirect(obj.get_absolute_url() + "#devis")
    return _detail_with_devis(request, obj, ligne_devis_form=form)


@require_POST
@object_rule_required("ingenierie.view_devis", _get_devis)
def devis_transition(request, devis_id, obj):
    try:
        services.devis_transition_apply(
            devis=obj, transition=request.POST.get("transition", ""), actor=request.user
        )
        messages.success(request, f"Devis {obj.numero} : {obj.get_statut_display().lower()}.")
    except (ValidationError, PermissionDenied) as error:
        _messages(request, error)
    return redirect(obj.sollicitation.get_absolute_url() + "#devis")


@require_POST
@object_rule_required("ingenierie.manage_agence", _get_ligne)
def prestation_realisee(request, ligne_id, obj):
    form = PrestationRealiseeForm(request.POST, prefix=f"ligne{obj.pk}")
    if form.is_valid():
        try:
            services.prestation_realisee_add(
                ligne=obj,
                date=form.cleaned_data["date"],
                quantite=form.cleaned_data["quantite"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Prestation enregistrée.")
            return redirect(obj.devis.sollicitation.get_absolute_url() + "#devis")
    return _detail_with_devis(request, obj.devis.sollicitation, prestation_forms={obj.pk: form})


def _detail_with_devis(request, sollicitation, **bound):
    """The request's page again with the quote form in error, keeping what was typed."""
    return render_with_errors(request, sollicitation, {"devis_bound_forms": bound})


def _factures_issue(request, form):
    """Invoice the period: back to the list, or None when the form is in error."""
    if not request.user.has_perm("ingenierie.manage_adhesions"):
        raise PermissionDenied
    if not form.is_valid():
        return None
    jusqu_au = form.cleaned_data["jusqu_au"]
    emises = services.factures_issue(jusqu_au=jusqu_au, actor=request.user)
    if not emises:
        messages.info(
            request, f"Aucune prestation réalisée jusqu'au {jusqu_au:%d/%m/%Y} ne reste à facturer."
        )
    else:
        numeros = ", ".join(f.numero for f in emises)
        messages.success(
            request,
            f"1 facture émise : {numeros}."
            if len(emises) == 1
            else f"{len(emises)} factures émises : {numeros}.",
        )
    return redirect("ingenierie:factures")


@rule_required("ingenierie.view_factures")
def factures(request):
    form = FacturationForm(request.POST or None, initial={"jusqu_au": timezone.localdate()})
    if request.method == "POST" and (response := _factures_issue(request, form)):
        return response
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    filterset = FactureFilter(request.GET or None, queryset=selectors.factures_list())
    return render(
        request,
        "ingenierie/agence/factures.html",
        {
            "form": form,
            "filter": filterset,
            "sort": filterset.sort,
            "querystring": query.urlencode(),
            "page_obj": Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "peut_emettre": request.user.has_perm("ingenierie.manage_adhesions"),
            "breadcrumb_items": [("Factures des prestations", None)],
        },
    )


def _get_prestation_realisee(request, prestation_realisee_id):
    return get_object_or_404(
        PrestationRealisee.objects.select_related("ligne__devis__sollicitation"),
        pk=prestation_realisee_id,
    )


@require_POST
@object_rule_required("ingenierie.manage_adhesions", _get_prestation_realisee)
def facture_prestation(request, prestation_realisee_id, obj):
    """Invoice one service alone, from the request's page."""
    emises = services.factures_issue(jusqu_au=obj.date, actor=request.user, prestation=obj)
    if emises:
        messages.success(request, f"Facture {emises[0].numero} émise pour cette prestation.")
    else:
        messages.info(request, "Cette prestation est déjà facturée.")
    return redirect(obj.ligne.devis.sollicitation.get_absolute_url() + "#devis")


@object_rule_required("ingenierie.view_factures", _get_facture)
def facture_pdf(request, facture_id, obj):
    return exports.facture_pdf(request, obj)


@rule_required("ingenierie.view_factures")
def factures_export(request, format):
    """The filtered invoices, in the order of their numbers (the finance software's)."""
    filterset = FactureFilter(request.GET or None, queryset=selectors.factures_list())
    rows = filterset.qs.order_by("numero")
    if format == "csv":
        return exports.factures_csv(rows)
    if format == "xlsx":
        return exports.factures_xlsx(rows)
    raise Http404
