//! # mep-core
//!
//! The physics of `mep`, with no database: chiller readings and nameplates, derived
//! metrics, Physics-Guard validation, the explainable health score, and a chiller model
//! that generates physically consistent readings for healthy and failing machines.
//!
//! Units are SI throughout: temperatures °C (differences K), water flow L/s, power kW,
//! vibration mm/s RMS, currents A. [`units`] converts at the edges.
//!
//! ```
//! use mep_core::{validate, Asset, Field, Measurements, ValidationOptions};
//!
//! let reading = Measurements::default()
//!     .with(Field::ChwSupplyTemp, 12.0)
//!     .with(Field::ChwReturnTemp, 6.0);
//! let verdict = validate(&reading, &Asset::unregistered_default(), ValidationOptions::default());
//! assert!(!verdict.is_valid());
//! let finding = verdict.deciding_finding().unwrap();
//! assert_eq!(finding.code.name(), "CHW_RETURN_BELOW_SUPPLY");
//! assert_eq!(finding.recommendation, "Check sensor wiring - supply and return may be swapped");
//! ```

#![warn(missing_docs)]

pub mod asset;
pub mod bands;
pub mod field;
pub mod health;
#[cfg(feature = "json")]
pub mod json;
pub mod metrics;
pub mod model;
pub mod physics;
pub mod reading;
pub mod scenario;
pub mod text;
pub mod time;
pub mod units;
pub mod validation;

pub use asset::{Asset, ChillerType, Foundation, MachineGroup, VibrationZones};
pub use bands::Rating;
pub use field::Field;
pub use health::{HealthInputs, HealthMetric, HealthReport, Weights};
pub use metrics::{DerivedMetrics, FlowBasis};
pub use reading::{Measurements, Reading, UnixMicros};
pub use scenario::{Scenario, ScenarioSpec};
pub use validation::{
    validate, Code, Finding, RunState, Severity, Status, Validation, ValidationOptions,
};

/// The crate's version, as built.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
