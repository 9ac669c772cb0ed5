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

#[cfg(test)]
mod tests {
    use super::show;

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
