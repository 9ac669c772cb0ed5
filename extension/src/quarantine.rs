//! The quarantine: rejected readings kept in `mep.rejected_readings` with every raw value
//! as sent, the reason codes, messages and recommendations.

use std::cell::RefCell;

use mep_core::Finding;
use pgrx::prelude::*;
use pgrx::spi::{OwnedPreparedStatement, SpiResult};
use pgrx::{PgBuiltInOids, PgOid};

use crate::errors::raise;
use crate::privileges::{as_owner, owner_of};

/// A reading on its way to quarantine.
pub struct Rejected<'a> {
    pub time: Option<TimestampWithTimeZone>,
    pub asset_id: Option<&'a str>,
    pub values: [Option<f64>; 13],
    pub findings: &'a [Finding],
    pub operation: &'static str,
}

const INSERT: &str = "INSERT INTO mep.rejected_readings (time, asset_id, \
     chw_supply_temp, chw_return_temp, cdw_inlet_temp, cdw_outlet_temp, chw_flow, cdw_flow, \
     power_kw, vibration_rms, current_a, current_b, current_c, cond_sat_temp, evap_sat_temp, \
     reason_codes, messages, recommendations, operation) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)";

thread_local! {
    /// One plan per backend; the plan cache re-plans it if the table changes.
    static PLAN: RefCell<Option<OwnedPreparedStatement>> = const { RefCell::new(None) };
}

fn argument_types() -> Vec<PgOid> {
    let mut types = vec![
        PgOid::BuiltIn(PgBuiltInOids::TIMESTAMPTZOID),
        PgOid::BuiltIn(PgBuiltInOids::TEXTOID),
    ];
    types.extend(std::iter::repeat_n(
        PgOid::BuiltIn(PgBuiltInOids::FLOAT8OID),
        13,
    ));
    types.extend(std::iter::repeat_n(
        PgOid::BuiltIn(PgBuiltInOids::TEXTARRAYOID),
        3,
    ));
    types.push(PgOid::BuiltIn(PgBuiltInOids::TEXTOID));
    types
}

/// Stores a rejected reading, as the owner of `mep.rejected_readings`.
pub fn store(owner: pg_sys::Oid, rejected: &Rejected) {
    let codes: Vec<&str> = rejected.findings.iter().map(|f| f.code.name()).collect();
    let messages: Vec<&str> = rejected
        .findings
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    let recommendations: Vec<&str> = rejected
        .findings
        .iter()
        .map(|f| f.recommendation.as_str())
        .collect();
    as_owner(owner, || {
        Spi::connect_mut(|client| -> SpiResult<()> {
            let mut args = vec![rejected.time.into(), rejected.asset_id.into()];
            args.extend(rejected.values.iter().map(|v| (*v).into()));
            args.push(codes.clone().into());
            args.push(messages.clone().into());
            args.push(recommendations.clone().into());
            args.push(rejected.operation.into());
            PLAN.with(|plan| -> SpiResult<()> {
                let mut plan = plan.borrow_mut();
                if plan.is_none() {
                    *plan = Some(client.prepare_mut(INSERT, &argument_types())?.keep());
                }
                let prepared = plan.as_ref().expect("prepared above");
                client.update(prepared, None, &args)?;
                Ok(())
            })
        })
    })
    .unwrap_or_else(|e| error!("mep: storing a rejected reading in mep.rejected_readings: {e}"));
}

/// The owner of `mep.rejected_readings`; an error when the schema was not applied.
pub fn owner() -> pg_sys::Oid {
    match owner_of("rejected_readings") {
        Ok(Some(owner)) => owner,
        Ok(None) => raise(
            PgSqlErrorCode::ERRCODE_UNDEFINED_TABLE,
            "mep: the quarantine table mep.rejected_readings does not exist".into(),
            None,
            Some(
                "Apply the mep schema (sql/install.sql, or `mep init`) before inserting readings."
                    .into(),
            ),
        ),
        Err(e) => error!("mep: looking up mep.rejected_readings: {e}"),
    }
}
