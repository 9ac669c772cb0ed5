//! The measured fields of a reading: their public names, units and plausible ranges.
//!
//! The names are the public vocabulary of `mep`: they are the keys of `mep_validate`'s JSON,
//! the columns of `mep.sensor_data` and the headers of the sample CSV files.

use std::fmt;

/// One measured field of a chiller reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// Chilled water leaving the evaporator (supply), °C.
    ChwSupplyTemp,
    /// Chilled water entering the evaporator (return), °C.
    ChwReturnTemp,
    /// Condenser water entering the condenser, °C.
    CdwInletTemp,
    /// Condenser water leaving the condenser, °C.
    CdwOutletTemp,
    /// Chilled-water flow, L/s.
    ChwFlow,
    /// Condenser-water flow, L/s.
    CdwFlow,
    /// Compressor electrical input power, kW.
    PowerKw,
    /// Overall vibration velocity, mm/s RMS (10–1000 Hz, as ISO 10816-3 measures it).
    VibrationRms,
    /// Motor current, phase A, A.
    CurrentA,
    /// Motor current, phase B, A.
    CurrentB,
    /// Motor current, phase C, A.
    CurrentC,
    /// Refrigerant condensing saturation temperature, °C.
    CondSatTemp,
    /// Refrigerant evaporating saturation temperature, °C.
    EvapSatTemp,
}

/// What physical quantity a field holds; decides its unit and the kind of unit mistake
/// that is worth hinting at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    /// A temperature in °C.
    Temperature,
    /// A water flow in L/s.
    Flow,
    /// Electrical power in kW.
    Power,
    /// Vibration velocity in mm/s RMS.
    Vibration,
    /// Current in A.
    Current,
}

impl Quantity {
    /// The SI unit symbol the field is stored in.
    pub fn unit(self) -> &'static str {
        match self {
            Quantity::Temperature => "°C",
            Quantity::Flow => "L/s",
            Quantity::Power => "kW",
            Quantity::Vibration => "mm/s",
            Quantity::Current => "A",
        }
    }

    /// Whether a negative value is physically meaningless for this quantity.
    pub fn is_non_negative(self) -> bool {
        !matches!(self, Quantity::Temperature)
    }
}

/// The closed interval of values a field can plausibly hold, in its SI unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlausibleRange {
    /// Lowest plausible value.
    pub min: f64,
    /// Highest plausible value.
    pub max: f64,
}

impl PlausibleRange {
    /// Whether `value` lies within the range (inclusive). False for NaN.
    pub fn contains(&self, value: f64) -> bool {
        value >= self.min && value <= self.max
    }
}

impl Field {
    /// Every field, in the column order of `mep.sensor_data`.
    pub const ALL: [Field; 13] = [
        Field::ChwSupplyTemp,
        Field::ChwReturnTemp,
        Field::CdwInletTemp,
        Field::CdwOutletTemp,
        Field::ChwFlow,
        Field::CdwFlow,
        Field::PowerKw,
        Field::VibrationRms,
        Field::CurrentA,
        Field::CurrentB,
        Field::CurrentC,
        Field::CondSatTemp,
        Field::EvapSatTemp,
    ];

    /// The public name: JSON key, SQL column and CSV header.
    pub fn name(self) -> &'static str {
        match self {
            Field::ChwSupplyTemp => "chw_supply_temp",
            Field::ChwReturnTemp => "chw_return_temp",
            Field::CdwInletTemp => "cdw_inlet_temp",
            Field::CdwOutletTemp => "cdw_outlet_temp",
            Field::ChwFlow => "chw_flow",
            Field::CdwFlow => "cdw_flow",
            Field::PowerKw => "power_kw",
            Field::VibrationRms => "vibration_rms",
            Field::CurrentA => "current_a",
            Field::CurrentB => "current_b",
            Field::CurrentC => "current_c",
            Field::CondSatTemp => "cond_sat_temp",
            Field::EvapSatTemp => "evap_sat_temp",
        }
    }

    /// Looks a field up by its public name.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|field| field.name() == name)
    }

    /// The position of the field in [`Field::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The quantity the field holds.
    pub fn quantity(self) -> Quantity {
        match self {
            Field::ChwSupplyTemp
            | Field::ChwReturnTemp
            | Field::CdwInletTemp
            | Field::CdwOutletTemp
            | Field::CondSatTemp
            | Field::EvapSatTemp => Quantity::Temperature,
            Field::ChwFlow | Field::CdwFlow => Quantity::Flow,
            Field::PowerKw => Quantity::Power,
            Field::VibrationRms => Quantity::Vibration,
            Field::CurrentA | Field::CurrentB | Field::CurrentC => Quantity::Current,
        }
    }

    /// The SI unit the field is stored in.
    pub fn unit(self) -> &'static str {
        self.quantity().unit()
    }

    /// The plausible physical range, in the field's SI unit. A value outside it is
    /// rejected as `OUT_OF_RANGE` (or as a unit mistake, see [`Field::fahrenheit_range`]).
    ///
    /// The bounds are wide on purpose: they separate physics from garbage, not good
    /// operation from bad. Chilled water spans glycol ice-storage loops (−15 °C) to a
    /// stagnant loop in a hot plant room (40 °C); condenser water reaches 60 °C in
    /// heat-recovery duty; 1 500 L/s is about three times the flow of the largest
    /// single chillers built (about 3 000 t at 2.4 gpm/t ≈ 450 L/s); 10 MW is above
    /// any single chiller's compressor; 100 mm/s is ten times ISO 10816-3's largest
    /// zone C/D boundary (11 mm/s); 5 000 A is above the full-load current of a 3 MW
    /// motor at 460 V.
    pub fn plausible_range(self) -> PlausibleRange {
        let (min, max) = match self {
            Field::ChwSupplyTemp | Field::ChwReturnTemp => (-15.0, 40.0),
            Field::CdwInletTemp | Field::CdwOutletTemp => (0.0, 60.0),
            Field::CondSatTemp => (-10.0, 80.0),
            Field::EvapSatTemp => (-40.0, 35.0),
            Field::ChwFlow | Field::CdwFlow => (0.0, 1_500.0),
            Field::PowerKw => (0.0, 10_000.0),
            Field::VibrationRms => (0.0, 100.0),
            Field::CurrentA | Field::CurrentB | Field::CurrentC => (0.0, 5_000.0),
        };
        PlausibleRange { min, max }
    }

    /// For temperatures: the values above the plausible °C range that are ordinary
    /// readings of the same point in °F (e.g. chilled water at 44 °F, condenser water at
    /// 85 °F). A value here is rejected with the hint to convert.
    pub fn fahrenheit_range(self) -> Option<PlausibleRange> {
        let (min, max) = match self {
            Field::ChwSupplyTemp | Field::ChwReturnTemp => (40.0, 110.0),
            Field::CdwInletTemp | Field::CdwOutletTemp => (60.0, 150.0),
            Field::CondSatTemp => (80.0, 180.0),
            Field::EvapSatTemp => (35.0, 95.0),
            _ => return None,
        };
        Some(PlausibleRange { min, max })
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Values that BMS and data loggers write for "no value". Seen in real chiller data:
/// ASHRAE RP-1043's laboratory files use −99.4; the others are the common integer and
/// fixed-point fill values of BMS exports and 16/32-bit registers.
pub const SENTINEL_VALUES: [f64; 14] = [
    -99.0,
    -99.4,
    -99.9,
    -999.0,
    -999.9,
    -9_999.0,
    -99_999.0,
    9_999.0,
    99_999.0,
    32_767.0,
    -32_768.0,
    65_535.0,
    2_147_483_647.0,
    -2_147_483_648.0,
];

/// Magnitudes at or above this are garbage in any field (RP-1043 holds kW = 4.1e13 and
/// a temperature of 5.8e30 °F).
pub const ABSURD_MAGNITUDE: f64 = 1.0e6;

/// Whether `value` is one of the [`SENTINEL_VALUES`].
pub fn is_sentinel(value: f64) -> bool {
    SENTINEL_VALUES.contains(&value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_index_matches_order() {
        for (position, field) in Field::ALL.into_iter().enumerate() {
            assert_eq!(Field::from_name(field.name()), Some(field));
            assert_eq!(field.index(), position);
        }
        assert_eq!(Field::from_name("chw_supply"), None);
    }

    #[test]
    fn ranges_reject_nan_and_include_their_bounds() {
        let range = Field::ChwSupplyTemp.plausible_range();
        assert!(range.contains(-15.0) && range.contains(40.0));
        assert!(!range.contains(40.000_001));
        assert!(!range.contains(f64::NAN));
    }

    #[test]
    fn fahrenheit_ranges_start_where_celsius_ranges_end() {
        for field in Field::ALL {
            if let Some(fahrenheit) = field.fahrenheit_range() {
                assert_eq!(fahrenheit.min, field.plausible_range().max, "{field}");
            }
        }
    }

    #[test]
    fn no_sentinel_is_inside_the_range_of_a_field_it_could_mask() {
        // Temperatures and vibration never hold a sentinel inside their range, so a
        // sentinel is always reported as one rather than accepted.
        for value in SENTINEL_VALUES {
            assert!(!Field::ChwSupplyTemp.plausible_range().contains(value));
            assert!(!Field::VibrationRms.plausible_range().contains(value));
        }
        assert!(is_sentinel(-99.4));
        assert!(!is_sentinel(-99.5));
    }
}
