use super::*;
use crate::asset::{ChillerType, Foundation, MachineGroup};
use crate::health::{health_report, overall_score, HealthInputs, ScoringContext, Weights};
use crate::metrics::DerivedMetrics;
use crate::reading::{Measurements, MICROS_PER_HOUR};
use crate::units::tons_to_kw;
use crate::validation::{validate, RunState, Status, ValidationOptions};
use approx::assert_relative_eq;
use proptest::prelude::*;

fn run(scenario: Scenario, days: i64) -> Vec<(UnixMicros, Measurements)> {
    ScenarioSpec::new(scenario, Asset::unregistered_default())
        .with_duration(days * MICROS_PER_DAY)
        .generate()
        .unwrap()
        .collect()
}

fn metrics(values: &Measurements) -> DerivedMetrics {
    DerivedMetrics::compute(values, &Asset::unregistered_default())
}

/// Mean of `f` over the readings whose progress lies in [from, to).
fn mean_over(
    readings: &[(UnixMicros, Measurements)],
    from: f64,
    to: f64,
    f: impl Fn(&Measurements) -> f64,
) -> f64 {
    let n = readings.len() as f64;
    let picked: Vec<f64> = readings
        .iter()
        .enumerate()
        .filter(|(i, _)| (*i as f64 / n) >= from && (*i as f64 / n) < to)
        .map(|(_, (_, m))| f(m))
        .collect();
    picked.iter().sum::<f64>() / picked.len() as f64
}

fn approach(m: &Measurements) -> f64 {
    metrics(m).condenser_approach.unwrap()
}
fn evap_approach(m: &Measurements) -> f64 {
    metrics(m).evaporator_approach.unwrap()
}
fn kw_per_ton(m: &Measurements) -> f64 {
    metrics(m).kw_per_ton.unwrap()
}
fn imbalance(m: &Measurements) -> f64 {
    metrics(m).phase_imbalance.unwrap()
}
fn vibration(m: &Measurements) -> f64 {
    m.vibration_rms.unwrap()
}

#[test]
fn counts_times_and_defaults() {
    let spec = ScenarioSpec::new(Scenario::Healthy, Asset::unregistered_default());
    assert_eq!(spec.reading_count(), Ok(8_640)); // 30 days at 5 minutes
    let readings: Vec<_> = spec
        .with_duration(MICROS_PER_HOUR)
        .generate()
        .unwrap()
        .collect();
    assert_eq!(readings.len(), 12);
    assert_eq!(readings[0].0, DEFAULT_START);
    assert_eq!(readings[11].0 - readings[10].0, DEFAULT_STEP);
    for scenario in Scenario::ALL {
        assert_eq!(scenario.name().parse::<Scenario>(), Ok(scenario));
    }
    assert_eq!(
        "tube-fouling".parse::<Scenario>(),
        Ok(Scenario::TubeFouling)
    );
    assert!("meltdown"
        .parse::<Scenario>()
        .unwrap_err()
        .to_string()
        .contains("tube_fouling"));
    assert_eq!(
        Scenario::ALL.map(Scenario::default_duration_days),
        [30, 60, 45, 30, 14, 7]
    );
}

#[test]
fn bad_specs_are_refused() {
    let spec = ScenarioSpec::new(Scenario::Healthy, Asset::unregistered_default());
    assert_eq!(
        spec.clone().with_step(0).reading_count(),
        Err(SpecError::StepTooSmall(0))
    );
    assert_eq!(
        spec.clone().with_duration(-5).reading_count(),
        Err(SpecError::DurationNotPositive(-5))
    );
    assert!(matches!(
        spec.clone()
            .with_step(MIN_STEP)
            .with_duration(10_000 * MICROS_PER_DAY)
            .reading_count(),
        Err(SpecError::TooManyReadings(_))
    ));
    let mut bad_asset = Asset::unregistered_default();
    bad_asset.rated_capacity_kw = f64::NAN;
    assert!(matches!(
        ScenarioSpec::new(Scenario::Healthy, bad_asset).generate(),
        Err(SpecError::Nameplate(_))
    ));
}

#[test]
fn the_generator_is_deterministic_per_seed() {
    let spec = ScenarioSpec::new(Scenario::BearingWear, Asset::unregistered_default())
        .with_duration(2 * MICROS_PER_DAY);
    let a: Vec<_> = spec.clone().with_seed(7).generate().unwrap().collect();
    let b: Vec<_> = spec.clone().with_seed(7).generate().unwrap().collect();
    let c: Vec<_> = spec.with_seed(8).generate().unwrap().collect();
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn healthy_data_scores_above_90_and_moves_no_indicator() {
    let readings = run(Scenario::Healthy, 7);
    let first = |f: fn(&Measurements) -> f64| mean_over(&readings, 0.0, 0.15, f);
    let last = |f: fn(&Measurements) -> f64| mean_over(&readings, 0.85, 1.0, f);
    assert_relative_eq!(first(approach), 2.5, epsilon = 0.05);
    assert_relative_eq!(last(approach), 2.5, epsilon = 0.05);
    assert_relative_eq!(first(imbalance), last(imbalance), epsilon = 0.05);
    let context = ScoringContext::of(&Asset::unregistered_default());
    for (_, values) in &readings {
        let score = overall_score(
            &HealthInputs::of_reading(values, &metrics(values), RunState::Running),
            &context,
            &Weights::default(),
        )
        .unwrap();
        assert!(score > 88.0, "{score}");
    }
    let mean_score = mean_over(&readings, 0.0, 1.0, |values| {
        overall_score(
            &HealthInputs::of_reading(values, &metrics(values), RunState::Running),
            &context,
            &Weights::default(),
        )
        .unwrap()
    });
    assert!(mean_score > 90.0, "{mean_score}");
}

#[test]
fn tube_fouling_follows_the_timeline_and_only_moves_its_indicators() {
    let readings = run(Scenario::TubeFouling, 60);
    let around = |p: f64| mean_over(&readings, p - 0.005, p + 0.005, approach);
    assert_relative_eq!(around(1.0 / 12.0), 2.5, epsilon = 0.1);
    assert_relative_eq!(around(4.0 / 12.0), 3.8, epsilon = 0.1);
    assert_relative_eq!(around(8.0 / 12.0), 5.2, epsilon = 0.1);
    assert_relative_eq!(
        mean_over(&readings, 0.99, 1.0, approach),
        7.0,
        epsilon = 0.1
    );
    // Lift and kW/ton follow; vibration, imbalance and evaporator approach do not move.
    let kw_start = mean_over(&readings, 0.0, 0.1, kw_per_ton);
    let kw_end = mean_over(&readings, 0.9, 1.0, kw_per_ton);
    assert!(kw_end > kw_start * 1.08, "{kw_start} → {kw_end}");
    assert_relative_eq!(
        mean_over(&readings, 0.9, 1.0, vibration),
        mean_over(&readings, 0.0, 0.1, vibration),
        max_relative = 0.05
    );
    assert_relative_eq!(
        mean_over(&readings, 0.9, 1.0, imbalance),
        0.5,
        epsilon = 0.05
    );
    assert_relative_eq!(
        mean_over(&readings, 0.9, 1.0, evap_approach),
        1.5,
        epsilon = 0.05
    );
}

#[test]
fn a_short_fouling_run_ends_as_badly_as_a_long_one() {
    let short = run(Scenario::TubeFouling, 14);
    let long = run(Scenario::TubeFouling, 60);
    let end_short = mean_over(&short, 0.97, 1.0, approach);
    let end_long = mean_over(&long, 0.99, 1.0, approach);
    assert_relative_eq!(end_short, end_long, epsilon = 0.15);
}

#[test]
fn bearing_wear_accelerates_vibration_into_zone_d() {
    let readings = run(Scenario::BearingWear, 45);
    let zones = Asset::unregistered_default().vibration_zones();
    let q = |from: f64| mean_over(&readings, from, from + 0.05, vibration);
    assert!(q(0.95) > zones.cd, "{}", q(0.95));
    assert!(
        q(0.95) - q(0.7) > 3.0 * (q(0.25) - q(0.0)),
        "not accelerating"
    );
    assert_relative_eq!(
        mean_over(&readings, 0.9, 1.0, approach),
        2.5,
        epsilon = 0.05
    );
    assert_relative_eq!(
        mean_over(&readings, 0.9, 1.0, imbalance),
        0.5,
        epsilon = 0.05
    );
}

#[test]
fn refrigerant_leak_widens_evaporator_approach_cuts_capacity_and_costs_efficiency() {
    let readings = run(Scenario::RefrigerantLeak, 30);
    assert_relative_eq!(
        mean_over(&readings, 0.0, 0.05, evap_approach),
        1.5,
        epsilon = 0.05
    );
    assert!(mean_over(&readings, 0.95, 1.0, evap_approach) > 5.5);
    let kw_start = mean_over(&readings, 0.0, 0.1, kw_per_ton);
    let kw_end = mean_over(&readings, 0.9, 1.0, kw_per_ton);
    assert!(kw_end > kw_start * 1.08, "{kw_start} → {kw_end}");
    let peak_load = |from: f64, to: f64| {
        readings
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                (*i as f64 / readings.len() as f64) >= from
                    && (*i as f64 / readings.len() as f64) < to
            })
            .map(|(_, (_, m))| metrics(m).evaporator_load_kw.unwrap())
            .fold(0.0, f64::max)
    };
    assert!(peak_load(0.9, 1.0) < 0.85 * peak_load(0.0, 0.1));
    assert_relative_eq!(
        mean_over(&readings, 0.9, 1.0, approach),
        2.5,
        epsilon = 0.05
    );
    assert_relative_eq!(
        mean_over(&readings, 0.9, 1.0, imbalance),
        0.5,
        epsilon = 0.05
    );
}

#[test]
fn electrical_issue_raises_imbalance_only() {
    let readings = run(Scenario::ElectricalIssue, 14);
    assert_relative_eq!(
        mean_over(&readings, 0.0, 0.02, imbalance),
        0.5,
        epsilon = 0.1
    );
    assert_relative_eq!(
        mean_over(&readings, 0.98, 1.0, imbalance),
        8.0,
        epsilon = 0.3
    );
    assert_relative_eq!(
        mean_over(&readings, 0.9, 1.0, approach),
        2.5,
        epsilon = 0.05
    );
    assert_relative_eq!(
        mean_over(&readings, 0.9, 1.0, vibration),
        mean_over(&readings, 0.0, 0.1, vibration),
        max_relative = 0.05
    );
}

#[test]
fn misalignment_steps_vibration_up_at_restart() {
    let readings = run(Scenario::PostMaintenanceMisalignment, 7);
    let before = mean_over(&readings, 0.0, 0.09, vibration);
    let after = mean_over(&readings, 0.11, 0.2, vibration);
    assert!(after > 4.0 * before, "{before} → {after}");
    assert_relative_eq!(
        mean_over(&readings, 0.9, 1.0, imbalance),
        0.5,
        epsilon = 0.05
    );
}

#[test]
fn fault_readings_are_physically_consistent_never_rejected() {
    for scenario in Scenario::ALL {
        for (_, values) in run(scenario, scenario.default_duration_days()) {
            let verdict = validate(
                &values,
                &Asset::unregistered_default(),
                ValidationOptions::default(),
            );
            assert_ne!(
                verdict.status,
                Status::Rejected,
                "{scenario}: {:?}",
                verdict.findings
            );
        }
    }
}

#[test]
fn fouling_ends_with_a_critical_health_verdict_and_the_right_advice() {
    let readings = run(Scenario::TubeFouling, 14);
    let (_, last) = readings.last().unwrap();
    let report = health_report(
        &HealthInputs::of_reading(last, &metrics(last), RunState::Running),
        &ScoringContext::of(&Asset::unregistered_default()),
        &Weights::default(),
    );
    assert!(report.overall_score.unwrap() < 60.0);
    assert_eq!(
        report.primary_metric,
        Some(crate::health::HealthMetric::CondenserApproach)
    );
    assert!(report.recommendations[0].contains("condenser tubes"));
}

fn asset_strategy() -> impl Strategy<Value = Asset> {
    (
        75.0f64..2_500.0,
        prop::sample::select(ChillerType::ALL.to_vec()),
        prop::bool::ANY,
        prop::bool::ANY,
        4.0f64..8.0,
    )
        .prop_map(|(tons, chiller_type, group1, flexible, design_delta_t)| {
            let mut asset = Asset::new(tons_to_kw(tons), chiller_type);
            asset.machine_group = if group1 {
                MachineGroup::Group1
            } else {
                MachineGroup::Group2
            };
            asset.foundation = if flexible {
                Foundation::Flexible
            } else {
                Foundation::Rigid
            };
            asset.design_delta_t = design_delta_t;
            asset
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn healthy_data_always_passes_with_no_warnings(
        asset in asset_strategy(),
        seed in any::<u64>(),
        step_minutes in 1i64..60,
        start_day in 0i64..365,
    ) {
        let spec = ScenarioSpec::new(Scenario::Healthy, asset)
            .with_seed(seed)
            .with_step(step_minutes * crate::reading::MICROS_PER_MINUTE)
            .with_start(DEFAULT_START + start_day * MICROS_PER_DAY)
            .with_duration(3 * MICROS_PER_DAY);
        for (time, values) in spec.generate().unwrap() {
            let verdict = validate(&values, &asset, ValidationOptions { strict: true });
            prop_assert_eq!(verdict.status, Status::Accepted, "at {}: {:?}", time, verdict.findings);
        }
    }

    #[test]
    fn generation_is_deterministic_for_any_seed(seed in any::<u64>()) {
        let spec = ScenarioSpec::new(Scenario::ElectricalIssue, Asset::unregistered_default())
            .with_seed(seed)
            .with_duration(6 * MICROS_PER_HOUR);
        let a: Vec<_> = spec.generate().unwrap().collect();
        let b: Vec<_> = spec.generate().unwrap().collect();
        prop_assert_eq!(a, b);
    }
}
