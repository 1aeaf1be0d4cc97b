#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: temporary folder, free loopback port,
# unprivileged user when invoked as root. Installs Debian's PostgreSQL when missing.
# Usage: scripts/with-postgres.sh COMMAND...   (DATABASE_URL is set for COMMAND)
set -euo pipefail

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
PGBIN=$(find_bin)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL est absent : installez le paquet Debian « postgresql »." >&2
    exit 1
  fi
  echo "Installation de PostgreSQL (paquet Debian)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  PGBIN=$(find_bin)
fi

DIR=$(mktemp -d /tmp/territoires-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses root: the cluster belongs to an unprivileged user.
  chown nobody "$DIR"
  AS=(runuser -u nobody --)
else
  AS=()
fi

cleanup() {
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

"${AS[@]}" "$PGBIN/initdb" -D "$DIR/data" -U territoires --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
"${AS[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U territoires territoires

echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') temporaire sur 127.0.0.1:$PORT"
export DATABASE_URL="postgres://territoires@127.0.0.1:$PORT/territoires"
"$@"
