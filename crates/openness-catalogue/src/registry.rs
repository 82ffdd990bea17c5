//! Registries of well-known datasets and software (`data/datasets/*.yaml`,
//! `data/software/*.yaml`): names as cards write them, the pipeline stage they feed, whether
//! they can be obtained and under which licence.

use std::collections::HashMap;
use std::sync::Arc;

use openness_core::licence::normalise;
use openness_core::{Availability, LicenceBase, LicenceFact};
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Severity, SourceFile};
use crate::yaml::{parse_all, place_of};

/// Where in the pipeline a dataset or program is usually used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Use {
    /// Pre-training.
    Pretraining,
    /// Supervised fine-tuning.
    Sft,
    /// Fine-tuning (software).
    Finetuning,
    /// Alignment (preference data, reward models, RLHF code).
    Alignment,
    /// Utility evaluation.
    Evaluation,
    /// Safety evaluation.
    SafetyEvaluation,
    /// Inference.
    Inference,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatasetEntry {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    stage: Use,
    #[serde(default)]
    source: bool,
    availability: Spanned<String>,
    #[serde(default)]
    license: Option<Spanned<String>>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct DatasetFile {
    #[serde(default)]
    datasets: Vec<DatasetEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SoftwareEntry {
    id: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    stages: Vec<Use>,
    license: Spanned<String>,
    url: String,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SoftwareFile {
    #[serde(default)]
    software: Vec<SoftwareEntry>,
}

/// A well-known dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dataset {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Names cards use for it.
    pub aliases: Vec<String>,
    /// The stage it usually feeds.
    pub stage: Use,
    /// A raw source (a crawl, an encyclopaedia), not a released training corpus.
    pub source: bool,
    /// Whether it can be obtained.
    pub availability: Availability,
    /// Its licence.
    pub licence: LicenceFact,
    /// Where it is published.
    pub url: Option<String>,
    /// A remark.
    pub note: Option<String>,
}

/// A well-known program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Software {
    /// Stable id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Names cards use for it.
    pub aliases: Vec<String>,
    /// The stages it serves.
    pub stages: Vec<Use>,
    /// Its licence expression.
    pub licence: String,
    /// Its repository.
    pub url: String,
    /// A remark.
    pub note: Option<String>,
}

/// Datasets and software, indexed by every name they go by.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// Datasets, in file order.
    pub datasets: Vec<Dataset>,
    /// Programs, in file order.
    pub software: Vec<Software>,
    dataset_keys: HashMap<String, usize>,
    software_keys: HashMap<String, usize>,
}

impl Registry {
    /// The dataset a name (id, alias, Hugging Face id) denotes.
    pub fn dataset(&self, name: &str) -> Option<&Dataset> {
        let key = normalise(name);
        self.dataset_keys.get(&key).map(|&i| &self.datasets[i]).or_else(|| {
            // `org/name` ids: try the part after the organisation.
            let (_, tail) = name.rsplit_once('/')?;
            self.dataset_keys.get(&normalise(tail)).map(|&i| &self.datasets[i])
        })
    }

    /// The program a name denotes.
    pub fn software(&self, name: &str) -> Option<&Software> {
        self.software_keys.get(&normalise(name)).map(|&i| &self.software[i])
    }

    /// Every name of every program, with the program (for searching prose).
    pub fn software_names(&self) -> impl Iterator<Item = (&str, &Software)> {
        self.software.iter().flat_map(|s| {
            std::iter::once(s.id.as_str()).chain(s.aliases.iter().map(String::as_str)).map(move |n| (n, s))
        })
    }

    /// Every name of every dataset, with the dataset.
    pub fn dataset_names(&self) -> impl Iterator<Item = (&str, &Dataset)> {
        self.datasets.iter().flat_map(|d| {
            std::iter::once(d.name.as_str()).chain(d.aliases.iter().map(String::as_str)).map(move |n| (n, d))
        })
    }
}

fn check_licence(
    value: &Spanned<String>,
    base: &LicenceBase,
    source: &Arc<SourceFile>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let LicenceFact::Expression(e) = LicenceFact::from_field(Some(&value.value))
        && let Err(err) = base.score(&e, openness_core::Rubric::default())
    {
        diagnostics.push(
            Diagnostic::new("E401", Severity::Error, err.to_string(), source, place_of(source, &value.referenced))
                .with_help(
                    "write an expression over the licence base, or leave `license` out when no single licence is known",
                ),
        );
    }
}

/// Reads the registries, checking every licence against `base`.
pub fn load_registry(
    datasets: &[Arc<SourceFile>],
    software: &[Arc<SourceFile>],
    base: &LicenceBase,
) -> Result<Registry, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut registry = Registry::default();
    for (source, file) in parse_all::<DatasetFile>(datasets, &mut diagnostics) {
        for e in file.datasets {
            let availability = match e.availability.value.parse::<Availability>() {
                Ok(a) => a,
                Err(m) => {
                    diagnostics.push(
                        Diagnostic::new(
                            "E402",
                            Severity::Error,
                            m,
                            source,
                            place_of(source, &e.availability.referenced),
                        )
                        .with_help("availability is one of open, gated, closed, unknown"),
                    );
                    continue;
                }
            };
            if let Some(l) = &e.license {
                check_licence(l, base, source, &mut diagnostics);
            }
            let index = registry.datasets.len();
            for name in std::iter::once(&e.id.value).chain(std::iter::once(&e.name)).chain(&e.aliases) {
                if let Some(&other) = registry.dataset_keys.get(&normalise(name))
                    && other != index
                {
                    diagnostics.push(
                        Diagnostic::new(
                            "E403",
                            Severity::Error,
                            format!("`{name}` already names dataset `{}`", registry.datasets[other].id),
                            source,
                            place_of(source, &e.id.referenced),
                        )
                        .with_help("a name may denote one dataset only"),
                    );
                }
                registry.dataset_keys.insert(normalise(name), index);
            }
            registry.datasets.push(Dataset {
                id: e.id.value,
                name: e.name,
                aliases: e.aliases,
                stage: e.stage,
                source: e.source,
                availability,
                licence: LicenceFact::from_field(e.license.as_ref().map(|l| l.value.as_str())),
                url: e.url,
                note: e.note,
            });
        }
    }
    for (source, file) in parse_all::<SoftwareFile>(software, &mut diagnostics) {
        for e in file.software {
            check_licence(&e.license, base, source, &mut diagnostics);
            let index = registry.software.len();
            for name in std::iter::once(&e.id).chain(&e.aliases) {
                registry.software_keys.insert(normalise(name), index);
            }
            registry.software.push(Software {
                id: e.id,
                name: e.name,
                aliases: e.aliases,
                stages: e.stages,
                licence: e.license.value,
                url: e.url,
                note: e.note,
            });
        }
    }
    if diagnostics.is_empty() { Ok(registry) } else { Err(diagnostics) }
}
