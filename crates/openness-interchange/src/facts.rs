//! The facts every format carries: one release's identity and, per component, every
//! observation of it (who stated what, as of when), which one the catalogue chose and the level
//! shown. Built from a graded catalogue record, and turned back into a record file by the
//! importers.

use openness_catalogue::catalogue::{Assessment, Catalogue};
use openness_catalogue::record::{ComponentEntry, DerivedFrom, Links, ObservationEntry, PartEntry, RecordFile};
use openness_catalogue::unspanned;
use openness_core::{Availability, Component, Level, LicenceFact};
use serde_json::{Map, Value, json};

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

/// What one source stated about a component, as of a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed {
    /// The source's id (declared in the catalogue's sources).
    pub source: String,
    /// The date the source stated it (`YYYY-MM-DD` or `YYYY-MM`).
    pub as_of: String,
    /// How the component is available.
    pub availability: Availability,
    /// Its licence: an expression over the licence base, `NONE`, or `None` when not stated.
    pub license: Option<String>,
    /// The licence string as the source wrote it.
    pub license_as_recorded: Option<String>,
    /// Parts with their own terms.
    pub parts: Vec<Part>,
    /// The level the source gave, if it grades.
    pub recorded: Option<Level>,
    /// URLs (or `file:line` places, for a draft) supporting the facts.
    pub evidence: Vec<String>,
    /// A remark.
    pub note: Option<String>,
}

impl Observed {
    /// The observation as JSON, the lossless form the BOMs carry.
    pub fn to_json(&self) -> Value {
        let parts: Vec<Value> = self
            .parts
            .iter()
            .map(|p| json!({ "name": p.name, "availability": p.availability.keyword(), "license": p.license }))
            .collect();
        json!({
            "source": self.source,
            "as_of": self.as_of,
            "availability": self.availability.keyword(),
            "license": self.license,
            "license_as_recorded": self.license_as_recorded,
            "parts": parts,
            "recorded": self.recorded.map(|l| l.to_string()),
            "evidence": self.evidence,
            "note": self.note,
        })
    }

    /// Reads [`Observed::to_json`]'s form.
    pub fn from_json(v: &Value) -> Option<Observed> {
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        let parts = v
            .get("parts")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|p| {
                Some(Part {
                    name: p.get("name")?.as_str()?.to_owned(),
                    availability: p.get("availability")?.as_str()?.parse().ok()?,
                    license: p.get("license").and_then(Value::as_str).map(str::to_owned),
                })
            })
            .collect::<Option<Vec<Part>>>()?;
        Some(Observed {
            source: s("source")?,
            as_of: s("as_of")?,
            availability: s("availability")?.parse().ok()?,
            license: s("license"),
            license_as_recorded: s("license_as_recorded"),
            parts,
            recorded: match s("recorded") {
                Some(r) => Some(r.parse().ok()?),
                None => None,
            },
            evidence: v
                .get("evidence")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|e| e.as_str().map(str::to_owned))
                .collect::<Option<Vec<String>>>()?,
            note: s("note"),
        })
    }
}

/// The facts of one component.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentFacts {
    /// Which component.
    pub component: Component,
    /// The level shown for the component (the catalogue's answer).
    pub level: Level,
    /// Every observation, in the record's order.
    pub observations: Vec<Observed>,
    /// The index of the observation whose facts are shown.
    pub chosen: Option<usize>,
    /// The component's own remark, when no observation is chosen.
    pub note: Option<String>,
}

impl ComponentFacts {
    /// A component nothing is known about.
    pub fn unknown(component: Component) -> ComponentFacts {
        ComponentFacts { component, level: Level::Unknown, observations: Vec::new(), chosen: None, note: None }
    }

    /// The observation whose facts are shown.
    pub fn shown(&self) -> Option<&Observed> {
        self.chosen.and_then(|i| self.observations.get(i))
    }

    /// The availability shown.
    pub fn availability(&self) -> Availability {
        self.shown().map_or(Availability::Unknown, |o| o.availability)
    }

    /// The licence shown.
    pub fn license(&self) -> Option<&str> {
        self.shown().and_then(|o| o.license.as_deref())
    }

    /// The evidence of the facts shown.
    pub fn evidence(&self) -> &[String] {
        self.shown().map_or(&[], |o| o.evidence.as_slice())
    }

    /// The parts shown.
    pub fn parts(&self) -> &[Part] {
        self.shown().map_or(&[], |o| o.parts.as_slice())
    }
}

/// A source the observations name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFacts {
    /// Its id.
    pub id: String,
    /// Its kind (`maintainer`, `developer`, `paper`, `tracker`, `assess`).
    pub kind: String,
    /// What it is.
    pub title: String,
    /// Where it is.
    pub url: Option<String>,
    /// The date of the version read.
    pub date: Option<String>,
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
    /// Family, version, size, variant, `derived_from` and aliases, as the record format writes
    /// them (an object; empty when none is known).
    pub identity: Map<String, Value>,
    /// Total parameters, as published.
    pub parameters: Option<u64>,
    /// Training tokens, as published.
    pub training_tokens: Option<u64>,
    /// The twelve components, in [`Component::ALL`] order.
    pub components: Vec<ComponentFacts>,
    /// The sources the observations name, by id.
    pub sources: Vec<SourceFacts>,
}

impl ReleaseFacts {
    /// The facts of a graded record of `catalogue`.
    pub fn from_assessment(catalogue: &Catalogue, assessment: &Assessment<'_>) -> ReleaseFacts {
        let record = assessment.record;
        let components: Vec<ComponentFacts> = record
            .components
            .iter()
            .zip(&assessment.components)
            .map(|(c, graded)| ComponentFacts {
                component: c.component,
                level: graded.level,
                observations: c
                    .observations
                    .iter()
                    .map(|o| Observed {
                        source: o.source.clone(),
                        as_of: o.as_of.to_string(),
                        availability: o.facts.availability,
                        license: licence_field(&o.facts.licence),
                        license_as_recorded: o.license_as_recorded.clone(),
                        parts: o
                            .facts
                            .parts
                            .iter()
                            .map(|p| Part {
                                name: p.name.clone(),
                                availability: p.availability,
                                license: licence_field(&p.licence),
                            })
                            .collect(),
                        recorded: o.recorded,
                        evidence: o.evidence.clone(),
                        note: o.note.clone(),
                    })
                    .collect(),
                chosen: c.chosen,
                note: if c.chosen.is_none() { c.note.clone() } else { None },
            })
            .collect();
        let mut ids: Vec<&str> =
            components.iter().flat_map(|c| c.observations.iter().map(|o| o.source.as_str())).collect();
        ids.sort_unstable();
        ids.dedup();
        let sources = ids
            .into_iter()
            .map(|id| match catalogue.sources.get(id) {
                Some(s) => SourceFacts {
                    id: s.id.clone(),
                    kind: s.kind.keyword().to_owned(),
                    title: s.title.clone(),
                    url: s.url.clone(),
                    date: s.date.map(|d| d.to_string()),
                },
                None => SourceFacts {
                    id: id.to_owned(),
                    kind: "tracker".into(),
                    title: id.to_owned(),
                    url: None,
                    date: None,
                },
            })
            .collect();
        let identity = match serde_json::to_value(&record.identity) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        ReleaseFacts {
            id: record.id.clone(),
            name: record.name.clone(),
            organisation: record.organisation.clone(),
            release: record.release.to_string(),
            links: links_of(&record.links),
            identity,
            parameters: record.scale.parameters,
            training_tokens: record.scale.training_tokens,
            components,
            sources,
        }
    }

    /// The facts of one component.
    pub fn component(&self, c: Component) -> &ComponentFacts {
        &self.components[c as usize]
    }

    /// The latest date any fact was stated, else the first day of the release month.
    pub fn date(&self) -> String {
        let latest = self.components.iter().flat_map(|c| c.observations.iter().map(|o| o.as_of.as_str())).max();
        let day = latest.unwrap_or(&self.release);
        if day.len() == 7 { format!("{day}-01") } else { day.to_owned() }
    }

    /// The record file these facts make, for importers. Levels are not written: the catalogue
    /// computes them again, and chooses again among the observations.
    pub fn to_record_file(&self) -> RecordFile {
        let components: Vec<(Component, ComponentEntry)> =
            self.components.iter().map(|c| (c.component, component_entry(c))).collect();
        let links: Map<String, Value> = self.links.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
        let mut file = RecordFile::new(self.id.clone(), self.name.clone(), self.release.clone(), components);
        file.organisation = self.organisation.clone();
        file.links = serde_json::from_value::<Links>(Value::Object(links)).unwrap_or_default();
        let text = |k: &str| self.identity.get(k).and_then(Value::as_str).map(str::to_owned);
        file.family = text("family");
        file.version = text("version");
        file.size = text("size");
        file.variant = text("variant").map(unspanned);
        file.aliases = self
            .identity
            .get("aliases")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        file.derived_from = self
            .identity
            .get("derived_from")
            .and_then(|d| serde_json::from_value::<Vec<DerivedFrom>>(d.clone()).ok())
            .unwrap_or_default();
        file.parameters = self.parameters;
        file.training_tokens = self.training_tokens;
        file
    }
}

fn part_entries(parts: &[Part]) -> Vec<PartEntry> {
    parts
        .iter()
        .map(|p| PartEntry {
            name: p.name.clone(),
            availability: unspanned(p.availability.keyword().to_owned()),
            license: p.license.clone().map(unspanned),
        })
        .collect()
}

/// The first observation in the component's own fields, the others under `observations`.
fn component_entry(c: &ComponentFacts) -> ComponentEntry {
    let Some((first, rest)) = c.observations.split_first() else {
        return ComponentEntry { note: c.note.clone(), ..ComponentEntry::unknown() };
    };
    let mut entry = ComponentEntry::observed(first.availability.keyword(), &first.source, &first.as_of);
    entry.license = first.license.clone().map(unspanned);
    entry.license_as_recorded = first.license_as_recorded.clone();
    entry.recorded = first.recorded.map(|l| unspanned(l.to_string()));
    entry.evidence = first.evidence.clone();
    entry.note = first.note.clone();
    entry.parts = part_entries(&first.parts);
    entry.observations = rest
        .iter()
        .map(|o| ObservationEntry {
            source: unspanned(o.source.clone()),
            as_of: unspanned(o.as_of.clone()),
            availability: unspanned(o.availability.keyword().to_owned()),
            license: o.license.clone().map(unspanned),
            license_as_recorded: o.license_as_recorded.clone(),
            parts: part_entries(&o.parts),
            recorded: o.recorded.map(|l| unspanned(l.to_string())),
            evidence: o.evidence.clone(),
            note: o.note.clone(),
        })
        .collect();
    entry
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
