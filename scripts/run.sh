#!/usr/bin/env bash
# `make run` : base SQLite embarquée, territoires du Département, démo, serveur web et worker.
set -euo pipefail
cd "$(dirname "$0")/.."
T=.venv/bin/territoires
PORT="${PORT:-8000}"
# The links in e-mails (TERRITOIRES_BASE_URL by default) name the port actually served.
export TERRITOIRES_PORT="$PORT"
HOST="${HOST:-127.0.0.1}"
DEP="${TERRITOIRES_DEPARTEMENT:-32}"

$T migrate --noinput
$T referentiel import --departement "$DEP"
$T demo charger
# The daily scheduled job of production (cron), so that a long-lived demo stays anonymised.
$T clauses anonymiser
# The modules' public data become datasets of the Département (cron each night in production).
$T donnees actualiser
# Planner statistics after the bulk loads (cron each night in production).
$T base statistiques

# The background-task worker runs beside the web server and stops with it.
$T db_worker --queue-name default &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true' EXIT INT TERM

echo
echo "Territoires est servi sur http://${HOST}:${PORT}/"
echo "Comptes de démonstration : voir le tableau ci-dessus (mot de passe indiqué)."
echo "Code de vérification des agents du Département : $T demo code ADRESSE"
echo
$T runserver "${HOST}:${PORT}"
