//! From gathered facts to the twelve component drafts.

use std::path::Path;

use openness_catalogue::registry::{Dataset, Registry, Use};
use openness_core::{
    Availability, Component, ComponentFacts, Level, LicenceBase, LicenceFact, PartFacts, Resolution, Scope, grade,
};
use openness_detect::Detector;

use crate::card::{CardData, Document, read_card};
use crate::inventory::{Entry, EntryKind, Inventory, walk};
use crate::inventory::{Limit, Spend};
use crate::weights::{HeaderError, ModelConfig, dtype_bytes, read_config, read_gguf, read_index, read_safetensors};
use crate::{
    AssessError, ComponentDraft, DatasetMention, Evidence, Finding, Knowledge, Options, Report, Severity,
    WeightsSummary, check_dir,
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

const CODE_EXTENSIONS: &[&str] = &["py", "sh", "ipynb", "jl", "rs", "cpp", "cu", "c", "js", "ts", "go", "lua", "scala"];
const WEIGHT_EXTENSIONS: &[&str] =
    &["safetensors", "bin", "gguf", "pt", "pth", "ckpt", "h5", "msgpack", "onnx", "npz", "pkl", "tflite"];

fn extension(path: &str) -> &str {
    path.rsplit_once('.').map_or("", |(_, e)| e)
}

fn has_token(haystack: &str, words: &[&str]) -> bool {
    let tokens: Vec<&str> = haystack.split(|c: char| !c.is_ascii_alphanumeric()).filter(|t| !t.is_empty()).collect();
    tokens.iter().any(|t| words.contains(t))
}

fn code_roles(path: &str) -> Vec<Role> {
    let lower = path.to_ascii_lowercase();
    if !CODE_EXTENSIONS.contains(&extension(&lower)) {
        return Vec::new();
    }
    let in_tests = lower.split('/').any(|s| s == "tests" || s == "test")
        || lower.rsplit('/').next().is_some_and(|f| f.starts_with("test_"));
    if in_tests {
        return Vec::new();
    }
    let mut roles = Vec::new();
    if has_token(&lower, &["rlhf", "dpo", "ppo", "reward", "orpo", "kto", "preference", "alignment"]) {
        roles.push(Role::Alignment);
    }
    if lower.contains("finetun")
        || lower.contains("fine_tun")
        || lower.contains("fine-tun")
        || has_token(&lower, &["sft", "lora", "peft", "instruct_tune"])
    {
        roles.push(Role::Finetuning);
    }
    if has_token(&lower, &["train", "pretrain", "training", "trainer", "pretraining"])
        || lower.contains("_train.")
        || lower.contains("train_")
    {
        roles.push(Role::Pretraining);
    }
    let eval = lower.contains("eval") || lower.contains("benchmark") || lower.contains("harness");
    if eval
        && has_token(
            &lower,
            &[
                "safety",
                "toxicity",
                "toxic",
                "redteam",
                "red_team",
                "bias",
                "harm",
                "jailbreak",
                "crows",
                "winobias",
                "bbq",
            ],
        )
    {
        roles.push(Role::SafetyEvaluation);
    } else if eval {
        roles.push(Role::Evaluation);
    }
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    if file.starts_with("modeling_")
        || file.starts_with("modelling_")
        || file == "model.py"
        || has_token(
            file,
            &[
                "generate",
                "generation",
                "inference",
                "infer",
                "sample",
                "sampling",
                "predict",
                "serve",
                "server",
                "chat",
                "run",
                "demo",
                "example",
                "cli",
                "interactive",
                "runners",
            ],
        )
        || file.starts_with("example_")
        || file.starts_with("generate")
    {
        roles.push(Role::Inference);
    }
    roles
}

/// Licence texts and use policies: legal text, not a description of the release.
fn is_legal_text(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    name.contains("license")
        || name.contains("licence")
        || name.contains("use_policy")
        || name.starts_with("copying")
        || name.starts_with("notice")
}

/// A licence found for the repository or the weights, with where it was found.
#[derive(Debug, Clone)]
struct FoundLicence {
    expression: String,
    evidence: Evidence,
    confidence: f32,
}

struct Facts<'k> {
    know: &'k Knowledge<'k>,
    spend: &'k Spend,
    inv: Inventory,
    docs: Vec<Document>,
    card: Option<(usize, CardData)>,
    config: Option<ModelConfig>,
    model_repository: bool,
    repo_licence: Option<FoundLicence>,
    model_licence: Option<FoundLicence>,
    code: Vec<(String, Vec<Role>)>,
    findings: Vec<Finding>,
    name: String,
    id: String,
    tokenizer_has_chat_template: bool,
}

fn ev(file: &str, line: Option<usize>, text: impl Into<String>) -> Evidence {
    let mut text: String = text.into();
    text = text.trim().to_owned();
    if text.chars().count() > 160 {
        text = text.chars().take(157).collect::<String>() + "...";
    }
    Evidence { file: file.to_owned(), line, text }
}

impl Facts<'_> {
    /// Lines of every document matching `test` (on the lowercased line), at most `limit`.
    fn find(&self, limit: usize, test: impl Fn(&str) -> bool) -> Vec<Evidence> {
        let mut out = Vec::new();
        for doc in self.docs.iter().filter(|d| !is_legal_text(&d.path)) {
            for (n, line, lower) in doc.lines_lower().skip(doc.body_line.saturating_sub(1)) {
                if out.len() >= limit {
                    return out;
                }
                if test(lower) {
                    out.push(ev(&doc.path, Some(n), line));
                }
            }
        }
        out
    }

    /// Line `n` (from 1) of the document at `path`, lowercased.
    fn line_lower(&self, path: &str, n: usize) -> Option<&str> {
        let doc = self.docs.iter().find(|d| d.path == path)?;
        doc.lines_lower().nth(n.checked_sub(1)?).map(|(_, _, lower)| lower)
    }

    fn card(&self) -> Option<&CardData> {
        self.card.as_ref().map(|(_, c)| c)
    }

    fn card_path(&self) -> Option<&str> {
        self.card.as_ref().map(|(i, _)| self.docs[*i].path.as_str())
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
}

fn read_licence_files(root: &Path, facts: &mut Facts<'_>) {
    let detector = Detector::new(facts.know.base);
    let candidates: Vec<(String, bool)> = facts
        .entries()
        .filter(|e| e.kind == EntryKind::File && e.path.matches('/').count() <= 3)
        .filter_map(|e| {
            let name = e.name_lower();
            let licence_like = name.starts_with("license")
                || name.starts_with("licence")
                || name.starts_with("copying")
                || name.starts_with("model_license")
                || name.starts_with("license-model")
                || name.starts_with("use_policy")
                || name.contains("license_agreement");
            licence_like.then(|| (e.path.clone(), !name.starts_with("use_policy")))
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
            confidence: d.confidence,
        };
        let lower = path.to_ascii_lowercase();
        let depth = path.matches('/').count();
        let is_model = lower.contains("model")
            || facts
                .know
                .base
                .get(&id)
                .is_some_and(|p| p.scope.contains(&Scope::Model) && !p.scope.contains(&Scope::Code));
        if is_model && facts.model_licence.is_none() {
            facts.model_licence = Some(found.clone());
        }
        if !lower.contains("model")
            && (facts.repo_licence.is_none() || depth == 0)
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
        .filter(|e| e.kind == EntryKind::File && extension(&e.name_lower()) == "md" && e.path.matches('/').count() <= 3)
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
    let weight_entries: Vec<Entry> = facts
        .entries()
        .filter(|e| {
            let n = e.name_lower();
            let ext = extension(&n);
            WEIGHT_EXTENSIONS.contains(&ext)
                && !(ext == "bin"
                    && (n.starts_with("training_args") || n.contains("optimizer") || n.ends_with(".idx.bin")))
                && !n.starts_with("tokenizer")
        })
        .cloned()
        .collect();
    for e in &weight_entries {
        let n = e.name_lower();
        let ext = extension(&n);
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

/// Whether the release has an SFT stage, and an alignment stage, with the evidence.
fn stages(facts: &Facts<'_>) -> ((bool, Vec<Evidence>), (bool, Vec<Evidence>)) {
    let name = format!("{} {}", facts.name, facts.id).to_ascii_lowercase();
    let tuned_name =
        has_token(&name, &["instruct", "chat", "it", "sft", "dialog", "assistant", "rlhf", "dpo", "tuned"])
            || name.contains("chat");
    let mut sft = Vec::new();
    if tuned_name {
        sft.push(ev("(name)", None, format!("the release's name `{}` says it is tuned", facts.name)));
    }
    if let Some(card) = facts.card() {
        if !card.base_model.is_empty() {
            sft.push(ev(
                facts.card_path().unwrap_or("README.md"),
                card.line_of("base_model"),
                format!("base_model: {}", card.base_model.join(", ")),
            ));
        }
        if card.tags.iter().any(|t| matches!(t.as_str(), "conversational" | "chat" | "instruct")) {
            sft.push(ev(
                facts.card_path().unwrap_or("README.md"),
                card.line_of("tags"),
                "tags mark a conversational model",
            ));
        }
    }
    if let Some(e) = facts.entries().find(|e| e.name_lower() == "tokenizer_config.json" && e.kind == EntryKind::File)
        && facts.tokenizer_has_chat_template
    {
        sft.push(ev(&e.path, None, "the tokenizer defines a chat template"));
    }
    // A release named by size or as a base model is judged by its name; a family repository
    // (`llama-2`) by what its documents say of its variants.
    let specific = name.split(|c: char| !c.is_ascii_alphanumeric() && c != '.').any(|t| {
        t == "base"
            || t == "hf"
            || (t.len() >= 2
                && (t.ends_with('b') || t.ends_with('m'))
                && t[..t.len() - 1].chars().all(|c| c.is_ascii_digit() || c == '.'))
    });
    let base_named = has_token(&name, &["base"]);
    if base_named && facts.card().is_none_or(|c| c.base_model.is_empty()) {
        sft.clear();
    }
    if !facts.model_repository && !specific {
        sft.extend(facts.find(3, |l| {
            (l.contains("-chat")
                || l.contains("chat model")
                || l.contains("instruction-tuned")
                || l.contains("instruction tuned")
                || l.contains("-instruct")
                || l.contains("fine-tuned for dialogue")
                || l.contains("fine-tuned versions"))
                && !l.contains("http")
        }));
    }
    let align_test = |l: &str| {
        l.contains("rlhf")
            || l.contains("reinforcement learning")
            || l.contains("human feedback")
            || has_token(l, &["dpo", "ppo"])
            || l.contains("preference optimization")
            || l.contains("rejection sampling")
    };
    let align = if facts.model_repository && sft.is_empty() { Vec::new() } else { facts.find(3, align_test) };
    let has_sft = !sft.is_empty();
    ((has_sft, sft), (has_sft && !align.is_empty(), align))
}

/// Turns the facts of a component into its draft under one rubric.
struct Judge<'a> {
    base: &'a LicenceBase,
    options: &'a Options,
}

impl Judge<'_> {
    fn draft(
        &self,
        component: Component,
        facts: ComponentFacts,
        evidence: Vec<Evidence>,
        confidence: f32,
        why: &str,
    ) -> ComponentDraft {
        let (level, reason) = match grade(component, &facts, self.base, self.options.rubric) {
            Ok(g) => (
                g.computed.unwrap_or(Level::Unknown),
                if why.is_empty() { g.reason } else { format!("{why}; {}", g.reason) },
            ),
            Err(e) => (Level::Unknown, e.to_string()),
        };
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
            confidence,
            evidence,
            reason,
        }
    }
}

fn licence_fact(found: Option<&FoundLicence>) -> LicenceFact {
    found.map_or(LicenceFact::NotStated, |f| LicenceFact::Expression(f.expression.clone()))
}

fn dataset_part(d: &Dataset) -> PartFacts {
    PartFacts { name: d.name.clone(), availability: d.availability, licence: d.licence.clone() }
}

/// Words that put a dataset mention in a training context, or in an evaluation one.
const TRAINING_CONTEXT: &[&str] = &[
    "train",
    "pre-train",
    "pretrain",
    "corpus",
    "data",
    "tokens",
    "fine-tun",
    "finetun",
    "instruction",
    "sft",
    "mixture",
];
const EVALUATION_CONTEXT: &[&str] = &["evaluat", "benchmark", "safety", "red team", "toxic", "bias"];
const NEGATIONS: &[&str] = &["without", "excluding", "except", "removed", "minus", "not include"];

/// Where `needle` occurs in `line` as a name: not inside a word, a URL or a path, and not
/// negated just before.
fn named_in(line: &str, needle: &str) -> bool {
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
        let window = &line[start..i];
        ok_before && ok_after && !NEGATIONS.iter().any(|n| window.contains(n))
    })
}

/// Datasets named in the card's metadata and the documents.
fn dataset_mentions(facts: &Facts<'_>, registry: &Registry) -> Vec<DatasetMention> {
    let mut out: Vec<DatasetMention> = Vec::new();
    if let Some(card) = facts.card() {
        for name in &card.datasets {
            out.push(DatasetMention {
                name: name.clone(),
                resolved: registry.dataset(name).map(|d| d.id.clone()),
                evidence: ev(
                    facts.card_path().unwrap_or("README.md"),
                    card.line_of("datasets"),
                    format!("datasets: {name}"),
                ),
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
        let context = if matches!(dataset.stage, Use::Evaluation | Use::SafetyEvaluation) {
            EVALUATION_CONTEXT
        } else {
            TRAINING_CONTEXT
        };
        let exact_case = name == "C4" || name == "Pile" || name == "Stories";
        let hits = facts.find(3, |l| named_in(l, &needle) && context.iter().any(|w| l.contains(w)));
        if let Some(hit) = hits.into_iter().find(|h| !exact_case || h.text.contains(name)) {
            let lower = hit.text.to_ascii_lowercase();
            let derived = lower.contains("synthetic");
            // The evidence text is shortened; the whole line decides.
            let part_of_corpus = dataset.source
                && hit
                    .line
                    .and_then(|n| facts.line_lower(&hit.file, n))
                    .is_some_and(|l| part_of_linked_corpus(l, &needle));
            out.push(DatasetMention {
                name: name.to_owned(),
                resolved: Some(dataset.id.clone()),
                evidence: hit,
                derived,
                part_of_corpus,
            });
        }
    }
    out
}

/// Whether a raw source is named, after `needle`, as a part of a linked corpus: "the wikipedia
/// and arxiv parts of the [RedPajama dataset](…)". A link names a published corpus; a plain list
/// of sources ("CCNet, C4, Wikipedia") does not.
fn part_of_linked_corpus(lower: &str, needle: &str) -> bool {
    const PARTITIVES: &[&str] = &[
        " from [",
        " from the [",
        " part of [",
        " part of the [",
        " parts of the [",
        " portion of the [",
        " portions of the [",
        " subset of the [",
        " subsets of the [",
        " split of the [",
    ];
    lower.find(needle).is_some_and(|i| PARTITIVES.iter().any(|p| lower[i..].contains(p)))
}

/// Removes Markdown link targets: `[text](url)` becomes `text`.
fn strip_links(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find("](") {
        out.push_str(&rest[..open]);
        match rest[open..].find(')') {
            Some(close) => rest = &rest[open + close + 1..],
            None => {
                rest = &rest[open..];
                break;
            }
        }
    }
    out.push_str(rest);
    out.replace(['[', ']', '*', '`'], "")
}

/// Licences the documents state in prose: for the code, for the weights, and unqualified.
fn prose_licences(facts: &Facts<'_>) -> (Option<FoundLicence>, Option<FoundLicence>) {
    const MARKERS: &[&str] = &[
        "comply with the ",
        "licensed under the ",
        "licensed under ",
        "released under the ",
        "released under ",
        "available under the ",
        "available under ",
        "under the ",
        "under ",
        "license:",
        "licence:",
        "license is ",
        "license ",
    ];
    let mut code = None;
    let mut weights = None;
    let mut scanned = 0;
    for doc in &facts.docs {
        let lines: Vec<(usize, &str)> = doc.lines().skip(doc.body_line.saturating_sub(1)).take(3000).collect();
        let model_doc = doc.path.to_ascii_lowercase().contains("model_card")
            || facts.card.as_ref().is_some_and(|(i, _)| facts.docs[*i].path == doc.path);
        for (k, (n, raw)) in lines.iter().enumerate() {
            if !raw.to_ascii_lowercase().contains("licen") {
                continue;
            }
            scanned += 1;
            if scanned > 200 {
                break;
            }
            let stripped = strip_links(raw);
            // "The code is under X, while the weights are under Y": one clause at a time.
            let clauses: Vec<String> = stripped
                .replace(", while ", ";")
                .replace(" while ", ";")
                .replace(", but ", ";")
                .replace(" whereas ", ";")
                .split(';')
                .map(str::to_owned)
                .collect();
            // "Released X under [CC BY-SA-4.0](…/licenses/…)": the word may stand only in the link.
            let licence_in_link = !stripped.to_ascii_lowercase().contains("licen");
            for line in clauses {
                let lower = line.to_ascii_lowercase();
                if !(lower.contains("licen") || licence_in_link && lower.contains(" under ")) {
                    continue;
                }
                let heading = lower.trim_start_matches(['#', ' ']).trim().trim_end_matches(':') == "license"
                    || lower.trim_start_matches(['#', ' ']).trim().trim_end_matches(':') == "licence";
                let value = if heading {
                    lines[k + 1..]
                        .iter()
                        .map(|(_, l)| strip_links(l))
                        .find(|l| !l.trim().is_empty())
                        .unwrap_or_default()
                } else {
                    match MARKERS.iter().find_map(|m| lower.find(m).map(|i| line[i + m.len()..].to_owned())) {
                        Some(v) => v,
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
                let f =
                    FoundLicence { expression, evidence: ev(&doc.path, Some(*n), raw.to_string()), confidence: 0.7 };
                let about_code = lower.contains("code") || lower.contains("repository") && !lower.contains("weight");
                let about_weights =
                    lower.contains("weight") || lower.contains("model") && !about_code || heading && model_doc;
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

/// Assesses the repository at `dir`.
pub fn assess(dir: &Path, know: &Knowledge<'_>, options: &Options) -> Result<Report, AssessError> {
    check_dir(dir)?;
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
    let heading = card.as_ref().and_then(|(i, _)| {
        docs[*i]
            .lines()
            .skip(docs[*i].body_line.saturating_sub(1))
            .find_map(|(_, l)| l.strip_prefix("# ").map(|h| h.trim().to_owned()))
    });
    let name = card_name.or(heading).filter(|n| n.len() <= 80 && !n.is_empty()).unwrap_or_else(|| folder.clone());
    let id = options.id.clone().unwrap_or_else(|| openness_catalogue::record::id_from_name(&folder));
    let code: Vec<(String, Vec<Role>)> = inv
        .entries
        .iter()
        .map(|e| (e.path.clone(), code_roles(&e.path)))
        .filter(|(p, _)| CODE_EXTENSIONS.contains(&extension(&p.to_ascii_lowercase())))
        .collect();
    let model_repository = config.is_some()
        || inv.entries.iter().any(|e| WEIGHT_EXTENSIONS.contains(&extension(&e.name_lower())) && e.size > 1_000_000);
    let tokenizer_has_chat_template = inv
        .entries
        .iter()
        .find(|e| e.name_lower() == "tokenizer_config.json" && e.kind == EntryKind::File)
        .and_then(|e| read_json(dir, &e.path, &spend))
        .is_some_and(|b| String::from_utf8_lossy(&b).contains("\"chat_template\""));
    let mut facts = Facts {
        know,
        spend: &spend,
        inv,
        docs,
        card,
        config,
        model_repository,
        repo_licence: None,
        model_licence: None,
        code,
        findings,
        name,
        id,
        tokenizer_has_chat_template,
    };
    read_licence_files(dir, &mut facts);
    let weights = read_weights(dir, &mut facts);
    for message in spend.reached() {
        facts.findings.push(Finding { code: "A101", severity: Severity::Warning, message, evidence: Vec::new() });
    }
    let base = know.base;
    let judge = Judge { base, options };

    // The licence of the model: the card's metadata first, then licence files, then prose.
    let mut card_licence: Option<FoundLicence> = None;
    if let Some(card) = facts.card().cloned() {
        let path = facts.card_path().unwrap_or("README.md").to_owned();
        let line = card.line_of("license");
        for l in &card.license {
            if l == "other" || l == "unknown" {
                let named = card.license_name.as_deref().and_then(|n| facts.resolve(n));
                let linked = card.license_link.as_deref().and_then(|link| {
                    let file = link.trim_start_matches("./").rsplit('/').next().unwrap_or(link).to_owned();
                    facts
                        .model_licence
                        .iter()
                        .chain(facts.repo_licence.iter())
                        .find(|f| f.evidence.file.ends_with(&file))
                        .map(|f| f.expression.clone())
                });
                match named.or(linked) {
                    Some(e) => card_licence = Some(FoundLicence { expression: e, evidence: ev(&path, line, format!("license: other ({})", card.license_name.clone().or(card.license_link.clone()).unwrap_or_default())), confidence: 0.85 }),
                    None => facts.findings.push(Finding { code: "A111", severity: Severity::Warning, message: "the card says `license: other` but neither `license_name` nor `license_link` leads to a known licence".to_owned(), evidence: vec![ev(&path, line, "license: other")] }),
                }
            } else if let Some(e) = facts.resolve(l) {
                card_licence = Some(FoundLicence {
                    expression: e,
                    evidence: ev(&path, line, format!("license: {l}")),
                    confidence: 0.95,
                });
                break;
            } else {
                facts.findings.push(Finding {
                    code: "A112",
                    severity: Severity::Warning,
                    message: format!("the card's licence `{l}` is not in the licence base"),
                    evidence: vec![ev(&path, line, format!("license: {l}"))],
                });
            }
        }
    }
    let gguf_licence = weights.gguf_license.as_deref().and_then(|l| facts.resolve(l)).map(|e| FoundLicence {
        expression: e,
        evidence: ev("(gguf header)", None, "general.license"),
        confidence: 0.9,
    });
    let (prose_code_licence, prose_weights_licence) = prose_licences(&facts);
    // Conflicts between what the card says and what the files say.
    if let (Some(c), Some(f)) = (&card_licence, facts.model_licence.as_ref().or(facts.repo_licence.as_ref()))
        && c.expression != f.expression
        && !f.evidence.file.contains("dist-info")
    {
        facts.findings.push(Finding {
            code: "A113",
            severity: Severity::Warning,
            message: format!(
                "the card's licence ({}) differs from the licence file's ({}); check which covers the weights",
                c.expression, f.expression
            ),
            evidence: vec![c.evidence.clone(), f.evidence.clone()],
        });
    }
    for e in
        facts.entries().filter(|e| e.path.ends_with(".dist-info/METADATA")).map(|e| e.path.clone()).collect::<Vec<_>>()
    {
        let text =
            read_json(dir, &e, facts.spend).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
        let declared = text.lines().enumerate().find_map(|(i, l)| {
            l.strip_prefix("License-Expression: ")
                .or_else(|| l.strip_prefix("License: "))
                .map(|v| (i + 1, v.trim().to_owned()))
        });
        if let (Some((line, value)), Some(c)) = (declared, &card_licence)
            && let Some(pkg) = facts.resolve(&value)
            && pkg != c.expression
        {
            facts.findings.push(Finding { code: "A114", severity: Severity::Warning, message: format!("the package metadata declares {pkg} but the model card declares {}: the package's licence may cover only the packaging code", c.expression), evidence: vec![ev(&e, Some(line), format!("License: {value}")), c.evidence.clone()] });
        }
    }
    let weights_licence = card_licence
        .clone()
        .or(gguf_licence)
        .or(facts.model_licence.clone())
        .or(prose_weights_licence)
        .or(facts.repo_licence.clone());
    let code_licence =
        facts.repo_licence.clone().or(prose_code_licence).or(card_licence.clone()).or(facts.model_licence.clone());
    // A Hugging Face card (metadata with a licence, a pipeline or a library) means the weights
    // are published on the Hub even when this checkout holds none.
    let hub_card = facts
        .card()
        .filter(|c| !c.license.is_empty() || c.pipeline_tag.is_some() || c.library_name.is_some() || !c.tags.is_empty())
        .map(|c| {
            ev(
                facts.card_path().unwrap_or("README.md"),
                c.line_of("license").or(c.line_of("pipeline_tag")).or(c.line_of("tags")),
                "Hugging Face model card metadata",
            )
        });

    let ((has_sft, sft_evidence), (has_alignment, alignment_evidence)) = stages(&facts);
    let datasets = dataset_mentions(&facts, know.registry);
    let mut drafts = Vec::new();

    // Weights.
    {
        let on_disk = weights.summary.files > 0;
        let gated = facts.card().is_some_and(|c| c.gated)
            || !facts
                .find(1, |l| {
                    l.contains("request access")
                        || l.contains("request form")
                        || l.contains("access request")
                        || l.contains("accept the license")
                        || l.contains("fill out") && l.contains("form")
                        || l.contains("approval")
                })
                .is_empty();
        let mut evidence = weights.evidence.clone();
        let (availability, confidence, why): (Availability, f32, &str) = if on_disk {
            (if gated { Availability::Gated } else { Availability::Open }, 0.95, "weight files are in the repository")
        } else {
            let links = facts.find(3, |l| {
                (l.contains("download") && (l.contains("weight") || l.contains("checkpoint") || l.contains("model")))
                    || l.contains("magnet:")
                    || (l.contains("huggingface.co/") && (l.contains("weight") || l.contains("checkpoint")))
            });
            let script = facts
                .entries()
                .find(|e| e.name_lower().starts_with("download"))
                .map(|e| ev(&e.path, None, "download script"));
            let closed = facts.find(1, |l| {
                l.contains("weights")
                    && (l.contains("not released") || l.contains("not be released") || l.contains("not publicly"))
            });
            if !closed.is_empty() {
                evidence.extend(closed);
                (Availability::Closed, 0.6, "the documents say the weights are not released")
            } else if let Some(card) = hub_card.clone() {
                evidence.push(card);
                (
                    if gated { Availability::Gated } else { Availability::Open },
                    0.6,
                    "a Hugging Face model card: the weights are published on the Hub",
                )
            } else if !links.is_empty() || script.is_some() {
                evidence.extend(links);
                evidence.extend(script);
                (
                    if gated { Availability::Gated } else { Availability::Open },
                    0.7,
                    "the documents say where to download the weights",
                )
            } else {
                (Availability::Unknown, 0.3, "no weights and no word of where to get them")
            }
        };
        if let Some(l) = &weights_licence {
            evidence.push(l.evidence.clone());
        }
        let licence = if availability.is_downloadable() {
            licence_fact(weights_licence.as_ref())
        } else {
            LicenceFact::NotStated
        };
        let confidence = if availability.is_downloadable() {
            confidence.min(weights_licence.as_ref().map_or(0.4, |l| l.confidence))
        } else {
            confidence
        };
        drafts.push(judge.draft(
            Component::DeploymentDataWeights,
            ComponentFacts { availability, licence, parts: Vec::new() },
            evidence,
            confidence,
            why,
        ));
    }

    let code_with = |role: Role| -> Vec<Evidence> {
        facts.code.iter().filter(|(_, r)| r.contains(&role)).take(3).map(|(p, _)| ev(p, None, "code file")).collect()
    };
    let software_for = |uses: &[Use], verbs: &[&str]| -> Option<(Evidence, String)> {
        for (name, sw) in know.registry.software_names() {
            if !sw.stages.iter().any(|s| uses.contains(s)) || name.len() < 4 {
                continue;
            }
            let needle = name.to_ascii_lowercase();
            let hit = facts.find(1, |l| l.contains(&needle) && verbs.iter().any(|v| l.contains(v))).into_iter().next();
            if let Some(h) = hit {
                return Some((h, sw.licence.clone()));
            }
        }
        None
    };
    let code_draft = |component: Component,
                      role: Role,
                      uses: &[Use],
                      verbs: &[&str],
                      absent: (Availability, f32, &str)|
     -> ComponentDraft {
        let files = code_with(role);
        if !files.is_empty() {
            let mut evidence = files;
            evidence.extend(code_licence.iter().map(|l| l.evidence.clone()));
            let confidence = code_licence.as_ref().map_or(0.5, |l| l.confidence.min(0.9));
            return judge.draft(
                component,
                ComponentFacts {
                    availability: Availability::Open,
                    licence: licence_fact(code_licence.as_ref()),
                    parts: Vec::new(),
                },
                evidence,
                confidence,
                "code for it is in the repository",
            );
        }
        if let Some((hit, licence)) = software_for(uses, verbs) {
            return judge.draft(
                component,
                ComponentFacts {
                    availability: Availability::Open,
                    licence: LicenceFact::Expression(licence),
                    parts: Vec::new(),
                },
                vec![hit],
                0.7,
                "the documents name public code used for it",
            );
        }
        judge.draft(
            component,
            ComponentFacts { availability: absent.0, licence: LicenceFact::NotStated, parts: Vec::new() },
            Vec::new(),
            absent.1,
            absent.2,
        )
    };
    let closed_or_na = |exists: bool, evidence: &[Evidence]| -> (Availability, f32, String) {
        if exists {
            (
                Availability::Closed,
                0.6,
                format!(
                    "the stage exists ({}) but no code or data for it was found",
                    evidence.first().map(|e| e.to_string()).unwrap_or_default()
                ),
            )
        } else {
            (Availability::NotApplicable, 0.6, "no sign that the release has this stage".to_owned())
        }
    };

    // Training code: scripts, or configs for a public trainer the documents name.
    let mut pretraining = code_draft(
        Component::TrainingCodePretraining,
        Role::Pretraining,
        &[Use::Pretraining],
        &["train"],
        (Availability::Closed, 0.5, "no training code was found"),
    );
    if pretraining.availability != Availability::Open {
        let configs: Vec<Evidence> = facts
            .entries()
            .filter(|e| {
                matches!(extension(&e.name_lower()), "yml" | "yaml")
                    && e.path.split('/').any(|d| d == "configs" || d == "models")
            })
            .take(2)
            .map(|e| ev(&e.path, None, "training configuration"))
            .collect();
        let trainer = know.registry.software.iter().filter(|sw| sw.stages.contains(&Use::Pretraining)).find_map(|sw| {
            let names: Vec<String> = std::iter::once(sw.id.clone())
                .chain(sw.aliases.iter().cloned())
                .map(|n| n.to_ascii_lowercase())
                .filter(|n| n.len() >= 4)
                .collect();
            facts
                .find(1, |l| names.iter().any(|n| l.contains(n.as_str())))
                .into_iter()
                .next()
                .map(|hit| (hit, sw.licence.clone()))
        });
        if let (false, Some((hit, licence))) = (configs.is_empty(), trainer) {
            let mut evidence = configs;
            evidence.push(hit);
            pretraining = judge.draft(
                Component::TrainingCodePretraining,
                ComponentFacts {
                    availability: Availability::Open,
                    licence: LicenceFact::Expression(licence),
                    parts: Vec::new(),
                },
                evidence,
                0.6,
                "training configurations for a public trainer the documents name",
            );
        }
    }
    drafts.push(pretraining);
    let guide: Vec<Evidence> = facts
        .entries()
        .filter(|e| e.name_lower().contains("finetune") && extension(&e.name_lower()) == "md")
        .take(1)
        .map(|e| ev(&e.path, None, "fine-tuning guide"))
        .collect();
    // A stage the release shows no sign of is not part of it.
    let not_applicable = |component: Component, reason: &str| {
        let facts = ComponentFacts {
            availability: Availability::NotApplicable,
            licence: LicenceFact::NotStated,
            parts: Vec::new(),
        };
        judge.draft(component, facts, Vec::new(), 0.6, reason)
    };
    let finetune = if !guide.is_empty() {
        judge.draft(
            Component::TrainingCodeFinetuning,
            ComponentFacts {
                availability: Availability::Open,
                licence: licence_fact(code_licence.as_ref()),
                parts: Vec::new(),
            },
            guide,
            0.6,
            "a fine-tuning guide documents the repository's code",
        )
    } else if has_sft {
        code_draft(
            Component::TrainingCodeFinetuning,
            Role::Finetuning,
            &[Use::Finetuning],
            &["fine-tun", "finetun"],
            (
                Availability::Closed,
                0.6,
                &format!(
                    "the release is tuned ({}) but no fine-tuning code was found",
                    sft_evidence.first().map(ToString::to_string).unwrap_or_default()
                ),
            ),
        )
    } else {
        not_applicable(Component::TrainingCodeFinetuning, "no sign that the release was fine-tuned")
    };
    drafts.push(finetune);
    let alignment = if has_alignment {
        code_draft(
            Component::TrainingCodeAlignment,
            Role::Alignment,
            &[Use::Alignment],
            &["rlhf", "dpo", "ppo", "align"],
            (
                Availability::Closed,
                0.6,
                &format!(
                    "the release is aligned ({}) but no alignment code was found",
                    alignment_evidence.first().map(ToString::to_string).unwrap_or_default()
                ),
            ),
        )
    } else {
        not_applicable(Component::TrainingCodeAlignment, "no sign of an alignment stage")
    };
    drafts.push(alignment);

    // Training data.
    let resolved: Vec<(&DatasetMention, &Dataset)> = datasets
        .iter()
        .filter_map(|m| {
            m.resolved.as_deref().and_then(|id| know.registry.datasets.iter().find(|d| d.id == id)).map(|d| (m, d))
        })
        .collect();
    let card_datasets_are_tuning = facts.card().is_some_and(|c| !c.base_model.is_empty());
    let for_stage = |stages: &[Use], from_card_too: bool| -> Vec<(&DatasetMention, &Dataset)> {
        resolved
            .iter()
            .filter(|(m, d)| stages.contains(&d.stage) || (from_card_too && m.evidence.text.starts_with("datasets:")))
            .copied()
            .collect()
    };
    let data_draft = |component: Component,
                      found: Vec<(&DatasetMention, &Dataset)>,
                      absent: (Availability, f32, String)|
     -> ComponentDraft {
        if found.is_empty() {
            return judge.draft(
                component,
                ComponentFacts { availability: absent.0, licence: LicenceFact::NotStated, parts: Vec::new() },
                Vec::new(),
                absent.1,
                &absent.2,
            );
        }
        let parts: Vec<PartFacts> = found.iter().map(|(_, d)| dataset_part(d)).collect();
        let evidence: Vec<Evidence> = found
            .iter()
            .take(5)
            .map(|(m, d)| Evidence { text: format!("{} → {}", m.evidence.text, d.name), ..m.evidence.clone() })
            .collect();
        judge.draft(
            component,
            ComponentFacts { availability: Availability::Open, licence: LicenceFact::NotStated, parts },
            evidence,
            0.7,
            "named datasets from the registry",
        )
    };
    let data_card = facts.entries().find(|e| {
        let n = e.name_lower();
        (n.starts_with("data_card") || n.starts_with("datasheet")) && extension(&n) == "md"
    });
    let pre_closed = if let Some(card) = data_card {
        (Availability::Unknown, 0.4, format!("`{}` documents the data without saying it is released", card.path))
    } else {
        let said = facts.find(1, |l| {
            (l.contains("data") || l.contains("corpus"))
                && (l.contains("not released")
                    || l.contains("not publicly released")
                    || l.contains("proprietary")
                    || l.contains("publicly available online data")
                    || l.contains("a new mix"))
        });
        (
            Availability::Closed,
            if said.is_empty() { 0.4 } else { 0.7 },
            if said.is_empty() {
                "no released pre-training data was found".to_owned()
            } else {
                format!("the documents say the data is not released ({})", said[0])
            },
        )
    };
    {
        let found = for_stage(&[Use::Pretraining], !card_datasets_are_tuning);
        let derived: Vec<Evidence> = found.iter().filter(|(m, _)| m.derived).map(|(m, _)| m.evidence.clone()).collect();
        let corpora: Vec<(&DatasetMention, &Dataset)> =
            found.iter().filter(|(m, d)| !d.source || m.evidence.text.starts_with("datasets:")).copied().collect();
        // Raw sources listed beside corpora in one breath describe an unreleased mix (LLaMA's
        // "CCNet, C4, GitHub, Wikipedia..."); named apart, the corpora are what was trained on.
        let sources: Vec<Evidence> = found
            .iter()
            .filter(|(m, d)| {
                d.source
                    && !m.part_of_corpus
                    && !m.evidence.text.starts_with("datasets:")
                    && (corpora.is_empty()
                        || corpora
                            .iter()
                            .any(|(c, _)| c.evidence.file == m.evidence.file && c.evidence.line == m.evidence.line))
            })
            .take(3)
            .map(|(m, _)| m.evidence.clone())
            .collect();
        let d = if !derived.is_empty() {
            judge.draft(
                Component::TrainingDataPretraining,
                ComponentFacts {
                    availability: Availability::Closed,
                    licence: LicenceFact::NotStated,
                    parts: Vec::new(),
                },
                derived,
                0.6,
                "the training data was synthesised from or alongside the named sets and is not released itself",
            )
        } else if !sources.is_empty() {
            judge.draft(
                Component::TrainingDataPretraining,
                ComponentFacts {
                    availability: Availability::Unknown,
                    licence: LicenceFact::NotStated,
                    parts: Vec::new(),
                },
                sources,
                0.5,
                "the documents name raw sources (crawls, encyclopaedias) of a mix that is not released as such",
            )
        } else {
            data_draft(Component::TrainingDataPretraining, corpora, pre_closed)
        };
        drafts.push(d);
    }
    let (a, c, w) = closed_or_na(has_sft, &sft_evidence);
    drafts.push(data_draft(
        Component::TrainingDataSft,
        if has_sft { for_stage(&[Use::Sft], card_datasets_are_tuning) } else { Vec::new() },
        (a, c, w),
    ));
    let (a, c, w) = closed_or_na(has_alignment, &alignment_evidence);
    drafts.push(data_draft(
        Component::TrainingDataAlignment,
        if has_alignment { for_stage(&[Use::Alignment], false) } else { Vec::new() },
        (a, c, w),
    ));

    // Evaluation.
    drafts.push(code_draft(
        Component::EvaluationCodeGeneral,
        Role::Evaluation,
        &[Use::Evaluation],
        &["evaluat", "eval", "benchmark", "harness"],
        (Availability::Closed, 0.4, "no evaluation code was found"),
    ));
    let safety_said = facts.find(2, |l| {
        l.contains("red team")
            || l.contains("red-team")
            || l.contains("safety evaluation")
            || l.contains("safety benchmark")
            || l.contains("adversarial testing")
    });
    let (sa, sc, sw) = if safety_said.is_empty() {
        (Availability::NotApplicable, 0.4, "no sign of a safety evaluation".to_owned())
    } else {
        (
            Availability::Closed,
            0.5,
            format!("a safety evaluation is described ({}) but its code is not here", safety_said[0]),
        )
    };
    drafts.push(code_draft(
        Component::EvaluationCodeSafety,
        Role::SafetyEvaluation,
        &[Use::SafetyEvaluation],
        &["safety", "toxic", "bias"],
        (sa, sc, &sw),
    ));
    let internal = facts.find(1, |l| {
        l.contains("internal") && (l.contains("benchmark") || l.contains("evaluation") || l.contains("eval"))
    });
    let utility = if internal.is_empty() {
        (Availability::NotApplicable, 0.4, "no internal benchmark is described".to_owned())
    } else {
        (Availability::Closed, 0.6, format!("internal benchmarks are described ({})", internal[0]))
    };
    drafts.push(data_draft(Component::EvaluationDataUtility, Vec::new(), utility));
    drafts.push(data_draft(
        Component::EvaluationDataSafety,
        for_stage(&[Use::SafetyEvaluation], false),
        (sa, sc, sw.clone()),
    ));

    // Inference code.
    {
        let files = code_with(Role::Inference);
        let uses_transformers = facts.find(1, |l| {
            l.contains("from transformers import")
                || l.contains("automodelforcausallm")
                || l.contains("pip install transformers")
                || l.contains("pip install -u transformers")
        });
        let library = facts
            .card()
            .and_then(|c| c.library_name.clone())
            .and_then(|l| know.registry.software(&l).cloned())
            .or_else(|| {
                (facts.config.is_some() || hub_card.is_some() || !uses_transformers.is_empty())
                    .then(|| know.registry.software("transformers").cloned())
                    .flatten()
            });
        let d = if !files.is_empty() {
            let mut evidence = files;
            evidence.extend(code_licence.iter().map(|l| l.evidence.clone()));
            judge.draft(
                Component::DeploymentCodeInference,
                ComponentFacts {
                    availability: Availability::Open,
                    licence: licence_fact(code_licence.as_ref()),
                    parts: Vec::new(),
                },
                evidence,
                code_licence.as_ref().map_or(0.5, |l| l.confidence.min(0.9)),
                "inference code is in the repository",
            )
        } else if let Some(sw) = library {
            let e = match (&facts.config, facts.card().and_then(|c| c.library_name.clone())) {
                (_, Some(l)) => ev(
                    facts.card_path().unwrap_or("README.md"),
                    facts.card().and_then(|c| c.line_of("library_name")),
                    format!("library_name: {l}"),
                ),
                (Some(c), None) => ev(
                    "config.json",
                    None,
                    format!("model_type {} runs on {}", c.model_type.clone().unwrap_or_default(), sw.name),
                ),
                (None, None) => uses_transformers
                    .first()
                    .cloned()
                    .or(hub_card.clone())
                    .unwrap_or_else(|| ev("README.md", None, sw.name.clone())),
            };
            judge.draft(
                Component::DeploymentCodeInference,
                ComponentFacts {
                    availability: Availability::Open,
                    licence: LicenceFact::Expression(sw.licence.clone()),
                    parts: Vec::new(),
                },
                vec![e],
                0.7,
                &format!("the model runs on {}, public inference code", sw.name),
            )
        } else if weights.summary.formats.iter().any(|f| f == "gguf") {
            judge.draft(
                Component::DeploymentCodeInference,
                ComponentFacts {
                    availability: Availability::Open,
                    licence: LicenceFact::Expression("MIT".to_owned()),
                    parts: Vec::new(),
                },
                vec![ev("(gguf)", None, "GGUF weights run on llama.cpp")],
                0.6,
                "GGUF weights run on llama.cpp",
            )
        } else {
            judge.draft(
                Component::DeploymentCodeInference,
                ComponentFacts {
                    availability: Availability::Unknown,
                    licence: LicenceFact::NotStated,
                    parts: Vec::new(),
                },
                Vec::new(),
                0.3,
                "no inference code and no known runtime",
            )
        };
        drafts.push(d);
    }

    let mut components: Vec<ComponentDraft> = Vec::new();
    for c in Component::ALL {
        if let Some(i) = drafts.iter().position(|d| d.component == c) {
            components.push(drafts.swap_remove(i));
        }
    }
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
    Ok(Report {
        id: facts.id.clone(),
        name: facts.name.clone(),
        organisation: None,
        release: options.release.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_roles_follow_paths() {
        assert_eq!(code_roles("train.py"), [Role::Pretraining]);
        assert_eq!(code_roles("scripts/finetune_lora.py"), [Role::Finetuning]);
        assert_eq!(code_roles("rlhf/ppo_trainer.py"), [Role::Alignment, Role::Pretraining]);
        assert_eq!(code_roles("evaluation/tasks.py"), [Role::Evaluation]);
        assert_eq!(code_roles("eval/toxicity_eval.py"), [Role::SafetyEvaluation]);
        assert_eq!(code_roles("llama/generation.py"), [Role::Inference]);
        assert_eq!(code_roles("modeling_falcon.py"), [Role::Inference]);
        assert!(code_roles("tests/test_train.py").is_empty());
        assert!(code_roles("README.md").is_empty());
    }

    #[test]
    fn names_are_found_as_names_only() {
        assert!(named_in("trained on the pile and c4", "the pile"));
        assert!(!named_in("see https://arxiv.org/abs/1", "arxiv"));
        assert!(!named_in("the pile without books3", "books3"));
        assert!(!named_in("c4ai", "c4"));
        // Multi-byte characters before a match do not break the window.
        assert!(named_in(&format!("{} lambada ↓ ↓ ↓ ↓ trained on the pile", "é".repeat(30)), "the pile"));
    }

    #[test]
    fn sources_taken_from_a_linked_corpus_are_its_parts() {
        let open_llama = "the wikipedia, arxiv and books from [redpajama](https://huggingface.co/datasets/x).";
        assert!(part_of_linked_corpus(open_llama, "wikipedia"));
        assert!(part_of_linked_corpus("the arxiv parts of the [pile](u)", "arxiv"));
        // A plain list of sources, or a link before the source, is a mix.
        assert!(!part_of_linked_corpus("ccnet [67%], c4 [15%], wikipedia [4.5%]", "wikipedia"));
        assert!(!part_of_linked_corpus("data from [c4](u) and wikipedia", "wikipedia"));
    }

    #[test]
    fn links_are_stripped() {
        assert_eq!(
            strip_links("under the [Apache-2.0 license](LICENSE), while"),
            "under the Apache-2.0 license, while"
        );
        assert_eq!(strip_links("**License** [x"), "License x");
    }
}
