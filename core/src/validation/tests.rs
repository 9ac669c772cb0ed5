use super::*;
use crate::asset::{ChillerType, Foundation, MachineGroup};
use crate::field::SENTINEL_VALUES;
use crate::metrics::FlowBasis;
use crate::units::tons_to_kw;
use proptest::prelude::*;

fn check(values: Measurements) -> Validation {
    validate(
        &values,
        &Asset::unregistered_default(),
        ValidationOptions::default(),
    )
}

fn check_with(values: Measurements, asset: &Asset) -> Validation {
    validate(&values, asset, ValidationOptions::default())
}

fn codes(v: &Validation) -> Vec<Code> {
    v.findings.iter().map(|f| f.code).collect()
}

/// A healthy, running 500-ton chiller: every field present, nothing to find.
fn running() -> Measurements {
    Measurements::default()
        .with(Field::ChwSupplyTemp, 6.7)
        .with(Field::ChwReturnTemp, 12.3)
        .with(Field::CdwInletTemp, 29.4)
        .with(Field::CdwOutletTemp, 34.8)
        .with(Field::ChwFlow, 60.0)
        .with(Field::CdwFlow, 72.0)
        .with(Field::PowerKw, 210.0)
        .with(Field::VibrationRms, 0.9)
        .with(Field::CurrentA, 300.0)
        .with(Field::CurrentB, 298.0)
        .with(Field::CurrentC, 299.0)
        .with(Field::CondSatTemp, 37.3)
        .with(Field::EvapSatTemp, 5.2)
}

fn registered_with_design_flow() -> Asset {
    let mut asset = Asset::new(tons_to_kw(500.0), ChillerType::Centrifugal);
    asset.design_chw_flow = Some(75.0);
    asset.design_cdw_flow = Some(90.0);
    asset
}

#[test]
fn a_healthy_running_reading_is_accepted_with_metrics() {
    let v = check(running());
    assert_eq!(v.status, Status::Accepted, "{:?}", v.findings);
    assert!(v.is_valid());
    assert_eq!(v.run_state, RunState::Running);
    assert!(v.metrics.kw_per_ton.is_some());
    assert_eq!(v.clean, running());
}

#[test]
fn the_original_example_is_rejected_with_its_reason_and_recommendation() {
    let v = check(
        Measurements::default()
            .with(Field::ChwSupplyTemp, 12.0)
            .with(Field::ChwReturnTemp, 6.0),
    );
    assert_eq!(v.status, Status::Rejected);
    assert_eq!(v.run_state, RunState::Unknown);
    let finding = v.deciding_finding().unwrap();
    assert_eq!(finding.code, Code::ChwReturnBelowSupply);
    assert!(finding
        .message
        .starts_with("Chilled water return must be warmer than supply"));
    assert_eq!(
        finding.recommendation,
        "Check sensor wiring - supply and return may be swapped"
    );
    assert!(
        finding.fields.contains(Field::ChwSupplyTemp)
            && finding.fields.contains(Field::ChwReturnTemp)
    );
}

#[test]
fn an_empty_reading_is_accepted_with_nothing_measured() {
    let v = check(Measurements::default());
    assert_eq!(v.status, Status::Accepted);
    assert_eq!(v.metrics, DerivedMetrics::default());
}

#[test]
fn non_finite_values_are_rejected_naming_the_field() {
    for (value, word) in [
        (f64::NAN, "NaN"),
        (f64::INFINITY, "+Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
    ] {
        for field in Field::ALL {
            let mut values = running();
            values.set(field, Some(value));
            let v = check(values);
            assert_eq!(v.status, Status::Rejected);
            let finding = v
                .findings
                .iter()
                .find(|f| f.code == Code::NonFiniteValue)
                .unwrap();
            assert!(finding.fields.contains(field));
            assert_eq!(finding.message, format!("{field} is {word}, not a number"));
            assert_eq!(
                v.clean.get(field),
                None,
                "a bad value never reaches the metrics"
            );
        }
    }
}

#[test]
fn sentinels_are_rejected_as_markers() {
    for sentinel in SENTINEL_VALUES {
        let mut values = running();
        values.power_kw = Some(sentinel);
        let v = check(values);
        assert_eq!(codes(&v)[0], Code::SentinelValue, "{sentinel}");
    }
    let v = check(Measurements::default().with(Field::ChwSupplyTemp, -99.4));
    assert_eq!(
        v.findings[0].message,
        "chw_supply_temp = -99.4 is a 'no value' marker, not a measurement"
    );
}

#[test]
fn absurd_magnitudes_are_rejected_at_one_million() {
    let v = check(Measurements::default().with(Field::PowerKw, 4.1e13));
    assert_eq!(codes(&v), vec![Code::AbsurdMagnitude]);
    assert!(v.findings[0].message.contains("4.1e13"));
    let v = check(Measurements::default().with(Field::ChwSupplyTemp, 5.8e30));
    assert_eq!(codes(&v), vec![Code::AbsurdMagnitude]);
    let v = check(Measurements::default().with(Field::CurrentA, -1.0e6));
    assert_eq!(codes(&v), vec![Code::AbsurdMagnitude]);
    // Just below: out of range, not absurd.
    let v = check(Measurements::default().with(Field::PowerKw, 999_999.0));
    assert_eq!(codes(&v), vec![Code::OutOfRange]);
}

#[test]
fn negative_power_vibration_currents_and_flows_are_rejected() {
    for field in [
        Field::PowerKw,
        Field::VibrationRms,
        Field::CurrentA,
        Field::CurrentB,
        Field::CurrentC,
        Field::ChwFlow,
        Field::CdwFlow,
    ] {
        let v = check(Measurements::default().with(field, -0.01));
        assert_eq!(codes(&v), vec![Code::NegativeValue], "{field}");
        let v = check(Measurements::default().with(field, 0.0));
        assert_eq!(v.status, Status::Accepted, "{field} = 0 is fine");
    }
    // A negative temperature is fine (glycol loops, winter condenser water is bounded at 0).
    let v = check(Measurements::default().with(Field::ChwSupplyTemp, -5.0));
    assert_eq!(v.status, Status::Accepted);
}

#[test]
fn ranges_are_inclusive_at_their_bounds() {
    for field in Field::ALL {
        let range = field.plausible_range();
        for inside in [range.min, range.max] {
            let v = check(Measurements::default().with(field, inside));
            assert!(
                v.findings
                    .iter()
                    .all(|f| !f.fields.contains(field) || f.severity == Severity::Warning),
                "{field} {inside}: {:?}",
                v.findings
            );
        }
        let below = range.min - 0.01;
        let v = check(Measurements::default().with(field, below));
        assert!(!v.is_valid(), "{field} {below}");
    }
}

#[test]
fn fahrenheit_looking_temperatures_get_the_hint() {
    let v = check(Measurements::default().with(Field::ChwSupplyTemp, 44.0));
    assert_eq!(codes(&v), vec![Code::LooksLikeFahrenheit]);
    assert_eq!(
        v.findings[0].message,
        "chw_supply_temp = 44 °C is not plausible; it looks like a °F value (6.667 °C)"
    );
    assert!(v.findings[0].recommendation.contains("--units ip"));
    let v = check(Measurements::default().with(Field::CdwInletTemp, 85.0));
    assert_eq!(codes(&v), vec![Code::LooksLikeFahrenheit]);
    // Boundary: 40.0 °C chilled water is in range; 110.01 is neither °C nor °F.
    assert_eq!(
        check(Measurements::default().with(Field::ChwReturnTemp, 40.0)).status,
        Status::Accepted
    );
    let v = check(Measurements::default().with(Field::ChwReturnTemp, 110.01));
    assert_eq!(codes(&v), vec![Code::OutOfRange]);
}

#[test]
fn gpm_looking_flows_get_the_hint() {
    // 1 500 L/s is the absolute limit; 4 000 "L/s" is 252 L/s if it was gpm.
    let v = check(Measurements::default().with(Field::ChwFlow, 4_000.0));
    assert_eq!(codes(&v), vec![Code::LooksLikeGpm]);
    // With a design flow of 75 L/s: 1 190 gpm (= 75 L/s) is caught well below 1 500.
    let asset = registered_with_design_flow();
    let v = check_with(
        Measurements::default().with(Field::ChwFlow, 1_190.0),
        &asset,
    );
    assert_eq!(codes(&v), vec![Code::LooksLikeGpm]);
    // Exactly four times design is allowed; beyond it, not gpm-like either → out of range.
    assert_eq!(
        check_with(Measurements::default().with(Field::ChwFlow, 300.0), &asset).status,
        Status::Accepted
    );
    let v = check_with(Measurements::default().with(Field::ChwFlow, 300.1), &asset);
    assert_eq!(codes(&v), vec![Code::LooksLikeGpm]);
    let v = check_with(
        Measurements::default().with(Field::ChwFlow, 20_000.0),
        &asset,
    );
    assert_eq!(codes(&v), vec![Code::OutOfRange]);
    assert!(v.findings[0].message.contains("design flow of 75 L/s"));
}

#[test]
fn run_state_comes_from_power_then_flow() {
    let default = Asset::unregistered_default();
    // 3 % of 280 kW = 8.4 kW.
    assert_eq!(
        check(Measurements::default().with(Field::PowerKw, 8.4)).run_state,
        RunState::Idle
    );
    assert_eq!(
        check(Measurements::default().with(Field::PowerKw, 8.41)).run_state,
        RunState::Running
    );
    assert_eq!(
        check(Measurements::default().with(Field::ChwFlow, 0.49)).run_state,
        RunState::Idle
    );
    assert_eq!(
        check(Measurements::default().with(Field::ChwFlow, 0.5)).run_state,
        RunState::Unknown
    );
    let asset = registered_with_design_flow();
    assert_eq!(
        check_with(Measurements::default().with(Field::ChwFlow, 7.49), &asset).run_state,
        RunState::Idle
    );
    assert_eq!(
        check_with(Measurements::default().with(Field::ChwFlow, 7.5), &asset).run_state,
        RunState::Unknown
    );
    // Power decides over flow.
    let v = check_with(
        Measurements::default()
            .with(Field::PowerKw, 0.0)
            .with(Field::ChwFlow, 60.0),
        &default,
    );
    assert_eq!(v.run_state, RunState::Idle);
    // A rejected power reading does not decide anything.
    let v = check(
        Measurements::default()
            .with(Field::PowerKw, f64::NAN)
            .with(Field::ChwFlow, 0.1),
    );
    assert_eq!(v.run_state, RunState::Idle);
}

#[test]
fn directionality_does_not_apply_to_an_idle_machine() {
    let idle = Measurements::default()
        .with(Field::PowerKw, 0.0)
        .with(Field::ChwSupplyTemp, 12.0)
        .with(Field::ChwReturnTemp, 11.0)
        .with(Field::CdwInletTemp, 22.0)
        .with(Field::CdwOutletTemp, 21.0)
        .with(Field::CondSatTemp, 20.0)
        .with(Field::EvapSatTemp, 21.0);
    let v = check(idle);
    assert_eq!(v.run_state, RunState::Idle);
    assert_eq!(v.status, Status::Accepted, "{:?}", v.findings);
}

#[test]
fn chilled_water_direction_has_a_sensor_tolerance() {
    let at = |ret: f64| check(running().with(Field::ChwReturnTemp, ret));
    // Supply 6.7: return down to 6.55 passes (tolerance 0.15 K), below that is rejected.
    assert!(!at(6.55).has(Code::ChwReturnBelowSupply));
    assert!(at(6.54).has(Code::ChwReturnBelowSupply));
}

#[test]
fn condenser_direction_is_checked_while_running() {
    let v = check(
        running()
            .with(Field::CdwInletTemp, 35.0)
            .with(Field::CdwOutletTemp, 29.4),
    );
    assert!(v.has(Code::CdwOutletBelowInlet));
    let finding = v
        .findings
        .iter()
        .find(|f| f.code == Code::CdwOutletBelowInlet)
        .unwrap();
    assert!(finding.recommendation.contains("may be swapped"));
    // Outlet 34.8: inlet up to 34.95 is within the 0.15 K tolerance.
    assert!(!check(running().with(Field::CdwInletTemp, 34.94)).has(Code::CdwOutletBelowInlet));
    assert!(check(running().with(Field::CdwInletTemp, 34.96)).has(Code::CdwOutletBelowInlet));
}

#[test]
fn lift_must_be_positive() {
    let v = check(
        Measurements::default()
            .with(Field::ChwSupplyTemp, 20.0)
            .with(Field::CdwOutletTemp, 20.0),
    );
    assert_eq!(codes(&v), vec![Code::NoPositiveLift]);
    let v = check(
        Measurements::default()
            .with(Field::ChwSupplyTemp, 20.0)
            .with(Field::CdwOutletTemp, 20.01),
    );
    assert_eq!(v.status, Status::Accepted);
    let v = check(
        Measurements::default()
            .with(Field::CondSatTemp, 5.0)
            .with(Field::EvapSatTemp, 5.0),
    );
    assert_eq!(codes(&v), vec![Code::NoRefrigerantLift]);
    let v = check(
        Measurements::default()
            .with(Field::CondSatTemp, 5.01)
            .with(Field::EvapSatTemp, 5.0),
    );
    assert_eq!(v.status, Status::Accepted);
}

#[test]
fn refrigerant_temperatures_must_straddle_the_water() {
    // Evaporating above chilled water supply (+ tolerance) is impossible.
    assert!(check(running().with(Field::EvapSatTemp, 6.86)).has(Code::EvapSatAboveChwSupply));
    assert!(!check(running().with(Field::EvapSatTemp, 6.85)).has(Code::EvapSatAboveChwSupply));
    // Condensing below condenser water leaving (− tolerance) is impossible.
    assert!(check(running().with(Field::CondSatTemp, 34.64)).has(Code::CondSatBelowCdwOutlet));
    assert!(!check(running().with(Field::CondSatTemp, 34.65)).has(Code::CondSatBelowCdwOutlet));
}

#[test]
fn cop_above_carnot_is_rejected_with_measured_flow() {
    // Carnot for 6.7 → 34.8 °C is 279.85 / 28.1 = 9.96. Ten times the flow makes COP ≈ 67.
    let v = check(running().with(Field::ChwFlow, 600.0));
    assert!(v.has(Code::CopAboveCarnot), "{:?}", v.findings);
    assert_eq!(v.status, Status::Rejected);
    // Power 141 kW → COP = 60 × 4.19 × 5.6 / 141 = 9.99 > 9.96; 142 kW → 9.92 passes.
    assert!(check(running().with(Field::PowerKw, 141.0)).has(Code::CopAboveCarnot));
    assert!(!check(running().with(Field::PowerKw, 142.0)).has(Code::CopAboveCarnot));
}

#[test]
fn cop_above_carnot_with_design_flow_is_only_a_warning() {
    let mut asset = registered_with_design_flow();
    asset.design_chw_flow = Some(600.0);
    let mut values = running();
    values.chw_flow = None;
    let v = check_with(values, &asset);
    assert!(v.has(Code::CopAboveCarnotAtDesignFlow));
    assert!(!v.has(Code::CopAboveCarnot));
    assert_eq!(v.status, Status::Warning);
    assert_eq!(v.metrics.chw_flow_basis, Some(FlowBasis::DesignFlow));
}

#[test]
fn low_delta_t_warns_only_at_load() {
    // Design ΔT 5.6: critical below 2.8 K. At 210 kW (75 % of 280 kW rated input) → at load.
    let low = running()
        .with(Field::ChwReturnTemp, 6.7 + 2.79)
        .with(Field::ChwFlow, 120.0);
    let v = check(low);
    assert!(v.has(Code::LowDeltaT), "{:?}", v.findings);
    assert_eq!(v.status, Status::Warning);
    let v = check(
        running()
            .with(Field::ChwReturnTemp, 6.7 + 2.81)
            .with(Field::ChwFlow, 120.0),
    );
    assert!(!v.has(Code::LowDeltaT));
    // At light load (power 100 kW < 50 % of 280 kW) low ΔT is expected: no warning.
    let light = running()
        .with(Field::ChwReturnTemp, 6.7 + 2.0)
        .with(Field::PowerKw, 100.0)
        .with(Field::ChwFlow, 60.0);
    assert!(!check(light).has(Code::LowDeltaT));
}

#[test]
fn kw_per_ton_critical_band_warns_at_load() {
    // Load 60 × 4.19 × 5.6 = 1 407.8 kW = 400.3 t; 401 kW → 1.002 kW/ton.
    let v = check(running().with(Field::PowerKw, 401.0));
    assert!(v.has(Code::KwPerTonCritical), "{:?}", v.findings);
    assert!(!check(running().with(Field::PowerKw, 400.0)).has(Code::KwPerTonCritical));
}

#[test]
fn approach_imbalance_and_vibration_warnings_at_their_bands() {
    // Condenser approach: 6.0 is poor, above is critical.
    assert!(
        !check(running().with(Field::CondSatTemp, 34.8 + 6.0)).has(Code::CondenserApproachCritical)
    );
    assert!(
        check(running().with(Field::CondSatTemp, 34.8 + 6.01)).has(Code::CondenserApproachCritical)
    );
    // Evaporator approach above 5 K.
    assert!(!check(running().with(Field::EvapSatTemp, 1.7)).has(Code::EvaporatorApproachHigh));
    assert!(check(running().with(Field::EvapSatTemp, 1.69)).has(Code::EvaporatorApproachHigh));
    // Imbalance: 5 % exactly is the limit; mean 100, +5.01 → 5.01 %.
    let phases = |a: f64, b: f64, c: f64| {
        running()
            .with(Field::CurrentA, a)
            .with(Field::CurrentB, b)
            .with(Field::CurrentC, c)
    };
    assert!(!check(phases(105.0, 97.5, 97.5)).has(Code::PhaseImbalanceCritical));
    assert!(check(phases(105.01, 97.495, 97.495)).has(Code::PhaseImbalanceCritical));
    // Vibration zone D starts at the C/D boundary (4.5 mm/s for group 2 rigid).
    assert!(!check(running().with(Field::VibrationRms, 4.49)).has(Code::VibrationZoneD));
    assert!(check(running().with(Field::VibrationRms, 4.5)).has(Code::VibrationZoneD));
    let mut flexible_large = Asset::unregistered_default();
    flexible_large.machine_group = MachineGroup::Group1;
    flexible_large.foundation = Foundation::Flexible;
    assert!(
        !check_with(running().with(Field::VibrationRms, 10.9), &flexible_large)
            .has(Code::VibrationZoneD)
    );
}

#[test]
fn heat_balance_is_a_warning_never_a_reject() {
    // Condenser flow 40 L/s instead of ~72: the balance is far off.
    let v = check(running().with(Field::CdwFlow, 40.0));
    assert!(v.has(Code::HeatBalanceOutOfTolerance), "{:?}", v.findings);
    assert_eq!(v.status, Status::Warning);
    assert!(v.is_valid());
    // Without a measured condenser flow there is no balance to judge.
    let mut values = running();
    values.cdw_flow = None;
    assert!(!check(values).has(Code::HeatBalanceOutOfTolerance));
}

#[test]
fn heat_balance_tolerance_boundary() {
    // Load 1 407.84 kW (fraction 0.8004), power 210: tolerance = 0.105 − 0.056 + 0.15/(10.08·0.8004).
    let load = 60.0 * 4.19 * 5.6;
    let fraction = load / Asset::unregistered_default().rated_capacity_kw;
    let tolerance = crate::physics::ahri_heat_balance_tolerance(fraction, 5.6);
    let condenser_delta_t = 34.8 - 29.4;
    let flow_for = |balance: f64| (load + 210.0) / (1.0 + balance) / (4.16 * condenser_delta_t);
    assert!(
        !check(running().with(Field::CdwFlow, flow_for(tolerance * 0.99)))
            .has(Code::HeatBalanceOutOfTolerance)
    );
    assert!(
        check(running().with(Field::CdwFlow, flow_for(tolerance * 1.01)))
            .has(Code::HeatBalanceOutOfTolerance)
    );
    assert!(
        check(running().with(Field::CdwFlow, flow_for(-tolerance * 1.01)))
            .has(Code::HeatBalanceOutOfTolerance)
    );
}

#[test]
fn strict_mode_turns_warnings_into_rejections() {
    let values = running().with(Field::VibrationRms, 5.0);
    let lenient = validate(
        &values,
        &Asset::unregistered_default(),
        ValidationOptions { strict: false },
    );
    let strict = validate(
        &values,
        &Asset::unregistered_default(),
        ValidationOptions { strict: true },
    );
    assert_eq!(lenient.status, Status::Warning);
    assert_eq!(strict.status, Status::Rejected);
    assert_eq!(strict.findings[0].severity, Severity::Warning);
    // With no findings, strict mode accepts.
    assert_eq!(
        validate(
            &running(),
            &Asset::unregistered_default(),
            ValidationOptions { strict: true }
        )
        .status,
        Status::Accepted
    );
}

#[test]
fn a_warning_never_repeats_rejected_fields() {
    // Swapped supply and return at load: rejected, and not also "low ΔT".
    let v = check(
        running()
            .with(Field::ChwSupplyTemp, 12.3)
            .with(Field::ChwReturnTemp, 6.7),
    );
    assert_eq!(codes(&v), vec![Code::ChwReturnBelowSupply]);
    // A warning on other fields stays.
    let v = check(
        running()
            .with(Field::ChwSupplyTemp, 12.3)
            .with(Field::ChwReturnTemp, 6.7)
            .with(Field::VibrationRms, 5.0),
    );
    assert_eq!(
        codes(&v),
        vec![Code::ChwReturnBelowSupply, Code::VibrationZoneD]
    );
}

#[test]
fn rejects_come_before_warnings() {
    let values = running()
        .with(Field::VibrationRms, 5.0)
        .with(Field::ChwReturnTemp, 2.0);
    let v = check(values);
    assert_eq!(v.findings[0].severity, Severity::Reject);
    assert_eq!(v.findings.last().unwrap().severity, Severity::Warning);
}

#[test]
fn a_partial_reading_validates_what_it_has() {
    let v = check(
        Measurements::default()
            .with(Field::VibrationRms, 2.0)
            .with(Field::PowerKw, f64::NAN),
    );
    assert_eq!(codes(&v), vec![Code::NonFiniteValue]);
    assert_eq!(v.clean.vibration_rms, Some(2.0));
    let v = check(
        Measurements::default()
            .with(Field::CdwInletTemp, 30.0)
            .with(Field::CdwOutletTemp, 25.0),
    );
    assert_eq!(codes(&v), vec![Code::CdwOutletBelowInlet]);
}

#[test]
fn a_missing_asset_id_is_rejected() {
    let v = validate_reading(
        "  ",
        &running(),
        &Asset::unregistered_default(),
        ValidationOptions::default(),
    );
    assert_eq!(v.findings[0].code, Code::AssetIdMissing);
    assert_eq!(v.status, Status::Rejected);
    let v = validate_reading(
        "CH-001",
        &running(),
        &Asset::unregistered_default(),
        ValidationOptions::default(),
    );
    assert_eq!(v.status, Status::Accepted);
}

fn any_value() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        3 => Just(None),
        1 => Just(Some(f64::NAN)),
        1 => Just(Some(f64::INFINITY)),
        1 => Just(Some(f64::NEG_INFINITY)),
        1 => prop::sample::select(SENTINEL_VALUES.to_vec()).prop_map(Some),
        6 => (-100.0f64..2_000.0).prop_map(Some),
        1 => any::<f64>().prop_map(Some),
    ]
}

proptest! {
    #[test]
    fn any_combination_yields_a_verdict_and_finite_metrics(raw in prop::array::uniform13(any_value())) {
        let mut values = Measurements::default();
        for (field, value) in Field::ALL.into_iter().zip(raw) {
            values.set(field, value);
        }
        let v = check(values);
        for field in Field::ALL {
            if let Some(value) = values.get(field) {
                let rejected_field = v.findings.iter().any(|f| f.severity == Severity::Reject && f.fields.contains(field));
                if !value.is_finite() {
                    prop_assert!(rejected_field, "{} = {} passed", field, value);
                    prop_assert_eq!(v.clean.get(field), None);
                }
                prop_assert!(v.clean.get(field).is_none() || field.plausible_range().contains(value));
            }
        }
        let m = v.metrics;
        let all = [m.delta_t, m.cdw_delta_t, m.evaporator_load_kw, m.kw_per_ton, m.cop, m.condenser_approach,
                   m.evaporator_approach, m.phase_imbalance, m.condenser_heat_kw, m.heat_balance, m.carnot_cop, m.load_fraction];
        for x in all.into_iter().flatten() {
            prop_assert!(x.is_finite());
        }
        prop_assert_eq!(v.is_valid(), !v.findings.iter().any(|f| f.severity == Severity::Reject));
    }
}
