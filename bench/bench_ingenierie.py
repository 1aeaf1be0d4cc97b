"""Benchmark of the mission's queue, dashboard and `ingenierie stats` at 200,000 requests
(printed, not asserted; issue 16 « Figures at national scale »).

    .venv/bin/python bench/bench_ingenierie.py [--nombre 200000] [--fois 5]
    .venv/bin/python bench/synthetic.py --tout --database-url sqlite:////tmp/territoires-bench.sqlite3
    .venv/bin/python bench/bench_ingenierie.py --base sqlite:////tmp/territoires-bench.sqlite3

Each measure runs in a fresh process. Without --base, on a fresh temporary SQLite database
(or --database-url, a disposable one): migrate, import the Gers, load the demo accounts and
generate the requests with the demo generator. With --base, on a database already filled by
`bench/synthetic.py` (the whole country, 200,000 requests; only sessions are written). The
same pages are first measured on a fresh database of 1,000 requests, for the number of SQL
queries, which must not grow with the rows.

Every page is requested as the demo advisor at least 5 times (after a warm-up) beside a bare
page (/mentions-legales/) timed in the same process (`bench/mesure.py`); min, median, ratio to
the bare page and SQL queries are printed. The queue is timed in its sorts (date, collectivité,
status) and filters. The dashboard is timed as served (its figures kept in the cache until a
request changes) and recomputed (cache off); the command is timed in the process, without its
start-up (bench_commandes.py). Targets: dashboard, command and every page of the queue
< 300 ms, dashboard ≤ 5× the bare page, constant queries.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from mesure import (  # noqa: E402
    NOTE,
    Mesure,
    analyser,
    chronometrer,
    entete,
    fois_valide,
    ligne,
    page,
    page_nue,
)

PETIT = 1_000
CIBLE_MS = 300
CIBLE_RATIO = 5

PAGES = [
    ("file, 1re page", "/ingenierie/file/"),
    ("file : mes sollicitations", "/ingenierie/file/?mes=miennes"),
    ("file : statut en cours", "/ingenierie/file/?statut=en_cours"),
    ("file : tri par collectivité", "/ingenierie/file/?sort=organisation"),
    ("file : tri par collectivité, inverse", "/ingenierie/file/?sort=-organisation"),
    ("file : tri par statut", "/ingenierie/file/?sort=statut"),
    ("file : domaine + tri", "/ingenierie/file/?domaine=1&sort=organisation"),
    ("file : intercommunalité", "/ingenierie/file/?epci={epci}"),
    ("file : référent + période",
     "/ingenierie/file/?referent={referent}&depuis=2022-01-01&jusqu_a=2023-12-31"),
    ("file : recherche « école »", "/ingenierie/file/?q=école"),
    ("file : page 200", "/ingenierie/file/?page=200"),
    ("tableau de bord (servi)", "/ingenierie/chiffres/"),
    ("tableau de bord 2020-2022 (servi)", "/ingenierie/chiffres/?depuis=2020&jusqu_a=2022"),
    ("tableau de bord (recalculé)", "/ingenierie/chiffres/?recalcul"),
]  # fmt: skip


def _page(client, url: str):
    from django.test import override_settings

    if not url.endswith("?recalcul"):
        return page(client, url)
    get = page(client, url.removesuffix("?recalcul"))

    def recalcul():  # the same page, its figures computed again
        with override_settings(INGENIERIE_CHIFFRES_CACHE_SECONDES=0):
            return get()

    return recalcul


def _remplir(nombre: int) -> None:
    import random

    from django.core.management import call_command
    from django.utils import timezone

    from territoires.comptes.demo import demo_load
    from territoires.comptes.models import User
    from territoires.ingenierie import demo
    from territoires.ingenierie.models import ConfigurationIngenierie

    call_command("migrate", verbosity=0)
    call_command("referentiel_import", departements=["32"], verbosity=0)
    report = demo_load(departement_code="32")
    config = ConfigurationIngenierie.courante()
    config.mission = report.organisations["mit"]
    config.save()
    orgs_communes, orgs_epcis = demo._organisations_collectivites("32")
    conseiller = User.objects.get(email="conseiller@territoires.test")
    today = timezone.localdate()
    annees = range(2017, today.year + 1)
    rows = demo.generer(
        rng=random.Random(1), orgs_communes=orgs_communes, orgs_epcis=orgs_epcis,  # noqa: S311
        referents=[conseiller], annees=annees,
        par_annee=lambda annee: nombre // len(annees) + 1, today=today,
    )  # fmt: skip
    demo.enregistrer(rows[:nombre])
    analyser()  # planner statistics (and on PostgreSQL the visibility map), as in production


def measure(nombre: int, *, remplir: bool, fois: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoires.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from territoires.comptes.models import User
    from territoires.ingenierie import demo
    from territoires.ingenierie.models import Sollicitation
    from tests.comptes.factories import login

    start = time.perf_counter()
    if remplir:
        _remplir(nombre)
    else:
        call_command("migrate", verbosity=0)  # a reused database, at the code's migrations
    generation = time.perf_counter() - start
    conseiller = User.objects.get(email="conseiller@territoires.test")
    _communes, orgs_epcis = demo._organisations_collectivites("32")
    client = Client()
    login(client, conseiller)
    resultats = {"page nue": page_nue(fois), "page nue (connecté)": page_nue(fois, client)}
    for label, url in PAGES:
        url = url.format(epci=orgs_epcis[0].epci_id, referent=conseiller.pk)
        resultats[label] = chronometrer(_page(client, url), fois)
    with open(os.devnull, "w") as devnull:
        resultats["commande ingenierie stats"] = chronometrer(
            lambda: call_command("ingenierie_stats", fmt="json", stdout=devnull), fois
        )
    return {
        "count": Sollicitation.objects.count(),
        "generation_s": generation,
        "pages": {label: m.as_dict() for label, m in resultats.items()},
    }


def _child(args, nombre: int, url: str | None, tmp: str, *, remplir: bool = True) -> dict:
    env = dict(
        os.environ,
        DATABASE_URL=url or f"sqlite:///{tmp}/bench-{nombre}.sqlite3",
        TERRITOIRES_ENV="development",
        TERRITOIRES_VAR_DIR=tmp,
    )
    argv = [sys.executable, __file__, "--child", "--nombre", str(nombre), "--fois", str(args.fois)]
    result = subprocess.run(
        argv + (["--remplir"] if remplir else []),
        env=env, capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    if result.returncode:
        sys.stderr.write(result.stderr)
        sys.exit(result.returncode)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _print(petit: dict, grand: dict) -> None:
    pages = {label: Mesure.from_dict(m) for label, m in grand["pages"].items()}
    nue = pages["page nue"]
    print(
        f"{grand['count']:,} sollicitations".replace(",", " ")
        + (f" générées en {grand['generation_s']:.0f} s" if grand["generation_s"] > 1 else "")
        + f" ; requêtes comparées à {petit['count']:,}".replace(",", " ")
    )
    print(NOTE)
    print(entete(suite=f"  requêtes à {petit['count']}"))
    constant = True
    for label, m in pages.items():
        avant = petit["pages"][label]["requetes"]
        constant &= avant == m.requetes
        print(f"{ligne(label, m, nue)}  {avant:>6d}")
    bord, commande = pages["tableau de bord (servi)"], pages["commande ingenierie stats"]
    ratio = bord.ratio(nue)
    print(
        f"tableau de bord servi : médiane {bord.mediane:.0f} ms "
        f"(< {CIBLE_MS} ms : {'OUI' if bord.mediane < CIBLE_MS else 'NON'}), "
        f"{ratio:.1f}× la page nue (≤ {CIBLE_RATIO}× : {'OUI' if ratio <= CIBLE_RATIO else 'NON'})"
        f", {bord.ratio(pages['page nue (connecté)']):.1f}× la page nue connectée"
    )
    print(
        f"commande ingenierie stats : médiane {commande.mediane:.0f} ms "
        f"(< {CIBLE_MS} ms : {'OUI' if commande.mediane < CIBLE_MS else 'NON'})"
    )
    files = {label: m for label, m in pages.items() if label.startswith("file")}
    lente = max(files, key=lambda label: files[label].mediane)
    print(
        f"file, page la plus lente : {lente}, médiane {files[lente].mediane:.0f} ms "
        f"(< {CIBLE_MS} ms : {'OUI' if files[lente].mediane < CIBLE_MS else 'NON'})"
    )
    print("nombre de requêtes constant : " + ("OUI" if constant else "NON"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nombre", type=int, default=200_000)
    parser.add_argument("--fois", type=int, default=5, help="mesures de chaque page (5 au moins)")
    parser.add_argument("--base", help="base déjà remplie par bench/synthetic.py")
    parser.add_argument("--database-url", help="base jetable (par défaut : SQLite temporaire)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--remplir", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.fois = fois_valide(args.fois)
    if args.child:
        print(json.dumps(measure(args.nombre, remplir=args.remplir, fois=args.fois)))
        return
    with tempfile.TemporaryDirectory(prefix="territoires-bench-") as tmp:
        petit = _child(args, PETIT, None, tmp)
        if args.base:
            grand = _child(args, 0, args.base, tmp, remplir=False)
        else:
            grand = _child(args, args.nombre, args.database_url, tmp)
    _print(petit, grand)


if __name__ == "__main__":
    main()
