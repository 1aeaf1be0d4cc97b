"""The collectivité's requests and the filing form (also used by the mission for a call)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from territoires.core.access import rule_required

from .. import selectors
from ..forms import SollicitationForm
from ..models import Sollicitation
from ..services import depot
from . import PAGE_SIZE
from .sollicitation import is_staff


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
    staff = is_staff(request)
    organisation = request.organisation
    if not staff and (organisation is None or not organisation.est_collectivite):
        raise PermissionDenied
    form = SollicitationForm(
        request.POST or None, request.FILES or None, organisation=organisation, staff=staff
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sollicitation = depot.sollicitation_create(
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
