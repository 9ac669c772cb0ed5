//! `mep latest ASSET`: the newest reading, field by field.

use std::process::ExitCode;

use postgres::types::Type;

use super::ready;
use crate::args::{Cli, LatestArgs};
use crate::db;
use crate::error::{CliError, Context, Result};
use crate::output::{Cell, Out, Table};

fn unit_of(column: &str) -> &'static str {
    match column {
        c if c.ends_with("_temp") || c == "delta_t" || c.ends_with("_approach") => "°C",
        "chw_flow" | "cdw_flow" => "L/s",
        "power_kw" | "evaporator_load_kw" => "kW",
        "vibration_rms" => "mm/s",
        "current_a" | "current_b" | "current_c" => "A",
        "phase_imbalance" | "heat_balance_pct" => "%",
        "kw_per_ton" => "kW/ton",
        "health_score" => "0-100",
        _ => "",
    }
}

pub fn run(cli: &Cli, out: &Out, args: &LatestArgs) -> Result<ExitCode> {
    let mut client = ready(cli)?;
    db::require_asset(&mut client, &args.asset)?;
    let rows = client
        .query(
            "SELECT to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS time, asset_id, chw_supply_temp, chw_return_temp, cdw_inlet_temp, cdw_outlet_temp, \
                    chw_flow, cdw_flow, power_kw, vibration_rms, current_a, current_b, current_c, cond_sat_temp, \
                    evap_sat_temp, delta_t, evaporator_load_kw, kw_per_ton, cop, condenser_approach, \
                    evaporator_approach, phase_imbalance, heat_balance_pct, flow_assumed, run_state, health_score, \
                    array_to_string(warnings, ', ') AS warnings \
             FROM mep.latest_readings WHERE asset_id = $1",
            &[&args.asset],
        )
        .context("reading the latest reading")?;
    let Some(row) = rows.first() else {
        return Err(CliError(format!(
            "{} has no stored readings yet",
            args.asset
        )));
    };
    let mut table =
        Table::new(&["field", "value", "unit"]).titled(format!("Latest reading of {}", args.asset));
    for (i, column) in row.columns().iter().enumerate() {
        let value = match *column.type_() {
            Type::FLOAT8 => Cell::float(row.get(i), 3),
            Type::BOOL => row.get::<_, Option<bool>>(i).map_or(Cell::Null, Cell::Bool),
            _ => Cell::opt_text(row.get::<_, Option<String>>(i)),
        };
        table.push(vec![
            Cell::text(column.name()),
            value,
            Cell::text(unit_of(column.name())),
        ]);
    }
    out.table(&table);
    Ok(ExitCode::SUCCESS)
}
