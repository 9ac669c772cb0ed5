//! A chiller reading: a timestamp, an asset and any subset of the measured fields.

use crate::field::Field;
use crate::units::{fahrenheit_to_celsius, gpm_to_lps, UnitSystem};

/// Microseconds since 1970-01-01 00:00:00 UTC.
pub type UnixMicros = i64;

/// Microseconds in one second, minute, hour and day.
pub const MICROS_PER_SECOND: i64 = 1_000_000;
/// Microseconds in one minute.
pub const MICROS_PER_MINUTE: i64 = 60 * MICROS_PER_SECOND;
/// Microseconds in one hour.
pub const MICROS_PER_HOUR: i64 = 60 * MICROS_PER_MINUTE;
/// Microseconds in one day.
pub const MICROS_PER_DAY: i64 = 24 * MICROS_PER_HOUR;

/// The measured values of one reading, each optional: real BMS points are partial.
///
/// Units are SI: temperatures °C, flows L/s, power kW, vibration mm/s RMS, currents A.
/// A value may be non-finite or absurd: validation decides, not construction.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Measurements {
    /// Chilled water leaving the evaporator, °C.
    pub chw_supply_temp: Option<f64>,
    /// Chilled water entering the evaporator, °C.
    pub chw_return_temp: Option<f64>,
    /// Condenser water entering, °C.
    pub cdw_inlet_temp: Option<f64>,
    /// Condenser water leaving, °C.
    pub cdw_outlet_temp: Option<f64>,
    /// Chilled-water flow, L/s.
    pub chw_flow: Option<f64>,
    /// Condenser-water flow, L/s.
    pub cdw_flow: Option<f64>,
    /// Compressor input power, kW.
    pub power_kw: Option<f64>,
    /// Vibration velocity, mm/s RMS.
    pub vibration_rms: Option<f64>,
    /// Phase A current, A.
    pub current_a: Option<f64>,
    /// Phase B current, A.
    pub current_b: Option<f64>,
    /// Phase C current, A.
    pub current_c: Option<f64>,
    /// Refrigerant condensing saturation temperature, °C.
    pub cond_sat_temp: Option<f64>,
    /// Refrigerant evaporating saturation temperature, °C.
    pub evap_sat_temp: Option<f64>,
}

impl Measurements {
    /// The value of `field`, if present.
    pub fn get(&self, field: Field) -> Option<f64> {
        match field {
            Field::ChwSupplyTemp => self.chw_supply_temp,
            Field::ChwReturnTemp => self.chw_return_temp,
            Field::CdwInletTemp => self.cdw_inlet_temp,
            Field::CdwOutletTemp => self.cdw_outlet_temp,
            Field::ChwFlow => self.chw_flow,
            Field::CdwFlow => self.cdw_flow,
            Field::PowerKw => self.power_kw,
            Field::VibrationRms => self.vibration_rms,
            Field::CurrentA => self.current_a,
            Field::CurrentB => self.current_b,
            Field::CurrentC => self.current_c,
            Field::CondSatTemp => self.cond_sat_temp,
            Field::EvapSatTemp => self.evap_sat_temp,
        }
    }

    /// A mutable reference to `field`'s slot.
    pub fn slot_mut(&mut self, field: Field) -> &mut Option<f64> {
        match field {
            Field::ChwSupplyTemp => &mut self.chw_supply_temp,
            Field::ChwReturnTemp => &mut self.chw_return_temp,
            Field::CdwInletTemp => &mut self.cdw_inlet_temp,
            Field::CdwOutletTemp => &mut self.cdw_outlet_temp,
            Field::ChwFlow => &mut self.chw_flow,
            Field::CdwFlow => &mut self.cdw_flow,
            Field::PowerKw => &mut self.power_kw,
            Field::VibrationRms => &mut self.vibration_rms,
            Field::CurrentA => &mut self.current_a,
            Field::CurrentB => &mut self.current_b,
            Field::CurrentC => &mut self.current_c,
            Field::CondSatTemp => &mut self.cond_sat_temp,
            Field::EvapSatTemp => &mut self.evap_sat_temp,
        }
    }

    /// Sets `field` (or clears it with `None`).
    pub fn set(&mut self, field: Field, value: Option<f64>) {
        *self.slot_mut(field) = value;
    }

    /// Builder form of [`Measurements::set`].
    pub fn with(mut self, field: Field, value: f64) -> Self {
        self.set(field, Some(value));
        self
    }

    /// How many fields hold a value.
    pub fn present_count(&self) -> usize {
        Field::ALL
            .iter()
            .filter(|f| self.get(**f).is_some())
            .count()
    }

    /// Converts values given in `units` to SI, in place. Non-finite values stay as they
    /// are, so validation still sees and reports them.
    pub fn convert_to_si(&mut self, units: UnitSystem) {
        if units == UnitSystem::Si {
            return;
        }
        for field in Field::ALL {
            let slot = self.slot_mut(field);
            if let Some(value) = *slot {
                *slot = Some(match field.quantity() {
                    crate::field::Quantity::Temperature => fahrenheit_to_celsius(value),
                    crate::field::Quantity::Flow => gpm_to_lps(value),
                    _ => value,
                });
            }
        }
    }
}

/// One reading of one chiller at one time.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// When the values were measured.
    pub time: UnixMicros,
    /// The asset (chiller) identifier, e.g. `CH-001`.
    pub asset_id: String,
    /// The measured values.
    pub values: Measurements,
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn get_and_set_address_the_same_slot_for_every_field() {
        let mut m = Measurements::default();
        for (i, field) in Field::ALL.into_iter().enumerate() {
            m.set(field, Some(i as f64));
        }
        for (i, field) in Field::ALL.into_iter().enumerate() {
            assert_eq!(m.get(field), Some(i as f64), "{field}");
        }
        assert_eq!(m.present_count(), 13);
    }

    #[test]
    fn ip_values_convert_temperatures_and_flows_only() {
        let mut m = Measurements::default()
            .with(Field::ChwSupplyTemp, 44.0)
            .with(Field::ChwFlow, 1000.0)
            .with(Field::PowerKw, 300.0)
            .with(Field::VibrationRms, f64::NAN);
        m.convert_to_si(UnitSystem::Ip);
        assert_relative_eq!(m.chw_supply_temp.unwrap(), 6.666_666_7, epsilon = 1e-6);
        assert_relative_eq!(m.chw_flow.unwrap(), 63.0902, epsilon = 1e-9);
        assert_eq!(m.power_kw, Some(300.0));
        assert!(m.vibration_rms.unwrap().is_nan());
        assert_eq!(m.chw_return_temp, None);
    }
}
