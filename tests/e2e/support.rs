//! What the cases share: a per-case database, and helpers to load and read readings.

use std::io::Write;

use mep_core::reading::{Measurements, UnixMicros};
use mep_core::time::format_rfc3339;
use mep_core::Field;
use mep_tests::postgres::types::ToSql;
use mep_tests::postgres::Client;
use mep_tests::{Cluster, StoragePath};

/// A fresh database with the schema applied, dropped after the case.
pub struct Db<'a> {
    pub cluster: &'a Cluster,
    pub name: String,
    pub path: StoragePath,
}

impl<'a> Db<'a> {
    pub fn create(cluster: &'a Cluster, path: StoragePath, template: &str) -> Db<'a> {
        let name = cluster.create_database("case", Some(template));
        Db {
            cluster,
            name,
            path,
        }
    }

    /// A superuser connection.
    pub fn connect(&self) -> Client {
        self.cluster.connect(&self.name)
    }

    /// A connection as another role.
    pub fn connect_as(&self, user: &str) -> Client {
        self.cluster.connect_as(user, &self.name)
    }

    pub fn is_timescaledb(&self) -> bool {
        self.path == StoragePath::TimescaleDb
    }
}

impl Drop for Db<'_> {
    fn drop(&mut self) {
        self.cluster.drop_database(&self.name);
    }
}

/// The raw columns of `mep.sensor_data`, in order.
pub const RAW_COLUMNS: &str = "time, asset_id, chw_supply_temp, chw_return_temp, cdw_inlet_temp, \
     cdw_outlet_temp, chw_flow, cdw_flow, power_kw, vibration_rms, current_a, current_b, current_c, \
     cond_sat_temp, evap_sat_temp";

/// A reading as one CSV line; `None` time or asset id become empty (NULL) fields.
pub fn csv_line(time: Option<UnixMicros>, asset_id: Option<&str>, values: &Measurements) -> String {
    let mut line = String::new();
    if let Some(t) = time {
        line.push_str(&format_rfc3339(t));
    }
    line.push(',');
    if let Some(id) = asset_id {
        line.push_str(id);
    }
    for field in Field::ALL {
        line.push(',');
        if let Some(v) = values.get(field) {
            line.push_str(&float_text(v));
        }
    }
    line.push('\n');
    line
}

/// PostgreSQL's float8 input syntax, including NaN and ±Infinity.
pub fn float_text(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_string()
    } else if v == f64::INFINITY {
        "Infinity".to_string()
    } else if v == f64::NEG_INFINITY {
        "-Infinity".to_string()
    } else {
        format!("{v:?}")
    }
}

/// COPYs CSV lines into `mep.sensor_data`'s raw columns.
pub fn copy_readings(client: &mut Client, csv: &str) -> Result<u64, mep_tests::postgres::Error> {
    let mut writer = client.copy_in(&format!(
        "COPY mep.sensor_data ({RAW_COLUMNS}) FROM STDIN (FORMAT csv)"
    ))?;
    writer.write_all(csv.as_bytes()).expect("writing COPY data");
    writer.finish()
}

/// The single value of a query.
pub fn scalar<T: for<'r> mep_tests::postgres::types::FromSql<'r>>(
    client: &mut Client,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> T {
    client
        .query_one(sql, params)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get(0)
}

/// A count.
pub fn count(client: &mut Client, sql: &str) -> i64 {
    scalar::<i64>(client, sql, &[])
}

/// The SQLSTATE of a failed statement.
pub fn sqlstate(error: &mep_tests::postgres::Error) -> String {
    error
        .code()
        .map(|c| c.code().to_string())
        .unwrap_or_else(|| format!("(no SQLSTATE: {error})"))
}

/// Asserts `a` and `b` agree to `tolerance`.
#[track_caller]
pub fn assert_close(a: f64, b: f64, tolerance: f64, what: &str) {
    assert!(
        (a - b).abs() <= tolerance,
        "{what}: {a} vs {b} (tolerance {tolerance})"
    );
}

/// `CALL mep.refresh_aggregates()`, retried while TimescaleDB reports a concurrent
/// refresh (a refresh policy of a freshly copied database can start at the same moment).
pub fn refresh_aggregates(client: &mut Client) {
    for attempt in 1..=40 {
        match client.batch_execute("CALL mep.refresh_aggregates()") {
            Ok(()) => return,
            Err(e) if sqlstate(&e) == "55P03" && attempt < 40 => {
                std::thread::sleep(std::time::Duration::from_millis(250));
            }
            Err(e) => panic!("CALL mep.refresh_aggregates(): {}", mep_tests::describe(&e)),
        }
    }
}
