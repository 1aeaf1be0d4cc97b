#!/usr/bin/env bash
# `make test` : tout ce qui doit passer. Le premier échec arrête tout avec un code non nul.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
export TERRITOIRES_VAR_DIR="$SCRATCH/var"

step() { printf '\n=== %s\n' "$*"; }

step "ruff format --check"
$BIN/ruff format --check .
step "ruff check"
$BIN/ruff check .
step "makemigrations --check"
DATABASE_URL="sqlite:///$SCRATCH/migrations.sqlite3" $BIN/territoires makemigrations --check --dry-run

step "pytest — SQLite"
$BIN/pytest -m "not browser and not deploiement" -n 2 -p no:cacheprovider

step "pytest — PostgreSQL (avec le déploiement à deux serveurs, S3 et worker : tests/deploiement)"
scripts/with-postgres.sh $BIN/pytest -m "not browser" -n 2 -p no:cacheprovider

step "pytest — navigateur (Chromium)"
scripts/ensure-chromium.sh
# Two workers: each has its own live server, database and Chromium.
$BIN/pytest -m browser -n 2 -p no:cacheprovider
