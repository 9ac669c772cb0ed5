-- mep schema, part 2 (TimescaleDB): hypertable, compression, retention and the refresh
-- procedure. The plain-PostgreSQL counterpart is 20_plain.sql; the aggregates, the same
-- on both paths, are in 25_aggregates.sql.

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
