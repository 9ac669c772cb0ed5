//! Failure scenarios: deterministic, physically consistent readings of a healthy or
//! failing chiller.
//!
//! ```
//! use mep_core::scenario::{Scenario, ScenarioSpec};
//! use mep_core::reading::MICROS_PER_DAY;
//! use mep_core::Asset;
//!
//! let spec = ScenarioSpec::new(Scenario::TubeFouling, Asset::unregistered_default())
//!     .with_duration(14 * MICROS_PER_DAY)
//!     .with_seed(42);
//! let readings: Vec<_> = spec.generate().unwrap().collect();
//! assert_eq!(readings.len(), 14 * 288); // one reading every 5 minutes
//! ```

pub mod faults;
mod generator;
pub mod rng;

use std::fmt;
use std::str::FromStr;

pub use generator::Generator;

use crate::asset::{Asset, UnknownName};
use crate::reading::{UnixMicros, MICROS_PER_DAY, MICROS_PER_MINUTE, MICROS_PER_SECOND};

/// A failure scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scenario {
    /// A healthy machine: the baseline.
    Healthy,
    /// Condenser tube fouling: condenser approach rises, then lift and kW/ton.
    TubeFouling,
    /// Bearing wear: vibration trends up, accelerating.
    BearingWear,
    /// Refrigerant leak (undercharge): evaporator approach up, capacity down, kW/ton up.
    RefrigerantLeak,
    /// Electrical issue (loose connection, supply imbalance): current imbalance rises.
    ElectricalIssue,
    /// Shaft misalignment after maintenance: vibration steps up at restart.
    PostMaintenanceMisalignment,
}

impl Scenario {
    /// Every scenario.
    pub const ALL: [Scenario; 6] = [
        Scenario::Healthy,
        Scenario::TubeFouling,
        Scenario::BearingWear,
        Scenario::RefrigerantLeak,
        Scenario::ElectricalIssue,
        Scenario::PostMaintenanceMisalignment,
    ];

    /// The public name, e.g. `tube_fouling`.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Healthy => "healthy",
            Scenario::TubeFouling => "tube_fouling",
            Scenario::BearingWear => "bearing_wear",
            Scenario::RefrigerantLeak => "refrigerant_leak",
            Scenario::ElectricalIssue => "electrical_issue",
            Scenario::PostMaintenanceMisalignment => "post_maintenance_misalignment",
        }
    }

    /// The duration used when none is given, in days.
    pub fn default_duration_days(self) -> i64 {
        match self {
            Scenario::Healthy => 30,
            Scenario::TubeFouling => 60,
            Scenario::BearingWear => 45,
            Scenario::RefrigerantLeak => 30,
            Scenario::ElectricalIssue => 14,
            Scenario::PostMaintenanceMisalignment => 7,
        }
    }

    /// The indicator the scenario moves.
    pub fn key_indicator(self) -> &'static str {
        match self {
            Scenario::Healthy => "baseline",
            Scenario::TubeFouling => "rising condenser approach, then kW/ton",
            Scenario::BearingWear => "accelerating vibration",
            Scenario::RefrigerantLeak => "rising evaporator approach and kW/ton, capacity loss",
            Scenario::ElectricalIssue => "rising phase current imbalance",
            Scenario::PostMaintenanceMisalignment => "sudden vibration step",
        }
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Scenario {
    type Err = UnknownName;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.trim().to_ascii_lowercase().replace('-', "_");
        Scenario::ALL
            .into_iter()
            .find(|s| s.name() == wanted)
            .ok_or_else(|| UnknownName {
                what: "scenario",
                given: text.to_string(),
                expected: Scenario::ALL.iter().map(|s| s.name()).collect(),
            })
    }
}

/// The shortest step accepted, µs (one second).
pub const MIN_STEP: i64 = MICROS_PER_SECOND;
/// The most readings one scenario run may produce.
pub const MAX_READINGS: i64 = 100_000_000;
/// The default step: 5 minutes.
pub const DEFAULT_STEP: i64 = 5 * MICROS_PER_MINUTE;
/// The default start: 2026-01-05 00:00:00 UTC, a Monday.
pub const DEFAULT_START: UnixMicros = 1_767_571_200 * MICROS_PER_SECOND;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioSpec {
    /// The scenario.
    pub scenario: Scenario,
    /// The machine's nameplate.
    pub asset: Asset,
    /// Time of the first reading.
    pub start: UnixMicros,
    /// Length of the run, µs; `None` for the scenario's default.
    pub duration: Option<i64>,
    /// Time between readings, µs.
    pub step: i64,
    /// The seed: the same spec always yields the same readings.
    pub seed: u64,
}

/// A spec that cannot be generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecError {
    /// The step is below one second.
    StepTooSmall(i64),
    /// The duration is not positive.
    DurationNotPositive(i64),
    /// The run would produce more than [`MAX_READINGS`] readings.
    TooManyReadings(i64),
    /// The nameplate is not usable.
    Nameplate(String),
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecError::StepTooSmall(step) => {
                write!(f, "step must be at least 1 second (got {step} µs)")
            }
            SpecError::DurationNotPositive(duration) => {
                write!(f, "duration must be positive (got {duration} µs)")
            }
            SpecError::TooManyReadings(count) => write!(
                f,
                "the run would produce {count} readings, more than {MAX_READINGS}; use a larger step or a shorter duration"
            ),
            SpecError::Nameplate(reason) => write!(f, "{reason}"),
        }
    }
}

impl std::error::Error for SpecError {}

impl ScenarioSpec {
    /// A spec with the defaults: scenario's default duration, 5-minute step, seed 42,
    /// starting [`DEFAULT_START`].
    pub fn new(scenario: Scenario, asset: Asset) -> Self {
        ScenarioSpec {
            scenario,
            asset,
            start: DEFAULT_START,
            duration: None,
            step: DEFAULT_STEP,
            seed: 42,
        }
    }

    /// Sets the start.
    pub fn with_start(mut self, start: UnixMicros) -> Self {
        self.start = start;
        self
    }

    /// Sets the duration, µs.
    pub fn with_duration(mut self, duration: i64) -> Self {
        self.duration = Some(duration);
        self
    }

    /// Sets the step, µs.
    pub fn with_step(mut self, step: i64) -> Self {
        self.step = step;
        self
    }

    /// Sets the seed.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The duration in effect, µs.
    pub fn effective_duration(&self) -> i64 {
        self.duration
            .unwrap_or(self.scenario.default_duration_days() * MICROS_PER_DAY)
    }

    /// How many readings the run yields: one every step from the start, before the end.
    pub fn reading_count(&self) -> Result<i64, SpecError> {
        if self.step < MIN_STEP {
            return Err(SpecError::StepTooSmall(self.step));
        }
        let duration = self.effective_duration();
        if duration <= 0 {
            return Err(SpecError::DurationNotPositive(duration));
        }
        let count = (duration + self.step - 1) / self.step;
        if count > MAX_READINGS {
            return Err(SpecError::TooManyReadings(count));
        }
        Ok(count)
    }

    /// The readings, streamed.
    pub fn generate(&self) -> Result<Generator, SpecError> {
        self.asset
            .check()
            .map_err(|e| SpecError::Nameplate(e.to_string()))?;
        let count = self.reading_count()?;
        Ok(Generator::new(self, count))
    }
}

#[cfg(test)]
mod tests;
