"""Requests to be attached to an organisation (after a ProConnect login), and their answers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required, rule_required

from .. import selectors, services
from ..forms import DemandeAnswerForm
from ..models import DemandeRattachement


def get_demande(request, demande_id):
    return get_object_or_404(
        DemandeRattachement.objects.select_related("organisation", "user"), pk=demande_id
    )


@rule_required("comptes.manage_own_account")
def rattachement(request):
    """After a ProConnect login without membership: propose the organisation of the SIRET."""
    siret = request.user.proconnect_siret
    organisations = selectors.organisations_for_siret(siret=siret)
    if request.method == "POST":
        organisation = next(
            (o for o in organisations if str(o.pk) == request.POST.get("organisation")), None
        )
        if organisation is None:
            raise Http404("Organisation introuvable.")
        services.demande_rattachement_create(
            user=request.user, organisation=organisation, siret=siret
        )
        messages.success(
            request,
            f"Votre demande a été transmise aux administrateurs de {organisation.nom}. "
            "Vous recevrez un accès dès qu'elle sera acceptée.",
        )
        return redirect("comptes:rattachement")
    context = {
        "siret": siret,
        "organisations": organisations,
        "demandes": selectors.pending_demandes_for_user(user=request.user),
    }
    return render(request, "comptes/rattachement.html", context)


@require_POST
@object_rule_required("comptes.answer_demande", get_demande)
def demande_answer(request, demande_id, obj):
    accept = request.POST.get("decision") == "accepter"
    roles = services.roles_grantable(organisation=obj.organisation, by=request.user)
    form = DemandeAnswerForm(request.POST, roles=roles)
    if accept and not form.is_valid():
        messages.error(request, "Choisissez le rôle à attribuer.")
    else:
        try:
            services.demande_rattachement_answer(
                demande=obj,
                by=request.user,
                accept=accept,
                role=form.cleaned_data.get("role", "") if accept else "",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            verb = "acceptée" if accept else "refusée"
            messages.success(request, f"La demande de {obj.user} est {verb}.")
    return redirect("comptes:organisation", organisation_id=obj.organisation_id)
