//! `mep assets`: list assets, or register one's nameplate.

use std::process::ExitCode;

use mep_core::units::{gpm_to_lps, tons_to_kw};
use mep_core::{ChillerType, Foundation, MachineGroup};

use super::ready;
use crate::args::{AddAssetArgs, AssetsAction, AssetsArgs, Cli};
use crate::error::{CliError, Context, Result};
use crate::output::{Cell, Out, Table};

fn list(cli: &Cli, out: &Out) -> Result<ExitCode> {
    let mut client = ready(cli)?;
    let rows = client
        .query(
            "SELECT a.asset_id, a.name, a.site, a.registered, a.chiller_type, a.rated_capacity_kw, \
                    a.design_chw_flow, a.design_delta_t, a.design_kw_per_ton, a.machine_group, a.foundation, \
                    to_char(l.time AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') \
             FROM mep.assets a LEFT JOIN mep.latest_readings l USING (asset_id) ORDER BY a.asset_id",
            &[],
        )
        .context("listing assets")?;
    let mut table = Table::new(&[
        "asset_id",
        "name",
        "site",
        "nameplate",
        "type",
        "capacity_kw",
        "design_chw_flow_lps",
        "design_delta_t_c",
        "design_kw_per_ton",
        "machine_group",
        "foundation",
        "last_reading",
    ])
    .titled("Assets (nameplate columns left empty take the documented defaults)");
    for row in &rows {
        let registered: bool = row.get(3);
        table.push(vec![
            Cell::text(row.get::<_, String>(0)),
            Cell::opt_text(row.get::<_, Option<String>>(1)),
            Cell::opt_text(row.get::<_, Option<String>>(2)),
            Cell::Status(
                if registered {
                    "registered"
                } else {
                    "unregistered"
                }
                .to_string(),
            ),
            Cell::opt_text(row.get::<_, Option<String>>(4)),
            Cell::float(row.get(5), 1),
            Cell::float(row.get(6), 1),
            Cell::float(row.get(7), 2),
            Cell::float(row.get(8), 3),
            Cell::opt_text(row.get::<_, Option<String>>(9)),
            Cell::opt_text(row.get::<_, Option<String>>(10)),
            Cell::opt_text(row.get::<_, Option<String>>(11)),
        ]);
    }
    out.table(&table);
    Ok(ExitCode::SUCCESS)
}

fn positive(name: &str, value: Option<f64>) -> Result<Option<f64>> {
    match value {
        Some(v) if !(v.is_finite() && v > 0.0) => Err(CliError(format!(
            "--{name} must be a positive number, got {v}"
        ))),
        other => Ok(other),
    }
}

fn add(cli: &Cli, out: &Out, args: &AddAssetArgs) -> Result<ExitCode> {
    if args.asset.trim().is_empty() {
        return Err(CliError::from("the asset id must not be empty"));
    }
    let parse_err = |e: mep_core::asset::UnknownName| CliError(e.to_string());
    let chiller_type = args
        .chiller_type
        .as_deref()
        .map(str::parse::<ChillerType>)
        .transpose()
        .map_err(parse_err)?;
    let machine_group = args
        .machine_group
        .as_deref()
        .map(str::parse::<MachineGroup>)
        .transpose()
        .map_err(parse_err)?;
    let foundation = args
        .foundation
        .as_deref()
        .map(str::parse::<Foundation>)
        .transpose()
        .map_err(parse_err)?;
    let capacity_kw = positive("capacity-kw", args.capacity_kw)?.or(positive(
        "capacity-tons",
        args.capacity_tons,
    )?
    .map(tons_to_kw));
    let design_flow = positive("design-flow-lps", args.design_flow_lps)?.or(positive(
        "design-flow-gpm",
        args.design_flow_gpm,
    )?
    .map(gpm_to_lps));
    let design_cdw_flow = positive("design-cdw-flow-lps", args.design_cdw_flow_lps)?;
    let design_delta_t = positive("design-delta-t", args.design_delta_t)?;
    let design_kw_per_ton = positive("design-kw-per-ton", args.design_kw_per_ton)?;
    let mut client = ready(cli)?;
    client
        .execute(
            "INSERT INTO mep.assets (asset_id, name, site, chiller_type, rated_capacity_kw, design_chw_flow, \
                                     design_cdw_flow, design_delta_t, design_kw_per_ton, machine_group, foundation, registered) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, true) \
             ON CONFLICT (asset_id) DO UPDATE SET \
                 name = coalesce(EXCLUDED.name, mep.assets.name), \
                 site = coalesce(EXCLUDED.site, mep.assets.site), \
                 chiller_type = coalesce(EXCLUDED.chiller_type, mep.assets.chiller_type), \
                 rated_capacity_kw = coalesce(EXCLUDED.rated_capacity_kw, mep.assets.rated_capacity_kw), \
                 design_chw_flow = coalesce(EXCLUDED.design_chw_flow, mep.assets.design_chw_flow), \
                 design_cdw_flow = coalesce(EXCLUDED.design_cdw_flow, mep.assets.design_cdw_flow), \
                 design_delta_t = coalesce(EXCLUDED.design_delta_t, mep.assets.design_delta_t), \
                 design_kw_per_ton = coalesce(EXCLUDED.design_kw_per_ton, mep.assets.design_kw_per_ton), \
                 machine_group = coalesce(EXCLUDED.machine_group, mep.assets.machine_group), \
                 foundation = coalesce(EXCLUDED.foundation, mep.assets.foundation), \
                 registered = true",
            &[
                &args.asset,
                &args.name,
                &args.site,
                &chiller_type.map(|t| t.name()),
                &capacity_kw,
                &design_flow,
                &design_cdw_flow,
                &design_delta_t,
                &design_kw_per_ton,
                &machine_group.map(|g| g.name()),
                &foundation.map(|f| f.name()),
            ],
        )
        .context(&format!("registering {}", args.asset))?;
    out.note(&format!(
        "registered {} (existing values kept where not given)",
        args.asset
    ));
    list(cli, out)
}

pub fn run(cli: &Cli, out: &Out, args: &AssetsArgs) -> Result<ExitCode> {
    match &args.action {
        None | Some(AssetsAction::List) => list(cli, out),
        Some(AssetsAction::Add(add_args)) => add(cli, out, add_args),
    }
}
