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

/// A record's default source and date.
type Defaults<'a> = (Option<&'a serde_saphyr::Spanned<String>>, Option<&'a serde_saphyr::Spanned<String>>);

/// The observations a component entry states (its own fields, then its list), with the
/// record's default source and date filled in.
fn observations_of(entry: &ComponentEntry, record: Defaults<'_>) -> Vec<ObservationEntry> {
    let mut out = Vec::new();
    let source = entry.source.clone().or_else(|| record.0.cloned());
    let as_of = entry.as_of.clone().or_else(|| record.1.cloned());
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
    let (source, as_of) = (existing.source.clone(), existing.as_of.clone());
    for (key, entry) in &incoming.components.value.0 {
        let Some((_, target)) = existing.components.value.0.iter_mut().find(|(k, _)| k.value == key.value) else {
            continue;
        };
        // What the component states already: its own fields and its list.
        let held = observations_of(target, (source.as_ref(), as_of.as_ref()));
        for o in observations_of(entry, (incoming.source.as_ref(), incoming.as_of.as_ref())) {
            let duplicate = held
                .iter()
                .chain(&target.observations)
                .any(|e| e.source.value == o.source.value && e.as_of.value == o.as_of.value);
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

/// The names under which other trackers list releases (each record's `aliases`, compared
/// without regard to case or surrounding space), each mapped to the record that lists it. A
/// name two records list maps to neither; a record's own name and id are not aliases, so an
/// entry that merely shares them is still checked for being the same release.
#[derive(Debug, Clone, Default)]
pub struct AliasIndex {
    names: std::collections::HashMap<String, Option<String>>,
}

fn alias_key(name: &str) -> String {
    name.trim().to_lowercase()
}

impl AliasIndex {
    /// The index of `records`.
    pub fn new<'a>(records: impl IntoIterator<Item = &'a RecordFile>) -> AliasIndex {
        let mut index = AliasIndex::default();
        for r in records {
            let id = &r.id.value;
            for name in r.aliases.iter().map(|a| alias_key(a)).collect::<std::collections::BTreeSet<_>>() {
                index
                    .names
                    .entry(name)
                    .and_modify(|held| {
                        if held.as_deref() != Some(id.as_str()) {
                            *held = None;
                        }
                    })
                    .or_insert_with(|| Some(id.clone()));
            }
        }
        index
    }

    /// The id of the record that lists `name` (an imported entry's full name) among its
    /// aliases, if exactly one does.
    pub fn lookup(&self, name: &str) -> Option<&str> {
        self.names.get(&alias_key(name)).and_then(|id| id.as_deref())
    }
}

/// Adds `incoming` to `existing`, which lists its name as an alias: the alias says the two
/// are one release, so a tracker's month (often the date of its entry) does not decide.
pub fn merge_by_alias(existing: &mut RecordFile, incoming: &RecordFile) -> usize {
    let mut incoming = incoming.clone();
    incoming.release.value.clear();
    merge_into(existing, &incoming).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{ComponentEntry, RecordFile};
    use openness_core::Component;

    fn record(id: &str, name: &str, release: &str, aliases: &[&str]) -> RecordFile {
        let components =
            Component::ALL.iter().map(|c| (*c, ComponentEntry::observed("open", "mot", "2026-05-11"))).collect();
        RecordFile {
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            ..RecordFile::new(id.to_owned(), name.to_owned(), release.to_owned(), components)
        }
    }

    #[test]
    fn a_trackers_name_maps_through_the_aliases_and_a_shared_name_maps_nowhere() {
        let r1 = record("deepseek-r1", "DeepSeek-R1", "2025-01", &["DeepSeek-R1 671B"]);
        let v3 = record("deepseek-v3", "DeepSeek-V3", "2024-12", &["DeepSeek-R1 671B", "DeepSeek-V3 671B"]);
        let index = AliasIndex::new([&r1, &v3]);
        assert_eq!(index.lookup("DeepSeek-V3 671B"), Some("deepseek-v3"));
        assert_eq!(index.lookup(" deepseek-v3 671b "), Some("deepseek-v3"));
        assert_eq!(index.lookup("DeepSeek-V3-671B"), None, "another spelling is another name");
        assert_eq!(index.lookup("DeepSeek-R1"), None, "a record's own name is not an alias");
        assert_eq!(index.lookup("DeepSeek-R1 671B"), None, "two records list it");
    }

    #[test]
    fn an_alias_merges_across_a_trackers_entry_month() {
        let ours = record("deepseek-r1", "DeepSeek-R1", "2025-01", &["DeepSeek-R1 671B"]);
        let theirs = record("deepseek-r1-671b", "DeepSeek-R1 671B", "2025-05", &["DeepSeek-R1"]);
        assert!(matches!(merge_into(&mut ours.clone(), &theirs), Err(Unmapped::ReleaseDiffers { .. })));
        let mut merged = ours.clone();
        assert_eq!(merge_by_alias(&mut merged, &theirs), 0, "the same source and date: nothing new");
        let mut later = theirs.clone();
        for (_, c) in &mut later.components.value.0 {
            c.as_of = Some(crate::yaml::unspanned("2026-06-01".to_owned()));
        }
        assert_eq!(merge_by_alias(&mut merged, &later), 12);
        assert_eq!(merged.release.value, "2025-01");
        assert!(merged.aliases.contains(&"DeepSeek-R1 671B".to_owned()));
    }
}
