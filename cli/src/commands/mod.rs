//! One module per command.

mod assets;
mod demo;
mod export;
mod fleet;
mod health;
mod ingest;
mod init;
mod latest;
mod rejected;
mod seed;
mod validate;

use std::process::ExitCode;

use postgres::Client;

use crate::args::{Cli, Command};
use crate::db;
use crate::error::{CliError, Result};
use crate::output::Out;

pub fn run(cli: &Cli, out: &Out) -> Result<ExitCode> {
    match &cli.command {
        Command::Init(args) => init::run(cli, out, args),
        Command::Demo(args) => demo::run(cli, out, args),
        Command::Seed(args) => seed::run(cli, out, args),
        Command::Ingest(args) => ingest::run(cli, out, args),
        Command::Validate(args) => validate::run(cli, out, args),
        Command::Health(args) => health::run(cli, out, args),
        Command::Latest(args) => latest::run(cli, out, args),
        Command::Assets(args) => assets::run(cli, out, args),
        Command::Rejected(args) => rejected::run(cli, out, args),
        Command::ExportDataset(args) => export::run(out, args),
    }
}

/// A connection to a database that has the mep schema.
fn ready(cli: &Cli) -> Result<Client> {
    let mut client = db::connect(cli.database_url.as_deref())?;
    db::require_schema(&mut client)?;
    Ok(client)
}

/// Parses a step or duration: `30s`, `5m`, `1h`, `2d` (a bare number is minutes).
pub fn parse_duration_micros(text: &str) -> Result<i64> {
    let text = text.trim();
    let (number, unit) = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .map_or((text, "m"), |i| (&text[..i], text[i..].trim()));
    let value: f64 = number.parse().map_err(|_| {
        CliError(format!(
            "'{text}' is not a duration; use e.g. 30s, 5m, 1h or 2d"
        ))
    })?;
    let seconds = match unit {
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" => 86_400.0,
        other => {
            return Err(CliError(format!(
                "unknown unit '{other}' in '{text}'; use s, m, h or d"
            )))
        }
    };
    let micros = value * seconds * 1e6;
    if !(1e6..1e15).contains(&micros) {
        return Err(CliError(format!(
            "'{text}' is out of range: use at least 1s"
        )));
    }
    Ok(micros.round() as i64)
}

/// A timestamp argument (RFC 3339), as microseconds since 1970.
pub fn parse_time_arg(name: &str, text: &str) -> Result<i64> {
    mep_core::time::parse_timestamp(text).map_err(|e| CliError(format!("--{name}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration_micros("30s").unwrap(), 30_000_000);
        assert_eq!(parse_duration_micros("5m").unwrap(), 300_000_000);
        assert_eq!(parse_duration_micros("5").unwrap(), 300_000_000);
        assert_eq!(parse_duration_micros("1.5h").unwrap(), 5_400_000_000);
        assert_eq!(parse_duration_micros("2 days").unwrap(), 172_800_000_000);
        assert!(parse_duration_micros("0s").is_err());
        assert!(parse_duration_micros("5 fortnights")
            .unwrap_err()
            .0
            .contains("unknown unit"));
        assert!(parse_duration_micros("soon").is_err());
    }
}
