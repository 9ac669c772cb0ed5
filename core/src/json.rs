//! Readings as JSON objects: `{"chw_supply_temp": 6.7, "chw_return_temp": "12.3", ...}`.
//! Keys are the field names; values numbers, numeric strings (`"NaN"` included) or null.

use serde_json::{json, Map, Value};

use crate::field::Field;
use crate::metrics::DerivedMetrics;
use crate::reading::Measurements;
use crate::text::parse_number;
use crate::validation::{Finding, Validation};

/// What a JSON object held.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonReading {
    /// The numeric values, as given (not yet validated).
    pub values: Measurements,
    /// The `asset_id` key, when a string.
    pub asset_id: Option<String>,
    /// The `time` key, when a string.
    pub time: Option<String>,
    /// A `NOT_NUMERIC` finding per field whose value is not a number.
    pub not_numeric: Vec<Finding>,
    /// Keys that are not fields (reported, otherwise ignored).
    pub ignored_keys: Vec<String>,
}

/// Reads a JSON object; `None` when `value` is not an object.
pub fn reading_from_json(value: &Value) -> Option<JsonReading> {
    let object = value.as_object()?;
    let mut reading = JsonReading {
        values: Measurements::default(),
        asset_id: None,
        time: None,
        not_numeric: Vec::new(),
        ignored_keys: Vec::new(),
    };
    for (key, value) in object {
        match key.as_str() {
            "asset_id" => reading.asset_id = value.as_str().map(str::to_string),
            "time" => reading.time = value.as_str().map(str::to_string),
            _ => {
                let Some(field) = Field::from_name(key) else {
                    reading.ignored_keys.push(key.clone());
                    continue;
                };
                let number = match value {
                    Value::Null => continue,
                    // Numbers beyond f64 (1e400) read as ±Infinity and are reported as such.
                    Value::Number(n) => n.as_f64().or_else(|| parse_number(&n.to_string())),
                    Value::String(text) => parse_number(text),
                    _ => None,
                };
                match number {
                    Some(number) => reading.values.set(field, Some(number)),
                    None => {
                        let shown = match value {
                            Value::String(text) => text.clone(),
                            other => other.to_string(),
                        };
                        reading.not_numeric.push(Finding::not_numeric(key, &shown));
                    }
                }
            }
        }
    }
    Some(reading)
}

fn number(value: Option<f64>) -> Value {
    value
        .and_then(serde_json::Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

/// The derived metrics as JSON; `null` = not measured.
pub fn metrics_json(m: &DerivedMetrics) -> Value {
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

/// One finding as JSON.
pub fn finding_json(finding: &Finding) -> Value {
    json!({
        "code": finding.code.name(),
        "severity": finding.severity.name(),
        "fields": finding.fields.iter().map(Field::name).collect::<Vec<_>>(),
        "message": finding.message,
        "recommendation": finding.recommendation,
    })
}

/// A verdict in the shape `mep_validate` returns: `status`, `is_valid`, `reason`,
/// `recommendation` (the deciding finding's), `run_state`, `findings` and
/// `derived_metrics`. Callers add what they know besides (asset, score ...).
pub fn validation_json(validation: &Validation) -> Map<String, Value> {
    let deciding = validation.deciding_finding();
    let mut object = Map::new();
    object.insert("status".into(), validation.status.name().into());
    object.insert("is_valid".into(), validation.is_valid().into());
    object.insert(
        "reason".into(),
        deciding.map_or(Value::Null, |f| f.message.clone().into()),
    );
    object.insert(
        "recommendation".into(),
        deciding.map_or(Value::Null, |f| f.recommendation.clone().into()),
    );
    object.insert("run_state".into(), validation.run_state.name().into());
    object.insert(
        "findings".into(),
        validation.findings.iter().map(finding_json).collect(),
    );
    object.insert("derived_metrics".into(), metrics_json(&validation.metrics));
    object
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::Code;

    #[test]
    fn reads_numbers_strings_and_nulls() {
        let value: Value = serde_json::from_str(
            r#"{"chw_supply_temp": 6.7, "chw_return_temp": "12.3", "power_kw": null,
                "vibration_rms": "NaN", "asset_id": "CH-1", "time": "2026-01-05T00:00:00Z", "colour": "red"}"#,
        )
        .unwrap();
        let r = reading_from_json(&value).unwrap();
        assert_eq!(r.values.chw_supply_temp, Some(6.7));
        assert_eq!(r.values.chw_return_temp, Some(12.3));
        assert_eq!(r.values.power_kw, None);
        assert!(r.values.vibration_rms.unwrap().is_nan());
        assert_eq!(r.asset_id.as_deref(), Some("CH-1"));
        assert_eq!(r.time.as_deref(), Some("2026-01-05T00:00:00Z"));
        assert_eq!(r.ignored_keys, vec!["colour"]);
        assert!(r.not_numeric.is_empty());
    }

    #[test]
    fn text_that_is_not_a_number_is_a_finding() {
        let value: Value =
            serde_json::from_str(r#"{"power_kw": "n/a", "current_a": [1]}"#).unwrap();
        let r = reading_from_json(&value).unwrap();
        assert_eq!(r.not_numeric.len(), 2);
        assert!(r.not_numeric.iter().all(|f| f.code == Code::NotNumeric));
        assert_eq!(
            r.not_numeric
                .iter()
                .find(|f| f.message.contains("power_kw"))
                .unwrap()
                .message,
            "power_kw = 'n/a' is not a number"
        );
    }

    #[test]
    fn verdicts_have_the_original_shape() {
        let values = Measurements::default()
            .with(Field::ChwSupplyTemp, 12.0)
            .with(Field::ChwReturnTemp, 6.0);
        let v = crate::validate(
            &values,
            &crate::Asset::unregistered_default(),
            Default::default(),
        );
        let object = validation_json(&v);
        assert_eq!(object["status"], "rejected");
        assert_eq!(object["is_valid"], false);
        assert_eq!(
            object["recommendation"],
            "Check sensor wiring - supply and return may be swapped"
        );
        assert_eq!(object["findings"][0]["code"], "CHW_RETURN_BELOW_SUPPLY");
        assert_eq!(object["derived_metrics"]["delta_t"], -6.0);
        assert_eq!(object["derived_metrics"]["kw_per_ton"], Value::Null);
    }

    #[test]
    fn only_objects_are_readings() {
        assert!(reading_from_json(&serde_json::json!([1, 2])).is_none());
    }
}
