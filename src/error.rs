//! Why a run could not be done.

use crate::{config, discover, history};

/// Why a run could not be done: exit 2.
#[derive(Debug)]
pub enum Error {
    /// A message for the user: bad flag value, bad configuration, missing path.
    Usage(String),
    /// Reading or writing failed.
    Io(std::io::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Usage(message) => f.write_str(message),
            Error::Io(error) => write!(f, "{error}"),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(error: std::io::Error) -> Self {
        Error::Io(error)
    }
}

impl From<config::ConfigError> for Error {
    fn from(error: config::ConfigError) -> Self {
        Error::Usage(error.to_string())
    }
}

impl From<history::HistoryError> for Error {
    fn from(error: history::HistoryError) -> Self {
        Error::Usage(error.to_string())
    }
}

impl From<discover::DiscoverError> for Error {
    fn from(error: discover::DiscoverError) -> Self {
        Error::Usage(error.to_string())
    }
}
