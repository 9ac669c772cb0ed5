//! Nameplates from `mep.assets`: lookup, defaults for what is not on record, and the
//! registration of assets first seen in readings.

use mep_core::asset::{ashrae_90_1_minimum_kw_per_ton, DEFAULT_DESIGN_DELTA_T};
use mep_core::health::Weights;
use mep_core::{Asset, ChillerType, Foundation, MachineGroup};
use pgrx::prelude::*;
use pgrx::spi::SpiResult;

use crate::privileges::{as_owner, owner_of};

/// What the extension knows about an asset.
#[derive(Debug, Clone)]
pub struct Nameplate {
    pub asset: Asset,
    pub weights: Weights,
    pub registered: bool,
}

impl Nameplate {
    /// The documented defaults, for an asset with no row in `mep.assets`.
    pub fn unregistered() -> Self {
        Nameplate {
            asset: Asset::unregistered_default(),
            weights: Weights::default(),
            registered: false,
        }
    }
}

const LOOKUP: &str =
    "SELECT registered, chiller_type, rated_capacity_kw, design_chw_flow, design_cdw_flow, \
     design_delta_t, design_kw_per_ton, machine_group, foundation, weight_vibration, \
     weight_condenser_approach, weight_phase_imbalance, weight_kw_per_ton, weight_delta_t \
     FROM mep.assets WHERE asset_id OPERATOR(pg_catalog.=) $1";

fn parse_or_warn<T: std::str::FromStr>(text: Option<String>, default: T) -> T
where
    T::Err: std::fmt::Display,
{
    match text.map(|t| t.parse::<T>()) {
        Some(Ok(value)) => value,
        Some(Err(error)) => {
            warning!("mep.assets: {error}; using the default");
            default
        }
        None => default,
    }
}

/// Builds the nameplate from a row: NULL columns take the documented defaults.
fn nameplate_from_row(row: &pgrx::spi::SpiHeapTupleData) -> SpiResult<Nameplate> {
    let registered = row.get::<bool>(1)?.unwrap_or(false);
    let chiller_type = parse_or_warn(row.get::<String>(2)?, ChillerType::Centrifugal);
    let default = Asset::unregistered_default();
    let rated_capacity_kw = row.get::<f64>(3)?.unwrap_or(default.rated_capacity_kw);
    let mut asset = Asset::new(rated_capacity_kw, chiller_type);
    asset.registered = registered;
    asset.design_chw_flow = row.get::<f64>(4)?;
    asset.design_cdw_flow = row.get::<f64>(5)?;
    asset.design_delta_t = row.get::<f64>(6)?.unwrap_or(DEFAULT_DESIGN_DELTA_T);
    asset.design_kw_per_ton = row.get::<f64>(7)?.unwrap_or_else(|| {
        ashrae_90_1_minimum_kw_per_ton(chiller_type, asset.rated_capacity_tons()).0
    });
    asset.machine_group = parse_or_warn(
        row.get::<String>(8)?,
        MachineGroup::for_rated_power_kw(asset.rated_input_kw()),
    );
    asset.foundation = parse_or_warn(row.get::<String>(9)?, Foundation::Rigid);
    if let Err(error) = asset.check() {
        warning!("mep.assets: {error}; using the default nameplate");
        asset = Asset {
            registered,
            ..Asset::unregistered_default()
        };
    }
    let defaults = Weights::default().0;
    let mut raw = [0.0; 5];
    for (i, slot) in raw.iter_mut().enumerate() {
        *slot = row.get::<f64>(10 + i)?.unwrap_or(defaults[i]);
    }
    let weights = Weights::new(raw).unwrap_or_else(|error| {
        warning!("mep.assets weights: {error}; using the default weights");
        Weights::default()
    });
    Ok(Nameplate {
        asset,
        weights,
        registered,
    })
}

/// The nameplate of `asset_id`, or `None` when it has no row (or the schema is absent).
pub fn lookup(asset_id: &str) -> Option<Nameplate> {
    let owner = owner_of("assets").unwrap_or_else(|e| error!("mep: reading mep.assets: {e}"))?;
    as_owner(owner, || {
        Spi::connect(|client| -> SpiResult<Option<Nameplate>> {
            let table = client.select(LOOKUP, Some(1), &[asset_id.into()])?;
            match table.into_iter().next() {
                Some(row) => nameplate_from_row(&row).map(Some),
                None => Ok(None),
            }
        })
    })
    .unwrap_or_else(|e| error!("mep: reading mep.assets: {e}"))
}

/// The nameplate of `asset_id`; an asset not yet in `mep.assets` is added there as
/// unregistered (nameplate columns NULL) so that it shows up, and gets the defaults.
pub fn lookup_or_register(asset_id: &str) -> Nameplate {
    if let Some(nameplate) = lookup(asset_id) {
        return nameplate;
    }
    if let Ok(Some(owner)) = owner_of("assets") {
        as_owner(owner, || {
            Spi::connect_mut(|client| {
                client.update(
                    "INSERT INTO mep.assets (asset_id, registered) VALUES ($1, false) \
                     ON CONFLICT (asset_id) DO NOTHING",
                    None,
                    &[asset_id.into()],
                )?;
                SpiResult::Ok(())
            })
        })
        .unwrap_or_else(|e| error!("mep: registering asset {asset_id}: {e}"));
    }
    Nameplate::unregistered()
}
