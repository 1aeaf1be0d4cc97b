"""Invitations to join an organisation: e-mailed secret link, acceptance, cancellation."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from territoires.core.links import absolute_url
from territoires.core.models import Evenement

from ..models import Invitation, Membre, Organisation, User
from .organisations import membership_event_record, roles_grantable


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


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
    membership_event_record(
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
    membership_event_record(
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
        membership_event_record(
            invitation.organisation,
            by,
            Evenement.Action.SUPPRESSION,
            f"invitation de {invitation.email} annulée",
        )
    return invitation
