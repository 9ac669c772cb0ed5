//! Generator throughput: readings per second on one core, per scenario, plus the cost of
//! validating and scoring what was generated. Run with `cargo bench -p mep-core`.
//! Prints figures; asserts nothing about time.

use std::hint::black_box;
use std::time::Instant;

use mep_core::health::{overall_score, HealthInputs, ScoringContext, Weights};
use mep_core::reading::MICROS_PER_MINUTE;
use mep_core::scenario::{Scenario, ScenarioSpec};
use mep_core::{validate, Asset, ValidationOptions};

const READINGS: i64 = 3_000_000;
const TARGET_PER_SECOND: f64 = 1_000_000.0;

fn spec(scenario: Scenario) -> ScenarioSpec {
    ScenarioSpec::new(scenario, Asset::unregistered_default())
        .with_step(MICROS_PER_MINUTE)
        .with_duration(READINGS * MICROS_PER_MINUTE)
}

fn rate(count: i64, started: Instant) -> f64 {
    count as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    println!(
        "mep-core generator benchmark: {READINGS} readings per scenario, one thread, release build"
    );
    println!("{:<32} {:>16} {:>8}", "scenario", "readings/s", "target");
    let mut slowest = f64::INFINITY;
    for scenario in Scenario::ALL {
        let generator = spec(scenario).generate().expect("valid spec");
        let started = Instant::now();
        let mut checksum = 0.0;
        for (_, values) in generator {
            checksum += values.power_kw.unwrap_or(0.0);
        }
        black_box(checksum);
        let per_second = rate(READINGS, started);
        slowest = slowest.min(per_second);
        let verdict = if per_second >= TARGET_PER_SECOND {
            "met"
        } else {
            "MISSED"
        };
        println!(
            "{:<32} {:>16.0} {:>8}",
            scenario.name(),
            per_second,
            verdict
        );
    }
    println!("slowest scenario: {slowest:.0} readings/s (target {TARGET_PER_SECOND:.0})");

    let asset = Asset::unregistered_default();
    let context = ScoringContext::of(&asset);
    let weights = Weights::default();
    let readings: Vec<_> = spec(Scenario::TubeFouling)
        .with_duration(1_000_000 * MICROS_PER_MINUTE)
        .generate()
        .unwrap()
        .collect();
    let started = Instant::now();
    let mut accepted = 0usize;
    for (_, values) in &readings {
        let verdict = validate(values, &asset, ValidationOptions::default());
        accepted += usize::from(verdict.is_valid());
        black_box(overall_score(
            &HealthInputs::of_reading(&verdict.clean, &verdict.metrics, verdict.run_state),
            &context,
            &weights,
        ));
    }
    println!(
        "validate + score: {:.0} readings/s ({accepted} of {} valid)",
        rate(readings.len() as i64, started),
        readings.len()
    );
}
