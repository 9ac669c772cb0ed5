//! The schema: idempotent, path-specific objects present, data safe from DROP EXTENSION.

use crate::support::*;

pub fn schema_applies_again_without_change(db: &Db) {
    let mut client = db.connect();
    client
        .batch_execute("INSERT INTO mep.sensor_data SELECT * FROM mep_generate_scenario('healthy', 'CH-001', '2026-06-01 00:00+00', interval '1 day')")
        .unwrap();
    drop(client);
    db.cluster.apply_schema(&db.name, db.path);
    db.cluster.apply_schema(&db.name, db.path);
    let mut client = db.connect();
    assert_eq!(
        count(&mut client, "SELECT count(*) FROM mep.sensor_data"),
        288
    );
    assert_eq!(
        count(&mut client, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'mep.sensor_data'::regclass AND tgname = 'mep_validate'"),
        1
    );
    if db.is_timescaledb() {
        assert_eq!(
            count(
                &mut client,
                "SELECT count(*) FROM timescaledb_information.jobs WHERE hypertable_schema = 'mep'"
            ),
            4
        );
    }
}

pub fn storage_path_objects_exist(db: &Db) {
    let mut client = db.connect();
    let relkind = |client: &mut mep_tests::postgres::Client, name: &str| -> String {
        scalar(
            client,
            "SELECT relkind::text FROM pg_class WHERE oid = $1::text::regclass",
            &[&name],
        )
    };
    assert_eq!(relkind(&mut client, "mep.sensor_data"), "r");
    if db.is_timescaledb() {
        let hypertable = count(&mut client, "SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_schema = 'mep' AND hypertable_name = 'sensor_data' AND compression_enabled");
        assert_eq!(
            hypertable, 1,
            "sensor_data is a compressed-capable hypertable"
        );
        let caggs = count(&mut client, "SELECT count(*) FROM timescaledb_information.continuous_aggregates WHERE view_schema = 'mep'");
        assert_eq!(caggs, 2, "hourly and daily continuous aggregates");
        let jobs: Vec<String> = client
            .query("SELECT proc_name FROM timescaledb_information.jobs WHERE hypertable_schema = 'mep' ORDER BY 1", &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(
            jobs,
            vec![
                "policy_compression",
                "policy_refresh_continuous_aggregate",
                "policy_refresh_continuous_aggregate",
                "policy_retention"
            ]
        );
        let ts_schema: String = scalar(&mut client, "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'timescaledb'", &[]);
        assert_eq!(
            ts_schema, "public",
            "TimescaleDB is installed in public, not in mep"
        );
    } else {
        assert_eq!(relkind(&mut client, "mep.sensor_data_hourly"), "m");
        assert_eq!(relkind(&mut client, "mep.sensor_data_daily"), "m");
        assert_eq!(
            count(
                &mut client,
                "SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'"
            ),
            0
        );
    }
    // The same columns on both paths, in the same order.
    let columns: Vec<String> = client
        .query(
            "SELECT attname::text FROM pg_attribute WHERE attrelid = 'mep.sensor_data_daily'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let expected = [
        "bucket",
        "asset_id",
        "readings",
        "scored_readings",
        "warning_readings",
        "vibration_rms_avg",
        "vibration_rms_n",
        "vibration_rms_max",
        "condenser_approach_avg",
        "condenser_approach_n",
        "phase_imbalance_avg",
        "phase_imbalance_n",
        "kw_per_ton_avg",
        "kw_per_ton_n",
        "delta_t_avg",
        "delta_t_n",
        "evaporator_approach_avg",
        "evaporator_approach_n",
        "cop_avg",
        "cop_n",
        "evaporator_load_kw_avg",
        "evaporator_load_kw_n",
        "power_kw_avg",
        "power_kw_n",
        "chw_supply_temp_avg",
        "chw_supply_temp_n",
        "chw_return_temp_avg",
        "chw_return_temp_n",
        "cdw_inlet_temp_avg",
        "cdw_inlet_temp_n",
        "cdw_outlet_temp_avg",
        "cdw_outlet_temp_n",
        "health_score_avg",
        "health_score_n",
        "health_score_min",
    ];
    assert_eq!(columns, expected);
}

pub fn drop_extension_never_drops_data(db: &Db) {
    let mut client = db.connect();
    client
        .batch_execute("INSERT INTO mep.sensor_data SELECT * FROM mep_generate_scenario('healthy', 'CH-001', '2026-06-01 00:00+00', interval '1 day');
                        INSERT INTO mep.sensor_data (time, asset_id, chw_supply_temp, chw_return_temp) VALUES (now(), 'CH-001', 12, 6);")
        .unwrap();
    let error = client
        .batch_execute("DROP EXTENSION mep")
        .expect_err("objects depend on the extension");
    assert_eq!(sqlstate(&error), "2BP01", "dependent_objects_still_exist");
    client.batch_execute("DROP EXTENSION mep CASCADE").unwrap();
    assert_eq!(
        count(&mut client, "SELECT count(*) FROM mep.sensor_data"),
        288
    );
    assert_eq!(
        count(&mut client, "SELECT count(*) FROM mep.rejected_readings"),
        1
    );
    assert_eq!(count(&mut client, "SELECT count(*) FROM mep.assets"), 1);
    drop(client);
    // Applying the schema again brings the extension, trigger and views back.
    db.cluster.apply_schema(&db.name, db.path);
    let mut client = db.connect();
    client.batch_execute("INSERT INTO mep.sensor_data (time, asset_id, chw_supply_temp, chw_return_temp) VALUES (now(), 'CH-001', 12, 6)").unwrap();
    assert_eq!(
        count(&mut client, "SELECT count(*) FROM mep.rejected_readings"),
        2
    );
    assert_eq!(
        count(&mut client, "SELECT count(*) FROM mep.latest_health"),
        1
    );
}

pub fn version_info_reports_extension_and_library(db: &Db) {
    let mut client = db.connect();
    let rows: Vec<(String, String)> = client
        .query("SELECT component, version FROM mep_version_info()", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let get = |name: &str| {
        rows.iter()
            .find(|(c, _)| c == name)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    let crate_version = env!("CARGO_PKG_VERSION");
    assert_eq!(get("mep extension"), crate_version);
    assert_eq!(get("mep library"), crate_version);
    assert_eq!(get("mep-core"), crate_version);
    assert!(
        get("postgresql").starts_with("15")
            || get("postgresql").starts_with("16")
            || get("postgresql").starts_with("17")
    );
    if db.is_timescaledb() {
        assert_eq!(Some(get("timescaledb").as_str()), db.cluster.timescaledb());
    } else {
        assert_eq!(get("timescaledb"), "not installed");
    }
}
