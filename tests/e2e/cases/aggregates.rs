//! Hourly and daily aggregates, and the views built on them.

use crate::support::*;

fn load_three_days(db: &Db) {
    let mut client = db.connect();
    client
        .batch_execute(
            "INSERT INTO mep.sensor_data SELECT * FROM mep_generate_scenario('bearing_wear', 'CH-A', '2026-04-01 00:00+00', interval '3 days', interval '5 minutes', 7);
             INSERT INTO mep.sensor_data SELECT * FROM mep_generate_scenario('tube_fouling', 'CH-B', '2026-04-01 00:00+00', interval '3 days', interval '10 minutes', 8);
             -- idle readings: counted, never scored
             INSERT INTO mep.sensor_data (time, asset_id, power_kw, vibration_rms, chw_supply_temp, chw_return_temp)
             SELECT t, 'CH-A', 0, 0.05, 12, 12 FROM generate_series('2026-04-02 00:02:30+00'::timestamptz, '2026-04-02 06:00+00', interval '10 minutes') t;",
        )
        .unwrap();
    refresh_aggregates(&mut client);
}

const METRICS: &[(&str, &str)] = &[
    ("vibration_rms", "run_state IS DISTINCT FROM 'idle'"),
    ("condenser_approach", "run_state IS DISTINCT FROM 'idle'"),
    ("phase_imbalance", "run_state IS DISTINCT FROM 'idle'"),
    ("kw_per_ton", "run_state IS DISTINCT FROM 'idle'"),
    (
        "delta_t",
        "run_state IS DISTINCT FROM 'idle' AND kw_per_ton IS NOT NULL",
    ),
    ("power_kw", "true"),
    ("health_score", "true"),
];

pub fn aggregates_refresh_and_agree_with_raw_data(db: &Db) {
    load_three_days(db);
    let mut client = db.connect();
    for (table, bucket) in [
        ("mep.sensor_data_hourly", "date_trunc('hour', time, 'UTC')"),
        ("mep.sensor_data_daily", "date_trunc('day', time, 'UTC')"),
    ] {
        let buckets = count(&mut client, &format!("SELECT count(*) FROM {table}"));
        let expected = count(
            &mut client,
            &format!("SELECT count(DISTINCT ({bucket}, asset_id)) FROM mep.sensor_data"),
        );
        assert_eq!(buckets, expected, "{table}: one row per bucket and asset");
        let mismatched_counts = count(
            &mut client,
            &format!(
                "SELECT count(*) FROM {table} a JOIN (SELECT {bucket} AS bucket, asset_id, count(*) AS n, \
                 count(*) FILTER (WHERE run_state IS DISTINCT FROM 'idle') AS scored FROM mep.sensor_data GROUP BY 1, 2) r \
                 USING (bucket, asset_id) WHERE a.readings <> r.n OR a.scored_readings <> r.scored"
            ),
        );
        assert_eq!(mismatched_counts, 0, "{table}: reading counts agree");
        for (metric, filter) in METRICS {
            let worst: Option<f64> = scalar(
                &mut client,
                &format!(
                    "SELECT max(abs(coalesce(a.{metric}_avg, -1) - coalesce(r.value, -1))) FROM {table} a \
                     JOIN (SELECT {bucket} AS bucket, asset_id, avg({metric}) FILTER (WHERE {filter}) AS value \
                           FROM mep.sensor_data GROUP BY 1, 2) r USING (bucket, asset_id)"
                ),
                &[],
            );
            assert!(
                worst.unwrap() < 1e-9,
                "{table}.{metric}_avg differs from the raw average by {worst:?}"
            );
        }
    }
    // New data shows up after the next refresh.
    client
        .batch_execute(
            "INSERT INTO mep.sensor_data SELECT * FROM mep_generate_scenario('healthy', 'CH-C', '2026-04-01 00:00+00', interval '1 day')",
        )
        .unwrap();
    refresh_aggregates(&mut client);
    assert_eq!(
        count(
            &mut client,
            "SELECT count(*) FROM mep.sensor_data_hourly WHERE asset_id = 'CH-C'"
        ),
        24
    );
    assert_eq!(
        count(
            &mut client,
            "SELECT sum(readings)::bigint FROM mep.sensor_data_daily WHERE asset_id = 'CH-C'"
        ),
        288
    );
}

pub fn health_from_hourly_matches_health_from_raw(db: &Db) {
    load_three_days(db);
    let mut client = db.connect();
    for asset in ["CH-A", "CH-B"] {
        let raw: f64 = scalar(
            &mut client,
            "SELECT overall_score FROM mep_health_score($1, '2026-04-01 00:00+00', '2026-04-03 12:00+00', 'raw')",
            &[&asset],
        );
        let hourly: f64 = scalar(
            &mut client,
            "SELECT overall_score FROM mep_health_score($1, '2026-04-01 00:00+00', '2026-04-03 12:00+00', 'hourly')",
            &[&asset],
        );
        assert_close(
            raw,
            hourly,
            1e-6,
            &format!("{asset}: health from the hourly aggregate"),
        );
    }
    let daily_scores = count(
        &mut client,
        "SELECT count(health_score) FROM mep.daily_health",
    );
    assert_eq!(
        daily_scores,
        count(&mut client, "SELECT count(*) FROM mep.sensor_data_daily")
    );
}

pub fn views_show_latest_reading_and_health(db: &Db) {
    load_three_days(db);
    let mut client = db.connect();
    let latest = client
        .query(
            "SELECT asset_id, time FROM mep.latest_readings ORDER BY asset_id",
            &[],
        )
        .unwrap();
    assert_eq!(latest.len(), 2);
    for row in &latest {
        let asset: String = row.get(0);
        let newest: bool = scalar(
            &mut client,
            "SELECT $2 = max(time) FROM mep.sensor_data WHERE asset_id = $1",
            &[&asset, &row.get::<_, std::time::SystemTime>(1)],
        );
        assert!(newest, "{asset}: latest_readings shows the newest reading");
    }
    let row = client
        .query_one("SELECT health_score, category, readings_24h, registered FROM mep.latest_health WHERE asset_id = 'CH-B'", &[])
        .unwrap();
    let direct: f64 = scalar(
        &mut client,
        "SELECT overall_score FROM mep_health_score('CH-B', (SELECT max(time) FROM mep.sensor_data WHERE asset_id = 'CH-B') - interval '24 hours' + interval '1 microsecond', \
         (SELECT max(time) FROM mep.sensor_data WHERE asset_id = 'CH-B') + interval '1 microsecond')",
        &[],
    );
    assert_close(
        row.get(0),
        direct,
        1e-9,
        "latest_health = mep_health_score over the last 24 h of data",
    );
    assert_eq!(row.get::<_, i64>(2), 144);
    assert!(!row.get::<_, bool>(3));
}
