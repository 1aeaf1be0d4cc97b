"""Login, logout, password reset and the second factor (TOTP) of Département staff."""

from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from territoires.core.access import otp_exempt, public, rule_required

from .. import services
from ..forms import (
    LoginForm,
    OTPCodeForm,
)
from ..oidc import provider_logout
from ..rules import needs_otp
from .redirections import next_query, safe_next

SESSION_BACKUP_CODES_KEY = "otp_codes_de_secours"


def _is_verified(user) -> bool:
    # OTPMiddleware adds is_verified(); a user object fresh from login() has not got it yet.
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def otp_pending(user) -> bool:
    return settings.TERRITOIRES_OTP_REQUIRED and needs_otp(user) and not _is_verified(user)


class LoginView(auth_views.LoginView):
    template_name = "comptes/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        url = super().get_success_url()
        if otp_pending(self.request.user):
            return f"{reverse('comptes:otp')}?{next_query(url)}"
        return url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proconnect_enabled"] = settings.PROCONNECT_ENABLED
        return context


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
    next_url = safe_next(request)
    if not otp_pending(request.user):
        return HttpResponseRedirect(next_url)
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{reverse('comptes:otp_setup')}?{next_query(next_url)}")
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
    next_url = safe_next(request)
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    if has_device:
        # Enrolling another device requires the current one first.
        if not _is_verified(request.user):
            return redirect(f"{reverse('comptes:otp')}?{next_query(next_url)}")
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
            return redirect(f"{reverse('comptes:otp_codes')}?{next_query(next_url)}")
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
    next_url = safe_next(request)
    if request.method == "POST":
        codes = services.backup_codes_generate(user=request.user)
        messages.success(request, "De nouveaux codes de secours ont été générés.")
    else:
        codes = request.session.pop(SESSION_BACKUP_CODES_KEY, None)
    return render(request, "comptes/otp_codes.html", {"codes": codes or [], "next": next_url})
