//! What the cases share: a per-case database, and helpers to load and read readings.

use std::io::Write;

use mep_core::reading::{Measurements, UnixMicros};
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
        line.push_str(&rfc3339(t));
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

/// Unix microseconds as an RFC 3339 UTC timestamp.
pub fn rfc3339(micros: UnixMicros) -> String {
    let seconds = micros.div_euclid(1_000_000);
    let sub = micros.rem_euclid(1_000_000);
    let days = seconds.div_euclid(86_400);
    let rem = seconds.rem_euclid(86_400);
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{sub:06}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
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
