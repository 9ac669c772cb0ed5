-- A comment on every function, with units. SI throughout: °C (differences too), L/s,
-- kW, mm/s RMS, A, %.
COMMENT ON FUNCTION mep_sensor_data_trigger() IS
    'Trigger: BEFORE INSERT OR UPDATE ... FOR EACH ROW on mep.sensor_data. Checks each reading with Physics-Guard, fills derived metrics and health_score, sends rejected readings to mep.rejected_readings (or raises SQLSTATE 23514 when mep.on_reject = error).';
COMMENT ON FUNCTION mep_validate(jsonb, boolean, text) IS
    'Validates one reading given as JSON without storing it. Returns {status: accepted|warning|rejected, is_valid, reason, recommendation, run_state, findings[{code, severity, fields, message, recommendation}], derived_metrics, health_score, ignored_keys}. strict NULL follows mep.strict; units ''si'' (°C, L/s) or ''ip'' (°F, gpm). An asset_id key uses that asset''s nameplate.';
COMMENT ON FUNCTION mep_validate_values(double precision, double precision, double precision, double precision, double precision, double precision, double precision, double precision, double precision, double precision, double precision, double precision, double precision, text, boolean) IS
    'Validates one reading given as named values (°C, L/s, kW, mm/s, A) without storing it; one row with status, reason, recommendation, finding codes, run state and derived metrics.';
COMMENT ON FUNCTION mep_rules() IS
    'Every Physics-Guard finding code with its severity (reject or warning) and meaning.';
COMMENT ON FUNCTION mep_health_score(double precision, double precision, double precision, double precision, double precision, double precision, text, text, double precision[]) IS
    'Health score 0–100 of one set of metrics: vibration_rms (mm/s), condenser_approach (°C), phase_imbalance (%), kw_per_ton, delta_t (°C); NULL = not measured. design_delta_t (°C), ISO 10816-3 machine_group (group1|group2) and foundation (rigid|flexible), weights[5] in that order. IMMUTABLE: usable in continuous aggregates.';
COMMENT ON FUNCTION mep_health_score(text, timestamp with time zone, timestamp with time zone, text) IS
    'Health of an asset over [window_start, window_end) (default: the last 24 h): overall score 0–100, category, primary concern, recommendations, the metric limiting the score, and the breakdown as JSON. source ''raw'' (mep.sensor_data) or ''hourly'' (mep.sensor_data_hourly, for long windows).';
COMMENT ON FUNCTION mep_health_breakdown(text, timestamp with time zone, timestamp with time zone, text) IS
    'One row per health metric of an asset over a window: metric_name, raw_value, unit, normalized_score, weighted_contribution, weight, effective_weight, status, message, score_limit, limits_overall.';
COMMENT ON FUNCTION mep_score_metrics(text, double precision, double precision, double precision, double precision, double precision) IS
    'Health score 0–100 of one set of metrics scored with an asset''s nameplate and weights (looked up once per query). Used by mep.hourly_health and mep.daily_health.';
COMMENT ON FUNCTION mep_health_category(double precision) IS
    'The rating of a 0–100 score: excellent (> 90), good (> 80), fair (> 60), poor (40–60), critical (< 40).';
COMMENT ON FUNCTION mep_rating_bands(double precision, text, text) IS
    'The band boundaries of each health metric (excellent/good, good/fair, fair/poor, poor/critical) for a design ΔT (°C) and ISO 10816-3 class, in the metric''s unit: for dashboard thresholds.';
COMMENT ON FUNCTION mep_generate_scenario(text, text, timestamp with time zone, interval, interval, bigint, timestamp with time zone, timestamp with time zone) IS
    'Streams deterministic, physically consistent readings of a scenario (healthy, tube_fouling, bearing_wear, refrigerant_leak, electrical_issue, post_maintenance_misalignment) for an asset, shaped for INSERT INTO mep.sensor_data SELECT * FROM .... start NULL: the run ends now; duration NULL: the scenario''s default; step default 5 minutes; seed fixes the output; window_start/window_end return only that part of the run (for loading a long run in pieces).';
COMMENT ON FUNCTION mep_scenarios() IS
    'The scenarios with their default length in days and key indicator.';
COMMENT ON FUNCTION mep_delta_t(double precision, double precision) IS
    'Chilled-water ΔT, °C: chw_return_temp − chw_supply_temp (both °C).';
COMMENT ON FUNCTION mep_evaporator_load_kw(double precision, double precision) IS
    'Evaporator load, kW thermal: chw_flow (L/s) × 4.19 kJ/(L·K) × delta_t (°C).';
COMMENT ON FUNCTION mep_kw_per_ton(double precision, double precision) IS
    'Efficiency, kW/ton: power_kw ÷ (evaporator_load_kw ÷ 3.51685). NULL unless both are positive.';
COMMENT ON FUNCTION mep_cop(double precision, double precision) IS
    'Coefficient of performance (kW/kW): evaporator_load_kw ÷ power_kw. NULL unless both are positive.';
COMMENT ON FUNCTION mep_condenser_approach(double precision, double precision) IS
    'Condenser approach, °C: cond_sat_temp − cdw_outlet_temp (both °C).';
COMMENT ON FUNCTION mep_evaporator_approach(double precision, double precision) IS
    'Evaporator approach, °C: chw_supply_temp − evap_sat_temp (both °C).';
COMMENT ON FUNCTION mep_phase_imbalance(double precision, double precision, double precision) IS
    'Phase current imbalance, % (NEMA MG-1): 100 × largest deviation from the mean ÷ mean, currents in A. NULL when the mean is not positive.';
COMMENT ON FUNCTION mep_carnot_cop(double precision, double precision) IS
    'Carnot COP bound: T_chws ÷ (T_cdw_out − T_chws) in K, from chw_supply_temp and cdw_outlet_temp in °C. NULL without positive lift.';
COMMENT ON FUNCTION mep_heat_balance_pct(double precision, double precision, double precision) IS
    'AHRI 550/590 heat balance, %: 100 × (evaporator_load_kw + power_kw − condenser_heat_kw) ÷ condenser_heat_kw.';
COMMENT ON FUNCTION mep_heat_balance_tolerance_pct(double precision, double precision) IS
    'AHRI 550/590 heat-balance tolerance, %, at a load fraction (0–1) and design ΔT (°C): 100 × (0.105 − 0.07·L + 0.15 ÷ (ΔT_°F · L)).';
COMMENT ON FUNCTION mep_expected_kw_per_ton(double precision, double precision, double precision, double precision, double precision, text) IS
    'Expected kW/ton from the DOE-2/EnergyPlus EIR model: chw_supply_temp (°C), cdw_inlet_temp (°C), evaporator_load_kw, rated_capacity_kw, design_kw_per_ton, chiller_type. Measured minus expected separates a fault from weather and load.';
COMMENT ON FUNCTION mep_f_to_c(double precision) IS 'Temperature °F → °C: (F − 32) ÷ 1.8.';
COMMENT ON FUNCTION mep_c_to_f(double precision) IS 'Temperature °C → °F: C × 1.8 + 32.';
COMMENT ON FUNCTION mep_delta_f_to_c(double precision) IS 'Temperature difference °F → °C (K): ΔF ÷ 1.8.';
COMMENT ON FUNCTION mep_gpm_to_lps(double precision) IS 'Flow US gpm → L/s: × 0.0630902.';
COMMENT ON FUNCTION mep_lps_to_gpm(double precision) IS 'Flow L/s → US gpm: ÷ 0.0630902.';
COMMENT ON FUNCTION mep_tons_to_kw(double precision) IS 'Tons of refrigeration → kW thermal: × 3.51685.';
COMMENT ON FUNCTION mep_kw_to_tons(double precision) IS 'kW thermal → tons of refrigeration: ÷ 3.51685.';
COMMENT ON FUNCTION mep_psi_to_kpa(double precision) IS 'Pressure psi → kPa: × 6.89476.';
COMMENT ON FUNCTION mep_version() IS 'The version of the loaded mep library.';
COMMENT ON FUNCTION mep_version_info() IS
    'Versions of the mep extension (catalog), the loaded library, mep-core, PostgreSQL and TimescaleDB (or "not installed").';
