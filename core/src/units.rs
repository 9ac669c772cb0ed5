//! Unit conversions at the edges of the system.
//!
//! Everything inside `mep` is SI: temperatures in °C, water flow in L/s, power in kW
//! (electrical or thermal, as named), vibration velocity in mm/s RMS, currents in A,
//! pressures in kPa. Conversions happen only where data enters or leaves (CSV import,
//! CLI flags, SQL helper functions), using the factors below.
//!
//! Sources: NIST Special Publication 811 (2008), Appendix B.8, for the gallon, the ton of
//! refrigeration (12 000 Btu/h) and the pound-force per square inch.

/// Litres per second in one US gallon per minute (3.785 411 784 L / 60 s).
pub const LPS_PER_GPM: f64 = 0.063_090_2;
/// Kilowatts (thermal) in one ton of refrigeration (12 000 Btu/h).
pub const KW_PER_TON_REFRIGERATION: f64 = 3.516_85;
/// Kilopascals in one pound-force per square inch.
pub const KPA_PER_PSI: f64 = 6.894_76;
/// Offset between the Celsius and Kelvin scales.
pub const KELVIN_OFFSET: f64 = 273.15;

/// A temperature in °F to °C.
pub fn fahrenheit_to_celsius(f: f64) -> f64 {
    (f - 32.0) / 1.8
}

/// A temperature in °C to °F.
pub fn celsius_to_fahrenheit(c: f64) -> f64 {
    c * 1.8 + 32.0
}

/// A temperature *difference* in °F (or °R) to a difference in K (= °C).
pub fn fahrenheit_delta_to_kelvin(delta_f: f64) -> f64 {
    delta_f / 1.8
}

/// A temperature difference in K (= °C) to a difference in °F.
pub fn kelvin_delta_to_fahrenheit(delta_k: f64) -> f64 {
    delta_k * 1.8
}

/// A temperature in °C to K.
pub fn celsius_to_kelvin(c: f64) -> f64 {
    c + KELVIN_OFFSET
}

/// US gallons per minute to litres per second.
pub fn gpm_to_lps(gpm: f64) -> f64 {
    gpm * LPS_PER_GPM
}

/// Litres per second to US gallons per minute.
pub fn lps_to_gpm(lps: f64) -> f64 {
    lps / LPS_PER_GPM
}

/// Tons of refrigeration to kW thermal.
pub fn tons_to_kw(tons: f64) -> f64 {
    tons * KW_PER_TON_REFRIGERATION
}

/// kW thermal to tons of refrigeration.
pub fn kw_to_tons(kw: f64) -> f64 {
    kw / KW_PER_TON_REFRIGERATION
}

/// psi to kPa.
pub fn psi_to_kpa(psi: f64) -> f64 {
    psi * KPA_PER_PSI
}

/// kPa to psi.
pub fn kpa_to_psi(kpa: f64) -> f64 {
    kpa / KPA_PER_PSI
}

/// A unit system for data crossing the edge (CSV files, CLI input).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitSystem {
    /// °C, L/s, kW, mm/s, A: stored as is.
    Si,
    /// Temperatures in °F and water flows in US gpm. Power (kW), vibration (mm/s RMS)
    /// and currents (A) are reported the same way in both systems and do not convert.
    Ip,
}

impl UnitSystem {
    /// Parses `si` or `ip` (case-insensitive).
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "si" => Some(Self::Si),
            "ip" => Some(Self::Ip),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn temperatures_convert_both_ways() {
        assert_relative_eq!(fahrenheit_to_celsius(44.0), 6.666_666_7, epsilon = 1e-6);
        assert_relative_eq!(fahrenheit_to_celsius(-40.0), -40.0);
        assert_relative_eq!(celsius_to_fahrenheit(100.0), 212.0);
        assert_relative_eq!(celsius_to_kelvin(0.0), 273.15);
    }

    #[test]
    fn a_temperature_difference_has_no_offset() {
        assert_relative_eq!(
            fahrenheit_delta_to_kelvin(10.0),
            5.555_555_6,
            epsilon = 1e-6
        );
        assert_relative_eq!(kelvin_delta_to_fahrenheit(5.0), 9.0);
    }

    #[test]
    fn flow_power_and_pressure_factors() {
        assert_relative_eq!(gpm_to_lps(1000.0), 63.0902, epsilon = 1e-9);
        assert_relative_eq!(lps_to_gpm(gpm_to_lps(1234.5)), 1234.5, epsilon = 1e-9);
        assert_relative_eq!(tons_to_kw(500.0), 1758.425, epsilon = 1e-9);
        assert_relative_eq!(kw_to_tons(3.51685), 1.0);
        assert_relative_eq!(psi_to_kpa(14.696), 101.325, epsilon = 1e-2);
        assert_relative_eq!(kpa_to_psi(psi_to_kpa(60.0)), 60.0, epsilon = 1e-12);
    }

    #[test]
    fn the_ip_500_factor_matches_si_load() {
        // tons = gpm × ΔT(°F) × 500 / 12000; the SI form with ρ·cp = 4.19 kJ/(L·K)
        // agrees within the 0.3 % the water properties differ by.
        let gpm = 1200.0;
        let delta_f = 10.0;
        let tons_ip = gpm * delta_f * 500.0 / 12_000.0;
        let kw_si = gpm_to_lps(gpm) * 4.19 * fahrenheit_delta_to_kelvin(delta_f);
        assert_relative_eq!(kw_to_tons(kw_si), tons_ip, max_relative = 0.003);
    }

    #[test]
    fn unit_system_parses() {
        assert_eq!(UnitSystem::parse("SI"), Some(UnitSystem::Si));
        assert_eq!(UnitSystem::parse("ip"), Some(UnitSystem::Ip));
        assert_eq!(UnitSystem::parse("metric"), None);
    }
}
