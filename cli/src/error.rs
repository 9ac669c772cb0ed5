//! One error type for the CLI: a single clear line, never a panic or a backtrace.

use std::fmt;

/// An error to print as one line before exiting non-zero.
#[derive(Debug)]
pub struct CliError(pub String);

pub type Result<T> = std::result::Result<T, CliError>;

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for CliError {
    fn from(message: String) -> Self {
        CliError(message)
    }
}

impl From<&str> for CliError {
    fn from(message: &str) -> Self {
        CliError(message.to_string())
    }
}

/// A PostgreSQL error as one line: the server's message, detail and hint, or the
/// client-side cause (connection refused, timeout ...).
pub fn describe(error: &postgres::Error) -> String {
    if let Some(db) = error.as_db_error() {
        let mut text = db.message().to_string();
        if let Some(detail) = db.detail() {
            text.push_str(&format!(" ({detail})"));
        }
        if let Some(hint) = db.hint() {
            text.push_str(&format!("; hint: {hint}"));
        }
        return text;
    }
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(&format!(": {cause_text}"));
        }
        source = cause.source();
    }
    text
}

/// Adds what was being done to a database error.
pub trait Context<T> {
    fn context(self, doing: &str) -> Result<T>;
}

impl<T> Context<T> for std::result::Result<T, postgres::Error> {
    fn context(self, doing: &str) -> Result<T> {
        self.map_err(|e| CliError(format!("{doing}: {}", describe(&e))))
    }
}

impl<T> Context<T> for std::result::Result<T, std::io::Error> {
    fn context(self, doing: &str) -> Result<T> {
        self.map_err(|e| CliError(format!("{doing}: {e}")))
    }
}
