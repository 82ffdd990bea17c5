//! The facts every format carries: one release's identity and, per component, the facts the
//! level was computed from, the level itself and where the facts came from. Built from a graded
//! catalogue record, and turned back into a record file by the importers.

use openness_catalogue::catalogue::Assessment;
use openness_catalogue::record::{ComponentEntry, Links, PartEntry, RecordFile};
use openness_catalogue::{OrderedMap, unspanned};
use openness_core::{Availability, Component, Level, LicenceFact};
use serde_json::{Map, Value};

/// One part of a component with its own terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// What the part is (a dataset's name, a repository).
    pub name: String,
    /// How it is available.
    pub availability: Availability,
    /// Its licence: an expression, `NONE`, or `None` when not stated.
    pub license: Option<String>,
}

/// The facts of one component.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentFacts {
    /// Which component.
    pub component: Component,
    /// How it is available.
    pub availability: Availability,
    /// Its licence: an expression over the licence base, `NONE`, or `None` when not stated.
    pub license: Option<String>,
    /// The licence string as the source wrote it.
    pub license_as_recorded: Option<String>,
    /// Parts with their own terms.
    pub parts: Vec<Part>,
    /// The level shown for the component (the catalogue's answer).
    pub level: Level,
    /// The level a source asserted, when one did.
    pub recorded: Option<Level>,
    /// URLs (or `file:line` places, for a draft) supporting the facts.
    pub evidence: Vec<String>,
    /// When the source stated the facts (`YYYY-MM-DD` or `YYYY-MM`).
    pub as_of: Option<String>,
    /// Who stated the facts, in words.
    pub source: Option<String>,
    /// A remark for readers.
    pub note: Option<String>,
}

impl ComponentFacts {
    /// Whether anything is known about the component.
    pub fn is_known(&self) -> bool {
        self.availability != Availability::Unknown || self.license.is_some() || !self.parts.is_empty()
    }
}

/// The facts of one release.
#[derive(Debug, Clone, PartialEq)]
pub struct ReleaseFacts {
    /// The catalogue id.
    pub id: String,
    /// The name as its source spells it.
    pub name: String,
    /// Who released it.
    pub organisation: Option<String>,
    /// Release month, `YYYY-MM`.
    pub release: String,
    /// Links, keyed by the record format's link names (`paper`, `repository`, `weights`, ...).
    pub links: Vec<(String, String)>,
    /// Total parameters, as published.
    pub parameters: Option<u64>,
    /// Training tokens, as published.
    pub training_tokens: Option<u64>,
    /// The twelve components, in [`Component::ALL`] order.
    pub components: Vec<ComponentFacts>,
}

impl ReleaseFacts {
    /// The facts of a graded record.
    pub fn from_assessment(assessment: &Assessment<'_>) -> ReleaseFacts {
        let record = assessment.record;
        let components = record
            .components
            .iter()
            .zip(&assessment.components)
            .map(|(c, graded)| ComponentFacts {
                component: c.component,
                availability: c.facts.availability,
                license: licence_field(&c.facts.licence),
                license_as_recorded: c.license_as_recorded.clone(),
                parts: c
                    .facts
                    .parts
                    .iter()
                    .map(|p| Part {
                        name: p.name.clone(),
                        availability: p.availability,
                        license: licence_field(&p.licence),
                    })
                    .collect(),
                level: graded.level,
                recorded: c.recorded,
                evidence: c.evidence.clone(),
                as_of: c.as_of.clone(),
                source: record.recorded_by.clone(),
                note: c.note.clone(),
            })
            .collect();
        ReleaseFacts {
            id: record.id.clone(),
            name: record.name.clone(),
            organisation: record.organisation.clone(),
            release: record.release.to_string(),
            links: links_of(&record.links),
            parameters: record.scale.parameters,
            training_tokens: record.scale.training_tokens,
            components,
        }
    }

    /// The facts of one component.
    pub fn component(&self, c: Component) -> &ComponentFacts {
        &self.components[c as usize]
    }

    /// The latest date any fact was stated, else the first day of the release month.
    pub fn date(&self) -> String {
        let latest = self.components.iter().filter_map(|c| c.as_of.as_deref()).max();
        let day = latest.unwrap_or(&self.release);
        if day.len() == 7 { format!("{day}-01") } else { day.to_owned() }
    }

    /// The record file these facts make, for importers. Levels are not written: the catalogue
    /// computes them again; a `recorded` level is kept.
    pub fn to_record_file(&self, recorded_by: Option<String>) -> RecordFile {
        let components = self
            .components
            .iter()
            .map(|c| {
                let entry = ComponentEntry {
                    availability: unspanned(c.availability.keyword().to_owned()),
                    license: c.license.clone().map(unspanned),
                    license_as_recorded: c.license_as_recorded.clone(),
                    recorded: c.recorded.map(|l| unspanned(l.to_string())),
                    evidence: c.evidence.clone(),
                    as_of: c.as_of.clone(),
                    note: c.note.clone(),
                    parts: c
                        .parts
                        .iter()
                        .map(|p| PartEntry {
                            name: p.name.clone(),
                            availability: unspanned(p.availability.keyword().to_owned()),
                            license: p.license.clone().map(unspanned),
                        })
                        .collect(),
                };
                (unspanned(c.component.id().to_owned()), entry)
            })
            .collect();
        let links: Map<String, Value> = self.links.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
        RecordFile {
            id: unspanned(self.id.clone()),
            name: self.name.clone(),
            organisation: self.organisation.clone(),
            release: unspanned(self.release.clone()),
            links: serde_json::from_value(Value::Object(links)).unwrap_or_default(),
            recorded_by,
            note: None,
            parameters: self.parameters,
            active_parameters: None,
            training_tokens: self.training_tokens,
            training_flops: None,
            components: unspanned(OrderedMap(components)),
        }
    }
}

/// A licence fact as the record format writes it.
pub fn licence_field(fact: &LicenceFact) -> Option<String> {
    match fact {
        LicenceFact::NotStated => None,
        LicenceFact::NoLicence => Some("NONE".to_owned()),
        LicenceFact::Expression(e) => Some(e.clone()),
    }
}

/// The links of a record as (name, URL) pairs, in the record format's order.
fn links_of(links: &Links) -> Vec<(String, String)> {
    let Ok(Value::Object(map)) = serde_json::to_value(links) else { return Vec::new() };
    map.into_iter().filter_map(|(k, v)| v.as_str().map(|u| (k, u.to_owned()))).collect()
}
