//! The SQL wrappers, tested inside PostgreSQL (`cargo pgrx test`). The schema, the trigger
//! and the storage paths are covered end to end by `tests/` (mep-tests).

#[pgrx::pg_schema]
mod tests {
    use pgrx::prelude::*;
    use pgrx::JsonB;
    use serde_json::Value;

    fn json(query: &str) -> Value {
        Spi::get_one::<JsonB>(query).unwrap().unwrap().0
    }

    fn float(query: &str) -> f64 {
        Spi::get_one::<f64>(query).unwrap().unwrap()
    }

    fn assert_close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }

    #[pg_test]
    fn validate_rejects_the_original_example_in_the_original_shape() {
        let v = json(r#"SELECT mep_validate('{"chw_supply_temp": 12.0, "chw_return_temp": 6.0}')"#);
        assert_eq!(v["status"], "rejected");
        assert_eq!(v["is_valid"], false);
        assert!(v["reason"]
            .as_str()
            .unwrap()
            .starts_with("Chilled water return must be warmer than supply"));
        assert_eq!(
            v["recommendation"],
            "Check sensor wiring - supply and return may be swapped"
        );
        assert_eq!(v["findings"][0]["code"], "CHW_RETURN_BELOW_SUPPLY");
        assert_eq!(v["findings"][0]["severity"], "reject");
        assert_eq!(
            v["findings"][0]["fields"],
            serde_json::json!(["chw_supply_temp", "chw_return_temp"])
        );
        assert_eq!(v["derived_metrics"]["delta_t"], -6.0);
        assert_eq!(v["health_score"], Value::Null);
    }

    #[pg_test]
    fn validate_accepts_a_good_reading_with_metrics_and_score() {
        let v = json(
            r#"SELECT mep_validate('{"chw_supply_temp": 6.7, "chw_return_temp": 12.3, "chw_flow": 60, "power_kw": 210,
                "cdw_outlet_temp": 34.8, "cond_sat_temp": 37.3, "vibration_rms": 0.9}')"#,
        );
        assert_eq!(v["status"], "accepted");
        assert_eq!(v["reason"], Value::Null);
        assert_eq!(v["run_state"], "running");
        let load = 60.0 * 4.19 * 5.6;
        assert_close(
            v["derived_metrics"]["evaporator_load_kw"].as_f64().unwrap(),
            load,
        );
        assert_close(
            v["derived_metrics"]["kw_per_ton"].as_f64().unwrap(),
            210.0 / (load / 3.51685),
        );
        assert_eq!(v["derived_metrics"]["chw_flow_basis"], "measured");
        assert!(v["health_score"].as_f64().unwrap() > 80.0);
        assert_eq!(v["nameplate"], "default");
    }

    #[pg_test]
    fn validate_reads_text_numbers_nan_and_reports_what_it_ignored() {
        let v = json(
            r#"SELECT mep_validate('{"vibration_rms": "NaN", "power_kw": "n/a", "chw_flow": "12.5", "colour": "red", "time": "2026-01-01"}')"#,
        );
        assert_eq!(v["status"], "rejected");
        let codes: Vec<&str> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&"NOT_NUMERIC"), "{codes:?}");
        assert!(codes.contains(&"NON_FINITE_VALUE"), "{codes:?}");
        assert_eq!(v["ignored_keys"], serde_json::json!(["colour"]));
        let huge = json(r#"SELECT mep_validate('{"power_kw": 1e400}')"#);
        assert_eq!(huge["status"], "rejected");
    }

    #[pg_test]
    fn validate_converts_ip_units_and_honours_strict() {
        let v = json(
            r#"SELECT mep_validate('{"chw_supply_temp": 44, "chw_return_temp": 54}', units => 'ip')"#,
        );
        assert_eq!(v["status"], "accepted");
        assert_close(
            v["derived_metrics"]["delta_t"].as_f64().unwrap(),
            10.0 / 1.8,
        );
        let warn = r#"'{"vibration_rms": 5.0}'"#;
        assert_eq!(
            json(&format!("SELECT mep_validate({warn})"))["status"],
            "warning"
        );
        assert_eq!(
            json(&format!("SELECT mep_validate({warn}, strict => true)"))["status"],
            "rejected"
        );
        Spi::run("SET mep.strict = on").unwrap();
        assert_eq!(
            json(&format!("SELECT mep_validate({warn})"))["status"],
            "rejected"
        );
        assert_eq!(
            json(&format!("SELECT mep_validate({warn}, strict => false)"))["status"],
            "warning"
        );
    }

    #[pg_test(
        error = "mep_validate expects a JSON object, e.g. {\"chw_supply_temp\": 6.7, \"chw_return_temp\": 12.2}"
    )]
    fn validate_refuses_a_non_object() {
        Spi::run("SELECT mep_validate('[1, 2]')").unwrap();
    }

    #[pg_test(error = "mep_validate: unknown units 'metric'; expected 'si' or 'ip'")]
    fn validate_refuses_unknown_units() {
        Spi::run(r#"SELECT mep_validate('{}', units => 'metric')"#).unwrap();
    }

    #[pg_test]
    fn validate_values_returns_a_typed_row() {
        let (status, codes) = Spi::get_two::<String, Vec<String>>(
            "SELECT status, codes FROM mep_validate_values(chw_supply_temp => 12.0, chw_return_temp => 6.0)",
        )
        .unwrap();
        assert_eq!(status.as_deref(), Some("rejected"));
        assert_eq!(codes.unwrap(), vec!["CHW_RETURN_BELOW_SUPPLY"]);
        let delta_t = float("SELECT delta_t FROM mep_validate_values(chw_supply_temp => 6.7, chw_return_temp => 12.3)");
        assert_close(delta_t, 5.6);
    }

    #[pg_test]
    fn physics_functions_match_hand_worked_values() {
        assert_close(float("SELECT mep_delta_t(6.7, 12.3)"), 5.6);
        assert_close(float("SELECT mep_evaporator_load_kw(75, 5.6)"), 1759.8);
        assert_close(float("SELECT mep_kw_per_ton(280, 1758.425)"), 0.56);
        assert_close(float("SELECT mep_cop(1758.425, 280)"), 1758.425 / 280.0);
        assert_close(float("SELECT mep_condenser_approach(37.3, 34.5)"), 2.8);
        assert_close(float("SELECT mep_evaporator_approach(6.7, 5.2)"), 1.5);
        assert_close(float("SELECT mep_phase_imbalance(105, 97, 98)"), 5.0);
        assert_close(float("SELECT mep_carnot_cop(6.7, 35)"), 279.85 / 28.3);
        assert_close(float("SELECT mep_heat_balance_pct(1000, 200, 1200)"), 0.0);
        assert_close(
            float("SELECT mep_heat_balance_tolerance_pct(1.0, 10 / 1.8)"),
            5.0,
        );
        assert_eq!(
            Spi::get_one::<f64>("SELECT mep_kw_per_ton(0, 100)").unwrap(),
            None
        );
        assert_eq!(
            Spi::get_one::<f64>("SELECT mep_carnot_cop(12, 10)").unwrap(),
            None
        );
        let expected = float(
            "SELECT mep_expected_kw_per_ton(6.67, 29.4, 1758.425, 1758.425, 0.56, 'centrifugal')",
        );
        assert!((expected - 0.56).abs() < 0.005, "{expected}");
    }

    #[pg_test]
    fn unit_helpers_convert_at_the_edges() {
        assert_close(float("SELECT mep_f_to_c(212)"), 100.0);
        assert_close(float("SELECT mep_c_to_f(-40)"), -40.0);
        assert_close(float("SELECT mep_delta_f_to_c(18)"), 10.0);
        assert_close(float("SELECT mep_gpm_to_lps(1000)"), 63.0902);
        assert_close(float("SELECT mep_lps_to_gpm(63.0902)"), 1000.0);
        assert_close(float("SELECT mep_tons_to_kw(500)"), 1758.425);
        assert_close(float("SELECT mep_kw_to_tons(3.51685)"), 1.0);
        assert_close(float("SELECT mep_psi_to_kpa(10)"), 68.9476);
    }

    #[pg_test]
    fn health_score_of_metrics_is_explainable_and_checked() {
        // 0.35·95 + 0.25·85 + 0.20·95 + 0.15·90 + 0.05·100 (see mep-core's hand-worked test).
        assert_close(
            float("SELECT mep_health_score(0.7, 2.5, 0.5, 0.55, 5.6)"),
            92.0,
        );
        // A critical approach limits the score to its own score + 20.
        assert_close(
            float("SELECT mep_health_score(0.7, 7.0, 0.5, 0.55, 5.6)"),
            40.0 / 3.0 + 20.0,
        );
        // Missing metrics are left out; NULL everywhere is no score.
        assert_eq!(
            Spi::get_one::<f64>("SELECT mep_health_score(NULL, NULL, NULL, NULL, NULL)").unwrap(),
            None
        );
        // Zones follow the machine class: 5 mm/s is zone D for group 2 rigid, zone B for group 1 flexible.
        let rigid = float("SELECT mep_health_score(5.0, NULL, NULL, NULL, NULL)");
        let flexible = float("SELECT mep_health_score(5.0, NULL, NULL, NULL, NULL, machine_group => 'group1', foundation => 'flexible')");
        assert!(rigid < 40.0 && flexible > 80.0, "{rigid} {flexible}");
        // Custom weights.
        assert_close(float("SELECT mep_health_score(0.7, 9.0, NULL, NULL, NULL, weights => ARRAY[1, 0, 0, 0, 0])"), 95.0);
        assert_eq!(
            Spi::get_one::<String>("SELECT mep_health_category(92)")
                .unwrap()
                .as_deref(),
            Some("excellent")
        );
        assert_eq!(
            Spi::get_one::<String>("SELECT mep_health_category(40)")
                .unwrap()
                .as_deref(),
            Some("poor")
        );
        assert_eq!(
            Spi::get_one::<String>("SELECT mep_health_category(39.9)")
                .unwrap()
                .as_deref(),
            Some("critical")
        );
    }

    #[pg_test(error = "mep: at least one weight must be above zero")]
    fn health_score_refuses_all_zero_weights() {
        Spi::run("SELECT mep_health_score(1, 2, 3, 0.5, 5, weights => ARRAY[0, 0, 0, 0, 0])")
            .unwrap();
    }

    #[pg_test(
        error = "mep: weights must have 5 elements (vibration_rms, condenser_approach, phase_imbalance, kw_per_ton, delta_t), got 2"
    )]
    fn health_score_refuses_short_weights() {
        Spi::run("SELECT mep_health_score(1, 2, 3, 0.5, 5, weights => ARRAY[1, 1])").unwrap();
    }

    #[pg_test(
        error = "mep: unknown ISO 10816-3 machine group \"group3\"; expected one of: group1, group2"
    )]
    fn health_score_refuses_an_unknown_machine_group() {
        Spi::run("SELECT mep_health_score(1, NULL, NULL, NULL, NULL, machine_group => 'group3')")
            .unwrap();
    }

    #[pg_test]
    fn rating_bands_follow_the_machine_class() {
        let vibration = Spi::get_two::<f64, f64>(
            "SELECT excellent_good, poor_critical FROM mep_rating_bands() WHERE metric_name = 'vibration_rms'",
        )
        .unwrap();
        assert_eq!(vibration, (Some(1.4), Some(4.5)));
        let delta_t = float("SELECT poor_critical FROM mep_rating_bands(design_delta_t => 6.0) WHERE metric_name = 'delta_t'");
        assert_close(delta_t, 3.0);
    }

    #[pg_test]
    fn generated_scenarios_stream_deterministically() {
        let count = Spi::get_one::<i64>(
            "SELECT count(*) FROM mep_generate_scenario('tube_fouling', 'CH-1', '2026-01-01', interval '1 day')",
        )
        .unwrap()
        .unwrap();
        assert_eq!(count, 288);
        let same = Spi::get_one::<bool>(
            "SELECT (SELECT array_agg(power_kw ORDER BY time) FROM mep_generate_scenario('healthy', 'A', '2026-01-01', interval '1 hour', seed => 7))
                  = (SELECT array_agg(power_kw ORDER BY time) FROM mep_generate_scenario('healthy', 'A', '2026-01-01', interval '1 hour', seed => 7))",
        )
        .unwrap();
        assert_eq!(same, Some(true));
        let different = Spi::get_one::<bool>(
            "SELECT (SELECT array_agg(power_kw ORDER BY time) FROM mep_generate_scenario('healthy', 'A', '2026-01-01', interval '1 hour', seed => 7))
                  = (SELECT array_agg(power_kw ORDER BY time) FROM mep_generate_scenario('healthy', 'A', '2026-01-01', interval '1 hour', seed => 8))",
        )
        .unwrap();
        assert_eq!(different, Some(false));
        let days = Spi::get_one::<i64>(
            "SELECT count(*) / 288 FROM mep_generate_scenario('electrical_issue', 'A')",
        )
        .unwrap();
        assert_eq!(days, Some(14), "the default duration");
        let ends_now = Spi::get_one::<bool>(
            "SELECT max(time) <= now() AND max(time) > now() - interval '10 minutes' FROM mep_generate_scenario('healthy', 'A', duration => interval '1 day')",
        )
        .unwrap();
        assert_eq!(ends_now, Some(true), "start NULL ends the run now");
    }

    #[pg_test]
    fn a_window_of_a_run_is_that_part_of_the_full_run() {
        let same = Spi::get_one::<bool>(
            "SELECT (SELECT array_agg(vibration_rms ORDER BY time)
                     FROM mep_generate_scenario('bearing_wear', 'A', '2026-01-01 00:00+00', interval '2 days')
                     WHERE time >= '2026-01-01 13:00+00' AND time < '2026-01-01 19:00+00')
                  = (SELECT array_agg(vibration_rms ORDER BY time)
                     FROM mep_generate_scenario('bearing_wear', 'A', '2026-01-01 00:00+00', interval '2 days',
                          window_start => '2026-01-01 13:00+00', window_end => '2026-01-01 19:00+00'))",
        )
        .unwrap();
        assert_eq!(same, Some(true));
        let rows = Spi::get_one::<i64>(
            "SELECT count(*) FROM mep_generate_scenario('healthy', 'A', '2026-01-01 00:00+00', interval '1 day',
                 window_start => '2026-01-01 12:00+00')",
        )
        .unwrap();
        assert_eq!(rows, Some(144));
    }

    #[pg_test(
        error = "mep_generate_scenario: unknown scenario \"meltdown\"; expected one of: healthy, tube_fouling, bearing_wear, refrigerant_leak, electrical_issue, post_maintenance_misalignment"
    )]
    fn generate_scenario_refuses_an_unknown_scenario() {
        Spi::run("SELECT * FROM mep_generate_scenario('meltdown', 'A')").unwrap();
    }

    #[pg_test(error = "mep_generate_scenario: step must be at least 1 second (got 0 µs)")]
    fn generate_scenario_refuses_a_zero_step() {
        Spi::run(
            "SELECT * FROM mep_generate_scenario('healthy', 'A', step => interval '0 seconds')",
        )
        .unwrap();
    }

    #[pg_test]
    fn rules_and_versions_are_listed() {
        let rules = Spi::get_one::<i64>("SELECT count(*) FROM mep_rules()")
            .unwrap()
            .unwrap();
        assert_eq!(rules as usize, mep_core::Code::ALL.len());
        let severity = Spi::get_one::<String>(
            "SELECT severity FROM mep_rules() WHERE code = 'HEAT_BALANCE_OUT_OF_TOLERANCE'",
        )
        .unwrap();
        assert_eq!(severity.as_deref(), Some("warning"));
        assert_eq!(
            Spi::get_one::<String>("SELECT mep_version()")
                .unwrap()
                .as_deref(),
            Some(env!("CARGO_PKG_VERSION"))
        );
        let library = Spi::get_one::<String>(
            "SELECT version FROM mep_version_info() WHERE component = 'mep library'",
        )
        .unwrap();
        assert_eq!(library.as_deref(), Some(env!("CARGO_PKG_VERSION")));
    }

    #[pg_test]
    fn settings_are_registered_with_their_defaults() {
        assert_eq!(
            Spi::get_one::<String>("SHOW mep.strict")
                .unwrap()
                .as_deref(),
            Some("off")
        );
        assert_eq!(
            Spi::get_one::<String>("SHOW mep.on_reject")
                .unwrap()
                .as_deref(),
            Some("quarantine")
        );
    }

    #[pg_test(error = "invalid value for parameter \"mep.on_reject\": \"drop\"")]
    fn on_reject_accepts_only_its_two_modes() {
        Spi::run("SET mep.on_reject = 'drop'").unwrap();
    }
}
