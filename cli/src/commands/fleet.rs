//! `mep demo --fleet`: the rest of a plant around the demo chiller, so that dashboards
//! have a fleet to show: five registered chillers each living one failure scenario over
//! the demo's window, and a BMS feed from a chiller nobody has registered yet, whose
//! export carries the faults real feeds carry (sentinels, NaN, swapped sensors, °F, gpm).

use mep_core::reading::{UnixMicros, MICROS_PER_DAY};
use mep_core::scenario::{Scenario, DEFAULT_STEP};
use mep_core::time::format_rfc3339;
use postgres::Client;

use super::seed::{seed, Seeded};
use crate::error::{CliError, Context, Result};
use crate::output::{Cell, Table};

/// The demo chiller's own nameplate entry in fleet mode.
pub const DEMO_CHILLER: (&str, &str) = ("Chiller 1", "Plant A");

/// The registered chillers besides the demo one: id, name, site, what they live through.
pub const FLEET: [(&str, &str, &str, Scenario); 5] = [
    ("CH-002", "Chiller 2", "Plant A", Scenario::Healthy),
    ("CH-003", "Chiller 3", "Plant A", Scenario::BearingWear),
    ("CH-004", "Chiller 4", "Plant B", Scenario::RefrigerantLeak),
    ("CH-005", "Chiller 5", "Plant B", Scenario::ElectricalIssue),
    (
        "CH-006",
        "Chiller 6",
        "Plant B",
        Scenario::PostMaintenanceMisalignment,
    ),
];

/// The chiller whose BMS feed arrives before anyone registered its nameplate.
pub const UNREGISTERED_FEED: &str = "CH-007";

const FEED_STEP: i64 = 15 * 60 * 1_000_000;
const MICROS_PER_MINUTE: i64 = 60 * 1_000_000;

/// One row of the faulty BMS export: a plausible running reading, then what went wrong.
#[derive(Clone, Copy)]
struct FeedRow {
    chw_supply: f64,
    chw_return: f64,
    cdw_inlet: f64,
    cdw_outlet: f64,
    chw_flow: f64,
    cdw_flow: f64,
    power_kw: f64,
    vibration: f64,
    cond_sat: f64,
    evap_sat: f64,
}

const RUNNING: FeedRow = FeedRow {
    chw_supply: 6.7,
    chw_return: 12.2,
    cdw_inlet: 29.4,
    cdw_outlet: 35.0,
    chw_flow: 75.0,
    cdw_flow: 90.0,
    power_kw: 270.0,
    vibration: 2.1,
    cond_sat: 36.4,
    evap_sat: 5.3,
};

/// What the export got wrong, how often in the last day, and the reading it sent.
fn faults() -> Vec<(&'static str, usize, FeedRow)> {
    vec![
        (
            "the BMS wrote -999 when the supply sensor dropped out",
            12,
            FeedRow {
                chw_supply: -999.0,
                ..RUNNING
            },
        ),
        (
            "supply and return sensors swapped in the point mapping",
            5,
            FeedRow {
                chw_supply: 12.2,
                chw_return: 6.7,
                ..RUNNING
            },
        ),
        (
            "the power meter returned NaN",
            3,
            FeedRow {
                power_kw: f64::NAN,
                ..RUNNING
            },
        ),
        (
            "chilled-water temperatures sent in °F",
            2,
            FeedRow {
                chw_supply: 44.1,
                chw_return: 54.0,
                ..RUNNING
            },
        ),
        (
            "condenser flow from the header meter, in US gpm",
            2,
            FeedRow {
                cdw_flow: 2378.0,
                ..RUNNING
            },
        ),
        (
            "a negative flow from a reversed transmitter",
            1,
            FeedRow {
                chw_flow: -75.0,
                ..RUNNING
            },
        ),
    ]
}

/// Registers a chiller's nameplate (defaults for everything but its name and site).
pub fn register(client: &mut Client, asset: &str, name: &str, site: &str) -> Result<()> {
    client
        .execute(
            "INSERT INTO mep.assets (asset_id, name, site, registered) VALUES ($1, $2, $3, true) \
             ON CONFLICT (asset_id) DO UPDATE SET name = EXCLUDED.name, site = EXCLUDED.site, \
                                                  registered = true",
            &[&asset, &name, &site],
        )
        .context(&format!("registering {asset}"))?;
    Ok(())
}

/// Removes an asset's readings, rejections and register entry, so a demo run replaces them.
pub fn clear(client: &mut Client, asset: &str, keep_register: bool) -> Result<()> {
    client
        .execute("DELETE FROM mep.sensor_data WHERE asset_id = $1", &[&asset])
        .context(&format!("clearing {asset}'s readings"))?;
    client
        .execute(
            "DELETE FROM mep.rejected_readings WHERE asset_id = $1",
            &[&asset],
        )
        .context(&format!("clearing {asset}'s rejections"))?;
    if !keep_register {
        client
            .execute("DELETE FROM mep.assets WHERE asset_id = $1", &[&asset])
            .context(&format!("clearing {asset}'s register entry"))?;
    }
    Ok(())
}

/// Refuses a demo asset that is one of the fleet's own.
pub fn check_demo_asset(asset: &str) -> Result<()> {
    if FLEET.iter().any(|(id, ..)| *id == asset) || asset == UNREGISTERED_FEED {
        return Err(CliError(format!(
            "--asset {asset} is one of the fleet's chillers; pick another id with --fleet"
        )));
    }
    Ok(())
}

/// Seeds the fleet over [start, end): the five scenarios, then the unregistered feed's last
/// day (its good readings through the trigger, its faulty ones into the quarantine).
pub fn seed_fleet(
    client: &mut Client,
    start: UnixMicros,
    end: UnixMicros,
    seed_value: i64,
) -> Result<(Vec<Seeded>, Table)> {
    let mut runs = Vec::new();
    for (index, (asset, name, site, scenario)) in FLEET.iter().enumerate() {
        clear(client, asset, true)?;
        register(client, asset, name, site)?;
        runs.push(seed(
            client,
            *scenario,
            asset,
            start,
            end - start,
            DEFAULT_STEP,
            seed_value + 1 + index as i64,
            scenario.name(),
        )?);
    }
    clear(client, UNREGISTERED_FEED, false)?;
    let feed_start = end - MICROS_PER_DAY;
    runs.push(seed(
        client,
        Scenario::Healthy,
        UNREGISTERED_FEED,
        feed_start,
        MICROS_PER_DAY,
        FEED_STEP,
        seed_value + 100,
        "unregistered feed",
    )?);
    let faults = insert_faults(client, feed_start, end)?;
    Ok((runs, faults))
}

/// Sends the faulty export's rows through the trigger, spread over the feed's last day
/// between its good readings, and tabulates what the quarantine made of each fault.
fn insert_faults(client: &mut Client, feed_start: UnixMicros, end: UnixMicros) -> Result<Table> {
    let mut table =
        Table::new(&["fault", "sent", "quarantined", "code", "recommendation"]).titled(format!(
            "{UNREGISTERED_FEED}: a BMS feed nobody registered, with the faults real exports carry"
        ));
    let mut offset_minutes = 7;
    for (fault, count, row) in faults() {
        let last_id_before = last_rejection_id(client)?;
        for _ in 0..count {
            let at = feed_start + offset_minutes * MICROS_PER_MINUTE;
            offset_minutes = (offset_minutes + 53) % (24 * 60 - 1);
            if at >= end {
                continue;
            }
            client
                .execute(
                    "INSERT INTO mep.sensor_data (time, asset_id, chw_supply_temp, chw_return_temp, \
                         cdw_inlet_temp, cdw_outlet_temp, chw_flow, cdw_flow, power_kw, vibration_rms, \
                         current_a, current_b, current_c, cond_sat_temp, evap_sat_temp) \
                     VALUES ($1::text::timestamptz, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
                             420.0, 424.0, 417.0, $11, $12)",
                    &[
                        &format_rfc3339(at),
                        &UNREGISTERED_FEED,
                        &row.chw_supply,
                        &row.chw_return,
                        &row.cdw_inlet,
                        &row.cdw_outlet,
                        &row.chw_flow,
                        &row.cdw_flow,
                        &row.power_kw,
                        &row.vibration,
                        &row.cond_sat,
                        &row.evap_sat,
                    ],
                )
                .context(&format!("sending the faulty reading ({fault})"))?;
        }
        let outcome = client
            .query_one(
                "SELECT count(*), mode() WITHIN GROUP (ORDER BY reason_codes[1]), \
                        mode() WITHIN GROUP (ORDER BY recommendations[1]) \
                 FROM mep.rejected_readings WHERE asset_id = $1 AND id > $2",
                &[&UNREGISTERED_FEED, &last_id_before],
            )
            .context("reading the quarantine")?;
        table.push(vec![
            Cell::text(fault),
            Cell::Int(count as i64),
            Cell::Int(outcome.get(0)),
            Cell::opt_text(outcome.get::<_, Option<String>>(1)),
            Cell::opt_text(outcome.get::<_, Option<String>>(2)),
        ]);
    }
    Ok(table)
}

fn last_rejection_id(client: &mut Client) -> Result<i64> {
    client
        .query_one(
            "SELECT coalesce(max(id), 0)::bigint FROM mep.rejected_readings WHERE asset_id = $1",
            &[&UNREGISTERED_FEED],
        )
        .map(|r| r.get(0))
        .context("reading the quarantine")
}

/// Every chiller's latest verdict, worst first.
pub fn fleet_table(client: &mut Client) -> Result<Table> {
    let rows = client
        .query(
            "SELECT asset_id, coalesce(name, ''), registered, health_score, category, primary_concern \
             FROM mep.latest_health ORDER BY health_score NULLS FIRST, asset_id",
            &[],
        )
        .context("reading mep.latest_health")?;
    let mut table = Table::new(&[
        "asset_id",
        "name",
        "nameplate",
        "health",
        "category",
        "primary_concern",
    ])
    .titled("The fleet, worst first (health over each chiller's last 24 hours)");
    for row in &rows {
        table.push(vec![
            Cell::text(row.get::<_, String>(0)),
            Cell::text(row.get::<_, String>(1)),
            Cell::text(if row.get::<_, bool>(2) {
                "registered"
            } else {
                "unregistered"
            }),
            Cell::float(row.get(3), 1),
            Cell::status(row.get::<_, Option<String>>(4)),
            Cell::opt_text(row.get::<_, Option<String>>(5)),
        ]);
    }
    Ok(table)
}
