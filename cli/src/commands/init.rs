//! `mep init`: apply the schema.

use std::process::ExitCode;

use crate::args::{Cli, InitArgs};
use crate::db;
use crate::error::{Context, Result};
use crate::output::{Cell, Out, Table};
use crate::schema::{self, StoragePath};

pub fn run(cli: &Cli, out: &Out, args: &InitArgs) -> Result<ExitCode> {
    let mut client = db::connect(cli.database_url.as_deref())?;
    let path = schema::decide(&mut client, args.timescaledb)?;
    out.note(&format!("mep: applying the {}", path.describe()));
    schema::apply(&mut client, &path)?;
    let row = client
        .query_one(
            "SELECT current_database(), (SELECT extversion FROM pg_extension WHERE extname = 'mep')",
            &[],
        )
        .context("reading back the schema")?;
    let mut table = Table::new(&["database", "storage_path", "timescaledb", "mep_extension"]);
    table.push(vec![
        Cell::text(row.get::<_, String>(0)),
        Cell::text(match path {
            StoragePath::TimescaleDb(_) => "timescaledb",
            StoragePath::Plain => "plain",
        }),
        Cell::opt_text(match &path {
            StoragePath::TimescaleDb(version) => Some(version.clone()),
            StoragePath::Plain => None,
        }),
        Cell::text(row.get::<_, String>(1)),
    ]);
    out.table(&table.titled("mep: schema applied"));
    Ok(ExitCode::SUCCESS)
}
