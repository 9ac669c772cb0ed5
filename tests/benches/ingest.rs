//! The ingest benchmark. In one run, on one throwaway server, it loads the same readings
//! into `mep.sensor_data` (a hypertable when TimescaleDB is installed):
//!   (a) without any trigger, (b) through the mep trigger, (c) through the PL/pgSQL
//!   reference in `plpgsql_reference.sql`, and, for context, (n) through a no-op PL/pgSQL
//!   trigger, each by COPY and by multi-row INSERTs of 1,000 rows, repeated and
//!   interleaved; it reports medians, rows per second and the ratios b/a and c/a.
//! Then: `mep_generate_scenario` rows per second, `mep_health_score(asset)` latency over
//! 30 days of 5-minute data (raw and hourly aggregate), and single-row INSERT latency.
//!
//! Run: `make bench` (or `cargo bench -p mep-tests --bench ingest` with the extension
//! installed). MEP_BENCH_ROWS (default 1,000,000) and MEP_BENCH_REPEAT (default 3) set
//! the size. It prints figures and never fails on them.

use std::io::Write;
use std::time::{Duration, Instant};

use mep_core::reading::{MICROS_PER_MINUTE, MICROS_PER_SECOND};
use mep_core::scenario::{Scenario, ScenarioSpec};
use mep_core::time::format_rfc3339;
use mep_core::{Asset, Field};
use mep_tests::postgres::Client;
use mep_tests::{Cluster, StoragePath};

const RAW_COLUMNS: &str = "time, asset_id, chw_supply_temp, chw_return_temp, cdw_inlet_temp, \
     cdw_outlet_temp, chw_flow, cdw_flow, power_kw, vibration_rms, current_a, current_b, current_c, \
     cond_sat_temp, evap_sat_temp";
const ASSETS: usize = 10;
const INSERT_BATCH: usize = 1_000;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Variant {
    NoTrigger,
    Mep,
    Reference,
    Noop,
}

impl Variant {
    fn label(self) -> &'static str {
        match self {
            Variant::NoTrigger => "(a) no trigger",
            Variant::Mep => "(b) mep trigger",
            Variant::Reference => "(c) PL/pgSQL reference",
            Variant::Noop => "(n) no-op PL/pgSQL trigger",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Method {
    Copy,
    Insert,
}

impl Method {
    fn label(self) -> &'static str {
        match self {
            Method::Copy => "COPY",
            Method::Insert => "INSERT x1000",
        }
    }
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank]
}

fn read_first_line(path: &str, key: &str) -> String {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with(key))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

fn machine(client: &mut Client, path: StoragePath, cluster: &Cluster) -> Vec<(String, String)> {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let memory_kb: f64 = read_first_line("/proc/meminfo", "MemTotal")
        .split_whitespace()
        .next()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let settings: Vec<String> = client
        .query(
            "SELECT name || '=' || setting || coalesce(unit, '') FROM pg_settings \
             WHERE name IN ('shared_buffers', 'fsync', 'synchronous_commit', 'max_wal_size', 'wal_level') ORDER BY name",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let server: String = client
        .query_one("SELECT current_setting('server_version')", &[])
        .unwrap()
        .get(0);
    vec![
        ("cpu".into(), read_first_line("/proc/cpuinfo", "model name")),
        ("cores".into(), cores.to_string()),
        (
            "memory".into(),
            format!("{:.1} GiB", memory_kb / 1024.0 / 1024.0),
        ),
        ("postgresql".into(), server),
        (
            "timescaledb".into(),
            cluster.timescaledb().unwrap_or("not installed").to_string(),
        ),
        ("storage path".into(), path.name().to_string()),
        ("server settings".into(), settings.join(", ")),
        (
            "build".into(),
            "release (cargo pgrx install --release)".into(),
        ),
    ]
}

/// The readings: ASSETS chillers, one reading a minute each, interleaved by time.
fn readings(count: usize) -> Vec<(i64, String, mep_core::Measurements)> {
    let per_asset = count.div_ceil(ASSETS);
    let generators: Vec<_> = (0..ASSETS)
        .map(|i| {
            ScenarioSpec::new(Scenario::Healthy, Asset::unregistered_default())
                .with_step(MICROS_PER_MINUTE)
                .with_duration(per_asset as i64 * MICROS_PER_MINUTE)
                .with_seed(i as u64)
                .generate()
                .unwrap()
        })
        .collect();
    let mut out = Vec::with_capacity(count);
    let mut iters: Vec<_> = generators.into_iter().collect();
    'outer: loop {
        for (i, generator) in iters.iter_mut().enumerate() {
            match generator.next() {
                Some((time, values)) => out.push((time, format!("CH-B{i:02}"), values)),
                None => break 'outer,
            }
            if out.len() == count {
                break 'outer;
            }
        }
    }
    out
}

fn number(value: Option<f64>) -> String {
    value.map(|v| format!("{v:?}")).unwrap_or_default()
}

fn csv(rows: &[(i64, String, mep_core::Measurements)]) -> String {
    let mut text = String::with_capacity(rows.len() * 260);
    for (time, asset, values) in rows {
        text.push_str(&format_rfc3339(*time));
        text.push(',');
        text.push_str(asset);
        for field in Field::ALL {
            text.push(',');
            text.push_str(&number(values.get(field)));
        }
        text.push('\n');
    }
    text
}

fn insert_statements(rows: &[(i64, String, mep_core::Measurements)]) -> Vec<String> {
    rows.chunks(INSERT_BATCH)
        .map(|chunk| {
            let mut sql = format!("INSERT INTO mep.sensor_data ({RAW_COLUMNS}) VALUES ");
            for (i, (time, asset, values)) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!("('{}','{}'", format_rfc3339(*time), asset));
                for field in Field::ALL {
                    sql.push(',');
                    match values.get(field) {
                        Some(v) => sql.push_str(&format!("{v:?}")),
                        None => sql.push_str("NULL"),
                    }
                }
                sql.push(')');
            }
            sql
        })
        .collect()
}

fn set_trigger(client: &mut Client, variant: Variant, mep_schema: &str) {
    client
        .batch_execute(
            "DROP TRIGGER IF EXISTS mep_validate ON mep.sensor_data; \
             DROP TRIGGER IF EXISTS bench_reference ON mep.sensor_data; \
             DROP TRIGGER IF EXISTS bench_noop ON mep.sensor_data;",
        )
        .unwrap();
    let create = match variant {
        Variant::NoTrigger => return,
        Variant::Mep => format!(
            "CREATE TRIGGER mep_validate BEFORE INSERT OR UPDATE ON mep.sensor_data FOR EACH ROW EXECUTE FUNCTION {mep_schema}.mep_sensor_data_trigger()"
        ),
        Variant::Reference => "CREATE TRIGGER bench_reference BEFORE INSERT OR UPDATE ON mep.sensor_data FOR EACH ROW EXECUTE FUNCTION mep_bench.reference_trigger()".into(),
        Variant::Noop => "CREATE TRIGGER bench_noop BEFORE INSERT ON mep.sensor_data FOR EACH ROW EXECUTE FUNCTION mep_bench.noop_trigger()".into(),
    };
    client.batch_execute(&create).unwrap();
}

fn empty(client: &mut Client) {
    client
        .batch_execute("TRUNCATE mep.sensor_data; TRUNCATE mep.rejected_readings; CHECKPOINT;")
        .unwrap();
}

fn load(client: &mut Client, method: Method, csv_text: &str, inserts: &[String]) -> f64 {
    let started = Instant::now();
    match method {
        Method::Copy => {
            let mut writer = client
                .copy_in(&format!(
                    "COPY mep.sensor_data ({RAW_COLUMNS}) FROM STDIN (FORMAT csv)"
                ))
                .unwrap();
            writer.write_all(csv_text.as_bytes()).unwrap();
            writer.finish().unwrap();
        }
        Method::Insert => {
            for statement in inserts {
                client.batch_execute(statement).unwrap();
            }
        }
    }
    started.elapsed().as_secs_f64()
}

fn timed<F: FnMut()>(mut f: F) -> f64 {
    let started = Instant::now();
    f();
    started.elapsed().as_secs_f64()
}

fn main() {
    let rows = env_usize("MEP_BENCH_ROWS", 1_000_000);
    let repeat = env_usize("MEP_BENCH_REPEAT", 3).max(1);
    let cluster = Cluster::start();
    let path = cluster.storage_paths()[0];
    let db = cluster.create_database("bench", None);
    cluster.apply_schema(&db, path);
    let mut client = cluster.connect(&db);
    client
        .batch_execute(include_str!("plpgsql_reference.sql"))
        .expect("creating the PL/pgSQL reference");
    let mep_schema: String = client
        .query_one(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'mep'",
            &[],
        )
        .unwrap()
        .get(0);

    println!("# mep ingest benchmark\n");
    println!("| | |\n|---|---|");
    for (key, value) in machine(&mut client, path, &cluster) {
        println!("| {key} | {value} |");
    }
    println!("| readings per load | {rows} ({ASSETS} assets, healthy, 1-minute step) |");
    println!("| repetitions | {repeat} (median reported; variants interleaved) |\n");

    let data = readings(rows);
    let csv_text = csv(&data);
    let inserts = insert_statements(&data);

    let variants = [
        Variant::NoTrigger,
        Variant::Mep,
        Variant::Reference,
        Variant::Noop,
    ];
    let methods = [Method::Copy, Method::Insert];
    let mut seconds: std::collections::HashMap<(Variant, Method), Vec<f64>> = Default::default();
    for rep in 0..repeat {
        for method in methods {
            for variant in variants {
                if variant == Variant::Noop && method == Method::Insert {
                    continue;
                }
                empty(&mut client);
                set_trigger(&mut client, variant, &mep_schema);
                let s = load(&mut client, method, &csv_text, &inserts);
                eprintln!(
                    "  run {}: {:<28} {:<13} {:>7.2} s",
                    rep + 1,
                    variant.label(),
                    method.label(),
                    s
                );
                let stored: i64 = client
                    .query_one("SELECT count(*) FROM mep.sensor_data", &[])
                    .unwrap()
                    .get(0);
                assert_eq!(
                    stored as usize, rows,
                    "{variant:?} {method:?} stored every healthy reading"
                );
                seconds.entry((variant, method)).or_default().push(s);
            }
        }
    }

    // The reference does the work mep does: compare what each stored.
    let first_20_000 = &csv_text[..csv_text
        .match_indices('\n')
        .nth(20_000)
        .map_or(csv_text.len(), |(i, _)| i + 1)];
    empty(&mut client);
    set_trigger(&mut client, Variant::Reference, &mep_schema);
    load(&mut client, Method::Copy, first_20_000, &[]);
    client
        .batch_execute("CREATE TEMP TABLE reference_rows AS SELECT * FROM mep.sensor_data")
        .unwrap();
    empty(&mut client);
    set_trigger(&mut client, Variant::Mep, &mep_schema);
    load(&mut client, Method::Copy, first_20_000, &[]);
    let disagreement: f64 = client
        .query_one(
            "SELECT coalesce(max(greatest(abs(m.health_score - r.health_score), abs(m.kw_per_ton - r.kw_per_ton), \
                                          abs(m.phase_imbalance - r.phase_imbalance), abs(m.heat_balance_pct - r.heat_balance_pct))), -1) \
             FROM mep.sensor_data m JOIN reference_rows r USING (time, asset_id)",
            &[],
        )
        .unwrap()
        .get(0);

    println!("## Loading {rows} readings\n");
    println!("| load | method | median s | rows/s | vs (a) |");
    println!("|---|---|---:|---:|---:|");
    let mut medians: std::collections::HashMap<(Variant, Method), f64> = Default::default();
    for method in methods {
        for variant in variants {
            if let Some(values) = seconds.get_mut(&(variant, method)) {
                medians.insert((variant, method), median(values));
            }
        }
    }
    for method in methods {
        let base = medians[&(Variant::NoTrigger, method)];
        for variant in variants {
            if let Some(m) = medians.get(&(variant, method)) {
                println!(
                    "| {} | {} | {:.2} | {:.0} | {:.2} |",
                    variant.label(),
                    method.label(),
                    m,
                    rows as f64 / m,
                    m / base
                );
            }
        }
    }
    println!();
    for method in methods {
        let a = medians[&(Variant::NoTrigger, method)];
        let b = medians[&(Variant::Mep, method)];
        let c = medians[&(Variant::Reference, method)];
        let share = (b - a) / (c - a);
        println!(
            "- {}: b/a = {:.3} (target ≤ 1.25: {}); c/a = {:.3}; mep's overhead over (a) is {:.0} % of the reference's (target ≤ 25 %: {})",
            method.label(),
            b / a,
            if b / a <= 1.25 { "met" } else { "missed" },
            c / a,
            100.0 * share,
            if share <= 0.25 { "met" } else { "missed" }
        );
    }
    println!("- The reference and mep store the same values (largest difference in health score, kW/ton, imbalance or heat balance over 20,000 rows: {disagreement:.2e}).\n");

    // Generation rate.
    let generated_rows = rows.max(100_000) as i64;
    let seconds_generate = timed(|| {
        client
            .query_one(
                &format!("SELECT count(*) FROM mep_generate_scenario('tube_fouling', 'G', '2026-01-01 00:00+00', interval '{generated_rows} minutes', interval '1 minute')"),
                &[],
            )
            .unwrap();
    });

    // Health latency over 30 days of 5-minute data.
    empty(&mut client);
    set_trigger(&mut client, Variant::Mep, &mep_schema);
    client
        .batch_execute("INSERT INTO mep.sensor_data SELECT * FROM mep_generate_scenario('tube_fouling', 'CH-H', '2026-03-01 00:00+00', interval '30 days')")
        .unwrap();
    for _ in 0..40 {
        if client
            .batch_execute("CALL mep.refresh_aggregates()")
            .is_ok()
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    let mut latency = |source: &str| -> f64 {
        let sql = format!("SELECT overall_score FROM mep_health_score('CH-H', '2026-03-01 00:00+00', '2026-03-31 00:00+00', '{source}')");
        client.query_one(&sql, &[]).unwrap();
        let mut samples: Vec<f64> = (0..25)
            .map(|_| {
                timed(|| {
                    client.query_one(&sql, &[]).unwrap();
                }) * 1e3
            })
            .collect();
        median(&mut samples)
    };
    let health_raw = latency("raw");
    let health_hourly = latency("hourly");

    // Single-row INSERT latency, each its own statement and transaction.
    let mut single = |variant: Variant| -> (f64, f64) {
        empty(&mut client);
        set_trigger(&mut client, variant, &mep_schema);
        let statement = client
            .prepare(&format!("INSERT INTO mep.sensor_data ({RAW_COLUMNS}) VALUES ($1::text::timestamptz, 'CH-S', 6.7, 12.3, 29.4, 34.8, 60, 72, 210, 0.9, 300, 298, 299, 37.3, 5.2)"))
            .unwrap();
        let start = 1_780_000_000 * MICROS_PER_SECOND;
        let mut samples: Vec<f64> = (0..2_000)
            .map(|i| {
                let time = format_rfc3339(start + i * MICROS_PER_MINUTE);
                timed(|| {
                    client.execute(&statement, &[&time]).unwrap();
                }) * 1e3
            })
            .collect();
        samples.sort_by(f64::total_cmp);
        (percentile(&samples, 50.0), percentile(&samples, 99.0))
    };
    let (p50_plain, p99_plain) = single(Variant::NoTrigger);
    let (p50, p99) = single(Variant::Mep);

    println!("## Other figures\n");
    println!("| measure | value |\n|---|---:|");
    println!(
        "| `mep_generate_scenario` | {:.0} rows/s ({generated_rows} rows) |",
        generated_rows as f64 / seconds_generate
    );
    println!("| `mep_health_score(asset)`, 30 days of 5-minute data, raw | {health_raw:.2} ms (median of 25) |");
    println!("| `mep_health_score(asset)`, same window, hourly aggregate | {health_hourly:.2} ms (median of 25) |");
    println!("| single-row INSERT with the mep trigger, p50 / p99 | {p50:.3} / {p99:.3} ms |");
    println!(
        "| single-row INSERT without a trigger, p50 / p99 | {p50_plain:.3} / {p99_plain:.3} ms |"
    );
    drop(client);
    cluster.drop_database(&db);
}
