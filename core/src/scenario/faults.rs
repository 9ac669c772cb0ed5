//! How each fault progresses from onset (progress 0) to its severe end state (progress 1).
//! Progress is the fraction of the requested duration, so a short run ends as badly as
//! a long one.

use crate::asset::VibrationZones;

/// Healthy condenser approach, °C: "good", the first point of the fouling timeline.
pub const HEALTHY_CONDENSER_APPROACH: f64 = 2.5;
/// Healthy evaporator approach, °C (flooded evaporator design: 1–2 K).
pub const HEALTHY_EVAPORATOR_APPROACH: f64 = 1.5;
/// Healthy phase current imbalance, % (NEMA MG-1 definition).
pub const HEALTHY_PHASE_IMBALANCE: f64 = 0.5;

/// The fouling timeline the project grew from: condenser approach 2.5 °C at week 1,
/// 3.8 °C at week 4, 5.2 °C at week 8 and 7.0 °C at week 12, as fractions of the run.
pub const FOULING_TIMELINE: [(f64, f64); 5] = [
    (0.0, 2.5),
    (1.0 / 12.0, 2.5),
    (4.0 / 12.0, 3.8),
    (8.0 / 12.0, 5.2),
    (1.0, 7.0),
];

/// Condenser approach along the fouling timeline (piecewise linear), °C.
pub fn fouling_approach(progress: f64) -> f64 {
    let p = progress.clamp(0.0, 1.0);
    for pair in FOULING_TIMELINE.windows(2) {
        let ((p0, a0), (p1, a1)) = (pair[0], pair[1]);
        if p <= p1 {
            return a0 + (a1 - a0) * (p - p0) / (p1 - p0);
        }
    }
    FOULING_TIMELINE[FOULING_TIMELINE.len() - 1].1
}

/// Healthy vibration level for a machine: half its zone A/B boundary, mm/s RMS.
pub fn healthy_vibration(zones: &VibrationZones) -> f64 {
    0.5 * zones.ab
}

/// Bearing wear: vibration accelerates exponentially from healthy to 25 % past the zone
/// C/D boundary, mm/s RMS.
pub fn bearing_wear_vibration(zones: &VibrationZones, progress: f64) -> f64 {
    const GROWTH: f64 = 4.0;
    let healthy = healthy_vibration(zones);
    let end = 1.25 * zones.cd;
    let shape = ((GROWTH * progress.clamp(0.0, 1.0)).exp() - 1.0) / (GROWTH.exp() - 1.0);
    healthy + (end - healthy) * shape
}

/// When, as a fraction of the run, the misaligned machine restarts after maintenance.
pub const MISALIGNMENT_STEP_AT: f64 = 0.1;

/// Post-maintenance misalignment: healthy until the restart, then a step to the middle
/// of zone C, creeping up 10 % by the end, mm/s RMS.
pub fn misalignment_vibration(zones: &VibrationZones, progress: f64) -> f64 {
    if progress < MISALIGNMENT_STEP_AT {
        return healthy_vibration(zones);
    }
    let after = (progress - MISALIGNMENT_STEP_AT) / (1.0 - MISALIGNMENT_STEP_AT);
    0.5 * (zones.bc + zones.cd) * (1.0 + 0.1 * after.min(1.0))
}

/// Electrical issue: current imbalance rising from healthy to 8 %, faster as the
/// connection degrades (power 1.5), %.
pub fn electrical_imbalance(progress: f64) -> f64 {
    HEALTHY_PHASE_IMBALANCE + 7.5 * progress.clamp(0.0, 1.0).powf(1.5)
}

/// Refrigerant leak: evaporator approach rises from 1.5 to 6.0 °C as charge is lost
/// (quadratic: symptoms appear once the charge falls below what the evaporator needs).
pub fn leak_evaporator_approach(progress: f64) -> f64 {
    HEALTHY_EVAPORATOR_APPROACH + 4.5 * progress.clamp(0.0, 1.0).powi(2)
}

/// Refrigerant leak: available capacity falls by up to 25 %.
pub fn leak_capacity_factor(progress: f64) -> f64 {
    1.0 - 0.25 * progress.clamp(0.0, 1.0).powi(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn fouling_follows_the_original_timeline() {
        assert_relative_eq!(fouling_approach(0.0), 2.5);
        assert_relative_eq!(fouling_approach(1.0 / 12.0), 2.5);
        assert_relative_eq!(fouling_approach(4.0 / 12.0), 3.8, epsilon = 1e-12);
        assert_relative_eq!(fouling_approach(8.0 / 12.0), 5.2, epsilon = 1e-12);
        assert_relative_eq!(fouling_approach(1.0), 7.0);
        assert_relative_eq!(fouling_approach(6.0 / 12.0), 4.5, epsilon = 1e-12);
        assert_relative_eq!(fouling_approach(2.0), 7.0);
    }

    #[test]
    fn bearing_wear_accelerates_into_zone_d() {
        let zones = VibrationZones {
            ab: 1.4,
            bc: 2.8,
            cd: 4.5,
        };
        let quarter = bearing_wear_vibration(&zones, 0.25) - bearing_wear_vibration(&zones, 0.0);
        let last_quarter =
            bearing_wear_vibration(&zones, 1.0) - bearing_wear_vibration(&zones, 0.75);
        assert!(last_quarter > 5.0 * quarter);
        assert!(bearing_wear_vibration(&zones, 1.0) > zones.cd);
        assert_relative_eq!(bearing_wear_vibration(&zones, 0.0), 0.7);
    }

    #[test]
    fn misalignment_steps_at_restart() {
        let zones = VibrationZones {
            ab: 1.4,
            bc: 2.8,
            cd: 4.5,
        };
        assert_relative_eq!(misalignment_vibration(&zones, 0.099), 0.7);
        assert_relative_eq!(misalignment_vibration(&zones, 0.1), 3.65, epsilon = 1e-12);
    }

    #[test]
    fn electrical_and_leak_progressions_end_severe() {
        assert_relative_eq!(electrical_imbalance(0.0), 0.5);
        assert_relative_eq!(electrical_imbalance(1.0), 8.0);
        assert_relative_eq!(leak_evaporator_approach(1.0), 6.0);
        assert_relative_eq!(leak_capacity_factor(1.0), 0.75);
    }
}
