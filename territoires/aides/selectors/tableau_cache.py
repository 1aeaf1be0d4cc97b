"""The aid dashboard's figures kept in the cache while nothing they read changes.

At national scale (500,000 dossiers) the dashboard's aggregates take seconds; the page reads
them from the cache under a key made of what changes them: the last line of the dossiers'
and the payments' histories (every transition, amount and payment writes one), and a
fingerprint of the envelopes, sessions and F2D contracts (small tables, edited in the
admin). The page keeps its map of the communes, rendered from those figures, under the same
key (`aides.views.tableau`): its 500 communes were most of the page's work. The time limit
(`AIDES_TABLEAU_CACHE_SECONDES`) only bounds what a bulk write that skips the history would
leave unseen. The selector itself (`tableau_de_bord`) stays exact: the key figures and the
commands read it directly.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Sum

from ..models import ContratF2D, Dossier, Enveloppe, SessionProgrammation, Versement
from . import tableau_de_bord


def _dernier(model) -> tuple:
    ligne = (
        model.history.model.objects.order_by("-history_id")
        .values_list("history_id", "history_date")
        .first()
    )
    return (ligne[0], ligne[1].isoformat()) if ligne else ()


def _version() -> str:
    empreintes = [
        _dernier(Dossier),
        _dernier(Versement),
        tuple(Enveloppe.objects.aggregate(n=Count("pk"), m=Max("pk"), s=Sum("montant")).values()),
        tuple(
            SessionProgrammation.objects.aggregate(
                n=Count("pk"), m=Max("pk"), d=Max("date_commission"), v=Max("date_deliberation")
            ).values()
        ),
        tuple(ContratF2D.objects.aggregate(n=Count("pk"), s=Sum("enveloppe")).values()),
    ]
    # Hashed: a cache key is short and plain whatever the backend.
    return hashlib.sha256("|".join(map(str, empreintes)).encode()).hexdigest()[:32]


def en_cache(nom: str, annee: int, calcul):
    """`calcul()` (what the dashboard shows of `annee`), from the cache under `nom` while
    nothing the dashboard reads changed."""
    duree = settings.AIDES_TABLEAU_CACHE_SECONDES
    if not duree:
        return calcul()
    return cache.get_or_set(f"aides:{nom}:{annee}:{_version()}", calcul, duree)


def tableau_en_cache(annee: int) -> dict:
    """`tableau_de_bord(annee)`, from the cache while nothing it reads changed."""
    return en_cache("tableau", annee, lambda: tableau_de_bord(annee))
