//! The extractors: from the repository's files to claims about the twelve components, and from
//! the resolved claims to the drafts. Each extractor reads one kind of evidence (card metadata,
//! the card's Markdown, licence files, weight files, `config.json` and tokenizer files, the code
//! layout, the registries, `base_model` lineage) and says what it shows as [`Claim`]s; the
//! [`resolve`] step decides, the core's `grade` computes the level. The words evidence is read
//! with are data (`data/assess/phrases.yaml`).

use std::path::Path;

use openness_catalogue::registry::{Dataset, Registry, Use};
use openness_core::{Component, ComponentFacts, Level, LicenceFact, Resolution, Scope, grade};
use openness_detect::Detector;

use crate::card::{CardData, Document, read_card};
use crate::claims::{Claim, Strength, What, resolve};
use crate::inventory::{Entry, EntryKind, Inventory, Limit, Spend, walk};
use crate::lineage::BaseModel;
use crate::markdown::{Block, BlockKind};
use crate::phrases::{Cue, Phrases};
use crate::weights::{HeaderError, ModelConfig, dtype_bytes, read_config, read_gguf, read_index, read_safetensors};
use crate::{
    AssessError, AssessedRelease, ComponentDraft, DatasetMention, Evidence, Finding, Knowledge, Options, Report,
    Severity, WeightsSummary, check_dir,
};

/// What a code file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Pretraining,
    Finetuning,
    Alignment,
    Evaluation,
    SafetyEvaluation,
    Inference,
}

const WEIGHT_EXTENSIONS: &[&str] =
    &["safetensors", "bin", "gguf", "pt", "pth", "ckpt", "h5", "msgpack", "onnx", "npz", "pkl", "tflite"];

fn extension(path: &str) -> &str {
    path.rsplit_once('.').map_or("", |(_, e)| e)
}

fn is_code(p: &Phrases, path: &str) -> bool {
    let ext = extension(path);
    p.code_paths.extensions.iter().any(|e| e.eq_ignore_ascii_case(ext))
}

/// The roles of a code file, from its path (tests have none).
fn code_roles(p: &Phrases, path: &str) -> Vec<Role> {
    let lower = path.to_ascii_lowercase();
    if !is_code(p, &lower) {
        return Vec::new();
    }
    let c = &p.code_paths;
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    let dirs = &lower[..lower.len() - file.len()];
    if c.tests.matches(dirs) || c.tests.matches_file(file) {
        return Vec::new();
    }
    let mut roles = Vec::new();
    if c.alignment.matches(&lower) {
        roles.push(Role::Alignment);
    }
    if c.finetuning.matches(&lower) {
        roles.push(Role::Finetuning);
    }
    if c.pretraining.matches(&lower) {
        roles.push(Role::Pretraining);
    }
    if c.evaluation.matches(&lower) {
        roles.push(if c.safety.matches(&lower) { Role::SafetyEvaluation } else { Role::Evaluation });
    }
    if c.inference.matches_file(file) || c.inference.matches(file) {
        roles.push(Role::Inference);
    }
    roles
}

/// Licence texts and use policies: legal text, not a description of the release.
fn is_legal_text(p: &Phrases, path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    p.licences.files.iter().any(|f| name.contains(f.as_str()))
}

/// A licence found for the repository or the weights, with where it was found.
#[derive(Debug, Clone)]
struct FoundLicence {
    expression: String,
    evidence: Evidence,
}

/// A block of a document, with the document's path.
pub(crate) struct Located<'a> {
    pub(crate) file: &'a str,
    pub(crate) block: &'a Block,
}

impl Located<'_> {
    pub(crate) fn evidence(&self) -> Evidence {
        ev(self.file, Some(self.block.line), &self.block.text)
    }
}

pub(crate) struct Facts<'k> {
    know: &'k Knowledge<'k>,
    spend: &'k Spend,
    pub(crate) p: &'k Phrases,
    inv: Inventory,
    docs: Vec<Document>,
    /// Per document (same order), its Markdown blocks (none for legal texts).
    pub(crate) blocks: Vec<Vec<Block>>,
    card: Option<(usize, CardData)>,
    config: Option<ModelConfig>,
    model_repository: bool,
    repo_licence: Option<FoundLicence>,
    model_licence: Option<FoundLicence>,
    code: Vec<(String, Vec<Role>)>,
    findings: Vec<Finding>,
    name: String,
    id: String,
    /// The name of the release assessed, lowercased.
    pub(crate) target: String,
    pub(crate) chat_template: Option<String>,
}

pub(crate) fn ev(file: &str, line: Option<usize>, text: impl Into<String>) -> Evidence {
    let mut text: String = text.into();
    text = text.trim().to_owned();
    if text.chars().count() > 160 {
        text = text.chars().take(157).collect::<String>() + "...";
    }
    Evidence { file: file.to_owned(), line, text }
}

impl Facts<'_> {
    /// Every block of every descriptive document.
    pub(crate) fn located(&self) -> impl Iterator<Item = Located<'_>> {
        self.docs
            .iter()
            .zip(&self.blocks)
            .flat_map(|(d, bs)| bs.iter().map(move |b| Located { file: d.path.as_str(), block: b }))
    }

    /// Blocks matching `test`, at most `limit`.
    pub(crate) fn find(&self, limit: usize, test: impl Fn(&Block) -> bool) -> Vec<Located<'_>> {
        self.located().filter(|l| test(l.block)).take(limit).collect()
    }

    /// Evidence of the first block where `cue` matches the text (code blocks excluded).
    pub(crate) fn said(&self, cue: &Cue) -> Option<Evidence> {
        self.find(1, |b| b.kind != BlockKind::Code && cue.matches(&b.lower)).first().map(Located::evidence)
    }

    pub(crate) fn card(&self) -> Option<&CardData> {
        self.card.as_ref().map(|(_, c)| c)
    }

    pub(crate) fn card_path(&self) -> &str {
        self.card.as_ref().map_or("README.md", |(i, _)| self.docs[*i].path.as_str())
    }

    pub(crate) fn card_ev(&self, key: &str, text: impl Into<String>) -> Evidence {
        ev(self.card_path(), self.card().and_then(|c| c.line_of(key)), text)
    }

    fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.inv.entries.iter()
    }

    /// A licence name or expression as written somewhere, resolved through the base.
    fn resolve(&self, text: &str) -> Option<String> {
        let text = text.trim().trim_matches(|c: char| c == '*' || c == '`' || c == '"' || c == '.' || c == ':');
        if text.is_empty() {
            return None;
        }
        match self.know.base.resolve_quietly(text) {
            Resolution::Licence(p, _) => Some(p.id.clone()),
            Resolution::NotALicence(n) => n.suggests.clone().filter(|s| s != "NONE"),
            Resolution::Unknown(_) => self.know.base.canonical_expression(text),
        }
    }

    /// Whether the release assessed is named as tuned (instruct, chat...).
    pub(crate) fn tuned_name(&self) -> bool {
        let p = &self.p.names;
        p.tuned.matches(&self.target)
            || self
                .target
                .split(|c: char| !c.is_alphanumeric())
                .any(|t| p.tuned_prefixes.iter().any(|x| t.starts_with(x.as_str())))
    }

    /// Whether the release assessed is one model (a size, a variant), not a family.
    pub(crate) fn specific(&self) -> bool {
        let p = &self.p.names;
        self.tuned_name()
            || p.base.matches(&self.target)
            || self
                .target
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
                .any(|t| crate::stages::is_size(&p.size_suffixes, t))
    }
}

fn read_licence_files(root: &Path, facts: &mut Facts<'_>) {
    let detector = Detector::new(facts.know.base);
    let lp = &facts.p.licences;
    let candidates: Vec<(String, bool)> = facts
        .entries()
        .filter(|e| e.kind == EntryKind::File && e.path.matches('/').count() <= 3)
        .filter_map(|e| {
            let name = e.name_lower();
            let licence_like = lp.files.iter().any(|f| {
                name.starts_with(f.as_str()) || name.match_indices(f.as_str()).any(|(i, _)| name[..i].ends_with('_'))
            }) && !name.starts_with("notice");
            licence_like.then(|| (e.path.clone(), !lp.policies.iter().any(|p| name.starts_with(p.as_str()))))
        })
        .collect();
    for (path, is_licence) in candidates {
        if facts.spend.out_of_time(&path) || facts.spend.out_of_bytes(&path) {
            break;
        }
        let open = openness_read::Open::FOUND;
        let Ok(d) = detector.detect_file(&root.join(&path), open, facts.spend.bytes()) else { continue };
        let Some(id) = d.id.clone() else {
            facts.findings.push(Finding {
                code: "A110",
                severity: Severity::Warning,
                message: format!("`{path}` looks like a licence file, but no licence was recognised in it"),
                evidence: vec![ev(&path, None, d.note.unwrap_or_default())],
            });
            continue;
        };
        if !is_licence {
            continue;
        }
        let line = d.lines.first().map(|l| l.line);
        let text = d.lines.first().map(|l| l.text.clone()).unwrap_or_default();
        let found = FoundLicence {
            expression: id.clone(),
            evidence: ev(&path, line, format!("{text} (detected: {id}, {:.0}%)", d.confidence * 100.0)),
        };
        let name = path.rsplit('/').next().unwrap_or(&path).to_ascii_lowercase();
        let depth = path.matches('/').count();
        let named_for_weights = facts.p.licences.weights_files.iter().any(|w| name.contains(w.as_str()));
        let is_model = named_for_weights
            || facts
                .know
                .base
                .get(&id)
                .is_some_and(|p| p.scope.contains(&Scope::Model) && !p.scope.contains(&Scope::Code));
        if is_model && facts.model_licence.is_none() {
            facts.model_licence = Some(found.clone());
        }
        if !named_for_weights
            && facts.repo_licence.as_ref().is_none_or(|r| r.evidence.file.matches('/').count() > depth)
        {
            facts.repo_licence = Some(found);
        }
    }
}

fn read_docs(
    root: &Path,
    inv: &Inventory,
    spend: &Spend,
    findings: &mut Vec<Finding>,
) -> (Vec<Document>, Option<(usize, CardData)>) {
    let mut docs: Vec<Document> = Vec::new();
    let mut card = None;
    let mut total = 0usize;
    let mut paths: Vec<&Entry> = inv
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::File && extension(e.name_lower()) == "md" && e.path.matches('/').count() <= 3)
        .collect();
    // Cards first (shallowest README, then model cards), then other documents.
    paths.sort_by_key(|e| {
        let n = e.name_lower();
        let rank = if n == "readme.md" {
            0
        } else if n.contains("model_card") || n.contains("modelcard") {
            1
        } else {
            2
        };
        (e.path.matches('/').count(), rank, e.path.clone())
    });
    for e in paths {
        if total > 8 * crate::card::MAX_DOC_BYTES || spend.out_of_time(&e.path) || spend.out_of_bytes(&e.path) {
            break;
        }
        let Some(mut doc) = Document::read(root, &e.path, spend.bytes()) else { continue };
        total += doc.text.len();
        if doc.truncated {
            findings.push(Finding {
                code: "A120",
                severity: Severity::Note,
                message: format!("`{}` is larger than 1 MiB: only its start was read", doc.path),
                evidence: Vec::new(),
            });
        }
        if doc.lossy {
            findings.push(Finding {
                code: "A121",
                severity: Severity::Note,
                message: format!("`{}` is not valid UTF-8: invalid bytes were replaced", doc.path),
                evidence: Vec::new(),
            });
        }
        let (data, error) = read_card(&mut doc);
        if let Some((line, message)) = error {
            findings.push(Finding {
                code: "A122",
                severity: Severity::Warning,
                message: format!("the card's metadata cannot be read: {message}"),
                evidence: vec![ev(&doc.path, Some(line), "front matter")],
            });
        }
        if card.is_none()
            && let Some(data) = data
        {
            card = Some((docs.len(), data));
        }
        docs.push(doc);
    }
    (docs, card)
}

/// A JSON file (index, tokenizer config, package metadata): whole, within 16 MiB, charged to
/// `spend`.
fn read_json(root: &Path, rel: &str, spend: &Spend) -> Option<Vec<u8>> {
    read_capped(root, rel, 16 * 1024 * 1024, spend)
}

fn read_capped(root: &Path, rel: &str, cap: u64, spend: &Spend) -> Option<Vec<u8>> {
    if spend.out_of_time(rel) || spend.out_of_bytes(rel) {
        return None;
    }
    openness_read::read(&root.join(rel), openness_read::Open::FOUND, cap, spend.bytes()).ok()
}

struct WeightFacts {
    summary: WeightsSummary,
    parameters: Option<u64>,
    parameters_source: Option<String>,
    evidence: Vec<Evidence>,
    gguf_license: Option<String>,
}

/// The finding of parameter counts that do not add up in 64 bits.
fn overflow_finding(path: &str) -> Finding {
    Finding {
        code: "A133",
        severity: Severity::Warning,
        message: format!("`{path}`: the parameter counts of the weight headers overflow 64 bits: no count is given"),
        evidence: Vec::new(),
    }
}

fn read_weights(root: &Path, facts: &mut Facts<'_>) -> WeightFacts {
    let mut summary = WeightsSummary::default();
    let mut evidence = Vec::new();
    let mut formats = std::collections::BTreeSet::new();
    let mut dtypes = std::collections::BTreeSet::new();
    let mut exact: Option<u64> = Some(0);
    let mut safetensors_files = 0;
    let mut index_total: Option<u64> = None;
    let mut gguf_license = None;
    let mut gguf_params = None;
    let weight_entries: Vec<&Entry> = facts
        .inv
        .entries
        .iter()
        .filter(|e| {
            let n = e.name_lower();
            let ext = extension(n);
            WEIGHT_EXTENSIONS.contains(&ext)
                && !(ext == "bin"
                    && (n.starts_with("training_args") || n.contains("optimizer") || n.ends_with(".idx.bin")))
                && !n.starts_with("tokenizer")
        })
        .collect();
    for e in weight_entries {
        let n = e.name_lower();
        let ext = extension(n);
        summary.files += 1;
        summary.bytes = summary.bytes.saturating_add(e.size);
        formats.insert(
            match ext {
                "bin" | "pt" | "pth" | "ckpt" | "pkl" => "pytorch",
                "msgpack" => "flax",
                "h5" => "keras",
                other => other,
            }
            .to_owned(),
        );
        match e.kind {
            EntryKind::LfsPointer | EntryKind::ListedLfsPointer => {
                summary.lfs_pointers += 1;
                if ext == "safetensors" {
                    safetensors_files += 1;
                    exact = None;
                }
            }
            EntryKind::Listed => {
                if ext == "safetensors" {
                    safetensors_files += 1;
                    exact = None;
                }
            }
            EntryKind::File if ext == "safetensors" => {
                safetensors_files += 1;
                match read_safetensors(&root.join(&e.path), facts.spend.headers()) {
                    Ok(h) => {
                        exact = match exact.map(|x| x.checked_add(h.parameters)) {
                            Some(None) => {
                                facts.findings.push(overflow_finding(&e.path));
                                None
                            }
                            other => other.flatten(),
                        };
                        dtypes.extend(h.dtypes);
                    }
                    Err(HeaderError::Budget(_)) => {
                        exact = None;
                        facts.spend.reach(Limit::HeaderBytes, &e.path);
                    }
                    Err(err) => {
                        exact = None;
                        facts.findings.push(Finding {
                            code: "A130",
                            severity: Severity::Warning,
                            message: format!("`{}`: {err}", e.path),
                            evidence: Vec::new(),
                        });
                    }
                }
            }
            EntryKind::File if ext == "gguf" => match read_gguf(&root.join(&e.path), facts.spend.headers()) {
                Ok(h) => {
                    gguf_license = gguf_license.or(h.license.clone());
                    gguf_params = gguf_params.or(h.parameters);
                }
                Err(HeaderError::Budget(_)) => facts.spend.reach(Limit::HeaderBytes, &e.path),
                Err(err) => facts.findings.push(Finding {
                    code: "A131",
                    severity: Severity::Warning,
                    message: format!("`{}`: {err}", e.path),
                    evidence: Vec::new(),
                }),
            },
            EntryKind::File => {}
        }
        if evidence.len() < 3 {
            let how = match e.kind {
                EntryKind::LfsPointer => "Git LFS pointer: published, not downloaded",
                EntryKind::ListedLfsPointer => "listed as a Git LFS pointer",
                EntryKind::Listed => "listed in FILES.txt",
                EntryKind::File => "weights on disk",
            };
            evidence.push(ev(&e.path, None, format!("{how} ({} bytes)", e.size)));
        }
    }
    for e in facts.inv.entries.iter().filter(|e| e.name_lower().ends_with(".index.json") && e.kind == EntryKind::File) {
        if let Some((total, shards)) = read_json(root, &e.path, facts.spend).and_then(|b| read_index(&b)) {
            index_total = index_total.or(total);
            evidence.push(ev(
                &e.path,
                None,
                format!("sharded index: {shards} shards{}", total.map(|t| format!(", {t} bytes")).unwrap_or_default()),
            ));
        }
    }
    if summary.lfs_pointers > 0 {
        facts.findings.push(Finding {
            code: "A132",
            severity: Severity::Note,
            message: format!(
                "{} weight file(s) are Git LFS pointers: the weights are published but not downloaded here",
                summary.lfs_pointers
            ),
            evidence: Vec::new(),
        });
    }
    let (parameters, parameters_source) = match (safetensors_files, exact, gguf_params, index_total) {
        (n, Some(p), _, _) if n > 0 => {
            (Some(p), Some(format!("exact: floating-point tensor elements in {n} safetensors header(s)")))
        }
        (_, _, Some(p), _) => (Some(p), Some("exact: tensor shapes in the GGUF header".to_owned())),
        (_, _, _, Some(total)) => {
            match facts.config.as_ref().and_then(|c| c.torch_dtype.as_deref()).and_then(dtype_bytes) {
                Some(b) => (
                    Some(total / b),
                    Some(format!(
                        "estimate: index total size {total} bytes / {b} bytes per {}",
                        facts.config.as_ref().and_then(|c| c.torch_dtype.clone()).unwrap_or_default()
                    )),
                ),
                None => (None, None),
            }
        }
        _ => (None, None),
    };
    summary.formats = formats.into_iter().collect();
    summary.dtypes = dtypes.into_iter().collect();
    WeightFacts { summary, parameters, parameters_source, evidence, gguf_license }
}

/// Parses each descriptive document's body into blocks.
fn parse_blocks(p: &Phrases, docs: &[Document]) -> Vec<Vec<Block>> {
    docs.iter()
        .map(|d| {
            if is_legal_text(p, &d.path) {
                return Vec::new();
            }
            let offset: usize = d.text.split_inclusive('\n').take(d.body_line.saturating_sub(1)).map(str::len).sum();
            crate::markdown::parse(d.text.get(offset..).unwrap_or(""), d.body_line)
        })
        .collect()
}

/// Where `needle` occurs in `line` as a name: not inside a word, a URL or a path, and not
/// negated just before.
fn named_in(negations: &Cue, line: &str, needle: &str) -> bool {
    line.match_indices(needle).any(|(i, _)| {
        let before = line[..i].chars().next_back();
        let rest = &line[i + needle.len()..];
        let mut after = rest.chars();
        let next = after.next();
        // An `org/name` id may stand in a URL; a bare name inside a URL or path is no mention.
        let ok_before = before.is_none_or(|c| {
            !c.is_alphanumeric() && (!matches!(c, '/' | '.' | '-' | '_' | '@') || (c == '/' && needle.contains('/')))
        });
        let ok_after = match next {
            None => true,
            Some(c) if c.is_alphanumeric() || matches!(c, '/' | '_' | '-') => false,
            Some('.') => after.next().is_none_or(|c| !c.is_alphanumeric()),
            Some(_) => true,
        };
        let start = line[..i].char_indices().rev().nth(39).map_or(0, |(k, _)| k);
        ok_before && ok_after && !negations.matches(&line[start..i])
    })
}

/// Datasets named in the card's metadata and the documents. A dataset named under an
/// evaluation heading is a benchmark there, never training data.
fn dataset_mentions(facts: &Facts<'_>, registry: &Registry) -> Vec<DatasetMention> {
    let dp = &facts.p.data;
    let mut out: Vec<DatasetMention> = Vec::new();
    if let Some(card) = facts.card() {
        for name in &card.datasets {
            out.push(DatasetMention {
                name: name.clone(),
                resolved: registry.dataset(name).map(|d| d.id.clone()),
                evidence: facts.card_ev("datasets", format!("datasets: {name}")),
                derived: false,
                part_of_corpus: false,
            });
        }
    }
    for (name, dataset) in registry.dataset_names() {
        if name.len() < 4 && name != "C4" {
            continue;
        }
        if out.iter().any(|m| m.resolved.as_deref() == Some(&dataset.id)) {
            continue;
        }
        let needle = name.to_ascii_lowercase();
        let evaluation = matches!(dataset.stage, Use::Evaluation | Use::SafetyEvaluation);
        let context = if evaluation { &dp.evaluation_context } else { &dp.training_context };
        let exact_case = name == "C4" || name == "Pile" || name == "Stories";
        let hits = facts.find(3, |b| {
            b.kind != BlockKind::Code
                && named_in(&dp.negations, &b.lower, &needle)
                && context.matches(&b.lower)
                && (evaluation || !b.section.iter().any(|h| dp.evaluation_sections.matches(h)))
                && (evaluation || !dp.usage.matches(&b.lower))
                && (!exact_case || b.text.contains(name))
        });
        if let Some(hit) = hits.first() {
            let lower = &hit.block.lower;
            out.push(DatasetMention {
                name: name.to_owned(),
                resolved: Some(dataset.id.clone()),
                evidence: hit.evidence(),
                derived: dp.derived.matches(lower),
                part_of_corpus: dataset.source && part_of_linked_corpus(&dp.partitives, hit.block, &needle),
            });
        }
    }
    out
}

/// Whether a raw source is named, after `needle`, as a part of a linked corpus: "the wikipedia
/// and arxiv parts of the [corpus](…)". A link names a published corpus; a plain list of sources
/// does not. Read on the block's text with each link's text bracketed again.
fn part_of_linked_corpus(partitives: &[String], block: &Block, needle: &str) -> bool {
    if block.links.is_empty() {
        return false;
    }
    let mut text = block.lower.clone();
    for l in &block.links {
        if !l.text.is_empty() {
            text = text.replacen(&l.text, &format!("[{}]", l.text), 1);
        }
    }
    text.find(needle).is_some_and(|i| partitives.iter().any(|p| text[i..].contains(p.as_str())))
}

/// Licences the documents state in prose: for the code, for the weights, and unqualified. A
/// licence section's first paragraph is read as the licence of what the document describes.
fn prose_licences(facts: &Facts<'_>) -> (Option<FoundLicence>, Option<FoundLicence>) {
    let lp = &facts.p.licences;
    let mut code = None;
    let mut weights = None;
    let card_doc = facts.card.as_ref().map(|(i, _)| *i);
    for (k, (doc, blocks)) in facts.docs.iter().zip(&facts.blocks).enumerate() {
        let model_doc = Some(k) == card_doc || doc.path.to_ascii_lowercase().contains("model_card");
        let mut under_heading: Option<usize> = None;
        for (j, b) in blocks.iter().enumerate().take(3000) {
            if b.kind == BlockKind::Code {
                continue;
            }
            if let BlockKind::Heading(_) = b.kind {
                let h = b.lower.trim_end_matches(':').trim();
                under_heading =
                    lp.headings.iter().any(|w| h.ends_with(w.as_str()) && h.len() <= w.len() + 12).then_some(j);
                continue;
            }
            let first_in_section = under_heading.is_some_and(|h| h + 1 == j);
            let links_licence = b.links.iter().any(|l| l.url.to_ascii_lowercase().contains("licen"));
            if !b.lower.contains("licen") && !first_in_section && !links_licence {
                continue;
            }
            let mut text = b.text.clone();
            for brk in &lp.clause_breaks {
                text = text.replace(brk.as_str(), "\u{1}");
            }
            for clause in text.split('\u{1}') {
                let lower = clause.to_ascii_lowercase();
                let value = if first_in_section && !lower.contains("licen") {
                    clause.to_owned()
                } else {
                    match lp
                        .markers
                        .iter()
                        .find_map(|m| lower.find(m.as_str()).map(|i| clause[i + m.len()..].to_owned()))
                    {
                        Some(v) => v,
                        None if first_in_section => clause.to_owned(),
                        None => continue,
                    }
                };
                let candidate =
                    value.split(['(', ';', ',']).next().unwrap_or("").trim().trim_end_matches('.').to_owned();
                let words: Vec<&str> = candidate.split_whitespace().collect();
                let found = (1..=words.len().min(8)).rev().find_map(|m| {
                    let phrase = words[..m].join(" ");
                    facts.resolve(&phrase).or_else(|| facts.resolve(&format!("{} {phrase}", facts.name)))
                });
                let Some(expression) = found else { continue };
                let f = FoundLicence { expression, evidence: ev(&doc.path, Some(b.line), &b.text) };
                // "The model code is MIT": code; "the model weights are X": weights.
                let weights_named = lower.contains("weight");
                let about_code = lp.about_code.matches(&lower) && !weights_named;
                let about_weights = weights_named
                    || lp.about_weights.matches(&lower) && !about_code
                    || (first_in_section || lower.trim_start().starts_with("licen")) && model_doc && !about_code;
                if about_code && code.is_none() {
                    code = Some(f.clone());
                }
                if about_weights && weights.is_none() {
                    weights = Some(f);
                }
            }
        }
    }
    (code, weights)
}

/// Pushes a claim.
pub(crate) fn push(
    out: &mut Vec<Claim>,
    component: Component,
    what: What,
    value: &str,
    evidence: Evidence,
    strength: Strength,
) {
    out.push(Claim::new(component, what, value, evidence, strength));
}

/// The weights: files, pointers, the Hub card, statements, links, scripts, gates; and their
/// licence from the most specific source.
fn weights_claims(facts: &Facts<'_>, w: &WeightFacts, lineage: &[BaseModel], out: &mut Vec<Claim>) -> Vec<Finding> {
    let c = Component::DeploymentDataWeights;
    let p = &facts.p.weights;
    let mut findings = Vec::new();
    if let Some(e) = facts.said(&p.closed) {
        push(out, c, What::Availability, "closed", e, Strength::Explicit);
    }
    // Gating is read sentence by sentence: "apply for access" to something else is no gate.
    let gated_said = facts
        .find(1, |b| b.kind != BlockKind::Code && crate::stages::sentences(&b.lower).any(|s| p.gated.matches(s)))
        .first()
        .map(Located::evidence);
    if let Some(e) = gated_said.clone() {
        push(out, c, What::Availability, "gated", e, Strength::Explicit);
    }
    if facts.card().is_some_and(|c| c.gated) {
        let e = ev(facts.card_path(), None, "the card gates access (extra_gated_*)");
        push(out, c, What::Availability, "gated", e, Strength::Metadata);
    }
    let open = if gated_said.is_some() || facts.card().is_some_and(|c| c.gated) { "gated" } else { "open" };
    for e in w.evidence.iter().take(2) {
        push(out, c, What::Availability, open, e.clone(), Strength::FilePresence);
    }
    if let Some(d) = facts.said(&p.download) {
        push(out, c, What::Availability, open, d, Strength::Explicit);
    }
    let command = facts.find(1, |b| b.kind == BlockKind::Code && p.commands.matches(&b.lower));
    if let Some(b) = command.first() {
        push(out, c, What::Availability, open, b.evidence(), Strength::Explicit);
    }
    let to_weights = |url: &str| {
        let url = url.to_ascii_lowercase();
        p.hosts.iter().any(|h| {
            url.split_once(h.as_str()).is_some_and(|(_, rest)| {
                rest.split('/').filter(|s| !s.is_empty()).count() >= 2
                    && !p.not_models.iter().any(|n| rest.starts_with(n.as_str()))
            })
        })
    };
    let hub_link = facts.located().find_map(|b| {
        b.block.links.iter().find(|l| to_weights(&l.url)).map(|l| (ev(b.file, Some(b.block.line), ""), l.url.clone()))
    });
    if let Some((e, url)) = hub_link.clone() {
        let e = Evidence { text: format!("links to the weights: {url}"), ..e };
        push(out, c, What::Availability, open, e, Strength::Explicit);
    }
    if let Some(card) = facts
        .card()
        .filter(|c| !c.license.is_empty() || c.pipeline_tag.is_some() || c.library_name.is_some() || !c.tags.is_empty())
    {
        let key = if !card.license.is_empty() {
            "license"
        } else if card.pipeline_tag.is_some() {
            "pipeline_tag"
        } else {
            "tags"
        };
        push(
            out,
            c,
            What::Availability,
            open,
            facts.card_ev(key, "Hugging Face model card metadata: published on the Hub"),
            Strength::Metadata,
        );
    }
    if let Some(s) = facts.entries().find(|e| {
        let n = e.name_lower();
        p.scripts.iter().any(|s| n.starts_with(s.as_str())) && is_code(facts.p, n)
    }) {
        push(out, c, What::Availability, open, ev(&s.path, None, "download script"), Strength::FilePresence);
    }
    // Licences, most specific first.
    if let Some(l) = &facts.model_licence {
        push(out, c, What::Licence, &l.expression, l.evidence.clone(), Strength::Explicit);
    }
    let card_licence = card_licences(facts, &mut findings);
    for l in &card_licence {
        push(out, c, What::Licence, &l.expression, l.evidence.clone(), Strength::Metadata);
    }
    if let Some(l) = w.gguf_license.as_deref().and_then(|l| facts.resolve(l)) {
        push(out, c, What::Licence, &l, ev("(gguf header)", None, "general.license"), Strength::Metadata);
    }
    let (_, prose_weights) = prose_licences(facts);
    if let Some(l) = &prose_weights {
        push(out, c, What::Licence, &l.expression, l.evidence.clone(), Strength::Metadata);
    }
    // Weights that the documents download or link from a registered family whose licence
    // binds derivatives are under it, whether they are the family's or derived from it: that
    // is more specific than the repository's code licence.
    let stated = out.iter().any(|x| x.component == c && x.what == What::Licence && x.strength > Strength::Convention);
    let linked_family = command
        .iter()
        .flat_map(|b| {
            b.block.lower.split(|ch: char| ch.is_whitespace() || matches!(ch, '"' | '\'' | '(' | ')' | '=' | ',')).map(
                move |w| {
                    (
                        ev(b.file, Some(b.block.line), ""),
                        w.trim_matches(|ch: char| !ch.is_ascii_alphanumeric()).to_owned(),
                    )
                },
            )
        })
        .chain(hub_link.iter().map(|(e, url)| (e.clone(), url.clone())))
        .find_map(|(e, id)| crate::lineage::lookup(lineage, &id).filter(|b| b.binds_derivatives).map(|b| (e, id, b)));
    match (&linked_family, &facts.repo_licence) {
        (Some((e, id, b)), _) if !stated => {
            let text = format!("the weights named, {id}, are of the {} family, under {}", b.family, b.license);
            push(out, c, What::Licence, &b.license, Evidence { text, ..e.clone() }, Strength::Metadata);
        }
        _ => {}
    }
    // The repository's licence covers the weights by convention, unless they are gated behind
    // terms the repository does not hold.
    let gated_elsewhere = open == "gated" && !facts.model_repository && !stated;
    if let Some(l) = facts.repo_licence.as_ref().filter(|_| !gated_elsewhere) {
        push(out, c, What::Licence, &l.expression, l.evidence.clone(), Strength::Convention);
    }
    // Lineage: a base whose licence binds derivatives.
    let bases: Vec<(Evidence, &BaseModel)> = facts
        .card()
        .into_iter()
        .flat_map(|card| card.base_model.iter())
        .filter_map(|id| {
            crate::lineage::lookup(lineage, id)
                .map(|b| (facts.card_ev("base_model", format!("base_model: {id} ({})", b.family)), b))
        })
        .chain(crate::stages::prose_bases(facts).into_iter().filter_map(|(e, id)| {
            crate::lineage::lookup(lineage, &id)
                .map(|b| (Evidence { text: format!("{} ({})", e.text, b.family), ..e }, b))
        }))
        .collect();
    for (e, b) in bases.into_iter().filter(|(_, b)| b.binds_derivatives).take(1) {
        let declared = out
            .iter()
            .filter(|x| x.component == c && x.what == What::Licence)
            .max_by_key(|x| x.strength)
            .map(|x| x.value.clone());
        let rubric = openness_core::Rubric::default();
        let points = |l: &str| facts.know.base.score(l, rubric).ok().map(|s| s.points);
        match declared {
            Some(d) if d != b.license => {
                if points(&d) > points(&b.license) {
                    findings.push(Finding {
                        code: "A115",
                        severity: Severity::Warning,
                        message: format!(
                            "licence drift: the card declares {d}, but the base model ({}) is under {}, which binds derivatives",
                            b.family, b.license
                        ),
                        evidence: vec![e.clone()],
                    });
                }
                let both = format!("{d} AND {}", b.license);
                push(out, c, What::Licence, &both, e, Strength::Explicit);
            }
            Some(_) => {}
            None => push(out, c, What::Licence, &b.license, e, Strength::Metadata),
        }
    }
    findings
}

/// The licence the publisher puts on what this repository holds: its licence file, else its
/// card's licence.
fn publisher_licence(facts: &Facts<'_>) -> Option<FoundLicence> {
    facts.repo_licence.clone().or_else(|| card_licences(facts, &mut Vec::new()).into_iter().next())
}

/// Hub datasets in the commands that reproduce the release (documents or sections about it):
/// `--dataset_name org/sft-mix`. The dataset's name says which stage it feeds; a registry entry
/// is a part, an unknown dataset published data under, by convention, the publisher's licence.
fn command_data_claims(facts: &Facts<'_>, out: &mut Vec<Claim>) {
    let stages = &facts.p.data.command_stages;
    let mut done: Vec<Component> = Vec::new();
    for h in facts.located().filter(|h| h.block.kind == BlockKind::Code).take(2000) {
        if !crate::stages::block_about_release(facts, &h) {
            continue;
        }
        for line in h.block.text.lines() {
            let lower = line.to_ascii_lowercase();
            let mut words = lower.split(|c: char| c.is_whitespace() || matches!(c, '=' | '"' | '\'' | ','));
            // The words after an argument that names data.
            let mut after_data = false;
            for w in words.by_ref() {
                let id = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
                let is_id = id.split('/').count() == 2 && id.split('/').all(|s| !s.is_empty()) && !id.contains("..");
                if after_data && is_id {
                    let name = id.rsplit('/').next().unwrap_or(id);
                    let tokens: Vec<&str> = name.split(['-', '_', '.']).collect();
                    let words_of = |cue: &Cue| tokens.iter().any(|t| cue.words.iter().any(|w| w == t));
                    let c = if words_of(&stages.alignment) {
                        Component::TrainingDataAlignment
                    } else if words_of(&stages.sft) {
                        Component::TrainingDataSft
                    } else {
                        continue;
                    };
                    if done.contains(&c) {
                        continue;
                    }
                    done.push(c);
                    let e = ev(
                        h.file,
                        Some(h.block.line),
                        format!("the commands that reproduce the release train on {id}"),
                    );
                    hub_data_claims(facts, c, id, e, Strength::Explicit, out);
                }
                after_data = w.contains("data");
            }
        }
    }
}

/// Datasets the documents link to on a hub, in a sentence that says which stage they feed: a
/// registry entry is a part; an unknown dataset is published data under, by convention, the
/// publisher's licence.
fn linked_data_claims(facts: &Facts<'_>, out: &mut Vec<Claim>) {
    let dp = &facts.p.data;
    let hosts = &facts.p.weights.hosts;
    let stages = [
        (Component::TrainingDataPretraining, &dp.linked_pretraining),
        (Component::TrainingDataSft, &dp.linked_sft),
        (Component::TrainingDataAlignment, &dp.linked_alignment),
    ];
    for (c, cue) in stages {
        let hit = facts.located().find_map(|b| {
            if b.block.kind == BlockKind::Code || !cue.matches(&b.block.lower) {
                return None;
            }
            b.block.links.iter().find_map(|l| {
                let url = l.url.to_ascii_lowercase();
                // A dataset, or a collection the link calls datasets.
                let dataset = |h: &String| url.split_once(&format!("{h}datasets/")).map(|(_, id)| id.to_owned());
                let collection = |h: &String| {
                    url.split_once(&format!("{h}collections/"))
                        .filter(|_| l.text.contains("data"))
                        .map(|(_, id)| id.to_owned())
                };
                let id = hosts.iter().find_map(|h| dataset(h).or_else(|| collection(h)))?;
                let id: String = id.split('/').take(2).collect::<Vec<_>>().join("/");
                id.contains('/').then(|| (ev(b.file, Some(b.block.line), format!("links to the data: {}", l.url)), id))
            })
        });
        let Some((e, id)) = hit else { continue };
        hub_data_claims(facts, c, &id, e, Strength::Metadata, out);
    }
}

/// The claims a Hub dataset makes for stage `c`: a registry entry is a part; an unknown dataset
/// is published data (`strength` says how surely it is the stage's) under, by convention, the
/// publisher's licence.
fn hub_data_claims(facts: &Facts<'_>, c: Component, id: &str, e: Evidence, strength: Strength, out: &mut Vec<Claim>) {
    match facts.know.registry.dataset(id) {
        Some(d) => {
            let mut claim = Claim::new(c, What::Part, d.name.clone(), e, Strength::Metadata);
            claim.part = Some(openness_core::PartFacts {
                name: d.name.clone(),
                availability: d.availability,
                licence: d.licence.clone(),
            });
            out.push(claim);
        }
        None => {
            push(out, c, What::Availability, "open", e, strength);
            if let Some(l) = publisher_licence(facts) {
                let text = format!("the data is taken to share the publisher's licence: {}", l.expression);
                push(out, c, What::Licence, &l.expression, Evidence { text, ..l.evidence }, Strength::Convention);
            }
        }
    }
}

/// The card's `license` (and `license_name` / `license_link` for `other`).
fn card_licences(facts: &Facts<'_>, findings: &mut Vec<Finding>) -> Vec<FoundLicence> {
    let Some(card) = facts.card() else { return Vec::new() };
    let path = facts.card_path().to_owned();
    let line = card.line_of("license");
    let mut out = Vec::new();
    let other = card.license.iter().all(|l| l == "other" || l == "unknown");
    if other && (card.license_name.is_some() || card.license_link.is_some()) {
        let named = card
            .license_name
            .as_deref()
            .and_then(|n| facts.resolve(n).or_else(|| facts.resolve(&n.replace(['-', '_'], " "))));
        let linked = card.license_link.as_deref().and_then(|link| {
            let file = link.trim_start_matches("./").rsplit('/').next().unwrap_or(link).to_owned();
            facts
                .model_licence
                .iter()
                .chain(facts.repo_licence.iter())
                .find(|f| f.evidence.file.ends_with(&file))
                .map(|f| f.expression.clone())
                .or_else(|| facts.resolve(link))
        });
        match named.or(linked) {
            Some(e) => out.push(FoundLicence {
                expression: e,
                evidence: ev(&path, card.line_of("license_name").or(card.line_of("license_link")).or(line), format!(
                    "license: other ({})",
                    card.license_name.clone().or(card.license_link.clone()).unwrap_or_default()
                )),
            }),
            None => findings.push(Finding {
                code: "A111",
                severity: Severity::Warning,
                message: "the card says `license: other` but neither `license_name` nor `license_link` leads to a known licence".to_owned(),
                evidence: vec![ev(&path, line, "license: other")],
            }),
        }
        return out;
    }
    for l in card.license.iter().filter(|l| *l != "other" && *l != "unknown") {
        match facts.resolve(l) {
            Some(e) => {
                out.push(FoundLicence { expression: e, evidence: ev(&path, line, format!("license: {l}")) });
                break;
            }
            None => findings.push(Finding {
                code: "A112",
                severity: Severity::Warning,
                message: format!("the card's licence `{l}` is not in the licence base"),
                evidence: vec![ev(&path, line, format!("license: {l}"))],
            }),
        }
    }
    out
}

/// The licence claims that go with code found in the repository.
fn code_licence_claims(facts: &Facts<'_>, c: Component, out: &mut Vec<Claim>, prose_code: Option<&FoundLicence>) {
    if let Some(l) = &facts.repo_licence {
        push(out, c, What::Licence, &l.expression, l.evidence.clone(), Strength::Explicit);
    }
    if let Some(l) = prose_code {
        push(out, c, What::Licence, &l.expression, l.evidence.clone(), Strength::Metadata);
    }
    if let Some(l) = &facts.model_licence {
        push(out, c, What::Licence, &l.expression, l.evidence.clone(), Strength::Convention);
    }
}

/// Code for a stage: files in the repository, public code linked or named for it.
#[allow(clippy::too_many_arguments)]
fn code_claims(
    facts: &Facts<'_>,
    c: Component,
    role: Role,
    uses: &[Use],
    linked: &Cue,
    verbs: &Cue,
    prose_code: Option<&FoundLicence>,
    out: &mut Vec<Claim>,
) {
    let files: Vec<&String> = facts.code.iter().filter(|(_, r)| r.contains(&role)).map(|(p, _)| p).take(2).collect();
    for f in &files {
        push(out, c, What::Availability, "open", ev(f, None, "code file"), Strength::FilePresence);
    }
    if !files.is_empty() {
        code_licence_claims(facts, c, out, prose_code);
    }
    let hosts = &facts.p.linked_code.hosts;
    // A link to a code host in a sentence that says what the code is for. Pointing users to
    // the harness that evaluates the model, in its evaluation section, is its evaluation code;
    // pointing them to tools to train it is not the publisher's training code.
    let evaluation_section =
        |b: &Block| role == Role::Evaluation && b.section.iter().any(|h| facts.p.data.evaluation_sections.matches(h));
    if let Some(b) = facts
        .find(1, |b| {
            b.kind != BlockKind::Code
                && linked.matches(&b.lower)
                && (evaluation_section(b) || !facts.p.linked_code.usage.matches(&b.lower))
                && b.links.iter().any(|l| hosts.iter().any(|h| l.url.to_ascii_lowercase().contains(h.as_str())))
        })
        .first()
    {
        let url = b
            .block
            .links
            .iter()
            .find(|l| hosts.iter().any(|h| l.url.to_ascii_lowercase().contains(h.as_str())))
            .map(|l| l.url.clone())
            .unwrap_or_default();
        push(
            out,
            c,
            What::Availability,
            "open",
            ev(b.file, Some(b.block.line), format!("links to its code: {url}")),
            Strength::Explicit,
        );
        let known = facts.know.registry.software.iter().find(|sw| {
            url.to_ascii_lowercase()
                .trim_end_matches('/')
                .ends_with(&sw.url.to_ascii_lowercase().trim_start_matches("https://").to_owned())
        });
        match known {
            Some(sw) => push(
                out,
                c,
                What::Licence,
                &sw.licence,
                ev(b.file, Some(b.block.line), format!("{} is under {}", sw.name, sw.licence)),
                Strength::Metadata,
            ),
            None => {
                if let Some(l) = publisher_licence(facts) {
                    let e = ev(
                        &l.evidence.file,
                        l.evidence.line,
                        format!("the linked code is taken to share the publisher's licence: {}", l.expression),
                    );
                    push(out, c, What::Licence, &l.expression, e, Strength::Convention);
                }
            }
        }
    }
    // A public framework of the software registry named for the stage.
    for (name, sw) in facts.know.registry.software_names() {
        if !sw.stages.iter().any(|s| uses.contains(s)) || name.len() < 4 {
            continue;
        }
        let needle = name.to_ascii_lowercase();
        // A guide filed under the framework's own name documents it for users.
        if let Some(b) = facts.located().find(|h| {
            let b = h.block;
            b.kind != BlockKind::Code
                && b.lower.contains(&needle)
                && verbs.matches(&b.lower)
                && !facts.p.linked_code.usage.matches(&b.lower)
                && !h.file.to_ascii_lowercase().contains(&needle)
        }) {
            push(out, c, What::Availability, "open", b.evidence(), Strength::Metadata);
            push(
                out,
                c,
                What::Licence,
                &sw.licence,
                ev(b.file, Some(b.block.line), format!("{} is under {}", sw.name, sw.licence)),
                Strength::Metadata,
            );
            break;
        }
    }
}

/// The developer's own code repository, for a folder that holds no code (a model card, a Hub
/// copy): the one the card's contact field sends questions and issues to
/// (`host/org/repo/issues`), or, where the card states the licence of the publisher's own code
/// ("our code is distributed under …"), the repository it links as its code. Returns the
/// repository's URL and the evidence.
fn project_repository(facts: &Facts<'_>, prose_code: Option<&FoundLicence>) -> Option<(String, Evidence)> {
    if !facts.code.is_empty() {
        return None;
    }
    let lc = &facts.p.linked_code;
    // `host/org/repo` and the path part after it.
    let repo_of = |url: &str| -> Option<(String, String)> {
        let lower = url.to_ascii_lowercase();
        let host = lc.hosts.iter().find(|h| lower.contains(h.as_str()))?;
        let (_, tail) = lower.split_once(host.as_str())?;
        let mut parts = tail.split(['/', '#', '?']);
        let org = parts.next().filter(|s| !s.is_empty())?;
        let repo = parts.next().filter(|s| !s.is_empty())?;
        Some((format!("{host}{org}/{repo}"), parts.next().unwrap_or("").to_owned()))
    };
    // The links of the prose (of the contact field only, when `contact`).
    let links = |contact: bool| {
        facts
            .located()
            .filter(move |h| h.block.kind != BlockKind::Code && (!contact || lc.contact.matches(&h.block.lower)))
            .flat_map(|h| h.block.links.iter().map(move |l| (ev(h.file, Some(h.block.line), ""), l)))
    };
    let issues = links(true).find_map(|(e, l)| {
        let (repo, next) = repo_of(&l.url)?;
        let text = format!("questions and issues go to the developer's repository: {}", l.url);
        (next == "issues").then_some((repo, Evidence { text, ..e }))
    });
    let code_stated = prose_code.is_some_and(|l| lc.own_code.matches(&l.evidence.text.to_ascii_lowercase()));
    issues.or_else(|| {
        links(false).filter(|_| code_stated).find_map(|(e, l)| {
            let (repo, _) = repo_of(&l.url)?;
            let text = format!("the publisher's code, whose licence it states: {}", l.url);
            lc.project_links.matches(&l.text).then_some((repo, Evidence { text, ..e }))
        })
    })
}

/// The stages whose code the developer's project repository holds: a tuned release's
/// fine-tuning (the folder holding none of its own), and the stages a registered framework's
/// repository serves, under the registry's licence or the one the publisher states for its code.
fn project_repository_claims(facts: &Facts<'_>, prose_code: Option<&FoundLicence>, out: &mut Vec<Claim>) {
    let Some((repo, e)) = project_repository(facts, prose_code) else { return };
    let known = facts
        .know
        .registry
        .software
        .iter()
        .find(|sw| sw.url.to_ascii_lowercase().trim_start_matches("https://").trim_end_matches('/') == repo);
    let serves = |u: Use| known.is_none_or(|sw| sw.stages.contains(&u));
    let mut components = Vec::new();
    if crate::stages::tuned(out)
        && serves(Use::Finetuning)
        && !facts.code.iter().any(|(_, r)| r.contains(&Role::Finetuning))
    {
        components.push(Component::TrainingCodeFinetuning);
    }
    if known.is_some_and(|sw| sw.stages.contains(&Use::Evaluation)) {
        components.push(Component::EvaluationCodeGeneral);
    }
    let licence = match known {
        Some(sw) => Some((sw.licence.clone(), ev(&e.file, e.line, format!("{} is under {}", sw.name, sw.licence)))),
        None => prose_code.map(|l| (l.expression.clone(), l.evidence.clone())),
    };
    for c in components {
        push(out, c, What::Availability, "open", e.clone(), Strength::Convention);
        if let Some((l, le)) = &licence {
            push(out, c, What::Licence, l, le.clone(), Strength::Metadata);
        }
    }
}

/// Data for a stage from the named datasets.
fn part_claims(c: Component, found: &[(&DatasetMention, &Dataset)], out: &mut Vec<Claim>) {
    for (m, d) in found {
        let mut claim = Claim::new(
            c,
            What::Part,
            d.name.clone(),
            Evidence { text: format!("{} → {}", m.evidence.text, d.name), ..m.evidence.clone() },
            Strength::Metadata,
        );
        claim.part = Some(openness_core::PartFacts {
            name: d.name.clone(),
            availability: d.availability,
            licence: d.licence.clone(),
        });
        out.push(claim);
    }
}

/// Turns the resolved claims of a component into its draft under one rubric.
fn draft(component: Component, claims: &[Claim], know: &Knowledge<'_>, options: &Options) -> ComponentDraft {
    let r = resolve(component, claims);
    let facts = ComponentFacts { availability: r.availability, licence: r.licence.clone(), parts: r.parts.clone() };
    let (level, reason) = match grade(component, &facts, know.base, options.rubric) {
        Ok(g) => (g.computed.unwrap_or(Level::Unknown), format!("{}; {}", r.why, g.reason)),
        Err(e) => (Level::Unknown, e.to_string()),
    };
    let evidence: Vec<Evidence> = r
        .claims
        .iter()
        .filter(|c| c.decisive && c.what != What::Part)
        .map(|c| c.evidence.clone())
        .chain(r.claims.iter().filter(|c| c.decisive && c.what == What::Part).take(5).map(|c| c.evidence.clone()))
        .collect();
    ComponentDraft {
        component,
        availability: facts.availability,
        license: match facts.licence {
            LicenceFact::Expression(e) => Some(e),
            LicenceFact::NoLicence => Some("NONE".to_owned()),
            LicenceFact::NotStated => None,
        },
        part_names: facts.parts.iter().map(|p| p.name.clone()).collect(),
        parts: facts.parts,
        level,
        confidence: r.confidence,
        evidence,
        reason,
        claims: r.claims,
    }
}

/// Assesses the repository at `dir`.
pub fn assess(dir: &Path, know: &Knowledge<'_>, options: &Options) -> Result<Report, AssessError> {
    check_dir(dir)?;
    let p = crate::phrases::embedded().map_err(AssessError::Data)?;
    let lineage = crate::lineage::embedded().map_err(AssessError::Data)?;
    let spend = Spend::new(options.limits);
    let inv = walk(dir, &spend);
    let mut findings: Vec<Finding> = inv
        .notes
        .iter()
        .map(|n| Finding {
            code: "A100",
            severity: Severity::Note,
            message: format!("`{}`: {}", n.path, n.message),
            evidence: Vec::new(),
        })
        .collect();
    let (docs, card) = read_docs(dir, &inv, &spend, &mut findings);
    let blocks = parse_blocks(p, &docs);
    let config_entry = inv
        .entries
        .iter()
        .filter(|e| e.name_lower() == "config.json" && e.kind == EntryKind::File)
        .min_by_key(|e| e.path.matches('/').count())
        .cloned();
    let config = config_entry
        .as_ref()
        .and_then(|e| read_capped(dir, &e.path, crate::weights::MAX_CONFIG_BYTES, &spend))
        .and_then(|b| read_config(&b))
        .filter(|c| c.model_type.is_some() || !c.architectures.is_empty());
    let folder = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|f| f.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "model".to_owned());
    let card_name = card.as_ref().and_then(|(_, c)| c.model_name.clone());
    let heading = card
        .as_ref()
        .and_then(|(i, _)| blocks[*i].iter().find(|b| b.kind == BlockKind::Heading(1)).map(|b| b.text.clone()));
    let name =
        card_name.clone().or(heading).filter(|n| n.len() <= 80 && !n.is_empty()).unwrap_or_else(|| folder.clone());
    // The release assessed: named by the user, else by the card's metadata, else the folder.
    let assessed = match (&options.model, &card_name) {
        (Some(m), _) => AssessedRelease { name: m.clone(), source: "--model".to_owned() },
        (None, Some(n)) => {
            AssessedRelease { name: n.clone(), source: "card metadata (model-index / model_name)".to_owned() }
        }
        (None, None) => AssessedRelease { name: folder.clone(), source: "folder name".to_owned() },
    };
    let id = options.id.clone().unwrap_or_else(|| openness_catalogue::record::id_from_name(&folder));
    let code: Vec<(String, Vec<Role>)> =
        inv.entries.iter().filter(|e| is_code(p, &e.path)).map(|e| (e.path.clone(), code_roles(p, &e.path))).collect();
    let release_files = |e: &Entry| {
        let name = e.name_lower();
        WEIGHT_EXTENSIONS.contains(&extension(name)) || crate::dates::is_licence_file(name)
    };
    if docs.is_empty() && config.is_none() && code.is_empty() && !inv.entries.iter().any(release_files) {
        return Err(AssessError::NoModelFiles { path: dir.display().to_string(), empty: inv.entries.is_empty() });
    }
    let model_repository = config.is_some()
        || inv.entries.iter().any(|e| WEIGHT_EXTENSIONS.contains(&extension(e.name_lower())) && e.size > 1_000_000);
    let chat_template = inv
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::File)
        .filter(|e| {
            let n = e.name_lower();
            n == "tokenizer_config.json" || n == "chat_template.json" || n.ends_with(".jinja")
        })
        .find(|e| {
            e.name_lower() != "tokenizer_config.json"
                || read_json(dir, &e.path, &spend)
                    .is_some_and(|b| String::from_utf8_lossy(&b).contains("\"chat_template\""))
        })
        .map(|e| e.path.clone());
    let mut facts = Facts {
        know,
        spend: &spend,
        p,
        inv,
        docs,
        blocks,
        card,
        config,
        model_repository,
        repo_licence: None,
        model_licence: None,
        code,
        findings,
        name,
        id,
        target: assessed.name.to_ascii_lowercase(),
        chat_template,
    };
    read_licence_files(dir, &mut facts);
    let weights = read_weights(dir, &mut facts);
    for message in spend.reached() {
        facts.findings.push(Finding { code: "A101", severity: Severity::Warning, message, evidence: Vec::new() });
    }
    let mut claims: Vec<Claim> = Vec::new();
    let more = weights_claims(&facts, &weights, lineage, &mut claims);
    facts.findings.extend(more);
    licence_conflicts(dir, &mut facts, &claims);
    crate::stages::stage_claims(&facts, &mut claims);
    let (prose_code, _) = prose_licences(&facts);
    let lc = &p.linked_code;
    project_repository_claims(&facts, prose_code.as_ref(), &mut claims);

    // Code. A release made from another model did not pre-train: its training code is its
    // fine-tuning code.
    if crate::stages::derivative(&facts).is_some() {
        for (_, roles) in &mut facts.code {
            if roles.contains(&Role::Pretraining)
                && !roles.contains(&Role::Alignment)
                && !roles.contains(&Role::Finetuning)
            {
                roles.push(Role::Finetuning);
            }
        }
    }
    use Component as C;
    code_claims(
        &facts,
        C::TrainingCodePretraining,
        Role::Pretraining,
        &[Use::Pretraining],
        &lc.pretraining,
        &lc.framework_verbs.pretraining,
        prose_code.as_ref(),
        &mut claims,
    );
    pretraining_configs(&facts, &mut claims);
    push(
        &mut claims,
        C::TrainingCodePretraining,
        What::Availability,
        "closed",
        ev(facts.card_path(), None, "no training code was found"),
        Strength::Convention,
    );
    // A guide to a public framework (its folder or name says which) documents that framework
    // for users, not the publisher's own fine-tuning code. The framework names are lowercased
    // once, and only the few guides are compared with them.
    let frameworks: Vec<String> = know
        .registry
        .software
        .iter()
        .flat_map(|sw| std::iter::once(&sw.id).chain(&sw.aliases))
        .map(|a| a.to_ascii_lowercase())
        .filter(|a| a.len() >= 4 && !a.contains('/'))
        .collect();
    if let Some(g) = facts.entries().find(|e| {
        let n = e.name_lower();
        extension(n) == "md" && p.code_paths.finetuning_guides.iter().any(|f| n.contains(f.as_str())) && {
            let path = e.path.to_ascii_lowercase();
            !frameworks.iter().any(|a| path.split('/').any(|d| d.contains(a.as_str())))
        }
    }) {
        push(
            &mut claims,
            C::TrainingCodeFinetuning,
            What::Availability,
            "open",
            ev(&g.path, None, "a fine-tuning guide documents the repository's code"),
            Strength::Explicit,
        );
        code_licence_claims(&facts, C::TrainingCodeFinetuning, &mut claims, prose_code.as_ref());
    }
    code_claims(
        &facts,
        C::TrainingCodeFinetuning,
        Role::Finetuning,
        &[Use::Finetuning],
        &lc.finetuning,
        &lc.framework_verbs.finetuning,
        prose_code.as_ref(),
        &mut claims,
    );
    code_claims(
        &facts,
        C::TrainingCodeAlignment,
        Role::Alignment,
        &[Use::Alignment],
        &lc.alignment,
        &lc.framework_verbs.alignment,
        prose_code.as_ref(),
        &mut claims,
    );
    code_claims(
        &facts,
        C::EvaluationCodeGeneral,
        Role::Evaluation,
        &[Use::Evaluation],
        &lc.evaluation,
        &lc.framework_verbs.evaluation,
        prose_code.as_ref(),
        &mut claims,
    );
    push(
        &mut claims,
        C::EvaluationCodeGeneral,
        What::Availability,
        "closed",
        ev(facts.card_path(), None, "no evaluation code was found"),
        Strength::Convention,
    );
    code_claims(
        &facts,
        C::EvaluationCodeSafety,
        Role::SafetyEvaluation,
        &[Use::SafetyEvaluation],
        &p.evaluation.safety,
        &lc.framework_verbs.safety,
        prose_code.as_ref(),
        &mut claims,
    );
    for c in [C::EvaluationCodeSafety, C::EvaluationDataSafety] {
        match facts.said(&p.evaluation.safety) {
            Some(e) => push(&mut claims, c, What::Exists, "yes", e, Strength::Explicit),
            None => push(
                &mut claims,
                c,
                What::Availability,
                "not-applicable",
                ev(facts.card_path(), None, "no safety evaluation is described"),
                Strength::Convention,
            ),
        }
    }
    // Evaluation data the repository ships: a link to one of its own folders or files that the
    // documents describe as evaluation prompts or sets, under the repository's licence.
    let shipped = facts
        .find(1, |b| {
            b.kind != BlockKind::Code
                && p.evaluation.shipped.matches(&b.lower)
                && b.links.iter().any(|l| {
                    let u = l.url.trim_start_matches("./");
                    !u.contains("://") && !u.starts_with("//") && !u.starts_with('#') && !u.is_empty()
                })
        })
        .first()
        .map(Located::evidence);
    if let Some(e) = shipped {
        let c = C::EvaluationDataUtility;
        push(&mut claims, c, What::Availability, "open", e, Strength::Explicit);
        if let Some(l) = &facts.repo_licence {
            push(&mut claims, c, What::Licence, &l.expression, l.evidence.clone(), Strength::Metadata);
        }
    }
    match facts.said(&p.evaluation.internal) {
        Some(e) => push(&mut claims, C::EvaluationDataUtility, What::Availability, "closed", e, Strength::Explicit),
        None => push(
            &mut claims,
            C::EvaluationDataUtility,
            What::Availability,
            "not-applicable",
            ev(facts.card_path(), None, "no internal benchmark is described"),
            Strength::Convention,
        ),
    }
    inference_claims(&facts, &weights, prose_code.as_ref(), &mut claims);

    // Data.
    let datasets = dataset_mentions(&facts, know.registry);
    data_claims(&facts, &datasets, &mut claims);

    let mut components: Vec<ComponentDraft> =
        Component::ALL.iter().map(|c| draft(*c, &claims, know, options)).collect();
    components.sort_by_key(|d| Component::ALL.iter().position(|c| *c == d.component));
    let missing = components
        .iter()
        .filter(|d| {
            matches!(d.level, Level::Unknown)
                || d.level.grade() == Some(1)
                || (d.availability.is_downloadable() && d.license.is_none() && d.parts.is_empty())
        })
        .map(|d| match d.level {
            Level::Unknown => format!("{}: not determined ({})", d.component, d.reason),
            _ if d.level.grade() == Some(1) => format!("{}: not released", d.component),
            _ => format!("{}: released without a licence that could be found", d.component),
        })
        .collect();
    let dates = crate::dates::read(dir, &facts.inv, &facts.docs, facts.card.as_ref().map(|(i, _)| *i), spend.bytes());
    Ok(Report {
        id: facts.id.clone(),
        name: facts.name.clone(),
        assessed,
        organisation: None,
        release: options.release.clone().or_else(|| dates.release_month()),
        dates,
        model_repository: facts.model_repository,
        parameters: weights.parameters,
        parameters_source: weights.parameters_source,
        weights: weights.summary,
        config: facts.config.clone(),
        datasets,
        components,
        findings: facts.findings,
        missing,
    })
}

/// Training configurations for a public trainer the documents name.
fn pretraining_configs(facts: &Facts<'_>, out: &mut Vec<Claim>) {
    let folders = &facts.p.code_paths.config_folders;
    let configs: Vec<&Entry> = facts
        .entries()
        .filter(|e| {
            matches!(extension(e.name_lower()), "yml" | "yaml")
                && e.path.split('/').any(|d| folders.iter().any(|f| f == d))
        })
        .take(1)
        .collect();
    let Some(config) = configs.first() else { return };
    let trainer =
        facts.know.registry.software.iter().filter(|sw| sw.stages.contains(&Use::Pretraining)).find_map(|sw| {
            let names: Vec<String> = std::iter::once(sw.id.clone())
                .chain(sw.aliases.iter().cloned())
                .map(|n| n.to_ascii_lowercase())
                .filter(|n| n.len() >= 4)
                .collect();
            facts.find(1, |b| names.iter().any(|n| b.lower.contains(n.as_str()))).first().map(|b| (b.evidence(), sw))
        });
    if let Some((hit, sw)) = trainer {
        let c = Component::TrainingCodePretraining;
        push(
            out,
            c,
            What::Availability,
            "open",
            ev(&config.path, None, format!("training configuration for {}", sw.name)),
            Strength::Metadata,
        );
        push(out, c, What::Licence, &sw.licence, hit, Strength::Metadata);
    }
}

/// Inference code: files, the card's library, the runtime the configuration or examples use.
fn inference_claims(facts: &Facts<'_>, w: &WeightFacts, prose_code: Option<&FoundLicence>, out: &mut Vec<Claim>) {
    let c = Component::DeploymentCodeInference;
    let reg = facts.know.registry;
    let files: Vec<&String> =
        facts.code.iter().filter(|(_, r)| r.contains(&Role::Inference)).map(|(p, _)| p).take(2).collect();
    for f in &files {
        push(out, c, What::Availability, "open", ev(f, None, "inference code file"), Strength::FilePresence);
    }
    if !files.is_empty() {
        code_licence_claims(facts, c, out, prose_code);
    }
    let mut runtime = |sw: &openness_catalogue::registry::Software, e: Evidence, s: Strength| {
        push(out, c, What::Availability, "open", e.clone(), s);
        push(
            out,
            c,
            What::Licence,
            &sw.licence,
            Evidence { text: format!("{} (runs on {}, {})", e.text, sw.name, sw.licence), ..e },
            Strength::Metadata,
        );
    };
    if let Some((l, sw)) =
        facts.card().and_then(|c| c.library_name.clone()).and_then(|l| reg.software(&l).map(|s| (l, s)))
    {
        runtime(sw, facts.card_ev("library_name", format!("library_name: {l}")), Strength::Metadata);
    }
    if let Some(sw) = reg.software("transformers") {
        if let Some(cfg) = &facts.config {
            runtime(
                sw,
                ev("config.json", None, format!("model_type {}", cfg.model_type.clone().unwrap_or_default())),
                Strength::Metadata,
            );
        }
        if let Some(b) = facts.find(1, |b| facts.p.inference.matches(&b.lower)).first() {
            runtime(sw, b.evidence(), Strength::FilePresence);
        }
        if facts.card().is_some_and(|c| !c.license.is_empty() || c.pipeline_tag.is_some()) {
            runtime(sw, facts.card_ev("pipeline_tag", "a Hugging Face model card"), Strength::Convention);
        }
    }
    if w.summary.formats.iter().any(|f| f == "gguf") {
        let e = ev("(gguf)", None, "GGUF weights run on llama.cpp");
        push(out, c, What::Availability, "open", e.clone(), Strength::FilePresence);
        push(out, c, What::Licence, "MIT", e, Strength::Convention);
    }
}

/// Training data: named datasets by stage, derived or unreleased mixes, statements.
fn data_claims(facts: &Facts<'_>, datasets: &[DatasetMention], out: &mut Vec<Claim>) {
    let reg = facts.know.registry;
    let resolved: Vec<(&DatasetMention, &Dataset)> = datasets
        .iter()
        .filter_map(|m| m.resolved.as_deref().and_then(|id| reg.datasets.iter().find(|d| d.id == id)).map(|d| (m, d)))
        .collect();
    let card_datasets_are_tuning = crate::stages::derivative(facts).is_some();
    // A card's datasets that the registry does not know, named by their Hub id, are published
    // there: the data of the release's last stage (its tuning, for a tuned release), under the
    // publisher's licence by convention.
    let unknown: Vec<&DatasetMention> =
        datasets.iter().filter(|m| m.resolved.is_none() && m.evidence.text.starts_with("datasets:")).collect();
    if let Some(m) = unknown.iter().find(|m| m.name.split('/').filter(|s| !s.is_empty()).count() == 2) {
        let stage = if card_datasets_are_tuning || crate::stages::tuned(out) {
            Component::TrainingDataSft
        } else {
            Component::TrainingDataPretraining
        };
        let e = Evidence { text: format!("{}: a dataset published on the Hub", m.evidence.text), ..m.evidence.clone() };
        push(out, stage, What::Availability, "open", e, Strength::Metadata);
        if let Some(l) = publisher_licence(facts) {
            let text = format!("the named data is taken to share the publisher's licence: {}", l.expression);
            push(out, stage, What::Licence, &l.expression, Evidence { text, ..l.evidence }, Strength::Convention);
        }
    }
    let from_card = |m: &DatasetMention| m.evidence.text.starts_with("datasets:");
    let for_stage = |stages: &[Use], card_too: bool| -> Vec<(&DatasetMention, &Dataset)> {
        resolved.iter().filter(|(m, d)| stages.contains(&d.stage) || (card_too && from_card(m))).copied().collect()
    };
    let c = Component::TrainingDataPretraining;
    let found = for_stage(&[Use::Pretraining], !card_datasets_are_tuning);
    let derived: Vec<&DatasetMention> = found.iter().filter(|(m, _)| m.derived).map(|(m, _)| *m).collect();
    let corpora: Vec<(&DatasetMention, &Dataset)> =
        found.iter().filter(|(m, d)| !d.source || from_card(m)).copied().collect();
    // Raw sources listed beside corpora in one breath describe an unreleased mix; named apart,
    // the corpora are what was trained on.
    let sources: Vec<&DatasetMention> = found
        .iter()
        .filter(|(m, d)| {
            d.source
                && !m.part_of_corpus
                && !from_card(m)
                && (corpora.is_empty()
                    || corpora
                        .iter()
                        .any(|(c, _)| c.evidence.file == m.evidence.file && c.evidence.line == m.evidence.line))
        })
        .map(|(m, _)| *m)
        .collect();
    if let Some(m) = derived.first() {
        push(
            out,
            c,
            What::Availability,
            "closed",
            Evidence { text: format!("synthesised from the named sets: {}", m.evidence.text), ..m.evidence.clone() },
            Strength::Explicit,
        );
    } else if let Some(m) = sources.first() {
        push(
            out,
            c,
            What::Availability,
            "unknown",
            Evidence {
                text: format!("raw sources of a mix not released as such: {}", m.evidence.text),
                ..m.evidence.clone()
            },
            Strength::Explicit,
        );
    } else if corpora.is_empty() {
        // A datasheet documents the data: whether it is released is for it to say. A statement
        // that the data is not released is read only where no released corpus is named: such
        // statements usually concern a part of the mix.
        if let Some(card) = facts.entries().find(|e| {
            let n = e.name_lower();
            extension(n) == "md" && facts.p.data.data_cards.iter().any(|d| n.starts_with(d.as_str()))
        }) {
            push(
                out,
                c,
                What::Availability,
                "unknown",
                ev(&card.path, None, "documents the data without saying it is released"),
                Strength::Explicit,
            );
        }
        if let Some(e) = facts.said(&facts.p.data.closed) {
            push(out, c, What::Availability, "closed", e, Strength::Explicit);
        }
    }
    part_claims(c, &corpora, out);
    linked_data_claims(facts, out);
    command_data_claims(facts, out);
    push(
        out,
        c,
        What::Availability,
        "closed",
        ev(facts.card_path(), None, "no released pre-training data was found"),
        Strength::Convention,
    );
    part_claims(Component::TrainingDataSft, &for_stage(&[Use::Sft], card_datasets_are_tuning), out);
    part_claims(Component::TrainingDataAlignment, &for_stage(&[Use::Alignment], false), out);
    part_claims(Component::EvaluationDataSafety, &for_stage(&[Use::SafetyEvaluation], false), out);
    unpublished_part_claims(facts, out);
}

/// A tuning mix of published sets plus a generated one the training-data section describes
/// without a link or name: the published sets are not the whole of the data, whose availability
/// the documents leave open.
fn unpublished_part_claims(facts: &Facts<'_>, out: &mut Vec<Claim>) {
    let c = Component::TrainingDataSft;
    let published = out
        .iter()
        .any(|x| x.component == c && (x.what == What::Part || x.what == What::Availability && x.value == "open"));
    let dp = &facts.p.data;
    let described = || {
        facts.located().find(|h| {
            let b = h.block;
            b.kind == BlockKind::Paragraph
                && b.links.is_empty()
                && b.section.iter().any(|s| dp.training_sections.matches(s))
                && dp.generated.matches(&b.lower)
        })
    };
    if let Some(h) = published.then(described).flatten() {
        let e =
            ev(h.file, Some(h.block.line), format!("a generated part of the mix is not published: {}", h.block.text));
        push(out, c, What::Availability, "unknown", e, Strength::Explicit);
    }
}

/// Conflicts between what the card says and what the files say.
fn licence_conflicts(dir: &Path, facts: &mut Facts<'_>, claims: &[Claim]) {
    let card = claims.iter().find(|c| {
        c.what == What::Licence && c.strength == Strength::Metadata && c.evidence.text.starts_with("license:")
    });
    if let (Some(c), Some(f)) = (card, facts.model_licence.as_ref().or(facts.repo_licence.as_ref()))
        && c.value != f.expression
        && !f.evidence.file.contains("dist-info")
    {
        facts.findings.push(Finding {
            code: "A113",
            severity: Severity::Warning,
            message: format!(
                "the card's licence ({}) differs from the licence file's ({}); check which covers the weights",
                c.value, f.expression
            ),
            evidence: vec![c.evidence.clone(), f.evidence.clone()],
        });
    }
    let packages: Vec<String> =
        facts.entries().filter(|e| e.path.ends_with(".dist-info/METADATA")).map(|e| e.path.clone()).collect();
    for e in packages {
        let text =
            read_json(dir, &e, facts.spend).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
        let declared = text.lines().enumerate().find_map(|(i, l)| {
            l.strip_prefix("License-Expression: ")
                .or_else(|| l.strip_prefix("License: "))
                .map(|v| (i + 1, v.trim().to_owned()))
        });
        if let (Some((line, value)), Some(c)) = (declared, card)
            && let Some(pkg) = facts.resolve(&value)
            && pkg != c.value
        {
            facts.findings.push(Finding {
                code: "A114",
                severity: Severity::Warning,
                message: format!(
                    "the package metadata declares {pkg} but the model card declares {}: the package's licence may cover only the packaging code",
                    c.value
                ),
                evidence: vec![ev(&e, Some(line), format!("License: {value}")), c.evidence.clone()],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Phrases {
        crate::phrases::embedded().expect("valid phrases")
    }

    #[test]
    fn code_roles_follow_paths() {
        let p = p();
        assert_eq!(code_roles(p, "train.py"), [Role::Pretraining]);
        assert_eq!(code_roles(p, "scripts/finetune_lora.py"), [Role::Finetuning]);
        assert_eq!(code_roles(p, "rlhf/ppo_trainer.py"), [Role::Alignment, Role::Pretraining]);
        assert_eq!(code_roles(p, "evaluation/tasks.py"), [Role::Evaluation]);
        assert_eq!(code_roles(p, "eval/toxicity_eval.py"), [Role::SafetyEvaluation]);
        assert_eq!(code_roles(p, "llama/generation.py"), [Role::Inference]);
        assert_eq!(code_roles(p, "modeling_falcon.py"), [Role::Inference]);
        assert!(code_roles(p, "tests/test_train.py").is_empty());
        assert!(code_roles(p, "README.md").is_empty());
    }

    #[test]
    fn names_are_found_as_names_only() {
        let n = &p().data.negations;
        assert!(named_in(n, "trained on the pile and c4", "the pile"));
        assert!(!named_in(n, "see https://arxiv.org/abs/1", "arxiv"));
        assert!(!named_in(n, "the pile without books3", "books3"));
        assert!(!named_in(n, "c4ai", "c4"));
        // Multi-byte characters before a match do not break the window.
        assert!(named_in(n, &format!("{} lambada ↓ ↓ ↓ ↓ trained on the pile", "é".repeat(30)), "the pile"));
    }

    #[test]
    fn sources_taken_from_a_linked_corpus_are_its_parts() {
        let parts = &p().data.partitives;
        let block = |md: &str| crate::markdown::parse(md, 1).remove(0);
        let linked = block("The wikipedia, arxiv and books from [RedPajama](https://huggingface.co/datasets/x).");
        assert!(part_of_linked_corpus(parts, &linked, "wikipedia"));
        assert!(part_of_linked_corpus(parts, &block("the arxiv parts of the [pile](u)"), "arxiv"));
        // A plain list of sources, or a link before the source, is a mix.
        assert!(!part_of_linked_corpus(parts, &block("ccnet [67%], c4 [15%], wikipedia [4.5%]"), "wikipedia"));
        assert!(!part_of_linked_corpus(parts, &block("data from [c4](u) and wikipedia"), "wikipedia"));
    }
}
