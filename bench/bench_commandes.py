"""Start-up of the read-only domain commands against a bare `django.setup()` (printed, not
asserted; issue 16 « Commands »: within 1.6×).

    .venv/bin/python bench/bench_commandes.py [--fois 5] [--database-url URL]
        [--commande "ingenierie stats --format json" ...]

Each command runs in a fresh process, as an operator or a cron job starts it, alternately with
a process that only imports the project's settings and calls `django.setup()`, so that both
see the same load of the shared machine. Prints the min and the median of each and the
ratios. By default on the instance's database (`make run` loads the demo there); give
`--database-url` for another one. Nothing is written.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SETUP = (
    "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'territoires.settings'); "
    "import django; django.setup()"
)
COMMANDES = ["ingenierie stats", "ingenierie stats --format json", "help"]


def _time(argv: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fois", type=int, default=5, help="mesures de chaque processus")
    parser.add_argument("--database-url", help="base lue (par défaut celle de l'instance)")
    parser.add_argument("--commande", action="append", help="commande à mesurer (répétable)")
    args = parser.parse_args()
    env = dict(os.environ)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    commandes = args.commande or COMMANDES
    runs = {"django.setup()": [SETUP], **{c: c.split() for c in commandes}}
    temps: dict[str, list[float]] = {name: [] for name in runs}
    for name, argv in runs.items():  # warm-up: the file system cache, not the figures
        prefix = [sys.executable, "-c"] if name == "django.setup()" else [
            sys.executable, "-m", "territoires"]  # fmt: skip
        runs[name] = prefix + argv
        _time(runs[name], env)
    for _ in range(max(args.fois, 5)):
        for name, argv in runs.items():
            temps[name].append(_time(argv, env))
    base_min = min(temps["django.setup()"])
    base_med = statistics.median(temps["django.setup()"])
    print(f"{'processus':36} {'min':>8} {'médiane':>9} {'ratio min':>10} {'ratio méd.':>11}")
    for name, values in temps.items():
        low, med = min(values), statistics.median(values)
        print(
            f"{name:36} {low * 1000:6.0f} ms {med * 1000:7.0f} ms"
            f" {low / base_min:9.2f}× {med / base_med:10.2f}×"
        )
    pire = max(statistics.median(v) / base_med for n, v in temps.items() if n in commandes)
    print(f"pire ratio médian : {pire:.2f}× (objectif ≤ 1,6×) : {'OUI' if pire <= 1.6 else 'NON'}")


if __name__ == "__main__":
    main()
