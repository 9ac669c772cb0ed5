//! `mep demo`: the original walkthrough.

use std::process::ExitCode;

use mep_core::reading::{MICROS_PER_DAY, MICROS_PER_HOUR};
use mep_core::scenario::{Scenario, DEFAULT_STEP};
use mep_core::time::format_rfc3339;
use serde_json::json;

use super::seed::{seed, seeded_table, server_now};
use super::{fleet, ready};
use crate::args::{Cli, DemoArgs};
use crate::error::{CliError, Context, Result};
use crate::output::{Cell, Out, Table};

pub fn run(cli: &Cli, out: &Out, args: &DemoArgs) -> Result<ExitCode> {
    if args.healthy_days + args.fouling_days == 0 {
        return Err(CliError::from("the demo needs at least one day"));
    }
    let asset = args.asset.as_str();
    if args.fleet {
        fleet::check_demo_asset(asset)?;
    }
    let mut client = ready(cli)?;
    if args.fleet {
        let (name, site) = fleet::DEMO_CHILLER;
        fleet::register(&mut client, asset, name, site)?;
    }
    client
        .execute("DELETE FROM mep.sensor_data WHERE asset_id = $1", &[&asset])
        .context("clearing the demo asset's readings")?;
    client
        .execute(
            "DELETE FROM mep.rejected_readings WHERE asset_id = $1",
            &[&asset],
        )
        .context("clearing the demo asset's rejections")?;

    let now = server_now(&mut client)?;
    let end = now - now.rem_euclid(MICROS_PER_HOUR);
    let total_days = i64::from(args.healthy_days + args.fouling_days);
    let start = end - total_days * MICROS_PER_DAY;
    let fouling_start = start + i64::from(args.healthy_days) * MICROS_PER_DAY;
    let mut runs = Vec::new();
    if args.healthy_days > 0 {
        let days = i64::from(args.healthy_days) * MICROS_PER_DAY;
        runs.push(seed(
            &mut client,
            Scenario::Healthy,
            asset,
            start,
            days,
            DEFAULT_STEP,
            args.seed,
            "healthy",
        )?);
    }
    if args.fouling_days > 0 {
        let days = i64::from(args.fouling_days) * MICROS_PER_DAY;
        runs.push(seed(
            &mut client,
            Scenario::TubeFouling,
            asset,
            fouling_start,
            days,
            DEFAULT_STEP,
            args.seed,
            "tube fouling",
        )?);
    }
    let fleet_faults = if args.fleet {
        let (fleet_runs, faults) = fleet::seed_fleet(&mut client, start, end, args.seed)?;
        runs.extend(fleet_runs);
        Some(faults)
    } else {
        None
    };
    crate::db::refresh_aggregates(&mut client)?;

    let rows = client
        .query(
            "SELECT day + 1, h.window_start::date::text, h.overall_score, h.category, \
                    (h.breakdown -> 1 ->> 'raw_value')::float8, (h.breakdown -> 3 ->> 'raw_value')::float8, \
                    h.recommendations[1] \
             FROM generate_series(0, $3::int - 1) AS day \
             CROSS JOIN LATERAL mep_health_score($1, $2::text::timestamptz + day * interval '1 day', \
                                                 $2::text::timestamptz + (day + 1) * interval '1 day') AS h \
             ORDER BY day",
            &[&asset, &format_rfc3339(start), &(total_days as i32)],
        )
        .context("computing the daily health")?;
    let mut trajectory = Table::new(&[
        "day",
        "date",
        "phase",
        "health",
        "category",
        "condenser_approach_c",
        "kw_per_ton",
        "recommendation",
    ])
    .titled(format!("Health of {asset}, day by day (score 0-100)"));
    for row in &rows {
        let day: i32 = row.get(0);
        trajectory.push(vec![
            Cell::Int(i64::from(day)),
            Cell::text(row.get::<_, String>(1)),
            Cell::text(if i64::from(day) <= i64::from(args.healthy_days) {
                "healthy"
            } else {
                "tube fouling"
            }),
            Cell::float(row.get(2), 1),
            Cell::status(row.get::<_, Option<String>>(3)),
            Cell::float(row.get(4), 2),
            Cell::float(row.get(5), 3),
            Cell::opt_text(row.get::<_, Option<String>>(6)),
        ]);
    }

    client
        .execute(
            "INSERT INTO mep.sensor_data (time, asset_id, chw_supply_temp, chw_return_temp) VALUES (now(), $1, 12.0, 6.0)",
            &[&asset],
        )
        .context("inserting the impossible reading")?;
    let rejected = client
        .query_one(
            "SELECT reason_codes[1], messages[1], recommendations[1] FROM mep.rejected_readings \
             WHERE asset_id = $1 ORDER BY id DESC LIMIT 1",
            &[&asset],
        )
        .context("reading the quarantine")?;
    let mut rejection = Table::new(&[
        "asset_id",
        "chw_supply_temp",
        "chw_return_temp",
        "code",
        "reason",
        "recommendation",
    ])
    .titled("Physics-Guard: chilled water cannot return colder than it left");
    rejection.push(vec![
        Cell::text(asset),
        Cell::Float(12.0, 1),
        Cell::Float(6.0, 1),
        Cell::text(rejected.get::<_, String>(0)),
        Cell::text(rejected.get::<_, String>(1)),
        Cell::text(rejected.get::<_, String>(2)),
    ]);

    let seeded = seeded_table(&runs).titled("Seeded through the validation trigger");
    let first = rows.first().and_then(|r| r.get::<_, Option<f64>>(2));
    let last = rows.last().and_then(|r| r.get::<_, Option<f64>>(2));
    let mut sections = vec![seeded.clone(), trajectory.clone(), rejection.clone()];
    let mut report = json!({
        "asset_id": asset,
        "seeded": seeded.json(),
        "trajectory": trajectory.json(),
        "rejection": rejection.json()[0],
    });
    if let Some(faults) = fleet_faults {
        let fleet = fleet::fleet_table(&mut client)?;
        report["fleet"] = fleet.json();
        report["feed_faults"] = faults.json();
        sections.push(faults);
        sections.push(fleet);
    }
    out.report(&sections, report, &trajectory);
    if let (Some(first), Some(last)) = (first, last) {
        out.note(&format!(
            "\n{asset}'s health went from {first:.1} to {last:.1} as its condenser fouled; `mep health {asset}` explains it."
        ));
    }
    Ok(ExitCode::SUCCESS)
}
