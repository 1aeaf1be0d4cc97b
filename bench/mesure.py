"""The benches' common measuring tool: each page or call is timed at least 5 times after an
untimed warm-up, in the run that prints it, beside a bare page timed in the same run.

    from mesure import chronometrer, page, page_nue, entete, ligne

    nue = page_nue(fois)                               # /mentions-legales/, anonymous
    m = chronometrer(page(client, "/aides/tableau-de-bord/"), fois)
    print(entete()); print(ligne("tableau de bord", m, nue))

Nothing is read from an earlier run: a bench given an existing database (`--base`) reuses its
rows, never its figures. Times are in milliseconds; the SQL queries are those of the last
timed call (Django's test client, in the bench's process).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: The production settings a bench measures (docs/deploiement.md): one database connection kept
#: per process. Without it every request of a signed-in person opens a PostgreSQL connection
#: that no anonymous bare page pays, and the ratios measure the handshake.
PRODUCTION = {"CONN_MAX_AGE": "60"}
for _nom, _valeur in PRODUCTION.items():
    os.environ.setdefault(_nom, _valeur)  # before django.setup(), inherited by child processes

#: Fewest timed calls of each page (issue 16).
FOIS_MIN = 5
#: The bare page: a public page without a query of the domain (a template and the layout).
PAGE_NUE = "/mentions-legales/"


@dataclass
class Mesure:
    """Durations (ms) of the timed calls and the SQL queries of the last one."""

    durees: list[float] = field(default_factory=list)
    requetes: int = 0

    @property
    def min(self) -> float:
        return min(self.durees)

    @property
    def mediane(self) -> float:
        return statistics.median(self.durees)

    @property
    def p95(self) -> float:
        ordre = sorted(self.durees)
        return ordre[max(0, round(len(ordre) * 0.95) - 1)]

    @property
    def fois(self) -> int:
        return len(self.durees)

    def ratio(self, nue: Mesure) -> float:
        """Median over the bare page's median (both timed in this run)."""
        return self.mediane / nue.mediane if nue.mediane else float("nan")

    def as_dict(self) -> dict:
        """For a bench's child process, which prints its figures as JSON."""
        return {"durees": self.durees, "requetes": self.requetes}

    @classmethod
    def from_dict(cls, data: dict) -> Mesure:
        return cls(durees=list(data["durees"]), requetes=data["requetes"])


def fois_valide(fois: int) -> int:
    """At least `FOIS_MIN` timed calls, whatever was asked."""
    return max(FOIS_MIN, fois)


def chronometrer(
    fonction: Callable[[], object], fois: int = FOIS_MIN, *, avant: Callable | None = None
) -> Mesure:
    """`fonction` called once untimed (templates, caches, planner), then at least 5 times
    timed; `avant` runs before each timed call, outside the timing (e.g. empty a cache)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fonction()
    mesure = Mesure()
    for _ in range(fois_valide(fois)):
        if avant is not None:
            avant()
        with CaptureQueriesContext(connection) as ctx:
            debut = time.perf_counter()
            fonction()
            mesure.durees.append((time.perf_counter() - debut) * 1000)
        mesure.requetes = len(ctx.captured_queries)
    return mesure


def page(client, url: str, *, statut: int = 200) -> Callable[[], object]:
    """A GET of `url` through `client` (the whole request: middlewares, session, template),
    its streamed body read to the end; any other status than `statut` stops the bench."""

    def get():
        reponse = client.get(url)
        assert reponse.status_code == statut, (url, reponse.status_code)
        return b"".join(reponse) if reponse.streaming else reponse.content

    return get


def page_nue(fois: int = FOIS_MIN, client=None) -> Mesure:
    """The bare page, timed like every other page of the run: anonymous (the reference of the
    ratios), or through `client` (a signed-in person: session, second factor, memberships and
    menu, what every page of an agent pays before its own work)."""
    from django.test import Client

    return chronometrer(page(client or Client(), PAGE_NUE), fois)


def entete(largeur: int = 44, suite: str = "") -> str:
    """The columns of `ligne` (then `suite`, a bench's own columns)."""
    return f"{'page':{largeur}} {'min':>10} {'médiane':>10} {'× nue':>7} {'requêtes':>9}{suite}"


NOTE = (
    f"(chaque page {FOIS_MIN} fois au moins après un appel de chauffe, à côté d'une page nue "
    "chronométrée dans le même passage ; × nue : rapport des médianes ; réglages de "
    f"production : {', '.join(f'{k}={os.environ[k]}' for k in PRODUCTION)})"
)


def ligne(libelle: str, mesure: Mesure, nue: Mesure, largeur: int = 44) -> str:
    return (
        f"{libelle:{largeur}} {mesure.min:7.1f} ms {mesure.mediane:7.1f} ms "
        f"{mesure.ratio(nue):6.1f}× {mesure.requetes:9d}"
    )


def analyser() -> None:
    """Planner statistics, as a production database has them (PostgreSQL's autovacuum, the
    nightly `territoires base statistiques`): without them a freshly filled database is
    planned as if empty. On PostgreSQL, VACUUM too, as autovacuum does after a bulk insert:
    until then no index-only scan can skip the table (the visibility map is empty)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")
