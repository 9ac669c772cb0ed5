//! `mep_validate`: Physics-Guard without storing anything, in the original JSON shape and
//! as a typed row; `mep_rules`: the documented finding codes.

use mep_core::health::{overall_score, HealthInputs, ScoringContext};
use mep_core::json::{reading_from_json, validation_json};
use mep_core::units::UnitSystem;
use mep_core::validation::validate;
use mep_core::{Status, Validation, ValidationOptions};
use pgrx::prelude::*;
use pgrx::JsonB;
use serde_json::Value;

use crate::assets::{self, Nameplate};
use crate::convert;
use crate::errors::invalid_parameter;
use crate::settings;

fn nameplate_for(asset_id: Option<&str>) -> Nameplate {
    asset_id
        .and_then(assets::lookup)
        .unwrap_or_else(Nameplate::unregistered)
}

fn number(value: Option<f64>) -> Value {
    value
        .and_then(serde_json::Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

fn strict_or_setting(strict: Option<bool>) -> ValidationOptions {
    ValidationOptions {
        strict: strict.unwrap_or_else(settings::strict),
    }
}

fn reading_score(verdict: &Validation, nameplate: &Nameplate) -> Option<f64> {
    if verdict.status == Status::Rejected {
        return None;
    }
    overall_score(
        &HealthInputs::of_reading(&verdict.clean, &verdict.metrics, verdict.run_state),
        &ScoringContext::of(&nameplate.asset),
        &nameplate.weights,
    )
}

/// Validates one reading given as JSON, storing nothing.
#[pg_extern(stable)]
fn mep_validate(
    reading: JsonB,
    strict: default!(Option<bool>, "NULL"),
    units: default!(&str, "'si'"),
) -> JsonB {
    let Some(unit_system) = UnitSystem::parse(units) else {
        invalid_parameter(format!(
            "mep_validate: unknown units '{units}'; expected 'si' or 'ip'"
        ));
    };
    let Some(mut parsed) = reading_from_json(&reading.0) else {
        invalid_parameter(
            "mep_validate expects a JSON object, e.g. {\"chw_supply_temp\": 6.7, \"chw_return_temp\": 12.2}",
        );
    };
    parsed.values.convert_to_si(unit_system);
    let nameplate = nameplate_for(parsed.asset_id.as_deref());
    let options = strict_or_setting(strict);
    let mut verdict = validate(&parsed.values, &nameplate.asset, options);
    verdict.reject_with(std::mem::take(&mut parsed.not_numeric));
    let mut response = validation_json(&verdict);
    response.insert("strict".into(), options.strict.into());
    response.insert(
        "asset_id".into(),
        parsed.asset_id.clone().map_or(Value::Null, Value::from),
    );
    let nameplate_source = if nameplate.registered {
        "registered"
    } else {
        "default"
    };
    response.insert("nameplate".into(), nameplate_source.into());
    response.insert(
        "health_score".into(),
        number(reading_score(&verdict, &nameplate)),
    );
    response.insert(
        "ignored_keys".into(),
        parsed.ignored_keys.into_iter().map(Value::from).collect(),
    );
    JsonB(Value::Object(response))
}

/// Validates one reading given as named values (SI units), storing nothing.
#[allow(clippy::too_many_arguments)]
#[pg_extern(stable)]
fn mep_validate_values(
    chw_supply_temp: default!(Option<f64>, "NULL"),
    chw_return_temp: default!(Option<f64>, "NULL"),
    cdw_inlet_temp: default!(Option<f64>, "NULL"),
    cdw_outlet_temp: default!(Option<f64>, "NULL"),
    chw_flow: default!(Option<f64>, "NULL"),
    cdw_flow: default!(Option<f64>, "NULL"),
    power_kw: default!(Option<f64>, "NULL"),
    vibration_rms: default!(Option<f64>, "NULL"),
    current_a: default!(Option<f64>, "NULL"),
    current_b: default!(Option<f64>, "NULL"),
    current_c: default!(Option<f64>, "NULL"),
    cond_sat_temp: default!(Option<f64>, "NULL"),
    evap_sat_temp: default!(Option<f64>, "NULL"),
    asset_id: default!(Option<&str>, "NULL"),
    strict: default!(Option<bool>, "NULL"),
) -> TableIterator<
    'static,
    (
        name!(status, String),
        name!(is_valid, bool),
        name!(reason, Option<String>),
        name!(recommendation, Option<String>),
        name!(codes, Vec<String>),
        name!(run_state, String),
        name!(delta_t, Option<f64>),
        name!(evaporator_load_kw, Option<f64>),
        name!(kw_per_ton, Option<f64>),
        name!(cop, Option<f64>),
        name!(condenser_approach, Option<f64>),
        name!(evaporator_approach, Option<f64>),
        name!(phase_imbalance, Option<f64>),
        name!(heat_balance_pct, Option<f64>),
        name!(flow_assumed, Option<bool>),
        name!(health_score, Option<f64>),
    ),
> {
    let values = convert::measurements([
        chw_supply_temp,
        chw_return_temp,
        cdw_inlet_temp,
        cdw_outlet_temp,
        chw_flow,
        cdw_flow,
        power_kw,
        vibration_rms,
        current_a,
        current_b,
        current_c,
        cond_sat_temp,
        evap_sat_temp,
    ]);
    let nameplate = nameplate_for(asset_id);
    let verdict = validate(&values, &nameplate.asset, strict_or_setting(strict));
    let m = verdict.metrics;
    let deciding = verdict.deciding_finding();
    TableIterator::once((
        verdict.status.name().to_string(),
        verdict.is_valid(),
        deciding.map(|f| f.message.clone()),
        deciding.map(|f| f.recommendation.clone()),
        verdict
            .findings
            .iter()
            .map(|f| f.code.name().to_string())
            .collect(),
        verdict.run_state.name().to_string(),
        m.delta_t,
        m.evaporator_load_kw,
        m.kw_per_ton,
        m.cop,
        m.condenser_approach,
        m.evaporator_approach,
        m.phase_imbalance,
        m.heat_balance.map(|b| 100.0 * b),
        m.chw_flow_basis
            .map(|b| b == mep_core::FlowBasis::DesignFlow),
        reading_score(&verdict, &nameplate),
    ))
}

/// Every Physics-Guard finding code with its severity and meaning.
#[pg_extern(immutable, parallel_safe)]
fn mep_rules() -> TableIterator<
    'static,
    (
        name!(code, &'static str),
        name!(severity, &'static str),
        name!(description, &'static str),
    ),
> {
    TableIterator::new(
        mep_core::Code::ALL
            .iter()
            .map(|code| (code.name(), code.severity().name(), code.description())),
    )
}
