"""Invitations to join an organisation: sent by its administrators, accepted by e-mail link."""

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required, otp_exempt, public

from .. import services
from ..forms import (
    AccountCreateForm,
    InvitationForm,
)
from ..middleware import SESSION_ORGANISATION_KEY
from ..models import Invitation, User
from .connexion import otp_pending
from .organisations import get_organisation
from .redirections import next_query


def get_invitation(request, invitation_id):
    return get_object_or_404(Invitation.objects.select_related("organisation"), pk=invitation_id)


@require_POST
@object_rule_required("comptes.invite_member", get_organisation)
def invitation_create(request, organisation_id, obj):
    organisation = obj
    roles = services.roles_grantable(organisation=organisation, by=request.user)
    form = InvitationForm(request.POST, roles=roles)
    if form.is_valid():
        try:
            services.invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invite_par=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"Invitation envoyée à {form.cleaned_data['email']}.")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("comptes:organisation", organisation_id=organisation.pk)


@require_POST
@object_rule_required("comptes.cancel_invitation", get_invitation)
def invitation_cancel(request, invitation_id, obj):
    try:
        services.invitation_cancel(invitation=obj, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"L'invitation de {obj.email} est annulée.")
    return redirect("comptes:organisation", organisation_id=obj.organisation_id)


@otp_exempt
@public
def invitation_accept(request, token):
    """The link of the invitation e-mail: the secret token is the access right."""
    invitation = services.invitation_get_by_token(token=token)
    if invitation is None:
        raise Http404("Invitation introuvable.")
    context = {"invitation": invitation, "form": None, "compte_existant": False}
    if not invitation.est_utilisable:
        return render(request, "comptes/invitation_invalide.html", context, status=410)
    user = request.user
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            context["autre_compte"] = True
            return render(request, "comptes/invitation_accept.html", context)
        if request.method == "POST":
            membre = services.invitation_accept(invitation=invitation, user=user)
            request.session[SESSION_ORGANISATION_KEY] = membre.organisation_id
            messages.success(request, f"Vous avez rejoint {membre.organisation.nom}.")
            return redirect("ui:home")
        context["autre_compte"] = False
        return render(request, "comptes/invitation_accept.html", context)
    context["autre_compte"] = False
    if User.objects.filter(email__iexact=invitation.email).exists():
        context["compte_existant"] = True
        context["login_url"] = f"{reverse('comptes:login')}?{next_query(request.path)}"
        return render(request, "comptes/invitation_accept.html", context)
    form = AccountCreateForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user, membre = services.user_create_from_invitation(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[SESSION_ORGANISATION_KEY] = membre.organisation_id
        messages.success(
            request, f"Votre compte est créé : bienvenue dans {membre.organisation.nom}."
        )
        if otp_pending(user):
            return redirect("comptes:otp_setup")
        return redirect("ui:home")
    context["form"] = form
    return render(request, "comptes/invitation_accept.html", context)
