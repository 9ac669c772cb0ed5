//! `mep rejected [ASSET]`: the newest quarantined readings and why.

use std::process::ExitCode;

use super::ready;
use crate::args::{Cli, RejectedArgs};
use crate::error::{Context, Result};
use crate::output::{Cell, Out, Table};

pub fn run(cli: &Cli, out: &Out, args: &RejectedArgs) -> Result<ExitCode> {
    let mut client = ready(cli)?;
    let rows = client
        .query(
            "SELECT id, to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), asset_id, operation, array_to_string(reason_codes, ', '), \
                    messages[1], recommendations[1] \
             FROM mep.rejected_readings WHERE $1::text IS NULL OR asset_id = $1 \
             ORDER BY id DESC LIMIT $2",
            &[&args.asset, &i64::from(args.limit)],
        )
        .context("reading the quarantine")?;
    let title = match &args.asset {
        Some(asset) => format!("Rejected readings of {asset}, newest first"),
        None => "Rejected readings, newest first".to_string(),
    };
    let mut table = Table::new(&[
        "id",
        "received_at",
        "time",
        "asset_id",
        "operation",
        "codes",
        "reason",
        "recommendation",
    ])
    .titled(title);
    for row in &rows {
        table.push(vec![
            Cell::Int(row.get(0)),
            Cell::text(row.get::<_, String>(1)),
            Cell::opt_text(row.get::<_, Option<String>>(2)),
            Cell::opt_text(row.get::<_, Option<String>>(3)),
            Cell::text(row.get::<_, String>(4)),
            Cell::text(row.get::<_, String>(5)),
            Cell::opt_text(row.get::<_, Option<String>>(6)),
            Cell::opt_text(row.get::<_, Option<String>>(7)),
        ]);
    }
    out.table(&table);
    Ok(ExitCode::SUCCESS)
}
