//! Version reporting: what is installed, what is loaded, and what it runs on.

use pgrx::prelude::*;

/// The version of the loaded library (the .so), which can differ from the installed
/// extension's catalog version after an upgrade of one without the other.
#[pg_extern(immutable, parallel_safe)]
fn mep_version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// One row per component: the extension in the catalog, the loaded library, the physics
/// crate, PostgreSQL, and TimescaleDB (or "not installed").
#[pg_extern(stable)]
fn mep_version_info() -> TableIterator<'static, (name!(component, String), name!(version, String))>
{
    let catalog = |query: &str| -> String {
        Spi::get_one::<String>(query)
            .ok()
            .flatten()
            .unwrap_or_else(|| "not installed".to_string())
    };
    let rows = vec![
        (
            "mep extension".to_string(),
            catalog("SELECT extversion::text FROM pg_catalog.pg_extension WHERE extname OPERATOR(pg_catalog.=) 'mep'"),
        ),
        ("mep library".to_string(), env!("CARGO_PKG_VERSION").to_string()),
        ("mep-core".to_string(), mep_core::VERSION.to_string()),
        (
            "postgresql".to_string(),
            catalog("SELECT pg_catalog.current_setting('server_version')"),
        ),
        (
            "timescaledb".to_string(),
            catalog("SELECT extversion::text FROM pg_catalog.pg_extension WHERE extname OPERATOR(pg_catalog.=) 'timescaledb'"),
        ),
    ];
    TableIterator::new(rows)
}
