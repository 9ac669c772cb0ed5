//! `mep`: the PostgreSQL extension. A thin layer over `mep-core`: SQL functions, the
//! validating insert trigger and the settings. The schema users apply lives in `sql/`.

// pgrx reads a set-returning function's column names from `name!()` in its signature,
// which cannot go in a type alias.
#![allow(clippy::type_complexity)]

use pgrx::prelude::*;

mod assets;
mod convert;
mod errors;
mod health_sql;
mod physics_sql;
mod privileges;
mod quarantine;
mod scenario_sql;
mod settings;
mod trigger;
mod validate_sql;
mod version;

::pgrx::pg_module_magic!(name, version);

#[pg_guard]
pub extern "C-unwind" fn _PG_init() {
    settings::register();
}

extension_sql_file!("comments.sql", name = "comments", finalize);

#[cfg(any(test, feature = "pg_test"))]
mod pg_tests;

/// Required by `cargo pgrx test`.
#[cfg(test)]
pub mod pg_test {
    pub fn setup(_options: Vec<&str>) {}

    #[must_use]
    pub fn postgresql_conf_options() -> Vec<&'static str> {
        vec![]
    }
}
