//! Rules hold for the kind of input, never for one repository: no folder name or model id of
//! the development corpora (`../shared/corpus/dev*`) may appear in the assessment's code or in
//! its phrase and pattern data.

use std::path::{Path, PathBuf};

/// Folder names and model ids (`org/name` from `MANIFEST.tsv`, and the `source:` of each label).
fn corpus_names(corpus: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).expect("MANIFEST.tsv is readable");
    for line in manifest.lines().skip(1) {
        let mut cols = line.split('\t');
        names.extend(cols.next().map(str::to_owned));
        names.extend(cols.next().map(str::to_owned));
    }
    let labels = std::fs::read_to_string(corpus.join("labels.yaml")).expect("labels.yaml is readable");
    for line in labels.lines() {
        if let Some(source) = line.trim().strip_prefix("source: ") {
            let id = source.trim_matches(['"', '\'']).split('@').next().unwrap_or("");
            names.push(id.to_owned());
        }
    }
    names.retain(|n| n.len() >= 3);
    names.sort();
    names.dedup();
    names
}

/// Whether `name` occurs in `text` as a whole name: no letter, digit or name character
/// (`-`, `_`, `.`, `/`) on either side, compared case-insensitively.
fn occurs(text: &str, name: &str) -> Option<usize> {
    let name_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/');
    let lower = text.to_lowercase();
    let needle = name.to_lowercase();
    lower.match_indices(&needle).find_map(|(i, _)| {
        let before = lower[..i].chars().next_back();
        let after = lower[i + needle.len()..].chars().next();
        let whole = before.is_none_or(|c| !name_char(c)) && after.is_none_or(|c| !name_char(c) || c == '.');
        whole.then(|| lower[..i].lines().count().max(1))
    })
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn no_corpus_name_in_the_assessment_code_or_patterns() {
    let Some(dev) = openness_testdata::shared("corpus/dev") else { return };
    let Some(dev2) = openness_testdata::shared("corpus/dev2") else { return };
    let mut names = corpus_names(&dev);
    names.extend(corpus_names(&dev2));
    assert!(names.len() > 60, "the corpora's names were read: {names:?}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = Vec::new();
    files(&root.join("src"), &mut checked);
    files(&root.join("../../data/assess"), &mut checked);
    assert!(checked.len() >= 8, "{checked:?}");
    let mut found = Vec::new();
    for file in &checked {
        let text = std::fs::read_to_string(file).expect("readable");
        for name in &names {
            if let Some(line) = occurs(&text, name) {
                found.push(format!("{}:{line}: `{name}`", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "corpus names in the assessment's code or data:\n{}", found.join("\n"));
}

#[test]
fn whole_names_only() {
    assert_eq!(occurs("the opt model", "opt"), Some(1));
    assert_eq!(occurs("x\nOptions and opt_level", "opt"), None);
    assert_eq!(occurs("prefix meta-llama/llama-2-", "llama-2"), None);
    assert_eq!(occurs("a\nb mpt-7b.", "mpt-7b"), Some(2));
}
