"""The ballot of a campaign whose vote is open, read once per process (ADR 0011).

From the opening of the vote nothing of the ballot changes: the rules
(`Campagne.CHAMPS_REGLES`, vote dates included), the enveloppes and the list put to the vote
are frozen, and so are the projets on it (`Projet.save`). So « Confirmer mon vote », the
request every voter makes at the busiest moment, checks the ballot against this copy instead
of reading the projets again: no query but the register and the ballot box.

The copy is found by a key the voter's session gets at the identity step (`scrutin_cle`):
the campaign's id *and* creation instant, so that the voters of a campaign deleted and created
again under the same id (SQLite reuses ids) are never served the other one's projets. A
campaign whose vote has not opened yet is never kept: its projets may still change. The vote
dates being frozen too, whether the vote is open is still asked of the copy each time
(`Campagne.vote_ouvert`).
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass

from .models import Campagne, Projet

# A process serves a handful of campaigns at once; past that, the oldest copy is dropped.
TAILLE_MAX = 16

_COPIES: dict[str, Scrutin] = {}
_VERROU = threading.Lock()


@dataclass(frozen=True)
class Scrutin:
    """A frozen campaign and its projets put to the vote (each with its enveloppe)."""

    campagne: Campagne
    projets: dict[int, Projet]


def scrutin_cle(campagne: Campagne) -> str:
    """What the session keeps to find the ballot of this campaign again."""
    return f"{campagne.pk}:{campagne.cree_le.isoformat()}"


def _charger(cle: str) -> Scrutin | None:
    pk, _, cree_le = cle.partition(":")
    try:
        pk, cree_le = int(pk), datetime.datetime.fromisoformat(cree_le)
    except ValueError:
        return None
    campagne = Campagne.objects.filter(pk=pk).defer("reglement", "meta_pabulib").first()
    if campagne is None or campagne.cree_le != cree_le or not campagne.figee:
        return None
    projets = (
        Projet.objects.filter(campagne=campagne, soumis_au_vote=True)
        .select_related("enveloppe")
        .defer("description")
    )
    par_pk = {}
    for p in projets:
        p.campagne = campagne
        par_pk[p.pk] = p
    return Scrutin(campagne=campagne, projets=par_pk)


def scrutin_get(cle: str) -> Scrutin | None:
    """The ballot kept under `cle`, read (two queries) the first time in this process; None
    when the key names no campaign, or one whose vote has not opened."""
    if not cle:
        return None
    if (copie := _COPIES.get(cle)) is not None:
        return copie
    copie = _charger(cle)
    if copie is None:
        return None
    with _VERROU:
        while len(_COPIES) >= TAILLE_MAX:
            _COPIES.pop(next(iter(_COPIES)))
        _COPIES[cle] = copie
    return copie
