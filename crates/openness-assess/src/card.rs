//! Model cards and other documents: YAML front matter (Hugging Face card metadata) and prose.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

/// Documents larger than this are read only in part.
pub const MAX_DOC_BYTES: usize = 1024 * 1024;

/// A document read from the repository.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Path relative to the root.
    pub path: String,
    /// Its text (lossily decoded), at most [`MAX_DOC_BYTES`].
    #[serde(skip)]
    pub text: String,
    /// The text in ASCII lowercase (same byte offsets), computed once for searching.
    #[serde(skip)]
    pub lower: String,
    /// The line on which the body (after the front matter) starts, 1-based.
    pub body_line: usize,
    /// Whether only the start was read.
    pub truncated: bool,
    /// Whether invalid UTF-8 was replaced.
    pub lossy: bool,
}

impl Document {
    /// Reads a document through the bounded reader (a regular file, never through a link),
    /// charged to `budget`.
    pub fn read(root: &Path, rel: &str, budget: &openness_read::Budget) -> Option<Document> {
        let open = openness_read::Open::FOUND;
        let (bytes, truncated) = openness_read::read_head(&root.join(rel), open, MAX_DOC_BYTES as u64, budget).ok()?;
        if bytes.iter().take(4096).any(|b| *b == 0) {
            return None;
        }
        let (text, lossy) = match String::from_utf8(bytes) {
            Ok(t) => (t, false),
            Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
        };
        Some(Document::new(rel, text, truncated, lossy))
    }

    /// A document from text already in memory.
    pub fn new(path: &str, text: String, truncated: bool, lossy: bool) -> Document {
        let lower = text.to_ascii_lowercase();
        Document { path: path.to_owned(), text, lower, body_line: 1, truncated, lossy }
    }

    /// Lines with their 1-based numbers and their lowercase form.
    pub fn lines_lower(&self) -> impl Iterator<Item = (usize, &str, &str)> {
        self.text.lines().zip(self.lower.lines()).enumerate().map(|(i, (l, lo))| (i + 1, l, lo))
    }

    /// Lines with their 1-based numbers.
    pub fn lines(&self) -> impl Iterator<Item = (usize, &str)> {
        self.text.lines().enumerate().map(|(i, l)| (i + 1, l))
    }
}

/// Hugging Face card metadata, read leniently.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CardData {
    /// `license` (one or more).
    pub license: Vec<String>,
    /// `license_name`.
    pub license_name: Option<String>,
    /// `license_link`.
    pub license_link: Option<String>,
    /// `datasets`.
    pub datasets: Vec<String>,
    /// `base_model`.
    pub base_model: Vec<String>,
    /// `tags`.
    pub tags: Vec<String>,
    /// `pipeline_tag`.
    pub pipeline_tag: Option<String>,
    /// `library_name`.
    pub library_name: Option<String>,
    /// `language`.
    pub language: Vec<String>,
    /// The model's name from `model-index` or `model_name`.
    pub model_name: Option<String>,
    /// Whether the card gates access (`extra_gated_*`).
    pub gated: bool,
    /// The line of each key in the card file, for evidence.
    #[serde(skip)]
    pub lines: Vec<(String, usize)>,
}

impl CardData {
    /// The line of a top-level key.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.lines.iter().find(|(k, _)| k == key).map(|(_, l)| *l)
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| match x {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Splits a card into metadata and body and reads the metadata. The error, if any, is the
/// YAML problem with its line in the card file.
pub fn read_card(doc: &mut Document) -> (Option<CardData>, Option<(usize, String)>) {
    let Some(yaml) = openness_catalogue::front_matter(&doc.text) else { return (None, None) };
    let yaml = yaml.to_owned();
    doc.body_line = yaml.lines().count() + 3;
    let options =
        serde_saphyr::options! { strict_booleans: true, duplicate_keys: serde_saphyr::DuplicateKeyPolicy::LastWins };
    let value: Value = match serde_saphyr::from_str_with_options(&yaml, options) {
        Ok(v) => v,
        Err(e) => {
            let line = e.location().map_or(1, |l| l.line() as usize) + 1;
            let message = e.to_string().lines().next().unwrap_or("invalid YAML").to_owned();
            return (None, Some((line, message)));
        }
    };
    let Some(map) = value.as_object() else { return (None, Some((2, "the front matter is not a mapping".to_owned()))) };
    let lines = yaml
        .lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let key = l.split(':').next()?;
            (!l.starts_with([' ', '-', '#']) && l.contains(':')).then(|| (key.trim().to_owned(), i + 2))
        })
        .collect();
    let model_name = map
        .get("model-index")
        .and_then(|m| m.as_array())
        .and_then(|a| a.first())
        .and_then(|m| m.get("name"))
        .and_then(|n| n.as_str())
        .or_else(|| map.get("model_name").and_then(|n| n.as_str()))
        .map(str::to_owned);
    let card = CardData {
        license: strings(map.get("license")),
        license_name: map.get("license_name").and_then(|v| v.as_str()).map(str::to_owned),
        license_link: map.get("license_link").and_then(|v| v.as_str()).map(str::to_owned),
        datasets: strings(map.get("datasets")),
        base_model: strings(map.get("base_model")),
        tags: strings(map.get("tags")),
        pipeline_tag: map.get("pipeline_tag").and_then(|v| v.as_str()).map(str::to_owned),
        library_name: map.get("library_name").and_then(|v| v.as_str()).map(str::to_owned),
        language: strings(map.get("language")),
        model_name,
        gated: map.keys().any(|k| k.starts_with("extra_gated")),
        lines,
    };
    (Some(card), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn doc(text: &str) -> Document {
        Document::new("README.md", text.into(), false, false)
    }

    #[test]
    fn reads_card_metadata() {
        let mut d = doc(
            "---\nlicense: apache-2.0\nlanguage: [no, en]\ndatasets:\n- c4\nbase_model: org/base\nextra_gated_prompt: agree\n---\n# Body\n",
        );
        let (card, err) = read_card(&mut d);
        let card = card.expect("card");
        assert_eq!(err, None);
        assert_eq!(card.license, ["apache-2.0"]);
        assert_eq!(card.language, ["no", "en"]);
        assert_eq!(card.datasets, ["c4"]);
        assert_eq!(card.base_model, ["org/base"]);
        assert!(card.gated);
        assert_eq!(card.line_of("license"), Some(2));
        assert_eq!(d.body_line, 9);
    }

    #[test]
    fn malformed_front_matter_is_reported_with_its_line() {
        let mut d = doc("---\nlicense: mit\ntags: [unclosed\n---\nbody\n");
        let (card, err) = read_card(&mut d);
        assert!(card.is_none());
        assert!(err.is_some_and(|(line, _)| line >= 2));
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,300}") {
            let mut d = doc(&format!("---\n{text}\n---\n"));
            let _ = read_card(&mut d);
        }
    }
}
