//! The report as a record in the catalogue format, for `openness check` and for review.

use openness_catalogue::record::{ComponentEntry, PartEntry, RecordFile};
use openness_catalogue::unspanned;
use openness_core::LicenceFact;

use crate::Report;

/// The source of drafted facts, declared in `data/sources/`.
pub const ASSESS_SOURCE: &str = "openness-assess";

impl Report {
    /// The draft record. Its release month and the date of its facts are those the files give
    /// ([`Report::dates`]; the facts dated by the release when nothing newer is stated); when
    /// unknown they are left empty for the reviewer, and `openness check` names what to add.
    pub fn to_record(&self) -> RecordFile {
        let as_of = self.dates.as_of.as_ref().map(|d| d.date.clone()).or_else(|| self.release.clone());
        let components = self
            .components
            .iter()
            .map(|d| {
                let entry = ComponentEntry {
                    license: d.license.clone().map(unspanned),
                    evidence: d.evidence.iter().map(ToString::to_string).collect(),
                    note: Some(format!("Drafted by `openness assess` (confidence {:.2}): {}", d.confidence, d.reason)),
                    parts: d
                        .parts
                        .iter()
                        .map(|p| PartEntry {
                            name: p.name.clone(),
                            availability: unspanned(p.availability.keyword().to_owned()),
                            license: match &p.licence {
                                LicenceFact::Expression(e) => Some(unspanned(e.clone())),
                                LicenceFact::NoLicence => Some(unspanned("NONE".to_owned())),
                                LicenceFact::NotStated => None,
                            },
                        })
                        .collect(),
                    as_of: as_of.clone().map(unspanned),
                    ..ComponentEntry::observed(d.availability.keyword(), ASSESS_SOURCE, "")
                };
                (d.component, entry)
            })
            .collect();
        RecordFile {
            organisation: self.organisation.clone(),
            parameters: self.parameters,
            note: Some(format!(
                "Draft from a local repository by `openness assess`; review every component.{}",
                self.parameters.map(|p| format!(" Parameters: {p}.")).unwrap_or_default()
            )),
            ..RecordFile::new(self.id.clone(), self.name.clone(), self.release.clone().unwrap_or_default(), components)
        }
    }
}
