//! The provisioned Grafana dashboards as data: their panels and SQL, and the expansion of
//! Grafana's macros and template variables into the SQL Grafana would send.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// One dashboard file.
pub struct Dashboard {
    pub json: Value,
}

impl Dashboard {
    pub fn uid(&self) -> &str {
        self.json["uid"].as_str().unwrap_or_default()
    }

    pub fn title(&self) -> &str {
        self.json["title"].as_str().unwrap_or_default()
    }

    /// The dashboard's default time range, e.g. `now-30d`, as a length in seconds.
    pub fn default_range_seconds(&self) -> i64 {
        let from = self.json["time"]["from"].as_str().unwrap_or_default();
        assert_eq!(
            self.json["time"]["to"],
            "now",
            "{}: ranges end now",
            self.title()
        );
        relative_seconds(from)
            .unwrap_or_else(|| panic!("{}: unreadable time.from '{from}'", self.title()))
    }

    pub fn panels(&self) -> Vec<&Value> {
        let mut all = Vec::new();
        collect_panels(&self.json["panels"], &mut all);
        all
    }

    /// Each template variable: name and the SQL that lists its values.
    pub fn variables(&self) -> Vec<(String, String)> {
        self.json["templating"]["list"]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|v| {
                        let name = v["name"].as_str().expect("variable name").to_string();
                        let query = match &v["query"] {
                            Value::String(sql) => sql.clone(),
                            other => other["rawSql"]
                                .as_str()
                                .unwrap_or_else(|| panic!("variable {name} has no SQL"))
                                .to_string(),
                        };
                        (name, query)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn collect_panels<'a>(panels: &'a Value, out: &mut Vec<&'a Value>) {
    for panel in panels.as_array().into_iter().flatten() {
        if panel["type"] == "row" {
            collect_panels(&panel["panels"], out);
        } else {
            out.push(panel);
        }
    }
}

/// `now-30d`, `now-7d`, `now-24h`, `now-90m` as seconds.
fn relative_seconds(text: &str) -> Option<i64> {
    let rest = text.strip_prefix("now-")?;
    let (number, unit) = rest.split_at(rest.len() - 1);
    let n: i64 = number.parse().ok()?;
    let unit_seconds = match unit {
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return None,
    };
    Some(n * unit_seconds)
}

pub fn load_all(dir: &Path) -> Vec<Dashboard> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file).expect("dashboard file");
            let json = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", file.display()));
            Dashboard { json }
        })
        .collect()
}

/// A time range as Grafana passes it to its macros: RFC 3339 in UTC.
pub struct TimeRange {
    pub from: String,
    pub to: String,
}

/// What Grafana substitutes: the time range and the template variables' current values.
pub struct Substitutions<'a> {
    pub range: &'a TimeRange,
    pub variables: &'a BTreeMap<String, String>,
}

/// Expands the template variables, then the macros, as Grafana's PostgreSQL data source
/// does; refuses anything it does not know rather than guessing.
pub fn expand(sql: &str, with: &Substitutions) -> Result<String, String> {
    let sql = expand_variables(sql, with.variables)?;
    let sql = expand_macros(&sql, with.range)?;
    if let Some(at) = sql.find('$') {
        return Err(format!(
            "unexpanded '$' left at: {}",
            &sql[at..(at + 30).min(sql.len())]
        ));
    }
    Ok(sql)
}

/// `${name:sqlstring}` (quoted, quotes doubled), `${name}` and `$name` (raw).
fn expand_variables(sql: &str, variables: &BTreeMap<String, String>) -> Result<String, String> {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        if tail.starts_with("__") {
            out.push('$');
            rest = tail;
            continue;
        }
        let (name, format, consumed) = if let Some(braced) = tail.strip_prefix('{') {
            let end = braced
                .find('}')
                .ok_or_else(|| "unterminated ${".to_string())?;
            let inner = &braced[..end];
            let (name, format) = match inner.split_once(':') {
                Some((name, format)) => (name, Some(format)),
                None => (inner, None),
            };
            (name, format, end + 2)
        } else {
            let end = tail
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(tail.len());
            (&tail[..end], None, end)
        };
        let value = variables
            .get(name)
            .ok_or_else(|| format!("unknown template variable '{name}'"))?;
        match format {
            None => out.push_str(value),
            Some("sqlstring") => {
                out.push('\'');
                out.push_str(&value.replace('\'', "''"));
                out.push('\'');
            }
            Some(other) => return Err(format!("unsupported variable format '{other}'")),
        }
        rest = &tail[consumed..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `$__timeFilter(column)`, `$__timeFrom()` and `$__timeTo()`. Grafana's parser takes a
/// macro's arguments up to the first ')', so a nested parenthesis is refused here.
fn expand_macros(sql: &str, range: &TimeRange) -> Result<String, String> {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(at) = rest.find("$__") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 3..];
        let name_end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        let name = &tail[..name_end];
        let after = &tail[name_end..];
        let Some(args_start) = after.strip_prefix('(') else {
            return Err(format!("unsupported macro '$__{name}' (no arguments)"));
        };
        let close = args_start
            .find(')')
            .ok_or_else(|| format!("unterminated $__{name}("))?;
        let args = args_start[..close].trim();
        if args.contains('(') {
            return Err(format!(
                "$__{name}({args}...): Grafana cannot parse a parenthesis inside a macro argument"
            ));
        }
        let expanded = match name {
            "timeFilter" if !args.is_empty() => {
                format!("{args} BETWEEN '{}' AND '{}'", range.from, range.to)
            }
            "timeFrom" if args.is_empty() => format!("'{}'", range.from),
            "timeTo" if args.is_empty() => format!("'{}'", range.to),
            _ => return Err(format!("unsupported macro $__{name}({args})")),
        };
        out.push_str(&expanded);
        rest = &args_start[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Checks of the expansion itself, run before any dashboard query.
pub fn expansion_selftest() {
    let range = TimeRange {
        from: "2026-01-01T00:00:00Z".into(),
        to: "2026-01-02T00:00:00Z".into(),
    };
    let mut variables = BTreeMap::new();
    variables.insert("asset".to_string(), "O'Brien-1".to_string());
    let with = Substitutions {
        range: &range,
        variables: &variables,
    };
    assert_eq!(
        expand(
            "WHERE asset_id = ${asset:sqlstring} AND $__timeFilter(s.time)",
            &with
        )
        .unwrap(),
        "WHERE asset_id = 'O''Brien-1' AND s.time BETWEEN '2026-01-01T00:00:00Z' AND '2026-01-02T00:00:00Z'"
    );
    assert_eq!(
        expand("$__timeTo()::timestamptz - $__timeFrom()", &with).unwrap(),
        "'2026-01-02T00:00:00Z'::timestamptz - '2026-01-01T00:00:00Z'"
    );
    assert_eq!(expand("x = '$asset'", &with).unwrap(), "x = 'O'Brien-1'");
    assert!(expand("$__timeFilter(coalesce(a, b))", &with).is_err());
    assert!(expand("$__timeGroupAlias(time, 1h)", &with).is_err());
    assert!(expand("$__interval", &with).is_err());
    assert!(expand("${site}", &with).is_err());
    assert!(expand("${asset:csv}", &with).is_err());
}
