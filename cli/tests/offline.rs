//! The CLI without a database: the sample datasets regenerate byte for byte, validate
//! offline with no rejection, and a hand-made bad file names each bad row's reason.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn mep(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mep"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env("NO_COLOR", "1")
        .output()
        .expect("running mep")
}

fn repo() -> PathBuf {
    mep_tests::repo_root()
}

const DATASETS: [&str; 6] = [
    "sample_healthy.csv",
    "sample_fouling.csv",
    "sample_bearing.csv",
    "sample_refrigerant_leak.csv",
    "sample_electrical.csv",
    "sample_misalignment.csv",
];

#[test]
fn the_datasets_regenerate_byte_for_byte() {
    let out = std::env::temp_dir().join(format!("mep-datasets-{}", std::process::id()));
    let output = mep(&["export-dataset", "--out", out.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for name in DATASETS {
        let committed = std::fs::read(repo().join("datasets").join(name))
            .unwrap_or_else(|e| panic!("datasets/{name}: {e}"));
        let fresh = std::fs::read(out.join(name)).unwrap();
        assert!(
            committed == fresh,
            "datasets/{name} differs from what `mep export-dataset` writes now; regenerate it"
        );
    }
    let _ = std::fs::remove_dir_all(out);
}

#[test]
fn every_dataset_validates_offline_with_no_rejection() {
    for name in DATASETS {
        let path = repo().join("datasets").join(name);
        let output = mep(&[
            "validate",
            "--offline",
            "--format",
            "json",
            path.to_str().unwrap(),
        ]);
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["summary"]["rejected"], 0, "{name}");
        assert!(
            json["summary"]["readings"].as_i64().unwrap() > 600,
            "{name}"
        );
        if name == "sample_healthy.csv" {
            assert_eq!(
                json["summary"]["warning"], 0,
                "healthy data raises no warning"
            );
        }
    }
}

#[test]
fn each_bad_row_is_named_with_its_reason() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad_readings.csv");
    let output = mep(&[
        "validate",
        "--offline",
        "--all",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a rejection makes the exit code 1"
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let by_line: Vec<(i64, String, String)> = json["readings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["line"].as_i64().unwrap(),
                r["status"].as_str().unwrap().to_string(),
                r["codes"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        (2, "accepted", ""),
        (3, "rejected", "CHW_RETURN_BELOW_SUPPLY"),
        (4, "rejected", "NON_FINITE_VALUE"),
        (
            5,
            "rejected",
            "LOOKS_LIKE_FAHRENHEIT, LOOKS_LIKE_FAHRENHEIT",
        ),
        (6, "rejected", "NOT_NUMERIC"),
        (7, "rejected", "TIME_UNREADABLE"),
        (8, "rejected", "ASSET_ID_MISSING"),
        (9, "rejected", "SENTINEL_VALUE"),
        (10, "rejected", "ROW_MALFORMED"),
        (11, "rejected", "COP_ABOVE_CARNOT"),
        (12, "rejected", "TIME_MISSING"),
        (13, "accepted", ""),
    ];
    let expected: Vec<(i64, String, String)> = expected
        .iter()
        .map(|(l, s, c)| (*l, s.to_string(), c.to_string()))
        .collect();
    assert_eq!(by_line, expected);
    let table =
        String::from_utf8_lossy(&mep(&["validate", "--offline", path.to_str().unwrap()]).stdout)
            .into_owned();
    assert!(
        table.contains("power_kw = 'n/a' is not a number"),
        "{table}"
    );
    assert!(
        table.contains("Chilled water return must be warmer than supply"),
        "{table}"
    );
}

#[test]
fn offline_json_validation_needs_no_database() {
    let output = mep(&[
        "validate",
        "--offline",
        "--json",
        r#"{"chw_supply_temp": 12, "chw_return_temp": 6}"#,
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("status: rejected"), "{stdout}");
    assert!(stdout.contains("Check sensor wiring - supply and return may be swapped"));
    let ip = mep(&[
        "validate",
        "--offline",
        "--units",
        "ip",
        "--format",
        "json",
        "--json",
        r#"{"chw_supply_temp": 44, "chw_return_temp": 54}"#,
    ]);
    let json: Value = serde_json::from_slice(&ip.stdout).unwrap();
    assert_eq!(json["status"], "accepted");
    assert!((json["derived_metrics"]["delta_t"].as_f64().unwrap() - 10.0 / 1.8).abs() < 1e-9);
}

#[test]
fn no_database_is_a_clear_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_mep"))
        .args([
            "--database-url",
            "postgresql://postgres@127.0.0.1:1/none",
            "assets",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: cannot connect to"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1);
}
