//! `mep health ASSET`: the score, its breakdown and what to do.

use std::process::ExitCode;

use serde_json::json;

use super::{parse_time_arg, ready};
use crate::args::{Cli, HealthArgs, Source};
use crate::db;
use crate::error::{CliError, Context, Result};
use crate::output::{Cell, Out, Table};

pub fn run(cli: &Cli, out: &Out, args: &HealthArgs) -> Result<ExitCode> {
    let from = args
        .from
        .as_deref()
        .map(|t| parse_time_arg("from", t))
        .transpose()?;
    let to = args
        .to
        .as_deref()
        .map(|t| parse_time_arg("to", t))
        .transpose()?;
    if let (Some(from), Some(to)) = (from, to) {
        if from >= to {
            return Err(CliError::from("--from must be before --to"));
        }
    }
    let mut client = ready(cli)?;
    db::require_asset(&mut client, &args.asset)?;
    let source = match args.source {
        Source::Raw => "raw",
        Source::Hourly => "hourly",
    };
    let from_text = args.from.clone();
    let to_text = args.to.clone();
    let window = "coalesce($3::text::timestamptz, now())";
    let row = client
        .query_one(
            &format!(
                "SELECT to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), to_char(window_end AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), readings, scored_readings, overall_score, \
                        weighted_score, category, primary_concern, recommendations, limited_by, registered \
                 FROM mep_health_score($1, coalesce($2::text::timestamptz, {window} - interval '24 hours'), {window}, $4)"
            ),
            &[&args.asset, &from_text, &to_text, &source],
        )
        .context("computing health")?;
    let breakdown = client
        .query(
            &format!(
                "SELECT metric_name, raw_value, unit, normalized_score, weight, weighted_contribution, status, \
                        message, limits_overall \
                 FROM mep_health_breakdown($1, coalesce($2::text::timestamptz, {window} - interval '24 hours'), {window}, $4)"
            ),
            &[&args.asset, &from_text, &to_text, &source],
        )
        .context("computing the breakdown")?;

    let score: Option<f64> = row.get(4);
    let category: Option<String> = row.get(6);
    let concern: Option<String> = row.get(7);
    let recommendations: Vec<String> = row.get(8);
    let limited_by: Option<String> = row.get(9);
    let registered: bool = row.get(10);

    let mut summary = Table::new(&[
        "asset_id",
        "window_start",
        "window_end",
        "readings",
        "health",
        "category",
        "primary_concern",
        "limited_by",
    ])
    .titled(format!(
        "Health of {}{}",
        args.asset,
        if registered {
            ""
        } else {
            " (unregistered: default nameplate)"
        }
    ));
    summary.push(vec![
        Cell::text(&args.asset),
        Cell::text(row.get::<_, String>(0)),
        Cell::text(row.get::<_, String>(1)),
        Cell::Int(row.get(2)),
        Cell::float(score, 1),
        Cell::status(category.clone()),
        Cell::opt_text(concern.clone()),
        Cell::opt_text(limited_by.clone()),
    ]);
    let mut metrics = Table::new(&[
        "metric",
        "value",
        "unit",
        "score",
        "weight",
        "contribution",
        "status",
        "message",
    ])
    .titled("Breakdown");
    let mut csv = Table::new(&[
        "asset_id",
        "health",
        "category",
        "metric",
        "value",
        "unit",
        "score",
        "weight",
        "contribution",
        "status",
        "limits_overall",
        "message",
    ]);
    for line in &breakdown {
        let limits: bool = line.get(8);
        let message: String = line.get(7);
        metrics.push(vec![
            Cell::text(line.get::<_, String>(0)),
            Cell::float(line.get(1), 2),
            Cell::text(line.get::<_, String>(2)),
            Cell::float(line.get(3), 1),
            Cell::Float(line.get(4), 2),
            Cell::float(line.get(5), 1),
            Cell::Status(line.get(6)),
            Cell::text(if limits {
                format!("{message} [limits the overall score]")
            } else {
                message.clone()
            }),
        ]);
        csv.push(vec![
            Cell::text(&args.asset),
            Cell::float(score, 3),
            Cell::opt_text(category.clone()),
            Cell::text(line.get::<_, String>(0)),
            Cell::float(line.get(1), 3),
            Cell::text(line.get::<_, String>(2)),
            Cell::float(line.get(3), 3),
            Cell::Float(line.get(4), 3),
            Cell::float(line.get(5), 3),
            Cell::text(line.get::<_, String>(6)),
            Cell::Bool(limits),
            Cell::text(message),
        ]);
    }
    let mut advice = Table::new(&["recommendation"]).titled("What to do");
    for recommendation in &recommendations {
        advice.push(vec![Cell::text(recommendation)]);
    }
    out.report(
        &[summary.clone(), metrics.clone(), advice],
        json!({
            "asset_id": args.asset,
            "registered": registered,
            "window_start": row.get::<_, String>(0),
            "window_end": row.get::<_, String>(1),
            "readings": row.get::<_, i64>(2),
            "overall_score": score,
            "weighted_score": row.get::<_, Option<f64>>(5),
            "category": category,
            "primary_concern": concern,
            "limited_by": limited_by,
            "recommendations": recommendations,
            "breakdown": metrics.json(),
        }),
        &csv,
    );
    Ok(ExitCode::SUCCESS)
}
