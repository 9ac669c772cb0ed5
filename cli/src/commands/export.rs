//! `mep export-dataset`: the sample CSV files, generated offline and deterministically.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use mep_core::reading::MICROS_PER_MINUTE;
use mep_core::scenario::{Scenario, ScenarioSpec};
use mep_core::time::format_rfc3339;
use mep_core::{Asset, Field};

use crate::args::ExportArgs;
use crate::error::{CliError, Context, Result};
use crate::output::{Cell, Out, Table};

/// The datasets: file, scenario and asset id. Every one uses the scenario's default
/// length, a 15-minute step, seed 42, the default nameplate and starts 2026-01-05 00:00 UTC.
pub const DATASETS: [(&str, Scenario, &str); 6] = [
    ("sample_healthy.csv", Scenario::Healthy, "CH-001"),
    ("sample_fouling.csv", Scenario::TubeFouling, "CH-002"),
    ("sample_bearing.csv", Scenario::BearingWear, "CH-003"),
    (
        "sample_refrigerant_leak.csv",
        Scenario::RefrigerantLeak,
        "CH-004",
    ),
    ("sample_electrical.csv", Scenario::ElectricalIssue, "CH-005"),
    (
        "sample_misalignment.csv",
        Scenario::PostMaintenanceMisalignment,
        "CH-006",
    ),
];

/// Step between the samples' readings.
pub const DATASET_STEP: i64 = 15 * MICROS_PER_MINUTE;

fn write_dataset(path: &Path, scenario: Scenario, asset_id: &str) -> Result<usize> {
    let file = std::fs::File::create(path).context(&format!("creating {}", path.display()))?;
    let mut writer = std::io::BufWriter::new(file);
    let header: Vec<&str> = ["time", "asset_id"]
        .into_iter()
        .chain(Field::ALL.iter().map(|f| f.name()))
        .collect();
    writeln!(writer, "{}", header.join(",")).context("writing")?;
    let generator = ScenarioSpec::new(scenario, Asset::unregistered_default())
        .with_step(DATASET_STEP)
        .generate()
        .map_err(|e| CliError(e.to_string()))?;
    let mut rows = 0;
    let mut line = String::new();
    for (time, values) in generator {
        line.clear();
        line.push_str(&format_rfc3339(time));
        line.push(',');
        line.push_str(asset_id);
        for field in Field::ALL {
            line.push(',');
            if let Some(value) = values.get(field) {
                // Three decimals: what BMS points report, and stable across platforms.
                line.push_str(&format!("{value:.3}"));
            }
        }
        writeln!(writer, "{line}").context("writing")?;
        rows += 1;
    }
    writer.flush().context("writing")?;
    Ok(rows)
}

pub fn run(out: &Out, args: &ExportArgs) -> Result<ExitCode> {
    std::fs::create_dir_all(&args.out).context(&format!("creating {}", args.out.display()))?;
    let mut table =
        Table::new(&["file", "scenario", "asset_id", "days", "rows"]).titled("mep export-dataset");
    for (name, scenario, asset_id) in DATASETS {
        let rows = write_dataset(&args.out.join(name), scenario, asset_id)?;
        table.push(vec![
            Cell::text(args.out.join(name).display().to_string()),
            Cell::text(scenario.name()),
            Cell::text(asset_id),
            Cell::Int(scenario.default_duration_days()),
            Cell::Int(rows as i64),
        ]);
    }
    out.table(&table);
    Ok(ExitCode::SUCCESS)
}
