//! The dated documents a reading rests on: a lens's law or definition, a licence profile's text.

use serde::Serialize;

/// A document a lens or a licence profile was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The document's title, as its publisher gives it.
    pub title: String,
    /// Its date (`YYYY-MM-DD`, or `YYYY-MM` when only the month is known).
    pub date: String,
    /// Where it is published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}
