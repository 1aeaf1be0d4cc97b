"""The aid dashboard's figures kept in the cache while nothing they read changes.

At national scale (500,000 dossiers) the dashboard's aggregates take seconds; the page reads
them from the cache under a key made of what changes them: the last line of the dossiers'
and the payments' histories (every transition, amount and payment writes one), and a
fingerprint of the envelopes, sessions and F2D contracts (small tables, edited in the
admin), all read in one query. The page keeps its map of the communes, rendered from those
figures, under the same key (`aides.views.tableau`): its 500 communes were most of the page's
work. The time limit (`AIDES_TABLEAU_CACHE_SECONDES`) only bounds what a bulk write that skips
the history would leave unseen. The selector itself (`tableau_de_bord`) stays exact: the key
figures and the commands read it directly.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from ..models import ContratF2D, Dossier, Enveloppe, SessionProgrammation, Versement
from . import tableau_de_bord

#: What the key reads, per table: the end of the dossiers' and payments' histories (every
#: transition, amount and payment writes a line there) and of their own keys (bulk inserts
#: skip the history), and a fingerprint of the small tables edited in the admin.
EMPREINTES = [
    (Dossier.history.model, ["MAX(history_id)"]),
    (Versement.history.model, ["MAX(history_id)"]),
    (Dossier, ["MAX(id)"]),
    (Versement, ["MAX(id)"]),
    (Enveloppe, ["COUNT(*)", "MAX(id)", "SUM(montant)"]),
    (
        SessionProgrammation,
        ["COUNT(*)", "MAX(id)", "MAX(date_commission)", "MAX(date_deliberation)"],
    ),
    (ContratF2D, ["COUNT(*)", "SUM(enveloppe)"]),
]


def _version() -> str:
    """The key's fingerprint, read in one query of scalar subqueries (each an index end or a
    few rows): on PostgreSQL every query is a round trip, and the served page makes few."""
    colonnes = [
        # Table names from the models and fixed aggregates: nothing comes from a request.
        f"(SELECT {mesure} FROM {connection.ops.quote_name(model._meta.db_table)})"  # noqa: S608
        for model, mesures in EMPREINTES
        for mesure in mesures
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(colonnes))
        empreintes = cursor.fetchone()
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
