"""The journal (audit trail) of every business object: one line per action, and the edits.

`journal_record` writes one line; `track_changes` journals what a block changed;
`diff_instances` compares two states of an object with readable values.
"""

import datetime
import decimal
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from .models import Evenement


def _organisation_of(obj) -> Any:
    """The organisation whose journal shows a line about `obj`.

    An object may say it with `journal_organisation` (an organisation is its own), else it is
    its `organisation` attribute, if any.
    """
    if hasattr(obj, "journal_organisation"):
        return obj.journal_organisation
    return getattr(obj, "organisation", None) if hasattr(obj, "organisation_id") else None


def journal_record(
    *,
    obj: models.Model,
    actor=None,
    action: str,
    changes: dict | None = None,
    reason: str = "",
    description: str = "",
    organisation=None,
) -> Evenement:
    """Write one line in the journal of `obj`. `actor` None means the system acted.

    `organisation` defaults to the object itself when it is an Organisation, else to its
    `organisation` attribute: the journal can then be filtered per organisation.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return Evenement.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        objet_libelle=str(obj)[:255],
        acteur=actor,
        organisation=organisation if organisation is not None else _organisation_of(obj),
        action=action,
        description=description[:255],
        changes=changes or {},
        motif=reason,
    )


def _json_value(obj: models.Model, field: models.Field) -> Any:
    """A readable, JSON-safe value of a field for the journal."""
    value = getattr(obj, field.attname)
    if value is None:
        return None
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = getattr(obj, field.name, None)
        return str(related) if related is not None else None
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    if isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


# Never copied into the journal: secrets, and bookkeeping that is not a user's edit.
JOURNAL_EXCLUDED_FIELDS = {"password", "last_login"}


def _tracked_fields(obj: models.Model, fields: Iterable[str] | None) -> list[models.Field]:
    """A model may add `journal_exclude_fields = {...}` for its own secrets (tokens…)."""
    excluded = JOURNAL_EXCLUDED_FIELDS | set(getattr(obj, "journal_exclude_fields", ()))
    concrete = [
        f
        for f in obj._meta.concrete_fields
        if not f.primary_key and getattr(f, "editable", True) and f.name not in excluded
    ]
    if fields is not None:
        wanted = set(fields)
        concrete = [f for f in concrete if f.name in wanted or f.attname in wanted]
    return concrete


def model_snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Raw values of the concrete fields, to compare with the object later."""
    return {f.name: getattr(obj, f.attname) for f in _tracked_fields(obj, fields)}


def diff_instances(
    before: models.Model | dict | None,
    after: models.Model,
    *,
    fields: Iterable[str] | None = None,
) -> dict[str, list]:
    """{field: [old, new]} between two states of an object.

    `before` is another instance, a `model_snapshot` or None (creation: every filled field).
    Values are readable (choice labels, related objects' names, ISO dates).
    """
    if isinstance(before, models.Model):
        before = model_snapshot(before, fields)
    changes: dict[str, list] = {}
    for field in _tracked_fields(after, fields):
        new_raw = getattr(after, field.attname)
        if before is None:
            if new_raw in (None, "", [], {}):
                continue
            changes[field.name] = [None, _json_value(after, field)]
            continue
        if field.name not in before:
            continue
        old_raw = before[field.name]
        if old_raw == new_raw:
            continue
        # Render the old value with the same rules, on a throw-away copy of the object.
        # (__dict__ bypasses descriptors such as django-fsm's protected fields.)
        shadow = after.__class__()
        shadow.__dict__[field.attname] = old_raw
        changes[field.name] = [_json_value(shadow, field), _json_value(after, field)]
    return changes


@contextmanager
def track_changes(
    obj: models.Model,
    *,
    actor,
    reason: str = "",
    description: str = "",
    fields: Iterable[str] | None = None,
) -> Iterator[dict]:
    """Journal the edits made to `obj` inside the block (nothing is written if none).

        with track_changes(organisation, actor=request.user, reason="Erreur de saisie"):
            organisation.nom = "Mairie de Lectoure"
            organisation.save()

    With a ModelForm, enter the block *before* `form.is_valid()` (which edits the instance).
    The yielded dict receives the changes recorded, for the caller's information.
    """
    before = model_snapshot(obj, fields)
    recorded: dict = {}
    with transaction.atomic():
        yield recorded
        changes = diff_instances(before, obj, fields=fields)
        if changes:
            recorded.update(changes)
            journal_record(
                obj=obj,
                actor=actor,
                action=Evenement.Action.MODIFICATION,
                changes=changes,
                reason=reason,
                description=description,
            )
