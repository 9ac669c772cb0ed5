//! The validation trigger on `mep.sensor_data`: BEFORE INSERT OR UPDATE, FOR EACH ROW.
//!
//! Each row is checked by Physics-Guard. An accepted row gets its derived metrics and
//! health score written into it (one new tuple per row); a rejected row goes to
//! `mep.rejected_readings` and is skipped, or, with `mep.on_reject = error`, raises
//! SQLSTATE 23514. Per statement (per trigger call site) the column positions, the
//! nameplates seen and the quarantine table's owner are cached in `fn_extra`, so the
//! per-row work is: deform, validate, score, form.

use std::collections::HashMap;
use std::ffi::c_void;

use mep_core::health::{overall_score, HealthInputs, ScoringContext, Weights};
use mep_core::validation::validate;
use mep_core::{
    Asset, Field, Finding, FlowBasis, Measurements, RunState, Severity, Status, ValidationOptions,
};
use pgrx::prelude::*;
use pgrx::{pg_sys, IntoDatum, PgBuiltInOids, PgMemoryContexts};

use crate::assets::{self, Nameplate};
use crate::errors::raise;
use crate::quarantine::{self, Rejected};
use crate::settings::{self, OnReject};

extension_sql!(
    r#"
CREATE FUNCTION mep_sensor_data_trigger() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'mep_sensor_data_trigger_wrapper';
"#,
    name = "mep_sensor_data_trigger"
);

/// The columns the trigger fills in, and their SQL types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Derived {
    DeltaT,
    EvaporatorLoadKw,
    KwPerTon,
    Cop,
    CondenserApproach,
    EvaporatorApproach,
    PhaseImbalance,
    HeatBalancePct,
    FlowAssumed,
    RunState,
    HealthScore,
    Warnings,
}

impl Derived {
    const ALL: [Derived; 12] = [
        Derived::DeltaT,
        Derived::EvaporatorLoadKw,
        Derived::KwPerTon,
        Derived::Cop,
        Derived::CondenserApproach,
        Derived::EvaporatorApproach,
        Derived::PhaseImbalance,
        Derived::HeatBalancePct,
        Derived::FlowAssumed,
        Derived::RunState,
        Derived::HealthScore,
        Derived::Warnings,
    ];

    fn column(self) -> &'static str {
        match self {
            Derived::DeltaT => "delta_t",
            Derived::EvaporatorLoadKw => "evaporator_load_kw",
            Derived::KwPerTon => "kw_per_ton",
            Derived::Cop => "cop",
            Derived::CondenserApproach => "condenser_approach",
            Derived::EvaporatorApproach => "evaporator_approach",
            Derived::PhaseImbalance => "phase_imbalance",
            Derived::HeatBalancePct => "heat_balance_pct",
            Derived::FlowAssumed => "flow_assumed",
            Derived::RunState => "run_state",
            Derived::HealthScore => "health_score",
            Derived::Warnings => "warnings",
        }
    }

    fn sql_type(self) -> PgBuiltInOids {
        match self {
            Derived::FlowAssumed => PgBuiltInOids::BOOLOID,
            Derived::RunState => PgBuiltInOids::TEXTOID,
            Derived::Warnings => PgBuiltInOids::TEXTARRAYOID,
            _ => PgBuiltInOids::FLOAT8OID,
        }
    }
}

/// Column positions (0-based) in the relation this call site serves.
struct Columns {
    time: usize,
    asset_id: usize,
    fields: [Option<usize>; 13],
    derived: Vec<(Derived, usize)>,
}

struct AssetEntry {
    asset: Asset,
    weights: Weights,
    context: ScoringContext,
}

impl From<Nameplate> for AssetEntry {
    fn from(nameplate: Nameplate) -> Self {
        AssetEntry {
            context: ScoringContext::of(&nameplate.asset),
            asset: nameplate.asset,
            weights: nameplate.weights,
        }
    }
}

/// Everything resolved once per statement and call site.
struct Cache {
    relid: pg_sys::Oid,
    tupdesc: pg_sys::TupleDesc,
    columns: Columns,
    values: Vec<pg_sys::Datum>,
    nulls: Vec<bool>,
    assets: HashMap<String, AssetEntry>,
    default_asset: AssetEntry,
    quarantine_owner: Option<pg_sys::Oid>,
    run_state_text: [pg_sys::Datum; 3],
}

unsafe fn relation_name(rel: pg_sys::Relation) -> String {
    let name = (*(*rel).rd_rel).relname.data.as_ptr();
    std::ffi::CStr::from_ptr(name)
        .to_string_lossy()
        .into_owned()
}

impl Cache {
    /// Resolves the columns of `tupdesc`, the descriptor of the trigger's slot.
    unsafe fn build(
        rel: pg_sys::Relation,
        tupdesc: pg_sys::TupleDesc,
        memory: pg_sys::MemoryContext,
    ) -> Cache {
        let natts = (*tupdesc).natts as usize;
        let attributes = (*tupdesc).attrs.as_slice(natts);
        let table = relation_name(rel);
        let find = |name: &str| -> Option<(usize, pg_sys::Oid)> {
            attributes.iter().enumerate().find_map(|(i, a)| {
                let attname = std::ffi::CStr::from_ptr(a.attname.data.as_ptr());
                (!a.attisdropped && attname.to_bytes() == name.as_bytes())
                    .then_some((i, a.atttypid))
            })
        };
        let require = |name: &str, types: &[PgBuiltInOids]| -> usize {
            match find(name) {
                Some((i, oid)) if types.iter().any(|t| t.value() == oid) => i,
                Some(_) => error!(
                    "mep trigger on {table}: column {name} must be of type {:?}",
                    types[0]
                ),
                None => error!("mep trigger on {table}: the table has no column {name}"),
            }
        };
        let time = require("time", &[PgBuiltInOids::TIMESTAMPTZOID]);
        let asset_id = require(
            "asset_id",
            &[PgBuiltInOids::TEXTOID, PgBuiltInOids::VARCHAROID],
        );
        let fields = Field::ALL.map(|field| {
            find(field.name()).map(|(i, oid)| {
                if oid != PgBuiltInOids::FLOAT8OID.value() {
                    error!(
                        "mep trigger on {table}: column {field} must be double precision (float8)"
                    );
                }
                i
            })
        });
        let derived = Derived::ALL
            .into_iter()
            .filter_map(|d| {
                find(d.column()).map(|(i, oid)| {
                    if oid != d.sql_type().value() {
                        error!(
                            "mep trigger on {table}: column {} must be of type {:?}",
                            d.column(),
                            d.sql_type()
                        );
                    }
                    (d, i)
                })
            })
            .collect();
        let run_state_text = PgMemoryContexts::For(memory).switch_to(|_| {
            [RunState::Running, RunState::Idle, RunState::Unknown]
                .map(|state| state.name().into_datum().expect("text datum"))
        });
        Cache {
            relid: (*rel).rd_id,
            tupdesc,
            columns: Columns {
                time,
                asset_id,
                fields,
                derived,
            },
            values: vec![pg_sys::Datum::from(0); natts],
            nulls: vec![true; natts],
            assets: HashMap::new(),
            default_asset: Nameplate::unregistered().into(),
            quarantine_owner: None,
            run_state_text,
        }
    }

    fn run_state_datum(&self, state: RunState) -> pg_sys::Datum {
        match state {
            RunState::Running => self.run_state_text[0],
            RunState::Idle => self.run_state_text[1],
            RunState::Unknown => self.run_state_text[2],
        }
    }
}

unsafe extern "C-unwind" fn drop_cache(arg: *mut c_void) {
    drop(Box::from_raw(arg.cast::<Cache>()));
}

/// The cache of this call site, built on first use and freed with the call site's
/// memory context.
unsafe fn cache_for<'a>(
    fcinfo: pg_sys::FunctionCallInfo,
    rel: pg_sys::Relation,
    tupdesc: pg_sys::TupleDesc,
) -> &'a mut Cache {
    let flinfo = (*fcinfo).flinfo;
    let mut cache = (*flinfo).fn_extra.cast::<Cache>();
    if cache.is_null() {
        let memory = (*flinfo).fn_mcxt;
        cache = Box::into_raw(Box::new(Cache::build(rel, tupdesc, memory)));
        (*flinfo).fn_extra = cache.cast();
        let callback = pg_sys::MemoryContextAlloc(
            memory,
            std::mem::size_of::<pg_sys::MemoryContextCallback>(),
        )
        .cast::<pg_sys::MemoryContextCallback>();
        (*callback).func = Some(drop_cache);
        (*callback).arg = cache.cast();
        (*callback).next = std::ptr::null_mut();
        pg_sys::MemoryContextRegisterResetCallback(memory, callback);
    } else if (*cache).relid != (*rel).rd_id || (*cache).tupdesc != tupdesc {
        *cache = Cache::build(rel, tupdesc, (*flinfo).fn_mcxt);
    }
    &mut *cache
}

#[unsafe(no_mangle)]
#[doc(hidden)]
pub extern "C" fn pg_finfo_mep_sensor_data_trigger_wrapper() -> &'static pg_sys::Pg_finfo_record {
    const V1_API: pg_sys::Pg_finfo_record = pg_sys::Pg_finfo_record { api_version: 1 };
    &V1_API
}

/// # Safety
/// Called by PostgreSQL as a trigger function.
#[unsafe(no_mangle)]
#[doc(hidden)]
pub unsafe extern "C-unwind" fn mep_sensor_data_trigger_wrapper(
    fcinfo: pg_sys::FunctionCallInfo,
) -> pg_sys::Datum {
    pg_sys::submodules::panic::pgrx_extern_c_guard(move || unsafe { on_row(fcinfo) })
}

unsafe fn on_row(fcinfo: pg_sys::FunctionCallInfo) -> pg_sys::Datum {
    let context = (*fcinfo).context;
    if context.is_null() || (*context).type_ != pg_sys::NodeTag::T_TriggerData {
        error!("mep_sensor_data_trigger() must be called as a trigger");
    }
    let data = context.cast::<pg_sys::TriggerData>();
    let event = (*data).tg_event;
    let is_row_before = event & pg_sys::TRIGGER_EVENT_ROW != 0
        && event & pg_sys::TRIGGER_EVENT_TIMINGMASK == pg_sys::TRIGGER_EVENT_BEFORE;
    let operation = event & pg_sys::TRIGGER_EVENT_OPMASK;
    let (tuple, slot, operation_name) = match operation {
        pg_sys::TRIGGER_EVENT_INSERT if is_row_before => {
            ((*data).tg_trigtuple, (*data).tg_trigslot, "INSERT")
        }
        pg_sys::TRIGGER_EVENT_UPDATE if is_row_before => {
            ((*data).tg_newtuple, (*data).tg_newslot, "UPDATE")
        }
        _ => error!("mep_sensor_data_trigger() must run BEFORE INSERT OR UPDATE ... FOR EACH ROW"),
    };
    let rel = (*data).tg_relation;
    // The slot's descriptor is the one the executor deforms and stores the row with; the
    // relation's can be newer, and PostgreSQL refuses rows formed with a mismatched one.
    let tupdesc = (*slot).tts_tupleDescriptor;
    let cache = cache_for(fcinfo, rel, tupdesc);
    let natts = (*tupdesc).natts;
    if i32::from((*slot).tts_nvalid) < natts {
        pg_sys::slot_getsomeattrs_int(slot, natts);
    }
    cache.values.copy_from_slice(std::slice::from_raw_parts(
        (*slot).tts_values,
        natts as usize,
    ));
    cache.nulls.copy_from_slice(std::slice::from_raw_parts(
        (*slot).tts_isnull,
        natts as usize,
    ));

    let mut values = Measurements::default();
    for (field, position) in Field::ALL.into_iter().zip(cache.columns.fields) {
        if let Some(i) = position {
            if !cache.nulls[i] {
                values.set(
                    field,
                    Some(f64::from_datum(cache.values[i], false).unwrap_or(f64::NAN)),
                );
            }
        }
    }
    let time_index = cache.columns.time;
    let time = (!cache.nulls[time_index])
        .then(|| TimestampWithTimeZone::from_datum(cache.values[time_index], false))
        .flatten();
    let asset_index = cache.columns.asset_id;
    let asset_id: Option<&str> = if cache.nulls[asset_index] {
        None
    } else {
        <&str>::from_datum(cache.values[asset_index], false).filter(|id| !id.trim().is_empty())
    };

    let options = ValidationOptions {
        strict: settings::strict(),
    };
    let entry = match asset_id {
        Some(id) => {
            if !cache.assets.contains_key(id) {
                cache
                    .assets
                    .insert(id.to_string(), assets::lookup_or_register(id).into());
            }
            &cache.assets[id]
        }
        None => &cache.default_asset,
    };
    let mut verdict = validate(&values, &entry.asset, options);
    let mut identity = Vec::new();
    match time {
        None => identity.push(Finding::time_missing()),
        Some(t) if !t.is_finite() => identity.push(Finding::time_not_finite()),
        Some(_) => {}
    }
    if asset_id.is_none() {
        identity.push(Finding::asset_id_missing());
    }
    verdict.reject_with(identity);

    if verdict.status == Status::Rejected {
        reject(
            cache,
            time,
            asset_id,
            &values,
            &verdict.findings,
            operation_name,
        );
        return pg_sys::Datum::from(0);
    }

    let score = overall_score(
        &HealthInputs::of_reading(&verdict.clean, &verdict.metrics, verdict.run_state),
        &entry.context,
        &entry.weights,
    );
    let m = verdict.metrics;
    let mut warnings: Vec<&str> = verdict
        .findings_of(Severity::Warning)
        .map(|f| f.code.name())
        .collect();
    let run_state = cache.run_state_datum(verdict.run_state);
    for &(derived, i) in &cache.columns.derived {
        let value: Option<pg_sys::Datum> = match derived {
            Derived::DeltaT => m.delta_t.into_datum(),
            Derived::EvaporatorLoadKw => m.evaporator_load_kw.into_datum(),
            Derived::KwPerTon => m.kw_per_ton.into_datum(),
            Derived::Cop => m.cop.into_datum(),
            Derived::CondenserApproach => m.condenser_approach.into_datum(),
            Derived::EvaporatorApproach => m.evaporator_approach.into_datum(),
            Derived::PhaseImbalance => m.phase_imbalance.into_datum(),
            Derived::HeatBalancePct => m.heat_balance.map(|b| 100.0 * b).into_datum(),
            Derived::FlowAssumed => m
                .chw_flow_basis
                .map(|b| b == FlowBasis::DesignFlow)
                .into_datum(),
            Derived::RunState => Some(run_state),
            Derived::HealthScore => score.into_datum(),
            Derived::Warnings => (!warnings.is_empty())
                .then(|| std::mem::take(&mut warnings))
                .into_datum(),
        };
        cache.nulls[i] = value.is_none();
        cache.values[i] = value.unwrap_or(pg_sys::Datum::from(0));
    }

    let formed =
        pg_sys::heap_form_tuple(tupdesc, cache.values.as_mut_ptr(), cache.nulls.as_mut_ptr());
    // The executor knows which row it inserts or updates; the new tuple keeps only its
    // table and item identity. Its header stays as heap_form_tuple stamped it: PostgreSQL
    // records the descriptor's version there (in t_ctid) and checks it when storing.
    (*formed).t_self = (*tuple).t_self;
    (*formed).t_tableOid = (*tuple).t_tableOid;
    pg_sys::Datum::from(formed)
}

fn reject(
    cache: &mut Cache,
    time: Option<TimestampWithTimeZone>,
    asset_id: Option<&str>,
    values: &Measurements,
    findings: &[Finding],
    operation: &'static str,
) {
    let first = &findings[0];
    if settings::on_reject() == OnReject::Error {
        let detail = findings
            .iter()
            .map(|f| format!("{}: {}", f.code, f.message))
            .collect::<Vec<_>>()
            .join("; ");
        raise(
            PgSqlErrorCode::ERRCODE_CHECK_VIOLATION,
            format!(
                "mep: reading for asset {} rejected by Physics-Guard: {}",
                asset_id.unwrap_or("(none)"),
                first.message
            ),
            Some(detail),
            Some(first.recommendation.clone()),
        );
    }
    let owner = *cache.quarantine_owner.get_or_insert_with(quarantine::owner);
    quarantine::store(
        owner,
        &Rejected {
            time,
            asset_id,
            values: Field::ALL.map(|f| values.get(f)),
            findings,
            operation,
        },
    );
}
