from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from territoires.core.access import object_rule_required, otp_exempt, public, rule_required
from territoires.core.ip import client_ip
from territoires.core.selectors import journal_for

from . import selectors, services
from .forms import (
    AccountCreateForm,
    DemandeAnswerForm,
    InscriptionForm,
    InvitationForm,
    LoginForm,
    OrganisationSwitchForm,
    OTPCodeForm,
)
from .middleware import SESSION_ORGANISATION_KEY
from .models import DemandeRattachement, Invitation, Membre, Organisation, User
from .oidc import provider_logout
from .rules import needs_otp

SESSION_BACKUP_CODES_KEY = "otp_codes_de_secours"


def _safe_next(request, default: str | None = None) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default or resolve_url(settings.LOGIN_REDIRECT_URL)


def _is_verified(user) -> bool:
    # OTPMiddleware adds is_verified(); a user object fresh from login() has not got it yet.
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def _otp_pending(user) -> bool:
    return settings.TERRITOIRES_OTP_REQUIRED and needs_otp(user) and not _is_verified(user)


# --- Login, logout, password reset -------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "comptes/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        url = super().get_success_url()
        if _otp_pending(self.request.user):
            return f"{reverse('comptes:otp')}?{_next_query(url)}"
        return url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proconnect_enabled"] = settings.PROCONNECT_ENABLED
        return context


def _next_query(url: str) -> str:
    return urlencode({"next": url})


login_view = otp_exempt(public(LoginView.as_view()))


@otp_exempt
@public
@require_POST
def logout_view(request):
    target = resolve_url(settings.LOGOUT_REDIRECT_URL)
    if request.user.is_authenticated:
        # A ProConnect session is ended at the provider too (its /session/end).
        if request.session.get("oidc_id_token"):
            target = provider_logout(request)
        auth_logout(request)
        messages.success(request, "Vous êtes déconnecté.")
    return HttpResponseRedirect(target)


password_reset = otp_exempt(
    public(
        auth_views.PasswordResetView.as_view(
            template_name="comptes/password_reset_form.html",
            email_template_name="comptes/emails/password_reset.txt",
            subject_template_name="comptes/emails/password_reset_subject.txt",
            success_url=reverse_lazy("comptes:password_reset_done"),
        )
    )
)
password_reset_done = otp_exempt(
    public(
        auth_views.PasswordResetDoneView.as_view(template_name="comptes/password_reset_done.html")
    )
)
password_reset_confirm = otp_exempt(
    public(
        auth_views.PasswordResetConfirmView.as_view(
            template_name="comptes/password_reset_confirm.html",
            success_url=reverse_lazy("comptes:password_reset_complete"),
        )
    )
)
password_reset_complete = otp_exempt(
    public(
        auth_views.PasswordResetCompleteView.as_view(
            template_name="comptes/password_reset_complete.html"
        )
    )
)


# --- Second factor (TOTP) ----------------------------------------------------------------------


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10)
    svg = image.to_string(encoding="unicode")
    # Drop the XML declaration: the SVG is embedded in the HTML page.
    return svg[svg.index("<svg") :].replace(
        "<svg ", '<svg role="img" aria-label="QR code de configuration" class="otp-qrcode" ', 1
    )


@otp_exempt
@rule_required("comptes.manage_own_account")
def otp_verify(request):
    next_url = _safe_next(request)
    if not _otp_pending(request.user):
        return HttpResponseRedirect(next_url)
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{reverse('comptes:otp_setup')}?{_next_query(next_url)}")
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        for device in devices_for_user(request.user, confirmed=True):
            allowed, _ = device.verify_is_allowed()
            if allowed and device.verify_token(code):
                django_otp.login(request, device)
                return HttpResponseRedirect(next_url)
        form.add_error(
            "code",
            "Ce code n'est pas valable. Vérifiez l'heure de votre téléphone et saisissez le "
            "code actuellement affiché. Après plusieurs erreurs, patientez avant de réessayer.",
        )
    return render(request, "comptes/otp_verify.html", {"form": form, "next": next_url})


@otp_exempt
@rule_required("comptes.manage_own_account")
def otp_setup(request):
    next_url = _safe_next(request)
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    if has_device:
        # Enrolling another device requires the current one first.
        if not _is_verified(request.user):
            return redirect(f"{reverse('comptes:otp')}?{_next_query(next_url)}")
        messages.info(request, "Votre application d'authentification est déjà configurée.")
        return HttpResponseRedirect(next_url)
    device = services.totp_device_start(user=request.user)
    form = OTPCodeForm(request.POST or None)
    form.fields["code"].help_text = "Le code à 6 chiffres affiché par l'application."
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(device=device, token=form.cleaned_data["code"])
        if codes is not None:
            django_otp.login(request, device)
            request.session[SESSION_BACKUP_CODES_KEY] = codes
            messages.success(request, "Votre application d'authentification est configurée.")
            return redirect(f"{reverse('comptes:otp_codes')}?{_next_query(next_url)}")
        form.add_error("code", "Ce code n'est pas valable : saisissez le code affiché maintenant.")
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 (generated by qrcode)
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "issuer": settings.OTP_TOTP_ISSUER,
    }
    return render(request, "comptes/otp_setup.html", context)


@rule_required("comptes.manage_own_account")
def otp_codes(request):
    """Backup codes: shown once after enrolment; new ones can be generated (POST)."""
    next_url = _safe_next(request)
    if request.method == "POST":
        codes = services.backup_codes_generate(user=request.user)
        messages.success(request, "De nouveaux codes de secours ont été générés.")
    else:
        codes = request.session.pop(SESSION_BACKUP_CODES_KEY, None)
    return render(request, "comptes/otp_codes.html", {"codes": codes or [], "next": next_url})


# --- Organisations -----------------------------------------------------------------------------


def get_organisation(request, organisation_id):
    return get_object_or_404(Organisation, pk=organisation_id)


def get_invitation(request, invitation_id):
    return get_object_or_404(Invitation.objects.select_related("organisation"), pk=invitation_id)


def get_membre(request, membre_id):
    return get_object_or_404(Membre.objects.select_related("organisation", "user"), pk=membre_id)


def get_demande(request, demande_id):
    return get_object_or_404(
        DemandeRattachement.objects.select_related("organisation", "user"), pk=demande_id
    )


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
    next_url = _safe_next(request, default=reverse("ui:home"))
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


# --- Invitations -------------------------------------------------------------------------------


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
        context["login_url"] = f"{reverse('comptes:login')}?{_next_query(request.path)}"
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
        if _otp_pending(user):
            return redirect("comptes:otp_setup")
        return redirect("ui:home")
    context["form"] = form
    return render(request, "comptes/invitation_accept.html", context)


# --- Members and membership requests ----------------------------------------------------------


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


# --- Public sign-up and e-mail verification ---------------------------------------------------


def _suivant_local(request) -> str:
    """The `next` of the query string when it is a path of this site, else ""."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}
    ):
        return candidate
    return ""


def _lien_verification(request, user) -> None:
    services.verification_envoyer(user=user)
    suivant = _suivant_local(request)
    if suivant:
        # After the link is clicked, back to what the person was doing.
        request.session["verification_suivant"] = suivant


@otp_exempt
@public
def inscription(request):
    if request.user.is_authenticated:
        return redirect(_suivant_local(request) or settings.LOGIN_REDIRECT_URL)
    form = InscriptionForm(request.POST or None)
    statut = 200
    if request.method == "POST":
        ip = client_ip(request)
        if services.limite_depassee(
            cle=f"inscription:{ip}", limite=settings.INSCRIPTION_LIMITE_PAR_HEURE
        ):
            form.add_error(
                None,
                "Trop de créations de compte depuis votre connexion : réessayez dans une heure.",
            )
            statut = 429
        elif form.is_valid():
            user = services.inscription_creer(
                email=form.cleaned_data["email"], password=form.cleaned_data["password1"]
            )
            if user is not None:
                auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            suivant = _suivant_local(request)
            if suivant:
                # After the link is clicked, back to what the person was doing.
                request.session["verification_suivant"] = suivant
            return redirect("comptes:inscription_envoyee")
    return render(
        request,
        "comptes/inscription.html",
        {"form": form, "next": _suivant_local(request)},
        status=statut,
    )


@otp_exempt
@public
def inscription_envoyee(request):
    return render(
        request,
        "comptes/inscription_envoyee.html",
        {"jours": services.verification_validite_jours()},
    )


@otp_exempt
@public
def verification(request, jeton):
    try:
        user = services.verification_confirmer(jeton=jeton)
    except services.VerificationInvalide as error:
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
        return redirect(f"{reverse('comptes:login')}?{_next_query(resolve_url(suivant))}")
    return redirect(suivant)


@require_POST
@rule_required("comptes.verifier_email")
def verification_renvoyer(request):
    user = request.user
    if user.email_verifie_le is not None:
        messages.info(request, "Votre adresse électronique est déjà vérifiée.")
    elif services.limite_depassee(
        cle=f"verification:{user.pk}", limite=settings.INSCRIPTION_RENVOIS_PAR_HEURE
    ):
        messages.error(
            request, "Trop de liens demandés : réessayez dans une heure ou vérifiez vos courriels."
        )
    else:
        _lien_verification(request, user)
        messages.success(
            request, f"Un nouveau lien de vérification vient d'être envoyé à {user.email}."
        )
    return redirect(_suivant_local(request) or "comptes:inscription_envoyee")
