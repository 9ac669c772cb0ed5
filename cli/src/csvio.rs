//! Reading CSV files of readings: columns mapped by header, each row parsed into values
//! or into the parse-level findings that keep it out of the typed columns.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use mep_core::reading::UnixMicros;
use mep_core::text::parse_number;
use mep_core::time::parse_timestamp;
use mep_core::units::UnitSystem;
use mep_core::{Code, Field, Finding, Measurements, Severity};
use serde_json::{Map, Value};

use crate::error::{CliError, Result};

/// Where each known column sits in the file.
#[derive(Debug, Clone)]
pub struct Columns {
    pub headers: Vec<String>,
    time: usize,
    asset_id: Option<usize>,
    fields: Vec<(Field, usize)>,
    /// Header names that are not mep columns (reported, then ignored).
    pub ignored: Vec<String>,
}

impl Columns {
    fn map(headers: Vec<String>, file: &Path, have_asset: bool) -> Result<Columns> {
        let mut seen = std::collections::HashSet::new();
        for header in &headers {
            if !seen.insert(header.as_str()) {
                return Err(CliError(format!(
                    "{}: column '{header}' appears twice in the header",
                    file.display()
                )));
            }
        }
        let position = |name: &str| headers.iter().position(|h| h == name);
        let time = position("time").ok_or_else(|| {
            CliError(format!(
                "{}: no 'time' column in the header (found: {}); the header names the columns: time, asset_id, chw_supply_temp, ...",
                file.display(),
                headers.join(", ")
            ))
        })?;
        let asset_id = position("asset_id");
        if asset_id.is_none() && !have_asset {
            return Err(CliError(format!(
                "{}: no 'asset_id' column; add one, or give every row's asset with --asset",
                file.display()
            )));
        }
        let fields: Vec<(Field, usize)> = Field::ALL
            .into_iter()
            .filter_map(|field| position(field.name()).map(|i| (field, i)))
            .collect();
        let ignored = headers
            .iter()
            .filter(|h| *h != "time" && *h != "asset_id" && Field::from_name(h).is_none())
            .cloned()
            .collect();
        Ok(Columns {
            headers,
            time,
            asset_id,
            fields,
            ignored,
        })
    }
}

/// One row of the file.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    pub time: Option<UnixMicros>,
    pub asset_id: Option<String>,
    /// The values, converted to SI.
    pub values: Measurements,
    /// Findings that make the row unloadable: not a number, no time, wrong field count.
    pub problems: Vec<Finding>,
    /// The row's fields as text, by header (kept for the quarantine).
    pub raw: Map<String, Value>,
}

impl Row {
    pub fn is_parsed(&self) -> bool {
        self.problems.is_empty()
    }
}

fn finding(code: Code, message: String, recommendation: &str) -> Finding {
    Finding {
        code,
        severity: Severity::Reject,
        fields: Default::default(),
        message,
        recommendation: recommendation.to_string(),
    }
}

/// Streams the rows of a CSV file.
pub struct Rows {
    reader: csv::Reader<BufReader<File>>,
    pub columns: Columns,
    units: UnitSystem,
    default_asset: Option<String>,
    record: csv::StringRecord,
}

impl Rows {
    /// Opens `file` and maps its header.
    pub fn open(file: &Path, units: UnitSystem, default_asset: Option<String>) -> Result<Rows> {
        let handle = File::open(file)
            .map_err(|e| CliError(format!("cannot read {}: {e}", file.display())))?;
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(BufReader::with_capacity(1 << 16, handle));
        let headers = reader
            .headers()
            .map_err(|e| {
                CliError(format!(
                    "{}: not a readable CSV header: {e}",
                    file.display()
                ))
            })?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
            .collect::<Vec<_>>();
        if headers.iter().all(String::is_empty) {
            return Err(CliError(format!(
                "{}: the file is empty (no header row)",
                file.display()
            )));
        }
        let columns = Columns::map(headers, file, default_asset.is_some())?;
        Ok(Rows {
            reader,
            columns,
            units,
            default_asset,
            record: csv::StringRecord::new(),
        })
    }

    /// Bytes read so far (for progress).
    pub fn position(&self) -> u64 {
        self.reader.position().byte()
    }

    /// The next row, or `None` at the end. A CSV the reader cannot read at all (bad
    /// quoting, invalid UTF-8) is an error with its line.
    pub fn next_row(&mut self) -> Result<Option<Row>> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(CliError(format!("malformed CSV at line {line}: {e}")));
            }
        }
        let line = self.record.position().map_or(0, |p| p.line());
        Ok(Some(self.parse(line)))
    }

    fn parse(&self, line: u64) -> Row {
        let record = &self.record;
        let columns = &self.columns;
        let mut raw = Map::new();
        for (header, value) in columns.headers.iter().zip(record.iter()) {
            raw.insert(header.clone(), Value::from(value));
        }
        let mut row = Row {
            line,
            time: None,
            asset_id: None,
            values: Measurements::default(),
            problems: Vec::new(),
            raw,
        };
        if record.len() != columns.headers.len() {
            row.problems.push(finding(
                Code::RowMalformed,
                format!(
                    "line {line} has {} fields; the header has {}",
                    record.len(),
                    columns.headers.len()
                ),
                "Check the export for unquoted commas or truncated lines",
            ));
            return row;
        }
        let time_text = record.get(columns.time).unwrap_or_default();
        if time_text.is_empty() {
            row.problems.push(Finding::time_missing());
        } else {
            match parse_timestamp(time_text) {
                Ok(t) => row.time = Some(t),
                Err(e) => row.problems.push(finding(
                    Code::TimeUnreadable,
                    e.to_string(),
                    "Export timestamps as ISO 8601 / RFC 3339, e.g. 2026-01-05T08:30:00Z",
                )),
            }
        }
        row.asset_id = columns
            .asset_id
            .and_then(|i| record.get(i))
            .filter(|id| !id.is_empty())
            .map(str::to_string)
            .or_else(|| self.default_asset.clone());
        if row.asset_id.is_none() {
            row.problems.push(Finding::asset_id_missing());
        }
        for &(field, i) in &columns.fields {
            let text = record.get(i).unwrap_or_default();
            if text.is_empty() {
                continue;
            }
            match parse_number(text) {
                Some(number) => row.values.set(field, Some(number)),
                None => row.problems.push(Finding::not_numeric(field.name(), text)),
            }
        }
        row.values.convert_to_si(self.units);
        row
    }
}

/// A value as PostgreSQL's float8 input reads it, NaN and ±Infinity included.
pub fn float_text(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_string()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else {
        format!("{value:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn rows_of(text: &str, units: UnitSystem, asset: Option<&str>) -> Result<Vec<Row>> {
        let dir =
            std::env::temp_dir().join(format!("mep-csvio-{}-{}", std::process::id(), text.len()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("in.csv");
        std::fs::File::create(&path)
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let mut rows = Rows::open(&path, units, asset.map(str::to_string))?;
        let mut all = Vec::new();
        while let Some(row) = rows.next_row()? {
            all.push(row);
        }
        Ok(all)
    }

    #[test]
    fn maps_columns_by_header_in_any_order_and_case() {
        let rows = rows_of(
            "Power_kW,time,ASSET_ID,chw_supply_temp,notes\n210,2026-01-05T00:00:00Z,CH-1,6.7,ok\n",
            UnitSystem::Si,
            None,
        )
        .unwrap();
        assert_eq!(rows.len(), 1);
        assert!(rows[0].is_parsed());
        assert_eq!(rows[0].values.power_kw, Some(210.0));
        assert_eq!(rows[0].values.chw_supply_temp, Some(6.7));
        assert_eq!(rows[0].asset_id.as_deref(), Some("CH-1"));
        assert_eq!(rows[0].line, 2);
    }

    #[test]
    fn converts_ip_units() {
        let rows = rows_of(
            "time,asset_id,chw_supply_temp,chw_flow\n2026-01-05T00:00:00Z,A,44,1000\n",
            UnitSystem::Ip,
            None,
        )
        .unwrap();
        assert!((rows[0].values.chw_supply_temp.unwrap() - 6.666_666_7).abs() < 1e-6);
        assert!((rows[0].values.chw_flow.unwrap() - 63.0902).abs() < 1e-9);
    }

    #[test]
    fn each_unloadable_row_says_why() {
        let rows = rows_of(
            "time,asset_id,power_kw\n\
             ,A,1\n\
             31/12/2026,A,1\n\
             2026-01-05T00:00:00Z,,1\n\
             2026-01-05T00:00:00Z,A,n/a\n\
             2026-01-05T00:00:00Z,A\n\
             2026-01-05T00:00:00Z,A,NaN\n",
            UnitSystem::Si,
            None,
        )
        .unwrap();
        let codes: Vec<Vec<Code>> = rows
            .iter()
            .map(|r| r.problems.iter().map(|f| f.code).collect())
            .collect();
        assert_eq!(
            codes,
            vec![
                vec![Code::TimeMissing],
                vec![Code::TimeUnreadable],
                vec![Code::AssetIdMissing],
                vec![Code::NotNumeric],
                vec![Code::RowMalformed],
                vec![],
            ]
        );
        assert_eq!(rows[3].raw["power_kw"], "n/a");
        assert!(
            rows[5].values.power_kw.unwrap().is_nan(),
            "NaN is a number here; Physics-Guard rejects it later"
        );
    }

    #[test]
    fn header_problems_are_clear_errors() {
        let missing_time = rows_of("asset_id,power_kw\nA,1\n", UnitSystem::Si, None).unwrap_err();
        assert!(
            missing_time.0.contains("no 'time' column"),
            "{missing_time}"
        );
        let missing_asset = rows_of(
            "time,power_kw\n2026-01-05T00:00:00Z,1\n",
            UnitSystem::Si,
            None,
        )
        .unwrap_err();
        assert!(missing_asset.0.contains("--asset"), "{missing_asset}");
        let with_default = rows_of(
            "time,power_kw\n2026-01-05T00:00:00Z,1\n",
            UnitSystem::Si,
            Some("CH-9"),
        )
        .unwrap();
        assert_eq!(with_default[0].asset_id.as_deref(), Some("CH-9"));
        let twice = rows_of("time,time\n1,2\n", UnitSystem::Si, None).unwrap_err();
        assert!(twice.0.contains("appears twice"));
        let empty = rows_of("", UnitSystem::Si, None).unwrap_err();
        assert!(empty.0.contains("empty"), "{empty}");
    }

    #[test]
    fn float_text_reads_back_in_postgres() {
        assert_eq!(float_text(f64::NAN), "NaN");
        assert_eq!(float_text(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(float_text(6.7), "6.7");
        assert_eq!(float_text(4.1e13), "41000000000000.0");
    }
}
