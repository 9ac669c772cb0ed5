//! The runner the harness-less suites share: named cases selected by the words on the
//! command line, one line per case, a panic counted as that case's failure, a summary.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::ExitCode;
use std::time::Instant;

use crate::Cluster;

pub struct Runner {
    filters: Vec<String>,
    started: Instant,
    passed: usize,
    failures: Vec<String>,
}

impl Runner {
    /// Cases whose name contains any non-flag argument are selected (all when none).
    pub fn from_args() -> Runner {
        Runner {
            filters: std::env::args()
                .skip(1)
                .filter(|arg| !arg.starts_with('-'))
                .collect(),
            started: Instant::now(),
            passed: 0,
            failures: Vec::new(),
        }
    }

    pub fn selects(&self, name: &str) -> bool {
        self.filters.is_empty() || self.filters.iter().any(|f| name.contains(f.as_str()))
    }

    /// Runs `case` if it is selected; `scope` (a storage path, say) labels its failure.
    pub fn run(&mut self, scope: &str, name: &str, case: impl FnOnce()) {
        if self.selects(name) {
            self.run_always(scope, name, case);
        }
    }

    /// Runs `case` whatever the selection (the setup other cases need); true if it passed.
    pub fn run_always(&mut self, scope: &str, name: &str, case: impl FnOnce()) -> bool {
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(case));
        let seconds = started.elapsed().as_secs_f64();
        match outcome {
            Ok(()) => {
                self.passed += 1;
                println!("  ok    {name:<58} {seconds:>6.2} s");
                true
            }
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                println!("  FAIL  {name:<58} {seconds:>6.2} s");
                self.failures.push(format!("[{scope}] {name}: {message}"));
                false
            }
        }
    }

    /// Prints the summary (with `note` after it) and every failure.
    pub fn finish(self, note: &str) -> ExitCode {
        println!(
            "\n{} passed, {} failed in {:.1} s{note}",
            self.passed,
            self.failures.len(),
            self.started.elapsed().as_secs_f64()
        );
        if self.failures.is_empty() {
            return ExitCode::SUCCESS;
        }
        println!("\nfailures:");
        for failure in &self.failures {
            println!("  {failure}");
        }
        ExitCode::FAILURE
    }
}

/// Says which storage paths the suite runs on, and that the TimescaleDB one is skipped
/// when TimescaleDB is not installed.
pub fn announce_storage_paths(suite: &str, cluster: &Cluster) {
    println!("{suite}: PostgreSQL on 127.0.0.1:{}", cluster.port());
    match cluster.timescaledb() {
        Some(version) => println!(
            "TimescaleDB {version} is installed: running on the TimescaleDB path and the plain path"
        ),
        None => println!(
            "TimescaleDB is not installed: running on the plain PostgreSQL path only (TimescaleDB path SKIPPED)"
        ),
    }
}
