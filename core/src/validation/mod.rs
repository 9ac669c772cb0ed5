//! Physics-Guard: checks one reading against physical law and reports findings that a
//! technician can act on.
//!
//! Order of work: each field is checked on its own (finite, not a sentinel, not absurd,
//! not negative where that is meaningless, within its plausible range); the fields that
//! pass form the clean reading. From it the run state is decided (compressor power, else
//! flow), the derived metrics are computed, and only then the cross-field rules run:
//! directionality and the second law while running (or when run state is unknown), and
//! the warnings. A partial reading is checked on what it has.

mod codes;
mod rules;

pub use codes::{Code, Severity};
pub use rules::{
    AT_LOAD_FRACTION, EVAPORATOR_APPROACH_HIGH_K, FLOW_DESIGN_MULTIPLE_MAX,
    HEAT_BALANCE_MIN_LOAD_FRACTION, MIN_RUNNING_FLOW_FRACTION, MIN_RUNNING_FLOW_LPS,
    MIN_RUNNING_POWER_KW, RUNNING_POWER_FRACTION, SENSOR_TOLERANCE_K,
};

use std::fmt;

use crate::asset::Asset;
use crate::field::Field;
use crate::metrics::DerivedMetrics;
use crate::reading::Measurements;

/// A set of fields, as a bit mask (fields involved in one finding).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct FieldSet(u16);

impl FieldSet {
    /// The empty set.
    pub const EMPTY: FieldSet = FieldSet(0);

    /// A set of the given fields.
    pub fn of(fields: &[Field]) -> Self {
        fields.iter().fold(FieldSet::EMPTY, |set, f| set.with(*f))
    }

    /// This set plus `field`.
    pub fn with(self, field: Field) -> Self {
        FieldSet(self.0 | 1 << field.index())
    }

    /// Whether `field` is in the set.
    pub fn contains(self, field: Field) -> bool {
        self.0 & (1 << field.index()) != 0
    }

    /// The fields, in column order.
    pub fn iter(self) -> impl Iterator<Item = Field> {
        Field::ALL.into_iter().filter(move |f| self.contains(*f))
    }

    /// Whether no field is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether the two sets share a field.
    pub fn intersects(self, other: FieldSet) -> bool {
        self.0 & other.0 != 0
    }

    /// The fields in either set.
    pub fn union(self, other: FieldSet) -> FieldSet {
        FieldSet(self.0 | other.0)
    }
}

/// Whether the chiller was running when the reading was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunState {
    /// Compressor power above the running threshold.
    Running,
    /// Compressor power, or water flow, below the running threshold: directionality
    /// rules do not apply (stagnant water drifts).
    Idle,
    /// Neither power nor flow tells: the rules apply, as for a running machine.
    Unknown,
}

impl RunState {
    /// `running`, `idle` or `unknown`.
    pub fn name(self) -> &'static str {
        match self {
            RunState::Running => "running",
            RunState::Idle => "idle",
            RunState::Unknown => "unknown",
        }
    }

    /// Whether running-only rules apply: while running, and when the state is unknown.
    pub fn rules_apply(self) -> bool {
        !matches!(self, RunState::Idle)
    }
}

/// One thing Physics-Guard found.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The stable code.
    pub code: Code,
    /// Reject or warning.
    pub severity: Severity,
    /// The fields involved.
    pub fields: FieldSet,
    /// What is wrong, with the values.
    pub message: String,
    /// What a technician should do about it.
    pub recommendation: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} ({})",
            self.code, self.message, self.recommendation
        )
    }
}

/// The verdict on a reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// No findings.
    Accepted,
    /// Warnings only: stored and flagged.
    Warning,
    /// At least one reject finding (or, in strict mode, any finding).
    Rejected,
}

impl Status {
    /// `accepted`, `warning` or `rejected`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Accepted => "accepted",
            Status::Warning => "warning",
            Status::Rejected => "rejected",
        }
    }
}

/// How strictly to judge.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ValidationOptions {
    /// Count warnings as rejections.
    pub strict: bool,
}

/// The full result of validating one reading.
#[derive(Debug, Clone, PartialEq)]
pub struct Validation {
    /// The verdict.
    pub status: Status,
    /// Whether the machine was running.
    pub run_state: RunState,
    /// Every finding, rejects first, then warnings, each in rule order.
    pub findings: Vec<Finding>,
    /// The derived metrics of the values that passed their field checks.
    pub metrics: DerivedMetrics,
    /// The values that passed their field checks.
    pub clean: Measurements,
}

impl Validation {
    /// Whether the reading may be stored (accepted or warning).
    pub fn is_valid(&self) -> bool {
        self.status != Status::Rejected
    }

    /// The finding that decides the verdict: the first reject, else the first warning.
    pub fn deciding_finding(&self) -> Option<&Finding> {
        self.findings.first()
    }

    /// Findings of the given severity.
    pub fn findings_of(&self, severity: Severity) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.severity == severity)
    }

    /// Whether a finding with `code` is present.
    pub fn has(&self, code: Code) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }
}

/// Validates one reading of `asset`.
///
/// Pass [`Asset::unregistered_default`] for a chiller with no registered nameplate: its
/// defaults assume no design flow, so no flow is ever invented for it.
pub fn validate(values: &Measurements, asset: &Asset, options: ValidationOptions) -> Validation {
    let mut findings = Vec::new();
    let clean = rules::check_fields(values, asset, &mut findings);
    let run_state = rules::run_state(&clean, asset);
    let metrics = DerivedMetrics::compute(&clean, asset);
    if run_state.rules_apply() {
        rules::check_directions(&clean, &mut findings);
        rules::check_second_law(&metrics, &mut findings);
    }
    rules::check_warnings(&clean, &metrics, asset, run_state, &mut findings);

    // A warning about fields already rejected says nothing new (a swapped pair of
    // sensors is not also "low ΔT").
    let rejected_fields = findings
        .iter()
        .filter(|f| f.severity == Severity::Reject)
        .fold(FieldSet::EMPTY, |set, f| set.union(f.fields));
    findings.retain(|f| f.severity == Severity::Reject || !f.fields.intersects(rejected_fields));
    // Stable sort: rejects first, each group in rule order.
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let has_reject = findings.iter().any(|f| f.severity == Severity::Reject);
    let status = match (has_reject, findings.is_empty(), options.strict) {
        (true, _, _) => Status::Rejected,
        (false, true, _) => Status::Accepted,
        (false, false, true) => Status::Rejected,
        (false, false, false) => Status::Warning,
    };
    Validation {
        status,
        run_state,
        findings,
        metrics,
        clean,
    }
}

impl Finding {
    /// A field whose text is not a number: found where readings arrive as text (JSON,
    /// CSV), before the numeric rules can run.
    pub fn not_numeric(field: &str, text: &str) -> Finding {
        Finding {
            code: Code::NotNumeric,
            severity: Severity::Reject,
            fields: Field::from_name(field).map_or(FieldSet::EMPTY, |f| FieldSet::of(&[f])),
            message: format!("{field} = '{text}' is not a number"),
            recommendation:
                "Export missing values as empty (NULL) and numbers without units or text"
                    .to_string(),
        }
    }

    /// A reading without a timestamp.
    pub fn time_missing() -> Finding {
        Finding {
            code: Code::TimeMissing,
            severity: Severity::Reject,
            fields: FieldSet::EMPTY,
            message: "The reading has no time".to_string(),
            recommendation: "Map the BMS sample timestamp to time (timestamptz, with time zone)"
                .to_string(),
        }
    }

    /// A reading stamped `infinity` or `-infinity`.
    pub fn time_not_finite() -> Finding {
        Finding {
            code: Code::TimeNotFinite,
            severity: Severity::Reject,
            fields: FieldSet::EMPTY,
            message: "The reading's time is infinite".to_string(),
            recommendation:
                "Send the sample's real timestamp; infinity is a placeholder, not a time"
                    .to_string(),
        }
    }

    /// A reading without an asset id.
    pub fn asset_id_missing() -> Finding {
        Finding {
            code: Code::AssetIdMissing,
            severity: Severity::Reject,
            fields: FieldSet::EMPTY,
            message: "The reading has no asset_id".to_string(),
            recommendation: "Map the BMS point's equipment name to asset_id (e.g. CH-001)"
                .to_string(),
        }
    }
}

impl Validation {
    /// Adds findings made outside the numeric rules (missing identity, text that is not a
    /// number) in front, and rejects.
    pub fn reject_with(&mut self, findings: impl IntoIterator<Item = Finding>) {
        let mut added: Vec<Finding> = findings.into_iter().collect();
        if added.is_empty() {
            return;
        }
        added.append(&mut self.findings);
        self.findings = added;
        self.status = Status::Rejected;
    }
}

/// Validates a reading that also names its asset: an empty asset id is a reject.
pub fn validate_reading(
    asset_id: &str,
    values: &Measurements,
    asset: &Asset,
    options: ValidationOptions,
) -> Validation {
    let mut validation = validate(values, asset, options);
    if asset_id.trim().is_empty() {
        validation.reject_with([Finding::asset_id_missing()]);
    }
    validation
}

#[cfg(test)]
mod tests;
