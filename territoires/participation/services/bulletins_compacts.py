"""Compact ballots: identical ballots grouped with their number (`GroupeBulletins`).

The count reads the groups (one short row per distinct ballot) instead of decoding one JSON
document per ballot. The `Bulletin` rows stay the source of truth: the groups are built from
the box at the first count after new ballots (their total differs from the number of
ballots), rewritten with the box by the shuffle, and read as they are by every later count.
The vote itself never writes them: a group shared by every voter of the same choice would
be a hot row that serialises concurrent votes (issue 16).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Sum

from ..models import Bulletin, EnveloppeCampagne, GroupeBulletins


def choix_encode(pks: Iterable[int]) -> str:
    """The key of a ballot: its sorted pks, separated by commas."""
    return ",".join(str(pk) for pk in sorted(int(pk) for pk in pks))


def choix_decode(cle: str) -> tuple[int, ...]:
    return tuple(int(pk) for pk in cle.split(",")) if cle else ()


@transaction.atomic
def groupes_rebuild(*, enveloppe: EnveloppeCampagne) -> int:
    """Rewrite the groups of `enveloppe` from its ballots; returns the number of groups."""
    groupes = Counter(
        choix_encode(choix)
        for choix in Bulletin.objects.filter(enveloppe=enveloppe)
        .values_list("choix", flat=True)
        .iterator(chunk_size=5000)
    )
    GroupeBulletins.objects.filter(enveloppe=enveloppe).delete()
    GroupeBulletins.objects.bulk_create(
        (GroupeBulletins(enveloppe=enveloppe, choix=c, nombre=n) for c, n in groupes.items()),
        batch_size=5000,
    )
    return len(groupes)


@transaction.atomic
def groupes_replace(*, campagne, bulletins: Iterable[tuple[int, Iterable[int]]]) -> int:
    """Rewrite all the groups of `campagne` from its ballots (enveloppe pk, choix), new rows."""
    groupes = Counter((env_id, choix_encode(choix)) for env_id, choix in bulletins)
    GroupeBulletins.objects.filter(enveloppe__campagne=campagne).delete()
    GroupeBulletins.objects.bulk_create(
        (GroupeBulletins(enveloppe_id=e, choix=c, nombre=n) for (e, c), n in groupes.items()),
        batch_size=5000,
    )
    return len(groupes)


def bulletins_groupes(*, enveloppe: EnveloppeCampagne) -> Counter:
    """The ballots of `enveloppe` as {sorted pks: number}, rebuilt first if out of step.

    Two short queries when the groups are in step with the box (their total against the
    number of ballots, then the groups); otherwise the groups are rebuilt from the box.
    """
    total = GroupeBulletins.objects.filter(enveloppe=enveloppe).aggregate(n=Sum("nombre"))["n"]
    if (total or 0) != Bulletin.objects.filter(enveloppe=enveloppe).count():
        groupes_rebuild(enveloppe=enveloppe)
    lignes = GroupeBulletins.objects.filter(enveloppe=enveloppe).values_list("choix", "nombre")
    return Counter({choix_decode(c): n for c, n in lignes.iterator(chunk_size=5000)})
