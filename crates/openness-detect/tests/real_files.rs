//! Detection on real licence files: every licence file of the development corpora (`dev`,
//! `dev2`: LICENSE, MODEL_LICENSE, USE_POLICY and the licence texts a repository carries), the
//! licence texts a Debian system ships in /usr/share/common-licenses, a file holding several
//! licences, and a licence buried in unrelated text. The expected ids come from reading each
//! file. Prints the accuracy.

use std::path::{Path, PathBuf};

use openness_catalogue::embedded_licence_base;
use openness_detect::{Detector, Method};

/// (file, acceptable ids). The first id is the expected one; others are equivalent readings of
/// the same text (a GNU text does not say `-only` or `-or-later`).
const CORPUS: &[(&str, &[&str])] = &[
    ("dbrx-base/LICENSE", &["LicenseRef-ai-dbrx-open-model"]),
    ("dbrx-instruct/LICENSE", &["LicenseRef-ai-dbrx-open-model"]),
    ("falcon-40b/LICENSE.txt", &["LicenseRef-ai-tii-falcon-llm-1.0"]),
    ("glm-130b/LICENSE", &["Apache-2.0"]),
    ("glm-130b/MODEL_LICENSE", &["LicenseRef-ai-glm-130b"]),
    ("gpt-2/LICENSE", &["LicenseRef-ai-gpt2-modified-mit"]),
    ("gpt-j-6b/LICENSE.txt", &["Apache-2.0"]),
    ("gpt-neox-20b/LICENSE", &["Apache-2.0"]),
    ("grok-1/LICENSE.txt", &["Apache-2.0"]),
    ("llama-1/LICENSE", &["GPL-3.0-only", "GPL-3.0-or-later"]),
    ("llama-2-7b-hf/LICENSE.txt", &["LicenseRef-scancode-llama-2-license-2023"]),
    ("llama-2-7b-hf/USE_POLICY.md", &["LicenseRef-ai-llama-2-aup"]),
    ("llama-2/LICENSE", &["LicenseRef-scancode-llama-2-license-2023"]),
    ("llama-2/USE_POLICY.md", &["LicenseRef-ai-llama-2-aup"]),
    ("llama-3/LICENSE", &["LicenseRef-ai-llama-3"]),
    ("llama-3/USE_POLICY.md", &["LicenseRef-ai-llama-3-aup"]),
    ("open-llama/LICENSE", &["Apache-2.0"]),
    ("opt/LICENSE", &["MIT"]),
    ("opt/MODEL_LICENSE.md", &["LicenseRef-ai-opt-175b"]),
    ("pythia/LICENSE", &["Apache-2.0"]),
    ("stablelm-3b-4e1t/LICENSE", &["Apache-2.0"]),
];

/// `dev2`: `None` where the file's licence is not in the licence base (it must then not be
/// reported as some other licence).
const CORPUS2: &[(&str, &[&str])] = &[
    ("amber-7b/LICENSE", &["Apache-2.0"]),
    ("chameleon-7b/LICENSE", &["LicenseRef-ai-chameleon-research"]),
    ("chameleon-7b/USE_POLICY.md", &[NONE]),
    ("deepseek-coder-33b-instruct/LICENSE-CODE", &["MIT"]),
    ("deepseek-coder-33b-instruct/LICENSE-MODEL", &["LicenseRef-scancode-deepseek-la-1.0"]),
    ("dolly-v2-12b/LICENSE", &["Apache-2.0"]),
    ("gemma-3/LICENSE", &["Apache-2.0"]),
    ("glm-4.5/LICENSE", &["Apache-2.0"]),
    ("granite-3.0-8b-instruct/LICENSE", &["Apache-2.0"]),
    ("internlm3-8b-instruct/LICENSE", &["Apache-2.0"]),
    ("minicpm3-4b/LICENSE", &["Apache-2.0"]),
    ("minimax-m1/LICENSE", &["Apache-2.0"]),
    ("mixtral-8x22b/LICENSE", &["Apache-2.0"]),
    ("moonlight-16b-a3b/LICENSE", &["MIT"]),
    ("mpt-7b/LICENSE", &["Apache-2.0"]),
    ("nemotron-3-nano/LICENSE", &["Apache-2.0"]),
    ("phi-4-reasoning-vision-15b/LICENSE", &["MIT"]),
    ("starcoder/LICENSE", &["Apache-2.0"]),
    // Apache-2.0, then the MIT and Apache-2.0 notices of code it adapts.
    ("tulu-3-8b/LICENSE", &["Apache-2.0"]),
    ("tulu-3-8b/assets/model_licenses/llama_license.txt", &["GPL-3.0-only", "GPL-3.0-or-later"]),
    ("tulu-3-8b/assets/model_licenses/tulu_license.txt", &[NONE]),
    ("vicuna-13b-v1.5/LICENSE", &["Apache-2.0"]),
    ("zephyr-7b-beta/LICENSE", &["Apache-2.0"]),
];

/// No licence recognised.
const NONE: &str = "-";

const DEBIAN: &[(&str, &[&str])] = &[
    ("Apache-2.0", &["Apache-2.0"]),
    ("Artistic", &["Artistic-1.0-Perl", "Artistic-1.0"]),
    ("BSD", &["BSD-3-Clause"]),
    ("CC0-1.0", &["CC0-1.0"]),
    // GFDL, GPL and LGPL are links to the newest version.
    ("GFDL", &["GFDL-1.3-or-later", "GFDL-1.3-only"]),
    ("GPL", &["GPL-3.0-or-later", "GPL-3.0-only"]),
    ("LGPL", &["LGPL-3.0-only", "LGPL-3.0-or-later"]),
    ("GFDL-1.2", &["GFDL-1.2-or-later", "GFDL-1.2-only"]),
    ("GFDL-1.3", &["GFDL-1.3-or-later", "GFDL-1.3-only"]),
    ("GPL-1", &["GPL-1.0-or-later", "GPL-1.0-only"]),
    ("GPL-2", &["GPL-2.0-or-later", "GPL-2.0-only"]),
    ("GPL-3", &["GPL-3.0-or-later", "GPL-3.0-only"]),
    ("LGPL-2", &["LGPL-2.0-or-later", "LGPL-2.0-only"]),
    ("LGPL-2.1", &["LGPL-2.1-only", "LGPL-2.1-or-later"]),
    ("LGPL-3", &["LGPL-3.0-only", "LGPL-3.0-or-later"]),
    ("MPL-1.1", &["MPL-1.1"]),
    ("MPL-2.0", &["MPL-2.0"]),
];

fn run(dir: &Path, cases: &[(&str, &[&str])]) -> (usize, usize, Vec<String>) {
    let base = embedded_licence_base().expect("valid licence base");
    let detector = Detector::new(&base);
    let (mut seen, mut right, mut report) = (0, 0, Vec::new());
    for (file, ids) in cases {
        let path: PathBuf = dir.join(file);
        if !path.exists() {
            continue;
        }
        seen += 1;
        let d = detector
            .detect_file(&path, openness_read::Open::NAMED_FOLLOWING_LINKS, &openness_read::Budget::command())
            .expect("readable");
        let got = d.id.clone().unwrap_or_else(|| "-".to_owned());
        let ok = ids.contains(&got.as_str());
        right += usize::from(ok);
        report.push(format!(
            "{} {file}: {got} ({:.3}, {:?})",
            if ok { "ok  " } else { "MISS" },
            d.confidence,
            d.method
        ));
    }
    (seen, right, report)
}

#[test]
fn development_corpus_licence_files() {
    let Some(dir) = openness_testdata::shared("corpus/dev") else { return };
    let (seen, right, report) = run(&dir, CORPUS);
    println!("{}\ncorpus: {right}/{seen} right", report.join("\n"));
    assert_eq!(seen, CORPUS.len(), "every corpus licence file is present");
    assert_eq!(right, seen, "{report:#?}");
}

#[test]
fn second_development_corpus_licence_files() {
    let Some(dir) = openness_testdata::shared("corpus/dev2") else { return };
    let (seen, right, report) = run(&dir, CORPUS2);
    println!("{}\ncorpus dev2: {right}/{seen} right", report.join("\n"));
    assert_eq!(seen, CORPUS2.len(), "every corpus licence file is present");
    assert_eq!(right, seen, "{report:#?}");
}

/// Debian's text of a licence, or `None` (saying so) on a system without it.
fn debian(name: &str) -> Option<String> {
    let text = std::fs::read_to_string(Path::new("/usr/share/common-licenses").join(name)).ok();
    if text.is_none() {
        println!("skipped: /usr/share/common-licenses/{name} is absent");
    }
    text
}

#[test]
fn a_file_with_several_licences_reports_each_part_in_order() {
    let (Some(apache), Some(bsd), Some(dev)) =
        (debian("Apache-2.0"), debian("BSD"), openness_testdata::shared("corpus/dev"))
    else {
        return;
    };
    let mit = std::fs::read_to_string(dev.join("opt/LICENSE")).expect("corpus file");
    let text = format!("{apache}\n\n-----\nThis product bundles code under:\n\n{bsd}\n\n{mit}");
    let base = embedded_licence_base().expect("valid licence base");
    let d = Detector::new(&base).detect_text(&text);
    let parts: Vec<&str> = d.parts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(parts, ["Apache-2.0", "BSD-3-Clause", "MIT"], "{d:#?}");
    assert_eq!(d.id.as_deref(), Some("Apache-2.0"));
    assert_eq!(d.method, Method::Text);
    // The parts follow each other and cover the texts' lines.
    let apache_lines = apache.lines().count();
    assert!(d.parts[0].first_line <= 3 && d.parts[0].last_line + 3 >= apache_lines, "{:?}", d.parts[0]);
    assert!(d.parts[1].first_line > d.parts[0].last_line && d.parts[2].first_line > d.parts[1].last_line);
    assert!(d.parts.iter().all(|p| p.confidence >= 0.9), "{:?}", d.parts);
}

/// About `bytes` of text that is no licence: sentences of everyday words, pseudo-randomly drawn.
fn unrelated_text(bytes: usize, seed: u64) -> String {
    const WORDS: &[&str] = &[
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not",
        "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you", "were",
        "their", "one", "all", "we", "can", "her", "has", "there", "been", "if", "more", "when", "will", "would",
        "who", "so", "no", "model", "weights", "river", "garden", "train", "evening", "copy", "work", "use",
        "software", "terms", "rights", "notice", "free", "data", "city", "music", "table", "window",
    ];
    let mut state = seed;
    let mut out = String::with_capacity(bytes + 100);
    let mut in_line = 0;
    while out.len() < bytes {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.push_str(WORDS[(state % WORDS.len() as u64) as usize]);
        in_line += 1;
        if in_line == 12 {
            out.push_str(".\n");
            in_line = 0;
        } else {
            out.push(' ');
        }
    }
    out
}

#[test]
fn a_licence_buried_in_unrelated_text_is_that_licence_or_nothing() {
    let Some(apache) = debian("Apache-2.0") else { return };
    let base = embedded_licence_base().expect("valid licence base");
    let detector = Detector::new(&base);
    let noise = detector.detect_text(&unrelated_text(400_000, 7));
    assert_eq!(noise.id, None, "{noise:#?}");
    for (before, seed) in [(200_000, 11), (400_000, 13), (0, 17)] {
        let text =
            format!("{}\n{apache}\n{}", unrelated_text(before, seed), unrelated_text(400_000 - before, seed + 1));
        let d = detector.detect_text(&text);
        assert_eq!(d.id.as_deref(), Some("Apache-2.0"), "{before}: {d:#?}");
        let first = text[..text.find("Apache License").expect("the text")].lines().count();
        assert!(d.lines.first().is_some_and(|l| l.line.abs_diff(first) <= 2), "{d:#?}");
    }
}

#[test]
fn debian_common_licenses_that_exist_here() {
    let (seen, right, report) = run(Path::new("/usr/share/common-licenses"), DEBIAN);
    println!("{}\ndebian: {right}/{seen} right", report.join("\n"));
    assert_eq!(right, seen, "{report:#?}");
}

#[test]
fn binary_empty_and_unknown_files_say_so() {
    let base = embedded_licence_base().expect("valid licence base");
    let detector = Detector::new(&base);
    let binary = detector.detect_bytes(b"\x7fELF\x00\x00\x01 not text");
    assert_eq!((binary.id, binary.method), (None, Method::None));
    assert!(binary.note.as_deref().is_some_and(|n| n.contains("binary")));
    let empty = detector.detect_bytes(b" \n\n ");
    assert!(empty.note.as_deref().is_some_and(|n| n.contains("empty")));
    let prose = detector.detect_text("This repository holds the weights of a model.\nUse it wisely.\n");
    assert_eq!(prose.id, None);
    let huge = vec![b'a'; openness_detect::MAX_BYTES * 3];
    let d = detector.detect_bytes(&huge);
    assert!(d.note.as_deref().is_some_and(|n| n.contains("first 512 KiB")), "{d:?}");
}

#[test]
fn mit_reflowed_into_one_line_is_still_found() {
    let base = embedded_licence_base().expect("valid licence base");
    let detector = Detector::new(&base);
    let Some(path) = openness_testdata::shared("corpus/dev/opt/LICENSE") else { return };
    let text = std::fs::read_to_string(path).expect("corpus file");
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let d = detector.detect_text(&one_line);
    assert_eq!(d.id.as_deref(), Some("MIT"), "{d:?}");
}

#[test]
fn versions_sharing_a_title_are_told_apart_by_their_version_lines() {
    let base = embedded_licence_base().expect("valid licence base");
    let detector = Detector::new(&base);
    let v2024 = detector.detect_text("Gemma Terms of Use\n\nLast modified: April 1, 2024\n\nBy using ...");
    let v2025 = detector.detect_text("Gemma Terms of Use\n\nLast modified: March 24, 2025\n\nBy using ...");
    let neither = detector.detect_text("Gemma Terms of Use\n\nBy using ...");
    assert_eq!(v2024.id.as_deref(), Some("LicenseRef-scancode-gemma-tou-2024-04-01"));
    assert_eq!(v2025.id.as_deref(), Some("LicenseRef-scancode-gemma-tou-2025-03-24"));
    assert!(neither.confidence < 0.8, "{neither:?}");
    assert_eq!(neither.alternatives.len(), 1);
}
