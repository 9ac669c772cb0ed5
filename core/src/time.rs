//! Timestamps at the edges: RFC 3339 in UTC out, a strict ISO 8601 subset in.
//!
//! Accepted input: `YYYY-MM-DD`, then `T` or a space, `HH:MM`, optional `:SS` with an
//! optional fraction (up to microseconds), then `Z`, `±HH`, `±HHMM` or `±HH:MM`. A time
//! without an offset is UTC. Nothing else is guessed: `31/12/2026` is an error, not a date.

use std::fmt;

use crate::reading::{UnixMicros, MICROS_PER_DAY, MICROS_PER_SECOND};

/// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01 (`civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Formats as RFC 3339 in UTC: `2026-01-05T00:00:00Z`, with microseconds when not zero.
pub fn format_rfc3339(micros: UnixMicros) -> String {
    let seconds = micros.div_euclid(MICROS_PER_SECOND);
    let fraction = micros.rem_euclid(MICROS_PER_SECOND);
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let in_day = seconds.rem_euclid(86_400);
    let (hour, minute, second) = (in_day / 3600, (in_day % 3600) / 60, in_day % 60);
    if fraction == 0 {
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
    } else {
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{fraction:06}Z")
    }
}

/// Why a timestamp did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeError {
    /// The text given.
    pub text: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "'{}' is not a timestamp ({}); expected e.g. 2026-01-05T08:30:00Z",
            self.text, self.reason
        )
    }
}

impl std::error::Error for TimeError {}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, count: usize) -> Option<i64> {
        let slice = self.bytes.get(self.at..self.at + count)?;
        if !slice.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.at += count;
        Some(slice.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }
}

/// Parses an ISO 8601 / RFC 3339 timestamp (see the module documentation).
pub fn parse_timestamp(text: &str) -> Result<UnixMicros, TimeError> {
    let error = |reason| TimeError {
        text: text.to_string(),
        reason,
    };
    let mut c = Cursor {
        bytes: text.trim().as_bytes(),
        at: 0,
    };
    let year = c.digits(4).ok_or_else(|| error("no four-digit year"))?;
    let month = c
        .eat(b'-')
        .then(|| c.digits(2))
        .flatten()
        .ok_or_else(|| error("no month"))?;
    let day = c
        .eat(b'-')
        .then(|| c.digits(2))
        .flatten()
        .ok_or_else(|| error("no day"))?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(error("no such date"));
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return Err(error("no time of day"));
    }
    let hour = c.digits(2).ok_or_else(|| error("no hour"))?;
    let minute = c
        .eat(b':')
        .then(|| c.digits(2))
        .flatten()
        .ok_or_else(|| error("no minute"))?;
    let mut second = 0;
    let mut fraction = 0;
    if c.eat(b':') {
        second = c.digits(2).ok_or_else(|| error("no second"))?;
        if c.eat(b'.') || c.eat(b',') {
            let mut places = 0;
            while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
                c.at += 1;
                if places < 6 {
                    fraction = fraction * 10 + i64::from(d - b'0');
                    places += 1;
                }
            }
            if places == 0 {
                return Err(error("no digits after the decimal point"));
            }
            fraction *= 10_i64.pow(6 - places);
        }
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(error("no such time of day"));
    }
    let offset_seconds = match c.peek() {
        None => 0,
        Some(b'Z' | b'z') => {
            c.at += 1;
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            c.at += 1;
            let hours = c.digits(2).ok_or_else(|| error("bad UTC offset"))?;
            c.eat(b':');
            let minutes = c.digits(2).unwrap_or(0);
            if hours > 18 || minutes > 59 {
                return Err(error("bad UTC offset"));
            }
            let magnitude = hours * 3600 + minutes * 60;
            if sign == b'+' {
                magnitude
            } else {
                -magnitude
            }
        }
        Some(_) => return Err(error("unexpected text after the time")),
    };
    if c.at != c.bytes.len() {
        return Err(error("unexpected text after the time"));
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        - offset_seconds;
    Ok(seconds * MICROS_PER_SECOND + fraction)
}

/// The UTC day (days since 1970-01-01) of a time.
pub fn utc_day(micros: UnixMicros) -> i64 {
    micros.div_euclid(MICROS_PER_DAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            format_rfc3339(1_767_571_200 * MICROS_PER_SECOND),
            "2026-01-05T00:00:00Z"
        );
        assert_eq!(
            format_rfc3339(951_782_400 * MICROS_PER_SECOND + 5),
            "2000-02-29T00:00:00.000005Z"
        );
        assert_eq!(format_rfc3339(-1), "1969-12-31T23:59:59.999999Z");
    }

    #[test]
    fn parses_what_it_formats_and_common_forms() {
        for micros in [
            0,
            1_767_571_200_123_456,
            -86_400_000_001,
            4_102_444_800_000_000,
        ] {
            assert_eq!(parse_timestamp(&format_rfc3339(micros)), Ok(micros));
        }
        let expected = 1_767_601_800 * MICROS_PER_SECOND; // 2026-01-05T08:30:00Z
        for text in [
            "2026-01-05T08:30:00Z",
            "2026-01-05 08:30:00",
            "2026-01-05T08:30",
            "2026-01-05T10:30:00+02:00",
            "2026-01-05T03:30:00-0500",
            "2026-01-05t08:30:00z",
            " 2026-01-05 09:30:00+01 ",
        ] {
            assert_eq!(parse_timestamp(text), Ok(expected), "{text}");
        }
        assert_eq!(
            parse_timestamp("2026-01-05T08:30:00.5Z"),
            Ok(expected + 500_000)
        );
        assert_eq!(
            parse_timestamp("2026-01-05T08:30:00.1234567Z"),
            Ok(expected + 123_456)
        );
    }

    #[test]
    fn refuses_anything_else() {
        for text in [
            "",
            "31/12/2026",
            "2026-13-01T00:00Z",
            "2026-02-30T00:00Z",
            "2025-02-29T00:00Z",
            "2026-01-05",
            "2026-01-05T24:00Z",
            "2026-01-05T08:30:00.Z",
            "2026-01-05T08:30:00Q",
            "2026-01-05T08:30:00+25:00",
            "n/a",
            "1767571200",
        ] {
            assert!(parse_timestamp(text).is_err(), "{text} parsed");
        }
        assert!(parse_timestamp("2024-02-29T00:00Z").is_ok());
        assert_eq!(
            parse_timestamp("31/12/2026").unwrap_err().to_string(),
            "'31/12/2026' is not a timestamp (no four-digit year); expected e.g. 2026-01-05T08:30:00Z"
        );
    }
}
