//! NaN, ±Infinity, NULLs, absurd magnitudes, sentinels and unit mistakes, one by one.

use crate::support::*;

fn insert_one(db: &Db, columns: &str, values: &str) -> (u64, Option<Vec<String>>) {
    let mut client = db.connect();
    client
        .batch_execute("TRUNCATE mep.rejected_readings")
        .unwrap();
    let stored = client
        .execute(
            &format!("INSERT INTO mep.sensor_data ({columns}) VALUES ({values})"),
            &[],
        )
        .unwrap_or_else(|e| panic!("INSERT ({columns}) VALUES ({values}) must never fail: {e}"));
    let codes = client
        .query_opt("SELECT reason_codes FROM mep.rejected_readings", &[])
        .unwrap()
        .map(|row| row.get::<_, Vec<String>>(0));
    (stored, codes)
}

pub fn non_finite_values_are_quarantined_as_sent(db: &Db) {
    for (column, literal) in [
        ("vibration_rms", "'NaN'"),
        ("power_kw", "'Infinity'"),
        ("current_c", "'-Infinity'"),
        ("chw_supply_temp", "'NaN'"),
    ] {
        let (stored, codes) = insert_one(
            db,
            &format!("time, asset_id, {column}"),
            &format!("now(), 'CH-NF', {literal}"),
        );
        assert_eq!(stored, 0, "{column} = {literal}");
        assert_eq!(
            codes,
            Some(vec!["NON_FINITE_VALUE".to_string()]),
            "{column} = {literal}"
        );
        let mut client = db.connect();
        let kept: bool = scalar(
            &mut client,
            &format!("SELECT {column} = {literal}::float8 FROM mep.rejected_readings"),
            &[],
        );
        assert!(kept, "{column} kept as sent");
        let message: String = scalar(
            &mut client,
            "SELECT messages[1] FROM mep.rejected_readings",
            &[],
        );
        assert!(
            message.starts_with(column),
            "the message names the field: {message}"
        );
    }
}

pub fn nulls_are_partial_readings_or_missing_identity(db: &Db) {
    // Nothing but identity: stored, with nothing derived and no score.
    let (stored, codes) = insert_one(db, "time, asset_id", "now(), 'CH-NULL'");
    assert_eq!((stored, codes), (1, None));
    let mut client = db.connect();
    let row = client
        .query_one("SELECT delta_t, health_score, run_state FROM mep.sensor_data WHERE asset_id = 'CH-NULL'", &[])
        .unwrap();
    assert_eq!(row.get::<_, Option<f64>>(0), None);
    assert_eq!(row.get::<_, Option<f64>>(1), None);
    assert_eq!(row.get::<_, String>(2), "unknown");
    // Missing identity is quarantined, never a NOT NULL error that aborts the batch
    // (except a time TimescaleDB cannot route: see time_a_hypertable_cannot_route).
    let cases = [
        (
            "time, asset_id, vibration_rms",
            "now(), NULL, 1.0",
            "ASSET_ID_MISSING",
        ),
        (
            "time, asset_id, vibration_rms",
            "now(), '   ', 1.0",
            "ASSET_ID_MISSING",
        ),
    ];
    for (columns, values, code) in cases {
        let (stored, codes) = insert_one(db, columns, values);
        assert_eq!(stored, 0, "{values}");
        assert_eq!(codes, Some(vec![code.to_string()]), "{values}");
    }
    // An idle machine (no power) is stored with no score: its stagnant water says nothing.
    let (stored, _) = insert_one(
        db,
        "time, asset_id, power_kw, chw_supply_temp, chw_return_temp, vibration_rms",
        "now(), 'CH-IDLE', 0, 14.0, 13.5, 0.1",
    );
    assert_eq!(stored, 1, "direction rules do not apply to an idle machine");
    let row = client
        .query_one(
            "SELECT run_state, health_score FROM mep.sensor_data WHERE asset_id = 'CH-IDLE'",
            &[],
        )
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "idle");
    assert_eq!(row.get::<_, Option<f64>>(1), None);
}

pub fn absurd_sentinel_and_unit_mistakes_are_named(db: &Db) {
    let cases = [
        ("power_kw", "4.1e13", "ABSURD_MAGNITUDE"),
        ("chw_return_temp", "5.8e30", "ABSURD_MAGNITUDE"),
        ("chw_supply_temp", "-99.4", "SENTINEL_VALUE"),
        ("power_kw", "9999", "SENTINEL_VALUE"),
        ("cdw_inlet_temp", "-999", "SENTINEL_VALUE"),
        ("chw_supply_temp", "44", "LOOKS_LIKE_FAHRENHEIT"),
        ("chw_flow", "4000", "LOOKS_LIKE_GPM"),
        ("vibration_rms", "-0.5", "NEGATIVE_VALUE"),
        ("current_a", "-3", "NEGATIVE_VALUE"),
        ("evap_sat_temp", "-60", "OUT_OF_RANGE"),
    ];
    for (column, value, code) in cases {
        let (stored, codes) = insert_one(
            db,
            &format!("time, asset_id, {column}"),
            &format!("now(), 'CH-BAD', {value}"),
        );
        assert_eq!(stored, 0, "{column} = {value}");
        assert_eq!(codes, Some(vec![code.to_string()]), "{column} = {value}");
    }
    let mut client = db.connect();
    let recommendation: String = scalar(
        &mut client,
        "SELECT recommendations[1] FROM mep.rejected_readings",
        &[],
    );
    assert!(!recommendation.is_empty());
}

/// A hypertable routes each row to a chunk by its time before any row trigger runs, so
/// on the TimescaleDB path a NULL or infinite time may be refused by TimescaleDB with an
/// error that aborts the statement (NOT NULL 23502, out of range 22008), and an infinite
/// time that does get through may have been altered on the way. The plain path
/// quarantines each with its code. On both: never stored, never lost silently.
pub fn time_a_hypertable_cannot_route(db: &Db) {
    let mut client = db.connect();
    for (literal, code) in [
        ("NULL", "TIME_MISSING"),
        ("'infinity'", "TIME_NOT_FINITE"),
        ("'-infinity'", "TIME_NOT_FINITE"),
    ] {
        client
            .batch_execute("TRUNCATE mep.rejected_readings")
            .unwrap();
        let result = client.execute(
            &format!("INSERT INTO mep.sensor_data (time, asset_id, vibration_rms) VALUES ({literal}, 'CH-T', 1.0)"),
            &[],
        );
        let quarantined: Vec<Vec<String>> = client
            .query("SELECT reason_codes FROM mep.rejected_readings", &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        match result {
            Ok(stored) => {
                assert_eq!(stored, 0, "{literal} is never stored");
                assert_eq!(
                    quarantined,
                    vec![vec![code.to_string()]],
                    "{literal} is quarantined with its code"
                );
            }
            Err(error) => {
                assert!(
                    db.is_timescaledb(),
                    "{literal}: only TimescaleDB may refuse it: {error}"
                );
                assert!(
                    ["23502", "22008"].contains(&sqlstate(&error).as_str()),
                    "{literal}: {error}"
                );
                assert!(quarantined.is_empty());
            }
        }
    }
    assert_eq!(
        count(&mut client, "SELECT count(*) FROM mep.sensor_data"),
        0
    );
}
