//! The generator: a chiller in a building, one reading per step.
//!
//! Each step: the weather (wet-bulb with a daily cycle and a slowly wandering anomaly)
//! sets the cooling tower's condenser water; the building's load follows a daily and
//! weekly occupancy profile; the chiller delivers what it can (capacity from CAPFT) at
//! the power the EIR model predicts, scaled by the refrigerant lift when a fault moves an
//! approach; the condenser rejects load plus power; refrigerant saturation temperatures
//! follow from the approaches; currents from power; vibration from the machine's ISO
//! zones. Sensors add bounded noise. Faults act through [`super::faults`].

use std::f64::consts::PI;

use super::faults;
use super::rng::Rng;
use super::{Scenario, ScenarioSpec};
use crate::asset::{Asset, VibrationZones};
use crate::model::ChillerModel;
use crate::physics::{CDW_HEAT_CAPACITY_KJ_PER_L_K, CHW_HEAT_CAPACITY_KJ_PER_L_K};
use crate::reading::{Measurements, Reading, UnixMicros, MICROS_PER_DAY, MICROS_PER_HOUR};
use crate::units::{celsius_to_kelvin, KW_PER_TON_REFRIGERATION};

/// Chilled-water supply setpoint, °C (44 °F, the AHRI rating point).
pub const CHW_SETPOINT: f64 = 6.67;
/// The cooling tower holds condenser water at or above this, °C.
pub const MIN_CDW_INLET: f64 = 24.0;
/// Design condenser-water ΔT used to size the condenser flow when none is on record, K.
pub const DESIGN_CDW_DELTA_T: f64 = 5.6;
/// Mean summer wet-bulb temperature, °C, and its daily swing (amplitude).
const WET_BULB_MEAN: f64 = 21.0;
const WET_BULB_DAILY_SWING: f64 = 3.0;
/// The weather anomaly: standard deviation (°C) and correlation time (µs).
const WEATHER_SIGMA: f64 = 1.5;
const WEATHER_CORRELATION: f64 = 36.0 * MICROS_PER_HOUR as f64;
/// Part-load limits of the building's demand: the chiller runs around the clock
/// (a data-centre or hospital base load under a comfort-cooling peak).
const MIN_PART_LOAD: f64 = 0.45;
const MAX_PART_LOAD: f64 = 0.95;
/// Variable primary flow: chilled-water flow follows load down to half of design.
const MIN_CHW_FLOW_FRACTION: f64 = 0.5;
/// Motor supply for current calculation: 460 V three-phase at power factor 0.88.
const MOTOR_VOLTS: f64 = 460.0;
const MOTOR_POWER_FACTOR: f64 = 0.88;
/// Sensor noise, one standard deviation: temperature °C, then relative for flows,
/// power, currents and vibration.
const TEMPERATURE_NOISE: f64 = 0.01;
const FLOW_NOISE: f64 = 0.0025;
const POWER_NOISE: f64 = 0.0025;
const CURRENT_NOISE: f64 = 0.0005;
const VIBRATION_NOISE: f64 = 0.04;
const APPROACH_NOISE: f64 = 0.03;

/// Streams the readings of one scenario run.
#[derive(Debug, Clone)]
pub struct Generator {
    scenario: Scenario,
    model: ChillerModel,
    rated_capacity_kw: f64,
    design_chw_flow: f64,
    design_cdw_flow: f64,
    zones: VibrationZones,
    start: UnixMicros,
    step: i64,
    duration: f64,
    index: i64,
    count: i64,
    rng: Rng,
    weather_anomaly: f64,
    weather_decay: f64,
    weather_kick: f64,
    phase_pattern: [f64; 3],
}

/// Mean 0, largest magnitude 1: how a fixed imbalance spreads over the three phases.
fn phase_pattern(rng: &mut Rng) -> [f64; 3] {
    let raw = [rng.symmetric(), rng.symmetric(), rng.symmetric()];
    let mean = (raw[0] + raw[1] + raw[2]) / 3.0;
    let centred = raw.map(|x| x - mean);
    let largest = centred.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    if largest < 1e-6 {
        [1.0, -0.5, -0.5]
    } else {
        centred.map(|x| x / largest)
    }
}

impl Generator {
    pub(super) fn new(spec: &ScenarioSpec, count: i64) -> Self {
        let asset: &Asset = &spec.asset;
        let design_chw_flow = asset.design_chw_flow.unwrap_or(
            asset.rated_capacity_kw / (CHW_HEAT_CAPACITY_KJ_PER_L_K * asset.design_delta_t),
        );
        let heat_rejected =
            asset.rated_capacity_kw * (1.0 + asset.design_kw_per_ton / KW_PER_TON_REFRIGERATION);
        let design_cdw_flow = asset
            .design_cdw_flow
            .unwrap_or(heat_rejected / (CDW_HEAT_CAPACITY_KJ_PER_L_K * DESIGN_CDW_DELTA_T));
        let weather_decay = (-(spec.step as f64) / WEATHER_CORRELATION).exp();
        let mut rng = Rng::new(spec.seed);
        let phase_pattern = phase_pattern(&mut rng);
        let weather_anomaly =
            (WEATHER_SIGMA * rng.noise()).clamp(-2.0 * WEATHER_SIGMA, 2.0 * WEATHER_SIGMA);
        Generator {
            scenario: spec.scenario,
            model: ChillerModel::of(asset),
            rated_capacity_kw: asset.rated_capacity_kw,
            design_chw_flow,
            design_cdw_flow,
            zones: asset.vibration_zones(),
            start: spec.start,
            step: spec.step,
            duration: spec.effective_duration() as f64,
            index: 0,
            count,
            rng,
            weather_anomaly,
            weather_decay,
            weather_kick: WEATHER_SIGMA * (1.0 - weather_decay * weather_decay).sqrt(),
            phase_pattern,
        }
    }

    /// Readings left to yield.
    pub fn remaining(&self) -> usize {
        (self.count - self.index) as usize
    }

    /// Adapts the stream to full [`Reading`]s of `asset_id`.
    pub fn readings(self, asset_id: &str) -> impl Iterator<Item = Reading> + '_ {
        self.map(move |(time, values)| Reading {
            time,
            asset_id: asset_id.to_string(),
            values,
        })
    }

    fn wet_bulb(&mut self, hour: f64) -> f64 {
        let next = self.weather_decay * self.weather_anomaly + self.weather_kick * self.rng.noise();
        // A heat wave or a cold snap, but never beyond two standard deviations.
        self.weather_anomaly = next.clamp(-2.0 * WEATHER_SIGMA, 2.0 * WEATHER_SIGMA);
        WET_BULB_MEAN
            + WET_BULB_DAILY_SWING * (2.0 * PI * (hour - 9.0) / 24.0).sin()
            + self.weather_anomaly
    }

    fn demand_part_load(&mut self, hour: f64, weekday: i64, wet_bulb: f64) -> f64 {
        let occupancy = if (6.0..=20.0).contains(&hour) {
            (PI * (hour - 6.0) / 14.0).sin().powi(2)
        } else {
            0.0
        };
        let week = match weekday {
            5 => 0.55,
            6 => 0.45,
            _ => 1.0,
        };
        let weather = 0.03 * (wet_bulb - WET_BULB_MEAN) / WET_BULB_DAILY_SWING;
        let plr = 0.48 + 0.42 * occupancy * week + weather + 0.01 * self.rng.noise();
        plr.clamp(MIN_PART_LOAD, MAX_PART_LOAD)
    }

    fn sensor(&mut self, value: f64, sigma: f64) -> f64 {
        value + sigma * self.rng.noise()
    }

    fn relative(&mut self, value: f64, sigma: f64) -> f64 {
        value * (1.0 + sigma * self.rng.noise())
    }

    fn reading_at(&mut self, time: UnixMicros) -> Measurements {
        let progress = ((time - self.start) as f64 / self.duration).clamp(0.0, 1.0);
        let since_midnight = time.rem_euclid(MICROS_PER_DAY);
        let hour = since_midnight as f64 / MICROS_PER_HOUR as f64;
        // 1970-01-01 was a Thursday; 0 = Monday.
        let weekday = (time.div_euclid(MICROS_PER_DAY) + 3).rem_euclid(7);

        let wet_bulb = self.wet_bulb(hour);
        let demand_plr = self.demand_part_load(hour, weekday, wet_bulb);
        let demand_kw = demand_plr * self.rated_capacity_kw;
        let cdw_inlet = (wet_bulb + 3.0 + 2.0 * demand_plr).max(MIN_CDW_INLET);
        let chw_flow = self.design_chw_flow * demand_plr.max(MIN_CHW_FLOW_FRACTION);
        let cdw_flow = self.design_cdw_flow;

        let scenario = self.scenario;
        let capacity_factor = match scenario {
            Scenario::RefrigerantLeak => faults::leak_capacity_factor(progress),
            _ => 1.0,
        };
        let available = self.model.available_capacity_kw(CHW_SETPOINT, cdw_inlet) * capacity_factor;
        let load_kw = demand_kw.min(available);
        // The building sets the return temperature; unmet load shows as a warmer supply.
        let chw_return = CHW_SETPOINT + demand_kw / (chw_flow * CHW_HEAT_CAPACITY_KJ_PER_L_K);
        let chw_supply = chw_return - load_kw / (chw_flow * CHW_HEAT_CAPACITY_KJ_PER_L_K);

        let healthy_power = self.model.predict(chw_supply, cdw_inlet, load_kw).power_kw;
        let condenser_approach = match scenario {
            Scenario::TubeFouling => faults::fouling_approach(progress),
            _ => faults::HEALTHY_CONDENSER_APPROACH,
        };
        let evaporator_approach = match scenario {
            Scenario::RefrigerantLeak => faults::leak_evaporator_approach(progress),
            _ => faults::HEALTHY_EVAPORATOR_APPROACH,
        };
        // A fault that widens an approach raises the refrigerant lift; compressor work
        // grows with lift (Carnot: W/Q = (T_cond − T_evap) / T_evap).
        let cdw_outlet_healthy =
            cdw_inlet + (load_kw + healthy_power) / (cdw_flow * CDW_HEAT_CAPACITY_KJ_PER_L_K);
        let evap_healthy = chw_supply - faults::HEALTHY_EVAPORATOR_APPROACH;
        let lift_healthy = cdw_outlet_healthy + faults::HEALTHY_CONDENSER_APPROACH - evap_healthy;
        let evap_sat = chw_supply - evaporator_approach;
        let lift = cdw_outlet_healthy + condenser_approach - evap_sat;
        let lift_ratio =
            (lift / celsius_to_kelvin(evap_sat)) / (lift_healthy / celsius_to_kelvin(evap_healthy));
        let power = healthy_power * lift_ratio;
        let cdw_outlet = cdw_inlet + (load_kw + power) / (cdw_flow * CDW_HEAT_CAPACITY_KJ_PER_L_K);
        let cond_sat = cdw_outlet + condenser_approach;

        let vibration = match scenario {
            Scenario::BearingWear => faults::bearing_wear_vibration(&self.zones, progress),
            Scenario::PostMaintenanceMisalignment => {
                faults::misalignment_vibration(&self.zones, progress)
            }
            _ => faults::healthy_vibration(&self.zones),
        } * (0.9 + 0.2 * demand_plr);
        let imbalance = match scenario {
            Scenario::ElectricalIssue => faults::electrical_imbalance(progress),
            _ => faults::HEALTHY_PHASE_IMBALANCE,
        };
        let mean_current = power * 1000.0 / (3f64.sqrt() * MOTOR_VOLTS * MOTOR_POWER_FACTOR);
        let [pa, pb, pc] = self.phase_pattern;

        Measurements {
            chw_supply_temp: Some(self.sensor(chw_supply, TEMPERATURE_NOISE)),
            chw_return_temp: Some(self.sensor(chw_return, TEMPERATURE_NOISE)),
            cdw_inlet_temp: Some(self.sensor(cdw_inlet, TEMPERATURE_NOISE)),
            cdw_outlet_temp: Some(self.sensor(cdw_outlet, TEMPERATURE_NOISE)),
            chw_flow: Some(self.relative(chw_flow, FLOW_NOISE)),
            cdw_flow: Some(self.relative(cdw_flow, FLOW_NOISE)),
            power_kw: Some(self.relative(power, POWER_NOISE)),
            vibration_rms: Some(self.relative(vibration, VIBRATION_NOISE)),
            current_a: Some(
                self.relative(mean_current * (1.0 + imbalance / 100.0 * pa), CURRENT_NOISE),
            ),
            current_b: Some(
                self.relative(mean_current * (1.0 + imbalance / 100.0 * pb), CURRENT_NOISE),
            ),
            current_c: Some(
                self.relative(mean_current * (1.0 + imbalance / 100.0 * pc), CURRENT_NOISE),
            ),
            cond_sat_temp: Some(self.sensor(cond_sat, APPROACH_NOISE)),
            evap_sat_temp: Some(self.sensor(evap_sat, APPROACH_NOISE)),
        }
    }
}

impl Iterator for Generator {
    type Item = (UnixMicros, Measurements);

    fn next(&mut self) -> Option<Self::Item> {
        if self.index >= self.count {
            return None;
        }
        let time = self.start + self.index * self.step;
        self.index += 1;
        Some((time, self.reading_at(time)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining(), Some(self.remaining()))
    }
}

impl ExactSizeIterator for Generator {}
