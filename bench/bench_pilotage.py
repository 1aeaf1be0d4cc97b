"""Benchmark of the territory pages on a national-scale database (printed, not asserted).

    .venv/bin/python bench/synthetic.py --tout --database-url sqlite:////tmp/territoires-bench.sqlite3
    .venv/bin/python bench/bench_pilotage.py --database-url sqlite:////tmp/territoires-bench.sqlite3

Reads a database filled by `bench/synthetic.py` (the whole country's territories, their
organisations and agents, the demo of the Gers, then 200,000 engineering requests, 200,000 aid
dossiers and 1,000,000 hour lines spread over every commune; never a real one), then requests
the pages of the communes and EPCIs with the most requests and of the commune with the fewest,
anonymously and as an agent of the Département, each `--fois` times (20 by default, 5 at
least) after a warm-up (`bench/mesure.py`), and prints min / p50 / p95 of the server time
beside a bare page timed in the same run, the number of SQL queries (the same for the busiest
and the quietest commune) and the size of the HTML.
Target (issue 13): < 300 ms, a query count that does not grow with the data, < 150 KB.
Measured on 2026-12-04 (SQLite, shared machine, 200,000 requests, 200,000 dossiers and
1,000,000 hour lines over the 36,000 communes): communes p50 22–89 ms, p95 ≤ 96 ms; EPCIs p50
36–85 ms; 19–34 queries (the quietest commune: 21–32, its empty sections skip theirs); 9–60 KB.
Without the planner statistics (`territoires base statistiques`), 3–5 s a page.
Measured on 2026-12-05 (SQLite, quieter shared machine, load 2–3; a national database of
201,770 requests and 36,236 organisations, `--territoires 2 --fois 5`): bare page p50 2.4 ms;
communes p50 20–60 ms (×8.5–25 the bare page), EPCIs p50 41–64 ms, p95 ≤ 141 ms; 19–34
queries; 9–57 KB.
Measured on 2026-12-05 on PostgreSQL 15 (`make bench MODULE=pilotage DB=postgresql`, the same
national database): communes p50 374–688 ms, EPCIs 310–411 ms, above the target: the requests
and dossiers of a territory were selected by an OR of two IN subqueries (about the communes,
or filed by their organisations), which PostgreSQL answers by reading every row. They are now
one IN over the UNION of both (`sollicitations_pour_communes`, `dossiers_pour_communes`), each
side read by index: communes p50 87–108 ms, EPCIs 60–117 ms, p95 ≤ 206 ms, same 19–32 queries.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from mesure import Mesure, chronometrer, fois_valide, page, page_nue  # noqa: E402

CIBLE_MS = 300


def _mesure(client, url: str, fois: int) -> tuple[Mesure, float]:
    """The page timed `fois` times (5 at least) after a warm-up, and its size in KB."""
    get = page(client, url)
    return chronometrer(get, fois), len(get()) / 1024


def _territoires_les_plus_charges(nombre: int) -> list[str]:
    from territoires.ingenierie.selectors import sollicitations_par_commune
    from territoires.referentiel.models import Commune

    par_commune = sollicitations_par_commune()
    ordre = sorted(par_commune, key=par_commune.get, reverse=True)
    codes = ordre[:nombre] + ordre[-1:]  # the busiest, and the quietest for the query count
    communes = Commune.objects.filter(code__in=codes).select_related("epci")
    urls = [c.get_absolute_url() for c in communes]
    urls += sorted({c.epci.get_absolute_url() for c in communes if c.epci_id})
    return urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="base remplie par synthetic.py")
    parser.add_argument("--territoires", type=int, default=3)
    parser.add_argument("--fois", type=int, default=20, help="mesures de chaque page (5 au moins)")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoires.settings")
    os.environ.setdefault("TERRITOIRES_ENV", "development")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    from territoires.comptes.models import Membre, Role
    from tests.comptes.factories import login  # password and TOTP, as a real agent

    agent = Membre.objects.actifs().filter(role=Role.INSTRUCTEUR).select_related("user").first()
    lecteurs = [("anonyme", None)] + ([("agent", agent.user)] if agent else [])
    fois = fois_valide(args.fois)
    nue = page_nue(fois)
    print(
        f"{'page nue /mentions-legales/':49} min {nue.min:7.1f} ms  p50 {nue.mediane:7.1f} ms  "
        f"p95 {nue.p95:7.1f} ms  {nue.requetes:3} requêtes  ({nue.fois} fois chacune)"
    )
    for url in _territoires_les_plus_charges(args.territoires):
        for nom, user in lecteurs:
            client = Client()
            if user is not None:
                login(client, user)
            r, ko = _mesure(client, url, fois)
            etat = "ok" if r.p95 < CIBLE_MS else "AU-DESSUS DE LA CIBLE"
            print(
                f"{url:40} {nom:8} min {r.min:7.1f} ms  p50 {r.mediane:7.1f} ms  "
                f"p95 {r.p95:7.1f} ms  {r.requetes:3} requêtes  {ko:6.1f} Ko  "
                f"×{r.ratio(nue):.1f} la page nue  {etat}"
            )


if __name__ == "__main__":
    main()
