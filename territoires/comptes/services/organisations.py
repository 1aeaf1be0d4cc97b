"""Memberships of an organisation: roles that may be given, add and end a membership."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from territoires.core.journal import journal_record
from territoires.core.models import Evenement

from ..models import Membre, Organisation, Role, User
from ..rules import is_administrateur


def membership_event_record(
    organisation: Organisation, actor, action: str, description: str
) -> None:
    """Membership events go to the organisation's journal, shown on its page."""
    journal_record(obj=organisation, actor=actor, action=action, description=description)


def roles_grantable(*, organisation: Organisation, by: User | None) -> list[str]:
    """Roles `by` may give in this organisation: a head of service cannot make a platform
    administrator; only an administrator (or a superuser, or the system) can."""
    roles = organisation.roles_possibles()
    if by is None or by.is_superuser or is_administrateur(by):
        return roles
    return [role for role in roles if role != Role.ADMINISTRATEUR]


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
    membership_event_record(
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
