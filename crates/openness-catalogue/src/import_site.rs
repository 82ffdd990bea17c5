//! Importer for the paper's companion site (`_llms/*.md`: YAML front matter with `title`,
//! `link`, `release: {month, year}` and `stage → code|data → component → {value, license}`).
//!
//! Each file becomes a record: the paper's value becomes the `recorded` level, the access mode
//! it implies becomes the `availability`, the free-text licence string is kept verbatim in
//! `license_as_recorded` and resolved through the licence base into `license` where it names
//! (or points at) a licence.

use std::collections::BTreeMap;
use std::sync::Arc;

use openness_core::{Availability, Component, Kind, Level, LicenceBase, Resolution};
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Place, Severity, SourceFile};
use crate::record::{ComponentEntry, Links, RecordFile};
use crate::yaml::{OrderedMap, parse, unspanned};

/// Who asserted the levels that the imported records hold as `recorded`.
pub const SITE_RECORDED_BY: &str = "Eiras et al. 2024, companion site table at commit 159a7bc";
/// The date of the companion site's data.
pub const SITE_AS_OF: &str = "2024-05-16";
/// The id of the paper in `data/sources/`.
pub const SITE_SOURCE: &str = "eiras-2024";

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum SiteValue {
    Number(i64),
    Text(String),
}

#[derive(Debug, Deserialize)]
struct SiteCell {
    value: SiteValue,
    #[serde(default)]
    license: Option<String>,
}

#[derive(Debug, Deserialize)]
struct SiteRelease {
    month: u8,
    year: u16,
}

type SiteStage = BTreeMap<String, BTreeMap<String, SiteCell>>;

#[derive(Debug, Deserialize)]
struct SiteFile {
    title: String,
    #[serde(default)]
    link: Option<String>,
    release: SiteRelease,
    training: SiteStage,
    evaluation: SiteStage,
    deployment: SiteStage,
}

/// The YAML front matter of a Markdown file: the text between a leading `---` line and the
/// next `---` line, with the 1-based line on which it starts.
pub fn front_matter(text: &str) -> Option<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(&rest[..offset]);
        }
        offset += line.len();
    }
    None
}

fn level_of(kind: Kind, value: &SiteValue) -> Option<Level> {
    match value {
        SiteValue::Number(n) => u8::try_from(*n).ok().and_then(|g| Level::graded(kind, g)),
        SiteValue::Text(t) => match t.trim() {
            "N/A" => Some(Level::NotApplicable),
            "Unknown" => Some(Level::Unknown),
            other => other.parse::<u8>().ok().and_then(|g| Level::graded(kind, g)),
        },
    }
}

fn availability_of(level: Level) -> Availability {
    match level {
        Level::NotApplicable => Availability::NotApplicable,
        Level::Unknown => Availability::Unknown,
        Level::Graded { grade: 1, .. } => Availability::Closed,
        Level::Graded { kind: Kind::Data, grade: 2 } => Availability::Api,
        Level::Graded { .. } => Availability::Open,
    }
}

/// Converts one companion-site file into a record. `id` is the file's stem.
pub fn import_file(
    id: &str,
    source: &Arc<SourceFile>,
    base: &LicenceBase,
) -> Result<(RecordFile, Vec<Diagnostic>), Diagnostic> {
    let Some(yaml) = front_matter(&source.text) else {
        return Err(Diagnostic::new(
            "E301",
            Severity::Error,
            "no YAML front matter",
            source,
            Some(Place::at(&source.text, 1, 1)),
        )
        .with_help("a companion-site file starts with a `---` line and ends its front matter with another"));
    };
    let front = Arc::new(SourceFile { name: source.name.clone(), text: format!("{yaml}\n") });
    let site: SiteFile = parse(&front)?;
    let mut notes = Vec::new();
    let link = site.link.clone();
    let links = match &link {
        Some(l) if l.contains("arxiv.org") || l.ends_with(".pdf") => {
            Links { paper: Some(l.clone()), ..Links::default() }
        }
        Some(l) => Links { homepage: Some(l.clone()), ..Links::default() },
        None => Links::default(),
    };
    let mut components = Vec::new();
    for component in Component::ALL {
        let mut segments = component.id().split('.');
        let (stage, kind, name) =
            (segments.next().unwrap_or(""), segments.next().unwrap_or(""), segments.next().unwrap_or(""));
        let stage_map = match stage {
            "training" => &site.training,
            "evaluation" => &site.evaluation,
            _ => &site.deployment,
        };
        let Some(cell) = stage_map.get(kind).and_then(|k| k.get(name)) else {
            return Err(Diagnostic::new(
                "E302",
                Severity::Error,
                format!("`{}` is missing", component.id()),
                &front,
                None,
            )
            .with_help("every companion-site file has all twelve components"));
        };
        let Some(level) = level_of(component.kind(), &cell.value) else {
            return Err(Diagnostic::new(
                "E303",
                Severity::Error,
                format!("`{}` has a value that is not a level", component.id()),
                &front,
                None,
            )
            .with_help("values are 1–5, `N/A` or `Unknown`"));
        };
        let availability = availability_of(level);
        let mut entry = ComponentEntry {
            license_as_recorded: cell.license.clone(),
            recorded: Some(unspanned(level.to_string())),
            evidence: link.iter().cloned().collect(),
            as_of: Some(unspanned(SITE_AS_OF.to_owned())),
            ..ComponentEntry::unknown()
        };
        entry.availability = unspanned(availability.keyword().to_owned());
        if let Some(text) = &cell.license {
            match base.resolve(text) {
                Resolution::Licence(p, _) if availability.is_downloadable() => {
                    entry.license = Some(unspanned(p.id.clone()))
                }
                Resolution::Licence(..) => {}
                Resolution::NotALicence(n) => {
                    if availability.is_downloadable()
                        && let Some(s) = &n.suggests
                    {
                        entry.license = Some(unspanned(s.clone()));
                    }
                    entry.note = Some(format!("The paper's licence string `{}` is not a licence: {}", n.text, n.note));
                }
                Resolution::Unknown(nearest) => notes.push(
                    Diagnostic::new(
                        "W304",
                        Severity::Warning,
                        format!(
                            "`{}`: licence string `{}` is not in the licence base",
                            component.id(),
                            openness_core::text::shortened(text, 80)
                        ),
                        &front,
                        None,
                    )
                    .with_help(format!("add it as an alias or a non-licence; nearest ids: {}", nearest.join(", "))),
                ),
            }
        }
        components.push((unspanned(component.id().to_owned()), entry));
    }
    let release = format!("{:04}-{:02}", site.release.year, site.release.month);
    let record = RecordFile {
        links,
        source: Some(unspanned(SITE_SOURCE.to_owned())),
        recorded_by: Some(SITE_RECORDED_BY.to_owned()),
        ..RecordFile::new(id.to_owned(), site.title, release, Vec::new())
    };
    let record = RecordFile { components: unspanned(OrderedMap(components)), ..record };
    Ok((record, notes))
}

/// Serialises a record file as YAML.
pub fn to_yaml(record: &RecordFile) -> Result<String, String> {
    serde_saphyr::to_string(record).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_the_first_block() {
        assert_eq!(front_matter("---\na: 1\n---\nbody\n---\n"), Some("a: 1\n"));
        assert_eq!(front_matter("\u{feff}---\r\na: 1\r\n---\r\n"), Some("a: 1\r\n"));
        assert_eq!(front_matter("a: 1\n"), None);
        assert_eq!(front_matter("---\na: 1\n"), None);
    }

    #[test]
    fn levels_and_availability_follow_the_kind() {
        assert_eq!(level_of(Kind::Data, &SiteValue::Number(2)).map(availability_of), Some(Availability::Api));
        assert_eq!(level_of(Kind::Code, &SiteValue::Number(2)).map(availability_of), Some(Availability::Open));
        assert_eq!(level_of(Kind::Code, &SiteValue::Text("N/A".into())), Some(Level::NotApplicable));
        assert_eq!(level_of(Kind::Code, &SiteValue::Number(6)), None);
    }
}
