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

use std::process::ExitCode;

use mep_tests::{announce_storage_paths, Cluster, Runner, StoragePath};
use support::Db;

/// A test case: a name and what it checks.
pub struct Case {
    pub name: &'static str,
    pub run: fn(&Db),
}

fn main() -> ExitCode {
    let mut runner = Runner::from_args();
    let cluster = Cluster::start();
    announce_storage_paths("mep end-to-end tests", &cluster);
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
        for case in cases::ALL {
            if runner.selects(case.name) {
                let db = Db::create(&cluster, path, &template);
                runner.run(path.name(), case.name, || (case.run)(&db));
            }
        }
        cluster.drop_database(&template);
    }
    let paths: Vec<&str> = cluster.storage_paths().iter().map(|p| p.name()).collect();
    runner.finish(&format!("; storage paths tested: {}", paths.join(" and ")))
}

fn short(path: StoragePath) -> &'static str {
    match path {
        StoragePath::TimescaleDb => "tsdb",
        StoragePath::Plain => "plain",
    }
}
