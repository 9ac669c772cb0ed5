-- Seeds the demo and shows it. Run by scripts/demo.sh; safe to run again.
\pset footer off
DELETE FROM mep.sensor_data WHERE asset_id = 'CH-001';
DELETE FROM mep.rejected_readings WHERE asset_id = 'CH-001';
INSERT INTO mep.sensor_data
SELECT * FROM mep_generate_scenario('healthy', 'CH-001',
    start => date_trunc('hour', now()) - interval '21 days', duration => interval '7 days');
INSERT INTO mep.sensor_data
SELECT * FROM mep_generate_scenario('tube_fouling', 'CH-001',
    start => date_trunc('hour', now()) - interval '14 days', duration => interval '14 days');
CALL mep.refresh_aggregates();

\echo
\echo 'Health of CH-001, day by day (score 0-100; condenser approach in °C):'
SELECT day + 1 AS day,
       round(h.overall_score::numeric, 1) AS health,
       h.category,
       round((h.breakdown -> 1 ->> 'raw_value')::numeric, 2) AS condenser_approach,
       coalesce(h.recommendations[1], '') AS recommendation
FROM generate_series(0, 20) AS day
CROSS JOIN LATERAL mep_health_score('CH-001',
    date_trunc('hour', now()) - interval '21 days' + day * interval '1 day',
    date_trunc('hour', now()) - interval '21 days' + (day + 1) * interval '1 day') AS h
ORDER BY day;

\echo
\echo 'Physics-Guard: a reading with chilled water returning colder than it left is rejected'
INSERT INTO mep.sensor_data (time, asset_id, chw_supply_temp, chw_return_temp)
VALUES (now(), 'CH-001', 12.0, 6.0);
SELECT asset_id, reason_codes[1] AS code, messages[1] AS reason, recommendations[1] AS recommendation
FROM mep.rejected_readings WHERE asset_id = 'CH-001' ORDER BY id DESC LIMIT 1;

\echo
\echo 'Latest health (mep.latest_health):'
SELECT asset_id, round(health_score::numeric, 1) AS health, category, primary_concern
FROM mep.latest_health WHERE asset_id = 'CH-001';
