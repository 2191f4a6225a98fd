#!/usr/bin/env bash
# Install and start a local PostgreSQL server (Debian's `postgresql` package) for the store tests,
# create the role and database marsad uses, and print the DSN to export:
#
#     eval "$(scripts/ci_postgres.sh)"     # sets MARSAD_TEST_PG
#
# Needs root (apt-get, pg_ctlcluster). Idempotent: re-running keeps the cluster, role and data.
# Progress goes to stderr; stdout is only the `export` line, so that `eval` can use it.
set -euo pipefail

PG_USER="${MARSAD_PG_USER:-marsad}"
PG_PASSWORD="${MARSAD_PG_PASSWORD:-marsad}"
PG_DB="${MARSAD_PG_DB:-marsad_test}"
PG_PORT="${MARSAD_PG_PORT:-5432}"

log() { echo "ci_postgres: $*" >&2; }

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    log "installing postgresql (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi

# The newest installed major version's `main` cluster (the package creates it).
read -r VERSION CLUSTER _ <<<"$(pg_lsclusters -h | sort -k1,1V | tail -n 1)"
if [ -z "${VERSION:-}" ]; then
    VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    CLUSTER=main
    log "creating cluster $VERSION/$CLUSTER"
    pg_createcluster "$VERSION" "$CLUSTER" --port "$PG_PORT" >&2
fi

STATUS="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c {print $4}')"
if [ "$STATUS" != "online" ]; then
    log "starting cluster $VERSION/$CLUSTER"
    # Containers often have no systemd: pg_ctlcluster starts the server directly.
    pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi
PORT="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c {print $3}')"

for _ in $(seq 1 30); do  # wait until it accepts connections
    if su postgres -c "pg_isready -q -p $PORT"; then break; fi
    sleep 1
done

psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -q -p $PORT $*" >&2; }

if [ -z "$(su postgres -c "psql -p $PORT -tAc \"SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'\"")" ]; then
    log "creating role $PG_USER"
    psql_admin "-c \"CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'\""
fi
if [ -z "$(su postgres -c "psql -p $PORT -tAc \"SELECT 1 FROM pg_database WHERE datname = '$PG_DB'\"")" ]; then
    log "creating database $PG_DB"
    psql_admin "-c \"CREATE DATABASE $PG_DB OWNER $PG_USER\""
fi

log "PostgreSQL $VERSION ready on port $PORT"
echo "export MARSAD_TEST_PG=postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PORT/$PG_DB"
