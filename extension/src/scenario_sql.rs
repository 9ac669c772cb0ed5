//! `mep_generate_scenario`: physically consistent readings of a healthy or failing
//! chiller, streamed, shaped for `INSERT INTO mep.sensor_data SELECT * FROM ...`.

use mep_core::scenario::{Scenario, ScenarioSpec};
use pgrx::prelude::*;

use crate::assets::{self, Nameplate};
use crate::convert;
use crate::errors::invalid_parameter;

/// Generates a scenario's readings for an asset (its registered nameplate, else the
/// defaults). `start` NULL ends the run at the current time; `duration` NULL uses the
/// scenario's default length. `window_start` / `window_end` return only the readings of
/// the run in [window_start, window_end): the same rows a full run has there, so a long
/// run can be loaded in pieces.
// SQL's named arguments with defaults are the interface here, not a Rust call site.
#[allow(clippy::too_many_arguments)]
#[pg_extern(stable)]
fn mep_generate_scenario(
    scenario: &str,
    asset_id: &str,
    start: default!(Option<TimestampWithTimeZone>, "NULL"),
    duration: default!(Option<Interval>, "NULL"),
    step: default!(Interval, "'5 minutes'"),
    seed: default!(i64, 42),
    window_start: default!(Option<TimestampWithTimeZone>, "NULL"),
    window_end: default!(Option<TimestampWithTimeZone>, "NULL"),
) -> TableIterator<
    'static,
    (
        name!(time, TimestampWithTimeZone),
        name!(asset_id, String),
        name!(chw_supply_temp, Option<f64>),
        name!(chw_return_temp, Option<f64>),
        name!(cdw_inlet_temp, Option<f64>),
        name!(cdw_outlet_temp, Option<f64>),
        name!(chw_flow, Option<f64>),
        name!(cdw_flow, Option<f64>),
        name!(power_kw, Option<f64>),
        name!(vibration_rms, Option<f64>),
        name!(current_a, Option<f64>),
        name!(current_b, Option<f64>),
        name!(current_c, Option<f64>),
        name!(cond_sat_temp, Option<f64>),
        name!(evap_sat_temp, Option<f64>),
    ),
> {
    let scenario = scenario
        .parse::<Scenario>()
        .unwrap_or_else(|e| invalid_parameter(format!("mep_generate_scenario: {e}")));
    if asset_id.trim().is_empty() {
        invalid_parameter("mep_generate_scenario: asset_id must not be empty".to_string());
    }
    let nameplate = assets::lookup(asset_id).unwrap_or_else(Nameplate::unregistered);
    let step = convert::interval_micros(step);
    let mut spec = ScenarioSpec::new(scenario, nameplate.asset)
        .with_step(step)
        .with_seed(seed as u64);
    if let Some(duration) = duration {
        spec = spec.with_duration(convert::interval_micros(duration));
    }
    let start = match start {
        Some(start) => convert::to_unix_micros(start),
        None => {
            let now = convert::to_unix_micros(unsafe {
                TimestampWithTimeZone::try_from(pg_sys::GetCurrentTransactionStartTimestamp())
                    .unwrap_or_else(|_| invalid_parameter("mep_generate_scenario: no current time"))
            });
            let aligned_end = if step > 0 {
                now - now.rem_euclid(step)
            } else {
                now
            };
            aligned_end - spec.effective_duration()
        }
    };
    let generator = spec
        .with_start(start)
        .generate()
        .unwrap_or_else(|e| invalid_parameter(format!("mep_generate_scenario: {e}")));
    let asset_id = asset_id.to_string();
    let from = window_start.map_or(i64::MIN, convert::to_unix_micros);
    let until = window_end.map_or(i64::MAX, convert::to_unix_micros);
    let in_window = generator
        .skip_while(move |(time, _)| *time < from)
        .take_while(move |(time, _)| *time < until);
    TableIterator::new(in_window.map(move |(time, values)| {
        let [a, b, c, d, e, f, g, h, i, j, k, l, m] = convert::values_of(&values);
        (
            convert::from_unix_micros(time),
            asset_id.clone(),
            a,
            b,
            c,
            d,
            e,
            f,
            g,
            h,
            i,
            j,
            k,
            l,
            m,
        )
    }))
}

/// The scenarios with their default length and key indicator.
#[pg_extern(immutable, parallel_safe)]
fn mep_scenarios() -> TableIterator<
    'static,
    (
        name!(scenario, &'static str),
        name!(default_days, i64),
        name!(key_indicator, &'static str),
    ),
> {
    TableIterator::new(
        Scenario::ALL
            .into_iter()
            .map(|s| (s.name(), s.default_duration_days(), s.key_indicator())),
    )
}
