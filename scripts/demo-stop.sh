#!/usr/bin/env bash
# Stops the demo server; with CLEAN=1 (or --clean) also deletes its directory.
set -euo pipefail
source "$(dirname "$0")/common.sh"

if demo_running; then
    as_postgres "$(pg_bindir)/pg_ctl" -D "${DEMO_DIR}/data" -m fast -w stop >/dev/null
    say "Demo server stopped"
else
    say "No demo server running in ${DEMO_DIR}"
fi
if [ "${CLEAN:-}" = "1" ] || [ "${1:-}" = "--clean" ]; then
    rm -rf "${DEMO_DIR}"
    say "Removed ${DEMO_DIR}"
fi
