//! Merging an imported record into the record of the same release: the incoming facts become
//! observations beside the existing ones, so that several sources stand side by side.

use crate::record::{ComponentEntry, ObservationEntry, RecordFile};

/// Why an incoming record was not merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unmapped {
    /// Same id, another release month: another generation under the same name.
    #[error("`{id}` is released {ours} here but {theirs} in the import: not the same release")]
    ReleaseDiffers {
        /// The id.
        id: String,
        /// Our release month.
        ours: String,
        /// The import's.
        theirs: String,
    },
}

/// The observations a component entry states (its own fields, then its list), with the
/// record's default source and date filled in.
fn observations_of(entry: &ComponentEntry, record: &RecordFile) -> Vec<ObservationEntry> {
    let mut out = Vec::new();
    let source = entry.source.clone().or_else(|| record.source.clone());
    let as_of = entry.as_of.clone().or_else(|| record.as_of.clone());
    if let (Some(source), Some(as_of)) = (source, as_of) {
        out.push(ObservationEntry {
            source,
            as_of,
            availability: entry.availability.clone(),
            license: entry.license.clone(),
            license_as_recorded: entry.license_as_recorded.clone(),
            parts: entry.parts.clone(),
            recorded: entry.recorded.clone(),
            evidence: entry.evidence.clone(),
            note: entry.note.clone(),
        });
    }
    out.extend(entry.observations.iter().cloned());
    out
}

/// Adds every fact of `incoming` to `existing` as observations; `incoming`'s name joins the
/// aliases. Returns how many observations were added. An incoming record with an empty
/// `release` (its tracker gives none) is taken to be of the same release as the existing one.
pub fn merge_into(existing: &mut RecordFile, incoming: &RecordFile) -> Result<usize, Unmapped> {
    if !incoming.release.value.is_empty() && existing.release.value != incoming.release.value {
        return Err(Unmapped::ReleaseDiffers {
            id: existing.id.value.clone(),
            ours: existing.release.value.clone(),
            theirs: incoming.release.value.clone(),
        });
    }
    let mut added = 0;
    for (key, entry) in &incoming.components.value.0 {
        let Some((_, target)) = existing.components.value.0.iter_mut().find(|(k, _)| k.value == key.value) else {
            continue;
        };
        for o in observations_of(entry, incoming) {
            let duplicate =
                target.observations.iter().any(|e| e.source.value == o.source.value && e.as_of.value == o.as_of.value);
            if !duplicate {
                target.observations.push(o);
                added += 1;
            }
        }
    }
    for name in std::iter::once(&incoming.name).chain(&incoming.aliases) {
        if *name != existing.name && !existing.aliases.contains(name) {
            existing.aliases.push(name.clone());
        }
    }
    Ok(added)
}
