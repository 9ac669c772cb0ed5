-- mep schema, part 2 (plain PostgreSQL): the same names and columns as the TimescaleDB
-- path (20_timescaledb.sql), as a plain table and materialized views. What differs:
-- no chunking, compression or retention policy, and no background refresh — call
-- mep.refresh_aggregates() after loading data, or schedule it (cron, pg_cron).
-- Buckets are UTC hours and days, as time_bucket makes them.

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'timescaledb') THEN
        IF EXISTS (SELECT 1 FROM timescaledb_information.hypertables
                   WHERE hypertable_schema = 'mep' AND hypertable_name = 'sensor_data') THEN
            RAISE EXCEPTION 'mep.sensor_data is a TimescaleDB hypertable'
                USING HINT = 'Apply the schema with TimescaleDB (use_timescaledb=auto or on).';
        END IF;
    END IF;
END
$$;

-- Hourly aggregate: health metrics average the readings that were not idle (ΔT only at
-- load); every average comes with its count so that rollups and windows stay exact.
CREATE MATERIALIZED VIEW IF NOT EXISTS mep.sensor_data_hourly AS
SELECT date_trunc('hour', time, 'UTC') AS bucket,
       asset_id,
       count(*) AS readings,
       count(*) FILTER (WHERE run_state IS DISTINCT FROM 'idle') AS scored_readings,
       count(*) FILTER (WHERE warnings IS NOT NULL) AS warning_readings,
       avg(vibration_rms) FILTER (WHERE run_state IS DISTINCT FROM 'idle') AS vibration_rms_avg,
       count(vibration_rms) FILTER (WHERE run_state IS DISTINCT FROM 'idle') AS vibration_rms_n,
       max(vibration_rms) AS vibration_rms_max,
       avg(condenser_approach) FILTER (WHERE run_state IS DISTINCT FROM 'idle') AS condenser_approach_avg,
       count(condenser_approach) FILTER (WHERE run_state IS DISTINCT FROM 'idle') AS condenser_approach_n,
       avg(phase_imbalance) FILTER (WHERE run_state IS DISTINCT FROM 'idle') AS phase_imbalance_avg,
       count(phase_imbalance) FILTER (WHERE run_state IS DISTINCT FROM 'idle') AS phase_imbalance_n,
       avg(kw_per_ton) FILTER (WHERE run_state IS DISTINCT FROM 'idle') AS kw_per_ton_avg,
       count(kw_per_ton) FILTER (WHERE run_state IS DISTINCT FROM 'idle') AS kw_per_ton_n,
       avg(delta_t) FILTER (WHERE run_state IS DISTINCT FROM 'idle' AND kw_per_ton IS NOT NULL) AS delta_t_avg,
       count(delta_t) FILTER (WHERE run_state IS DISTINCT FROM 'idle' AND kw_per_ton IS NOT NULL) AS delta_t_n,
       avg(evaporator_approach) FILTER (WHERE run_state IS DISTINCT FROM 'idle') AS evaporator_approach_avg,
       count(evaporator_approach) FILTER (WHERE run_state IS DISTINCT FROM 'idle') AS evaporator_approach_n,
       avg(cop) AS cop_avg,
       count(cop) AS cop_n,
       avg(evaporator_load_kw) AS evaporator_load_kw_avg,
       count(evaporator_load_kw) AS evaporator_load_kw_n,
       avg(power_kw) AS power_kw_avg,
       count(power_kw) AS power_kw_n,
       avg(chw_supply_temp) AS chw_supply_temp_avg,
       count(chw_supply_temp) AS chw_supply_temp_n,
       avg(chw_return_temp) AS chw_return_temp_avg,
       count(chw_return_temp) AS chw_return_temp_n,
       avg(cdw_inlet_temp) AS cdw_inlet_temp_avg,
       count(cdw_inlet_temp) AS cdw_inlet_temp_n,
       avg(cdw_outlet_temp) AS cdw_outlet_temp_avg,
       count(cdw_outlet_temp) AS cdw_outlet_temp_n,
       avg(health_score) AS health_score_avg,
       count(health_score) AS health_score_n,
       min(health_score) AS health_score_min
FROM mep.sensor_data
GROUP BY 1, 2
WITH NO DATA;
CREATE UNIQUE INDEX IF NOT EXISTS sensor_data_hourly_key ON mep.sensor_data_hourly (asset_id, bucket);

-- Daily aggregate, rolled up from the hourly one.
CREATE MATERIALIZED VIEW IF NOT EXISTS mep.sensor_data_daily AS
SELECT date_trunc('day', bucket, 'UTC') AS bucket,
       asset_id,
       sum(readings) AS readings,
       sum(scored_readings) AS scored_readings,
       sum(warning_readings) AS warning_readings,
       sum(vibration_rms_avg * vibration_rms_n) / NULLIF(sum(vibration_rms_n), 0) AS vibration_rms_avg,
       sum(vibration_rms_n) AS vibration_rms_n,
       max(vibration_rms_max) AS vibration_rms_max,
       sum(condenser_approach_avg * condenser_approach_n) / NULLIF(sum(condenser_approach_n), 0) AS condenser_approach_avg,
       sum(condenser_approach_n) AS condenser_approach_n,
       sum(phase_imbalance_avg * phase_imbalance_n) / NULLIF(sum(phase_imbalance_n), 0) AS phase_imbalance_avg,
       sum(phase_imbalance_n) AS phase_imbalance_n,
       sum(kw_per_ton_avg * kw_per_ton_n) / NULLIF(sum(kw_per_ton_n), 0) AS kw_per_ton_avg,
       sum(kw_per_ton_n) AS kw_per_ton_n,
       sum(delta_t_avg * delta_t_n) / NULLIF(sum(delta_t_n), 0) AS delta_t_avg,
       sum(delta_t_n) AS delta_t_n,
       sum(evaporator_approach_avg * evaporator_approach_n) / NULLIF(sum(evaporator_approach_n), 0) AS evaporator_approach_avg,
       sum(evaporator_approach_n) AS evaporator_approach_n,
       sum(cop_avg * cop_n) / NULLIF(sum(cop_n), 0) AS cop_avg,
       sum(cop_n) AS cop_n,
       sum(evaporator_load_kw_avg * evaporator_load_kw_n) / NULLIF(sum(evaporator_load_kw_n), 0) AS evaporator_load_kw_avg,
       sum(evaporator_load_kw_n) AS evaporator_load_kw_n,
       sum(power_kw_avg * power_kw_n) / NULLIF(sum(power_kw_n), 0) AS power_kw_avg,
       sum(power_kw_n) AS power_kw_n,
       sum(chw_supply_temp_avg * chw_supply_temp_n) / NULLIF(sum(chw_supply_temp_n), 0) AS chw_supply_temp_avg,
       sum(chw_supply_temp_n) AS chw_supply_temp_n,
       sum(chw_return_temp_avg * chw_return_temp_n) / NULLIF(sum(chw_return_temp_n), 0) AS chw_return_temp_avg,
       sum(chw_return_temp_n) AS chw_return_temp_n,
       sum(cdw_inlet_temp_avg * cdw_inlet_temp_n) / NULLIF(sum(cdw_inlet_temp_n), 0) AS cdw_inlet_temp_avg,
       sum(cdw_inlet_temp_n) AS cdw_inlet_temp_n,
       sum(cdw_outlet_temp_avg * cdw_outlet_temp_n) / NULLIF(sum(cdw_outlet_temp_n), 0) AS cdw_outlet_temp_avg,
       sum(cdw_outlet_temp_n) AS cdw_outlet_temp_n,
       sum(health_score_avg * health_score_n) / NULLIF(sum(health_score_n), 0) AS health_score_avg,
       sum(health_score_n) AS health_score_n,
       min(health_score_min) AS health_score_min
FROM mep.sensor_data_hourly
GROUP BY 1, 2
WITH NO DATA;
CREATE UNIQUE INDEX IF NOT EXISTS sensor_data_daily_key ON mep.sensor_data_daily (asset_id, bucket);

-- Refresh both aggregates. Materialized views refresh whole; the window is accepted for
-- compatibility with the TimescaleDB path and ignored.
CREATE OR REPLACE PROCEDURE mep.refresh_aggregates(window_start timestamptz DEFAULT NULL,
                                                   window_end timestamptz DEFAULT NULL)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $body$
BEGIN
    IF (SELECT relispopulated FROM pg_class WHERE oid = 'mep.sensor_data_hourly'::regclass) THEN
        REFRESH MATERIALIZED VIEW CONCURRENTLY mep.sensor_data_hourly;
        REFRESH MATERIALIZED VIEW CONCURRENTLY mep.sensor_data_daily;
    ELSE
        REFRESH MATERIALIZED VIEW mep.sensor_data_hourly;
        REFRESH MATERIALIZED VIEW mep.sensor_data_daily;
    END IF;
END
$body$;
COMMENT ON PROCEDURE mep.refresh_aggregates(timestamptz, timestamptz) IS
    'Refresh mep.sensor_data_hourly then mep.sensor_data_daily (whole; the window is ignored without TimescaleDB).';
