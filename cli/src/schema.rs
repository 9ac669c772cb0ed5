//! Applying the schema: the same files `sql/install.sql` applies, in the same order,
//! with the same choice of storage path.

use postgres::Client;

use crate::args::TimescaleChoice;
use crate::error::{describe, CliError, Context, Result};

const CORE: &str = include_str!("../../sql/schema/10_core.sql");
const SEARCH_PATH: &str = include_str!("../../sql/schema/15_search_path.sql");
const TIMESCALEDB: &str = include_str!("../../sql/schema/20_timescaledb.sql");
const PLAIN: &str = include_str!("../../sql/schema/20_plain.sql");
const AGGREGATES: &str = include_str!("../../sql/schema/25_aggregates.sql");
const VIEWS: &str = include_str!("../../sql/schema/30_views.sql");
const BI_VIEWS: &str = include_str!("../../sql/schema/35_bi_views.sql");
const ROLES: &str = include_str!("../../sql/schema/40_roles.sql");

/// The storage path a database was set up with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoragePath {
    /// TimescaleDB, with its version.
    TimescaleDb(String),
    Plain,
}

impl StoragePath {
    pub fn describe(&self) -> String {
        match self {
            StoragePath::TimescaleDb(version) => {
                format!("TimescaleDB {version} path (hypertable, continuous aggregates, policies)")
            }
            StoragePath::Plain => "plain PostgreSQL path (table, materialized views)".to_string(),
        }
    }
}

struct Server {
    timescaledb_created: Option<String>,
    timescaledb_available: Option<String>,
    timescaledb_preloaded: bool,
    mep_available: bool,
}

fn inspect(client: &mut Client) -> Result<Server> {
    let row = client
        .query_one(
            "SELECT (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'), \
                    (SELECT default_version FROM pg_available_extensions WHERE name = 'timescaledb'), \
                    current_setting('shared_preload_libraries') ~ 'timescaledb', \
                    EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'mep')",
            &[],
        )
        .context("inspecting the server")?;
    Ok(Server {
        timescaledb_created: row.get(0),
        timescaledb_available: row.get(1),
        timescaledb_preloaded: row.get(2),
        mep_available: row.get(3),
    })
}

/// Decides the storage path as `sql/install.sql` does.
pub fn decide(client: &mut Client, choice: TimescaleChoice) -> Result<StoragePath> {
    let server = inspect(client)?;
    if !server.mep_available {
        return Err(CliError::from(
            "the mep extension is not installed in this PostgreSQL server; install it with `make install` (cargo pgrx install)",
        ));
    }
    let usable = match (&server.timescaledb_created, &server.timescaledb_available) {
        (Some(version), _) => Some(version.clone()),
        (None, Some(version)) if server.timescaledb_preloaded => Some(version.clone()),
        _ => None,
    };
    match (choice, usable) {
        (TimescaleChoice::Off, _) => Ok(StoragePath::Plain),
        (_, Some(version)) => Ok(StoragePath::TimescaleDb(version)),
        (TimescaleChoice::Auto, None) => Ok(StoragePath::Plain),
        (TimescaleChoice::On, None) => Err(CliError::from(match server.timescaledb_available {
            Some(_) => "TimescaleDB is installed but not preloaded: add it to shared_preload_libraries and restart PostgreSQL",
            None => "TimescaleDB is not installed in this PostgreSQL server; use --timescaledb auto or off",
        })),
    }
}

/// Applies the schema along `path`. Safe to repeat.
pub fn apply(client: &mut Client, path: &StoragePath) -> Result<()> {
    let storage = match path {
        StoragePath::TimescaleDb(_) => ("20_timescaledb.sql", TIMESCALEDB),
        StoragePath::Plain => ("20_plain.sql", PLAIN),
    };
    let files = [
        ("10_core.sql", CORE),
        ("15_search_path.sql", SEARCH_PATH),
        storage,
        ("25_aggregates.sql", AGGREGATES),
        ("30_views.sql", VIEWS),
        ("35_bi_views.sql", BI_VIEWS),
        ("40_roles.sql", ROLES),
    ];
    for (name, sql) in files {
        client
            .batch_execute(sql)
            .map_err(|e| CliError(format!("applying sql/schema/{name}: {}", describe(&e))))?;
    }
    Ok(())
}
