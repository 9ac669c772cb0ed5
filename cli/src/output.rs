//! Printing results: one table model, rendered as an aligned table, JSON or CSV.
//! Tables go to stdout; progress and notes go to stderr when the output is for programs.

use std::io::{IsTerminal, Write};

use serde_json::{Map, Value};
use tabled::builder::Builder;
use tabled::settings::object::{Columns, Object, Rows};
use tabled::settings::{Alignment, Style};

use crate::args::{ColorChoice, Format};

/// One value in a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Text(String),
    Int(i64),
    /// A number and how many decimals to show in tables (JSON and CSV keep all).
    Float(f64, usize),
    Bool(bool),
    /// A rating or verdict word, coloured in tables.
    Status(String),
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    pub fn opt_text(value: Option<impl Into<String>>) -> Cell {
        value.map_or(Cell::Null, |v| Cell::Text(v.into()))
    }

    pub fn float(value: Option<f64>, decimals: usize) -> Cell {
        value.map_or(Cell::Null, |v| Cell::Float(v, decimals))
    }

    pub fn status(value: Option<impl Into<String>>) -> Cell {
        value.map_or(Cell::Null, |v| Cell::Status(v.into()))
    }

    fn plain(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Text(t) | Cell::Status(t) => t.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f, decimals) => format!("{f:.decimals$}"),
            Cell::Bool(b) => b.to_string(),
        }
    }

    fn exact(&self) -> String {
        match self {
            Cell::Float(f, _) => f.to_string(),
            other => other.plain(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Null => Value::Null,
            Cell::Text(t) | Cell::Status(t) => Value::from(t.clone()),
            Cell::Int(i) => Value::from(*i),
            Cell::Float(f, _) => {
                serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
            }
            Cell::Bool(b) => Value::from(*b),
        }
    }
}

/// Rows under named columns, with an optional title.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub title: Option<String>,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(columns: &[&str]) -> Table {
        Table {
            title: None,
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn titled(mut self, title: impl Into<String>) -> Table {
        self.title = Some(title.into());
        self
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    /// The rows as JSON objects.
    pub fn json(&self) -> Value {
        Value::Array(
            self.rows
                .iter()
                .map(|row| {
                    let object: Map<String, Value> = self
                        .columns
                        .iter()
                        .cloned()
                        .zip(row.iter().map(Cell::json))
                        .collect();
                    Value::Object(object)
                })
                .collect(),
        )
    }
}

const BOLD: &str = "\x1b[1m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const RED: &str = "\x1b[31m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Where and how results are printed.
pub struct Out {
    pub format: Format,
    color: bool,
}

impl Out {
    pub fn new(format: Format, color: ColorChoice) -> Out {
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        Out { format, color }
    }

    /// Whether stderr may show colour (for errors).
    pub fn stderr_color(choice: ColorChoice) -> bool {
        match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    fn status_color(word: &str) -> &'static str {
        match word {
            "excellent" | "good" | "accepted" | "ok" | "registered" => GREEN,
            "fair" | "warning" | "unregistered" => YELLOW,
            "poor" | "rejected" | "critical" => RED,
            _ => "",
        }
    }

    fn rendered(&self, cell: &Cell) -> String {
        match cell {
            Cell::Status(word) => {
                let code = Self::status_color(word);
                if code.is_empty() {
                    word.clone()
                } else if word == "critical" {
                    self.paint(&format!("{BOLD}{RED}"), word)
                } else {
                    self.paint(code, word)
                }
            }
            other => other.plain(),
        }
    }

    /// Prints one table in the chosen format.
    pub fn table(&self, table: &Table) {
        match self.format {
            Format::Table => self.print_aligned(table),
            Format::Json => println!(
                "{}",
                serde_json::to_string_pretty(&table.json()).expect("JSON")
            ),
            Format::Csv => print_csv(table),
        }
    }

    /// Prints several tables: as sections for people, or as one JSON document (`json`)
    /// or the `csv_table` for programs.
    pub fn report(&self, sections: &[Table], json: Value, csv_table: &Table) {
        match self.format {
            Format::Table => {
                for (i, table) in sections.iter().enumerate() {
                    if i > 0 {
                        println!();
                    }
                    self.print_aligned(table);
                }
            }
            Format::Json => println!("{}", serde_json::to_string_pretty(&json).expect("JSON")),
            Format::Csv => print_csv(csv_table),
        }
    }

    fn print_aligned(&self, table: &Table) {
        if let Some(title) = &table.title {
            println!("{}", self.paint(BOLD, title));
        }
        if table.rows.is_empty() {
            println!("{}", self.paint(DIM, "(none)"));
            return;
        }
        let mut builder = Builder::default();
        builder.push_record(table.columns.iter().map(|c| self.paint(BOLD, c)));
        for row in &table.rows {
            builder.push_record(row.iter().map(|cell| self.rendered(cell)));
        }
        let mut rendered = builder.build();
        rendered.with(Style::psql());
        // Numbers read best right-aligned.
        for column in 0..table.columns.len() {
            let numeric = table
                .rows
                .iter()
                .all(|row| matches!(row[column], Cell::Int(_) | Cell::Float(..) | Cell::Null))
                && table
                    .rows
                    .iter()
                    .any(|row| !matches!(row[column], Cell::Null));
            if numeric {
                rendered.modify(Columns::one(column).not(Rows::first()), Alignment::right());
            }
        }
        println!("{rendered}");
    }

    /// A line for people: on stdout with tables, on stderr when stdout is for programs.
    pub fn note(&self, text: &str) {
        if self.format == Format::Table {
            println!("{text}");
        } else {
            eprintln!("{text}");
        }
    }

    /// A heading line for people (bold on a terminal).
    pub fn heading(&self, text: &str) {
        self.note(&self.paint(BOLD, text));
    }

    /// A coloured verdict word for notes.
    pub fn verdict(&self, word: &str) -> String {
        self.rendered(&Cell::Status(word.to_string()))
    }
}

fn print_csv(table: &Table) {
    let stdout = std::io::stdout();
    let mut writer = csv::Writer::from_writer(stdout.lock());
    let _ = writer.write_record(&table.columns);
    for row in &table.rows {
        let _ = writer.write_record(row.iter().map(Cell::exact));
    }
    let _ = writer.flush();
    let _ = std::io::stdout().flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new(&["metric", "value", "status"]);
        t.push(vec![
            Cell::text("kw_per_ton"),
            Cell::Float(0.5246, 2),
            Cell::Status("good".into()),
        ]);
        t.push(vec![
            Cell::text("delta_t"),
            Cell::Null,
            Cell::Status("not_measured".into()),
        ]);
        t
    }

    #[test]
    fn json_keeps_full_precision_and_nulls() {
        let json = sample().json();
        assert_eq!(json[0]["value"], 0.5246);
        assert_eq!(json[1]["value"], Value::Null);
        assert_eq!(json[0]["status"], "good");
    }

    #[test]
    fn plain_cells_round_and_exact_cells_do_not() {
        assert_eq!(Cell::Float(0.5246, 2).plain(), "0.52");
        assert_eq!(Cell::Float(0.5246, 2).exact(), "0.5246");
        assert_eq!(Cell::Null.plain(), "");
    }

    #[test]
    fn colour_only_when_asked() {
        let plain = Out::new(Format::Table, ColorChoice::Never);
        assert_eq!(plain.verdict("critical"), "critical");
        let colored = Out::new(Format::Table, ColorChoice::Always);
        assert!(colored.verdict("critical").contains("\x1b[31m"));
    }
}
