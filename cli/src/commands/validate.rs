//! `mep validate`: Physics-Guard on readings without storing them.
//!
//! Offline, with the physics built into this program and the default nameplate; online,
//! with `mep_validate` in the database (which uses registered nameplates). The exit code
//! is 1 when any reading is rejected.

use std::process::ExitCode;

use mep_core::json::{reading_from_json, validation_json};
use mep_core::units::UnitSystem;
use mep_core::{validate, Asset, Field, Validation, ValidationOptions};
use postgres::Client;
use serde_json::{Map, Value};

use super::ready;
use crate::args::{Cli, Units, ValidateArgs};
use crate::csvio::{float_text, Row, Rows};
use crate::error::{CliError, Context, Result};
use crate::output::{Cell, Out, Table};

/// One reading's verdict, in `mep_validate`'s JSON shape.
struct Verdict {
    line: Option<u64>,
    time: Option<String>,
    asset_id: Option<String>,
    json: Map<String, Value>,
}

impl Verdict {
    fn status(&self) -> &str {
        self.json
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or("rejected")
    }

    fn codes(&self) -> String {
        self.json
            .get("findings")
            .and_then(Value::as_array)
            .map(|findings| {
                findings
                    .iter()
                    .filter_map(|f| f.get("code").and_then(Value::as_str))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    }

    fn text(&self, key: &str) -> Option<String> {
        self.json
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_string)
    }
}

fn unit_system(units: Units) -> UnitSystem {
    match units {
        Units::Si => UnitSystem::Si,
        Units::Ip => UnitSystem::Ip,
    }
}

fn offline_verdict(validation: Validation) -> Map<String, Value> {
    let mut json = validation_json(&validation);
    json.insert("nameplate".into(), "default".into());
    json
}

fn validate_offline(row: &Row, strict: bool) -> Map<String, Value> {
    let mut validation = validate(
        &row.values,
        &Asset::unregistered_default(),
        ValidationOptions { strict },
    );
    validation.reject_with(row.problems.clone());
    offline_verdict(validation)
}

/// A parsed row as `mep_validate` JSON: values as text so NaN and ±Infinity survive.
fn row_json(row: &Row) -> Value {
    let mut object = Map::new();
    if let Some(asset) = &row.asset_id {
        object.insert("asset_id".into(), Value::from(asset.clone()));
    }
    for field in Field::ALL {
        if let Some(value) = row.values.get(field) {
            object.insert(field.name().into(), Value::from(float_text(value)));
        }
    }
    Value::Object(object)
}

fn validate_online(
    client: &mut Client,
    rows: &[Row],
    strict: bool,
) -> Result<Vec<Map<String, Value>>> {
    let batch = Value::Array(rows.iter().map(row_json).collect()).to_string();
    let results = client
        .query(
            "SELECT mep_validate(e.value, $2, 'si')::text FROM jsonb_array_elements($1::text::jsonb) \
             WITH ORDINALITY AS e(value, ord) ORDER BY e.ord",
            &[&batch, &strict],
        )
        .context("validating in the database")?;
    let mut verdicts = Vec::with_capacity(rows.len());
    for (row, result) in rows.iter().zip(results) {
        let text: String = result.get(0);
        let mut json: Map<String, Value> = serde_json::from_str(&text)
            .map_err(|e| CliError(format!("reading mep_validate's answer: {e}")))?;
        if !row.problems.is_empty() {
            // Text that is not a number never reaches the database: the file itself says why.
            let mut validation = validate(
                &Default::default(),
                &Asset::unregistered_default(),
                ValidationOptions { strict },
            );
            validation.reject_with(row.problems.clone());
            let parse = validation_json(&validation);
            json.insert("status".into(), "rejected".into());
            json.insert("is_valid".into(), false.into());
            for key in ["reason", "recommendation", "findings"] {
                json.insert(key.into(), parse[key].clone());
            }
        }
        verdicts.push(json);
    }
    Ok(verdicts)
}

fn print_single(out: &Out, verdict: &Verdict) {
    match out.format {
        crate::args::Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&Value::Object(verdict.json.clone())).expect("JSON")
        ),
        _ => {
            out.heading(&format!("status: {}", out.verdict(verdict.status())));
            if let Some(reason) = verdict.text("reason") {
                out.note(&format!("reason: {reason}"));
            }
            if let Some(recommendation) = verdict.text("recommendation") {
                out.note(&format!("recommendation: {recommendation}"));
            }
            let mut findings =
                Table::new(&["code", "severity", "fields", "message", "recommendation"])
                    .titled("Findings");
            for finding in verdict.json["findings"].as_array().into_iter().flatten() {
                let fields = finding["fields"]
                    .as_array()
                    .map(|f| {
                        f.iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                findings.push(vec![
                    Cell::text(finding["code"].as_str().unwrap_or_default()),
                    Cell::Status(match finding["severity"].as_str() {
                        Some("reject") => "rejected".to_string(),
                        _ => "warning".to_string(),
                    }),
                    Cell::text(fields),
                    Cell::text(finding["message"].as_str().unwrap_or_default()),
                    Cell::text(finding["recommendation"].as_str().unwrap_or_default()),
                ]);
            }
            let mut metrics = Table::new(&["metric", "value"]).titled("Derived metrics (SI)");
            for (name, value) in verdict.json["derived_metrics"]
                .as_object()
                .into_iter()
                .flatten()
            {
                let cell = match value {
                    Value::Number(n) => Cell::float(n.as_f64(), 3),
                    Value::String(s) => Cell::text(s.clone()),
                    _ => continue,
                };
                metrics.push(vec![Cell::text(name.clone()), cell]);
            }
            out.report(&[findings, metrics], Value::Null, &Table::default());
        }
    }
}

pub fn run(cli: &Cli, out: &Out, args: &ValidateArgs) -> Result<ExitCode> {
    let units = unit_system(args.units);
    let verdicts = if let Some(text) = &args.json {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| CliError(format!("--json is not valid JSON: {e}")))?;
        let Some(mut reading) = reading_from_json(&value) else {
            return Err(CliError::from("--json must be one JSON object, e.g. '{\"chw_supply_temp\": 12, \"chw_return_temp\": 6}'"));
        };
        let json = if args.offline {
            reading.values.convert_to_si(units);
            let mut validation = validate(
                &reading.values,
                &Asset::unregistered_default(),
                ValidationOptions {
                    strict: args.strict,
                },
            );
            validation.reject_with(std::mem::take(&mut reading.not_numeric));
            offline_verdict(validation)
        } else {
            let mut client = ready(cli)?;
            let units_name = if units == UnitSystem::Ip { "ip" } else { "si" };
            let text: String = client
                .query_one(
                    "SELECT mep_validate($1::text::jsonb, $2, $3)::text",
                    &[text, &args.strict, &units_name],
                )
                .context("validating in the database")?
                .get(0);
            serde_json::from_str(&text)
                .map_err(|e| CliError(format!("reading mep_validate's answer: {e}")))?
        };
        let verdict = Verdict {
            line: None,
            time: reading.time,
            asset_id: reading.asset_id,
            json,
        };
        print_single(out, &verdict);
        return Ok(if verdict.status() == "rejected" {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        });
    } else {
        let file = args.file.as_ref().expect("clap requires a file or --json");
        let mut rows = Rows::open(file, units, None)?;
        let mut client = if args.offline {
            None
        } else {
            Some(ready(cli)?)
        };
        let mut verdicts = Vec::new();
        let mut pending = Vec::new();
        let mut flush = |pending: &mut Vec<Row>, verdicts: &mut Vec<Verdict>| -> Result<()> {
            let jsons = match client.as_mut() {
                Some(client) => validate_online(client, pending, args.strict)?,
                None => pending
                    .iter()
                    .map(|row| validate_offline(row, args.strict))
                    .collect(),
            };
            for (row, json) in pending.drain(..).zip(jsons) {
                verdicts.push(Verdict {
                    line: Some(row.line),
                    time: row
                        .raw
                        .get("time")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    asset_id: row.asset_id.clone(),
                    json,
                });
            }
            Ok(())
        };
        while let Some(row) = rows.next_row()? {
            pending.push(row);
            if pending.len() == 500 {
                flush(&mut pending, &mut verdicts)?;
            }
        }
        flush(&mut pending, &mut verdicts)?;
        verdicts
    };

    let count = |status: &str| verdicts.iter().filter(|v| v.status() == status).count() as i64;
    let (accepted, warnings, rejected) = (count("accepted"), count("warning"), count("rejected"));
    let mut table = Table::new(&["line", "time", "asset_id", "status", "codes", "reason"]).titled(
        if args.all {
            "Every reading"
        } else {
            "Rejected readings (--all lists every reading)"
        },
    );
    let mut by_code: std::collections::BTreeMap<(String, String), i64> = Default::default();
    for verdict in &verdicts {
        for finding in verdict
            .json
            .get("findings")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let code = finding["code"].as_str().unwrap_or_default().to_string();
            let severity = finding["severity"].as_str().unwrap_or_default().to_string();
            *by_code.entry((code, severity)).or_default() += 1;
        }
        if !args.all && verdict.status() != "rejected" {
            continue;
        }
        table.push(vec![
            Cell::Int(verdict.line.unwrap_or(0) as i64),
            Cell::opt_text(verdict.time.clone()),
            Cell::opt_text(verdict.asset_id.clone()),
            Cell::Status(verdict.status().to_string()),
            Cell::text(verdict.codes()),
            Cell::opt_text(verdict.text("reason")),
        ]);
    }
    let mut summary =
        Table::new(&["readings", "accepted", "warning", "rejected", "mode"]).titled("mep validate");
    summary.push(vec![
        Cell::Int(verdicts.len() as i64),
        Cell::Int(accepted),
        Cell::Int(warnings),
        Cell::Int(rejected),
        Cell::text(if args.offline {
            "offline (default nameplate)"
        } else {
            "database"
        }),
    ]);
    let mut codes = Table::new(&["code", "severity", "findings"]).titled("Findings by code");
    for ((code, severity), n) in &by_code {
        let word = if severity == "reject" {
            "rejected"
        } else {
            "warning"
        };
        codes.push(vec![
            Cell::text(code),
            Cell::Status(word.to_string()),
            Cell::Int(*n),
        ]);
    }
    out.report(
        &[table.clone(), codes.clone(), summary.clone()],
        serde_json::json!({"summary": summary.json()[0], "findings_by_code": codes.json(), "readings": table.json()}),
        &table,
    );
    Ok(if rejected > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
