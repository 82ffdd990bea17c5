//! `cargo xtask merge-records KEEP DUPLICATE…`: makes `data/models/KEEP.yaml` the one record of a
//! release the catalogue also holds under other ids (every observation kept with its source,
//! names kept as aliases; `openness_catalogue::merge::absorb`) and removes the duplicates' files.
//!
//! `cargo xtask eval-assess [CORPUS_DIR] [--rubric literal|paper] [--verbose] [--claims]`: runs
//! `openness assess` on every labelled folder of a corpus (default `../shared/corpus/dev`) and
//! prints exact and acceptable agreement per component and overall, and the confusion of levels;
//! `--claims` lists under each cell that is not acceptable the claims that decided it and those
//! overruled.
//!
//! Labels (`labels.yaml`): per model and component a `level` (1–5, `N/A`, `Unknown` or `skip`)
//! and optional `alt` levels a careful reader could defend. A prediction equal to `level` is
//! exact; one in `{level} ∪ alt` is acceptable; `skip` cells are not scored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use openness_assess::{Knowledge, Options, assess};
use openness_catalogue::{embedded_licence_base, embedded_registry};
use openness_core::{Component, Kind, P5Reading, Rubric};
use serde_json::Value;

fn label_name(kind: Kind, v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => n.as_u64().map(|g| format!("{}{g}", kind.letter())),
        Value::String(s) if s == "skip" => None,
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// Agreement of `assess` with a corpus's labels.
struct Evaluation {
    /// Per component index: (labelled cells, exact, acceptable).
    per_component: BTreeMap<usize, (usize, usize, usize)>,
    /// (label, prediction) → count.
    confusion: BTreeMap<(String, String), usize>,
    /// The cells that are not acceptable, described.
    misses: Vec<String>,
    /// The cells that are acceptable but not exact, described.
    inexact: Vec<String>,
    /// Per scored cell: the confidence `assess` gave, and whether the prediction is acceptable.
    calibration: Vec<(f32, bool)>,
    /// Stage cells where `N/A` was predicted for an existing stage or the reverse.
    stage_errors: usize,
}

/// Confidence buckets of the reliability table: lower bounds.
const BUCKETS: [f32; 4] = [0.0, 0.5, 0.7, 0.9];

impl Evaluation {
    /// Totals: (labelled cells, exact, acceptable).
    fn totals(&self) -> (usize, usize, usize) {
        self.per_component.values().fold((0, 0, 0), |t, c| (t.0 + c.0, t.1 + c.1, t.2 + c.2))
    }

    /// Per bucket of [`BUCKETS`]: (cells, acceptable).
    fn reliability(&self) -> [(usize, usize); 4] {
        let mut table = [(0, 0); 4];
        for (confidence, ok) in &self.calibration {
            let i = BUCKETS.iter().rposition(|b| confidence >= b).unwrap_or(0);
            table[i].0 += 1;
            table[i].1 += usize::from(*ok);
        }
        table
    }
}

/// Whether a component is a training stage that may not exist (fine-tuning, alignment).
fn is_stage(c: Component) -> bool {
    matches!(
        c,
        Component::TrainingCodeFinetuning
            | Component::TrainingCodeAlignment
            | Component::TrainingDataSft
            | Component::TrainingDataAlignment
    )
}

fn evaluate(corpus: &Path, rubric: Rubric, claims: bool) -> Result<Evaluation, String> {
    let labels_text = std::fs::read_to_string(corpus.join("labels.yaml"))
        .map_err(|e| format!("cannot read {}/labels.yaml: {e}", corpus.display()))?;
    let labels: Value = serde_saphyr::from_str(&labels_text).map_err(|e| format!("labels.yaml: {e}"))?;
    let base = embedded_licence_base().map_err(|_| "the embedded licence base is invalid".to_owned())?;
    let registry = embedded_registry(&base).map_err(|_| "the embedded registries are invalid".to_owned())?;
    let know = Knowledge { base: &base, registry: &registry };
    let mut per_component: BTreeMap<usize, (usize, usize, usize)> = BTreeMap::new();
    let mut confusion: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut inexact = Vec::new();
    let mut calibration = Vec::new();
    let mut stage_errors = 0;
    let models = labels.get("models").and_then(Value::as_object).ok_or("labels.yaml has no `models`")?;
    for (model, entry) in models {
        let dir = corpus.join(model);
        let report = match assess(&dir, &know, &Options { rubric, ..Options::default() }) {
            Ok(r) => r,
            Err(e) => {
                misses.push(format!("{model}: not assessed ({e})"));
                continue;
            }
        };
        for (i, component) in Component::ALL.iter().enumerate() {
            let Some(label) = entry.get("labels").and_then(|l| l.get(component.id())) else { continue };
            let Some(expected) = label.get("level").and_then(|v| label_name(component.kind(), v)) else { continue };
            let alts: Vec<String> = label
                .get("alt")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|v| label_name(component.kind(), v)).collect())
                .unwrap_or_default();
            let got = report.component(*component).map_or("Unknown".to_owned(), |d| d.level.to_string());
            let exact = got == expected;
            let acceptable = exact || alts.contains(&got);
            let cell = per_component.entry(i).or_default();
            cell.0 += 1;
            cell.1 += usize::from(exact);
            cell.2 += usize::from(acceptable);
            *confusion.entry((expected.clone(), got.clone())).or_default() += 1;
            calibration.push((report.component(*component).map_or(0.0, |d| d.confidence), acceptable));
            let not_released = |l: &str| l == "C1" || l == "D1";
            if is_stage(*component)
                && !acceptable
                && (expected == "N/A" && not_released(&got) || not_released(&expected) && got == "N/A")
            {
                stage_errors += 1;
            }
            if !exact {
                let why = report
                    .component(*component)
                    .map(|d| format!("confidence {:.2}: {}", d.confidence, d.reason))
                    .unwrap_or_default();
                let line = format!(
                    "{model} {component}: expected {expected}{}, got {got} ({why})",
                    if alts.is_empty() { String::new() } else { format!(" (or {})", alts.join(", ")) }
                );
                if acceptable {
                    inexact.push(line);
                } else {
                    let mut line = line;
                    for c in report.component(*component).filter(|_| claims).map_or(&[][..], |d| &d.claims[..]) {
                        let mark = if c.decisive { '*' } else { ' ' };
                        let what = serde_json::to_value(c.what).ok();
                        let strength = serde_json::to_value(c.strength).ok();
                        let word = |v: &Option<Value>| v.as_ref().and_then(Value::as_str).unwrap_or("").to_owned();
                        line.push_str(&format!(
                            "\n      {mark} {} {} ({}): {}",
                            word(&what),
                            c.value,
                            word(&strength),
                            c.evidence
                        ));
                    }
                    misses.push(line);
                }
            }
        }
    }
    Ok(Evaluation { per_component, confusion, misses, inexact, calibration, stage_errors })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("compare-osai") {
        return compare_osai();
    }
    if args.first().map(String::as_str) == Some("merge-records") {
        return match merge_records(&args[1..]) {
            Ok(report) => {
                print!("{report}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(1)
            }
        };
    }
    if args.first().map(String::as_str) != Some("eval-assess") {
        eprintln!(
            "usage: cargo xtask eval-assess [CORPUS_DIR] [--rubric literal|paper] [--verbose] [--claims]\n       cargo xtask compare-osai\n       cargo xtask merge-records KEEP DUPLICATE..."
        );
        return ExitCode::from(2);
    }
    let verbose = args.iter().any(|a| a == "--verbose");
    let claims = args.iter().any(|a| a == "--claims");
    let rubric = match args.iter().position(|a| a == "--rubric").and_then(|i| args.get(i + 1)).map(String::as_str) {
        Some("paper") => Rubric { p5: P5Reading::Paper },
        _ => Rubric { p5: P5Reading::Literal },
    };
    let corpora: Vec<PathBuf> =
        match args.iter().skip(1).find(|a| !a.starts_with("--") && *a != "literal" && *a != "paper") {
            Some(dir) => vec![PathBuf::from(dir)],
            None => ["dev", "dev2"]
                .iter()
                .map(|c| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus").join(c))
                .collect(),
        };
    for corpus in corpora {
        let e = match evaluate(&corpus, rubric, claims) {
            Ok(e) => e,
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(1);
            }
        };
        print_evaluation(&corpus, rubric, &e, verbose);
    }
    ExitCode::SUCCESS
}

/// `data/models/KEEP.yaml` absorbs each duplicate's record, whose file is removed.
fn merge_records(ids: &[String]) -> Result<String, String> {
    let [keep, duplicates @ ..] = ids else { return Err("give the id to keep and the duplicates' ids".to_owned()) };
    if duplicates.is_empty() {
        return Err("give at least one duplicate's id".to_owned());
    }
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/models");
    let read = |id: &str| -> Result<openness_catalogue::record::RecordFile, String> {
        let path = models.join(format!("{id}.yaml"));
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let src = std::sync::Arc::new(openness_catalogue::SourceFile { name: path.display().to_string(), text });
        openness_catalogue::record::read_record_file(&src).map_err(|d| format!("{}: {}", d.file, d.message))
    };
    let mut record = read(keep)?;
    let mut report = String::new();
    for id in duplicates {
        let duplicate = read(id)?;
        let added = openness_catalogue::merge::absorb(&mut record, &duplicate);
        report.push_str(&format!("{keep} absorbs {id}: {added} observation(s) added\n"));
    }
    let yaml = openness_catalogue::import_site::to_yaml(&record)?;
    std::fs::write(models.join(format!("{keep}.yaml")), yaml).map_err(|e| e.to_string())?;
    for id in duplicates {
        std::fs::remove_file(models.join(format!("{id}.yaml"))).map_err(|e| e.to_string())?;
    }
    Ok(report)
}

fn percent(part: usize, whole: usize) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}

fn print_evaluation(corpus: &Path, rubric: Rubric, e: &Evaluation, verbose: bool) {
    println!("rubric: {} reading of P5; corpus: {}", rubric.p5, corpus.display());
    println!("{:<28} {:>8} {:>8} {:>11}", "component", "labelled", "exact", "acceptable");
    for (i, (cells, exact, acceptable)) in &e.per_component {
        println!(
            "{:<28} {:>8} {:>7.1}% {:>10.1}%",
            Component::ALL[*i].id(),
            cells,
            percent(*exact, *cells),
            percent(*acceptable, *cells)
        );
    }
    let (n, exact, acceptable) = e.totals();
    println!("{:<28} {:>8} {:>7.1}% {:>10.1}%", "overall", n, percent(exact, n), percent(acceptable, n));
    println!("stage cells with N/A for C1/D1 or the reverse: {}", e.stage_errors);
    println!("\nreliability (confidence → share acceptable):");
    let table = e.reliability();
    for (i, (cells, ok)) in table.iter().enumerate() {
        let upper = BUCKETS.get(i + 1).map_or("1.00".to_owned(), |u| format!("{u:.2}"));
        println!("  {:.2}–{upper}  {cells:>4} cells  {:>5.1}% acceptable", BUCKETS[i], percent(*ok, *cells));
    }
    println!("\nconfusion (label → prediction: count):");
    for ((l, p), c) in &e.confusion {
        if l != p {
            println!("  {l:>7} → {p:<7} {c}");
        }
    }
    let diagonal: usize = e.confusion.iter().filter(|((l, p), _)| l == p).map(|(_, c)| c).sum();
    println!("  (and {diagonal} cells on the diagonal)");
    if verbose {
        println!("\nacceptable, not exact:");
        for m in &e.inexact {
            println!("  {m}");
        }
    }
    if verbose || !e.misses.is_empty() {
        println!("\nnot acceptable:");
        for m in &e.misses {
            println!("  {m}");
        }
    }
    println!();
}

/// Catalogue releases and the OSAI index files that describe the same generation or family
/// (`anchor-data/seed-overlap.csv`).
const OSAI_PAIRS: [(&str, &str); 5] = [
    ("llama-2", "llama-2-chat.yaml"),
    ("llama-3", "llama-3-instruct.yaml"),
    ("opt", "OPT.yaml"),
    ("pythia", "Pythia.yaml"),
    ("t5", "T5.yaml"),
];

/// `cargo xtask compare-osai`: our computed OSAI-style criteria against the index's grades.
fn compare_osai() -> ExitCode {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/anchor-data/osai-index/models");
    let Ok(loaded) = openness_catalogue::load(&openness_catalogue::DataSource::Embedded) else {
        eprintln!("error: the embedded catalogue is invalid");
        return ExitCode::from(1);
    };
    let c = loaded.catalogue;
    let (mut agree, mut total) = (0, 0);
    println!("{:<10} {:<22} {:>8} {:>8}", "release", "criterion", "ours", "index");
    for (id, file) in OSAI_PAIRS {
        let Some(record) = c.get(id) else { continue };
        let a = c.assess(record, Rubric::default());
        let ours = openness_core::lenses::osai_index(&|x: Component| a.components[x as usize].level);
        let Ok(text) = std::fs::read_to_string(dir.join(file)) else {
            eprintln!("{file}: unreadable");
            continue;
        };
        let Ok(theirs) = serde_saphyr::from_str::<Value>(&text) else {
            eprintln!("{file}: not YAML");
            continue;
        };
        for (criterion, grade) in ours.criteria {
            let index = theirs.get(criterion).and_then(|v| v.get("class")).and_then(Value::as_str).unwrap_or("-");
            let same = grade.word() == index;
            total += 1;
            agree += usize::from(same);
            println!(
                "{id:<10} {criterion:<22} {:>8} {:>8}{}",
                grade.word(),
                index,
                if same { "" } else { "   differs" }
            );
        }
    }
    println!("agreement: {agree}/{total}");
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(name: &str) -> Option<Evaluation> {
        let dir = openness_testdata::shared(&format!("corpus/{name}"))?;
        Some(evaluate(&dir, Rubric { p5: P5Reading::Literal }, false).expect("the corpus is readable"))
    }

    /// The share acceptable of the cells `assess` is at least 90 % sure of.
    fn high_bucket(e: &Evaluation) -> (usize, usize) {
        e.reliability()[3]
    }

    /// The agreement figures reported for the development corpora; a change to `assess` that
    /// moves them must update them here, on purpose.
    #[test]
    fn development_corpus_agreement() {
        let Some(e) = corpus("dev") else { return };
        assert_eq!(e.totals(), (179, 173, 177), "{:#?}", e.misses);
        assert_eq!(e.stage_errors, 0, "{:#?}", e.misses);
        for component in [Component::DeploymentDataWeights, Component::DeploymentCodeInference] {
            let (n, _, ok) = e.per_component[&(component as usize)];
            assert_eq!(ok, n, "{component} is acceptable on every folder: {:#?}", e.misses);
        }
        let (n, ok) = high_bucket(&e);
        assert!(ok * 100 >= n * 97, "confidence ≥ 0.9 is right {ok} of {n} times");
    }

    #[test]
    fn second_development_corpus_agreement() {
        let Some(e) = corpus("dev2") else { return };
        assert_eq!(e.totals(), (232, 211, 227), "{:#?}", e.misses);
        assert_eq!(e.stage_errors, 0, "{:#?}", e.misses);
        let (n, _, ok) = e.per_component[&(Component::DeploymentDataWeights as usize)];
        assert_eq!((n, ok), (30, 29), "{:#?}", e.misses);
        let (n, ok) = high_bucket(&e);
        assert!(ok * 100 >= n * 97, "confidence ≥ 0.9 is right {ok} of {n} times");
    }

    #[test]
    fn confidences_fall_in_their_buckets() {
        let e = Evaluation {
            per_component: BTreeMap::new(),
            confusion: BTreeMap::new(),
            misses: Vec::new(),
            inexact: Vec::new(),
            calibration: vec![(0.95, true), (0.9, false), (0.89, true), (0.5, true), (0.1, false)],
            stage_errors: 0,
        };
        assert_eq!(e.reliability(), [(1, 0), (1, 1), (1, 1), (2, 1)]);
    }
}
