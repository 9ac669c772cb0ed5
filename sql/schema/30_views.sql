-- mep schema, part 3: views for psql, Grafana and BI tools. Function calls here are
-- resolved when the view is created, so a caller's search_path cannot change them.

-- The newest reading of every asset (one index probe per asset).
CREATE OR REPLACE VIEW mep.latest_readings AS
SELECT r.*, a.registered
FROM mep.assets a
CROSS JOIN LATERAL (
    SELECT s.* FROM mep.sensor_data s
    WHERE s.asset_id = a.asset_id
    ORDER BY s.time DESC
    LIMIT 1
) r;
COMMENT ON VIEW mep.latest_readings IS 'The newest stored reading of each asset, with its derived metrics and health score.';

-- Health of every asset over the 24 hours up to and including its newest reading, so a feed that
-- stopped still shows its last verdict (and last_reading_at shows that it stopped).
CREATE OR REPLACE VIEW mep.latest_health AS
SELECT a.asset_id,
       a.name,
       a.site,
       a.registered,
       l.time AS last_reading_at,
       l.health_score AS last_reading_score,
       h.overall_score AS health_score,
       h.category,
       h.primary_concern,
       h.recommendations,
       h.limited_by,
       h.readings AS readings_24h,
       (SELECT count(*) FROM mep.rejected_readings q
        WHERE q.asset_id = a.asset_id AND q.received_at > now() - INTERVAL '24 hours') AS rejected_last_24h
FROM mep.assets a
LEFT JOIN LATERAL (
    SELECT s.time, s.health_score FROM mep.sensor_data s
    WHERE s.asset_id = a.asset_id
    ORDER BY s.time DESC
    LIMIT 1
) l ON true
LEFT JOIN LATERAL mep_health_score(a.asset_id,
                                   l.time - INTERVAL '24 hours' + INTERVAL '1 microsecond',
                                   l.time + INTERVAL '1 microsecond') h ON true;
COMMENT ON VIEW mep.latest_health IS 'Per asset: health over the 24 h up to its newest reading (score 0–100, category, primary concern, recommendations) and rejections in the last 24 h.';

-- Hourly and daily health from the aggregates: the score of each bucket's average metrics.
CREATE OR REPLACE VIEW mep.hourly_health AS
SELECT h.bucket,
       h.asset_id,
       mep_score_metrics(h.asset_id, h.vibration_rms_avg, h.condenser_approach_avg,
                         h.phase_imbalance_avg, h.kw_per_ton_avg, h.delta_t_avg) AS health_score,
       h.readings,
       h.scored_readings,
       h.warning_readings,
       h.vibration_rms_avg,
       h.vibration_rms_max,
       h.condenser_approach_avg,
       h.phase_imbalance_avg,
       h.kw_per_ton_avg,
       h.delta_t_avg,
       h.evaporator_approach_avg,
       h.cop_avg,
       h.evaporator_load_kw_avg,
       h.power_kw_avg,
       h.health_score_min
FROM mep.sensor_data_hourly h;
COMMENT ON VIEW mep.hourly_health IS 'Per asset and UTC hour: the health score of the hour''s average metrics, with the averages.';

CREATE OR REPLACE VIEW mep.daily_health AS
SELECT d.bucket,
       d.asset_id,
       mep_score_metrics(d.asset_id, d.vibration_rms_avg, d.condenser_approach_avg,
                         d.phase_imbalance_avg, d.kw_per_ton_avg, d.delta_t_avg) AS health_score,
       d.readings,
       d.scored_readings,
       d.warning_readings,
       d.vibration_rms_avg,
       d.vibration_rms_max,
       d.condenser_approach_avg,
       d.phase_imbalance_avg,
       d.kw_per_ton_avg,
       d.delta_t_avg,
       d.evaporator_approach_avg,
       d.cop_avg,
       d.evaporator_load_kw_avg,
       d.power_kw_avg,
       d.health_score_min
FROM mep.sensor_data_daily d;
COMMENT ON VIEW mep.daily_health IS 'Per asset and UTC day: the health score of the day''s average metrics, with the averages.';

-- One asset's metrics over [window_start, window_end) at a resolution that suits the
-- window, for charts: every reading up to 2 days, hourly aggregates up to 90 days, daily
-- aggregates beyond, so a year-long chart reads about 365 rows instead of 100,000.
CREATE OR REPLACE FUNCTION mep.asset_series(asset_id text, window_start timestamptz, window_end timestamptz)
RETURNS TABLE ("time" timestamptz, resolution text, health_score double precision,
               condenser_approach double precision, evaporator_approach double precision,
               vibration_rms double precision, phase_imbalance double precision,
               kw_per_ton double precision, delta_t double precision, cop double precision,
               power_kw double precision, evaporator_load_kw double precision, readings bigint)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT s.time, 'reading', s.health_score, s.condenser_approach, s.evaporator_approach,
           s.vibration_rms, s.phase_imbalance, s.kw_per_ton, s.delta_t, s.cop, s.power_kw,
           s.evaporator_load_kw, 1::bigint
    FROM mep.sensor_data s
    WHERE s.asset_id = asset_series.asset_id
      AND s.time >= window_start AND s.time < window_end
      AND window_end - window_start <= INTERVAL '2 days'
    UNION ALL
    SELECT h.bucket, 'hour', h.health_score, h.condenser_approach_avg, h.evaporator_approach_avg,
           h.vibration_rms_avg, h.phase_imbalance_avg, h.kw_per_ton_avg, h.delta_t_avg, h.cop_avg,
           h.power_kw_avg, h.evaporator_load_kw_avg, h.readings
    FROM mep.hourly_health h
    WHERE h.asset_id = asset_series.asset_id
      AND h.bucket >= window_start - INTERVAL '1 hour' AND h.bucket < window_end
      AND window_end - window_start > INTERVAL '2 days'
      AND window_end - window_start <= INTERVAL '90 days'
    UNION ALL
    SELECT d.bucket, 'day', d.health_score, d.condenser_approach_avg, d.evaporator_approach_avg,
           d.vibration_rms_avg, d.phase_imbalance_avg, d.kw_per_ton_avg, d.delta_t_avg, d.cop_avg,
           d.power_kw_avg, d.evaporator_load_kw_avg, d.readings
    FROM mep.daily_health d
    WHERE d.asset_id = asset_series.asset_id
      AND d.bucket >= window_start - INTERVAL '1 day' AND d.bucket < window_end
      AND window_end - window_start > INTERVAL '90 days'
    ORDER BY 1
$$;
COMMENT ON FUNCTION mep.asset_series(text, timestamptz, timestamptz) IS
    'One asset''s health and metrics over a window, for charts: each reading up to 2 days, hourly averages up to 90 days, daily averages beyond (resolution says which). SI units as in mep.sensor_data.';
