"""Benchmark of publishing a big French Excel CSV end to end (printed, not asserted).

    .venv/bin/python bench/opendata_publication.py [--lignes 1000000]
    scripts/with-postgres.sh .venv/bin/python bench/opendata_publication.py

What a commune's file goes through with `territoires donnees publier`: a CSV written by
Excel (Windows-1252, `;`, decimal comma, French dates) of `--lignes` rows is deposited
through the hostile-file guard, read as a stream, typed, loaded into the tabular storage and
published (issue 12: under 60 s for 1,000,000 rows, flat memory, with a progress bar).
Runs in a child process on a throwaway database (a temporary SQLite file, or the
DATABASE_URL of scripts/with-postgres.sh) and prints wall time, CPU time and peak memory.
"""

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 60.0
COMMUNES = ["Béziers", "Sète", "Lodève", "Pézenas", "Agde", "Mèze", "Gignac", "Lunel",
            "Frontignan", "Clermont-l'Hérault", "Bédarieux", "Ganges"]  # fmt: skip
EQUIPEMENTS = ["Gymnase", "Piscine", "Médiathèque", "Stade", "Crèche", "Salle des fêtes",
               "École élémentaire", "Théâtre", "Cinéma", "Musée"]  # fmt: skip


def write_csv(path: Path, n: int) -> None:
    rnd = random.Random(12)
    start = date(2020, 1, 1)
    with path.open("w", encoding="cp1252", newline="") as out:
        out.write(
            "Commune;Équipement;Date d'ouverture;Surface (m²);Fréquentation;Latitude;Longitude\r\n"
        )
        buffer = io.StringIO()
        for i in range(n):
            # Excel writes decimals with a comma in French
            lat = f"{43.2 + rnd.random() * 0.6:.6f}".replace(".", ",")
            lon = f"{3.0 + rnd.random() * 0.9:.6f}".replace(".", ",")
            buffer.write(
                f"{rnd.choice(COMMUNES)};{rnd.choice(EQUIPEMENTS)} n°{i};"
                f"{(start + timedelta(days=rnd.randrange(2000))).strftime('%d/%m/%Y')};"
                f"{rnd.randrange(50, 5000)},{rnd.randrange(100):02d};{rnd.randrange(100000)};"
                f"{lat};{lon}\r\n"
            )
            if i % 10_000 == 9_999:
                out.write(buffer.getvalue())
                buffer = io.StringIO()
        out.write(buffer.getvalue())


def child(path: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoires.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from territoires.comptes.models import Organisation
    from territoires.opendata.models import VersionRessource

    call_command("migrate", verbosity=0)
    siren = "213401722"  # a valid SIREN (Luhn), fictitious commune of the benchmark
    Organisation.objects.get_or_create(
        siren=siren, defaults={"nom": "Commune du banc", "type": Organisation.Type.COMMUNE}
    )
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu, wall = time.process_time(), time.perf_counter()
    call_command(
        "donnees_publier", path, organisation=siren, titre="Équipements (banc)", verbosity=1
    )
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    version = VersionRessource.objects.latest("pk")
    return {
        "engine": connection.vendor,
        "rows": version.nb_lignes,
        "statut": version.statut,
        "types": [c["type"] for c in version.colonnes],
        "wall_s": wall,
        "cpu_s": cpu,
        "rss_before_mb": rss_before,
        "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "loadavg": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lignes", type=int, default=1_000_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    with tempfile.TemporaryDirectory(prefix="territoires-bench-") as tmp:
        csv_path = Path(tmp) / "equipements.csv"
        write_csv(csv_path, args.lignes)
        size_mb = csv_path.stat().st_size / 1e6
        env = dict(os.environ, TERRITOIRES_ENV="development", TERRITOIRES_VAR_DIR=tmp)
        env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
        result = subprocess.run(
            [sys.executable, __file__, "--child", str(csv_path)],
            env=env, stdout=subprocess.PIPE, text=True, check=False,
        )  # fmt: skip
        if result.returncode:
            raise SystemExit(result.returncode)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(
        f"\n== publication d'un CSV Excel ({size_mb:.0f} Mo, cp1252, « ; », virgule décimale) "
        f"sur {figures['engine']} — charge de la machine {figures['loadavg']:.1f} "
        f"pour {os.cpu_count()} cœurs"
    )
    print(
        f"{figures['rows']:,} lignes publiées ({figures['statut']}) en {figures['wall_s']:.1f} s "
        f"(CPU {figures['cpu_s']:.1f} s, {figures['rows'] / figures['wall_s']:,.0f} lignes/s) | "
        f"RSS {figures['rss_before_mb']:.0f} → {figures['rss_peak_mb']:.0f} Mo | "
        f"types {', '.join(figures['types'])} | cible < {TARGET_S:.0f} s"
    )


if __name__ == "__main__":
    main()
