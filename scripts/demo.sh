#!/usr/bin/env bash
# The demo: builds and installs mep, starts a throwaway PostgreSQL (with TimescaleDB when
# installed), applies the schema, seeds 7 days of a healthy chiller followed by 14 days of
# condenser tube fouling for CH-001, and shows the health score falling and a reading
# Physics-Guard rejects. The server keeps running; `make demo-stop` stops it.
set -euo pipefail
source "$(dirname "$0")/common.sh"

"${REPO_ROOT}/scripts/setup.sh"
install_extension
demo_start

psql_demo() { "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
if ! psql_demo -d "postgresql://postgres@127.0.0.1:${DEMO_PORT}/postgres" -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '${DEMO_DB}'" | grep -q 1; then
    psql_demo -d "postgresql://postgres@127.0.0.1:${DEMO_PORT}/postgres" -c "CREATE DATABASE ${DEMO_DB}"
fi
say "Applying the schema (sql/install.sql)"
psql_demo -d "${DEMO_URL}" -f "${REPO_ROOT}/sql/install.sql"
say "Seeding CH-001: 7 days healthy, then 14 days of condenser tube fouling"
psql_demo -d "${DEMO_URL}" -f "${REPO_ROOT}/scripts/demo.sql"

cat <<EOM

The demo server is running.
  Connect:  psql ${DEMO_URL}
  URL:      ${DEMO_URL}
  Stop:     make demo-stop        (make demo-stop CLEAN=1 also deletes ${DEMO_DIR})
EOM
