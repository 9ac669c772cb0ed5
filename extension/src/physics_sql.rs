//! The physics as small IMMUTABLE PARALLEL SAFE STRICT functions for ad-hoc SQL. SI units
//! in and out; the unit helpers convert at the edge.

use mep_core::asset::Asset;
use mep_core::model::ChillerModel;
use mep_core::{physics, units, ChillerType};
use pgrx::prelude::*;

use crate::errors::invalid_parameter;

/// Chilled-water ΔT, °C: return − supply.
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_delta_t(chw_supply_temp: f64, chw_return_temp: f64) -> f64 {
    physics::delta_t(chw_supply_temp, chw_return_temp)
}

/// Evaporator load, kW thermal: flow (L/s) × 4.19 kJ/(L·K) × ΔT.
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_evaporator_load_kw(chw_flow: f64, delta_t: f64) -> f64 {
    physics::evaporator_load_kw(chw_flow, delta_t)
}

/// kW per ton of refrigeration; NULL unless power and load are positive.
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_kw_per_ton(power_kw: f64, evaporator_load_kw: f64) -> Option<f64> {
    physics::kw_per_ton(power_kw, evaporator_load_kw)
}

/// Coefficient of performance; NULL unless load and power are positive.
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_cop(evaporator_load_kw: f64, power_kw: f64) -> Option<f64> {
    physics::cop(evaporator_load_kw, power_kw)
}

/// Condenser approach, °C: condensing saturation − condenser water leaving.
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_condenser_approach(cond_sat_temp: f64, cdw_outlet_temp: f64) -> f64 {
    physics::condenser_approach(cond_sat_temp, cdw_outlet_temp)
}

/// Evaporator approach, °C: chilled water leaving − evaporating saturation.
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_evaporator_approach(chw_supply_temp: f64, evap_sat_temp: f64) -> f64 {
    physics::evaporator_approach(chw_supply_temp, evap_sat_temp)
}

/// Phase current imbalance, % (NEMA MG-1: largest deviation from the mean over the mean).
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_phase_imbalance(current_a: f64, current_b: f64, current_c: f64) -> Option<f64> {
    physics::phase_imbalance_pct(current_a, current_b, current_c)
}

/// Carnot COP bound from chilled water supply and condenser water leaving, °C.
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_carnot_cop(chw_supply_temp: f64, cdw_outlet_temp: f64) -> Option<f64> {
    physics::carnot_cop(chw_supply_temp, cdw_outlet_temp)
}

/// AHRI 550/590 heat balance, %: 100 × (Q_evap + W − Q_cond) / Q_cond.
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_heat_balance_pct(
    evaporator_load_kw: f64,
    power_kw: f64,
    condenser_heat_kw: f64,
) -> Option<f64> {
    physics::heat_balance(evaporator_load_kw, power_kw, condenser_heat_kw).map(|b| 100.0 * b)
}

/// AHRI 550/590 heat-balance tolerance, %, at a load fraction and design ΔT (°C).
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_heat_balance_tolerance_pct(load_fraction: f64, design_delta_t: default!(f64, 5.6)) -> f64 {
    100.0 * physics::ahri_heat_balance_tolerance(load_fraction, design_delta_t)
}

/// Expected kW/ton from the DOE-2 EIR model of a chiller with this nameplate.
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_expected_kw_per_ton(
    chw_supply_temp: f64,
    cdw_inlet_temp: f64,
    evaporator_load_kw: f64,
    rated_capacity_kw: f64,
    design_kw_per_ton: f64,
    chiller_type: default!(&str, "'centrifugal'"),
) -> Option<f64> {
    let chiller_type = chiller_type
        .parse::<ChillerType>()
        .unwrap_or_else(|e| invalid_parameter(format!("mep: {e}")));
    let mut asset = Asset::new(rated_capacity_kw, chiller_type);
    asset.design_kw_per_ton = design_kw_per_ton;
    if let Err(e) = asset.check() {
        invalid_parameter(format!("mep: {e}"));
    }
    if evaporator_load_kw <= 0.0 {
        return None;
    }
    Some(
        ChillerModel::of(&asset)
            .predict(chw_supply_temp, cdw_inlet_temp, evaporator_load_kw)
            .kw_per_ton(),
    )
}

/// °F to °C.
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_f_to_c(fahrenheit: f64) -> f64 {
    units::fahrenheit_to_celsius(fahrenheit)
}

/// °C to °F.
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_c_to_f(celsius: f64) -> f64 {
    units::celsius_to_fahrenheit(celsius)
}

/// A temperature difference in °F to °C (K).
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_delta_f_to_c(delta_fahrenheit: f64) -> f64 {
    units::fahrenheit_delta_to_kelvin(delta_fahrenheit)
}

/// US gpm to L/s.
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_gpm_to_lps(gpm: f64) -> f64 {
    units::gpm_to_lps(gpm)
}

/// L/s to US gpm.
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_lps_to_gpm(lps: f64) -> f64 {
    units::lps_to_gpm(lps)
}

/// Tons of refrigeration to kW thermal.
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_tons_to_kw(tons: f64) -> f64 {
    units::tons_to_kw(tons)
}

/// kW thermal to tons of refrigeration.
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_kw_to_tons(kw: f64) -> f64 {
    units::kw_to_tons(kw)
}

/// psi to kPa.
#[pg_extern(immutable, parallel_safe, strict)]
fn mep_psi_to_kpa(psi: f64) -> f64 {
    units::psi_to_kpa(psi)
}
