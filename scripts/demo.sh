#!/usr/bin/env bash
# The demo: builds and installs mep, starts a throwaway PostgreSQL (with TimescaleDB when
# installed), applies the schema, seeds 7 days of a healthy chiller followed by 14 days of
# condenser tube fouling for CH-001, and shows the health score falling and a reading
# Physics-Guard rejects. The server keeps running; `make demo-stop` stops it.
set -euo pipefail
source "$(dirname "$0")/common.sh"

"${REPO_ROOT}/scripts/setup.sh"
# Overwriting the library under a running server crashes the backends using it.
if demo_running; then
    say "Stopping the running demo server to update the extension"
    as_postgres "$(pg_bindir)/pg_ctl" -D "${DEMO_DIR}/data" -m fast -w stop >/dev/null
fi
install_extension
say "Building the mep CLI (release)"
cargo build --release --quiet -p mep-cli
mep="${REPO_ROOT}/target/release/mep"
demo_start

if ! "$(pg_bindir)/psql" -X -q -d "postgresql://postgres@127.0.0.1:${DEMO_PORT}/postgres" -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '${DEMO_DB}'" | grep -q 1; then
    "$(pg_bindir)/psql" -X -q -d "postgresql://postgres@127.0.0.1:${DEMO_PORT}/postgres" -c "CREATE DATABASE ${DEMO_DB}"
fi
say "Applying the schema: mep init"
"${mep}" --database-url "${DEMO_URL}" init
say "Seeding CH-001: 7 days healthy, then 14 days of condenser tube fouling: mep demo"
"${mep}" --database-url "${DEMO_URL}" demo

cat <<EOM

The demo server is running.
  Connect:  psql ${DEMO_URL}
  CLI:      target/release/mep health CH-001      (it connects to the demo server by default)
  Stop:     make demo-stop        (make demo-stop CLEAN=1 also deletes ${DEMO_DIR})
EOM
