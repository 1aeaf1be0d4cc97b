#!/usr/bin/env bash
# One command per module for the benches, on SQLite or on a throwaway PostgreSQL:
#   make bench MODULE=aides                 # SQLite (temporary files)
#   make bench MODULE=aides DB=postgresql   # PostgreSQL (scripts/with-postgres.sh)
# Extra arguments for the bench: make bench MODULE=aides ARGS="--nombre 100000".
# What each bench measures, its targets and its last figures: bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
MODULE=${1:-}
DB=${2:-sqlite}
shift 2 2>/dev/null || shift $# || true
ARGS=("$@")

case "$DB" in
  sqlite) PG=() ;;
  postgresql|postgres|pg) PG=(scripts/with-postgres.sh) ;;
  *) echo "DB=$DB : « sqlite » ou « postgresql »." >&2; exit 2 ;;
esac

sqlite_url() { echo "sqlite:///$(mktemp -d /tmp/territoires-bench.XXXXXX)/$1.sqlite3"; }

# Run "$@" with DATABASE_URL naming a fresh database: a temporary SQLite file, or PostgreSQL.
fresh() {
  if [ "$DB" = sqlite ]; then DATABASE_URL=$(sqlite_url "$MODULE") "$@"; else "${PG[@]}" "$@"; fi
}

case "$MODULE" in
  referentiel)   "$PY" bench/bench_referentiel.py "${ARGS[@]}" ;;  # SQLite only: the import itself
  commandes)
    # The demo database, as `make run` loads it, then the commands against it.
    fresh bash -c 'T=.venv/bin/territoires; $T migrate --noinput -v0 &&
      $T referentiel import --departement 32 >/dev/null && $T demo charger >/dev/null &&
      "$0" bench/bench_commandes.py --database-url "$DATABASE_URL" "$@"' "$PY" "${ARGS[@]}" ;;
  ingenierie|aides)
    # The large database given explicitly: a bench never writes to an ambient DATABASE_URL.
    fresh bash -c '"$0" "bench/bench_$1.py" --database-url "$DATABASE_URL" "${@:2}"' \
      "$PY" "$MODULE" "${ARGS[@]}" ;;
  page_agent)    fresh "$PY" bench/bench_page_agent.py "${ARGS[@]}" ;;
  # These two use DATABASE_URL when set (a throwaway PostgreSQL), else a temporary SQLite.
  clauses)       "${PG[@]}" "$PY" bench/bench_clauses.py "${ARGS[@]}" ;;
  participation) "${PG[@]}" "$PY" bench/bench_participation.py "${ARGS[@]}" ;;
  vote)
    if [ "$DB" = sqlite ]; then "$PY" bench/charge_vote.py --sqlite "${ARGS[@]}"
    else "$PY" bench/charge_vote.py "${ARGS[@]}"; fi ;;  # it starts its own PostgreSQL
  pilotage)
    # The national database (synthetic.py: all France, 200,000 requests and dossiers,
    # 1,000,000 hour lines), then the territory pages on it.
    fresh bash -c '"$0" bench/synthetic.py --tout --database-url "$DATABASE_URL" &&
      "$0" bench/bench_pilotage.py --database-url "$DATABASE_URL" "$@"' "$PY" "${ARGS[@]}" ;;
  opendata)
    "${PG[@]}" "$PY" bench/opendata_stockage.py --options base "${ARGS[@]}"
    "${PG[@]}" "$PY" bench/opendata_contient.py
    "${PG[@]}" "$PY" bench/opendata_publication.py ;;
  *)
    echo "make bench MODULE=<module> [DB=sqlite|postgresql] [ARGS=\"…\"]" >&2
    echo "modules : referentiel commandes ingenierie aides clauses participation vote pilotage opendata page_agent" >&2
    exit 2 ;;
esac
