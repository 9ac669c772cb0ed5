-- mep schema, part 2b: the hourly and daily aggregates, defined once for both storage
-- paths. On a hypertable they are continuous aggregates (time_bucket, real-time) with
-- refresh policies: the hourly one every 30 minutes over the last week, the daily one
-- every hour over the last month. Otherwise they are materialized views (date_trunc),
-- refreshed by mep.refresh_aggregates(), with the unique indexes a concurrent refresh
-- needs. Buckets are UTC hours and days either way.
DO $aggregates$
DECLARE
    continuous boolean := false;
    options text := '';
    hour_bucket text := $$date_trunc('hour', time, 'UTC')$$;
    day_bucket text := $$date_trunc('day', bucket, 'UTC')$$;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'timescaledb') THEN
        EXECUTE $$SELECT EXISTS (SELECT 1 FROM timescaledb_information.hypertables
                                 WHERE hypertable_schema = 'mep' AND hypertable_name = 'sensor_data')$$
            INTO continuous;
    END IF;
    IF continuous THEN
        options := 'WITH (timescaledb.continuous, timescaledb.materialized_only = false)';
        hour_bucket := $$time_bucket(INTERVAL '1 hour', time)$$;
        day_bucket := $$time_bucket(INTERVAL '1 day', bucket)$$;
    END IF;

    -- Hourly: health metrics average the readings that were not idle (ΔT only at load);
    -- every average comes with its count so that rollups and windows stay exact.
    EXECUTE format($hourly$
CREATE MATERIALIZED VIEW IF NOT EXISTS mep.sensor_data_hourly %s AS
SELECT %s AS bucket,
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
WITH NO DATA$hourly$, options, hour_bucket);

    -- Daily: rolled up from the hourly aggregate (hierarchical with TimescaleDB).
    EXECUTE format($daily$
CREATE MATERIALIZED VIEW IF NOT EXISTS mep.sensor_data_daily %s AS
SELECT %s AS bucket,
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
WITH NO DATA$daily$, options, day_bucket);

    IF continuous THEN
        PERFORM add_continuous_aggregate_policy('mep.sensor_data_hourly',
            start_offset => INTERVAL '7 days', end_offset => INTERVAL '1 hour',
            schedule_interval => INTERVAL '30 minutes', if_not_exists => true);
        PERFORM add_continuous_aggregate_policy('mep.sensor_data_daily',
            start_offset => INTERVAL '30 days', end_offset => INTERVAL '1 day',
            schedule_interval => INTERVAL '1 hour', if_not_exists => true);
    ELSE
        CREATE UNIQUE INDEX IF NOT EXISTS sensor_data_hourly_key ON mep.sensor_data_hourly (asset_id, bucket);
        CREATE UNIQUE INDEX IF NOT EXISTS sensor_data_daily_key ON mep.sensor_data_daily (asset_id, bucket);
    END IF;
END
$aggregates$;
