#!/bin/sh
# First start of the database container only (the data directory was empty): applies the
# mep schema to $POSTGRES_DB on the TimescaleDB path and creates the two login roles the
# compose stack uses, the read-only one for Grafana and the insert-only one for BMS feeds.
# Runs after the image's own scripts (000_install_timescaledb.sh, 001_timescaledb_tune.sh).
# Environment: POSTGRES_USER, POSTGRES_DB (the image's), MEP_GRAFANA_DB_USER/_PASSWORD,
# MEP_INGEST_DB_USER/_PASSWORD; MEP_SQL_DIR and MEP_USE_TIMESCALEDB (on, off or auto)
# let the tests run this script against a server without the image.
set -eu

: "${MEP_SQL_DIR:=/usr/local/share/mep/sql}"
: "${MEP_GRAFANA_DB_USER:=mep_grafana}"
: "${MEP_INGEST_DB_USER:=mep_bms}"
if [ -z "${MEP_GRAFANA_DB_PASSWORD:-}" ] || [ -z "${MEP_INGEST_DB_PASSWORD:-}" ]; then
    echo "mep: MEP_GRAFANA_DB_PASSWORD and MEP_INGEST_DB_PASSWORD must be set (see docker/.env.example)" >&2
    exit 1
fi

psql -v ON_ERROR_STOP=1 -v use_timescaledb="${MEP_USE_TIMESCALEDB:-on}" \
     --username "${POSTGRES_USER}" --dbname "${POSTGRES_DB}" \
     -f "${MEP_SQL_DIR}/install.sql"

psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER}" --dbname "${POSTGRES_DB}" \
     -v grafana_user="${MEP_GRAFANA_DB_USER}" -v grafana_password="${MEP_GRAFANA_DB_PASSWORD}" \
     -v ingest_user="${MEP_INGEST_DB_USER}" -v ingest_password="${MEP_INGEST_DB_PASSWORD}" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE mep_dashboard', :'grafana_user', :'grafana_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'grafana_user')
\gexec
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE mep_ingest', :'ingest_user', :'ingest_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'ingest_user')
\gexec
SQL
echo "mep: schema applied to ${POSTGRES_DB}; login roles ${MEP_GRAFANA_DB_USER} (read-only) and ${MEP_INGEST_DB_USER} (insert-only) ready"
