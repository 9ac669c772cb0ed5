//! Connecting, and checking that the database is ready for a command.

use std::str::FromStr;
use std::time::Duration;

use postgres::{Client, Config, NoTls};

use crate::args::DEMO_URL;
use crate::error::{describe, CliError, Context, Result};

/// `url` with its password hidden, for messages.
fn shown(config: &Config, url: &str) -> String {
    if config.get_password().is_some() {
        "the database (password hidden)".to_string()
    } else {
        url.to_string()
    }
}

/// Connects to `url`, or to the demo server when none is given.
pub fn connect(url: Option<&str>) -> Result<Client> {
    let (url, is_default) = match url {
        Some(u) if !u.trim().is_empty() => (u.to_string(), false),
        _ => (DEMO_URL.to_string(), true),
    };
    let mut config = Config::from_str(&url).map_err(|e| {
        CliError(format!(
            "invalid database URL '{url}': {e}; expected e.g. postgresql://user@host:5432/dbname"
        ))
    })?;
    config.connect_timeout(Duration::from_secs(5));
    config.application_name("mep-cli");
    config.connect(NoTls).map_err(|e| {
        let target = shown(&config, &url);
        if is_default {
            CliError(format!(
                "cannot connect to the demo server at {target}: {}; start it with `make demo`, or pass --database-url / set DATABASE_URL",
                describe(&e)
            ))
        } else {
            CliError(format!("cannot connect to {target}: {}", describe(&e)))
        }
    })
}

/// Fails unless the mep extension and schema are in this database.
pub fn require_schema(client: &mut Client) -> Result<()> {
    let row = client
        .query_one(
            "SELECT current_database(), \
                    EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'mep'), \
                    to_regclass('mep.sensor_data') IS NOT NULL",
            &[],
        )
        .context("checking the database")?;
    let (database, extension, schema): (String, bool, bool) = (row.get(0), row.get(1), row.get(2));
    if !extension {
        return Err(CliError(format!(
            "the mep extension is not created in database '{database}'; run `mep init` (it needs the extension installed in the server: `make install`)"
        )));
    }
    if !schema {
        return Err(CliError(format!(
            "the mep schema is not applied to database '{database}'; run `mep init`"
        )));
    }
    Ok(())
}

/// Fails with the known assets listed when `asset` is unknown.
pub fn require_asset(client: &mut Client, asset: &str) -> Result<()> {
    let known: Vec<String> = client
        .query("SELECT asset_id FROM mep.assets ORDER BY asset_id", &[])
        .context("listing assets")?
        .iter()
        .map(|r| r.get(0))
        .collect();
    if known.iter().any(|a| a == asset) {
        return Ok(());
    }
    let listed = if known.is_empty() {
        "there are no assets yet (seed one with `mep seed` or `mep demo`)".to_string()
    } else if known.len() <= 12 {
        format!("known assets: {}", known.join(", "))
    } else {
        format!(
            "known assets: {}, … ({} in all; see `mep assets`)",
            known[..12].join(", "),
            known.len()
        )
    };
    Err(CliError(format!("unknown asset '{asset}'; {listed}")))
}

/// `CALL mep.refresh_aggregates()`, retried for up to a minute while TimescaleDB reports
/// a concurrent refresh (one of its refresh policies running at the same moment).
pub fn refresh_aggregates(client: &mut Client) -> Result<()> {
    let mut attempts = 0;
    loop {
        match client.batch_execute("CALL mep.refresh_aggregates()") {
            Ok(()) => return Ok(()),
            Err(e) if e.code().map(|c| c.code()) == Some("55P03") && attempts < 240 => {
                attempts += 1;
                std::thread::sleep(Duration::from_millis(250));
            }
            Err(e) => {
                return Err(CliError(format!(
                    "refreshing the aggregates: {}",
                    describe(&e)
                )))
            }
        }
    }
}
