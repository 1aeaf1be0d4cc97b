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

A guard is a `conditions=[...]` function of the transition; marked with `@condition("…")`, its
French sentence is what `transition_apply` and `transition_check` answer when it fails:

    @condition("Un versement se demande une fois la subvention attribuée.")
    def subvention_attribuee(versement) -> bool: ...
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


def condition(message: str):
    """Mark a transition condition with the sentence that says why it refuses."""

    def mark(function):
        function.message = message
        return function

    return mark


def _failed_condition_message(method) -> str | None:
    meta = method._django_fsm
    obj = method.__self__
    candidate = meta.get_transition(meta.field.get_state(obj))
    for check in (candidate.conditions or []) if candidate else []:
        if not check(obj):
            return getattr(check, "message", None)
    return None


def _refuse_if_impossible(method, *, label: str, field, actor, check_permission: bool) -> None:
    if not can_proceed(method):
        message = _failed_condition_message(method)
        if message:
            raise ValidationError(message)
        raise ValidationError(
            "« %(action)s » n'est pas possible quand l'état est « %(state)s ».",
            params={
                "action": label,
                "state": _state_label(field, field.get_state(method.__self__)),
            },
        )
    if actor is not None and check_permission and not has_transition_perm(method, actor):
        raise PermissionDenied(f"« {label} » n'est pas permis à cet utilisateur.")


def transition_check(
    *, obj: models.Model, transition: str, actor, check_permission: bool = True
) -> None:
    """Raise what `transition_apply` would raise before running `transition`, without running
    it: for a service that checks the guard before preparing the object."""
    method = getattr(obj, transition)
    field = method._django_fsm.field
    _refuse_if_impossible(
        method,
        label=transition_label(method),
        field=field,
        actor=actor,
        check_permission=check_permission,
    )


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
    object changed state meanwhile, or a condition refuses: its `@condition` sentence),
    PermissionDenied when `actor` may not apply it.
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
        _refuse_if_impossible(
            method, label=label, field=field, actor=actor, check_permission=check_permission
        )

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
