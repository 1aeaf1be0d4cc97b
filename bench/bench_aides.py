"""Benchmark of the aides module at 500,000 dossiers (printed, not asserted; issue 16).

    .venv/bin/python bench/bench_aides.py [--nombre 500000] [--scdl 200000] [--fois 5]
                                          [--base /tmp/bench-aides.sqlite3 | --database-url URL]
    scripts/with-postgres.sh .venv/bin/python bench/bench_aides.py --nombre 500000

Two fresh processes, each measuring what it prints:
- a small database (fresh temporary SQLite, 300 dossiers: enough for every year to have
  grants, so no query is skipped on an empty result), for the number of SQL queries only;
- the large one: a fresh temporary SQLite database unless `--database-url` (a disposable
  one, never a real one) or `--base FILE` (an SQLite file kept between runs: filled on the
  first run, its rows reused afterwards — building 500,000 dossiers takes minutes). Filling:
  migrate, import the Gers, load the demo accounts and the Gers' schemes, generate the
  dossiers in bulk (`bench/generateurs.py`), planner statistics.

In the large process, the instructor's list (several filters) and the dashboard are requested
as the head of service, each at least 5 times after a warm-up, beside a bare page timed in the
same run (`bench/mesure.py`): min, median, ratio to the bare page and SQL queries, compared
with the small database's. The dashboard is timed as served (figures and map kept in the cache
until a dossier, payment, envelope, session or contract changes) and computed (cache emptied
before each request). Then the SCDL export of `--scdl` attributed subsidies is streamed through
the public view: rows per second and the peak of Python memory (tracemalloc).
Targets: the served dashboard ≤ 5× the bare page; queries that do not grow with the dossiers.
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

PETIT = 300
CIBLE_RATIO = 5
TABLEAU = "/aides/tableau-de-bord/?annee=2025"
SERVI = "tableau de bord 2025 (servi)"
CALCULE = "tableau de bord 2025 (calcul complet)"

PAGES = [
    ("liste, 1re page", "/aides/instruction/"),
    ("état en instruction", "/aides/instruction/?etat=en_instruction"),
    ("recherche « lavoir »", "/aides/instruction/?q=lavoir"),
    ("tri par montant", "/aides/instruction/?sort=-montant"),
    ("année 2024 + dispositif", "/aides/instruction/?annee=2024&dispositif={ddr}"),
    ("page 500", "/aides/instruction/?page=500"),
]


def _remplir(nombre: int) -> float:
    """The Gers, its demo accounts and schemes, then `nombre` dossiers; seconds taken."""
    import random

    import generateurs
    from django.core.management import call_command
    from django.utils import timezone

    from territoires.aides import configuration
    from territoires.aides.demo import siret_de
    from territoires.aides.models import ConfigurationAides
    from territoires.comptes.demo import commune_label, demo_load
    from territoires.comptes.models import Organisation
    from territoires.referentiel.models import Commune

    debut = time.perf_counter()
    call_command("referentiel_import", departements=["32"], verbosity=0)
    orgs = demo_load(departement_code="32").organisations
    dispositifs = configuration.configuration_gers(
        departement=orgs["departement"], service_aides=orgs["aides"]
    )
    ConfigurationAides.objects.create(
        nom_attribuant=orgs["departement"].nom, siret_attribuant=siret_de(orgs["departement"].siren)
    )
    existing = set(Organisation.objects.values_list("commune_id", flat=True))
    Organisation.objects.bulk_create(
        Organisation(type="commune", commune=c, nom=commune_label(c.nom), siren=c.siren[:9] or "")
        for c in Commune.objects.filter(departement__code="32", type="commune-actuelle")
        if c.pk not in existing
    )
    communes = list(Organisation.objects.filter(type="commune"))
    generateurs.dossiers(
        nombre, rng=random.Random(1), organisations=communes,  # noqa: S311
        dispositif=dispositifs["ddr"], today=timezone.localdate(),
    )  # fmt: skip
    return time.perf_counter() - debut


def measure(nombre: int, scdl: int, fois: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoires.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from territoires.aides.models import Dispositif, Dossier
    from territoires.comptes.models import User
    from tests.comptes.factories import login

    call_command("migrate", verbosity=0)
    generation = 0.0 if Dossier.objects.exists() else _remplir(nombre)
    analyser()  # without it SQLite sorts 500,000 rows instead of reading the list's index
    client = Client()
    login(client, User.objects.get(email="chef.service@territoires.test"))
    ddr = Dispositif.objects.get(code="ddr").pk
    resultats = {"page nue": page_nue(fois), "page nue (connecté)": page_nue(fois, client)}
    for label, url in PAGES:
        resultats[label] = chronometrer(page(client, url.format(ddr=ddr)), fois)
    resultats[SERVI] = chronometrer(page(client, TABLEAU), fois)
    resultats[CALCULE] = chronometrer(page(client, TABLEAU), fois, avant=cache.clear)
    return {
        "count": Dossier.objects.count(),
        "generation_s": generation,
        "pages": {label: m.as_dict() for label, m in resultats.items()},
        **(_scdl(client, scdl) if scdl else {}),
    }


def _scdl(client, scdl: int) -> dict:
    """Stream the SCDL export through the public view, up to `scdl` rows."""
    import tracemalloc

    tracemalloc.start()
    rows = -1  # the header
    start = time.perf_counter()
    response = client.get("/aides/donnees/subventions.csv")
    for chunk in response.streaming_content:
        rows += chunk.count(b"\n")
        if rows >= scdl:
            break
    duration = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"scdl_rows": rows, "scdl_s": duration, "scdl_peak_mb": peak / 1e6}


def _child(args, *, nombre: int, scdl: int, url: str, tmp: str) -> dict:
    env = dict(os.environ, DATABASE_URL=url, TERRITOIRES_ENV="development", TERRITOIRES_VAR_DIR=tmp)
    argv = [sys.executable, __file__, "--child", "--nombre", str(nombre), "--scdl", str(scdl),
            "--fois", str(args.fois)]  # fmt: skip
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False, cwd=ROOT)
    if result.returncode:
        sys.stderr.write(result.stderr)
        sys.exit(result.returncode)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _print(petit: dict, grand: dict, base: str) -> None:
    pages = {label: Mesure.from_dict(m) for label, m in grand["pages"].items()}
    nue = pages["page nue"]
    quoi = (
        f"générés en {grand['generation_s']:.0f} s"
        if grand["generation_s"]
        else f"réutilisés ({base}, données seulement)"
    )
    print(f"{grand['count']:,} dossiers {quoi} ; requêtes comparées à {petit['count']:,}"
          .replace(",", " "))  # fmt: skip
    print(NOTE)
    print(entete(suite=f"  requêtes à {petit['count']}"))
    constant = True
    for label, m in pages.items():
        avant = petit["pages"][label]["requetes"]
        constant &= avant == m.requetes
        print(f"{ligne(label, m, nue)}  {avant:>6d}")
    servi = pages[SERVI].ratio(nue)
    print(
        f"tableau de bord servi : {servi:.1f}× la page nue "
        f"(≤ {CIBLE_RATIO}× : {'OUI' if servi <= CIBLE_RATIO else 'NON'}), "
        f"{pages[SERVI].ratio(pages['page nue (connecté)']):.1f}× la page nue connectée ; "
        f"calcul complet {pages[CALCULE].ratio(nue):.1f}×"
    )
    print("nombre de requêtes constant : " + ("OUI" if constant else "NON"))
    if "scdl_rows" in grand:
        rate = grand["scdl_rows"] / grand["scdl_s"] if grand["scdl_s"] else 0
        print(
            f"export SCDL : {grand['scdl_rows']} lignes en {grand['scdl_s']:.1f} s "
            f"({rate:,.0f} lignes/s), pic de mémoire Python {grand['scdl_peak_mb']:.1f} Mo"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nombre", type=int, default=500_000)
    parser.add_argument("--scdl", type=int, default=200_000)
    parser.add_argument("--fois", type=int, default=5, help="mesures de chaque page (5 au moins)")
    parser.add_argument("--database-url", help="base jetable (par défaut : SQLite temporaire)")
    parser.add_argument("--base", type=Path, help="fichier SQLite gardé : ses lignes réutilisées")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.fois = fois_valide(args.fois)
    if args.child:
        print(json.dumps(measure(args.nombre, args.scdl, args.fois)))
        return
    with tempfile.TemporaryDirectory(prefix="territoires-bench-") as tmp:
        petit = _child(args, nombre=PETIT, scdl=0, url=f"sqlite:///{tmp}/petit.sqlite3", tmp=tmp)
        if args.base:
            url = f"sqlite:///{args.base.resolve()}"
        else:
            url = args.database_url or f"sqlite:///{tmp}/grand.sqlite3"
        grand = _child(args, nombre=args.nombre, scdl=args.scdl, url=url, tmp=tmp)
    _print(petit, grand, str(args.base or args.database_url or "base neuve"))


if __name__ == "__main__":
    main()
