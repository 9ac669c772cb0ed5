//! Number formatting for human-readable messages.

/// A value as a person would write it: up to three decimals, trailing zeros dropped;
/// scientific notation for magnitudes of a million and more (`5.8e30`).
pub fn show(value: f64) -> String {
    if !value.is_finite() {
        return format!("{value}");
    }
    if value.abs() >= 1.0e6 {
        return format!("{value:e}");
    }
    let fixed = format!("{value:.3}");
    let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
    if trimmed == "-0" {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Reads a number as BMS exports write it: decimal or scientific notation, `NaN`,
/// `Infinity`, `inf` (any case, signed). Surrounding spaces are ignored; anything else
/// (`n/a`, `12 °C`, `1,5`) is not a number.
pub fn parse_number(text: &str) -> Option<f64> {
    let trimmed = text.trim();
    match trimmed.to_ascii_lowercase().as_str() {
        "nan" | "+nan" | "-nan" => Some(f64::NAN),
        "infinity" | "+infinity" | "inf" | "+inf" => Some(f64::INFINITY),
        "-infinity" | "-inf" => Some(f64::NEG_INFINITY),
        _ => trimmed.parse::<f64>().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_number, show};

    #[test]
    fn reads_numbers_as_bms_exports_write_them() {
        assert_eq!(parse_number(" 6.7 "), Some(6.7));
        assert_eq!(parse_number("-1e3"), Some(-1000.0));
        assert!(parse_number("NaN").unwrap().is_nan());
        assert_eq!(parse_number("-Infinity"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_number("INF"), Some(f64::INFINITY));
        for text in ["", "n/a", "12 °C", "1,5", "--", "null"] {
            assert_eq!(parse_number(text), None, "{text}");
        }
    }

    #[test]
    fn shows_values_compactly() {
        assert_eq!(show(44.0), "44");
        assert_eq!(show(12.5), "12.5");
        assert_eq!(show(-99.4), "-99.4");
        assert_eq!(show(0.0630902), "0.063");
        assert_eq!(show(-0.0001), "0");
        assert_eq!(show(4.1e13), "4.1e13");
        assert_eq!(show(f64::NAN), "NaN");
    }
}
