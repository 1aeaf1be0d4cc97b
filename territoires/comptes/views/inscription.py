"""Public sign-up of citizens and the verification of their e-mail address."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.views.decorators.http import require_POST

from territoires.core.access import otp_exempt, public, rule_required
from territoires.core.ip import client_ip

from .. import services
from ..forms import InscriptionForm
from .redirections import local_next, next_query


def _lien_verification(request, user) -> None:
    services.verification_send(user=user)
    suivant = local_next(request)
    if suivant:
        # After the link is clicked, back to what the person was doing.
        request.session["verification_suivant"] = suivant


@otp_exempt
@public
def inscription(request):
    if request.user.is_authenticated:
        return redirect(local_next(request) or settings.LOGIN_REDIRECT_URL)
    form = InscriptionForm(request.POST or None)
    statut = 200
    if request.method == "POST":
        ip = client_ip(request)
        if services.rate_limit_exceeded(
            key=f"inscription:{ip}", limit=settings.INSCRIPTION_LIMITE_PAR_HEURE
        ):
            form.add_error(
                None,
                "Trop de créations de compte depuis votre connexion : réessayez dans une heure.",
            )
            statut = 429
        elif form.is_valid():
            user = services.inscription_create(
                email=form.cleaned_data["email"], password=form.cleaned_data["password1"]
            )
            if user is not None:
                auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            suivant = local_next(request)
            if suivant:
                # After the link is clicked, back to what the person was doing.
                request.session["verification_suivant"] = suivant
            return redirect("comptes:inscription_envoyee")
    return render(
        request,
        "comptes/inscription.html",
        {"form": form, "next": local_next(request)},
        status=statut,
    )


@otp_exempt
@public
def inscription_envoyee(request):
    return render(
        request,
        "comptes/inscription_envoyee.html",
        {"jours": services.verification_validity_days()},
    )


@otp_exempt
@public
def verification(request, jeton):
    try:
        user = services.verification_confirm(token=jeton)
    except services.InvalidVerificationLink as error:
        return render(
            request,
            "comptes/verification_invalide.html",
            {"erreur": " ".join(error.messages)},
            status=400,
        )
    messages.success(request, "Votre adresse électronique est vérifiée.")
    suivant = request.session.pop("verification_suivant", "") or settings.LOGIN_REDIRECT_URL
    if not request.user.is_authenticated or request.user.pk != user.pk:
        # The link proves the address, not the person at the keyboard: log in as usual.
        return redirect(f"{reverse('comptes:login')}?{next_query(resolve_url(suivant))}")
    return redirect(suivant)


@require_POST
@rule_required("comptes.verifier_email")
def verification_renvoyer(request):
    user = request.user
    if user.email_verifie_le is not None:
        messages.info(request, "Votre adresse électronique est déjà vérifiée.")
    elif services.rate_limit_exceeded(
        key=f"verification:{user.pk}", limit=settings.INSCRIPTION_RENVOIS_PAR_HEURE
    ):
        messages.error(
            request, "Trop de liens demandés : réessayez dans une heure ou vérifiez vos courriels."
        )
    else:
        _lien_verification(request, user)
        messages.success(
            request, f"Un nouveau lien de vérification vient d'être envoyé à {user.email}."
        )
    return redirect(local_next(request) or "comptes:inscription_envoyee")
