#!/usr/bin/env bash
# Runs every test: the physics crate, the extension's SQL functions inside PostgreSQL,
# the end-to-end suite, the CLI and the Docker stack's dashboards against throwaway
# servers (both storage paths where TimescaleDB is installed). Installs what is missing
# first. Safe to run again.
set -euo pipefail
source "$(dirname "$0")/common.sh"

"${REPO_ROOT}/scripts/setup.sh"

say "1/5 mep-core: physics, Physics-Guard, health score, scenarios (no database)"
cargo test -p mep-core --quiet

say "2/5 the extension's SQL functions, inside PostgreSQL (cargo pgrx test)"
pgdata="${REPO_ROOT}/target/test-pgdata"
mkdir -p "${pgdata}"
if is_root; then
    chown postgres:postgres "${pgdata}"
    export CARGO_PGRX_TEST_RUNAS=postgres
fi
(cd "${REPO_ROOT}/extension" && cargo pgrx test "pg${PG_MAJOR}")

say "3/5 end to end: schema, trigger, quarantine, aggregates, roles, README examples"
# cargo pgrx test installed a test build; the end-to-end suite runs the release build.
install_extension
cargo test -p mep-tests --test e2e

say "4/5 the mep CLI: every subcommand against a throwaway server, and offline"
cargo test -p mep-cli --bins --test cli --test offline

say "5/5 the Docker stack without Docker: init script, seeding, every dashboard query"
cargo test -p mep-cli --test docker
