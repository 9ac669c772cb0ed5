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
