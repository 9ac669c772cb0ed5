//! Readings in: the trigger fills, quarantines, raises, re-validates.

use mep_core::health::{overall_score, HealthInputs, ScoringContext, Weights};
use mep_core::reading::{MICROS_PER_MINUTE, MICROS_PER_SECOND};
use mep_core::scenario::{Scenario, ScenarioSpec};
use mep_core::{Asset, Field, Measurements};

use crate::support::*;

const VALID_ROW: &str = "INSERT INTO mep.sensor_data (time, asset_id, chw_supply_temp, chw_return_temp, \
     cdw_inlet_temp, cdw_outlet_temp, chw_flow, cdw_flow, power_kw, vibration_rms, current_a, current_b, \
     current_c, cond_sat_temp, evap_sat_temp) VALUES ('2026-06-01 12:00+00', 'CH-001', 6.7, 12.3, 29.4, \
     34.8, 60, 72, 210, 0.9, 300, 298, 299, 37.3, 5.2)";

pub fn valid_insert_gets_derived_metrics_and_score(db: &Db) {
    let mut client = db.connect();
    assert_eq!(client.execute(VALID_ROW, &[]).unwrap(), 1);
    let row = client
        .query_one(
            "SELECT delta_t, evaporator_load_kw, kw_per_ton, cop, condenser_approach, evaporator_approach, \
             phase_imbalance, heat_balance_pct, flow_assumed, run_state, health_score, warnings \
             FROM mep.sensor_data",
            &[],
        )
        .unwrap();
    let load = 60.0 * 4.19 * 5.6;
    assert_close(row.get(0), 5.6, 1e-9, "delta_t");
    assert_close(row.get(1), load, 1e-6, "evaporator_load_kw");
    assert_close(row.get(2), 210.0 / (load / 3.51685), 1e-9, "kw_per_ton");
    assert_close(row.get(3), load / 210.0, 1e-9, "cop");
    assert_close(row.get(4), 2.5, 1e-9, "condenser_approach");
    assert_close(row.get(5), 1.5, 1e-9, "evaporator_approach");
    assert_close(row.get(6), 100.0 / 299.0, 1e-9, "phase_imbalance");
    let condenser_heat = 72.0 * 4.16 * 5.4;
    assert_close(
        row.get(7),
        100.0 * (load + 210.0 - condenser_heat) / condenser_heat,
        1e-6,
        "heat_balance_pct",
    );
    assert_eq!(row.get::<_, Option<bool>>(8), Some(false));
    assert_eq!(row.get::<_, String>(9), "running");
    let expected = overall_score(
        &HealthInputs {
            vibration_rms: Some(0.9),
            condenser_approach: Some(2.5),
            phase_imbalance: Some(100.0 / 299.0),
            kw_per_ton: Some(210.0 / (load / 3.51685)),
            delta_t: Some(5.6),
        },
        &ScoringContext::of(&Asset::unregistered_default()),
        &Weights::default(),
    )
    .unwrap();
    assert_close(row.get(10), expected, 1e-6, "health_score");
    assert!(expected > 90.0);
    assert_eq!(row.get::<_, Option<Vec<String>>>(11), None);
    assert_eq!(
        count(&mut client, "SELECT count(*) FROM mep.rejected_readings"),
        0
    );
}

pub fn impossible_example_is_quarantined_with_its_reason(db: &Db) {
    let mut client = db.connect();
    let stored = client
        .execute(
            "INSERT INTO mep.sensor_data (time, asset_id, chw_supply_temp, chw_return_temp) \
             VALUES ('2026-06-01 12:00+00', 'CH-001', 12.0, 6.0)",
            &[],
        )
        .unwrap();
    assert_eq!(stored, 0, "a rejected reading is not stored");
    assert_eq!(
        count(&mut client, "SELECT count(*) FROM mep.sensor_data"),
        0
    );
    let row = client
        .query_one(
            "SELECT asset_id, chw_supply_temp, chw_return_temp, reason_codes, messages, recommendations, \
             operation, received_by, time = '2026-06-01 12:00+00' FROM mep.rejected_readings",
            &[],
        )
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "CH-001");
    assert_eq!(row.get::<_, f64>(1), 12.0);
    assert_eq!(row.get::<_, f64>(2), 6.0);
    assert_eq!(
        row.get::<_, Vec<String>>(3),
        vec!["CHW_RETURN_BELOW_SUPPLY"]
    );
    let messages: Vec<String> = row.get(4);
    assert!(
        messages[0].starts_with("Chilled water return must be warmer than supply"),
        "{messages:?}"
    );
    assert_eq!(
        row.get::<_, Vec<String>>(5),
        vec!["Check sensor wiring - supply and return may be swapped"]
    );
    assert_eq!(row.get::<_, String>(6), "INSERT");
    assert_eq!(row.get::<_, String>(7), "postgres");
    assert!(row.get::<_, bool>(8));
}

/// What a corrupted row of the mixed batch holds, and the code it must be rejected with.
struct Defect {
    apply: fn(&mut Option<i64>, &mut Option<&'static str>, &mut Measurements),
    code: Option<&'static str>,
}

const DEFECTS: &[Defect] = &[
    Defect {
        apply: |_, _, m| m.vibration_rms = Some(f64::NAN),
        code: Some("NON_FINITE_VALUE"),
    },
    Defect {
        apply: |_, _, m| m.power_kw = Some(f64::INFINITY),
        code: Some("NON_FINITE_VALUE"),
    },
    Defect {
        apply: |_, _, m| m.current_b = Some(f64::NEG_INFINITY),
        code: Some("NON_FINITE_VALUE"),
    },
    Defect {
        apply: |_, _, m| m.chw_supply_temp = Some(-99.4),
        code: Some("SENTINEL_VALUE"),
    },
    Defect {
        apply: |_, _, m| m.power_kw = Some(4.1e13),
        code: Some("ABSURD_MAGNITUDE"),
    },
    Defect {
        apply: |_, _, m| m.power_kw = Some(-12.0),
        code: Some("NEGATIVE_VALUE"),
    },
    Defect {
        apply: |_, _, m| m.chw_return_temp = Some(54.0),
        code: Some("LOOKS_LIKE_FAHRENHEIT"),
    },
    Defect {
        apply: |_, _, m| std::mem::swap(&mut m.chw_supply_temp, &mut m.chw_return_temp),
        code: Some("CHW_RETURN_BELOW_SUPPLY"),
    },
    Defect {
        apply: |t, _, _| *t = None,
        code: Some("TIME_MISSING"),
    },
    Defect {
        apply: |_, a, _| *a = None,
        code: Some("ASSET_ID_MISSING"),
    },
    // Partial readings are not defects: they are stored with what they have.
    Defect {
        apply: |_, _, m| {
            m.cond_sat_temp = None;
            m.evap_sat_temp = None;
        },
        code: None,
    },
    Defect {
        apply: |_, _, m| *m = Measurements::default().with(Field::VibrationRms, 1.0),
        code: None,
    },
];

pub fn mixed_copy_batch_accounts_for_every_row(db: &Db) {
    const SENT: usize = 10_000;
    let readings: Vec<_> = ScenarioSpec::new(Scenario::Healthy, Asset::unregistered_default())
        .with_step(MICROS_PER_MINUTE)
        .with_duration(SENT as i64 * MICROS_PER_MINUTE)
        .generate()
        .unwrap()
        .collect();
    assert_eq!(readings.len(), SENT);
    let mut csv = String::new();
    let mut expected: std::collections::BTreeMap<&str, i64> = Default::default();
    for (i, (time, values)) in readings.into_iter().enumerate() {
        let (mut time, mut asset, mut values) = (Some(time), Some("CH-MIX"), values);
        // Every 7th reading carries one defect, in turn.
        if i % 7 == 3 {
            let defect = &DEFECTS[(i / 7) % DEFECTS.len()];
            // A hypertable needs the time to route a row: see the null-time case.
            if db.is_timescaledb() && defect.code == Some("TIME_MISSING") {
                csv.push_str(&csv_line(time, asset, &values));
                continue;
            }
            (defect.apply)(&mut time, &mut asset, &mut values);
            if let Some(code) = defect.code {
                *expected.entry(code).or_default() += 1;
            }
        }
        csv.push_str(&csv_line(time, asset, &values));
    }
    let mut client = db.connect();
    let copied = copy_readings(&mut client, &csv).expect("the COPY completes despite bad rows");
    let stored = count(&mut client, "SELECT count(*) FROM mep.sensor_data");
    let quarantined = count(&mut client, "SELECT count(*) FROM mep.rejected_readings");
    let expected_rejects: i64 = expected.values().sum();
    assert_eq!(
        stored + quarantined,
        SENT as i64,
        "accepted + quarantined = sent"
    );
    assert_eq!(copied as i64, stored, "COPY reports the rows it stored");
    assert_eq!(quarantined, expected_rejects);
    for row in client
        .query(
            "SELECT reason_codes[1], count(*) FROM mep.rejected_readings GROUP BY 1",
            &[],
        )
        .unwrap()
    {
        let code: String = row.get(0);
        let n: i64 = row.get(1);
        assert_eq!(
            expected.get(code.as_str()).copied(),
            Some(n),
            "rejections with {code}"
        );
    }
    // The raw values are kept as sent, NaN and infinities included.
    assert!(
        count(
            &mut client,
            "SELECT count(*) FROM mep.rejected_readings WHERE vibration_rms = 'NaN'"
        ) > 0
    );
    assert!(
        count(
            &mut client,
            "SELECT count(*) FROM mep.rejected_readings WHERE power_kw = 'Infinity'"
        ) > 0
    );
    assert!(
        count(
            &mut client,
            "SELECT count(*) FROM mep.rejected_readings WHERE current_b = '-Infinity'"
        ) > 0
    );
    // Partial readings were stored, scored on what they had.
    assert!(count(&mut client, "SELECT count(*) FROM mep.sensor_data WHERE cond_sat_temp IS NULL AND kw_per_ton IS NOT NULL") > 0);
}

pub fn error_mode_raises_check_violation(db: &Db) {
    let mut client = db.connect();
    client.batch_execute("SET mep.on_reject = 'error'").unwrap();
    let good = Measurements::default()
        .with(Field::ChwSupplyTemp, 6.7)
        .with(Field::ChwReturnTemp, 12.0);
    let bad = Measurements::default()
        .with(Field::ChwSupplyTemp, 12.0)
        .with(Field::ChwReturnTemp, 6.0);
    let t0 = 1_780_000_000 * MICROS_PER_SECOND;
    let csv = [good, good, bad, good]
        .iter()
        .enumerate()
        .map(|(i, m)| csv_line(Some(t0 + i as i64 * MICROS_PER_MINUTE), Some("CH-ERR"), m))
        .collect::<String>();
    let error = copy_readings(&mut client, &csv).expect_err("error mode aborts the COPY");
    assert_eq!(sqlstate(&error), "23514", "check_violation");
    let db_error = error.as_db_error().expect("a server error");
    assert!(
        db_error.message().contains("rejected by Physics-Guard"),
        "{}",
        db_error.message()
    );
    assert!(db_error.message().contains("CH-ERR"));
    assert!(db_error
        .detail()
        .unwrap_or_default()
        .contains("CHW_RETURN_BELOW_SUPPLY"));
    assert_eq!(
        db_error.hint(),
        Some("Check sensor wiring - supply and return may be swapped")
    );
    assert_eq!(
        count(&mut client, "SELECT count(*) FROM mep.sensor_data"),
        0,
        "the whole statement rolled back"
    );
    assert_eq!(
        count(&mut client, "SELECT count(*) FROM mep.rejected_readings"),
        0
    );
    // Back to the default: the same batch keeps its three good rows.
    client.batch_execute("RESET mep.on_reject").unwrap();
    copy_readings(&mut client, &csv).unwrap();
    assert_eq!(
        count(&mut client, "SELECT count(*) FROM mep.sensor_data"),
        3
    );
    assert_eq!(
        count(&mut client, "SELECT count(*) FROM mep.rejected_readings"),
        1
    );
}

pub fn strict_mode_quarantines_warnings(db: &Db) {
    let mut client = db.connect();
    // Vibration 5.0 mm/s is zone D for the default nameplate (group 2, rigid): a warning.
    let insert = "INSERT INTO mep.sensor_data (time, asset_id, vibration_rms) VALUES ($1::text::timestamptz, 'CH-STRICT', 5.0)";
    client.execute(insert, &[&"2026-06-01 00:00+00"]).unwrap();
    let warnings: Option<Vec<String>> =
        scalar(&mut client, "SELECT warnings FROM mep.sensor_data", &[]);
    assert_eq!(warnings, Some(vec!["VIBRATION_ZONE_D".to_string()]));
    client.batch_execute("SET mep.strict = on").unwrap();
    assert_eq!(
        client.execute(insert, &[&"2026-06-01 00:05+00"]).unwrap(),
        0
    );
    let codes: Vec<String> = scalar(
        &mut client,
        "SELECT reason_codes FROM mep.rejected_readings",
        &[],
    );
    assert_eq!(codes, vec!["VIBRATION_ZONE_D"]);
    assert_eq!(
        count(&mut client, "SELECT count(*) FROM mep.sensor_data"),
        1
    );
}

pub fn update_is_validated_again(db: &Db) {
    let mut client = db.connect();
    client.execute(VALID_ROW, &[]).unwrap();
    // A correction is re-scored ...
    client
        .batch_execute("UPDATE mep.sensor_data SET cond_sat_temp = 40.8")
        .unwrap();
    let approach: f64 = scalar(
        &mut client,
        "SELECT condenser_approach FROM mep.sensor_data",
        &[],
    );
    assert_close(approach, 6.0, 1e-9, "condenser_approach after the update");
    // ... and an impossible update is refused and quarantined; the stored row stays.
    let updated = client
        .execute(
            "UPDATE mep.sensor_data SET chw_supply_temp = 12.3, chw_return_temp = 6.7",
            &[],
        )
        .unwrap();
    assert_eq!(updated, 0);
    let supply: f64 = scalar(
        &mut client,
        "SELECT chw_supply_temp FROM mep.sensor_data",
        &[],
    );
    assert_eq!(supply, 6.7);
    let operation: String = scalar(
        &mut client,
        "SELECT operation FROM mep.rejected_readings",
        &[],
    );
    assert_eq!(operation, "UPDATE");
}

pub fn unregistered_asset_is_stored_scored_and_listed(db: &Db) {
    let mut client = db.connect();
    client.execute(VALID_ROW, &[]).unwrap();
    let row = client
        .query_one(
            "SELECT registered, rated_capacity_kw FROM mep.assets WHERE asset_id = 'CH-001'",
            &[],
        )
        .unwrap();
    assert!(!row.get::<_, bool>(0), "listed as unregistered");
    assert_eq!(
        row.get::<_, Option<f64>>(1),
        None,
        "no nameplate invented in the register"
    );
    assert!(
        count(
            &mut client,
            "SELECT count(*) FROM mep.sensor_data WHERE health_score IS NOT NULL"
        ) == 1
    );
}

pub fn registered_nameplate_is_used(db: &Db) {
    let mut client = db.connect();
    client
        .batch_execute(
            "INSERT INTO mep.assets (asset_id, chiller_type, rated_capacity_kw, design_chw_flow, machine_group, foundation) \
             VALUES ('CH-REG', 'centrifugal', 1758.425, 60, 'group1', 'flexible')",
        )
        .unwrap();
    let insert = |asset: &str| {
        format!(
            "INSERT INTO mep.sensor_data (time, asset_id, chw_supply_temp, chw_return_temp, power_kw, vibration_rms) \
             VALUES ('2026-06-01 12:00+00', '{asset}', 6.7, 12.3, 210, 5.0)"
        )
    };
    client.batch_execute(&insert("CH-REG")).unwrap();
    client.batch_execute(&insert("CH-DEFAULT")).unwrap();
    let row = client
        .query_one("SELECT flow_assumed, evaporator_load_kw, warnings FROM mep.sensor_data WHERE asset_id = 'CH-REG'", &[])
        .unwrap();
    assert_eq!(
        row.get::<_, Option<bool>>(0),
        Some(true),
        "the design flow stood in, and says so"
    );
    assert_close(
        row.get(1),
        60.0 * 4.19 * 5.6,
        1e-6,
        "load from the design flow",
    );
    assert_eq!(
        row.get::<_, Option<Vec<String>>>(2),
        None,
        "5 mm/s is zone B on a large machine on a flexible foundation"
    );
    let row = client
        .query_one("SELECT flow_assumed, evaporator_load_kw, warnings FROM mep.sensor_data WHERE asset_id = 'CH-DEFAULT'", &[])
        .unwrap();
    assert_eq!(
        row.get::<_, Option<bool>>(0),
        None,
        "no flow is ever assumed for an unregistered asset"
    );
    assert_eq!(row.get::<_, Option<f64>>(1), None);
    assert_eq!(
        row.get::<_, Option<Vec<String>>>(2),
        Some(vec!["VIBRATION_ZONE_D".to_string()])
    );
    // The bands a dashboard draws are the ones each asset is scored against.
    let mut vibration_limit = |bands: &str| -> f64 {
        client
            .query_one(
                &format!("SELECT poor_critical FROM {bands} WHERE metric_name = 'vibration_rms'"),
                &[],
            )
            .unwrap()
            .get(0)
    };
    let class_default = vibration_limit("mep_rating_bands()");
    let group1_flexible =
        vibration_limit("mep_rating_bands(machine_group => 'group1', foundation => 'flexible')");
    assert!(group1_flexible > class_default);
    assert_eq!(
        vibration_limit("mep_asset_rating_bands('CH-DEFAULT')"),
        class_default
    );
    assert_eq!(
        vibration_limit("mep_asset_rating_bands('CH-NEVER-SEEN')"),
        class_default
    );
    assert_eq!(
        vibration_limit("mep_asset_rating_bands('CH-REG')"),
        group1_flexible
    );
}

/// A server's WAL passes 4 GiB boundaries as it runs. PostgreSQL stamps each row it
/// forms with the WAL position of its row type's version (high and low halves in two
/// header fields) and checks the stamp when the row is stored. A table created before a
/// boundary and loaded after it (TimescaleDB creating chunks then) must keep working.
pub fn loading_after_the_wal_passes_4_gib(db: &Db) {
    let readings: Vec<_> = ScenarioSpec::new(Scenario::Healthy, Asset::unregistered_default())
        .with_duration(3 * 7 * mep_core::reading::MICROS_PER_DAY)
        .with_step(60 * MICROS_PER_MINUTE)
        .generate()
        .unwrap()
        .collect();
    let csv: String = readings
        .iter()
        .map(|(t, m)| csv_line(Some(*t), Some("CH-WAL"), m))
        .collect();
    db.cluster.restart_past_next_4gib_of_wal();
    let mut client = db.connect();
    let copied = copy_readings(&mut client, &csv)
        .expect("COPY through the trigger after the WAL passed 4 GiB");
    assert_eq!(copied as usize, readings.len());
    client
        .execute(
            "INSERT INTO mep.sensor_data (time, asset_id, chw_supply_temp, chw_return_temp) VALUES (now(), 'CH-WAL', 6.7, 12.3)",
            &[],
        )
        .expect("INSERT through the trigger after the WAL passed 4 GiB");
    client
        .execute(
            "UPDATE mep.sensor_data SET vibration_rms = 1.0 WHERE asset_id = 'CH-WAL'",
            &[],
        )
        .expect("UPDATE through the trigger after the WAL passed 4 GiB");
    assert_eq!(count(&mut client, "SELECT count(*) FROM mep.sensor_data WHERE health_score IS NULL AND run_state <> 'idle' AND asset_id = 'CH-WAL' AND kw_per_ton IS NOT NULL"), 0);
}
