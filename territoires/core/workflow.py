"""State transitions (django-fsm-2) that always leave a line in the journal.

A module declares its states on the model and its transitions as methods:

    from django_fsm import FSMField, transition

    class Dossier(models.Model):
        statut = FSMField(default="brouillon", choices=Statut.choices, protected=True)

        @transition(field=statut, source="brouillon", target="depose",
                    permission="aides.deposer_dossier", custom={"label": "Déposer le dossier"})
        def deposer(self):
            self.depose_le = timezone.now()

and its services never call `dossier.deposer()` directly but:

    transition_apply(obj=dossier, transition="deposer", actor=user, reason=motif)

which checks the transition is possible from the current state (and, when `actor` is given,
the transition's `permission`), runs it, saves the object and writes a « changement d'état »
in the journal with the states before and after and the reason, all in one transaction.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django_fsm import can_proceed, has_transition_perm

from .journal import journal_record
from .models import Evenement


def _state_label(field: models.Field, value: Any) -> Any:
    return str(dict(field.flatchoices).get(value, value)) if field.choices else value


def transition_label(method) -> str:
    """The label of a transition: `custom={"label": ...}` or its method name."""
    meta = method._django_fsm
    for candidate in meta.transitions.values():
        if candidate.custom.get("label"):
            return str(candidate.custom["label"])
    return method.__name__.replace("_", " ").capitalize()


def transitions_available(*, obj: models.Model, user) -> list[tuple[str, str]]:
    """(method name, label) of the transitions `user` may apply now, for buttons."""
    available = []
    for name in dir(obj.__class__):
        attr = getattr(obj.__class__, name, None)
        if not callable(attr) or not hasattr(attr, "_django_fsm"):
            continue
        method = getattr(obj, name)
        if has_transition_perm(method, user):
            available.append((name, transition_label(method)))
    return available


def transition_apply(
    *,
    obj: models.Model,
    transition: str,
    actor,
    reason: str = "",
    check_permission: bool = True,
    **kwargs: Any,
) -> Any:
    """Run the transition `transition` of `obj`, save it and journal it. Returns its result.

    Raises ValidationError when the transition is not possible from the current state (or the
    object changed state meanwhile), PermissionDenied when `actor` may not apply it.
    `actor=None` means the system (a command or a task) acts; no permission is checked then.
    """
    method = getattr(obj, transition)
    if not hasattr(method, "_django_fsm"):
        raise TypeError(f"{transition!r} n'est pas une transition de {obj.__class__.__name__}.")
    field = method._django_fsm.field
    label = transition_label(method)

    with transaction.atomic():
        before = field.get_state(obj)
        if obj.pk is not None:
            # Lock the row and refuse to act on a state someone else already changed.
            current = (
                obj.__class__._default_manager.select_for_update()
                .filter(pk=obj.pk)
                .values_list(field.attname, flat=True)
                .first()
            )
            if current is not None and current != before:
                raise ValidationError(
                    "L'état a changé entre-temps (il est maintenant « %(state)s ») : "
                    "rechargez la page avant de recommencer.",
                    params={"state": _state_label(field, current)},
                )
        if not can_proceed(method):
            raise ValidationError(
                "« %(action)s » n'est pas possible quand l'état est « %(state)s ».",
                params={"action": label, "state": _state_label(field, before)},
            )
        if actor is not None and check_permission and not has_transition_perm(method, actor):
            raise PermissionDenied(f"« {label} » n'est pas permis à cet utilisateur.")

        result = method(**kwargs)
        if actor is not None:
            obj._history_user = actor  # read by django-simple-history when installed
        obj.save()
        after = field.get_state(obj)
        journal_record(
            obj=obj,
            actor=actor,
            action=Evenement.Action.CHANGEMENT_ETAT,
            changes={field.name: [_state_label(field, before), _state_label(field, after)]},
            reason=reason,
            description=label,
        )
    return result
