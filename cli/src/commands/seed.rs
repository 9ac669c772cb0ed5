//! `mep seed`: a scenario's readings, generated in the database through the trigger.

use std::process::ExitCode;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use mep_core::reading::{UnixMicros, MICROS_PER_DAY};
use mep_core::scenario::{Scenario, ScenarioSpec};
use mep_core::time::format_rfc3339;
use mep_core::Asset;
use postgres::Client;

use super::{parse_duration_micros, parse_time_arg, ready};
use crate::args::{Cli, SeedArgs};
use crate::error::{CliError, Context, Result};
use crate::output::{Cell, Out, Table};

/// What a seeding run did.
pub struct Seeded {
    pub scenario: Scenario,
    pub asset: String,
    pub start: UnixMicros,
    pub end: UnixMicros,
    pub generated: i64,
    pub stored: i64,
    pub quarantined: i64,
    pub seconds: f64,
}

/// The server's current time, as microseconds since 1970.
pub fn server_now(client: &mut Client) -> Result<UnixMicros> {
    let row = client
        .query_one("SELECT (extract(epoch FROM now()) * 1000000)::bigint", &[])
        .context("reading the server's time")?;
    Ok(row.get(0))
}

fn interval_text(micros: i64) -> String {
    format!("{micros} microseconds")
}

/// Generates `scenario` for `asset` over [start, start + duration) in the database, a
/// window at a time so a progress bar can follow; the rows are those of one whole run.
#[allow(clippy::too_many_arguments)]
pub fn seed(
    client: &mut Client,
    scenario: Scenario,
    asset: &str,
    start: UnixMicros,
    duration: i64,
    step: i64,
    seed: i64,
    label: &str,
) -> Result<Seeded> {
    let expected = ScenarioSpec::new(scenario, Asset::unregistered_default())
        .with_start(start)
        .with_duration(duration)
        .with_step(step)
        .reading_count()
        .map_err(|e| CliError(e.to_string()))?;
    let rejected = |client: &mut Client| -> Result<i64> {
        client
            .query_one(
                "SELECT count(*) FROM mep.rejected_readings WHERE asset_id = $1",
                &[&asset],
            )
            .map(|r| r.get(0))
            .context("counting rejected readings")
    };
    let before = rejected(client)?;
    let progress = ProgressBar::new(expected as u64);
    progress.set_style(
        ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} readings, {per_sec}, {eta} left")
            .expect("progress template"),
    );
    progress.set_message(label.to_string());
    let window = (2_000 * step).max(MICROS_PER_DAY);
    let started = Instant::now();
    let mut stored: i64 = 0;
    let end = start + duration;
    let mut from = start;
    while from < end {
        let until = (from + window).min(end);
        let inserted = client
            .execute(
                "INSERT INTO mep.sensor_data SELECT * FROM mep_generate_scenario($1, $2, \
                 $3::text::timestamptz, $4::text::interval, $5::text::interval, $6, \
                 $7::text::timestamptz, $8::text::timestamptz)",
                &[
                    &scenario.name(),
                    &asset,
                    &format_rfc3339(start),
                    &interval_text(duration),
                    &interval_text(step),
                    &seed,
                    &format_rfc3339(from),
                    &format_rfc3339(until),
                ],
            )
            .context("generating readings")?;
        stored += inserted as i64;
        progress.set_position(((until - start + step - 1) / step).min(expected) as u64);
        from = until;
    }
    progress.finish_and_clear();
    let quarantined = rejected(client)? - before;
    Ok(Seeded {
        scenario,
        asset: asset.to_string(),
        start,
        end,
        generated: stored + quarantined,
        stored,
        quarantined,
        seconds: started.elapsed().as_secs_f64(),
    })
}

pub fn seeded_table(runs: &[Seeded]) -> Table {
    let mut table = Table::new(&[
        "scenario",
        "asset_id",
        "start",
        "end",
        "generated",
        "stored",
        "quarantined",
        "seconds",
        "readings_per_s",
    ]);
    for run in runs {
        table.push(vec![
            Cell::text(run.scenario.name()),
            Cell::text(&run.asset),
            Cell::text(format_rfc3339(run.start)),
            Cell::text(format_rfc3339(run.end)),
            Cell::Int(run.generated),
            Cell::Int(run.stored),
            Cell::Int(run.quarantined),
            Cell::Float(run.seconds, 2),
            Cell::Float(run.generated as f64 / run.seconds.max(1e-9), 0),
        ]);
    }
    table
}

pub fn run(cli: &Cli, out: &Out, args: &SeedArgs) -> Result<ExitCode> {
    let scenario: Scenario = args
        .scenario
        .parse()
        .map_err(|e: mep_core::asset::UnknownName| CliError(e.to_string()))?;
    if args.asset.trim().is_empty() {
        return Err(CliError::from("--asset must not be empty"));
    }
    let step = parse_duration_micros(&args.step)?;
    let days = args
        .days
        .map_or(scenario.default_duration_days(), i64::from);
    if days < 1 {
        return Err(CliError::from("--days must be at least 1"));
    }
    let duration = days * MICROS_PER_DAY;
    let mut client = ready(cli)?;
    let start = match &args.start {
        Some(text) => parse_time_arg("start", text)?,
        None => {
            let now = server_now(&mut client)?;
            now - now.rem_euclid(step) - duration
        }
    };
    let run = seed(
        &mut client,
        scenario,
        &args.asset,
        start,
        duration,
        step,
        args.seed,
        "seeding",
    )?;
    out.table(&seeded_table(&[run]).titled("mep seed"));
    Ok(ExitCode::SUCCESS)
}
