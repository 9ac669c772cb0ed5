use super::*;
use crate::asset::Asset;
use approx::assert_relative_eq;
use proptest::prelude::*;

fn context() -> ScoringContext {
    // Default nameplate: ISO group 2, rigid → zones 1.4 / 2.8 / 4.5 mm/s; design ΔT 5.6.
    ScoringContext::of(&Asset::unregistered_default())
}

fn healthy() -> HealthInputs {
    HealthInputs {
        vibration_rms: Some(0.7),
        condenser_approach: Some(2.5),
        phase_imbalance: Some(0.5),
        kw_per_ton: Some(0.55),
        delta_t: Some(5.6),
    }
}

#[test]
fn healthy_chiller_by_hand() {
    // 0.35·95 + 0.25·85 + 0.20·95 + 0.15·90 + 0.05·100 = 92.0
    let report = health_report(&healthy(), &context(), &Weights::default());
    assert_relative_eq!(report.overall_score.unwrap(), 92.0, epsilon = 1e-9);
    assert_eq!(report.category, Some(Rating::Excellent));
    assert_eq!(report.limited_by, None);
    assert_eq!(report.primary_metric, None);
    assert!(report.recommendations.is_empty());
    let approach = &report.breakdown[1];
    assert_eq!(approach.metric, HealthMetric::CondenserApproach);
    assert_relative_eq!(approach.normalized_score.unwrap(), 85.0, epsilon = 1e-9);
    assert_relative_eq!(
        approach.weighted_contribution.unwrap(),
        21.25,
        epsilon = 1e-9
    );
    assert_eq!(approach.status(), "good");
    assert_eq!(approach.message, "Good condenser heat transfer: 2.50 °C");
    let sum: f64 = report
        .breakdown
        .iter()
        .filter_map(|l| l.weighted_contribution)
        .sum();
    assert_relative_eq!(sum, report.weighted_score.unwrap(), epsilon = 1e-9);
}

#[test]
fn a_critical_metric_limits_the_overall_score_and_says_so() {
    let mut inputs = healthy();
    inputs.condenser_approach = Some(7.0);
    let report = health_report(&inputs, &context(), &Weights::default());
    // Weighted mean: 33.25 + 0.25·13.33 + 19 + 13.5 + 5 = 74.08, which would read "fair".
    assert_relative_eq!(report.weighted_score.unwrap(), 74.083_333, epsilon = 1e-5);
    assert_relative_eq!(
        report.overall_score.unwrap(),
        40.0 / 3.0 + 20.0,
        epsilon = 1e-9
    );
    assert_eq!(report.category, Some(Rating::Critical));
    assert_eq!(report.limited_by, Some(HealthMetric::CondenserApproach));
    assert_eq!(report.primary_metric, Some(HealthMetric::CondenserApproach));
    assert!(report.breakdown[1].limits_overall);
    assert!(!report.breakdown[0].limits_overall);
    assert_eq!(
        report.primary_concern.as_deref(),
        Some("Severe condenser fouling or non-condensables: 7.00 °C approach")
    );
    assert_eq!(
        report.recommendations,
        vec!["Clean condenser tubes now and check for non-condensables (purge unit)".to_string()]
    );
}

#[test]
fn the_limit_keeps_critical_at_poor_or_worse_and_poor_at_fair_or_worse() {
    let mut inputs = healthy();
    inputs.condenser_approach = Some(6.01); // just critical
    let overall = overall_score(&inputs, &context(), &Weights::default()).unwrap();
    assert!(overall < 60.0, "{overall}");
    inputs.condenser_approach = Some(4.5); // poor boundary, score 60
    let overall = overall_score(&inputs, &context(), &Weights::default()).unwrap();
    assert!(
        overall <= 80.0 && Rating::of_score(overall) == Rating::Fair,
        "{overall}"
    );
    inputs.condenser_approach = Some(3.5); // fair: no limit below the weighted mean
    let report = health_report(&inputs, &context(), &Weights::default());
    assert_eq!(report.limited_by, None);
    assert_eq!(report.primary_metric, Some(HealthMetric::CondenserApproach));
}

#[test]
fn missing_metrics_are_left_out_and_weights_renormalised() {
    let inputs = HealthInputs {
        vibration_rms: Some(0.7),
        condenser_approach: Some(2.5),
        ..HealthInputs::default()
    };
    let report = health_report(&inputs, &context(), &Weights::default());
    // (0.35·95 + 0.25·85) / 0.60 = 90.833
    assert_relative_eq!(report.overall_score.unwrap(), 54.5 / 0.6, epsilon = 1e-9);
    assert_relative_eq!(
        report.breakdown[0].effective_weight,
        0.35 / 0.6,
        epsilon = 1e-12
    );
    let kw = &report.breakdown[3];
    assert_eq!(kw.status(), "not_measured");
    assert_eq!(kw.weighted_contribution, None);
    assert!(kw.message.starts_with("Not measured"));
}

#[test]
fn non_finite_inputs_count_as_not_measured() {
    let mut inputs = healthy();
    inputs.vibration_rms = Some(f64::NAN);
    inputs.kw_per_ton = Some(f64::INFINITY);
    let report = health_report(&inputs, &context(), &Weights::default());
    assert_eq!(report.breakdown[0].status(), "not_measured");
    assert!(report.breakdown[0].message.contains("not a finite number"));
    assert_eq!(
        report.overall_score,
        overall_score(&inputs, &context(), &Weights::default())
    );
    assert!(report.overall_score.unwrap().is_finite());
}

#[test]
fn nothing_measured_means_no_score() {
    let report = health_report(&HealthInputs::default(), &context(), &Weights::default());
    assert_eq!(report.overall_score, None);
    assert_eq!(report.category, None);
    assert_eq!(
        overall_score(&HealthInputs::default(), &context(), &Weights::default()),
        None
    );
}

#[test]
fn custom_weights_are_checked_and_normalised() {
    let w = Weights::new([7.0, 5.0, 4.0, 3.0, 1.0]).unwrap();
    assert_relative_eq!(w.get(HealthMetric::VibrationRms), 0.35, epsilon = 1e-12);
    assert_relative_eq!(w.get(HealthMetric::DeltaT), 0.05, epsilon = 1e-12);
    assert_eq!(
        Weights::new([f64::NAN, 1.0, 1.0, 1.0, 1.0]),
        Err(WeightsError::NotFinite(HealthMetric::VibrationRms))
    );
    assert_eq!(
        Weights::new([1.0, -0.1, 1.0, 1.0, 1.0]),
        Err(WeightsError::Negative(
            HealthMetric::CondenserApproach,
            -0.1
        ))
    );
    assert_eq!(Weights::new([0.0; 5]), Err(WeightsError::AllZero));
}

#[test]
fn a_zero_weight_metric_neither_counts_nor_limits() {
    let weights = Weights::new([1.0, 0.0, 0.0, 0.0, 0.0]).unwrap();
    let mut inputs = healthy();
    inputs.condenser_approach = Some(9.0);
    let report = health_report(&inputs, &context(), &weights);
    assert_relative_eq!(report.overall_score.unwrap(), 95.0, epsilon = 1e-9);
    assert_eq!(report.limited_by, None);
    // Still reported and still recommended on: the user only chose not to weigh it.
    assert_eq!(report.breakdown[1].status(), "critical");
    assert_eq!(report.recommendations.len(), 1);
}

#[test]
fn delta_t_is_judged_against_the_design() {
    let inputs = HealthInputs {
        delta_t: Some(2.0),
        ..HealthInputs::default()
    };
    let mut context = context();
    let low = overall_score(&inputs, &context, &Weights::default()).unwrap();
    context.design_delta_t = 2.2;
    let fine = overall_score(&inputs, &context, &Weights::default()).unwrap();
    assert!(low < 40.0 && fine > 90.0, "{low} {fine}");
}

#[test]
fn vibration_message_names_the_zone() {
    let inputs = HealthInputs {
        vibration_rms: Some(5.0),
        ..HealthInputs::default()
    };
    let report = health_report(&inputs, &context(), &Weights::default());
    assert_eq!(
        report.breakdown[0].message,
        "Severe vibration: 5.00 mm/s RMS (ISO 10816-3 zone D, damage likely)"
    );
}

fn metric_value() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![Just(None), (0.0f64..15.0).prop_map(Some)]
}

fn inputs_strategy() -> impl Strategy<Value = HealthInputs> {
    (
        metric_value(),
        metric_value(),
        metric_value(),
        metric_value(),
        metric_value(),
    )
        .prop_map(
            |(vibration_rms, condenser_approach, phase_imbalance, kw_per_ton, delta_t)| {
                HealthInputs {
                    vibration_rms,
                    condenser_approach,
                    phase_imbalance,
                    kw_per_ton: kw_per_ton.map(|v| v / 5.0),
                    delta_t,
                }
            },
        )
}

fn weights_strategy() -> impl Strategy<Value = Weights> {
    prop::array::uniform5(0.0f64..1.0)
        .prop_filter("not all zero", |w| w.iter().sum::<f64>() > 0.0)
        .prop_map(|w| Weights::new(w).unwrap())
}

proptest! {
    #[test]
    fn scores_stay_within_0_and_100(inputs in inputs_strategy(), weights in weights_strategy()) {
        let report = health_report(&inputs, &context(), &weights);
        if let Some(score) = report.overall_score {
            prop_assert!((0.0..=100.0).contains(&score));
        }
        for line in &report.breakdown {
            if let Some(score) = line.normalized_score {
                prop_assert!((0.0..=100.0).contains(&score));
            }
        }
        prop_assert_eq!(report.overall_score, overall_score(&inputs, &context(), &weights));
    }

    #[test]
    fn overall_score_is_monotone_in_each_metric(
        inputs in inputs_strategy(),
        weights in weights_strategy(),
        metric_index in 0usize..5,
        a in 0.0f64..15.0,
        b in 0.0f64..15.0,
    ) {
        let metric = HealthMetric::ALL[metric_index];
        let (worse, better) = match metric {
            HealthMetric::DeltaT => (a.min(b), a.max(b)),
            _ => (a.max(b), a.min(b)),
        };
        let mut with_worse = inputs;
        with_worse.set(metric, Some(worse));
        let mut with_better = inputs;
        with_better.set(metric, Some(better));
        let worse_score = overall_score(&with_worse, &context(), &weights).unwrap_or(0.0);
        let better_score = overall_score(&with_better, &context(), &weights).unwrap_or(0.0);
        prop_assert!(worse_score <= better_score + 1e-9, "{} > {}", worse_score, better_score);
    }

    #[test]
    fn each_curve_is_continuous(metric_index in 0usize..5, value in 0.0f64..15.0) {
        let metric = HealthMetric::ALL[metric_index];
        let step = 1e-7;
        let jump = (context().score(metric, value) - context().score(metric, value + step)).abs();
        // The steepest segment falls 40 points over 0.15 units (kW/ton critical band).
        prop_assert!(jump < 1e-3, "{} jumps {} at {}", metric, jump, value);
    }
}
