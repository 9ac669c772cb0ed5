//! The formulas: each takes SI values and returns an SI value, or `None` where the result
//! is undefined (a zero denominator, no heat flow). Sources are given per formula.

use crate::units::{celsius_to_kelvin, kelvin_delta_to_fahrenheit, KW_PER_TON_REFRIGERATION};

/// Volumetric heat capacity of chilled water, kJ/(L·K): ρ ≈ 1.000 kg/L × cp ≈ 4.19 kJ/(kg·K)
/// near 7 °C (IAPWS-95 water properties). The IP "500 factor" corresponds to 4.181.
pub const CHW_HEAT_CAPACITY_KJ_PER_L_K: f64 = 4.19;

/// Volumetric heat capacity of condenser water, kJ/(L·K): ρ ≈ 0.9957 kg/L × cp ≈ 4.179
/// kJ/(kg·K) near 30 °C (IAPWS-95 water properties).
pub const CDW_HEAT_CAPACITY_KJ_PER_L_K: f64 = 4.16;

/// Chilled-water ΔT, K: return − supply.
pub fn delta_t(chw_supply_temp: f64, chw_return_temp: f64) -> f64 {
    chw_return_temp - chw_supply_temp
}

/// Condenser-water ΔT, K: leaving − entering.
pub fn condenser_delta_t(cdw_inlet_temp: f64, cdw_outlet_temp: f64) -> f64 {
    cdw_outlet_temp - cdw_inlet_temp
}

/// Evaporator load (heat removed from the chilled water), kW = flow (L/s) × ρ·cp × ΔT.
pub fn evaporator_load_kw(chw_flow: f64, delta_t: f64) -> f64 {
    chw_flow * CHW_HEAT_CAPACITY_KJ_PER_L_K * delta_t
}

/// Condenser heat rejection, kW = flow (L/s) × ρ·cp × ΔT.
pub fn condenser_heat_kw(cdw_flow: f64, condenser_delta_t: f64) -> f64 {
    cdw_flow * CDW_HEAT_CAPACITY_KJ_PER_L_K * condenser_delta_t
}

/// Compressor kW per ton of refrigeration delivered; `None` unless both are positive.
pub fn kw_per_ton(power_kw: f64, evaporator_load_kw: f64) -> Option<f64> {
    (power_kw > 0.0 && evaporator_load_kw > 0.0)
        .then(|| power_kw / (evaporator_load_kw / KW_PER_TON_REFRIGERATION))
}

/// Coefficient of performance, kW thermal per kW electrical; `None` unless both positive.
/// Equals 3.51685 / (kW/ton).
pub fn cop(evaporator_load_kw: f64, power_kw: f64) -> Option<f64> {
    (power_kw > 0.0 && evaporator_load_kw > 0.0).then(|| evaporator_load_kw / power_kw)
}

/// Condenser approach, K: condensing saturation temperature − condenser water leaving.
pub fn condenser_approach(cond_sat_temp: f64, cdw_outlet_temp: f64) -> f64 {
    cond_sat_temp - cdw_outlet_temp
}

/// Evaporator approach, K: chilled water leaving − evaporating saturation temperature.
pub fn evaporator_approach(chw_supply_temp: f64, evap_sat_temp: f64) -> f64 {
    chw_supply_temp - evap_sat_temp
}

/// Phase current imbalance, %, by the NEMA MG-1 definition: 100 × the largest deviation
/// from the mean, divided by the mean. `None` when the mean is not positive.
///
/// Not (max − min) / mean, which roughly doubles it.
pub fn phase_imbalance_pct(current_a: f64, current_b: f64, current_c: f64) -> Option<f64> {
    let mean = (current_a + current_b + current_c) / 3.0;
    if mean <= 0.0 {
        return None;
    }
    let deviation = (current_a - mean)
        .abs()
        .max((current_b - mean).abs())
        .max((current_c - mean).abs());
    Some(100.0 * deviation / mean)
}

/// Heat balance (AHRI 550/590), as a fraction: (Q_evap + W_input − Q_cond) / Q_cond.
/// `None` when the condenser rejects no heat.
pub fn heat_balance(evaporator_load_kw: f64, power_kw: f64, condenser_heat_kw: f64) -> Option<f64> {
    (condenser_heat_kw > 0.0)
        .then(|| (evaporator_load_kw + power_kw - condenser_heat_kw) / condenser_heat_kw)
}

/// The AHRI 550/590 heat-balance tolerance for a water-cooled chiller, as a fraction:
/// 0.105 − 0.07·L + 0.15 / (ΔT_FL,°F · L), with L the load fraction and ΔT_FL the
/// full-load design chilled-water ΔT in °F. 5 % at full load with a 10 °F design ΔT.
///
/// Source: AHRI 550/590 (2011 with addendum), Table 10, as quoted by secondary sources.
pub fn ahri_heat_balance_tolerance(load_fraction: f64, design_delta_t_k: f64) -> f64 {
    let design_delta_t_f = kelvin_delta_to_fahrenheit(design_delta_t_k);
    0.105 - 0.07 * load_fraction + 0.15 / (design_delta_t_f * load_fraction)
}

/// The Carnot (second-law) bound on a chiller's COP from its water temperatures:
/// T_chws / (T_cdw_out − T_chws), temperatures in K. The evaporating temperature is at
/// most the chilled-water supply and the condensing temperature at least the condenser
/// water leaving, so no real machine exceeds this. `None` without positive lift.
pub fn carnot_cop(chw_supply_temp: f64, cdw_outlet_temp: f64) -> Option<f64> {
    let cold = celsius_to_kelvin(chw_supply_temp);
    let hot = celsius_to_kelvin(cdw_outlet_temp);
    (hot > cold).then(|| cold / (hot - cold))
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn delta_ts() {
        assert_relative_eq!(delta_t(6.7, 12.3), 5.6, epsilon = 1e-12);
        assert_relative_eq!(delta_t(12.0, 6.0), -6.0);
        assert_relative_eq!(condenser_delta_t(29.4, 35.0), 5.6, epsilon = 1e-12);
    }

    #[test]
    fn evaporator_load_by_hand() {
        // 75 L/s × 4.19 kJ/(L·K) × 5.6 K = 1 759.8 kW ≈ 500.4 tons.
        assert_relative_eq!(evaporator_load_kw(75.0, 5.6), 1759.8, epsilon = 1e-9);
        assert_relative_eq!(condenser_heat_kw(90.0, 5.0), 1872.0, epsilon = 1e-9);
    }

    #[test]
    fn kw_per_ton_and_cop_by_hand() {
        // 1 758.425 kW = 500 tons; 280 kW / 500 t = 0.56 kW/ton; COP = 6.28.
        assert_relative_eq!(kw_per_ton(280.0, 1758.425).unwrap(), 0.56, epsilon = 1e-12);
        assert_relative_eq!(cop(1758.425, 280.0).unwrap(), 6.280_089_3, epsilon = 1e-6);
        let kwpt = kw_per_ton(280.0, 1758.425).unwrap();
        assert_relative_eq!(
            cop(1758.425, 280.0).unwrap(),
            KW_PER_TON_REFRIGERATION / kwpt
        );
        assert_eq!(kw_per_ton(0.0, 1000.0), None);
        assert_eq!(kw_per_ton(100.0, -5.0), None);
        assert_eq!(cop(1000.0, 0.0), None);
    }

    #[test]
    fn approaches_by_hand() {
        assert_relative_eq!(condenser_approach(37.3, 34.5), 2.8, epsilon = 1e-12);
        assert_relative_eq!(evaporator_approach(6.7, 5.2), 1.5, epsilon = 1e-12);
    }

    #[test]
    fn phase_imbalance_uses_the_nema_definition() {
        // Mean 100 A; largest deviation 5 A → 5 %, where (max − min)/mean would say 8 %.
        assert_relative_eq!(
            phase_imbalance_pct(105.0, 97.0, 98.0).unwrap(),
            5.0,
            epsilon = 1e-12
        );
        assert_relative_eq!(phase_imbalance_pct(50.0, 50.0, 50.0).unwrap(), 0.0);
        assert_eq!(phase_imbalance_pct(0.0, 0.0, 0.0), None);
    }

    #[test]
    fn heat_balance_by_hand() {
        // 1 000 kW load + 200 kW input against 1 150 kW rejected: 50/1150 = 4.35 %.
        assert_relative_eq!(
            heat_balance(1000.0, 200.0, 1150.0).unwrap(),
            0.043_478_26,
            epsilon = 1e-8
        );
        assert_relative_eq!(heat_balance(1000.0, 200.0, 1200.0).unwrap(), 0.0);
        assert_eq!(heat_balance(1000.0, 200.0, 0.0), None);
    }

    #[test]
    fn ahri_tolerance_matches_the_standard_examples() {
        // 10 °F design ΔT: 5 % at full load, 10 % at half load.
        let ten_f = 10.0 / 1.8;
        assert_relative_eq!(
            ahri_heat_balance_tolerance(1.0, ten_f),
            0.05,
            epsilon = 1e-12
        );
        assert_relative_eq!(
            ahri_heat_balance_tolerance(0.5, ten_f),
            0.10,
            epsilon = 1e-12
        );
    }

    #[test]
    fn carnot_bound_by_hand() {
        // 6.7 °C → 279.85 K; 35 °C → 308.15 K; 279.85 / 28.3 = 9.8887.
        assert_relative_eq!(carnot_cop(6.7, 35.0).unwrap(), 9.888_692_6, epsilon = 1e-6);
        assert_eq!(carnot_cop(12.0, 12.0), None);
        assert_eq!(carnot_cop(12.0, 10.0), None);
    }
}
