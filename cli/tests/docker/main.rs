//! The Docker stack without Docker. On paper: the compose file, the Grafana provisioning
//! and the Dockerfile parse and agree with each other and with the workspace. Against a
//! real server, on each storage path it supports: the image's init script sets up a
//! database, `mep demo --fleet` seeds it as the compose seed service does, and every SQL
//! query of every dashboard, with Grafana's macros and variables expanded, runs as the
//! read-only Grafana login and returns rows. The images themselves are not built here.
//!
//! Run: `cargo test -p mep-cli --test docker` (filter: `-- dashboards`).

mod grafana;
mod stack;

use std::collections::BTreeMap;
use std::process::{Command, ExitCode};

use mep_core::time::format_rfc3339;
use mep_tests::postgres::types::Type;
use mep_tests::postgres::Client;
use mep_tests::{announce_storage_paths, describe, repo_root, Cluster, Runner, StoragePath};
use serde_json::Value;

use grafana::{Dashboard, Substitutions, TimeRange};
use stack::Repo;

const GRAFANA_LOGIN: &str = "mep_grafana_test";
const INGEST_LOGIN: &str = "mep_bms_test";

fn repo() -> Repo {
    Repo { root: repo_root() }
}

fn dashboards() -> Vec<Dashboard> {
    grafana::load_all(&repo().docker().join("grafana/dashboards"))
}

/// Runs the image's init script against `db`, as the entrypoint would on first start.
fn run_init_script(cluster: &Cluster, db: &str, path: StoragePath) {
    let repo = repo();
    let path_env = format!(
        "{}:{}",
        cluster.bindir().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new(repo.docker().join("initdb/010_mep.sh"))
        .env("PATH", path_env)
        .env("PGHOST", "127.0.0.1")
        .env("PGPORT", cluster.port().to_string())
        .env("POSTGRES_USER", "postgres")
        .env("POSTGRES_DB", db)
        .env("MEP_SQL_DIR", repo.root.join("sql"))
        .env("MEP_USE_TIMESCALEDB", path.install_setting())
        .env("MEP_GRAFANA_DB_USER", GRAFANA_LOGIN)
        .env("MEP_GRAFANA_DB_PASSWORD", "grafana-secret")
        .env("MEP_INGEST_DB_USER", INGEST_LOGIN)
        .env("MEP_INGEST_DB_PASSWORD", "bms-secret")
        .output()
        .expect("running docker/initdb/010_mep.sh");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "the init script failed:\n{text}");
    assert!(text.contains("schema applied"), "{text}");
}

/// Seeds the database as the compose `seed` service does.
fn seed_like_compose(cluster: &Cluster, db: &str) {
    let output = Command::new(env!("CARGO_BIN_EXE_mep"))
        .args(["demo", "--fleet", "--color", "never"])
        .env("DATABASE_URL", cluster.url(db))
        .output()
        .expect("running mep demo --fleet");
    assert!(
        output.status.success(),
        "mep demo --fleet failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn server_now_micros(client: &mut Client) -> i64 {
    client
        .query_one(
            "SELECT (extract(epoch FROM date_trunc('milliseconds', now())) * 1000000)::bigint",
            &[],
        )
        .unwrap()
        .get(0)
}

fn range_ending_now(now: i64, seconds: i64) -> TimeRange {
    TimeRange {
        from: format_rfc3339(now - seconds * 1_000_000),
        to: format_rfc3339(now),
    }
}

struct QueryOutcome {
    rows: usize,
    columns: Vec<(String, Type)>,
}

fn run_query(client: &mut Client, sql: &str) -> Result<QueryOutcome, String> {
    let statement = client.prepare(sql).map_err(|e| describe(&e))?;
    let columns = statement
        .columns()
        .iter()
        .map(|c| (c.name().to_string(), c.type_().clone()))
        .collect();
    let rows = client.query(&statement, &[]).map_err(|e| describe(&e))?;
    Ok(QueryOutcome {
        rows: rows.len(),
        columns,
    })
}

/// What Grafana needs of a panel's result beyond rows: a time column for time series,
/// and every column the panel's overrides and field options name.
fn check_shape(dashboard: &Dashboard, panel: &Value, outcome: &QueryOutcome) -> Vec<String> {
    let mut problems = Vec::new();
    let title = panel["title"].as_str().unwrap_or_default();
    let has = |name: &str| outcome.columns.iter().any(|(n, _)| n == name);
    if panel["type"] == "timeseries" {
        match outcome.columns.iter().find(|(n, _)| n == "time") {
            Some((_, ty)) if *ty == Type::TIMESTAMPTZ => {}
            Some((_, ty)) => problems.push(format!("{title}: \"time\" is {ty}, not timestamptz")),
            None => problems.push(format!("{title}: no \"time\" column")),
        }
        let long_format = panel["targets"][0]["format"] == "time_series" && has("metric");
        if long_format && !has("value") {
            problems.push(format!(
                "{title}: time_series with metric but no value column"
            ));
        }
    }
    for matcher in panel["fieldConfig"]["overrides"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| &o["matcher"])
        .filter(|m| m["id"] == "byName")
    {
        let name = matcher["options"].as_str().unwrap_or_default();
        if !has(name) {
            problems.push(format!(
                "{}: '{title}' styles column '{name}', which its query does not return",
                dashboard.title()
            ));
        }
    }
    if let Some(fields) = panel["options"]["reduceOptions"]["fields"].as_str() {
        if let Some(name) = fields.strip_prefix("/^").and_then(|f| f.strip_suffix("$/")) {
            if !has(name) {
                problems.push(format!("{title}: shows field '{name}', which is missing"));
            }
        }
    }
    problems
}

/// Every query of every dashboard, for the dashboard's default range and for a day and
/// a year, as the Grafana login: no error anywhere, rows for every panel, right shapes.
fn every_dashboard_query_returns_rows(cluster: &Cluster, db: &str) {
    let mut grafana_client = cluster.connect_as(GRAFANA_LOGIN, db);
    let now = server_now_micros(&mut grafana_client);
    let mut problems = Vec::new();
    let mut queries = 0;
    for dashboard in dashboards() {
        let default_seconds = dashboard.default_range_seconds();
        let mut variables = BTreeMap::new();
        let mut every_value: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, sql) in dashboard.variables() {
            let rows = grafana_client
                .query(sql.as_str(), &[])
                .unwrap_or_else(|e| panic!("variable {name}: {}", describe(&e)));
            let values: Vec<String> = rows.iter().map(|r| r.get::<_, String>(0)).collect();
            assert!(!values.is_empty(), "variable {name} lists values");
            variables.insert(name.clone(), values[0].clone());
            every_value.insert(name, values);
        }
        for (label, seconds) in [
            ("default", default_seconds),
            ("1 day", 86_400),
            ("1 year", 365 * 86_400),
        ] {
            let range = range_ending_now(now, seconds);
            for panel in dashboard.panels() {
                let title = panel["title"].as_str().unwrap_or_default();
                for target in panel["targets"].as_array().into_iter().flatten() {
                    let raw = target["rawSql"].as_str().unwrap_or_default();
                    let with = Substitutions {
                        range: &range,
                        variables: &variables,
                    };
                    let sql = match grafana::expand(raw, &with) {
                        Ok(sql) => sql,
                        Err(e) => {
                            problems.push(format!("{} / {title}: {e}", dashboard.title()));
                            continue;
                        }
                    };
                    queries += 1;
                    match run_query(&mut grafana_client, &sql) {
                        Ok(outcome) => {
                            if outcome.rows == 0 {
                                problems.push(format!(
                                    "{} / {title} ({label}): no rows\n{sql}",
                                    dashboard.title()
                                ));
                            }
                            problems.extend(check_shape(&dashboard, panel, &outcome));
                        }
                        Err(e) => problems.push(format!(
                            "{} / {title} ({label}): {e}\n{sql}",
                            dashboard.title()
                        )),
                    }
                }
            }
        }
        // Every other value of each variable: the queries run (a healthy chiller may
        // legitimately have no rejections to list).
        for (name, values) in &every_value {
            for value in values.iter().skip(1) {
                let mut one = variables.clone();
                one.insert(name.clone(), value.clone());
                let range = range_ending_now(now, default_seconds);
                for panel in dashboard.panels() {
                    for target in panel["targets"].as_array().into_iter().flatten() {
                        let raw = target["rawSql"].as_str().unwrap_or_default();
                        let with = Substitutions {
                            range: &range,
                            variables: &one,
                        };
                        let Ok(sql) = grafana::expand(raw, &with) else {
                            continue;
                        };
                        queries += 1;
                        if let Err(e) = run_query(&mut grafana_client, &sql) {
                            problems.push(format!(
                                "{} / {} ({name} = {value}): {e}",
                                dashboard.title(),
                                panel["title"]
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n\n")
    );
    assert!(queries > 100, "ran {queries} queries");
    println!("        {queries} dashboard queries ran and returned rows");
}

/// Charts of long ranges read the aggregates, short ones the readings.
fn long_ranges_read_the_aggregates(cluster: &Cluster, db: &str) {
    let mut client = cluster.connect_as(GRAFANA_LOGIN, db);
    for (days, expected) in [(1, "reading"), (30, "hour"), (365, "day")] {
        let rows = client
            .query(
                "SELECT DISTINCT resolution FROM mep.asset_series('CH-001', now() - $1 * interval '1 day', now())",
                &[&f64::from(days)],
            )
            .unwrap();
        let found: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
        assert_eq!(found, [expected], "{days} days");
    }
}

/// The logins the init script created can do what their roles allow, and no more.
fn logins_have_their_roles(cluster: &Cluster, db: &str) {
    let mut grafana_client = cluster.connect_as(GRAFANA_LOGIN, db);
    let denied = grafana_client
        .execute("DELETE FROM mep.rejected_readings", &[])
        .expect_err("the Grafana login cannot change data");
    assert_eq!(denied.code().map(|c| c.code()), Some("42501"));
    let mut ingest = cluster.connect_as(INGEST_LOGIN, db);
    ingest
        .execute(
            "INSERT INTO mep.sensor_data (time, asset_id, chw_supply_temp, chw_return_temp) VALUES (now(), 'CH-002', 6.7, 12.2)",
            &[],
        )
        .expect("the BMS login inserts readings");
    let denied = ingest
        .query("SELECT count(*) FROM mep.sensor_data", &[])
        .expect_err("the BMS login cannot read");
    assert_eq!(denied.code().map(|c| c.code()), Some("42501"));
}

type OfflineCase = (&'static str, fn());
type ServerCase = (&'static str, fn(&Cluster, &str));

const OFFLINE: &[OfflineCase] = &[
    (
        "grafana_macro_expansion_matches_grafana",
        grafana::expansion_selftest,
    ),
    ("compose_file_is_complete_and_consistent", || {
        stack::compose_file_is_complete_and_consistent(&repo())
    }),
    ("env_example_documents_every_variable", || {
        stack::env_example_documents_every_variable(&repo())
    }),
    ("grafana_provisioning_matches_the_stack", || {
        stack::grafana_provisioning_matches_the_stack(&repo(), &dashboards())
    }),
    ("dockerfile_builds_with_the_pinned_versions", || {
        stack::dockerfile_builds_with_the_pinned_versions(&repo())
    }),
];

const ON_SERVER: &[ServerCase] = &[
    (
        "dashboards_every_query_returns_rows",
        every_dashboard_query_returns_rows,
    ),
    (
        "dashboards_long_ranges_read_the_aggregates",
        long_ranges_read_the_aggregates,
    ),
    (
        "init_script_logins_have_their_roles",
        logins_have_their_roles,
    ),
];

fn main() -> ExitCode {
    let mut runner = Runner::from_args();
    println!("mep Docker stack tests: the images are not built here (no Docker engine needed)");
    println!("\n== on paper ==");
    for (name, case) in OFFLINE {
        runner.run("on paper", name, case);
    }
    if !ON_SERVER.iter().any(|(name, _)| runner.selects(name)) {
        return runner.finish("");
    }
    let cluster = Cluster::start();
    announce_storage_paths(
        "\nthe stack's database (the image runs the TimescaleDB path)",
        &cluster,
    );
    for path in cluster.storage_paths() {
        println!(
            "\n== {} path: init script, mep demo --fleet ==",
            path.name()
        );
        let db = cluster.create_database("stack", None);
        let ready = runner.run_always(
            path.name(),
            "stack_database_from_init_script_and_seed",
            || {
                run_init_script(&cluster, &db, path);
                seed_like_compose(&cluster, &db);
            },
        );
        if !ready {
            continue;
        }
        for (name, case) in ON_SERVER {
            runner.run(path.name(), name, || case(&cluster, &db));
        }
        cluster.drop_database(&db);
    }
    runner.finish("")
}
