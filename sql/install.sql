-- Applies the mep schema. Usage (as a superuser, on the target database):
--   psql -v ON_ERROR_STOP=1 -d mydb -f sql/install.sql
--   psql ... -v use_timescaledb=off -f sql/install.sql     (force the plain path)
-- use_timescaledb: auto (default: TimescaleDB when it is created in the database, or
-- installed and preloaded), on, or off. Safe to run again.
\set ON_ERROR_STOP on
\if :{?use_timescaledb}
\else
\set use_timescaledb auto
\endif

SELECT CASE
    WHEN :'use_timescaledb' = 'off' THEN false
    WHEN :'use_timescaledb' = 'on' THEN true
    WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'timescaledb') THEN true
    ELSE EXISTS (SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = 'timescaledb')
         AND pg_catalog.current_setting('shared_preload_libraries') ~ 'timescaledb'
END AS mep_with_timescaledb \gset

\ir schema/10_core.sql
\ir schema/15_search_path.sql
\if :mep_with_timescaledb
\echo 'mep: applying the TimescaleDB path (hypertable, continuous aggregates, policies)'
\ir schema/20_timescaledb.sql
\else
\echo 'mep: applying the plain PostgreSQL path (table, materialized views)'
\ir schema/20_plain.sql
\endif
\ir schema/25_aggregates.sql
\ir schema/30_views.sql
\ir schema/35_bi_views.sql
\ir schema/40_roles.sql
\echo 'mep: schema applied'
