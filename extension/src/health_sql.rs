//! Health scores in SQL: of one reading's metrics (IMMUTABLE, for continuous aggregates
//! and views), and of an asset over a time window with its breakdown.

use std::collections::HashMap;

use mep_core::bands::{self, Rating};
use mep_core::health::{
    health_report, overall_score, HealthInputs, HealthMetric, HealthReport, ScoringContext, Weights,
};
use mep_core::{Foundation, MachineGroup, VibrationZones};
use pgrx::prelude::*;
use pgrx::spi::SpiResult;
use pgrx::JsonB;
use serde_json::json;

use crate::assets::{self, Nameplate};
use crate::errors::invalid_parameter;
use crate::privileges::with_pinned_search_path;

fn parse_arg<T: std::str::FromStr>(text: &str) -> T
where
    T::Err: std::fmt::Display,
{
    text.parse::<T>()
        .unwrap_or_else(|e| invalid_parameter(format!("mep: {e}")))
}

fn weights_arg(weights: Option<Vec<Option<f64>>>) -> Weights {
    let Some(given) = weights else {
        return Weights::default();
    };
    if given.len() != 5 {
        invalid_parameter(format!(
            "mep: weights must have 5 elements (vibration_rms, condenser_approach, phase_imbalance, kw_per_ton, delta_t), got {}",
            given.len()
        ));
    }
    let defaults = Weights::default().0;
    let mut values = [0.0; 5];
    for (i, slot) in values.iter_mut().enumerate() {
        *slot = given[i].unwrap_or(defaults[i]);
    }
    Weights::new(values).unwrap_or_else(|e| invalid_parameter(format!("mep: {e}")))
}

fn scoring_context(design_delta_t: f64, machine_group: &str, foundation: &str) -> ScoringContext {
    if !(design_delta_t.is_finite() && design_delta_t > 0.0) {
        invalid_parameter(format!(
            "mep: design_delta_t must be a positive number of °C, got {design_delta_t}"
        ));
    }
    ScoringContext {
        zones: VibrationZones::iso_10816_3(
            parse_arg::<MachineGroup>(machine_group),
            parse_arg::<Foundation>(foundation),
        ),
        design_delta_t,
    }
}

/// The 0–100 health score of one set of metrics. NULL arguments are "not measured".
#[allow(clippy::too_many_arguments)]
#[pg_extern(immutable, parallel_safe, name = "mep_health_score")]
fn mep_health_score_of_metrics(
    vibration_rms: Option<f64>,
    condenser_approach: Option<f64>,
    phase_imbalance: Option<f64>,
    kw_per_ton: Option<f64>,
    delta_t: Option<f64>,
    design_delta_t: default!(f64, 5.6),
    machine_group: default!(&str, "'group2'"),
    foundation: default!(&str, "'rigid'"),
    weights: default!(Option<Vec<Option<f64>>>, "NULL"),
) -> Option<f64> {
    let inputs = HealthInputs {
        vibration_rms,
        condenser_approach,
        phase_imbalance,
        kw_per_ton,
        delta_t,
    };
    overall_score(
        &inputs,
        &scoring_context(design_delta_t, machine_group, foundation),
        &weights_arg(weights),
    )
}

/// The health score of one set of metrics of an asset, scored with its nameplate
/// (vibration zones, design ΔT, weights). Nameplates are looked up once per query and
/// call site, so views over the aggregates can score every bucket cheaply.
#[pg_extern(stable)]
fn mep_score_metrics(
    asset_id: Option<&str>,
    vibration_rms: Option<f64>,
    condenser_approach: Option<f64>,
    phase_imbalance: Option<f64>,
    kw_per_ton: Option<f64>,
    delta_t: Option<f64>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> Option<f64> {
    let asset_id = asset_id?;
    let mut nameplates =
        unsafe { pgrx::pg_func_extra(fcinfo, HashMap::<String, (ScoringContext, Weights)>::new) };
    if !nameplates.contains_key(asset_id) {
        let nameplate = assets::lookup(asset_id).unwrap_or_else(Nameplate::unregistered);
        nameplates.insert(
            asset_id.to_string(),
            (ScoringContext::of(&nameplate.asset), nameplate.weights),
        );
    }
    let (context, weights) = &nameplates[asset_id];
    let inputs = HealthInputs {
        vibration_rms,
        condenser_approach,
        phase_imbalance,
        kw_per_ton,
        delta_t,
    };
    overall_score(&inputs, context, weights)
}

/// The rating word of a 0–100 score.
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_health_category(score: f64) -> &'static str {
    Rating::of_score(score).name()
}

/// Where a window's metrics are read from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Raw,
    Hourly,
}

fn source_arg(source: &str) -> Source {
    match source.to_ascii_lowercase().as_str() {
        "raw" => Source::Raw,
        "hourly" => Source::Hourly,
        other => invalid_parameter(format!(
            "mep: unknown source '{other}'; expected 'raw' (mep.sensor_data) or 'hourly' (mep.sensor_data_hourly)"
        )),
    }
}

/// Idle readings say nothing about health; ΔT counts only at load (kW/ton known).
const RAW_WINDOW: &str = "SELECT count(*)::bigint, \
     (count(*) FILTER (WHERE run_state IS DISTINCT FROM 'idle'))::bigint, \
     avg(vibration_rms) FILTER (WHERE run_state IS DISTINCT FROM 'idle'), \
     avg(condenser_approach) FILTER (WHERE run_state IS DISTINCT FROM 'idle'), \
     avg(phase_imbalance) FILTER (WHERE run_state IS DISTINCT FROM 'idle'), \
     avg(kw_per_ton) FILTER (WHERE run_state IS DISTINCT FROM 'idle'), \
     avg(delta_t) FILTER (WHERE run_state IS DISTINCT FROM 'idle' AND kw_per_ton IS NOT NULL) \
     FROM mep.sensor_data WHERE asset_id OPERATOR(pg_catalog.=) $1 \
     AND time OPERATOR(pg_catalog.>=) $2 AND time OPERATOR(pg_catalog.<) $3";

/// Averages of averages weighted by their counts: exact for hour-aligned windows.
const HOURLY_WINDOW: &str = "SELECT sum(readings)::bigint, sum(scored_readings)::bigint, \
     sum(vibration_rms_avg * vibration_rms_n) / NULLIF(sum(vibration_rms_n), 0), \
     sum(condenser_approach_avg * condenser_approach_n) / NULLIF(sum(condenser_approach_n), 0), \
     sum(phase_imbalance_avg * phase_imbalance_n) / NULLIF(sum(phase_imbalance_n), 0), \
     sum(kw_per_ton_avg * kw_per_ton_n) / NULLIF(sum(kw_per_ton_n), 0), \
     sum(delta_t_avg * delta_t_n) / NULLIF(sum(delta_t_n), 0) \
     FROM mep.sensor_data_hourly WHERE asset_id OPERATOR(pg_catalog.=) $1 \
     AND bucket OPERATOR(pg_catalog.>=) $2 AND bucket OPERATOR(pg_catalog.<) $3";

struct Window {
    nameplate: Nameplate,
    readings: i64,
    scored: i64,
    report: HealthReport,
}

fn window_report(
    asset_id: &str,
    start: TimestampWithTimeZone,
    end: TimestampWithTimeZone,
    source: &str,
) -> Window {
    let query = match source_arg(source) {
        Source::Raw => RAW_WINDOW,
        Source::Hourly => HOURLY_WINDOW,
    };
    let nameplate = assets::lookup(asset_id).unwrap_or_else(Nameplate::unregistered);
    let (readings, scored, inputs) = with_pinned_search_path(|| {
        Spi::connect(|client| -> SpiResult<(i64, i64, HealthInputs)> {
            let row = client
                .select(query, Some(1), &[asset_id.into(), start.into(), end.into()])?
                .first();
            Ok((
                row.get::<i64>(1)?.unwrap_or(0),
                row.get::<i64>(2)?.unwrap_or(0),
                HealthInputs {
                    vibration_rms: row.get::<f64>(3)?,
                    condenser_approach: row.get::<f64>(4)?,
                    phase_imbalance: row.get::<f64>(5)?,
                    kw_per_ton: row.get::<f64>(6)?,
                    delta_t: row.get::<f64>(7)?,
                },
            ))
        })
    })
    .unwrap_or_else(|e| error!("mep: reading the health window of {asset_id}: {e}"));
    let mut report = health_report(
        &inputs,
        &ScoringContext::of(&nameplate.asset),
        &nameplate.weights,
    );
    if readings == 0 {
        report.primary_concern = Some(format!("No readings for {asset_id} in the window"));
        report.recommendations = vec![format!(
            "Check that readings for {asset_id} are arriving (mep.rejected_readings holds any that were rejected)"
        )];
    } else if scored == 0 {
        report.primary_concern = Some(format!("{asset_id} was idle for the whole window"));
    }
    Window {
        nameplate,
        readings,
        scored,
        report,
    }
}

fn breakdown_json(report: &HealthReport) -> JsonB {
    JsonB(
        report
            .breakdown
            .iter()
            .map(|line| {
                json!({
                    "metric_name": line.metric.name(),
                    "raw_value": line.raw_value,
                    "unit": line.metric.unit(),
                    "normalized_score": line.normalized_score,
                    "weighted_contribution": line.weighted_contribution,
                    "weight": line.weight,
                    "effective_weight": line.effective_weight,
                    "status": line.status(),
                    "message": line.message,
                    "score_limit": line.score_limit,
                    "limits_overall": line.limits_overall,
                })
            })
            .collect(),
    )
}

/// The health of an asset over a time window, explained.
#[pg_extern(stable, name = "mep_health_score")]
fn mep_health_score_of_asset(
    asset_id: &str,
    window_start: default!(TimestampWithTimeZone, "now() - interval '24 hours'"),
    window_end: default!(TimestampWithTimeZone, "now()"),
    source: default!(&str, "'raw'"),
) -> TableIterator<
    'static,
    (
        name!(asset_id, String),
        name!(registered, bool),
        name!(window_start, TimestampWithTimeZone),
        name!(window_end, TimestampWithTimeZone),
        name!(readings, i64),
        name!(scored_readings, i64),
        name!(overall_score, Option<f64>),
        name!(weighted_score, Option<f64>),
        name!(category, Option<&'static str>),
        name!(primary_concern, Option<String>),
        name!(recommendations, Vec<String>),
        name!(limited_by, Option<&'static str>),
        name!(breakdown, JsonB),
    ),
> {
    let window = window_report(asset_id, window_start, window_end, source);
    let report = window.report;
    TableIterator::once((
        asset_id.to_string(),
        window.nameplate.registered,
        window_start,
        window_end,
        window.readings,
        window.scored,
        report.overall_score,
        report.weighted_score,
        report.category.map(Rating::name),
        report.primary_concern.clone(),
        report.recommendations.clone(),
        report.limited_by.map(HealthMetric::name),
        breakdown_json(&report),
    ))
}

/// One row per health metric of an asset over a time window: for Grafana tables.
#[pg_extern(stable)]
fn mep_health_breakdown(
    asset_id: &str,
    window_start: default!(TimestampWithTimeZone, "now() - interval '24 hours'"),
    window_end: default!(TimestampWithTimeZone, "now()"),
    source: default!(&str, "'raw'"),
) -> TableIterator<
    'static,
    (
        name!(metric_name, &'static str),
        name!(raw_value, Option<f64>),
        name!(unit, &'static str),
        name!(normalized_score, Option<f64>),
        name!(weighted_contribution, Option<f64>),
        name!(weight, f64),
        name!(effective_weight, f64),
        name!(status, &'static str),
        name!(message, String),
        name!(score_limit, Option<f64>),
        name!(limits_overall, bool),
    ),
> {
    let report = window_report(asset_id, window_start, window_end, source).report;
    TableIterator::new(report.breakdown.into_iter().map(|line| {
        (
            line.metric.name(),
            line.raw_value,
            line.metric.unit(),
            line.normalized_score,
            line.weighted_contribution,
            line.weight,
            line.effective_weight,
            line.status(),
            line.message,
            line.score_limit,
            line.limits_overall,
        )
    }))
}

type BandRow = (&'static str, &'static str, &'static str, f64, f64, f64, f64);

/// Each health metric's band boundaries for an asset class, for dashboard thresholds.
#[pg_extern(immutable, parallel_safe)]
fn mep_rating_bands(
    design_delta_t: default!(f64, 5.6),
    machine_group: default!(&str, "'group2'"),
    foundation: default!(&str, "'rigid'"),
) -> TableIterator<
    'static,
    (
        name!(metric_name, &'static str),
        name!(unit, &'static str),
        name!(better, &'static str),
        name!(excellent_good, f64),
        name!(good_fair, f64),
        name!(fair_poor, f64),
        name!(poor_critical, f64),
    ),
> {
    TableIterator::new(band_rows(&scoring_context(
        design_delta_t,
        machine_group,
        foundation,
    )))
}

/// The band boundaries one asset is scored against: its nameplate from `mep.assets`, with
/// the documented defaults for what is not on record (or for an asset not registered).
#[pg_extern(stable, parallel_safe)]
fn mep_asset_rating_bands(
    asset_id: &str,
) -> TableIterator<
    'static,
    (
        name!(metric_name, &'static str),
        name!(unit, &'static str),
        name!(better, &'static str),
        name!(excellent_good, f64),
        name!(good_fair, f64),
        name!(fair_poor, f64),
        name!(poor_critical, f64),
    ),
> {
    let nameplate = assets::lookup(asset_id).unwrap_or_else(Nameplate::unregistered);
    TableIterator::new(band_rows(&ScoringContext::of(&nameplate.asset)))
}

fn band_rows(context: &ScoringContext) -> [BandRow; 5] {
    HealthMetric::ALL.map(|metric| {
        let (b, scale) = match metric {
            HealthMetric::VibrationRms => (bands::vibration(context.zones), 1.0),
            HealthMetric::CondenserApproach => (bands::CONDENSER_APPROACH, 1.0),
            HealthMetric::PhaseImbalance => (bands::PHASE_IMBALANCE, 1.0),
            HealthMetric::KwPerTon => (bands::KW_PER_TON, 1.0),
            HealthMetric::DeltaT => (bands::DELTA_T_FRACTION, context.design_delta_t),
        };
        let better = match b.better {
            bands::Better::Lower => "lower",
            bands::Better::Higher => "higher",
        };
        let [a, c, d, e] = b.boundaries.map(|x| x * scale);
        (metric.name(), metric.unit(), better, a, c, d, e)
    })
}
