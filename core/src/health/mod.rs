//! The explainable health score.
//!
//! Five metrics, each normalised to 0–100 by a continuous, monotone, piecewise-linear
//! curve over its rating bands ([`crate::bands`]): 100 at the ideal, 90 / 80 / 60 / 40
//! at the excellent/good, good/fair, fair/poor and poor/critical boundaries, 0 one
//! poor-band width past the critical boundary. The overall score is the weighted mean
//! of the measured metrics (weights renormalised over what was measured), limited by
//! the worst metric: **no metric scoring `s` lets the overall score exceed `s + 20`**.
//! So a metric in the critical band (below 40) holds the chiller at "poor" or worse and
//! a poor metric (40–60) at "fair" or worse, however good the rest; a weighted mean
//! alone would let condenser fouling (approach and kW/ton, 40 % of the weight) hide
//! behind healthy vibration and currents. The breakdown shows which metric sets the limit.

mod text;

use std::fmt;

use crate::asset::{Asset, VibrationZones};
use crate::bands::{self, Rating};
use crate::metrics::DerivedMetrics;
use crate::reading::Measurements;
use crate::validation::RunState;

/// How far above a metric's own score the overall score may go.
pub const WORST_METRIC_MARGIN: f64 = 20.0;

/// A metric of the health score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HealthMetric {
    /// Vibration velocity, mm/s RMS, judged by the asset's ISO 10816-3 zones.
    VibrationRms,
    /// Condenser approach, °C (K).
    CondenserApproach,
    /// Phase current imbalance, % (NEMA MG-1).
    PhaseImbalance,
    /// Efficiency, kW/ton.
    KwPerTon,
    /// Chilled-water ΔT, °C (K), judged against the design ΔT.
    DeltaT,
}

impl HealthMetric {
    /// Every metric, in weight order.
    pub const ALL: [HealthMetric; 5] = [
        HealthMetric::VibrationRms,
        HealthMetric::CondenserApproach,
        HealthMetric::PhaseImbalance,
        HealthMetric::KwPerTon,
        HealthMetric::DeltaT,
    ];

    /// The public name, as in the breakdown's `metric_name`.
    pub fn name(self) -> &'static str {
        match self {
            HealthMetric::VibrationRms => "vibration_rms",
            HealthMetric::CondenserApproach => "condenser_approach",
            HealthMetric::PhaseImbalance => "phase_imbalance",
            HealthMetric::KwPerTon => "kw_per_ton",
            HealthMetric::DeltaT => "delta_t",
        }
    }

    /// Looks a metric up by its public name.
    pub fn from_name(name: &str) -> Option<Self> {
        HealthMetric::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The unit of the raw value.
    pub fn unit(self) -> &'static str {
        match self {
            HealthMetric::VibrationRms => "mm/s",
            HealthMetric::CondenserApproach | HealthMetric::DeltaT => "°C",
            HealthMetric::PhaseImbalance => "%",
            HealthMetric::KwPerTon => "kW/ton",
        }
    }
}

impl fmt::Display for HealthMetric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The weight of each metric. Any finite, non-negative values, not all zero; they are
/// renormalised, so `[7, 5, 4, 3, 1]` equals the defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights(pub [f64; 5]);

impl Default for Weights {
    /// Vibration 35 %, condenser approach 25 %, phase imbalance 20 %, kW/ton 15 %, ΔT 5 %.
    fn default() -> Self {
        Weights([0.35, 0.25, 0.20, 0.15, 0.05])
    }
}

/// Weights that cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub enum WeightsError {
    /// A weight is NaN or infinite.
    NotFinite(HealthMetric),
    /// A weight is negative.
    Negative(HealthMetric, f64),
    /// Every weight is zero.
    AllZero,
}

impl fmt::Display for WeightsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WeightsError::NotFinite(metric) => {
                write!(f, "weight of {metric} is not a finite number")
            }
            WeightsError::Negative(metric, value) => {
                write!(
                    f,
                    "weight of {metric} is {value}; weights must not be negative"
                )
            }
            WeightsError::AllZero => write!(f, "at least one weight must be above zero"),
        }
    }
}

impl std::error::Error for WeightsError {}

impl Weights {
    /// Builds weights from the five values in [`HealthMetric::ALL`] order, checked and
    /// normalised to sum to 1.
    pub fn new(values: [f64; 5]) -> Result<Self, WeightsError> {
        for (metric, value) in HealthMetric::ALL.into_iter().zip(values) {
            if !value.is_finite() {
                return Err(WeightsError::NotFinite(metric));
            }
            if value < 0.0 {
                return Err(WeightsError::Negative(metric, value));
            }
        }
        let total: f64 = values.iter().sum();
        if total <= 0.0 {
            return Err(WeightsError::AllZero);
        }
        Ok(Weights(values.map(|v| v / total)))
    }

    /// The weight of `metric`.
    pub fn get(&self, metric: HealthMetric) -> f64 {
        self.0[metric as usize]
    }
}

/// The metric values a health score is computed from; `None` = not measured.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct HealthInputs {
    /// Vibration velocity, mm/s RMS.
    pub vibration_rms: Option<f64>,
    /// Condenser approach, °C.
    pub condenser_approach: Option<f64>,
    /// Phase current imbalance, %.
    pub phase_imbalance: Option<f64>,
    /// Efficiency, kW/ton.
    pub kw_per_ton: Option<f64>,
    /// Chilled-water ΔT, °C.
    pub delta_t: Option<f64>,
}

impl HealthInputs {
    /// The inputs of one validated reading. An idle machine's readings say nothing about
    /// its health (stagnant water, a still shaft): nothing is scored. ΔT counts only while
    /// the machine carries load (kW/ton known).
    pub fn of_reading(clean: &Measurements, metrics: &DerivedMetrics, run_state: RunState) -> Self {
        if run_state == RunState::Idle {
            return HealthInputs::default();
        }
        HealthInputs {
            vibration_rms: clean.vibration_rms,
            condenser_approach: metrics.condenser_approach,
            phase_imbalance: metrics.phase_imbalance,
            kw_per_ton: metrics.kw_per_ton,
            delta_t: metrics.kw_per_ton.and(metrics.delta_t),
        }
    }

    /// The value of `metric`.
    pub fn get(&self, metric: HealthMetric) -> Option<f64> {
        match metric {
            HealthMetric::VibrationRms => self.vibration_rms,
            HealthMetric::CondenserApproach => self.condenser_approach,
            HealthMetric::PhaseImbalance => self.phase_imbalance,
            HealthMetric::KwPerTon => self.kw_per_ton,
            HealthMetric::DeltaT => self.delta_t,
        }
    }

    /// Sets the value of `metric`.
    pub fn set(&mut self, metric: HealthMetric, value: Option<f64>) {
        let slot = match metric {
            HealthMetric::VibrationRms => &mut self.vibration_rms,
            HealthMetric::CondenserApproach => &mut self.condenser_approach,
            HealthMetric::PhaseImbalance => &mut self.phase_imbalance,
            HealthMetric::KwPerTon => &mut self.kw_per_ton,
            HealthMetric::DeltaT => &mut self.delta_t,
        };
        *slot = value;
    }
}

/// What scoring needs from the asset: its vibration zones and design ΔT.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoringContext {
    /// ISO 10816-3 zone boundaries, mm/s RMS.
    pub zones: VibrationZones,
    /// Design chilled-water ΔT, K.
    pub design_delta_t: f64,
}

impl ScoringContext {
    /// The context of an asset.
    pub fn of(asset: &Asset) -> Self {
        ScoringContext {
            zones: asset.vibration_zones(),
            design_delta_t: asset.design_delta_t,
        }
    }

    /// The normalised 0–100 score of `value` for `metric`.
    pub fn score(&self, metric: HealthMetric, value: f64) -> f64 {
        match metric {
            HealthMetric::VibrationRms => bands::vibration(self.zones).score(value),
            HealthMetric::CondenserApproach => bands::CONDENSER_APPROACH.score(value),
            HealthMetric::PhaseImbalance => bands::PHASE_IMBALANCE.score(value),
            HealthMetric::KwPerTon => bands::KW_PER_TON.score(value),
            HealthMetric::DeltaT => bands::DELTA_T_FRACTION.score(value / self.design_delta_t),
        }
    }
}

/// One metric's line of the breakdown.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricScore {
    /// The metric.
    pub metric: HealthMetric,
    /// The value scored, in [`HealthMetric::unit`]; `None` when not measured.
    pub raw_value: Option<f64>,
    /// 0–100.
    pub normalized_score: Option<f64>,
    /// The configured weight (normalised over all five metrics).
    pub weight: f64,
    /// The weight after renormalising over the measured metrics.
    pub effective_weight: f64,
    /// effective_weight × normalized_score: this metric's share of the weighted score.
    pub weighted_contribution: Option<f64>,
    /// The rating; `None` when not measured.
    pub rating: Option<Rating>,
    /// What the value means.
    pub message: String,
    /// The cap this metric puts on the overall score (its score + 20).
    pub score_limit: Option<f64>,
    /// Whether this metric's cap is what set the overall score.
    pub limits_overall: bool,
}

impl MetricScore {
    /// The status word: the rating, or `not_measured`.
    pub fn status(&self) -> &'static str {
        self.rating.map_or("not_measured", Rating::name)
    }
}

/// A health score with everything needed to explain it.
#[derive(Debug, Clone, PartialEq)]
pub struct HealthReport {
    /// The overall score, 0–100; `None` when no weighted metric was measured.
    pub overall_score: Option<f64>,
    /// The weighted mean before the worst-metric limit.
    pub weighted_score: Option<f64>,
    /// The rating of the overall score; `None` when there is no score.
    pub category: Option<Rating>,
    /// The metric most in need of attention, if any is fair or worse.
    pub primary_metric: Option<HealthMetric>,
    /// That metric's message.
    pub primary_concern: Option<String>,
    /// What to do, worst metric first.
    pub recommendations: Vec<String>,
    /// One line per metric, in weight order.
    pub breakdown: Vec<MetricScore>,
    /// The metric whose limit set the overall score below the weighted mean.
    pub limited_by: Option<HealthMetric>,
}

fn usable(value: Option<f64>) -> Option<f64> {
    value.filter(|v| v.is_finite())
}

/// The weighted mean of the measured, weighted metrics and the tightest worst-metric
/// limit; `None` when no weighted metric was measured.
fn weighted_and_limit(
    inputs: &HealthInputs,
    context: &ScoringContext,
    weights: &Weights,
) -> Option<(f64, f64)> {
    let mut weight_sum = 0.0;
    let mut weighted = 0.0;
    let mut limit = f64::INFINITY;
    for metric in HealthMetric::ALL {
        let weight = weights.get(metric);
        if let (Some(value), true) = (usable(inputs.get(metric)), weight > 0.0) {
            let score = context.score(metric, value);
            weight_sum += weight;
            weighted += weight * score;
            limit = limit.min(score + WORST_METRIC_MARGIN);
        }
    }
    // Renormalising can overshoot 100 by a rounding error; the scale is 0–100.
    (weight_sum > 0.0).then(|| ((weighted / weight_sum).clamp(0.0, 100.0), limit))
}

/// The overall score alone, without allocating: what the insert trigger stores.
/// Identical to [`health_report`]'s `overall_score`.
pub fn overall_score(
    inputs: &HealthInputs,
    context: &ScoringContext,
    weights: &Weights,
) -> Option<f64> {
    weighted_and_limit(inputs, context, weights).map(|(weighted, limit)| weighted.min(limit))
}

/// The full, explained health score.
pub fn health_report(
    inputs: &HealthInputs,
    context: &ScoringContext,
    weights: &Weights,
) -> HealthReport {
    let measured_weight: f64 = HealthMetric::ALL
        .into_iter()
        .filter(|m| usable(inputs.get(*m)).is_some())
        .map(|m| weights.get(m))
        .sum();

    let mut breakdown: Vec<MetricScore> = HealthMetric::ALL
        .into_iter()
        .map(|metric| {
            let weight = weights.get(metric);
            let raw = inputs.get(metric);
            match usable(raw) {
                Some(value) => {
                    let score = context.score(metric, value);
                    let effective_weight = if measured_weight > 0.0 {
                        weight / measured_weight
                    } else {
                        0.0
                    };
                    let rating = Rating::of_score(score);
                    MetricScore {
                        metric,
                        raw_value: Some(value),
                        normalized_score: Some(score),
                        weight,
                        effective_weight,
                        weighted_contribution: Some(effective_weight * score),
                        rating: Some(rating),
                        message: text::message(metric, rating, value, context),
                        score_limit: (weight > 0.0).then_some(score + WORST_METRIC_MARGIN),
                        limits_overall: false,
                    }
                }
                None => MetricScore {
                    metric,
                    raw_value: None,
                    normalized_score: None,
                    weight,
                    effective_weight: 0.0,
                    weighted_contribution: None,
                    rating: None,
                    message: text::not_measured(metric, raw.is_some()),
                    score_limit: None,
                    limits_overall: false,
                },
            }
        })
        .collect();

    let totals = weighted_and_limit(inputs, context, weights);
    let weighted_score = totals.map(|(weighted, _)| weighted);
    let overall_score = totals.map(|(weighted, limit)| weighted.min(limit));
    let mut limited_by = None;
    if let Some((weighted, limit)) = totals {
        if limit < weighted {
            if let Some(line) = breakdown
                .iter_mut()
                .find(|line| line.score_limit == Some(limit))
            {
                line.limits_overall = true;
                limited_by = Some(line.metric);
            }
        }
    }

    let primary = limited_by
        .and_then(|m| breakdown.iter().find(|l| l.metric == m))
        .or_else(|| {
            breakdown
                .iter()
                .filter(|line| line.rating.is_some_and(|r| r <= Rating::Fair) && line.weight > 0.0)
                .max_by(|a, b| lost_points(a).total_cmp(&lost_points(b)))
        });

    let mut concerns: Vec<&MetricScore> = breakdown
        .iter()
        .filter(|line| line.rating.is_some_and(|r| r <= Rating::Fair))
        .collect();
    concerns.sort_by(|a, b| {
        a.normalized_score
            .unwrap_or(0.0)
            .total_cmp(&b.normalized_score.unwrap_or(0.0))
    });
    let recommendations = concerns
        .iter()
        .filter_map(|line| {
            line.rating
                .map(|rating| text::recommendation(line.metric, rating).to_string())
        })
        .collect();

    HealthReport {
        overall_score,
        weighted_score,
        category: overall_score.map(Rating::of_score),
        primary_metric: primary.map(|line| line.metric),
        primary_concern: primary.map(|line| line.message.clone()),
        recommendations,
        breakdown,
        limited_by,
    }
}

fn lost_points(line: &MetricScore) -> f64 {
    line.effective_weight * (100.0 - line.normalized_score.unwrap_or(100.0))
}

#[cfg(test)]
mod tests;
