//! End-to-end tests of mep against a real PostgreSQL started for the run.
//!
//! Every case runs on each storage path the server supports: the plain-PostgreSQL path
//! always, the TimescaleDB path when TimescaleDB is installed. The output says which ran.
//! Each case gets a fresh database copied from a template that has the schema applied.
//!
//! Run: `cargo test -p mep-tests --test e2e` (after `cargo pgrx install`).
//! Filter: `cargo test -p mep-tests --test e2e -- roles` runs the cases whose name contains "roles".

mod cases;
mod support;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use mep_tests::{Cluster, StoragePath};
use support::Db;

/// A test case: a name and what it checks.
pub struct Case {
    pub name: &'static str,
    pub run: fn(&Db),
}

fn main() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with('-'))
        .collect();
    let selected: Vec<&Case> = cases::ALL
        .iter()
        .filter(|case| filters.is_empty() || filters.iter().any(|f| case.name.contains(f.as_str())))
        .collect();

    let started = Instant::now();
    let cluster = Cluster::start();
    println!(
        "mep end-to-end tests: PostgreSQL on 127.0.0.1:{}",
        cluster.port()
    );
    match cluster.timescaledb() {
        Some(version) => println!("TimescaleDB {version} is installed: running the TimescaleDB path and the plain path"),
        None => println!("TimescaleDB is not installed: running the plain PostgreSQL path only (TimescaleDB path SKIPPED)"),
    }

    let mut failures = Vec::new();
    let mut passed = 0;
    for path in cluster.storage_paths() {
        let template = cluster.create_template(&format!("template_{}", short(path)));
        let install_output = cluster.apply_schema(&template, path);
        let announced = match path {
            StoragePath::TimescaleDb => "applying the TimescaleDB path",
            StoragePath::Plain => "applying the plain PostgreSQL path",
        };
        assert!(
            install_output.contains(announced),
            "install.sql did not take the {} path:\n{install_output}",
            path.name()
        );
        println!("\n== {} path ==", path.name());
        for case in &selected {
            let db = Db::create(&cluster, path, &template);
            let case_started = Instant::now();
            let outcome = catch_unwind(AssertUnwindSafe(|| (case.run)(&db)));
            let elapsed = case_started.elapsed().as_secs_f64();
            match outcome {
                Ok(()) => {
                    passed += 1;
                    println!("  ok    {:<58} {elapsed:>6.2} s", case.name);
                }
                Err(panic) => {
                    let message = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    println!("  FAIL  {:<58} {elapsed:>6.2} s", case.name);
                    failures.push(format!("[{}] {}: {message}", path.name(), case.name));
                }
            }
            drop(db);
        }
        cluster.drop_database(&template);
    }

    println!(
        "\n{passed} passed, {} failed in {:.1} s; storage paths tested: {}",
        failures.len(),
        started.elapsed().as_secs_f64(),
        cluster
            .storage_paths()
            .iter()
            .map(|p| p.name())
            .collect::<Vec<_>>()
            .join(" and ")
    );
    drop(cluster);
    if !failures.is_empty() {
        println!("\nfailures:");
        for failure in &failures {
            println!("  {failure}");
        }
        std::process::exit(1);
    }
}

fn short(path: StoragePath) -> &'static str {
    match path {
        StoragePath::TimescaleDb => "tsdb",
        StoragePath::Plain => "plain",
    }
}
