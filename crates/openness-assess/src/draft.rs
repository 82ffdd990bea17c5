//! The report as a record in the catalogue format, for `openness check` and for review.

use openness_catalogue::record::{ComponentEntry, Links, PartEntry, RecordFile};
use openness_catalogue::{OrderedMap, unspanned};
use openness_core::LicenceFact;

use crate::Report;

impl Report {
    /// The draft record. `release` is used when the report has none; `as_of` dates the facts.
    pub fn to_record(&self, release: &str, as_of: &str) -> RecordFile {
        let components = self
            .components
            .iter()
            .map(|d| {
                let entry = ComponentEntry {
                    availability: unspanned(d.availability.keyword().to_owned()),
                    license: d.license.clone().map(unspanned),
                    license_as_recorded: None,
                    recorded: None,
                    evidence: d.evidence.iter().map(ToString::to_string).collect(),
                    as_of: Some(as_of.to_owned()),
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
                };
                (unspanned(d.component.id().to_owned()), entry)
            })
            .collect();
        RecordFile {
            id: unspanned(self.id.clone()),
            name: self.name.clone(),
            organisation: self.organisation.clone(),
            release: unspanned(self.release.clone().unwrap_or_else(|| release.to_owned())),
            links: Links::default(),
            recorded_by: None,
            parameters: self.parameters,
            active_parameters: None,
            training_tokens: None,
            training_flops: None,
            derived_from: None,
            eu_ai_act: Default::default(),
            note: Some(format!(
                "Draft from a local repository by `openness assess`; review every component.{}",
                self.parameters.map(|p| format!(" Parameters: {p}.")).unwrap_or_default()
            )),
            components: unspanned(OrderedMap(components)),
        }
    }
}
