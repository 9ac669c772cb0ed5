#!/usr/bin/env bash
# The benchmarks: the scenario generator (mep-core, no database) and the ingest
# benchmark against a throwaway server. Prints figures; BENCHMARKS.md holds a run.
# MEP_BENCH_ROWS (default 1000000) and MEP_BENCH_REPEAT (default 3) size the ingest run.
set -euo pipefail
source "$(dirname "$0")/common.sh"

"${REPO_ROOT}/scripts/setup.sh"
install_extension
say "Scenario generator throughput (mep-core, one core)"
cargo bench -p mep-core --bench generator
say "Ingest: no trigger vs the mep trigger vs a PL/pgSQL reference (a few minutes)"
cargo bench -p mep-tests --bench ingest
