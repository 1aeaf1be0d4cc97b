"""Benchmark of the référentiel import (printed, not asserted).

    .venv/bin/python bench/bench_referentiel.py [--skip-tout]

Each measure runs in a fresh process on a fresh temporary SQLite database (never a real one):
migrate, then `referentiel_import`, then a second, idempotent run. Peak memory is the peak
resident set size of that process (`resource.getrusage`), migrations and Django included.
Targets (issue « socle », §2): Gers < 5 s; all France < 60 s and < 500 MB.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"gers": (5.0, None), "tout": (60.0, 500.0)}


def measure(scope: str) -> dict:
    """Runs in the child process: migrate a fresh database, import twice, report figures."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoires.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from territoires.referentiel.models import Commune, Epci
    from territoires.referentiel.services import referentiel_import

    kwargs = {"tout": True} if scope == "tout" else {"departements": ["32"]}
    start = time.perf_counter()
    first = referentiel_import(**kwargs)
    first_duration = time.perf_counter() - start
    start = time.perf_counter()
    second = referentiel_import(**kwargs)
    second_duration = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {
        "scope": scope,
        "duration": first_duration,
        "second_duration": second_duration,
        "second_changed": second.changed,
        "peak_mb": peak_kb / 1024,
        "communes": Commune.objects.count(),
        "epcis": Epci.objects.count(),
        "created": {kind.label: kind.created for kind in first.kinds},
    }


def run(scope: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="territoires-bench-") as tmp:
        env = dict(
            os.environ,
            DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
            TERRITOIRES_ENV="development",
            TERRITOIRES_VAR_DIR=tmp,
        )
        result = subprocess.run(
            [sys.executable, __file__, "--child", scope],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-tout", action="store_true", help="Gers seulement")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return

    scopes = ["gers"] if args.skip_tout else ["gers", "tout"]
    ok = True
    for scope in scopes:
        figures = run(scope)
        max_s, max_mb = TARGETS[scope]
        within = figures["duration"] < max_s and (max_mb is None or figures["peak_mb"] < max_mb)
        ok &= within
        target = f"< {max_s:.0f} s" + (f", < {max_mb:.0f} Mo" if max_mb else "")
        print(
            f"{'Gers (32)' if scope == 'gers' else 'toute la France':16} "
            f"import {figures['duration']:6.2f} s | 2e passage {figures['second_duration']:5.2f} s "
            f"({'changements !' if figures['second_changed'] else 'aucun changement'}) | "
            f"pic mémoire {figures['peak_mb']:6.0f} Mo | "
            f"{figures['communes']} communes, {figures['epcis']} EPCI | "
            f"cible {target} : {'tenue' if within else 'MANQUÉE'}"
        )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
