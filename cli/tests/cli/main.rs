//! The `mep` CLI, every subcommand run as a subprocess against a throwaway PostgreSQL
//! (on each storage path the server supports). Needs the extension installed.
//!
//! Run: `cargo test -p mep-cli --test cli` (filter: `-- ingest`).

use std::path::PathBuf;
use std::process::{Command, ExitCode, Output};

use mep_tests::{announce_storage_paths, Cluster, Runner, StoragePath};
use serde_json::Value;

struct Ctx<'a> {
    cluster: &'a Cluster,
    db: String,
    path: StoragePath,
}

impl Ctx<'_> {
    fn url(&self) -> String {
        self.cluster.url(&self.db)
    }

    fn mep(&self, args: &[&str]) -> Output {
        mep_with_url(Some(&self.url()), args)
    }

    /// Runs `mep`, expecting success, and returns stdout.
    fn ok(&self, args: &[&str]) -> String {
        let output = self.mep(args);
        assert!(
            output.status.success(),
            "mep {args:?} failed:\n{}",
            text(&output)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        let stdout = self.ok(&all);
        serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("mep {args:?} --format json is not JSON ({e}):\n{stdout}"))
    }

    fn count(&self, sql: &str) -> i64 {
        self.cluster
            .connect(&self.db)
            .query_one(sql, &[])
            .unwrap()
            .get(0)
    }
}

fn mep_with_url(url: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mep"));
    command
        .args(args)
        .env_remove("DATABASE_URL")
        .env("NO_COLOR", "1");
    if let Some(url) = url {
        command.env("DATABASE_URL", url);
    }
    command.output().expect("running mep")
}

fn text(output: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn data(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
        .display()
        .to_string()
}

/// Asserts a failed run printed one clear line and no panic.
#[track_caller]
fn one_line_error(output: &Output, expected: &str) {
    assert_eq!(output.status.code(), Some(1), "{}", text(output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line expected:\n{stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    assert!(
        lines[0].contains(expected),
        "expected '{expected}' in: {stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
}

fn init(ctx: &Ctx) {
    let setting = match ctx.path {
        StoragePath::TimescaleDb => "on",
        StoragePath::Plain => "off",
    };
    ctx.ok(&["init", "--timescaledb", setting]);
}

fn init_applies_the_schema_and_says_which_path(ctx: &Ctx) {
    let (setting, expected) = match ctx.path {
        StoragePath::TimescaleDb => ("on", "timescaledb"),
        StoragePath::Plain => ("off", "plain"),
    };
    let first = ctx.json(&["init", "--timescaledb", setting]);
    assert_eq!(first[0]["storage_path"], expected);
    assert_eq!(first[0]["mep_extension"], env!("CARGO_PKG_VERSION"));
    let again = ctx.ok(&["init", "--timescaledb", setting]);
    assert!(
        again.contains(&format!(
            "applying the {}",
            if expected == "plain" {
                "plain PostgreSQL path"
            } else {
                "TimescaleDB"
            }
        )),
        "{again}"
    );
    assert_eq!(
        ctx.count("SELECT count(*) FROM pg_trigger WHERE tgname = 'mep_validate'"),
        1
    );
}

fn demo_shows_the_trajectory_and_a_rejection(ctx: &Ctx) {
    init(ctx);
    let demo = ctx.json(&["demo", "--asset", "CH-DEMO"]);
    let trajectory = demo["trajectory"].as_array().unwrap();
    assert_eq!(trajectory.len(), 21);
    let first = trajectory[0]["health"].as_f64().unwrap();
    let last = trajectory[20]["health"].as_f64().unwrap();
    assert!(first > 90.0 && last < 60.0, "{first} → {last}");
    assert_eq!(demo["rejection"]["code"], "CHW_RETURN_BELOW_SUPPLY");
    assert_eq!(
        demo["rejection"]["recommendation"],
        "Check sensor wiring - supply and return may be swapped"
    );
    // Running it again replaces the asset's data rather than adding to it.
    ctx.json(&["demo", "--asset", "CH-DEMO"]);
    assert_eq!(
        ctx.count("SELECT count(*) FROM mep.sensor_data WHERE asset_id = 'CH-DEMO'"),
        21 * 288
    );
    assert_eq!(
        ctx.count("SELECT count(*) FROM mep.rejected_readings WHERE asset_id = 'CH-DEMO'"),
        1
    );
    let table = ctx.ok(&[
        "demo",
        "--asset",
        "CH-DEMO",
        "--healthy-days",
        "1",
        "--fouling-days",
        "2",
    ]);
    assert!(
        table.contains("Health of CH-DEMO, day by day") && table.contains("Physics-Guard"),
        "{table}"
    );
}

fn demo_fleet_seeds_a_plant_for_the_dashboards(ctx: &Ctx) {
    init(ctx);
    let demo = ctx.json(&["demo", "--fleet"]);
    let fleet = demo["fleet"].as_array().expect("fleet table");
    let ids: Vec<&str> = fleet
        .iter()
        .map(|r| r["asset_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 7, "{ids:?}");
    for r in fleet {
        let expected = if r["asset_id"] == "CH-007" {
            "unregistered"
        } else {
            "registered"
        };
        assert_eq!(r["nameplate"], expected, "{r}");
    }
    let health = |id: &str| {
        fleet.iter().find(|r| r["asset_id"] == id).unwrap()["health"]
            .as_f64()
            .unwrap()
    };
    for failing in ["CH-001", "CH-003", "CH-005"] {
        assert!(health(failing) < 60.0, "{failing}: {}", health(failing));
    }
    assert!(health("CH-002") > 85.0, "the healthy chiller");
    let faults = demo["feed_faults"].as_array().expect("feed faults");
    let mut codes: Vec<&str> = faults.iter().map(|f| f["code"].as_str().unwrap()).collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        [
            "CHW_RETURN_BELOW_SUPPLY",
            "LOOKS_LIKE_FAHRENHEIT",
            "LOOKS_LIKE_GPM",
            "NEGATIVE_VALUE",
            "NON_FINITE_VALUE",
            "SENTINEL_VALUE"
        ]
    );
    for fault in faults {
        assert_eq!(fault["sent"], fault["quarantined"], "{fault}");
    }
    let sent: i64 = faults.iter().map(|f| f["sent"].as_i64().unwrap()).sum();
    let quarantined = "SELECT count(*) FROM mep.rejected_readings WHERE asset_id = 'CH-007'";
    assert_eq!(ctx.count(quarantined), sent);
    let readings = "SELECT count(*) FROM mep.sensor_data";
    let stored = ctx.count(readings);
    // A second run replaces the fleet rather than adding to it.
    ctx.json(&["demo", "--fleet"]);
    assert_eq!(ctx.count(readings), stored);
    assert_eq!(ctx.count(quarantined), sent);
    assert_eq!(
        ctx.count("SELECT count(*) FROM mep.assets WHERE registered"),
        6
    );
    one_line_error(
        &ctx.mep(&["demo", "--fleet", "--asset", "CH-003"]),
        "one of the fleet's chillers",
    );
}

fn seed_reports_generated_stored_and_quarantined(ctx: &Ctx) {
    init(ctx);
    let args = [
        "seed",
        "--scenario",
        "tube_fouling",
        "--asset",
        "CH-S1",
        "--days",
        "3",
        "--step",
        "10m",
        "--start",
        "2026-04-01T00:00:00Z",
    ];
    let report = ctx.json(&args);
    assert_eq!(report[0]["generated"], 432);
    assert_eq!(report[0]["stored"], 432);
    assert_eq!(report[0]["quarantined"], 0);
    assert_eq!(
        ctx.count("SELECT count(*) FROM mep.sensor_data WHERE asset_id = 'CH-S1'"),
        432
    );
    // The same seed gives the same readings, loaded in pieces or not.
    ctx.json(&[
        "seed",
        "--scenario",
        "tube_fouling",
        "--asset",
        "CH-S2",
        "--days",
        "3",
        "--step",
        "10m",
        "--start",
        "2026-04-01T00:00:00Z",
    ]);
    let differing = ctx.count(
        "SELECT count(*) FROM mep.sensor_data a JOIN mep.sensor_data b USING (time) \
         WHERE a.asset_id = 'CH-S1' AND b.asset_id = 'CH-S2' AND a.condenser_approach <> b.condenser_approach",
    );
    assert_eq!(differing, 0);
    let by_sql = ctx.count(
        "SELECT count(*) FROM mep_generate_scenario('tube_fouling', 'CH-S1', '2026-04-01 00:00+00', interval '3 days', interval '10 minutes') g \
         JOIN mep.sensor_data s ON s.asset_id = 'CH-S1' AND s.time = g.time AND s.power_kw = g.power_kw",
    );
    assert_eq!(by_sql, 432, "chunked seeding equals one whole run");
    let defaults = ctx.json(&["seed", "--scenario", "electrical_issue", "--asset", "CH-S3"]);
    assert_eq!(
        defaults[0]["generated"],
        14 * 288,
        "the scenario's default length and step"
    );
}

fn ingest_accounts_for_every_row(ctx: &Ctx) {
    init(ctx);
    let report = ctx.json(&["ingest", &data("bad_readings.csv")]);
    assert_eq!(report["rows"], 12);
    assert_eq!(report["stored"], 2);
    assert_eq!(report["quarantined"], 10);
    assert_eq!(report["unreadable"], 5);
    assert_eq!(ctx.count("SELECT count(*) FROM mep.sensor_data"), 2);
    assert_eq!(ctx.count("SELECT count(*) FROM mep.rejected_readings WHERE operation = 'PARSE' AND raw_input ->> 'power_kw' = 'n/a'"), 1);
    assert_eq!(
        ctx.count(
            "SELECT count(*) FROM mep.rejected_readings WHERE 'TIME_MISSING' = ANY(reason_codes)"
        ),
        1
    );
    let reasons: Vec<&str> = report["top_reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason_code"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"CHW_RETURN_BELOW_SUPPLY"), "{reasons:?}");
}

fn ingest_converts_ip_units_and_streams_in_batches(ctx: &Ctx) {
    init(ctx);
    let dir = std::env::temp_dir().join(format!("mep-cli-{}-{}", std::process::id(), ctx.db));
    std::fs::create_dir_all(&dir).unwrap();
    let ip = dir.join("ip.csv");
    std::fs::write(&ip, "time,asset_id,chw_supply_temp,chw_return_temp,chw_flow,power_kw\n2026-04-01T00:00:00Z,CH-IP,44,54,1200,210\n").unwrap();
    ctx.json(&["ingest", ip.to_str().unwrap(), "--units", "ip"]);
    let supply: f64 = ctx
        .cluster
        .connect(&ctx.db)
        .query_one("SELECT chw_supply_temp FROM mep.sensor_data", &[])
        .unwrap()
        .get(0);
    assert!((supply - 6.666_666_7).abs() < 1e-6, "{supply}");
    // A larger file through several COPY batches.
    let big = dir.join("big.csv");
    let mut csv =
        String::from("time,asset_id,chw_supply_temp,chw_return_temp,power_kw,vibration_rms\n");
    for i in 0..25_000 {
        let bad = i % 1000 == 7;
        csv.push_str(&format!(
            "2026-05-01T{:02}:{:02}:{:02}Z,CH-BIG{},{},12.3,210,{}\n",
            (i / 3600) % 24,
            (i / 60) % 60,
            i % 60,
            i / 86_400,
            if bad { "12.9" } else { "6.7" },
            if i % 5000 == 11 { "n/a" } else { "0.9" }
        ));
    }
    std::fs::write(&big, csv).unwrap();
    let report = ctx.json(&["ingest", big.to_str().unwrap(), "--batch", "4000"]);
    assert_eq!(report["rows"], 25_000);
    assert_eq!(
        report["stored"].as_i64().unwrap() + report["quarantined"].as_i64().unwrap(),
        25_000
    );
    assert_eq!(report["quarantined"], 25 + 5);
    let _ = std::fs::remove_dir_all(dir);
}

fn validate_online_and_offline_agree(ctx: &Ctx) {
    init(ctx);
    let reading = r#"{"chw_supply_temp": 12.0, "chw_return_temp": 6.0}"#;
    for mode in [
        &["validate", "--json", reading][..],
        &["validate", "--offline", "--json", reading][..],
    ] {
        let output = ctx.mep(&[mode, &["--format", "json"]].concat());
        assert_eq!(
            output.status.code(),
            Some(1),
            "a rejection exits 1: {}",
            text(&output)
        );
        let verdict: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(verdict["status"], "rejected");
        assert_eq!(
            verdict["recommendation"],
            "Check sensor wiring - supply and return may be swapped"
        );
    }
    let good = ctx.mep(&[
        "validate",
        "--json",
        r#"{"chw_supply_temp": 6.7, "chw_return_temp": 12.2}"#,
    ]);
    assert!(good.status.success(), "{}", text(&good));
    assert!(String::from_utf8_lossy(&good.stdout).contains("accepted"));
    let statuses = |offline: bool| -> Vec<(i64, String)> {
        let mut args = vec!["validate", "--all", "--format", "json"];
        if offline {
            args.push("--offline");
        }
        let file = data("bad_readings.csv");
        args.push(&file);
        let output = ctx.mep(&args);
        let json: Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", text(&output)));
        json["readings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["line"].as_i64().unwrap(),
                    r["status"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(statuses(true), statuses(false));
}

fn health_latest_assets_and_rejected(ctx: &Ctx) {
    init(ctx);
    ctx.json(&["demo", "--asset", "CH-H"]);
    let health = ctx.json(&["health", "CH-H"]);
    assert!(health["overall_score"].as_f64().unwrap() < 60.0);
    assert_eq!(health["limited_by"], "condenser_approach");
    assert_eq!(health["breakdown"].as_array().unwrap().len(), 5);
    assert!(health["recommendations"][0]
        .as_str()
        .unwrap()
        .contains("condenser tubes"));
    let table = ctx.ok(&["health", "CH-H"]);
    assert!(
        table.contains("Breakdown")
            && table.contains("What to do")
            && table.contains("[limits the overall score]"),
        "{table}"
    );
    let csv = ctx.ok(&["health", "CH-H", "--format", "csv"]);
    assert_eq!(
        csv.lines().count(),
        6,
        "header and one row per metric:\n{csv}"
    );
    let hourly = ctx.json(&[
        "health",
        "CH-H",
        "--source",
        "hourly",
        "--from",
        "2020-01-01T00:00:00Z",
        "--to",
        "2100-01-01T00:00:00Z",
    ]);
    assert!(hourly["readings"].as_i64().unwrap() >= 21 * 288);

    let latest = ctx.json(&["latest", "CH-H"]);
    let field = |name: &str| {
        latest
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["field"] == name)
            .unwrap()["value"]
            .clone()
    };
    assert_eq!(field("asset_id"), "CH-H");
    assert!(field("health_score").as_f64().is_some());

    ctx.ok(&[
        "assets",
        "add",
        "CH-NEW",
        "--capacity-tons",
        "500",
        "--design-flow-gpm",
        "1200",
        "--type",
        "screw",
        "--name",
        "North plant",
    ]);
    let assets = ctx.json(&["assets"]);
    let new = assets
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["asset_id"] == "CH-NEW")
        .unwrap();
    assert_eq!(new["nameplate"], "registered");
    assert!((new["capacity_kw"].as_f64().unwrap() - 1758.425).abs() < 1e-6);
    assert!((new["design_chw_flow_lps"].as_f64().unwrap() - 75.708_24).abs() < 1e-6);
    let demo_asset = assets
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["asset_id"] == "CH-H")
        .unwrap();
    assert_eq!(demo_asset["nameplate"], "unregistered");

    let rejected = ctx.json(&["rejected", "CH-H"]);
    assert_eq!(rejected[0]["codes"], "CHW_RETURN_BELOW_SUPPLY");
    let none = ctx.json(&["rejected", "CH-NEW"]);
    assert_eq!(none, Value::Array(vec![]));
}

fn errors_are_one_clear_line(ctx: &Ctx) {
    // No schema yet in this database.
    one_line_error(&ctx.mep(&["assets"]), "run `mep init`");
    init(ctx);
    one_line_error(&ctx.mep(&["health", "CH-NOPE"]), "unknown asset 'CH-NOPE'");
    one_line_error(&ctx.mep(&["latest", "CH-NOPE"]), "unknown asset");
    one_line_error(
        &ctx.mep(&["seed", "--scenario", "meltdown", "--asset", "A"]),
        "unknown scenario \"meltdown\"",
    );
    one_line_error(
        &ctx.mep(&[
            "seed",
            "--scenario",
            "healthy",
            "--asset",
            "A",
            "--step",
            "5 fortnights",
        ]),
        "unknown unit",
    );
    one_line_error(
        &ctx.mep(&["ingest", "/nonexistent/file.csv"]),
        "cannot read /nonexistent/file.csv",
    );
    one_line_error(
        &ctx.mep(&["ingest", &data("no_time_column.csv")]),
        "no 'time' column",
    );
    one_line_error(
        &ctx.mep(&["ingest", &data("invalid_utf8.csv")]),
        "malformed CSV",
    );
    one_line_error(
        &ctx.mep(&["validate", "--json", "{not json"]),
        "--json is not valid JSON",
    );
    one_line_error(
        &ctx.mep(&["assets", "add", "X", "--type", "absorption"]),
        "unknown chiller type \"absorption\"",
    );
    one_line_error(
        &ctx.mep(&["health", "CH-NOPE", "--from", "yesterday"]),
        "--from",
    );
    one_line_error(
        &mep_with_url(Some("not a url"), &["assets"]),
        "invalid database URL",
    );
    one_line_error(
        &mep_with_url(
            Some("postgresql://postgres@127.0.0.1:1/nothing"),
            &["assets"],
        ),
        "cannot connect",
    );
    let missing_db = ctx.cluster.url("no_such_database");
    one_line_error(
        &mep_with_url(Some(&missing_db), &["assets"]),
        "does not exist",
    );
    // Bad arguments are clap's usage errors: exit 2, never a panic.
    let usage = ctx.mep(&["seed", "--asset", "A"]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("--scenario"));
}

fn help_is_complete_and_colour_is_terminal_only(ctx: &Ctx) {
    let help = mep_with_url(None, &["--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    for command in [
        "init",
        "demo",
        "seed",
        "ingest",
        "validate",
        "health",
        "latest",
        "assets",
        "rejected",
        "export-dataset",
    ] {
        assert!(help.contains(command), "mep --help lists {command}");
        let sub = mep_with_url(None, &[command, "--help"]);
        assert!(sub.status.success(), "mep {command} --help");
        let sub = String::from_utf8_lossy(&sub.stdout);
        assert!(
            sub.contains("Usage: mep")
                && sub.contains("--database-url")
                && sub.contains("--format"),
            "{command}: {sub}"
        );
    }
    init(ctx);
    let piped = ctx.ok(&["assets"]);
    assert!(!piped.contains('\u{1b}'), "no colour when piped");
    let forced = ctx.ok(&["assets", "--color", "always"]);
    assert!(forced.contains('\u{1b}'), "colour when asked");
}

type Case = (&'static str, fn(&Ctx));

const CASES: &[Case] = &[
    (
        "init_applies_the_schema_and_says_which_path",
        init_applies_the_schema_and_says_which_path,
    ),
    (
        "demo_shows_the_trajectory_and_a_rejection",
        demo_shows_the_trajectory_and_a_rejection,
    ),
    (
        "demo_fleet_seeds_a_plant_for_the_dashboards",
        demo_fleet_seeds_a_plant_for_the_dashboards,
    ),
    (
        "seed_reports_generated_stored_and_quarantined",
        seed_reports_generated_stored_and_quarantined,
    ),
    (
        "ingest_accounts_for_every_row",
        ingest_accounts_for_every_row,
    ),
    (
        "ingest_converts_ip_units_and_streams_in_batches",
        ingest_converts_ip_units_and_streams_in_batches,
    ),
    (
        "validate_online_and_offline_agree",
        validate_online_and_offline_agree,
    ),
    (
        "health_latest_assets_and_rejected",
        health_latest_assets_and_rejected,
    ),
    ("errors_are_one_clear_line", errors_are_one_clear_line),
    (
        "help_is_complete_and_colour_is_terminal_only",
        help_is_complete_and_colour_is_terminal_only,
    ),
];

fn main() -> ExitCode {
    let mut runner = Runner::from_args();
    let cluster = Cluster::start();
    announce_storage_paths("mep CLI tests", &cluster);
    for path in cluster.storage_paths() {
        println!("\n== {} path ==", path.name());
        for (name, case) in CASES {
            if !runner.selects(name) {
                continue;
            }
            let db = cluster.create_database("cli", None);
            let ctx = Ctx {
                cluster: &cluster,
                db: db.clone(),
                path,
            };
            runner.run(path.name(), name, || case(&ctx));
            cluster.drop_database(&db);
        }
    }
    runner.finish("")
}
