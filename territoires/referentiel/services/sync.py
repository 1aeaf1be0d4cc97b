"""Make a table match its source without deleting anything (the référentiel imports).

The existing rows are compared with the source in memory and only the differences are
written, in batches (`bulk_create` / `bulk_update`), so that all France takes seconds.
"""

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

from .reports import KindReport

T = TypeVar("T")
Progress = Callable[[Iterable[T], str, int], Iterable[T]]

BATCH_SIZE = 2000


def no_progress(iterable: Iterable[T], description: str, total: int) -> Iterable[T]:
    return iterable


def sync(
    *,
    queryset: models.QuerySet,
    key_fields: tuple[str, ...],
    fields: tuple[str, ...],
    rows: dict[tuple, tuple],
    in_scope: Callable[[int, tuple], bool],
    report: KindReport,
    today: date,
    progress: Progress,
) -> set[tuple]:
    """Make `queryset` match `rows` ({key: values of `fields`}), without deleting anything.

    Existing rows are read as tuples (not model instances) to keep memory low on all France.
    A row missing from `rows` is made obsolete only when `in_scope(pk, values)` says the
    import covered it (importing the Gers must not make the Hérault obsolete).
    Returns the keys created or updated.
    """
    model = queryset.model
    nkeys = len(key_fields)
    obsolete_index = fields.index("obsolete")
    existing = {}
    for values in queryset.values_list("pk", *key_fields, *fields).iterator(chunk_size=5000):
        existing[values[1 : 1 + nkeys]] = (values[0], values[1 + nkeys :])

    now = timezone.now()
    changed: set[tuple] = set()
    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    update_fields = (*fields, "modifie_le")

    def flush(force: bool = False) -> None:
        if to_create and (force or len(to_create) >= BATCH_SIZE):
            model.objects.bulk_create(to_create)
            to_create.clear()
        if to_update and (force or len(to_update) >= BATCH_SIZE):
            model.objects.bulk_update(to_update, update_fields, batch_size=500)
            to_update.clear()

    for key, values in progress(rows.items(), report.label, len(rows)):
        current = existing.pop(key, None)
        if current is None:
            to_create.append(model(**_kw(key_fields, key), **_kw(fields, values)))
            report.created += 1
            changed.add(key)
        elif current[1] != values:
            to_update.append(model(pk=current[0], modifie_le=now, **_kw(fields, values)))
            report.updated += 1
            changed.add(key)
        flush()

    # What is left existed before but is not in the source.
    for pk, values in existing.values():
        if values[obsolete_index] or not in_scope(pk, values):
            continue
        obsolete_values = dict(_kw(fields, values), obsolete=True, date_obsolete=today)
        to_update.append(model(pk=pk, modifie_le=now, **obsolete_values))
        report.obsoleted += 1
        flush()
    flush(force=True)
    return changed


def _kw(fields: tuple[str, ...], values: tuple) -> dict[str, Any]:
    return dict(zip(fields, values, strict=True))


def ids_by_key(model: type[models.Model], key: str, **filters) -> dict[str, int]:
    return dict(model.objects.filter(**filters).values_list(key, "pk").iterator(chunk_size=5000))
