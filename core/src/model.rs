//! Chiller performance model: the DOE-2 / EnergyPlus electric EIR form.
//!
//! available capacity = rated × CAPFT(T_chws, T_cdw_in)
//! power = available capacity × EIR_rated × EIRFT(T_chws, T_cdw_in) × EIRFPLR(PLR)
//!
//! with biquadratic CAPFT and EIRFT (x = chilled water leaving, y = condenser water
//! entering, both °C) and quadratic EIRFPLR. The curves are normalised to 1 at the AHRI
//! rating point (6.67 °C / 29.4 °C), where EIR_rated = design kW/ton ÷ 3.51685.
//!
//! Source of the coefficients: the DOE-2.1E default curve sets "DOE-2 Centrifugal/5.50COP"
//! and "DOE-2 Reciprocating/3.67COP" of the EnergyPlus chiller dataset (Chillers.idf), as
//! also carried by the Modelica Buildings library's ElectricEIR records.

use crate::asset::{Asset, ChillerType};
use crate::units::KW_PER_TON_REFRIGERATION;

/// c0 + c1·x + c2·x² + c3·y + c4·y² + c5·x·y
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Biquadratic(pub [f64; 6]);

impl Biquadratic {
    /// The curve's value at (x, y).
    pub fn eval(&self, x: f64, y: f64) -> f64 {
        let c = &self.0;
        c[0] + c[1] * x + c[2] * x * x + c[3] * y + c[4] * y * y + c[5] * x * y
    }
}

/// c0 + c1·x + c2·x²
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quadratic(pub [f64; 3]);

impl Quadratic {
    /// The curve's value at x.
    pub fn eval(&self, x: f64) -> f64 {
        let c = &self.0;
        c[0] + c[1] * x + c[2] * x * x
    }
}

/// One published set of performance curves, with the ranges they were fitted over.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurveSet {
    /// The dataset's name for the set.
    pub name: &'static str,
    /// Capacity as a function of temperatures.
    pub capft: Biquadratic,
    /// Energy input ratio as a function of temperatures.
    pub eirft: Biquadratic,
    /// Energy input ratio as a function of part-load ratio.
    pub eirfplr: Quadratic,
    /// Chilled water leaving range, °C, the curves hold over.
    pub chws_range: (f64, f64),
    /// Condenser water entering range, °C.
    pub cdw_in_range: (f64, f64),
    /// Below this part-load ratio the machine false-loads (power as at this ratio).
    pub min_part_load: f64,
}

/// DOE-2 Centrifugal/5.50COP.
pub const DOE2_CENTRIFUGAL: CurveSet = CurveSet {
    name: "DOE-2 Centrifugal/5.50COP",
    capft: Biquadratic([
        0.257896,
        0.0389016,
        -0.00021708,
        0.0468684,
        -0.00094284,
        -0.00034344,
    ]),
    eirft: Biquadratic([
        0.933884, -0.058212, 0.00450036, 0.00243, 0.000486, -0.001215,
    ]),
    eirfplr: Quadratic([0.222903, 0.313387, 0.46371]),
    chws_range: (5.0, 10.0),
    cdw_in_range: (24.0, 35.0),
    min_part_load: 0.1,
};

/// DOE-2 Reciprocating/3.67COP, used for every positive-displacement type.
pub const DOE2_RECIPROCATING: CurveSet = CurveSet {
    name: "DOE-2 Reciprocating/3.67COP",
    capft: Biquadratic([
        0.507883,
        0.145228,
        -0.00625644,
        -0.0011178,
        -0.0001296,
        -0.00028188,
    ]),
    eirft: Biquadratic([
        1.03076,
        -0.103536,
        0.00710208,
        0.0093186,
        0.00031752,
        -0.00104328,
    ]),
    eirfplr: Quadratic([0.088065, 1.137742, -0.225806]),
    chws_range: (5.0, 10.0),
    cdw_in_range: (24.0, 35.0),
    min_part_load: 0.1,
};

/// The curve set used for a chiller type.
pub fn curves_for(chiller_type: ChillerType) -> &'static CurveSet {
    if chiller_type.is_positive_displacement() {
        &DOE2_RECIPROCATING
    } else {
        &DOE2_CENTRIFUGAL
    }
}

/// What the model predicts at one operating point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    /// Capacity available at these water temperatures, kW thermal.
    pub available_capacity_kw: f64,
    /// Load over available capacity.
    pub part_load_ratio: f64,
    /// Compressor input power, kW.
    pub power_kw: f64,
}

impl Prediction {
    /// Predicted efficiency, kW/ton, for the load the prediction was made for.
    pub fn kw_per_ton(&self) -> f64 {
        self.power_kw
            / (self.part_load_ratio * self.available_capacity_kw / KW_PER_TON_REFRIGERATION)
    }
}

/// A chiller's expected performance from its nameplate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChillerModel {
    rated_capacity_kw: f64,
    rated_eir: f64,
    curves: &'static CurveSet,
}

impl ChillerModel {
    /// The model of an asset: its capacity, design kW/ton and type's curves.
    pub fn of(asset: &Asset) -> Self {
        ChillerModel {
            rated_capacity_kw: asset.rated_capacity_kw,
            rated_eir: asset.design_kw_per_ton / KW_PER_TON_REFRIGERATION,
            curves: curves_for(asset.chiller_type),
        }
    }

    /// The curve set in use.
    pub fn curves(&self) -> &'static CurveSet {
        self.curves
    }

    fn clamp_inputs(&self, chw_supply_temp: f64, cdw_inlet_temp: f64) -> (f64, f64) {
        let (x_lo, x_hi) = self.curves.chws_range;
        let (y_lo, y_hi) = self.curves.cdw_in_range;
        (
            chw_supply_temp.clamp(x_lo, x_hi),
            cdw_inlet_temp.clamp(y_lo, y_hi),
        )
    }

    /// Available capacity, kW thermal. Inputs outside the curves' fitted ranges are
    /// clamped to them, as EnergyPlus does.
    pub fn available_capacity_kw(&self, chw_supply_temp: f64, cdw_inlet_temp: f64) -> f64 {
        let (x, y) = self.clamp_inputs(chw_supply_temp, cdw_inlet_temp);
        self.rated_capacity_kw * self.curves.capft.eval(x, y)
    }

    /// The expected power for delivering `load_kw` at the given water temperatures.
    /// The load is capped at the available capacity.
    pub fn predict(&self, chw_supply_temp: f64, cdw_inlet_temp: f64, load_kw: f64) -> Prediction {
        let (x, y) = self.clamp_inputs(chw_supply_temp, cdw_inlet_temp);
        let available = self.rated_capacity_kw * self.curves.capft.eval(x, y);
        let part_load_ratio = (load_kw / available).clamp(0.0, 1.0);
        let loading = part_load_ratio.max(self.curves.min_part_load);
        let power_kw = available
            * self.rated_eir
            * self.curves.eirft.eval(x, y)
            * self.curves.eirfplr.eval(loading);
        Prediction {
            available_capacity_kw: available,
            part_load_ratio,
            power_kw,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::tons_to_kw;
    use approx::assert_relative_eq;

    #[test]
    fn curves_are_normalised_at_the_ahri_rating_point() {
        for curves in [&DOE2_CENTRIFUGAL, &DOE2_RECIPROCATING] {
            assert_relative_eq!(curves.capft.eval(6.67, 29.4), 1.0, epsilon = 0.005);
            assert_relative_eq!(curves.eirft.eval(6.67, 29.4), 1.0, epsilon = 0.005);
            assert_relative_eq!(curves.eirfplr.eval(1.0), 1.0, epsilon = 0.001);
        }
    }

    #[test]
    fn the_design_point_reproduces_the_design_efficiency() {
        let asset = Asset::new(tons_to_kw(500.0), ChillerType::Centrifugal);
        let model = ChillerModel::of(&asset);
        let prediction = model.predict(6.67, 29.4, asset.rated_capacity_kw * 2.0);
        assert_relative_eq!(prediction.part_load_ratio, 1.0);
        assert_relative_eq!(
            prediction.kw_per_ton(),
            asset.design_kw_per_ton,
            epsilon = 0.005
        );
    }

    #[test]
    fn colder_condenser_water_costs_less_power() {
        let model = ChillerModel::of(&Asset::unregistered_default());
        let load = 1000.0;
        let warm = model.predict(6.67, 32.0, load).power_kw;
        let cool = model.predict(6.67, 25.0, load).power_kw;
        assert!(cool < warm * 0.95, "{cool} vs {warm}");
    }

    #[test]
    fn inputs_outside_the_fitted_range_are_clamped() {
        let model = ChillerModel::of(&Asset::unregistered_default());
        assert_eq!(
            model.predict(6.67, 12.0, 800.0),
            model.predict(6.67, 24.0, 800.0)
        );
        assert_eq!(
            model.available_capacity_kw(2.0, 29.4),
            model.available_capacity_kw(5.0, 29.4)
        );
    }

    #[test]
    fn part_load_by_hand() {
        // Centrifugal EIRFPLR(0.5) = 0.222903 + 0.1566935 + 0.1159275 = 0.495524.
        assert_relative_eq!(
            DOE2_CENTRIFUGAL.eirfplr.eval(0.5),
            0.495_524,
            epsilon = 1e-6
        );
        let model = ChillerModel::of(&Asset::unregistered_default());
        let half = model.predict(6.67, 29.4, 0.5 * model.available_capacity_kw(6.67, 29.4));
        let full = model.predict(6.67, 29.4, model.available_capacity_kw(6.67, 29.4));
        assert_relative_eq!(
            half.power_kw / full.power_kw,
            0.495_524 / 1.000_0,
            epsilon = 1e-3
        );
        // Below the minimum part-load ratio the machine false-loads.
        let tiny = model.predict(6.67, 29.4, 1.0);
        assert_relative_eq!(
            tiny.power_kw / full.power_kw,
            DOE2_CENTRIFUGAL.eirfplr.eval(0.1) / DOE2_CENTRIFUGAL.eirfplr.eval(1.0),
            epsilon = 1e-9
        );
    }

    #[test]
    fn positive_displacement_types_use_the_reciprocating_set() {
        assert_eq!(
            curves_for(ChillerType::Screw).name,
            "DOE-2 Reciprocating/3.67COP"
        );
        assert_eq!(
            curves_for(ChillerType::Centrifugal).name,
            "DOE-2 Centrifugal/5.50COP"
        );
    }
}
