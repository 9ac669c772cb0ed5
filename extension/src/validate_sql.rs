//! `mep_validate`: Physics-Guard without storing anything, in the original JSON shape and
//! as a typed row; `mep_rules`: the documented finding codes.

use mep_core::health::{overall_score, HealthInputs, ScoringContext};
use mep_core::units::UnitSystem;
use mep_core::validation::validate;
use mep_core::{
    DerivedMetrics, Field, Finding, Measurements, Status, Validation, ValidationOptions,
};
use pgrx::prelude::*;
use pgrx::JsonB;
use serde_json::{json, Map, Value};

use crate::assets::{self, Nameplate};
use crate::convert;
use crate::errors::invalid_parameter;
use crate::settings;

/// A reading parsed from JSON: its values, asset, and what could not be read.
struct JsonReading {
    values: Measurements,
    asset_id: Option<String>,
    not_numeric: Vec<Finding>,
    ignored_keys: Vec<String>,
}

fn parse_number(text: &str) -> Option<f64> {
    let trimmed = text.trim();
    match trimmed.to_ascii_lowercase().as_str() {
        "nan" => Some(f64::NAN),
        "infinity" | "+infinity" | "inf" | "+inf" => Some(f64::INFINITY),
        "-infinity" | "-inf" => Some(f64::NEG_INFINITY),
        _ => trimmed.parse::<f64>().ok(),
    }
}

fn parse_reading(reading: &Value) -> JsonReading {
    let Some(object) = reading.as_object() else {
        invalid_parameter(
            "mep_validate expects a JSON object, e.g. {\"chw_supply_temp\": 6.7, \"chw_return_temp\": 12.2}",
        );
    };
    let mut parsed = JsonReading {
        values: Measurements::default(),
        asset_id: None,
        not_numeric: Vec::new(),
        ignored_keys: Vec::new(),
    };
    for (key, value) in object {
        if key == "asset_id" {
            parsed.asset_id = value.as_str().map(str::to_string);
            continue;
        }
        if key == "time" {
            continue;
        }
        let Some(field) = Field::from_name(key) else {
            parsed.ignored_keys.push(key.clone());
            continue;
        };
        let number = match value {
            Value::Null => continue,
            // Numbers too large for f64 arrive as ±Infinity and are reported as such.
            Value::Number(n) => n.as_f64().or_else(|| parse_number(&n.to_string())),
            Value::String(text) => parse_number(text),
            _ => None,
        };
        match number {
            Some(number) => parsed.values.set(field, Some(number)),
            None => {
                let shown = match value {
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                parsed.not_numeric.push(Finding::not_numeric(key, &shown));
            }
        }
    }
    parsed
}

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

fn metrics_json(m: &DerivedMetrics) -> Value {
    json!({
        "delta_t": number(m.delta_t),
        "cdw_delta_t": number(m.cdw_delta_t),
        "evaporator_load_kw": number(m.evaporator_load_kw),
        "kw_per_ton": number(m.kw_per_ton),
        "cop": number(m.cop),
        "condenser_approach": number(m.condenser_approach),
        "evaporator_approach": number(m.evaporator_approach),
        "phase_imbalance": number(m.phase_imbalance),
        "condenser_heat_kw": number(m.condenser_heat_kw),
        "heat_balance_pct": number(m.heat_balance.map(|b| 100.0 * b)),
        "carnot_cop": number(m.carnot_cop),
        "load_fraction": number(m.load_fraction),
        "chw_flow_basis": m.chw_flow_basis.map_or(Value::Null, |b| Value::from(b.name())),
    })
}

fn finding_json(finding: &Finding) -> Value {
    json!({
        "code": finding.code.name(),
        "severity": finding.severity.name(),
        "fields": finding.fields.iter().map(Field::name).collect::<Vec<_>>(),
        "message": finding.message,
        "recommendation": finding.recommendation,
    })
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
    let mut parsed = parse_reading(&reading.0);
    parsed.values.convert_to_si(unit_system);
    let nameplate = nameplate_for(parsed.asset_id.as_deref());
    let options = strict_or_setting(strict);
    let mut verdict = validate(&parsed.values, &nameplate.asset, options);
    verdict.reject_with(std::mem::take(&mut parsed.not_numeric));
    let deciding = verdict.deciding_finding();
    let mut response = Map::new();
    response.insert("status".into(), verdict.status.name().into());
    response.insert("is_valid".into(), verdict.is_valid().into());
    response.insert(
        "reason".into(),
        deciding.map_or(Value::Null, |f| f.message.clone().into()),
    );
    response.insert(
        "recommendation".into(),
        deciding.map_or(Value::Null, |f| f.recommendation.clone().into()),
    );
    response.insert("run_state".into(), verdict.run_state.name().into());
    response.insert("strict".into(), options.strict.into());
    response.insert(
        "asset_id".into(),
        parsed.asset_id.clone().map_or(Value::Null, Value::from),
    );
    response.insert(
        "nameplate".into(),
        if nameplate.registered {
            "registered"
        } else {
            "default"
        }
        .into(),
    );
    response.insert(
        "findings".into(),
        verdict.findings.iter().map(finding_json).collect(),
    );
    response.insert("derived_metrics".into(), metrics_json(&verdict.metrics));
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
