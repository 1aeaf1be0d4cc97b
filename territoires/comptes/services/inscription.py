"""Public sign-up of citizens, verification of their address, rate limits."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from territoires.core.links import absolute_url

from ..models import User

VERIFICATION_SALT = "comptes.verification-email"


def verification_validity_days() -> int:
    """How long the e-mailed link proves the address (`INSCRIPTION_VALIDITE_JOURS`)."""
    return settings.INSCRIPTION_VALIDITE_JOURS


def verification_token(*, user: User) -> str:
    """Signed and dated: no table, and a changed address invalidates older links."""
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=VERIFICATION_SALT)


def verification_send(*, user: User) -> str:
    """Send (after commit) the link that proves the address; return the link."""
    url = absolute_url(reverse("comptes:verification", args=[verification_token(user=user)]))
    context = {
        "url": url,
        "jours": verification_validity_days(),
        "branding": settings.TERRITOIRES_BRANDING,
    }
    transaction.on_commit(
        lambda: send_mail(
            subject=f"Confirmez votre adresse sur {settings.TERRITOIRES_BRANDING['name']}",
            message=render_to_string("comptes/emails/verification.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
    )
    return url


@transaction.atomic
def inscription_create(*, email: str, password: str) -> User | None:
    """A citizen account (e-mail and password only), not yet verified.

    An address that already has an account gets a warning by e-mail instead, and the caller
    shows the same page either way: the form does not reveal who has an account.
    """
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        context = {
            "url": absolute_url(reverse("comptes:password_reset")),
            "branding": settings.TERRITOIRES_BRANDING,
        }
        transaction.on_commit(
            lambda: send_mail(
                subject=f"Votre compte sur {settings.TERRITOIRES_BRANDING['name']}",
                message=render_to_string("comptes/emails/inscription_existante.txt", context),
                from_email=None,
                recipient_list=[email],
            )
        )
        return None
    user = User.objects.create_user(email, password, email_verifie_le=None)
    verification_send(user=user)
    return user


class InvalidVerificationLink(ValidationError):
    """The e-mailed link is expired, forged or for another address."""


@transaction.atomic
def verification_confirm(*, token: str) -> User:
    """Mark the address verified when the signed link is valid (InvalidVerificationLink)."""
    try:
        donnees = signing.loads(
            token, salt=VERIFICATION_SALT, max_age=timedelta(days=verification_validity_days())
        )
    except signing.SignatureExpired as exc:
        raise InvalidVerificationLink(
            "Ce lien a expiré : connectez-vous et demandez un nouveau lien."
        ) from exc
    except signing.BadSignature as exc:
        raise InvalidVerificationLink("Ce lien de vérification n'est pas valide.") from exc
    user = User.objects.select_for_update().filter(pk=donnees.get("u"), is_active=True).first()
    if user is None or user.email.lower() != donnees.get("e"):
        raise InvalidVerificationLink("Ce lien de vérification n'est pas valide.")
    if user.email_verifie_le is None:
        user.email_verifie_le = timezone.now()
        user.save(update_fields=["email_verifie_le"])
    return user


def rate_limit_exceeded(*, key: str, limit: int, seconds: int = 3600) -> bool:
    """Count one attempt under `key` and say whether `limit` is passed in the window.

    Django's cache (per process without a shared cache): a brake on scripted sign-ups
    and e-mail floods, next to django-axes which guards the login form.
    """
    cache_key = f"limite:{key}"
    cache.add(cache_key, 0, timeout=seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=seconds)
        count = 1
    return count > limit
