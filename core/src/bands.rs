//! Rating bands: excellent, good, fair, poor, critical. One set of thresholds feeds both
//! the health score's curves and Physics-Guard's "critical band" warnings.

use std::fmt;

use crate::asset::VibrationZones;

/// A rating: of one metric, or of a chiller's overall health.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rating {
    /// Worst: act now.
    Critical,
    /// Plan action soon.
    Poor,
    /// Watch.
    Fair,
    /// Normal.
    Good,
    /// Best.
    Excellent,
}

impl Rating {
    /// Every rating, best first.
    pub const ALL: [Rating; 5] = [
        Rating::Excellent,
        Rating::Good,
        Rating::Fair,
        Rating::Poor,
        Rating::Critical,
    ];

    /// `excellent`, `good`, `fair`, `poor` or `critical`.
    pub fn name(self) -> &'static str {
        match self {
            Rating::Excellent => "excellent",
            Rating::Good => "good",
            Rating::Fair => "fair",
            Rating::Poor => "poor",
            Rating::Critical => "critical",
        }
    }

    /// The rating of a 0–100 score. The same scale serves metrics and the overall score:
    /// above 90 excellent, above 80 good, above 60 fair, 40 to 60 poor, below 40 critical.
    /// (Each band's lower boundary value belongs to the worse band, except that exactly
    /// 40 is still poor, matching the thresholds' "> 6.0 °C is critical" wording.)
    pub fn of_score(score: f64) -> Rating {
        if score > 90.0 {
            Rating::Excellent
        } else if score > 80.0 {
            Rating::Good
        } else if score > 60.0 {
            Rating::Fair
        } else if score >= 40.0 {
            Rating::Poor
        } else {
            Rating::Critical
        }
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which way a metric improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// Smaller values are better (vibration, approach, kW/ton, imbalance).
    Lower,
    /// Larger values are better (ΔT as a fraction of design).
    Higher,
}

/// The four boundaries between the five bands of a metric, from the excellent side:
/// excellent | good | fair | poor | critical.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bands {
    /// The value that scores 100 (the ideal end of the excellent band).
    pub ideal: f64,
    /// excellent/good, good/fair, fair/poor, poor/critical boundaries.
    pub boundaries: [f64; 4],
    /// Which way the metric improves.
    pub better: Better,
}

/// The score at `ideal` and at each boundary; the curve is linear between them and
/// reaches 0 one poor-band width past the critical boundary.
pub const ANCHOR_SCORES: [f64; 6] = [100.0, 90.0, 80.0, 60.0, 40.0, 0.0];

impl Bands {
    /// The value where the score reaches 0: one poor-band width beyond the critical boundary.
    pub fn zero_point(&self) -> f64 {
        let [_, _, fair_poor, poor_critical] = self.boundaries;
        poor_critical + (poor_critical - fair_poor)
    }

    /// Whether `value` lies beyond the poor/critical boundary (strictly).
    pub fn is_critical(&self, value: f64) -> bool {
        match self.better {
            Better::Lower => value > self.boundaries[3],
            Better::Higher => value < self.boundaries[3],
        }
    }

    /// The normalised 0–100 score: continuous, piecewise linear through
    /// [`ANCHOR_SCORES`], monotone (never better for a worse value), 100 at or beyond
    /// the ideal and 0 at or beyond the zero point. NaN scores 0.
    pub fn score(&self, value: f64) -> f64 {
        let anchors = [
            self.ideal,
            self.boundaries[0],
            self.boundaries[1],
            self.boundaries[2],
            self.boundaries[3],
            self.zero_point(),
        ];
        // Measure distance along the direction of worsening, so one loop serves both.
        let sign = match self.better {
            Better::Lower => 1.0,
            Better::Higher => -1.0,
        };
        let x = sign * value;
        if x.is_nan() {
            return 0.0;
        }
        if x <= sign * anchors[0] {
            return 100.0;
        }
        for i in 1..anchors.len() {
            let (x0, x1) = (sign * anchors[i - 1], sign * anchors[i]);
            if x <= x1 {
                let t = (x - x0) / (x1 - x0);
                return ANCHOR_SCORES[i - 1] + t * (ANCHOR_SCORES[i] - ANCHOR_SCORES[i - 1]);
            }
        }
        0.0
    }
}

/// Condenser approach, K: < 2.0 excellent, 2.0–3.0 good, 3.0–4.5 fair, 4.5–6.0 poor,
/// above 6.0 critical. Source: the project's domain reference (industry practice for
/// water-cooled condensers; each extra 1 K of approach costs roughly 2–3 % efficiency).
pub const CONDENSER_APPROACH: Bands = Bands {
    ideal: 0.0,
    boundaries: [2.0, 3.0, 4.5, 6.0],
    better: Better::Lower,
};

/// kW/ton: < 0.55 excellent, 0.55–0.70 good, 0.70–0.85 fair, 0.85–1.00 poor,
/// above 1.00 critical. The excellent boundary is ASHRAE 90.1-2019's full-load minimum for
/// large centrifugal machines (0.56 kW/ton, rounded).
pub const KW_PER_TON: Bands = Bands {
    ideal: 0.0,
    boundaries: [0.55, 0.70, 0.85, 1.00],
    better: Better::Lower,
};

/// Phase current imbalance, %: < 1 excellent, 1–2 good, 2–3.5 fair, 3.5–5 poor,
/// above 5 critical. NEMA MG-1 advises against operation above 5 %; motors are derated
/// from about 1 %.
pub const PHASE_IMBALANCE: Bands = Bands {
    ideal: 0.0,
    boundaries: [1.0, 2.0, 3.5, 5.0],
    better: Better::Lower,
};

/// Chilled-water ΔT as a fraction of the design ΔT: ≥ 0.9 excellent, 0.8–0.9 good,
/// 0.65–0.8 fair, 0.5–0.65 poor, < 0.5 critical ("low ΔT syndrome"). The fractions are
/// this project's choice; the design ΔT (10 °F = 5.6 K for comfort cooling) is the
/// asset's.
pub const DELTA_T_FRACTION: Bands = Bands {
    ideal: 1.0,
    boundaries: [0.9, 0.8, 0.65, 0.5],
    better: Better::Higher,
};

/// Vibration bands from an asset's ISO 10816-3 zones: zone A excellent, zone B good,
/// the lower half of zone C fair, the upper half poor, zone D critical.
pub fn vibration(zones: VibrationZones) -> Bands {
    Bands {
        ideal: 0.0,
        boundaries: [zones.ab, zones.bc, (zones.bc + zones.cd) / 2.0, zones.cd],
        better: Better::Lower,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn scores_hit_the_anchors_at_the_boundaries() {
        let b = CONDENSER_APPROACH;
        assert_relative_eq!(b.score(0.0), 100.0);
        assert_relative_eq!(b.score(2.0), 90.0);
        assert_relative_eq!(b.score(3.0), 80.0);
        assert_relative_eq!(b.score(4.5), 60.0);
        assert_relative_eq!(b.score(6.0), 40.0);
        assert_relative_eq!(b.score(7.5), 0.0);
        assert_relative_eq!(b.score(2.5), 85.0);
        assert_relative_eq!(b.score(7.0), 40.0 / 3.0, epsilon = 1e-12);
        assert_relative_eq!(b.score(-1.0), 100.0);
        assert_relative_eq!(b.score(50.0), 0.0);
        assert_eq!(b.score(f64::NAN), 0.0);
    }

    #[test]
    fn higher_is_better_bands_mirror() {
        let b = DELTA_T_FRACTION;
        assert_relative_eq!(b.score(1.2), 100.0);
        assert_relative_eq!(b.score(1.0), 100.0);
        assert_relative_eq!(b.score(0.95), 95.0, epsilon = 1e-9);
        assert_relative_eq!(b.score(0.65), 60.0, epsilon = 1e-9);
        assert_relative_eq!(b.score(0.35), 0.0, epsilon = 1e-9);
        assert!(b.is_critical(0.49) && !b.is_critical(0.5));
    }

    #[test]
    fn ratings_follow_the_domain_wording_at_boundaries() {
        let b = CONDENSER_APPROACH;
        assert_eq!(Rating::of_score(b.score(1.99)), Rating::Excellent);
        assert_eq!(Rating::of_score(b.score(2.0)), Rating::Good);
        assert_eq!(Rating::of_score(b.score(3.0)), Rating::Fair);
        assert_eq!(Rating::of_score(b.score(4.5)), Rating::Poor);
        assert_eq!(Rating::of_score(b.score(6.0)), Rating::Poor);
        assert_eq!(Rating::of_score(b.score(6.01)), Rating::Critical);
        assert!(!b.is_critical(6.0) && b.is_critical(6.01));
    }

    #[test]
    fn vibration_bands_come_from_the_zones() {
        let zones = VibrationZones {
            ab: 1.4,
            bc: 2.8,
            cd: 4.5,
        };
        let b = vibration(zones);
        assert_eq!(b.boundaries, [1.4, 2.8, 3.65, 4.5]);
        assert_relative_eq!(b.score(0.7), 95.0, epsilon = 1e-9);
    }
}
