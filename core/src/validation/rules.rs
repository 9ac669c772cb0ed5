//! The rules. Each threshold is a named constant with its reason.

use super::{Code, FieldSet, Finding, RunState};
use crate::asset::Asset;
use crate::bands;
use crate::field::{is_sentinel, Field, Quantity, ABSURD_MAGNITUDE};
use crate::metrics::{DerivedMetrics, FlowBasis};
use crate::physics;
use crate::reading::Measurements;
use crate::text::show;
use crate::units::{fahrenheit_to_celsius, gpm_to_lps, lps_to_gpm};

/// Allowance for sensor error in the directionality rules, K: IEC 60751 class A
/// platinum RTDs are accurate to ±(0.15 + 0.002·|t|) °C.
pub const SENSOR_TOLERANCE_K: f64 = 0.15;

/// Compressor power above this fraction of rated input power means running.
pub const RUNNING_POWER_FRACTION: f64 = 0.03;
/// ... and never below this many kW (control power of a stopped machine).
pub const MIN_RUNNING_POWER_KW: f64 = 1.0;
/// Without power: chilled-water flow below this fraction of design flow means idle.
pub const MIN_RUNNING_FLOW_FRACTION: f64 = 0.10;
/// ... or below this many L/s when no design flow is on record.
pub const MIN_RUNNING_FLOW_LPS: f64 = 0.5;

/// "At load": compressor power (else evaporator load) at least this fraction of rated.
/// Low ΔT and kW/ton are judged only at load: both degrade naturally at light load.
pub const AT_LOAD_FRACTION: f64 = 0.5;

/// A flow above this multiple of the asset's design flow is rejected: the pressure drop
/// would be sixteen times design (it grows with the square of flow).
pub const FLOW_DESIGN_MULTIPLE_MAX: f64 = 4.0;

/// Evaporator approach warning threshold, K. Not from a standard: flooded evaporators
/// are designed for 1–2 K, so 5 K is well past normal (typically low charge or fouling).
pub const EVAPORATOR_APPROACH_HIGH_K: f64 = 5.0;

/// The heat balance is judged only at or above this load fraction: the AHRI tolerance
/// grows without bound as load falls.
pub const HEAT_BALANCE_MIN_LOAD_FRACTION: f64 = 0.1;

fn finding(code: Code, fields: FieldSet, message: String, recommendation: &str) -> Finding {
    Finding {
        code,
        severity: code.severity(),
        fields,
        message,
        recommendation: recommendation.to_string(),
    }
}

/// Checks each field on its own; returns the values that passed.
pub(super) fn check_fields(
    values: &Measurements,
    asset: &Asset,
    findings: &mut Vec<Finding>,
) -> Measurements {
    let mut clean = Measurements::default();
    for field in Field::ALL {
        if let Some(value) = values.get(field) {
            match check_field(field, value, asset) {
                Some(problem) => findings.push(problem),
                None => clean.set(field, Some(value)),
            }
        }
    }
    clean
}

fn check_field(field: Field, value: f64, asset: &Asset) -> Option<Finding> {
    let fields = FieldSet::of(&[field]);
    let unit = field.unit();
    if !value.is_finite() {
        let what = if value.is_nan() {
            "NaN"
        } else if value > 0.0 {
            "+Infinity"
        } else {
            "-Infinity"
        };
        return Some(finding(
            Code::NonFiniteValue,
            fields,
            format!("{field} is {what}, not a number"),
            "Check the sensor and the export: a failed sensor or a division by zero upstream produces non-numbers",
        ));
    }
    if is_sentinel(value) {
        return Some(finding(
            Code::SentinelValue,
            fields,
            format!(
                "{field} = {} is a 'no value' marker, not a measurement",
                show(value)
            ),
            "Export missing values as empty (NULL) instead of a fill value",
        ));
    }
    if value.abs() >= ABSURD_MAGNITUDE {
        return Some(finding(
            Code::AbsurdMagnitude,
            fields,
            format!("{field} = {} {unit} is not a physical value", show(value)),
            "Check the point's scaling and data type in the BMS export (a raw register or a corrupt float)",
        ));
    }
    let quantity = field.quantity();
    if quantity.is_non_negative() && value < 0.0 {
        return Some(finding(
            Code::NegativeValue,
            fields,
            format!("{field} = {} {unit} cannot be negative", show(value)),
            negative_value_advice(quantity),
        ));
    }
    if quantity == Quantity::Flow {
        if let Some(problem) = check_flow_against_design(field, value, asset) {
            return Some(problem);
        }
    }
    let range = field.plausible_range();
    if range.contains(value) {
        return None;
    }
    if let Some(fahrenheit) = field.fahrenheit_range() {
        if fahrenheit.contains(value) {
            return Some(finding(
                Code::LooksLikeFahrenheit,
                fields,
                format!(
                    "{field} = {} °C is not plausible; it looks like a °F value ({} °C)",
                    show(value),
                    show(fahrenheit_to_celsius(value))
                ),
                "Convert °F to °C at the source, or load the file with --units ip",
            ));
        }
    }
    if quantity == Quantity::Flow && range.contains(gpm_to_lps(value)) {
        return Some(looks_like_gpm(field, value));
    }
    Some(finding(
        Code::OutOfRange,
        fields,
        format!(
            "{field} = {} {unit} is outside the plausible range {} to {} {unit}",
            show(value),
            show(range.min),
            show(range.max)
        ),
        "Check the sensor, its calibration and the point's scaling in the BMS",
    ))
}

fn negative_value_advice(quantity: Quantity) -> &'static str {
    match quantity {
        Quantity::Power => "Check the power meter's CT orientation and scaling",
        Quantity::Vibration => "Check the vibration transmitter's 4-20 mA scaling",
        Quantity::Current => "Check the current transformer's polarity and the meter's scaling",
        Quantity::Flow => "Check the flow meter's direction setting and zero calibration",
        Quantity::Temperature => "Check the sensor",
    }
}

fn looks_like_gpm(field: Field, value: f64) -> Finding {
    finding(
        Code::LooksLikeGpm,
        FieldSet::of(&[field]),
        format!(
            "{field} = {} L/s is not plausible; it looks like a US gpm value ({} L/s)",
            show(value),
            show(gpm_to_lps(value))
        ),
        "Convert US gpm to L/s at the source (× 0.0630902), or load the file with --units ip",
    )
}

fn check_flow_against_design(field: Field, value: f64, asset: &Asset) -> Option<Finding> {
    let design = match field {
        Field::ChwFlow => asset.design_chw_flow,
        Field::CdwFlow => asset.design_cdw_flow,
        _ => None,
    }?;
    if value <= FLOW_DESIGN_MULTIPLE_MAX * design {
        return None;
    }
    let as_lps = gpm_to_lps(value);
    if as_lps <= FLOW_DESIGN_MULTIPLE_MAX * design {
        return Some(looks_like_gpm(field, value));
    }
    Some(finding(
        Code::OutOfRange,
        FieldSet::of(&[field]),
        format!(
            "{field} = {} L/s is more than {} times the design flow of {} L/s ({} gpm)",
            show(value),
            show(FLOW_DESIGN_MULTIPLE_MAX),
            show(design),
            show(lps_to_gpm(design))
        ),
        "Check the flow meter's scaling, and the asset's design flow in mep.assets",
    ))
}

/// Decides whether the machine runs: power first, then chilled-water flow.
pub(super) fn run_state(clean: &Measurements, asset: &Asset) -> RunState {
    if let Some(power) = clean.power_kw {
        let threshold = (RUNNING_POWER_FRACTION * asset.rated_input_kw()).max(MIN_RUNNING_POWER_KW);
        return if power > threshold {
            RunState::Running
        } else {
            RunState::Idle
        };
    }
    if let Some(flow) = clean.chw_flow {
        let threshold = asset
            .design_chw_flow
            .map_or(MIN_RUNNING_FLOW_LPS, |design| {
                MIN_RUNNING_FLOW_FRACTION * design
            });
        if flow < threshold {
            return RunState::Idle;
        }
    }
    RunState::Unknown
}

/// Heat must flow the right way while the machine runs.
pub(super) fn check_directions(clean: &Measurements, findings: &mut Vec<Finding>) {
    use Field::*;
    if let (Some(supply), Some(ret)) = (clean.chw_supply_temp, clean.chw_return_temp) {
        if ret < supply - SENSOR_TOLERANCE_K {
            findings.push(finding(
                Code::ChwReturnBelowSupply,
                FieldSet::of(&[ChwSupplyTemp, ChwReturnTemp]),
                format!(
                    "Chilled water return must be warmer than supply (return {} °C, supply {} °C)",
                    show(ret),
                    show(supply)
                ),
                "Check sensor wiring - supply and return may be swapped",
            ));
        }
    }
    if let (Some(inlet), Some(outlet)) = (clean.cdw_inlet_temp, clean.cdw_outlet_temp) {
        if outlet < inlet - SENSOR_TOLERANCE_K {
            findings.push(finding(
                Code::CdwOutletBelowInlet,
                FieldSet::of(&[CdwInletTemp, CdwOutletTemp]),
                format!(
                    "Condenser water leaving must be warmer than entering (leaving {} °C, entering {} °C)",
                    show(outlet),
                    show(inlet)
                ),
                "Check sensor wiring - condenser entering and leaving may be swapped",
            ));
        }
    }
    if let (Some(supply), Some(outlet)) = (clean.chw_supply_temp, clean.cdw_outlet_temp) {
        if outlet <= supply {
            findings.push(finding(
                Code::NoPositiveLift,
                FieldSet::of(&[ChwSupplyTemp, CdwOutletTemp]),
                format!(
                    "Condenser water leaving ({} °C) must be warmer than chilled water supply ({} °C) while running",
                    show(outlet),
                    show(supply)
                ),
                "Check sensor wiring - chilled-water and condenser-water sensors may be swapped",
            ));
        }
    }
    if let (Some(cond), Some(evap)) = (clean.cond_sat_temp, clean.evap_sat_temp) {
        if cond <= evap {
            findings.push(finding(
                Code::NoRefrigerantLift,
                FieldSet::of(&[CondSatTemp, EvapSatTemp]),
                format!(
                    "Condensing temperature ({} °C) must be above evaporating temperature ({} °C) while running",
                    show(cond),
                    show(evap)
                ),
                "Check the refrigerant pressure transducers - condenser and evaporator may be swapped",
            ));
        }
    }
    if let (Some(supply), Some(evap)) = (clean.chw_supply_temp, clean.evap_sat_temp) {
        if evap > supply + SENSOR_TOLERANCE_K {
            findings.push(finding(
                Code::EvapSatAboveChwSupply,
                FieldSet::of(&[ChwSupplyTemp, EvapSatTemp]),
                format!(
                    "Evaporating temperature ({} °C) must be below chilled water supply ({} °C)",
                    show(evap),
                    show(supply)
                ),
                "Check the evaporator pressure transducer and the refrigerant used to convert it to temperature",
            ));
        }
    }
    if let (Some(cond), Some(outlet)) = (clean.cond_sat_temp, clean.cdw_outlet_temp) {
        if cond < outlet - SENSOR_TOLERANCE_K {
            findings.push(finding(
                Code::CondSatBelowCdwOutlet,
                FieldSet::of(&[CondSatTemp, CdwOutletTemp]),
                format!(
                    "Condensing temperature ({} °C) must be above condenser water leaving ({} °C)",
                    show(cond),
                    show(outlet)
                ),
                "Check the condenser pressure transducer and the refrigerant used to convert it to temperature",
            ));
        }
    }
}

/// No chiller beats Carnot.
pub(super) fn check_second_law(metrics: &DerivedMetrics, findings: &mut Vec<Finding>) {
    let (Some(cop), Some(carnot)) = (metrics.cop, metrics.carnot_cop) else {
        return;
    };
    if cop <= carnot {
        return;
    }
    use Field::*;
    let fields = FieldSet::of(&[
        ChwSupplyTemp,
        ChwReturnTemp,
        CdwOutletTemp,
        ChwFlow,
        PowerKw,
    ]);
    let message = format!(
        "Measured COP {} exceeds the Carnot limit {} for these water temperatures",
        show(cop),
        show(carnot)
    );
    if metrics.chw_flow_basis == Some(FlowBasis::DesignFlow) {
        findings.push(finding(
            Code::CopAboveCarnotAtDesignFlow,
            fields,
            message + " (computed with the assumed design flow)",
            "The chilled-water flow is below design: measure it, or correct the design flow in mep.assets",
        ));
    } else {
        findings.push(finding(
            Code::CopAboveCarnot,
            fields,
            message,
            "A meter is wrong: check the chilled-water flow meter, the power meter's CT ratio and the temperature sensors",
        ));
    }
}

fn at_load(clean: &Measurements, metrics: &DerivedMetrics, asset: &Asset) -> bool {
    match clean.power_kw {
        Some(power) => power >= AT_LOAD_FRACTION * asset.rated_input_kw(),
        None => metrics.load_fraction.is_some_and(|l| l >= AT_LOAD_FRACTION),
    }
}

/// Suspicious but possible conditions: flagged, never rejected (except in strict mode).
pub(super) fn check_warnings(
    clean: &Measurements,
    metrics: &DerivedMetrics,
    asset: &Asset,
    run_state: RunState,
    findings: &mut Vec<Finding>,
) {
    use Field::*;
    if let Some(vibration) = clean.vibration_rms {
        let zones = asset.vibration_zones();
        if vibration >= zones.cd {
            findings.push(finding(
                Code::VibrationZoneD,
                FieldSet::of(&[VibrationRms]),
                format!(
                    "Vibration {} mm/s RMS is in ISO 10816-3 zone D (at or above {} mm/s for a {} machine on a {} foundation)",
                    show(vibration),
                    show(zones.cd),
                    asset.machine_group,
                    asset.foundation
                ),
                "Inspect bearings and shaft alignment before continued operation",
            ));
        }
    }
    if let Some(imbalance) = metrics.phase_imbalance {
        if bands::PHASE_IMBALANCE.is_critical(imbalance) {
            findings.push(finding(
                Code::PhaseImbalanceCritical,
                FieldSet::of(&[CurrentA, CurrentB, CurrentC]),
                format!("Phase current imbalance {} % is above NEMA MG-1's 5 % limit", show2(imbalance)),
                "Check supply voltage balance, motor terminals and contactors for a loose or failing connection",
            ));
        }
    }
    if run_state != RunState::Running {
        return;
    }
    let loaded = at_load(clean, metrics, asset);
    if let (true, Some(delta_t)) = (loaded, metrics.delta_t) {
        let fraction = delta_t / asset.design_delta_t;
        if bands::DELTA_T_FRACTION.is_critical(fraction) {
            findings.push(finding(
                Code::LowDeltaT,
                FieldSet::of(&[ChwSupplyTemp, ChwReturnTemp]),
                format!(
                    "Chilled-water ΔT {} °C at load is {:.0} % of the design {} °C",
                    show2(delta_t),
                    100.0 * fraction,
                    show(asset.design_delta_t)
                ),
                "Low ΔT syndrome: check for an open bypass, three-way valves and fouled coils",
            ));
        }
    }
    if let (true, Some(kw_per_ton)) = (loaded, metrics.kw_per_ton) {
        if bands::KW_PER_TON.is_critical(kw_per_ton) {
            findings.push(finding(
                Code::KwPerTonCritical,
                FieldSet::of(&[PowerKw, ChwFlow, ChwSupplyTemp, ChwReturnTemp]),
                format!("Efficiency {} kW/ton at load is in the critical band (above 1.00)", show2(kw_per_ton)),
                "Investigate efficiency loss: condenser fouling, refrigerant charge and non-condensables",
            ));
        }
    }
    if let Some(approach) = metrics.condenser_approach {
        if bands::CONDENSER_APPROACH.is_critical(approach) {
            findings.push(finding(
                Code::CondenserApproachCritical,
                FieldSet::of(&[CondSatTemp, CdwOutletTemp]),
                format!(
                    "Condenser approach {} °C is in the critical band (above 6.0 °C)",
                    show2(approach)
                ),
                "Clean the condenser tubes and check for non-condensables",
            ));
        }
    }
    if let Some(approach) = metrics.evaporator_approach {
        if approach > EVAPORATOR_APPROACH_HIGH_K {
            findings.push(finding(
                Code::EvaporatorApproachHigh,
                FieldSet::of(&[ChwSupplyTemp, EvapSatTemp]),
                format!(
                    "Evaporator approach {} °C is above {} °C",
                    show2(approach),
                    show(EVAPORATOR_APPROACH_HIGH_K)
                ),
                "Check refrigerant charge (leak test) and evaporator tube condition",
            ));
        }
    }
    if let (Some(balance), Some(load_fraction)) = (metrics.heat_balance, metrics.load_fraction) {
        if load_fraction >= HEAT_BALANCE_MIN_LOAD_FRACTION {
            let tolerance =
                physics::ahri_heat_balance_tolerance(load_fraction.min(1.0), asset.design_delta_t);
            if balance.abs() > tolerance {
                findings.push(finding(
                    Code::HeatBalanceOutOfTolerance,
                    FieldSet::of(&[ChwFlow, CdwFlow, PowerKw, ChwSupplyTemp, ChwReturnTemp, CdwInletTemp, CdwOutletTemp]),
                    format!(
                        "Heat balance {} % is outside the AHRI 550/590 tolerance of ±{} % at {:.0} % load",
                        show2(100.0 * balance),
                        show2(100.0 * tolerance),
                        100.0 * load_fraction
                    ),
                    "If the machine is at steady state, check the flow meters and temperature sensors against each other",
                ));
            }
        }
    }
}

fn show2(value: f64) -> String {
    format!("{value:.2}")
}
