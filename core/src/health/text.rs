//! What each metric's score means, and what to do about it.

use super::{HealthMetric, ScoringContext};
use crate::bands::Rating;

pub(super) fn message(
    metric: HealthMetric,
    rating: Rating,
    value: f64,
    context: &ScoringContext,
) -> String {
    use HealthMetric::*;
    use Rating::*;
    match metric {
        VibrationRms => {
            let zone = context.zones.zone(value);
            let (lead, meaning) = match rating {
                Excellent => ("Excellent vibration", "new-machine condition"),
                Good => ("Normal vibration", "unrestricted operation"),
                Fair => ("Elevated vibration", "watch the trend"),
                Poor => ("High vibration", "restricted operation, plan action"),
                Critical => ("Severe vibration", "damage likely"),
            };
            format!("{lead}: {value:.2} mm/s RMS (ISO 10816-3 zone {zone}, {meaning})")
        }
        CondenserApproach => match rating {
            Excellent => format!("Excellent condenser heat transfer: {value:.2} °C"),
            Good => format!("Good condenser heat transfer: {value:.2} °C"),
            Fair => format!("Condenser approach rising: {value:.2} °C (early fouling)"),
            Poor => format!("Condenser fouling likely: {value:.2} °C approach"),
            Critical => {
                format!("Severe condenser fouling or non-condensables: {value:.2} °C approach")
            }
        },
        PhaseImbalance => match rating {
            Excellent => format!("Balanced phase currents: {value:.2} % imbalance"),
            Good => format!("Slight phase current imbalance: {value:.2} %"),
            Fair => format!("Phase current imbalance {value:.2} %: check supply voltage balance"),
            Poor => format!("High phase current imbalance: {value:.2} % (motor derating applies)"),
            Critical => format!(
                "Severe phase current imbalance: {value:.2} % (above NEMA MG-1's 5 % limit)"
            ),
        },
        KwPerTon => {
            let lead = match rating {
                Excellent => "Excellent efficiency",
                Good => "Good efficiency",
                Fair => "Efficiency below par",
                Poor => "Poor efficiency",
                Critical => "Very poor efficiency",
            };
            format!("{lead}: {value:.2} kW/ton")
        }
        DeltaT => {
            let percent = 100.0 * value / context.design_delta_t;
            let lead = match rating {
                Excellent => "Healthy chilled-water ΔT",
                Good => "Chilled-water ΔT slightly low",
                Fair => "Low chilled-water ΔT",
                Poor => "Low ΔT syndrome developing",
                Critical => "Low ΔT syndrome",
            };
            format!(
                "{lead}: {value:.2} °C ({percent:.0} % of the {:.1} °C design)",
                context.design_delta_t
            )
        }
    }
}

pub(super) fn not_measured(metric: HealthMetric, had_non_finite_value: bool) -> String {
    if had_non_finite_value {
        return format!("Not measured: the {metric} value was not a finite number");
    }
    match metric {
        HealthMetric::VibrationRms => "Not measured: no vibration_rms in the data".to_string(),
        HealthMetric::CondenserApproach => {
            "Not measured: needs cond_sat_temp and cdw_outlet_temp".to_string()
        }
        HealthMetric::PhaseImbalance => {
            "Not measured: needs current_a, current_b and current_c on a running motor".to_string()
        }
        HealthMetric::KwPerTon => {
            "Not measured: needs power_kw, chw_supply_temp, chw_return_temp and chw_flow (or a design flow)"
                .to_string()
        }
        HealthMetric::DeltaT => {
            "Not measured: needs chw_supply_temp and chw_return_temp while the chiller carries load"
                .to_string()
        }
    }
}

pub(super) fn recommendation(metric: HealthMetric, rating: Rating) -> &'static str {
    use HealthMetric::*;
    use Rating::*;
    match (metric, rating) {
        (_, Excellent | Good) => "No action needed",
        (VibrationRms, Fair) => "Trend vibration weekly and plan a bearing and alignment check",
        (VibrationRms, Poor) => {
            "Schedule a vibration spectrum analysis: check bearings, shaft alignment and mounting"
        }
        (VibrationRms, Critical) => {
            "Inspect bearings and shaft alignment before continued operation (ISO 10816-3 zone D)"
        }
        (CondenserApproach, Fair) => {
            "Plan condenser tube cleaning and check cooling-tower water treatment"
        }
        (CondenserApproach, Poor) => "Schedule condenser tube cleaning",
        (CondenserApproach, Critical) => {
            "Clean condenser tubes now and check for non-condensables (purge unit)"
        }
        (PhaseImbalance, Fair) => "Check supply voltage balance at the starter",
        (PhaseImbalance, Poor) => {
            "Inspect motor terminals, contactors and fuses for loose or pitted connections"
        }
        (PhaseImbalance, Critical) => {
            "Find the cause of the current imbalance before running further: NEMA MG-1 advises against operation above 5 %"
        }
        (KwPerTon, Fair) => {
            "Compare efficiency with the design point: check condenser approach, refrigerant charge and the chilled-water setpoint"
        }
        (KwPerTon, Poor | Critical) => {
            "Investigate the efficiency loss: condenser fouling, refrigerant charge and non-condensables"
        }
        (DeltaT, Fair) => "Check chilled-water control valves and bypass for low ΔT",
        (DeltaT, Poor | Critical) => {
            "Low ΔT syndrome: check for an open bypass, three-way valves and fouled coils"
        }
    }
}
