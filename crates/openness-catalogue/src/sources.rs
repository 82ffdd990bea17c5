//! Sources of facts (`data/sources.yaml`): who observed a fact — a maintainer's review, the
//! developer's own publication, the paper's table, another tracker, an `assess` draft — each
//! declared once with its kind, title, address, commit and date. The kind orders the sources:
//! [`SourceKind`] is the precedence that chooses the value shown.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Severity, SourceFile};
use crate::record::FactDate;
use crate::yaml::{parse_all, place_of};

/// What kind of source observed a fact, in order of precedence: a maintainer's review beats
/// the developer's own publication, which beats the paper's table, which beats another
/// tracker, which beats an `assess` draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// A reviewer of this catalogue who checked the fact against the developer's publication.
    Maintainer,
    /// The developer's own publication: model card, licence file, paper, announcement.
    Developer,
    /// The paper's table (Eiras et al. 2024).
    Paper,
    /// Another openness tracker at a commit and date.
    Tracker,
    /// A draft by `openness assess` of a repository at a commit.
    Assess,
}

impl SourceKind {
    /// The keyword written in `sources.yaml`.
    pub fn keyword(self) -> &'static str {
        match self {
            SourceKind::Maintainer => "maintainer",
            SourceKind::Developer => "developer",
            SourceKind::Paper => "paper",
            SourceKind::Tracker => "tracker",
            SourceKind::Assess => "assess",
        }
    }
}

/// One source as written in `sources.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct SourceEntry {
    id: Spanned<String>,
    kind: SourceKind,
    title: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    commit: Option<String>,
    #[serde(default)]
    date: Option<Spanned<String>>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    sources: Vec<SourceEntry>,
}

/// A declared source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Stable id, as observations name it.
    pub id: String,
    /// Its kind, which sets its precedence.
    pub kind: SourceKind,
    /// What it is.
    pub title: String,
    /// Where it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The commit read, for repositories.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The date of the version read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<FactDate>,
    /// A remark (what an import of it loses, for trackers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Every declared source, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources(BTreeMap<String, Source>);

impl Sources {
    /// The source with this id.
    pub fn get(&self, id: &str) -> Option<&Source> {
        self.0.get(id)
    }

    /// Every source, by id.
    pub fn iter(&self) -> impl Iterator<Item = &Source> {
        self.0.values()
    }

    /// The declared ids nearest to `id`, for "did you mean" hints.
    pub fn nearest(&self, id: &str) -> Option<&str> {
        self.0
            .keys()
            .max_by(|a, b| strsim::jaro_winkler(id, a).total_cmp(&strsim::jaro_winkler(id, b)))
            .map(String::as_str)
    }

    /// Adds the sources of `other`, which win over ours on the same id.
    pub fn extend(&mut self, other: Sources) {
        self.0.extend(other.0);
    }
}

/// Reads source files; fails with every diagnostic when any is an error.
pub fn load_sources(files: &[Arc<SourceFile>]) -> Result<Sources, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut sources = BTreeMap::new();
    for (file, parsed) in parse_all::<SourcesFile>(files, &mut diagnostics) {
        for entry in parsed.sources {
            let place = place_of(file, &entry.id.referenced);
            if !crate::record::is_valid_id(&entry.id.value) {
                diagnostics.push(
                    Diagnostic::new(
                        "E401",
                        Severity::Error,
                        format!("`{}` is not a valid source id", entry.id.value),
                        file,
                        place,
                    )
                    .with_help("use lowercase letters, digits, `.`, `+` and `-`, starting with a letter or digit"),
                );
                continue;
            }
            let date = match &entry.date {
                None => None,
                Some(d) => match FactDate::parse(&d.value) {
                    Ok(date) => Some(date),
                    Err(e) => {
                        diagnostics.push(
                            Diagnostic::new("E105", Severity::Error, e, file, place_of(file, &d.referenced))
                                .with_help(crate::record::DATE_HELP),
                        );
                        continue;
                    }
                },
            };
            if sources.contains_key(&entry.id.value) {
                diagnostics.push(
                    Diagnostic::new(
                        "E402",
                        Severity::Error,
                        format!("the source `{}` is declared twice", entry.id.value),
                        file,
                        place,
                    )
                    .with_help("declare each source once; merge the two entries"),
                );
                continue;
            }
            sources.insert(
                entry.id.value.clone(),
                Source {
                    id: entry.id.value,
                    kind: entry.kind,
                    title: entry.title,
                    url: entry.url,
                    commit: entry.commit,
                    date,
                    note: entry.note,
                },
            );
        }
    }
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(diagnostics);
    }
    Ok(Sources(sources))
}
