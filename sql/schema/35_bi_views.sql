-- mep schema, part 3b: views for BI tools (Metabase and the like). Plain column names that
-- carry their unit, one reading or one verdict per row, no arrays: a BI tool can chart
-- them without hand-written SQL. Column comments are the descriptions BI tools show.

CREATE OR REPLACE VIEW mep.bi_readings AS
SELECT s.time                       AS reading_time,
       s.asset_id,
       s.chw_supply_temp            AS chilled_water_supply_c,
       s.chw_return_temp            AS chilled_water_return_c,
       s.cdw_inlet_temp             AS condenser_water_in_c,
       s.cdw_outlet_temp            AS condenser_water_out_c,
       s.chw_flow                   AS chilled_water_flow_l_per_s,
       s.cdw_flow                   AS condenser_water_flow_l_per_s,
       s.power_kw                   AS compressor_power_kw,
       s.vibration_rms              AS vibration_mm_per_s,
       s.current_a                  AS current_phase_a_amps,
       s.current_b                  AS current_phase_b_amps,
       s.current_c                  AS current_phase_c_amps,
       s.cond_sat_temp              AS condensing_temp_c,
       s.evap_sat_temp              AS evaporating_temp_c,
       s.delta_t                    AS chilled_water_delta_t_c,
       s.evaporator_load_kw         AS cooling_load_kw,
       s.kw_per_ton,
       s.cop,
       s.condenser_approach         AS condenser_approach_c,
       s.evaporator_approach        AS evaporator_approach_c,
       s.phase_imbalance            AS phase_imbalance_pct,
       s.heat_balance_pct,
       s.run_state,
       s.health_score               AS health_score_0_100,
       mep_health_category(s.health_score) AS health_category,
       array_to_string(s.warnings, ', ') AS warnings
FROM mep.sensor_data s;
COMMENT ON VIEW mep.bi_readings IS 'Stored chiller readings with derived metrics, one row per reading, units in the column names.';
COMMENT ON COLUMN mep.bi_readings.reading_time IS 'When the reading was taken';
COMMENT ON COLUMN mep.bi_readings.chilled_water_supply_c IS 'Chilled water leaving the chiller, °C';
COMMENT ON COLUMN mep.bi_readings.chilled_water_return_c IS 'Chilled water returning to the chiller, °C';
COMMENT ON COLUMN mep.bi_readings.condenser_water_in_c IS 'Condenser water entering, °C';
COMMENT ON COLUMN mep.bi_readings.condenser_water_out_c IS 'Condenser water leaving, °C';
COMMENT ON COLUMN mep.bi_readings.chilled_water_flow_l_per_s IS 'Chilled-water flow, litres per second';
COMMENT ON COLUMN mep.bi_readings.condenser_water_flow_l_per_s IS 'Condenser-water flow, litres per second';
COMMENT ON COLUMN mep.bi_readings.compressor_power_kw IS 'Compressor electrical input, kW';
COMMENT ON COLUMN mep.bi_readings.vibration_mm_per_s IS 'Vibration velocity, mm/s RMS';
COMMENT ON COLUMN mep.bi_readings.current_phase_a_amps IS 'Motor current, phase A, amperes';
COMMENT ON COLUMN mep.bi_readings.current_phase_b_amps IS 'Motor current, phase B, amperes';
COMMENT ON COLUMN mep.bi_readings.current_phase_c_amps IS 'Motor current, phase C, amperes';
COMMENT ON COLUMN mep.bi_readings.condensing_temp_c IS 'Refrigerant condensing temperature, °C';
COMMENT ON COLUMN mep.bi_readings.evaporating_temp_c IS 'Refrigerant evaporating temperature, °C';
COMMENT ON COLUMN mep.bi_readings.chilled_water_delta_t_c IS 'Return minus supply, °C';
COMMENT ON COLUMN mep.bi_readings.cooling_load_kw IS 'Cooling delivered, kW thermal';
COMMENT ON COLUMN mep.bi_readings.kw_per_ton IS 'Compressor kW per ton of cooling (lower is better)';
COMMENT ON COLUMN mep.bi_readings.cop IS 'Coefficient of performance, kW cooling per kW electric (higher is better)';
COMMENT ON COLUMN mep.bi_readings.condenser_approach_c IS 'Condensing temperature minus condenser water out, °C (rises with tube fouling)';
COMMENT ON COLUMN mep.bi_readings.evaporator_approach_c IS 'Chilled water supply minus evaporating temperature, °C (rises with refrigerant loss)';
COMMENT ON COLUMN mep.bi_readings.phase_imbalance_pct IS 'Motor current imbalance, % (NEMA MG-1)';
COMMENT ON COLUMN mep.bi_readings.heat_balance_pct IS 'Energy balance error, % (AHRI 550/590)';
COMMENT ON COLUMN mep.bi_readings.run_state IS 'running, idle or unknown';
COMMENT ON COLUMN mep.bi_readings.health_score_0_100 IS 'Health score of this reading, 0-100';
COMMENT ON COLUMN mep.bi_readings.health_category IS 'excellent, good, fair, poor or critical';
COMMENT ON COLUMN mep.bi_readings.warnings IS 'Physics-Guard warning codes, comma-separated';

CREATE OR REPLACE VIEW mep.bi_hourly_health AS
SELECT d.bucket                     AS hour_start,
       d.asset_id,
       d.health_score               AS health_score_0_100,
       mep_health_category(d.health_score) AS health_category,
       d.readings,
       d.warning_readings,
       d.condenser_approach_avg     AS condenser_approach_c,
       d.vibration_rms_avg          AS vibration_mm_per_s,
       d.vibration_rms_max          AS vibration_max_mm_per_s,
       d.phase_imbalance_avg        AS phase_imbalance_pct,
       d.kw_per_ton_avg             AS kw_per_ton,
       d.delta_t_avg                AS chilled_water_delta_t_c,
       d.evaporator_approach_avg    AS evaporator_approach_c,
       d.power_kw_avg               AS compressor_power_kw,
       d.evaporator_load_kw_avg     AS cooling_load_kw
FROM mep.hourly_health d;
COMMENT ON COLUMN mep.bi_hourly_health.hour_start IS 'Start of the hour';
COMMENT ON VIEW mep.bi_hourly_health IS 'One row per chiller and hour: the hour''s health score and average metrics.';
COMMENT ON COLUMN mep.bi_hourly_health.health_score_0_100 IS 'Health score of the hour''s average metrics, 0-100';
COMMENT ON COLUMN mep.bi_hourly_health.readings IS 'Readings stored that hour';
COMMENT ON COLUMN mep.bi_hourly_health.warning_readings IS 'Readings with a Physics-Guard warning that hour';

CREATE OR REPLACE VIEW mep.bi_daily_health AS
SELECT (d.bucket AT TIME ZONE 'UTC')::date AS day_utc,
       d.asset_id,
       d.health_score               AS health_score_0_100,
       mep_health_category(d.health_score) AS health_category,
       d.readings,
       d.warning_readings,
       d.condenser_approach_avg     AS condenser_approach_c,
       d.vibration_rms_avg          AS vibration_mm_per_s,
       d.vibration_rms_max          AS vibration_max_mm_per_s,
       d.phase_imbalance_avg        AS phase_imbalance_pct,
       d.kw_per_ton_avg             AS kw_per_ton,
       d.delta_t_avg                AS chilled_water_delta_t_c,
       d.evaporator_approach_avg    AS evaporator_approach_c,
       d.power_kw_avg               AS compressor_power_kw,
       d.evaporator_load_kw_avg     AS cooling_load_kw
FROM mep.daily_health d;
COMMENT ON VIEW mep.bi_daily_health IS 'One row per chiller and UTC day: the day''s health score and average metrics.';
COMMENT ON COLUMN mep.bi_daily_health.day_utc IS 'The UTC day';
COMMENT ON COLUMN mep.bi_daily_health.health_score_0_100 IS 'Health score of the day''s average metrics, 0-100';
COMMENT ON COLUMN mep.bi_daily_health.readings IS 'Readings stored that day';
COMMENT ON COLUMN mep.bi_daily_health.warning_readings IS 'Readings with a Physics-Guard warning that day';

CREATE OR REPLACE VIEW mep.bi_asset_health AS
SELECT h.asset_id,
       h.name                       AS asset_name,
       h.site,
       h.registered,
       h.last_reading_at,
       h.health_score               AS health_score_0_100,
       h.category                   AS health_category,
       h.primary_concern,
       array_to_string(h.recommendations, '; ') AS recommendations,
       h.limited_by                 AS limiting_metric,
       h.readings_24h,
       h.rejected_last_24h
FROM mep.latest_health h;
COMMENT ON VIEW mep.bi_asset_health IS 'One row per chiller: its health over the 24 hours up to its newest reading, what drives it and what to do.';
COMMENT ON COLUMN mep.bi_asset_health.registered IS 'false: readings arrived before a nameplate was registered (defaults in use)';
COMMENT ON COLUMN mep.bi_asset_health.limiting_metric IS 'The metric whose poor score caps the overall score, if any';

CREATE OR REPLACE VIEW mep.bi_rejections AS
SELECT r.received_at,
       r.time                       AS reading_time,
       r.asset_id,
       r.operation,
       array_to_string(r.reason_codes, ', ') AS reason_codes,
       array_to_string(r.messages, ' ') AS reasons,
       array_to_string(r.recommendations, ' ') AS recommendations,
       r.received_by
FROM mep.rejected_readings r;
COMMENT ON VIEW mep.bi_rejections IS 'One row per quarantined reading: when it arrived, why it was rejected and what to check.';
COMMENT ON COLUMN mep.bi_rejections.reading_time IS 'The time the reading carried (NULL when it could not be read)';
COMMENT ON COLUMN mep.bi_rejections.operation IS 'INSERT or UPDATE (the trigger), or PARSE (a row a loader could not read)';
COMMENT ON COLUMN mep.bi_rejections.reason_codes IS 'Physics-Guard rule codes, comma-separated (see mep_rules())';
COMMENT ON COLUMN mep.bi_rejections.reasons IS 'What was wrong, in words';
COMMENT ON COLUMN mep.bi_rejections.recommendations IS 'What to check';
