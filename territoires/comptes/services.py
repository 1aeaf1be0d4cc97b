"""Every write on users, memberships, invitations and membership requests."""

import hashlib
import secrets
from dataclasses import dataclass
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
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from territoires.core.journal import journal_record
from territoires.core.links import absolute_url
from territoires.core.models import Evenement

from .models import DemandeRattachement, Invitation, Membre, Organisation, Role, User
from .rules import is_administrateur

BACKUP_CODES_COUNT = 10


def _journal(organisation: Organisation, actor, action: str, description: str) -> None:
    """Membership events go to the organisation's journal, shown on its page."""
    journal_record(obj=organisation, actor=actor, action=action, description=description)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- Invitations ------------------------------------------------------------------------------


def roles_grantable(*, organisation: Organisation, by: User | None) -> list[str]:
    """Roles `by` may give in this organisation: a head of service cannot make a platform
    administrator; only an administrator (or a superuser, or the system) can."""
    roles = organisation.roles_possibles()
    if by is None or by.is_superuser or is_administrateur(by):
        return roles
    return [role for role in roles if role != Role.ADMINISTRATEUR]


@dataclass
class InvitationCreated:
    invitation: Invitation
    token: str  # the secret: only in the e-mail, the database keeps its hash
    url: str


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, role: str, invite_par: User | None
) -> InvitationCreated:
    email = User.objects.normalize_email(email).strip().lower()
    if role not in roles_grantable(organisation=organisation, by=invite_par):
        raise ValidationError({"role": "Ce rôle n'existe pas pour ce type d'organisation."})
    if (
        Membre.objects.actifs()
        .filter(organisation=organisation, user__email__iexact=email, role=role)
        .exists()
    ):
        raise ValidationError({"email": "Cette personne est déjà membre avec ce rôle."})
    # A new invitation replaces a pending one for the same person.
    Invitation.objects.filter(
        organisation=organisation,
        email__iexact=email,
        acceptee_le__isnull=True,
        annulee_le__isnull=True,
    ).update(annulee_le=timezone.now())
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token=hash_token(token),
        invite_par=invite_par,
        expire_le=timezone.now() + timedelta(days=settings.INVITATION_VALIDITE_JOURS),
    )
    _journal(
        organisation,
        invite_par,
        Evenement.Action.CREATION,
        f"invitation de {email} comme {invitation.get_role_display()}",
    )
    url = absolute_url(reverse("comptes:invitation", args=[token]))
    context = {
        "invitation": invitation,
        "url": url,
        "role": invitation.get_role_display(),
        "inviteur": str(invite_par) if invite_par else "",
        "jours": settings.INVITATION_VALIDITE_JOURS,
        "branding": settings.TERRITOIRES_BRANDING,
    }
    transaction.on_commit(
        lambda: send_mail(
            subject=f"Invitation à rejoindre {organisation.nom} sur "
            f"{settings.TERRITOIRES_BRANDING['name']}",
            message=render_to_string("comptes/emails/invitation.txt", context),
            from_email=None,
            recipient_list=[email],
        )
    )
    return InvitationCreated(invitation=invitation, token=token, url=url)


def invitation_get_by_token(*, token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "invite_par")
        .filter(token=hash_token(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membre:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.est_utilisable:
        raise ValidationError(f"Cette invitation n'est plus valable ({invitation.statut}).")
    if user.email.lower() != invitation.email.lower():
        raise ValidationError("Cette invitation est destinée à une autre adresse électronique.")
    invitation.acceptee_le = timezone.now()
    invitation.save(update_fields=["acceptee_le"])
    membre, _ = Membre.objects.get_or_create(
        user=user, organisation=invitation.organisation, role=invitation.role, actif=True
    )
    _journal(
        invitation.organisation,
        user,
        Evenement.Action.CREATION,
        f"{user.email} rejoint l'organisation comme {membre.get_role_display()} (invitation)",
    )
    return membre


@transaction.atomic
def user_create_from_invitation(
    *, invitation: Invitation, first_name: str, last_name: str, password: str
) -> tuple[User, Membre]:
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError("Un compte existe déjà pour cette adresse : connectez-vous.")
    user = User.objects.create_user(
        invitation.email, password, first_name=first_name, last_name=last_name
    )
    return user, invitation_accept(invitation=invitation, user=user)


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, by: User | None = None) -> Invitation:
    if invitation.acceptee_le:
        raise ValidationError("Cette invitation a déjà été acceptée.")
    if not invitation.annulee_le:
        invitation.annulee_le = timezone.now()
        invitation.save(update_fields=["annulee_le"])
        _journal(
            invitation.organisation,
            by,
            Evenement.Action.SUPPRESSION,
            f"invitation de {invitation.email} annulée",
        )
    return invitation


# --- Memberships ------------------------------------------------------------------------------


@transaction.atomic
def membre_deactivate(*, membre: Membre, by: User | None = None) -> Membre:
    """End a membership, keeping its row as history (actif=False, date_fin)."""
    membre = Membre.objects.select_for_update().select_related("organisation").get(pk=membre.pk)
    if not membre.actif:
        return membre
    roles = membre.organisation.roles_gestionnaires()
    if membre.role in roles:
        others = (
            Membre.objects.actifs()
            .filter(organisation=membre.organisation, role__in=roles)
            .exclude(pk=membre.pk)
        )
        if not others.exists():
            raise ValidationError(
                "C'est le dernier administrateur de l'organisation : "
                "désignez-en un autre avant de le retirer."
            )
    membre.actif = False
    membre.date_fin = timezone.localdate()
    membre.save(update_fields=["actif", "date_fin"])
    _journal(
        membre.organisation,
        by,
        Evenement.Action.SUPPRESSION,
        f"{membre.user.email} ne fait plus partie de l'organisation ({membre.get_role_display()})",
    )
    return membre


@transaction.atomic
def membre_add(
    *, user: User, organisation: Organisation, role: str, fonction: str = ""
) -> tuple[Membre, bool]:
    if role not in organisation.roles_possibles():
        raise ValidationError({"role": "Ce rôle n'existe pas pour ce type d'organisation."})
    return Membre.objects.get_or_create(
        user=user,
        organisation=organisation,
        role=role,
        actif=True,
        defaults={"fonction": fonction},
    )


# --- Membership requests (ProConnect SIRET) ---------------------------------------------------


@transaction.atomic
def demande_rattachement_create(
    *, user: User, organisation: Organisation, siret: str = ""
) -> DemandeRattachement:
    demande, created = DemandeRattachement.objects.get_or_create(
        user=user,
        organisation=organisation,
        statut=DemandeRattachement.Statut.EN_ATTENTE,
        defaults={"siret": siret},
    )
    if created:
        gestionnaires = (
            Membre.objects.actifs()
            .filter(organisation=organisation, role__in=organisation.roles_gestionnaires())
            .values_list("user__email", flat=True)
        )
        recipients = sorted(set(gestionnaires))
        if recipients:
            url = absolute_url(reverse("comptes:organisation", args=[organisation.pk]))
            message = render_to_string(
                "comptes/emails/demande_rattachement.txt",
                {"demande": demande, "url": url, "branding": settings.TERRITOIRES_BRANDING},
            )
            transaction.on_commit(
                lambda: send_mail(
                    subject=f"Demande pour rejoindre {organisation.nom}",
                    message=message,
                    from_email=None,
                    recipient_list=recipients,
                )
            )
    return demande


@transaction.atomic
def demande_rattachement_answer(
    *, demande: DemandeRattachement, by: User, accept: bool, role: str = ""
) -> DemandeRattachement:
    demande = DemandeRattachement.objects.select_for_update().get(pk=demande.pk)
    if demande.statut != DemandeRattachement.Statut.EN_ATTENTE:
        raise ValidationError("Cette demande a déjà été traitée.")
    if accept:
        if role not in roles_grantable(organisation=demande.organisation, by=by):
            raise ValidationError({"role": "Vous ne pouvez pas attribuer ce rôle."})
        membre_add(user=demande.user, organisation=demande.organisation, role=role)
        demande.statut = DemandeRattachement.Statut.ACCEPTEE
    else:
        demande.statut = DemandeRattachement.Statut.REFUSEE
    demande.traitee_par = by
    demande.traitee_le = timezone.now()
    demande.save(update_fields=["statut", "traitee_par", "traitee_le"])
    _journal(
        demande.organisation,
        by,
        Evenement.Action.CHANGEMENT_ETAT,
        f"demande de rattachement de {demande.user.email} "
        + (f"acceptée comme {Role(role).label}" if accept else "refusée"),
    )
    return demande


# --- Second factor ----------------------------------------------------------------------------


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device shown during enrolment (the same one until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Application TOTP", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a first code; returns fresh backup codes, None if wrong."""
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return backup_codes_generate(user=device.user)


@transaction.atomic
def backup_codes_generate(*, user: User) -> list[str]:
    """Replace the user's backup codes (each works once)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Codes de secours", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


# --- Public sign-up and e-mail verification ---------------------------------------------------

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
