"""The organisations of a user, their members, and the organisation the user acts for."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required, rule_required
from territoires.core.selectors import journal_for

from .. import selectors, services
from ..forms import (
    DemandeAnswerForm,
    InvitationForm,
    OrganisationSwitchForm,
)
from ..middleware import SESSION_ORGANISATION_KEY
from ..models import Membre, Organisation
from ..rules import needs_otp
from .redirections import safe_next


def get_organisation(request, organisation_id):
    return get_object_or_404(Organisation, pk=organisation_id)


def get_membre(request, membre_id):
    return get_object_or_404(Membre.objects.select_related("organisation", "user"), pk=membre_id)


@rule_required("comptes.manage_own_account")
def organisation_list(request):
    membres = selectors.memberships_for_user(user=request.user)
    context = {
        "membres": membres,
        "breadcrumb_items": [("Mes organisations", None)],
        "second_facteur": settings.TERRITOIRES_OTP_REQUIRED and needs_otp(request.user),
    }
    return render(request, "comptes/organisation_list.html", context)


@rule_required("comptes.manage_own_account")
def membres(request):
    """« Mon organisation »: the page of the current organisation (members, invitations)."""
    if request.organisation is None:
        return redirect("comptes:organisations")
    return redirect("comptes:organisation", organisation_id=request.organisation.pk)


@object_rule_required("comptes.view_organisation", get_organisation)
def organisation_detail(request, organisation_id, obj):
    organisation = obj
    can_manage = request.user.has_perm("comptes.manage_organisation", organisation)
    roles = services.roles_grantable(organisation=organisation, by=request.user)
    context = {
        "organisation": organisation,
        "membres": selectors.organisation_members(organisation=organisation),
        "anciens_membres": selectors.organisation_former_members(organisation=organisation),
        "can_manage": can_manage,
        "invitations": (
            selectors.organisation_pending_invitations(organisation=organisation)
            if can_manage
            else []
        ),
        "demandes": (
            selectors.organisation_pending_demandes(organisation=organisation) if can_manage else []
        ),
        "invitation_form": InvitationForm(roles=roles) if can_manage else None,
        "demande_form": DemandeAnswerForm(roles=roles) if can_manage else None,
        "validite_jours": settings.INVITATION_VALIDITE_JOURS,
        "evenements": journal_for(organisation) if can_manage else [],
        "mes_membres": [m for m in request.membres if m.organisation_id == organisation.pk],
        "breadcrumb_items": [
            ("Mes organisations", reverse("comptes:organisations")),
            (organisation.nom, None),
        ],
    }
    return render(request, "comptes/organisation_detail.html", context)


@require_POST
@rule_required("comptes.switch_organisation")
def organisation_switch(request):
    form = OrganisationSwitchForm(request.POST)
    next_url = safe_next(request, default=reverse("ui:home"))
    if form.is_valid():
        organisation_id = form.cleaned_data["organisation"]
        # Only an organisation the user is an active member of can be chosen.
        membre = next((m for m in request.membres if m.organisation_id == organisation_id), None)
        if membre is not None:
            request.session[SESSION_ORGANISATION_KEY] = organisation_id
            messages.success(request, f"Vous agissez maintenant pour {membre.organisation.nom}.")
            return HttpResponseRedirect(next_url)
    messages.error(request, "Vous n'êtes pas membre de cette organisation.")
    return HttpResponseRedirect(next_url)


@require_POST
@object_rule_required("comptes.deactivate_member", get_membre)
def membre_deactivate(request, membre_id, obj):
    try:
        services.membre_deactivate(membre=obj, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if obj.user_id == request.user.pk:
            messages.success(request, f"Vous avez quitté {obj.organisation.nom}.")
            return redirect("ui:home")
        messages.success(request, f"{obj.user} ne fait plus partie de l'organisation.")
    return redirect("comptes:organisation", organisation_id=obj.organisation_id)
