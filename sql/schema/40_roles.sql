-- mep schema, part 4: two group roles. Grant them to login roles, e.g.
--   CREATE ROLE bms_writer LOGIN PASSWORD '...' IN ROLE mep_ingest;
--   CREATE ROLE grafana LOGIN PASSWORD '...' IN ROLE mep_dashboard;
-- mep_ingest may only insert readings. Its rejected readings still reach the quarantine
-- and its new assets the register: the trigger writes those as their tables' owner.
-- mep_dashboard may read everything in the schema and change nothing.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'mep_ingest') THEN
        CREATE ROLE mep_ingest NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'mep_dashboard') THEN
        CREATE ROLE mep_dashboard NOLOGIN;
    END IF;
END
$$;
COMMENT ON ROLE mep_ingest IS 'mep: may INSERT (and COPY) readings into mep.sensor_data, nothing else';
COMMENT ON ROLE mep_dashboard IS 'mep: read-only access to the mep schema for dashboards and BI tools';

GRANT USAGE ON SCHEMA mep TO mep_ingest, mep_dashboard;
GRANT INSERT ON mep.sensor_data TO mep_ingest;
GRANT EXECUTE ON FUNCTION mep.quarantine_unparsed(timestamptz, text, jsonb, text[], text[], text[]) TO mep_ingest;
GRANT SELECT ON ALL TABLES IN SCHEMA mep TO mep_dashboard;
