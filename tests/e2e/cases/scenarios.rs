//! Scenarios through the trigger, and the demo's health trajectory.

use crate::support::*;

/// Mean of `expression` over the readings of `asset` in a fraction [from, to) of its run.
fn mean_over(db: &Db, asset: &str, expression: &str, from: f64, to: f64) -> f64 {
    let mut client = db.connect();
    scalar(
        &mut client,
        &format!(
            "WITH bounds AS (SELECT min(time) AS t0, max(time) - min(time) AS span FROM mep.sensor_data WHERE asset_id = $1) \
             SELECT avg({expression}) FROM mep.sensor_data, bounds \
             WHERE asset_id = $1 AND time >= t0 + span * $2 AND time < t0 + span * $3"
        ),
        &[&asset, &from, &to],
    )
}

pub fn every_scenario_inserts_cleanly_and_moves_its_indicator(db: &Db) {
    let mut client = db.connect();
    let scenarios: Vec<String> = client
        .query("SELECT scenario FROM mep_scenarios()", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(scenarios.len(), 6);
    for scenario in &scenarios {
        let asset = format!("S-{scenario}");
        let generated = client
            .execute(
                "INSERT INTO mep.sensor_data SELECT * FROM mep_generate_scenario($1, $2, '2026-03-02 00:00+00')",
                &[scenario, &asset],
            )
            .unwrap();
        let days: i64 = scalar(
            &mut client,
            "SELECT default_days FROM mep_scenarios() WHERE scenario = $1",
            &[scenario],
        );
        assert_eq!(
            generated as i64,
            days * 288,
            "{scenario}: one reading every 5 minutes, all stored"
        );
    }
    assert_eq!(
        count(&mut client, "SELECT count(*) FROM mep.rejected_readings"),
        0,
        "generated data is never rejected"
    );

    let approach =
        |s: &str, from, to| mean_over(db, &format!("S-{s}"), "condenser_approach", from, to);
    let vibration = |s: &str, from, to| mean_over(db, &format!("S-{s}"), "vibration_rms", from, to);
    let imbalance =
        |s: &str, from, to| mean_over(db, &format!("S-{s}"), "phase_imbalance", from, to);
    let evaporator =
        |s: &str, from, to| mean_over(db, &format!("S-{s}"), "evaporator_approach", from, to);
    let kw_per_ton = |s: &str, from, to| mean_over(db, &format!("S-{s}"), "kw_per_ton", from, to);

    assert_close(
        approach("healthy", 0.0, 0.1),
        approach("healthy", 0.9, 1.0),
        0.05,
        "healthy approach is flat",
    );
    assert_close(
        vibration("healthy", 0.0, 0.1),
        vibration("healthy", 0.9, 1.0),
        0.05,
        "healthy vibration is flat",
    );

    assert_close(
        approach("tube_fouling", 0.0, 0.05),
        2.5,
        0.1,
        "fouling starts at 2.5 °C",
    );
    assert!(
        approach("tube_fouling", 0.97, 1.0) > 6.5,
        "fouling ends near 7 °C"
    );
    assert!(kw_per_ton("tube_fouling", 0.9, 1.0) > kw_per_ton("tube_fouling", 0.0, 0.1) * 1.08);
    assert_close(
        imbalance("tube_fouling", 0.9, 1.0),
        0.5,
        0.1,
        "fouling leaves currents alone",
    );

    assert!(
        vibration("bearing_wear", 0.95, 1.0) > 4.5,
        "bearing wear ends in zone D"
    );
    assert!(
        vibration("bearing_wear", 0.95, 1.0) - vibration("bearing_wear", 0.7, 0.75)
            > 3.0 * (vibration("bearing_wear", 0.25, 0.3) - vibration("bearing_wear", 0.0, 0.05)),
        "accelerating"
    );
    assert_close(
        approach("bearing_wear", 0.9, 1.0),
        2.5,
        0.1,
        "bearing wear leaves the condenser alone",
    );

    assert!(
        evaporator("refrigerant_leak", 0.95, 1.0) > 5.5,
        "leak widens the evaporator approach"
    );
    assert!(
        kw_per_ton("refrigerant_leak", 0.9, 1.0) > kw_per_ton("refrigerant_leak", 0.0, 0.1) * 1.08
    );

    assert!(
        imbalance("electrical_issue", 0.97, 1.0) > 7.0,
        "electrical issue ends above 7 % imbalance"
    );
    assert_close(
        vibration("electrical_issue", 0.9, 1.0),
        vibration("electrical_issue", 0.0, 0.1),
        0.05,
        "vibration flat",
    );

    let before = vibration("post_maintenance_misalignment", 0.0, 0.09);
    let after = vibration("post_maintenance_misalignment", 0.11, 0.2);
    assert!(
        after > 4.0 * before,
        "misalignment steps vibration up: {before} → {after}"
    );
}

pub fn demo_trajectory_falls_from_above_90_to_below_60(db: &Db) {
    let mut client = db.connect();
    client
        .batch_execute(
            "INSERT INTO mep.sensor_data SELECT * FROM mep_generate_scenario('healthy', 'CH-001', '2026-05-01 00:00+00', interval '7 days');
             INSERT INTO mep.sensor_data SELECT * FROM mep_generate_scenario('tube_fouling', 'CH-001', '2026-05-08 00:00+00', interval '14 days');
             INSERT INTO mep.sensor_data (time, asset_id, chw_supply_temp, chw_return_temp) VALUES ('2026-05-22 00:00+00', 'CH-001', 12.0, 6.0);",
        )
        .unwrap();
    let daily: Vec<(f64, String)> = client
        .query(
            "SELECT h.overall_score, h.category FROM generate_series(0, 20) AS day \
             CROSS JOIN LATERAL mep_health_score('CH-001', '2026-05-01 00:00+00'::timestamptz + day * interval '1 day', \
                                                 '2026-05-01 00:00+00'::timestamptz + (day + 1) * interval '1 day') h \
             ORDER BY day",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    for (day, (score, _)) in daily.iter().enumerate().take(7) {
        assert!(*score > 90.0, "healthy day {day}: {score}");
    }
    let (last, category) = &daily[20];
    assert!(*last < 60.0, "last fouling day: {last}");
    assert!(category == "poor" || category == "critical");
    for window in daily[8..].windows(2) {
        assert!(
            window[1].0 <= window[0].0 + 0.5,
            "health falls as fouling grows: {daily:?}"
        );
    }
    let row = client
        .query_one(
            "SELECT primary_concern, recommendations, limited_by FROM mep_health_score('CH-001', '2026-05-21', '2026-05-22')",
            &[],
        )
        .unwrap();
    assert!(row.get::<_, String>(0).contains("condenser"));
    assert!(row.get::<_, Vec<String>>(1)[0].contains("condenser tubes"));
    assert_eq!(row.get::<_, String>(2), "condenser_approach");
    assert_eq!(count(&mut client, "SELECT count(*) FROM mep.rejected_readings WHERE 'CHW_RETURN_BELOW_SUPPLY' = ANY(reason_codes)"), 1);
}
