-- mep schema, part 2 (plain PostgreSQL): the counterpart of 20_timescaledb.sql. What
-- differs: a plain table, no chunking, compression or retention policy, and no
-- background refresh of the aggregates (25_aggregates.sql makes them materialized
-- views) — call mep.refresh_aggregates() after loading data, or schedule it (cron, pg_cron).

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
