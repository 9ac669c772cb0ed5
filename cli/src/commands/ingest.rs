//! `mep ingest FILE.csv`: load readings by COPY, a batch at a time.
//!
//! Rows the file cannot express as numbers (text in a numeric column, a time that is not
//! a time, a row with too few fields) cannot go through COPY: they are quarantined with
//! `mep.quarantine_unparsed`, their fields kept as text. Everything else is COPYed, and
//! the trigger quarantines what Physics-Guard rejects. Memory stays bounded by the batch.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use mep_core::time::format_rfc3339;
use mep_core::units::UnitSystem;
use mep_core::Field;
use postgres::Client;
use serde_json::{json, Value};

use super::ready;
use crate::args::{Cli, IngestArgs, Units};
use crate::csvio::{float_text, Row, Rows};
use crate::error::{describe, CliError, Context, Result};
use crate::output::{Cell, Out, Table};

const COPY: &str = "COPY mep.sensor_data (time, asset_id, chw_supply_temp, chw_return_temp, \
     cdw_inlet_temp, cdw_outlet_temp, chw_flow, cdw_flow, power_kw, vibration_rms, current_a, \
     current_b, current_c, cond_sat_temp, evap_sat_temp) FROM STDIN (FORMAT csv)";

fn csv_line(row: &Row, line: &mut String) {
    line.clear();
    line.push_str(&format_rfc3339(row.time.expect("parsed rows have a time")));
    line.push(',');
    let asset = row.asset_id.as_deref().expect("parsed rows have an asset");
    if asset.contains([',', '"', '\n', '\r']) || asset.trim() != asset {
        line.push('"');
        line.push_str(&asset.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(asset);
    }
    for field in Field::ALL {
        line.push(',');
        if let Some(value) = row.values.get(field) {
            line.push_str(&float_text(value));
        }
    }
    line.push('\n');
}

fn quarantine_unparsed(client: &mut Client, rows: &[Row]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let statement = client
        .prepare(
            "SELECT mep.quarantine_unparsed($1::text::timestamptz, $2, $3::text::jsonb, $4, $5, $6)",
        )
        .context("preparing the quarantine of unreadable rows")?;
    for row in rows {
        let codes: Vec<&str> = row.problems.iter().map(|f| f.code.name()).collect();
        let messages: Vec<String> = row
            .problems
            .iter()
            .map(|f| format!("line {}: {}", row.line, f.message))
            .collect();
        let recommendations: Vec<&str> = row
            .problems
            .iter()
            .map(|f| f.recommendation.as_str())
            .collect();
        let time = row.time.map(format_rfc3339);
        let raw = Value::Object(row.raw.clone()).to_string();
        client
            .execute(
                &statement,
                &[
                    &time,
                    &row.asset_id,
                    &raw,
                    &codes,
                    &messages,
                    &recommendations,
                ],
            )
            .context("quarantining an unreadable row")?;
    }
    Ok(())
}

struct Batch {
    first_line: u64,
    last_line: u64,
    csv: Vec<Row>,
    unparsed: Vec<Row>,
}

fn flush(client: &mut Client, batch: &mut Batch, buffer: &mut String) -> Result<u64> {
    let mut stored = 0;
    if !batch.csv.is_empty() {
        let mut writer = client.copy_in(COPY).context("starting COPY")?;
        for row in &batch.csv {
            csv_line(row, buffer);
            writer.write_all(buffer.as_bytes()).map_err(|e| {
                CliError(format!(
                    "sending rows {}–{}: {e}",
                    batch.first_line, batch.last_line
                ))
            })?;
        }
        stored = writer.finish().map_err(|e| {
            CliError(format!(
                "COPY of lines {}–{} failed: {} (earlier batches were stored)",
                batch.first_line,
                batch.last_line,
                describe(&e)
            ))
        })?;
    }
    quarantine_unparsed(client, &batch.unparsed)?;
    batch.csv.clear();
    batch.unparsed.clear();
    Ok(stored)
}

pub fn run(cli: &Cli, out: &Out, args: &IngestArgs) -> Result<ExitCode> {
    let units = match args.units {
        Units::Si => UnitSystem::Si,
        Units::Ip => UnitSystem::Ip,
    };
    let mut rows = Rows::open(&args.file, units, args.asset.clone())?;
    if !rows.columns.ignored.is_empty() {
        out.note(&format!(
            "ignoring columns that are not mep fields: {}",
            rows.columns.ignored.join(", ")
        ));
    }
    let mut client = ready(cli)?;
    let (session_user, last_id): (String, i64) = client
        .query_one(
            "SELECT session_user::text, coalesce(max(id), 0) FROM mep.rejected_readings",
            &[],
        )
        .map(|r| (r.get(0), r.get(1)))
        .context("reading the quarantine")?;

    let size = std::fs::metadata(&args.file).map(|m| m.len()).unwrap_or(0);
    let progress = ProgressBar::new(size);
    progress.set_style(
        ProgressStyle::with_template(
            "loading {bar:30} {bytes}/{total_bytes}, {bytes_per_sec}, {eta} left",
        )
        .expect("progress template"),
    );
    let started = Instant::now();
    let mut read: u64 = 0;
    let mut unparsed: u64 = 0;
    let mut stored: u64 = 0;
    let mut buffer = String::with_capacity(256);
    let mut batch = Batch {
        first_line: 2,
        last_line: 2,
        csv: Vec::with_capacity(args.batch as usize),
        unparsed: Vec::new(),
    };
    while let Some(row) = rows.next_row()? {
        read += 1;
        if batch.csv.is_empty() && batch.unparsed.is_empty() {
            batch.first_line = row.line;
        }
        batch.last_line = row.line;
        if row.is_parsed() {
            batch.csv.push(row);
        } else {
            unparsed += 1;
            batch.unparsed.push(row);
        }
        if batch.csv.len() + batch.unparsed.len() >= args.batch as usize {
            stored += flush(&mut client, &mut batch, &mut buffer)?;
            progress.set_position(rows.position());
        }
    }
    stored += flush(&mut client, &mut batch, &mut buffer)?;
    progress.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();

    let reasons = client
        .query(
            "SELECT reason_codes[1], count(*) FROM mep.rejected_readings \
             WHERE id > $1 AND received_by = $2 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5",
            &[&last_id, &session_user],
        )
        .context("summarising the rejections")?;
    let quarantined: i64 = client
        .query_one(
            "SELECT count(*) FROM mep.rejected_readings WHERE id > $1 AND received_by = $2",
            &[&last_id, &session_user],
        )
        .map(|r| r.get(0))
        .context("counting the rejections")?;

    let mut summary = Table::new(&[
        "file",
        "rows",
        "stored",
        "quarantined",
        "unreadable",
        "seconds",
        "rows_per_s",
    ])
    .titled("mep ingest");
    summary.push(vec![
        Cell::text(args.file.display().to_string()),
        Cell::Int(read as i64),
        Cell::Int(stored as i64),
        Cell::Int(quarantined),
        Cell::Int(unparsed as i64),
        Cell::Float(seconds, 2),
        Cell::Float(read as f64 / seconds.max(1e-9), 0),
    ]);
    let mut top =
        Table::new(&["reason_code", "rows"]).titled("Top rejection reasons (see `mep rejected`)");
    for row in &reasons {
        top.push(vec![
            Cell::text(row.get::<_, String>(0)),
            Cell::Int(row.get(1)),
        ]);
    }
    out.report(
        &[summary.clone(), top.clone()],
        json!({
            "file": args.file.display().to_string(),
            "rows": read,
            "stored": stored,
            "quarantined": quarantined,
            "unreadable": unparsed,
            "seconds": seconds,
            "top_reasons": top.json(),
        }),
        &summary,
    );
    if stored as i64 + quarantined != read as i64 {
        out.note(&format!(
            "note: {} rows are neither stored nor quarantined by this session (another session quarantining as the same user at the same time counts here)",
            read as i64 - stored as i64 - quarantined
        ));
    }
    Ok(ExitCode::SUCCESS)
}
