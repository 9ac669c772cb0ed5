# Shared by the scripts: paths, versions, and running things as the right user.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_MAJOR="${MEP_PG_MAJOR:-15}"
PG_CONFIG="${MEP_PG_CONFIG:-/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config}"
# The one place the cargo-pgrx version is pinned is extension/Cargo.toml.
PGRX_VERSION="$(sed -n 's/^pgrx = "=\(.*\)"/\1/p' "${REPO_ROOT}/extension/Cargo.toml")"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = "0" ]; }

as_root() {
    if is_root; then "$@"; else sudo "$@"; fi
}

# PostgreSQL refuses to run as root: as root, server commands run as `postgres`.
as_postgres() {
    if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bindir() { "${PG_CONFIG}" --bindir; }

timescaledb_installed() {
    [ -f "$("${PG_CONFIG}" --pkglibdir)/timescaledb.so" ] &&
        [ -f "$("${PG_CONFIG}" --sharedir)/extension/timescaledb.control" ]
}

install_extension() {
    say "Building and installing the mep extension (release) into PostgreSQL ${PG_MAJOR}"
    local sudo_flag=()
    is_root || sudo_flag=(--sudo)
    (cd "${REPO_ROOT}/extension" && cargo pgrx install --release --pg-config "${PG_CONFIG}" "${sudo_flag[@]}" >/dev/null)
}

# The demo server: a throwaway cluster, by default in /tmp/mep-demo on port 54330.
DEMO_DIR="${MEP_DEMO_DIR:-/tmp/mep-demo}"
DEMO_PORT="${MEP_DEMO_PORT:-54330}"
DEMO_DB="${MEP_DEMO_DB:-mep_demo}"
DEMO_URL="postgresql://postgres@127.0.0.1:${DEMO_PORT}/${DEMO_DB}"

demo_running() {
    [ -f "${DEMO_DIR}/data/postmaster.pid" ] && as_postgres "$(pg_bindir)/pg_ctl" -D "${DEMO_DIR}/data" status >/dev/null 2>&1
}

demo_start() {
    if demo_running; then
        say "Demo server already running on port ${DEMO_PORT}"
        return
    fi
    mkdir -p "${DEMO_DIR}"
    is_root && chown postgres:postgres "${DEMO_DIR}"
    if [ ! -f "${DEMO_DIR}/data/PG_VERSION" ]; then
        say "Creating a throwaway PostgreSQL ${PG_MAJOR} cluster in ${DEMO_DIR}"
        as_postgres "$(pg_bindir)/initdb" -D "${DEMO_DIR}/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
        {
            echo "port = ${DEMO_PORT}"
            echo "listen_addresses = '127.0.0.1'"
            echo "unix_socket_directories = '${DEMO_DIR}'"
            if timescaledb_installed; then
                echo "shared_preload_libraries = 'timescaledb'"
                echo "timescaledb.telemetry_level = off"
            fi
        } | as_postgres tee -a "${DEMO_DIR}/data/postgresql.conf" >/dev/null
    fi
    say "Starting it on 127.0.0.1:${DEMO_PORT}"
    as_postgres "$(pg_bindir)/pg_ctl" -D "${DEMO_DIR}/data" -l "${DEMO_DIR}/server.log" -w start >/dev/null
}
