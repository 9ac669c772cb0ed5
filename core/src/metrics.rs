//! Derived metrics of one reading: what the physics says given the values that passed
//! their field checks and the asset's nameplate.

use crate::asset::Asset;
use crate::physics;
use crate::reading::Measurements;

/// Where the chilled-water flow behind a load figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowBasis {
    /// The reading's own flow meter.
    Measured,
    /// The asset's design flow, because the reading has no flow (the result says so).
    DesignFlow,
}

impl FlowBasis {
    /// `measured` or `design_flow`.
    pub fn name(self) -> &'static str {
        match self {
            FlowBasis::Measured => "measured",
            FlowBasis::DesignFlow => "design_flow",
        }
    }
}

/// Mean phase current below which imbalance is not computed, A: a stopped motor's few
/// amperes of noise would read as a huge percentage.
pub const MIN_CURRENT_FOR_IMBALANCE_A: f64 = 1.0;

/// The derived metrics of one reading. `None` means "not measured": an input was missing
/// (or rejected), or the quantity is undefined (no load, no lift). Nothing is invented:
/// a refrigerant temperature is never assumed, and a flow only from the nameplate's
/// design flow, flagged by [`DerivedMetrics::chw_flow_basis`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DerivedMetrics {
    /// Chilled-water ΔT, K (return − supply).
    pub delta_t: Option<f64>,
    /// Condenser-water ΔT, K (leaving − entering).
    pub cdw_delta_t: Option<f64>,
    /// Evaporator load, kW thermal.
    pub evaporator_load_kw: Option<f64>,
    /// Where the chilled-water flow behind the load came from.
    pub chw_flow_basis: Option<FlowBasis>,
    /// Compressor kW per ton delivered.
    pub kw_per_ton: Option<f64>,
    /// Coefficient of performance (W/W).
    pub cop: Option<f64>,
    /// Condenser approach, K.
    pub condenser_approach: Option<f64>,
    /// Evaporator approach, K.
    pub evaporator_approach: Option<f64>,
    /// Phase current imbalance, % (NEMA MG-1).
    pub phase_imbalance: Option<f64>,
    /// Condenser heat rejection, kW thermal (measured condenser flow only).
    pub condenser_heat_kw: Option<f64>,
    /// AHRI 550/590 heat balance, fraction (both flows measured).
    pub heat_balance: Option<f64>,
    /// Carnot COP bound from the water temperatures.
    pub carnot_cop: Option<f64>,
    /// Evaporator load over rated capacity (fraction).
    pub load_fraction: Option<f64>,
}

impl DerivedMetrics {
    /// Computes every metric the given values allow.
    ///
    /// `values` must hold only values that passed their field checks; validation
    /// ensures that. Condenser heat and heat balance need a measured condenser flow:
    /// with an assumed flow the balance would check nothing.
    pub fn compute(values: &Measurements, asset: &Asset) -> Self {
        let mut metrics = DerivedMetrics::default();

        if let (Some(supply), Some(ret)) = (values.chw_supply_temp, values.chw_return_temp) {
            metrics.delta_t = Some(physics::delta_t(supply, ret));
        }
        if let (Some(inlet), Some(outlet)) = (values.cdw_inlet_temp, values.cdw_outlet_temp) {
            metrics.cdw_delta_t = Some(physics::condenser_delta_t(inlet, outlet));
        }

        let chw_flow = match (values.chw_flow, asset.design_chw_flow) {
            (Some(flow), _) => Some((flow, FlowBasis::Measured)),
            (None, Some(design)) => Some((design, FlowBasis::DesignFlow)),
            (None, None) => None,
        };
        if let (Some((flow, basis)), Some(delta_t)) = (chw_flow, metrics.delta_t) {
            let load = physics::evaporator_load_kw(flow, delta_t);
            metrics.evaporator_load_kw = Some(load);
            metrics.chw_flow_basis = Some(basis);
            if load > 0.0 {
                metrics.load_fraction = Some(load / asset.rated_capacity_kw);
            }
            if let Some(power) = values.power_kw {
                metrics.kw_per_ton = physics::kw_per_ton(power, load);
                metrics.cop = physics::cop(load, power);
            }
        }

        if let (Some(cond_sat), Some(outlet)) = (values.cond_sat_temp, values.cdw_outlet_temp) {
            metrics.condenser_approach = Some(physics::condenser_approach(cond_sat, outlet));
        }
        if let (Some(supply), Some(evap_sat)) = (values.chw_supply_temp, values.evap_sat_temp) {
            metrics.evaporator_approach = Some(physics::evaporator_approach(supply, evap_sat));
        }

        if let (Some(a), Some(b), Some(c)) = (values.current_a, values.current_b, values.current_c)
        {
            if (a + b + c) / 3.0 >= MIN_CURRENT_FOR_IMBALANCE_A {
                metrics.phase_imbalance = physics::phase_imbalance_pct(a, b, c);
            }
        }

        if let (Some(flow), Some(cdw_delta_t)) = (values.cdw_flow, metrics.cdw_delta_t) {
            let heat = physics::condenser_heat_kw(flow, cdw_delta_t);
            metrics.condenser_heat_kw = Some(heat);
            if let (Some(load), Some(power), Some(FlowBasis::Measured)) = (
                metrics.evaporator_load_kw,
                values.power_kw,
                metrics.chw_flow_basis,
            ) {
                metrics.heat_balance = physics::heat_balance(load, power, heat);
            }
        }

        if let Some(supply) = values.chw_supply_temp {
            // The entering condenser water is colder than the leaving, so it still
            // bounds COP from above when the leaving temperature is not measured.
            if let Some(hot) = values.cdw_outlet_temp.or(values.cdw_inlet_temp) {
                metrics.carnot_cop = physics::carnot_cop(supply, hot);
            }
        }

        metrics
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asset::ChillerType;
    use crate::field::Field;
    use approx::assert_relative_eq;

    fn full_reading() -> Measurements {
        Measurements::default()
            .with(Field::ChwSupplyTemp, 6.7)
            .with(Field::ChwReturnTemp, 12.3)
            .with(Field::CdwInletTemp, 29.4)
            .with(Field::CdwOutletTemp, 34.8)
            .with(Field::ChwFlow, 75.0)
            .with(Field::CdwFlow, 90.0)
            .with(Field::PowerKw, 280.0)
            .with(Field::VibrationRms, 1.1)
            .with(Field::CurrentA, 400.0)
            .with(Field::CurrentB, 396.0)
            .with(Field::CurrentC, 398.0)
            .with(Field::CondSatTemp, 37.3)
            .with(Field::EvapSatTemp, 5.2)
    }

    #[test]
    fn a_full_reading_yields_every_metric() {
        let asset = Asset::unregistered_default();
        let m = DerivedMetrics::compute(&full_reading(), &asset);
        assert_relative_eq!(m.delta_t.unwrap(), 5.6, epsilon = 1e-9);
        assert_relative_eq!(m.evaporator_load_kw.unwrap(), 1759.8, epsilon = 1e-9);
        assert_eq!(m.chw_flow_basis, Some(FlowBasis::Measured));
        assert_relative_eq!(
            m.kw_per_ton.unwrap(),
            280.0 / (1759.8 / 3.51685),
            epsilon = 1e-12
        );
        assert_relative_eq!(m.cop.unwrap(), 1759.8 / 280.0, epsilon = 1e-12);
        assert_relative_eq!(m.condenser_approach.unwrap(), 2.5, epsilon = 1e-9);
        assert_relative_eq!(m.evaporator_approach.unwrap(), 1.5, epsilon = 1e-9);
        // Mean 398 A, largest deviation 2 A → 0.5025 %.
        assert_relative_eq!(
            m.phase_imbalance.unwrap(),
            100.0 * 2.0 / 398.0,
            epsilon = 1e-12
        );
        // 90 × 4.16 × 5.4 = 2 021.76 kW; (1 759.8 + 280 − 2 021.76) / 2 021.76.
        assert_relative_eq!(m.condenser_heat_kw.unwrap(), 2021.76, epsilon = 1e-9);
        assert_relative_eq!(m.heat_balance.unwrap(), 18.04 / 2021.76, epsilon = 1e-9);
        assert_relative_eq!(m.carnot_cop.unwrap(), 279.85 / 28.1, epsilon = 1e-9);
        assert_relative_eq!(
            m.load_fraction.unwrap(),
            1759.8 / asset.rated_capacity_kw,
            epsilon = 1e-12
        );
    }

    #[test]
    fn design_flow_stands_in_for_a_missing_flow_and_says_so() {
        let mut asset = Asset::new(1758.425, ChillerType::Centrifugal);
        asset.design_chw_flow = Some(75.0);
        let mut values = full_reading();
        values.chw_flow = None;
        let m = DerivedMetrics::compute(&values, &asset);
        assert_eq!(m.chw_flow_basis, Some(FlowBasis::DesignFlow));
        assert_relative_eq!(m.evaporator_load_kw.unwrap(), 1759.8, epsilon = 1e-9);
        assert!(m.kw_per_ton.is_some());
        // A balance against an assumed flow would check nothing.
        assert_eq!(m.heat_balance, None);
    }

    #[test]
    fn without_flow_or_design_flow_load_is_not_measured() {
        let mut values = full_reading();
        values.chw_flow = None;
        let m = DerivedMetrics::compute(&values, &Asset::unregistered_default());
        assert_eq!(m.evaporator_load_kw, None);
        assert_eq!(m.kw_per_ton, None);
        assert_eq!(m.cop, None);
        assert_eq!(m.chw_flow_basis, None);
        assert!(m.delta_t.is_some());
    }

    #[test]
    fn refrigerant_temperatures_are_never_invented() {
        let mut values = full_reading();
        values.cond_sat_temp = None;
        values.evap_sat_temp = None;
        let m = DerivedMetrics::compute(&values, &Asset::unregistered_default());
        assert_eq!(m.condenser_approach, None);
        assert_eq!(m.evaporator_approach, None);
    }

    #[test]
    fn carnot_falls_back_to_entering_condenser_water() {
        let values = Measurements::default()
            .with(Field::ChwSupplyTemp, 6.7)
            .with(Field::CdwInletTemp, 29.4);
        let m = DerivedMetrics::compute(&values, &Asset::unregistered_default());
        assert_relative_eq!(m.carnot_cop.unwrap(), 279.85 / 22.7, epsilon = 1e-9);
    }

    #[test]
    fn imbalance_needs_three_phases_and_current() {
        let mut values = full_reading();
        values.current_c = None;
        assert_eq!(
            DerivedMetrics::compute(&values, &Asset::unregistered_default()).phase_imbalance,
            None
        );
        let idle = Measurements::default()
            .with(Field::CurrentA, 0.4)
            .with(Field::CurrentB, 0.1)
            .with(Field::CurrentC, 0.2);
        assert_eq!(
            DerivedMetrics::compute(&idle, &Asset::unregistered_default()).phase_imbalance,
            None
        );
    }

    #[test]
    fn an_empty_reading_has_no_metrics() {
        let m = DerivedMetrics::compute(&Measurements::default(), &Asset::unregistered_default());
        assert_eq!(m, DerivedMetrics::default());
    }
}
