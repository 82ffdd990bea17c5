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
    /// Each record's own name, compared by [`name_key`].
    own: std::collections::HashMap<String, Option<String>>,
}

fn alias_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// A name with case ignored and spaces, hyphens and underscores alike (`DeepSeek V3.2` is
/// `deepseek-v3.2`), every other character kept (`Command R+` is not `Command R`).
fn name_key(name: &str) -> String {
    let mut key = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() || c == '-' || c == '_' {
            if !key.ends_with('-') {
                key.push('-');
            }
        } else {
            key.push(c);
        }
    }
    key
}

/// Adds `key → id` to `map`, or makes the key map to no record when another record has it.
fn index_name(map: &mut std::collections::HashMap<String, Option<String>>, key: String, id: &str) {
    map.entry(key)
        .and_modify(|held| {
            if held.as_deref() != Some(id) {
                *held = None;
            }
        })
        .or_insert_with(|| Some(id.to_owned()));
}

impl AliasIndex {
    /// The index of `records`.
    pub fn new<'a>(records: impl IntoIterator<Item = &'a RecordFile>) -> AliasIndex {
        let mut index = AliasIndex::default();
        for r in records {
            let id = &r.id.value;
            for name in r.aliases.iter().map(|a| alias_key(a)).collect::<std::collections::BTreeSet<_>>() {
                index_name(&mut index.names, name, id);
            }
            index_name(&mut index.own, name_key(&r.name), id);
        }
        index
    }

    /// The id of the one record whose own name is `name`, with case ignored and spaces,
    /// hyphens and underscores alike: for a tracker that gives no release month, whose
    /// entries a month cannot check (a record id made from a name loses characters such as a
    /// final `+`, so an id is no evidence).
    pub fn lookup_name(&self, name: &str) -> Option<&str> {
        self.own.get(&name_key(name)).and_then(|id| id.as_deref())
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

/// Makes `existing` the one record of a release that `duplicate` also records under another
/// id: every observation of `duplicate` joins it (as [`merge_by_alias`] does), its name and
/// aliases become aliases, and what `existing` leaves unsaid — links, organisation, family,
/// version, size, variant, scale figures — is taken from `duplicate`. Returns how many
/// observations were added. The caller has checked that the two are one release.
pub fn absorb(existing: &mut RecordFile, duplicate: &RecordFile) -> usize {
    let added = merge_by_alias(existing, duplicate);
    existing.aliases.retain(|a| *a != existing.name);
    fn fill<T: Clone>(ours: &mut Option<T>, theirs: &Option<T>) {
        if ours.is_none() {
            ours.clone_from(theirs);
        }
    }
    let (ours, theirs) = (&mut existing.links, &duplicate.links);
    for (o, t) in [
        (&mut ours.paper, &theirs.paper),
        (&mut ours.homepage, &theirs.homepage),
        (&mut ours.repository, &theirs.repository),
        (&mut ours.weights, &theirs.weights),
        (&mut ours.model_card, &theirs.model_card),
        (&mut ours.data_card, &theirs.data_card),
        (&mut ours.technical_report, &theirs.technical_report),
        (&mut ours.evaluation_results, &theirs.evaluation_results),
        (&mut ours.intermediate_checkpoints, &theirs.intermediate_checkpoints),
        (&mut ours.data_preprocessing_code, &theirs.data_preprocessing_code),
        (&mut ours.training_logs, &theirs.training_logs),
    ] {
        fill(o, t);
    }
    fill(&mut existing.organisation, &duplicate.organisation);
    fill(&mut existing.family, &duplicate.family);
    fill(&mut existing.version, &duplicate.version);
    fill(&mut existing.size, &duplicate.size);
    fill(&mut existing.variant, &duplicate.variant);
    fill(&mut existing.parameters, &duplicate.parameters);
    fill(&mut existing.active_parameters, &duplicate.active_parameters);
    fill(&mut existing.training_tokens, &duplicate.training_tokens);
    for d in &duplicate.derived_from {
        if !existing.derived_from.contains(d) {
            existing.derived_from.push(d.clone());
        }
    }
    added
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
        assert_eq!(index.lookup_name("deepseek v3"), Some("deepseek-v3"), "its own name, loosely compared");
        let plus = record("command-r+", "Command R+", "2024-03", &[]);
        let plain = record("command-r", "Command R", "2024-03", &[]);
        let index = AliasIndex::new([&plus, &plain]);
        assert_eq!(index.lookup_name("Command R+"), Some("command-r+"));
        assert_eq!(index.lookup_name("command-r"), Some("command-r"));
        assert_eq!(index.lookup_name("Command"), None);
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

    #[test]
    fn a_duplicate_is_absorbed_with_every_observation_and_its_names() {
        let mut ours = record("grok-1", "Grok-1", "2023-11", &[]);
        let mut theirs = record("grok-1-314b", "Grok-1 314B", "2025-05", &["Grok-1"]);
        for (_, c) in &mut theirs.components.value.0 {
            c.source = Some(crate::yaml::unspanned("osai-index".to_owned()));
        }
        theirs.links.weights = Some("https://huggingface.co/xai-org/grok-1".to_owned());
        theirs.size = Some("314B".to_owned());
        ours.size = Some("314B-A86B".to_owned());
        assert_eq!(absorb(&mut ours, &theirs), 12);
        assert_eq!(ours.aliases, ["Grok-1 314B"], "its own name is no alias of it");
        assert_eq!(ours.release.value, "2023-11");
        assert_eq!(ours.links.weights.as_deref(), Some("https://huggingface.co/xai-org/grok-1"));
        assert_eq!(ours.size.as_deref(), Some("314B-A86B"), "what ours says stays");
        assert_eq!(absorb(&mut ours, &theirs), 0, "absorbing twice adds nothing");
    }
}
