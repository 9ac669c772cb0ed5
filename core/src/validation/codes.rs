//! The stable finding codes and their documentation.

use std::fmt;

/// How much a finding weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Suspicious but possible: stored, flagged (rejected only in strict mode).
    Warning,
    /// Physically impossible or garbage: never stored as a reading.
    Reject,
}

impl Severity {
    /// `warning` or `reject`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Reject => "reject",
        }
    }
}

macro_rules! codes {
    ($($variant:ident => $name:literal, $severity:ident, $doc:literal;)+) => {
        /// A stable finding code. The names never change meaning; new codes may be added.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(#[doc = $doc] $variant,)+
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The stable name, e.g. `CHW_RETURN_BELOW_SUPPLY`.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)+ }
            }

            /// The severity the code carries.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)+ }
            }

            /// What the code means, in one sentence.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => $doc,)+ }
            }

            /// Looks a code up by its name.
            pub fn from_name(name: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|code| code.name() == name)
            }
        }
    };
}

codes! {
    AssetIdMissing => "ASSET_ID_MISSING", Reject,
        "The reading names no asset.";
    TimeMissing => "TIME_MISSING", Reject,
        "The reading has no timestamp.";
    TimeNotFinite => "TIME_NOT_FINITE", Reject,
        "The reading's timestamp is infinity or -infinity.";
    TimeUnreadable => "TIME_UNREADABLE", Reject,
        "The reading's time is text that is not a timestamp (e.g. '31/12/2026').";
    RowMalformed => "ROW_MALFORMED", Reject,
        "A CSV row's fields do not match its header.";
    NotNumeric => "NOT_NUMERIC", Reject,
        "A field holds text that is not a number (e.g. 'n/a' in a JSON reading).";
    NonFiniteValue => "NON_FINITE_VALUE", Reject,
        "A field holds NaN, +Infinity or -Infinity.";
    SentinelValue => "SENTINEL_VALUE", Reject,
        "A field holds a BMS 'no value' marker such as -99.4, -999 or 9999.";
    AbsurdMagnitude => "ABSURD_MAGNITUDE", Reject,
        "A field's magnitude is 1e6 or more: no physical value in any field.";
    NegativeValue => "NEGATIVE_VALUE", Reject,
        "Power, vibration, a current or a flow is negative.";
    LooksLikeFahrenheit => "LOOKS_LIKE_FAHRENHEIT", Reject,
        "A temperature is above its plausible range in °C but ordinary in °F.";
    LooksLikeGpm => "LOOKS_LIKE_GPM", Reject,
        "A flow is implausible in L/s but ordinary in US gpm.";
    OutOfRange => "OUT_OF_RANGE", Reject,
        "A field is outside its documented plausible physical range.";
    ChwReturnBelowSupply => "CHW_RETURN_BELOW_SUPPLY", Reject,
        "While running, chilled water returns colder than it is supplied.";
    CdwOutletBelowInlet => "CDW_OUTLET_BELOW_INLET", Reject,
        "While running, condenser water leaves colder than it enters.";
    NoPositiveLift => "NO_POSITIVE_LIFT", Reject,
        "While running, condenser water leaves no warmer than the chilled water supply.";
    NoRefrigerantLift => "NO_REFRIGERANT_LIFT", Reject,
        "While running, the condensing temperature is not above the evaporating temperature.";
    EvapSatAboveChwSupply => "EVAP_SAT_ABOVE_CHW_SUPPLY", Reject,
        "While running, the refrigerant evaporates warmer than the chilled water it cools.";
    CondSatBelowCdwOutlet => "COND_SAT_BELOW_CDW_OUTLET", Reject,
        "While running, the refrigerant condenses colder than the condenser water it heats.";
    CopAboveCarnot => "COP_ABOVE_CARNOT", Reject,
        "Measured COP exceeds the Carnot bound of the water temperatures: a meter is wrong.";
    CopAboveCarnotAtDesignFlow => "COP_ABOVE_CARNOT_AT_DESIGN_FLOW", Warning,
        "COP computed with the assumed design flow exceeds the Carnot bound: the real flow is lower.";
    LowDeltaT => "LOW_DELTA_T", Warning,
        "At load, chilled-water ΔT is below half the design ΔT (low ΔT syndrome).";
    KwPerTonCritical => "KW_PER_TON_CRITICAL", Warning,
        "At load, kW/ton is in the critical band (above 1.00).";
    CondenserApproachCritical => "CONDENSER_APPROACH_CRITICAL", Warning,
        "While running, condenser approach is in the critical band (above 6.0 °C).";
    EvaporatorApproachHigh => "EVAPORATOR_APPROACH_HIGH", Warning,
        "While running, evaporator approach is above 5.0 °C.";
    PhaseImbalanceCritical => "PHASE_IMBALANCE_CRITICAL", Warning,
        "Phase current imbalance is above NEMA MG-1's 5 % limit.";
    VibrationZoneD => "VIBRATION_ZONE_D", Warning,
        "Vibration is in ISO 10816-3 zone D for this machine (damage likely).";
    HeatBalanceOutOfTolerance => "HEAT_BALANCE_OUT_OF_TOLERANCE", Warning,
        "The energy balance misses the AHRI 550/590 tolerance (normal outside steady state).";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
        for code in Code::ALL {
            assert_eq!(Code::from_name(code.name()), Some(*code));
            assert!(code
                .name()
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '_'));
        }
    }
}
