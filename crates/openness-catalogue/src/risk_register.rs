//! The risk and opportunity register format (`data/register/*.yaml`) and its loader.

use std::collections::HashSet;
use std::sync::Arc;

use openness_core::register::{Area, Condition, Horizon, ItemKind, RegisterItem};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Severity, SourceFile};
use crate::yaml::{parse_all, place_of};

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct ItemEntry {
    id: Spanned<String>,
    kind: ItemKind,
    area: Area,
    horizons: Vec<Horizon>,
    title: String,
    paraphrase: String,
    #[serde(default)]
    citations: Vec<String>,
    verified: bool,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    when_all: Vec<Spanned<String>>,
    #[serde(default)]
    when_any: Vec<Spanned<String>>,
    #[serde(default)]
    mitigations: Vec<String>,
}

/// A register file as written.
#[derive(Debug, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RegisterFile {
    #[serde(default)]
    items: Vec<ItemEntry>,
}

/// Reads register files into items, or every diagnostic that prevents it.
pub fn load_register(sources: &[Arc<SourceFile>]) -> Result<Vec<RegisterItem>, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let files = parse_all::<RegisterFile>(sources, &mut diagnostics);
    check_register(files, diagnostics)
}

/// Checks parsed register files (`diagnostics`: those met while parsing them).
pub(crate) fn check_register(
    files: Vec<(&Arc<SourceFile>, RegisterFile)>,
    mut diagnostics: Vec<Diagnostic>,
) -> Result<Vec<RegisterItem>, Vec<Diagnostic>> {
    let mut items = Vec::new();
    let mut ids = HashSet::new();
    for (source, file) in files {
        for e in file.items {
            if !ids.insert(e.id.value.clone()) {
                diagnostics.push(
                    Diagnostic::new(
                        "E501",
                        Severity::Error,
                        format!("register id `{}` is used twice", e.id.value),
                        source,
                        place_of(source, &e.id.referenced),
                    )
                    .with_help("give each item its own id"),
                );
            }
            let mut conditions = |list: &[Spanned<String>]| -> Vec<Condition> {
                list.iter()
                    .filter_map(|c| match c.value.parse::<Condition>() {
                        Ok(c) => Some(c),
                        Err(m) => {
                            diagnostics.push(
                                Diagnostic::new("E502", Severity::Error, m, source, place_of(source, &c.referenced))
                                    .with_help("write conditions as `component.id>=LEVEL` or `component.id<=LEVEL`"),
                            );
                            None
                        }
                    })
                    .collect()
            };
            let when_all = conditions(&e.when_all);
            let when_any = conditions(&e.when_any);
            items.push(RegisterItem {
                id: e.id.value,
                kind: e.kind,
                area: e.area,
                horizons: e.horizons,
                title: e.title,
                paraphrase: e.paraphrase,
                citations: e.citations,
                verified: e.verified,
                source: e.source,
                when_all,
                when_any,
                mitigations: e.mitigations,
            });
        }
    }
    if diagnostics.is_empty() { Ok(items) } else { Err(diagnostics) }
}
