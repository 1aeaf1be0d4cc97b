"""Helpers shared by the services of a request: who is notified, its last activity."""

from django.utils import timezone

from territoires.comptes.models import Membre

from ..models import Sollicitation

CATEGORIE = "Ingénierie"


def demandeurs_of(sollicitation: Sollicitation):
    """Active members of the requesting organisation (never someone who left)."""
    return [
        m.user
        for m in Membre.objects.actifs()
        .filter(organisation_id=sollicitation.organisation_id)
        .select_related("user")
    ]


def staff_of(sollicitation: Sollicitation):
    users = [sollicitation.referent] if sollicitation.referent_id else []
    return users + list(sollicitation.conseillers.filter(is_active=True))


def activity_record(sollicitation: Sollicitation) -> None:
    """Something happened on the request: its inactivity clock starts again."""
    sollicitation.derniere_activite_le = timezone.now()
    sollicitation.inactivite_signalee_le = None
    Sollicitation.objects.filter(pk=sollicitation.pk).update(
        derniere_activite_le=sollicitation.derniere_activite_le, inactivite_signalee_le=None
    )


def first_answer_record(sollicitation: Sollicitation) -> None:
    if sollicitation.premiere_reponse_le is None:
        sollicitation.premiere_reponse_le = timezone.now()


def is_transition(obj, name: str) -> bool:
    """Whether `name` is one of the state transitions declared on `obj`'s model."""
    return hasattr(getattr(type(obj), name, None), "_django_fsm")
