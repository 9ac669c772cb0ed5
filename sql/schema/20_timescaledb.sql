-- mep schema, part 2 (TimescaleDB): hypertable, compression, retention, continuous
-- aggregates and their refresh policies. The plain-PostgreSQL counterpart is
-- 20_plain.sql; both create the same names with the same columns.

CREATE EXTENSION IF NOT EXISTS timescaledb WITH SCHEMA public;

-- A database set up earlier without TimescaleDB is converted: its readings move into
-- the hypertable and its plain materialized views give way to continuous aggregates.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'mep' AND c.relname = 'sensor_data_daily' AND c.relkind = 'm') THEN
        DROP MATERIALIZED VIEW mep.sensor_data_daily CASCADE;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'mep' AND c.relname = 'sensor_data_hourly' AND c.relkind = 'm') THEN
        DROP MATERIALIZED VIEW mep.sensor_data_hourly CASCADE;
    END IF;
END
$$;

DO $$
BEGIN
    PERFORM create_hypertable('mep.sensor_data', by_range('time', INTERVAL '7 days'),
                              if_not_exists => true, migrate_data => true);
END
$$;

-- Compress chunks older than 30 days, segmented by asset: about a tenth of the space.
DO $$
BEGIN
    IF NOT (SELECT compression_enabled FROM timescaledb_information.hypertables
            WHERE hypertable_schema = 'mep' AND hypertable_name = 'sensor_data') THEN
        ALTER TABLE mep.sensor_data SET (timescaledb.compress,
                                         timescaledb.compress_segmentby = 'asset_id',
                                         timescaledb.compress_orderby = 'time DESC');
    END IF;
END
$$;
DO $$
BEGIN
    PERFORM add_compression_policy('mep.sensor_data', INTERVAL '30 days', if_not_exists => true);
END
$$;

-- Retention: raw readings are dropped after two years; the hourly and daily aggregates
-- are kept. Change with remove_retention_policy / add_retention_policy (README).
DO $$
BEGIN
    PERFORM add_retention_policy('mep.sensor_data', INTERVAL '2 years', if_not_exists => true);
END
$$;

-- Hourly aggregate. Health metrics average the readings that were not idle (ΔT only at
-- load); every average comes with its count so that rollups and windows stay exact.
CREATE MATERIALIZED VIEW IF NOT EXISTS mep.sensor_data_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', time) AS bucket,
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

-- Daily aggregate, rolled up from the hourly one (hierarchical).
CREATE MATERIALIZED VIEW IF NOT EXISTS mep.sensor_data_daily
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 day', bucket) AS bucket,
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

-- Refresh policies: the hourly aggregate every 30 minutes over the last week, the daily
-- one every hour over the last month. Older backfills: CALL mep.refresh_aggregates().
DO $$
BEGIN
    PERFORM add_continuous_aggregate_policy('mep.sensor_data_hourly',
        start_offset => INTERVAL '7 days', end_offset => INTERVAL '1 hour',
        schedule_interval => INTERVAL '30 minutes', if_not_exists => true);
    PERFORM add_continuous_aggregate_policy('mep.sensor_data_daily',
        start_offset => INTERVAL '30 days', end_offset => INTERVAL '1 day',
        schedule_interval => INTERVAL '1 hour', if_not_exists => true);
END
$$;

-- Refresh both aggregates over a window (NULL: everything). Created with the
-- TimescaleDB schema resolved now, so the call never depends on the caller's search_path.
-- TimescaleDB refuses a refresh that overlaps one in progress (SQLSTATE 55P03), and its
-- refresh commits internally so it cannot be retried from here: wait (up to a minute)
-- while a refresh policy of the same aggregate is running. A refresh started by another
-- session at the same moment can still collide: retry the CALL.
DO $$
DECLARE
    timescaledb_schema name;
BEGIN
    SELECT n.nspname INTO STRICT timescaledb_schema
    FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'timescaledb';
    EXECUTE format($procedure$
        CREATE OR REPLACE PROCEDURE mep.refresh_aggregates(window_start timestamptz DEFAULT NULL,
                                                           window_end timestamptz DEFAULT NULL)
        LANGUAGE plpgsql AS $body$
        DECLARE
            aggregate text;
            waits integer;
        BEGIN
            FOREACH aggregate IN ARRAY ARRAY['sensor_data_hourly', 'sensor_data_daily'] LOOP
                waits := 0;
                WHILE waits < 600 AND EXISTS (
                    SELECT 1
                    FROM timescaledb_information.continuous_aggregates c
                    JOIN timescaledb_information.jobs j
                      ON j.hypertable_schema = c.materialization_hypertable_schema
                     AND j.hypertable_name = c.materialization_hypertable_name
                    JOIN timescaledb_information.job_stats s ON s.job_id = j.job_id
                    WHERE c.view_schema = 'mep' AND c.view_name = aggregate
                      AND s.job_status = 'Running') LOOP
                    PERFORM pg_catalog.pg_sleep(0.1);
                    waits := waits + 1;
                END LOOP;
                CALL %1$I.refresh_continuous_aggregate(pg_catalog.format('mep.%%I', aggregate)::regclass,
                                                       window_start, window_end);
            END LOOP;
        END
        $body$ $procedure$, timescaledb_schema);
END
$$;
COMMENT ON PROCEDURE mep.refresh_aggregates(timestamptz, timestamptz) IS
    'Refresh mep.sensor_data_hourly then mep.sensor_data_daily over [window_start, window_end) (NULL: all). Policies do this on a schedule; call it after backfilling old data.';
