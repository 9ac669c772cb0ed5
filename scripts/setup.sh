#!/usr/bin/env bash
# Installs what building, demoing and testing mep need and the machine lacks: Debian
# packages, the pinned cargo-pgrx, and pgrx's configuration for PostgreSQL 15.
# Safe to run again: each step checks first.
set -euo pipefail
source "$(dirname "$0")/common.sh"

packages=(
    "postgresql-${PG_MAJOR}" "postgresql-server-dev-${PG_MAJOR}" "postgresql-client-${PG_MAJOR}"
    libclang-dev clang pkg-config make
)
# `cargo pgrx test` switches to the postgres user with sudo when run as root.
is_root && packages+=(sudo)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "${package}" 2>/dev/null | grep -q "install ok installed" || missing+=("${package}")
done
if [ "${#missing[@]}" -gt 0 ]; then
    say "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ -x "${PG_CONFIG}" ] || fail "pg_config not found at ${PG_CONFIG} (set MEP_PG_CONFIG)"

if ! cargo pgrx --version 2>/dev/null | grep -q " ${PGRX_VERSION}$"; then
    say "Installing cargo-pgrx ${PGRX_VERSION} (a few minutes, once)"
    cargo install cargo-pgrx --version "${PGRX_VERSION}" --locked --quiet
fi

pgrx_config="${PGRX_HOME:-${HOME}/.pgrx}/config.toml"
if ! grep -qs "pg${PG_MAJOR} = \"${PG_CONFIG}\"" "${pgrx_config}"; then
    say "Pointing cargo-pgrx at PostgreSQL ${PG_MAJOR} (${PG_CONFIG})"
    cargo pgrx init "--pg${PG_MAJOR}" "${PG_CONFIG}" >/dev/null
fi
