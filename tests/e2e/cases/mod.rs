//! The end-to-end cases, grouped by what they cover.

mod aggregates;
mod bad_input;
mod ingest;
mod readme;
mod roles;
mod scenarios;
mod schema;

use crate::Case;

pub const ALL: &[Case] = &[
    Case {
        name: "valid_insert_gets_derived_metrics_and_score",
        run: ingest::valid_insert_gets_derived_metrics_and_score,
    },
    Case {
        name: "impossible_example_is_quarantined_with_its_reason",
        run: ingest::impossible_example_is_quarantined_with_its_reason,
    },
    Case {
        name: "mixed_copy_batch_accounts_for_every_row",
        run: ingest::mixed_copy_batch_accounts_for_every_row,
    },
    Case {
        name: "error_mode_raises_check_violation",
        run: ingest::error_mode_raises_check_violation,
    },
    Case {
        name: "strict_mode_quarantines_warnings",
        run: ingest::strict_mode_quarantines_warnings,
    },
    Case {
        name: "update_is_validated_again",
        run: ingest::update_is_validated_again,
    },
    Case {
        name: "unregistered_asset_is_stored_scored_and_listed",
        run: ingest::unregistered_asset_is_stored_scored_and_listed,
    },
    Case {
        name: "registered_nameplate_is_used",
        run: ingest::registered_nameplate_is_used,
    },
    Case {
        name: "loading_after_the_wal_passes_4_gib",
        run: ingest::loading_after_the_wal_passes_4_gib,
    },
    Case {
        name: "non_finite_values_are_quarantined_as_sent",
        run: bad_input::non_finite_values_are_quarantined_as_sent,
    },
    Case {
        name: "nulls_are_partial_readings_or_missing_identity",
        run: bad_input::nulls_are_partial_readings_or_missing_identity,
    },
    Case {
        name: "absurd_sentinel_and_unit_mistakes_are_named",
        run: bad_input::absurd_sentinel_and_unit_mistakes_are_named,
    },
    Case {
        name: "time_a_hypertable_cannot_route",
        run: bad_input::time_a_hypertable_cannot_route,
    },
    Case {
        name: "every_scenario_inserts_cleanly_and_moves_its_indicator",
        run: scenarios::every_scenario_inserts_cleanly_and_moves_its_indicator,
    },
    Case {
        name: "demo_trajectory_falls_from_above_90_to_below_60",
        run: scenarios::demo_trajectory_falls_from_above_90_to_below_60,
    },
    Case {
        name: "aggregates_refresh_and_agree_with_raw_data",
        run: aggregates::aggregates_refresh_and_agree_with_raw_data,
    },
    Case {
        name: "health_from_hourly_matches_health_from_raw",
        run: aggregates::health_from_hourly_matches_health_from_raw,
    },
    Case {
        name: "views_show_latest_reading_and_health",
        run: aggregates::views_show_latest_reading_and_health,
    },
    Case {
        name: "ingest_role_inserts_only",
        run: roles::ingest_role_inserts_only,
    },
    Case {
        name: "dashboard_role_reads_only",
        run: roles::dashboard_role_reads_only,
    },
    Case {
        name: "schema_applies_again_without_change",
        run: schema::schema_applies_again_without_change,
    },
    Case {
        name: "storage_path_objects_exist",
        run: schema::storage_path_objects_exist,
    },
    Case {
        name: "drop_extension_never_drops_data",
        run: schema::drop_extension_never_drops_data,
    },
    Case {
        name: "version_info_reports_extension_and_library",
        run: schema::version_info_reports_extension_and_library,
    },
    Case {
        name: "readme_sql_examples_run",
        run: readme::readme_sql_examples_run,
    },
];
