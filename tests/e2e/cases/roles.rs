//! The two roles: ingest may only insert readings; dashboard may only read.

use crate::support::*;

fn login_role(db: &Db, group: &str) -> String {
    let name = format!("{group}_{}", db.name);
    db.connect()
        .batch_execute(&format!("CREATE ROLE \"{name}\" LOGIN IN ROLE {group}"))
        .unwrap();
    name
}

fn drop_role(db: &Db, name: &str) {
    db.connect()
        .batch_execute(&format!("DROP OWNED BY \"{name}\"; DROP ROLE \"{name}\""))
        .unwrap();
}

#[track_caller]
fn denied(result: Result<impl std::fmt::Debug, mep_tests::postgres::Error>, what: &str) {
    let error = result.expect_err(what);
    assert_eq!(
        sqlstate(&error),
        "42501",
        "{what}: insufficient_privilege expected, got {error}"
    );
}

pub fn ingest_role_inserts_only(db: &Db) {
    let user = login_role(db, "mep_ingest");
    let mut ingest = db.connect_as(&user);
    let inserted = ingest
        .execute(
            "INSERT INTO mep.sensor_data (time, asset_id, chw_supply_temp, chw_return_temp, power_kw) \
             VALUES ('2026-06-01 00:00+00', 'CH-NEW', 6.7, 12.3, 200)",
            &[],
        )
        .expect("ingest may insert");
    assert_eq!(inserted, 1);
    let csv = "2026-06-01T00:05:00Z,CH-NEW,6.7,12.2,,,,,200,,,,,,\n2026-06-01T00:10:00Z,CH-NEW,12.0,6.0,,,,,200,,,,,,\n";
    copy_readings(&mut ingest, csv).expect("ingest may COPY");
    denied(
        ingest.query("SELECT * FROM mep.sensor_data", &[]),
        "ingest may not read readings",
    );
    denied(
        ingest.execute("UPDATE mep.sensor_data SET power_kw = 0", &[]),
        "ingest may not update",
    );
    denied(
        ingest.execute("DELETE FROM mep.sensor_data", &[]),
        "ingest may not delete",
    );
    denied(
        ingest.query("SELECT * FROM mep.rejected_readings", &[]),
        "ingest may not read the quarantine",
    );
    denied(
        ingest.execute("INSERT INTO mep.rejected_readings (reason_codes, messages, recommendations) VALUES ('{}', '{}', '{}')", &[]),
        "ingest may not write the quarantine directly",
    );
    denied(
        ingest.query("SELECT * FROM mep.assets", &[]),
        "ingest may not read the register",
    );
    denied(
        ingest.execute("INSERT INTO mep.assets (asset_id) VALUES ('X')", &[]),
        "ingest may not register assets",
    );
    drop(ingest);

    // What the trigger did on its behalf, as the tables' owner.
    let mut admin = db.connect();
    let stored: Vec<(String, f64)> = admin
        .query(
            "SELECT time::text, chw_return_temp FROM mep.sensor_data",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let quarantined: Vec<Vec<String>> = admin
        .query("SELECT reason_codes FROM mep.rejected_readings", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(stored.len(), 2, "{stored:?} {quarantined:?}");
    let row = admin
        .query_one(
            "SELECT reason_codes, received_by FROM mep.rejected_readings",
            &[],
        )
        .unwrap();
    assert_eq!(
        row.get::<_, Vec<String>>(0),
        vec!["CHW_RETURN_BELOW_SUPPLY"]
    );
    assert_eq!(
        row.get::<_, String>(1),
        user,
        "the quarantine records who sent it"
    );
    let registered: bool = scalar(
        &mut admin,
        "SELECT registered FROM mep.assets WHERE asset_id = 'CH-NEW'",
        &[],
    );
    assert!(!registered, "the new asset is listed, unregistered");
    drop(admin);
    drop_role(db, &user);
}

pub fn dashboard_role_reads_only(db: &Db) {
    let mut admin = db.connect();
    admin
        .batch_execute(
            "INSERT INTO mep.sensor_data SELECT * FROM mep_generate_scenario('healthy', 'CH-001', '2026-06-01 00:00+00', interval '1 day');
             INSERT INTO mep.sensor_data (time, asset_id, chw_supply_temp, chw_return_temp) VALUES ('2026-06-02', 'CH-001', 12, 6);",
        )
        .unwrap();
    // On its own: TimescaleDB refreshes only outside a transaction block.
    refresh_aggregates(&mut admin);
    drop(admin);
    let user = login_role(db, "mep_dashboard");
    let mut dashboard = db.connect_as(&user);
    for relation in [
        "mep.sensor_data",
        "mep.rejected_readings",
        "mep.assets",
        "mep.sensor_data_hourly",
        "mep.sensor_data_daily",
        "mep.latest_readings",
        "mep.latest_health",
        "mep.hourly_health",
        "mep.daily_health",
    ] {
        let rows = dashboard
            .query(&format!("SELECT * FROM {relation} LIMIT 5"), &[])
            .unwrap_or_else(|e| panic!("dashboard reads {relation}: {e}"));
        assert!(!rows.is_empty(), "{relation} has rows");
    }
    let score: f64 = scalar(
        &mut dashboard,
        "SELECT overall_score FROM mep_health_score('CH-001', '2026-06-01', '2026-06-02')",
        &[],
    );
    assert!(score > 90.0);
    assert_eq!(
        dashboard
            .query(
                "SELECT * FROM mep_health_breakdown('CH-001', '2026-06-01', '2026-06-02')",
                &[]
            )
            .unwrap()
            .len(),
        5
    );
    denied(
        dashboard.execute(
            "INSERT INTO mep.sensor_data (time, asset_id) VALUES (now(), 'X')",
            &[],
        ),
        "dashboard may not insert",
    );
    denied(
        dashboard.execute("UPDATE mep.assets SET name = 'x'", &[]),
        "dashboard may not update",
    );
    denied(
        dashboard.execute("DELETE FROM mep.rejected_readings", &[]),
        "dashboard may not delete",
    );
    denied(
        dashboard.execute("TRUNCATE mep.sensor_data", &[]),
        "dashboard may not truncate",
    );
    drop(dashboard);
    drop_role(db, &user);
}
