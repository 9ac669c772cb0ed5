//! Conversions between SQL values and the core's types.

use mep_core::reading::UnixMicros;
use mep_core::{Field, Measurements};
use pgrx::prelude::*;

/// Microseconds between the Unix epoch and PostgreSQL's (2000-01-01).
const POSTGRES_EPOCH_OFFSET_MICROS: i64 = 946_684_800_000_000;

pub fn to_unix_micros(time: TimestampWithTimeZone) -> UnixMicros {
    i64::from(time) + POSTGRES_EPOCH_OFFSET_MICROS
}

pub fn from_unix_micros(micros: UnixMicros) -> TimestampWithTimeZone {
    TimestampWithTimeZone::try_from(micros - POSTGRES_EPOCH_OFFSET_MICROS)
        .unwrap_or_else(|_| error!("timestamp out of range"))
}

/// An interval in microseconds, a month counting 30 days as PostgreSQL's
/// `extract(epoch from ...)` does.
pub fn interval_micros(interval: Interval) -> i64 {
    i64::try_from(interval.as_micros()).unwrap_or(i64::MAX)
}

/// The 13 measured values in `Field::ALL` order, as SQL gives them.
pub fn measurements(values: [Option<f64>; 13]) -> Measurements {
    let mut m = Measurements::default();
    for (field, value) in Field::ALL.into_iter().zip(values) {
        m.set(field, value);
    }
    m
}

/// One measured value, for SQL output in `Field::ALL` order.
pub fn values_of(m: &Measurements) -> [Option<f64>; 13] {
    Field::ALL.map(|field| m.get(field))
}
