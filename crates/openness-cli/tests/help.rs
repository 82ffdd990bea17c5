//! The help documents what the program can say and shows how to run it: every diagnostic code
//! the sources can emit is listed in `check --help` (every assessment finding in `assess
//! --help`), so a new code without documentation fails here; and every subcommand's `--help`
//! ends with one example, which runs.

use std::path::Path;

use assert_cmd::Command;

mod generated;
use generated::{run, site_file};

fn openness() -> Command {
    let mut cmd = Command::cargo_bin("openness").expect("binary is built");
    cmd.env("NO_COLOR", "1").env("COLUMNS", "80").env_remove("OPENNESS_DATA");
    cmd
}

fn help(args: &[&str]) -> String {
    let out = openness().args(args).arg("--help").output().expect("runs");
    assert!(out.status.success(), "{args:?} --help");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Every `"X123"` string literal (a diagnostic or finding code) in the sources of `crates`.
fn codes_in_sources(crates: &[&str], letters: &[char]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut codes = Vec::new();
    for krate in crates {
        let src = root.join(krate).join("src");
        for entry in walk(&src) {
            let text = std::fs::read_to_string(&entry).expect("a source file");
            let bytes = text.as_bytes();
            for (i, _) in text.match_indices('"') {
                let code = bytes.get(i + 1..i + 6);
                if let Some(&[l, a, b, c, b'"']) = code
                    && letters.contains(&char::from(l))
                    && [a, b, c].iter().all(u8::is_ascii_digit)
                {
                    codes.push(text[i + 1..i + 5].to_owned());
                }
            }
        }
    }
    codes.sort();
    codes.dedup();
    codes
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("listed").filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

#[test]
fn every_diagnostic_code_is_documented_in_check_help() {
    let codes = codes_in_sources(&["openness-catalogue", "openness-cli", "openness-interchange"], &['E', 'W', 'N']);
    assert!(codes.len() > 60, "{codes:?}");
    assert!(codes.iter().any(|c| c == "E310") && codes.iter().any(|c| c == "W307"), "{codes:?}");
    let text = help(&["check"]);
    let undocumented: Vec<&String> = codes.iter().filter(|c| !text.contains(c.as_str())).collect();
    assert!(undocumented.is_empty(), "codes missing from `openness check --help`: {undocumented:?}");
}

#[test]
fn every_assessment_finding_is_documented_in_assess_help() {
    let codes = codes_in_sources(&["openness-assess"], &['A']);
    assert!(codes.len() >= 15, "{codes:?}");
    let text = help(&["assess"]);
    let undocumented: Vec<&String> = codes.iter().filter(|c| !text.contains(c.as_str())).collect();
    assert!(undocumented.is_empty(), "findings missing from `openness assess --help`: {undocumented:?}");
    // Value names render as written, not as clap's placeholders.
    for value in [
        "assess [OPTIONS] <DIR>",
        "--release <YYYY-MM>",
        "--model <NAME>",
        "--require <REQUIREMENT>",
        "--format <FORMAT>",
        "--out <DIR>",
    ] {
        assert!(text.contains(value), "`{value}` in assess --help:\n{text}");
    }
    // A value name is one word in brackets: none holds a bracket or an operator of its own.
    for line in text.lines().filter(|l| l.trim_start().starts_with("--")) {
        let names = line.split('<').skip(1).map(|v| v.split('>').next().unwrap_or(v));
        for name in names {
            assert!(!name.contains(['=', '<']) && !name.is_empty(), "a value name renders badly: {line}");
        }
    }
}

/// The subcommands a help text lists under `Commands:`.
fn listed(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // A name at column 2; wrapped descriptions are indented further.
        .filter(|l| !l[2..].starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

/// Every leaf subcommand, as the words that name it, read from the binary's own help.
fn subcommands() -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for top in listed(&help(&[])) {
        let inner = listed(&help(&[top.as_str()]));
        if inner.is_empty() {
            found.push(vec![top]);
        } else {
            found.extend(inner.into_iter().map(|sub| vec![top.clone(), sub]));
        }
    }
    found
}

/// Words of a command line as a POSIX shell splits them (single and double quotes).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word: Option<String> = None;
    let mut quote = None;
    for c in line.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (Some(q), c) if c == q => quote = None,
            (None, ' ') => out.extend(word.take()),
            (_, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    out.extend(word);
    out
}

/// A working directory holding what the examples name: a model folder, a licence file, BOMs
/// and one generated file of each tracker.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path();
    let write = |rel: &str, text: &str| {
        let path = p.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("created");
        std::fs::write(path, text).expect("written");
    };
    write("model/README.md", "---\nlicense: apache-2.0\n---\n# Example\n\nThe weights are in model.safetensors.\n");
    write("model/config.json", "{\"model_type\": \"gpt2\"}");
    write(
        "mot/models/example.yml",
        "release:\n  name: Example\n  date: '2024-05-01'\n  components:\n  - name: Model parameters (Final)\n    license: Apache-2.0\n",
    );
    write(
        "osai/models/example.yaml",
        "system:\n  name: Example\n  releasedate: 2024-05-01\nweights_basemodel:\n  class: open\n",
    );
    write("projects/example.yaml", "project:\n  name: Example\nllmweights:\n  class: open\n");
    write("os-ai-map/sources/products/example.yaml", "name: example\ndisplay_name: Example\ntype: model\n");
    write(
        "os-ai-map/sources/scores/example.yaml",
        "product: example\nopenness:\n  score: 3\n  class: open_weights\n  components: weights:open;license:MIT\n",
    );
    write("_llms/example.md", &site_file("Example"));
    for (format, file) in [("cyclonedx", "llama-2.cdx.json"), ("spdx3", "llama-2.spdx3.json")] {
        let out = openness().args(["export", "llama-2", "--format", format]).output().expect("runs");
        std::fs::write(p.join(file), out.stdout).expect("written");
    }
    // The system's copy of a licence text (Debian's base-files), never one kept in the repository.
    if let Ok(text) = std::fs::read_to_string("/usr/share/common-licenses/Apache-2.0") {
        write("LICENSE", &text);
    }
    dir
}

#[test]
fn every_subcommand_has_an_example_that_runs() {
    let all = subcommands();
    assert!(all.len() >= 20, "{all:?}");
    assert!(all.contains(&vec!["license".to_owned(), "detect".to_owned()]), "{all:?}");
    let dir = workspace();
    let licence = dir.path().join("LICENSE").is_file();
    for words_of in all {
        let args: Vec<&str> = words_of.iter().map(String::as_str).collect();
        let text = help(&args);
        let examples: Vec<&str> =
            text.lines().skip_while(|l| l.trim() != "Example:").skip(1).take_while(|l| l.starts_with("  ")).collect();
        assert_eq!(examples.len(), 1, "{args:?}: one example in --help:\n{text}");
        let example = words(examples[0].trim());
        assert_eq!(example[0], "openness", "{args:?}: {example:?}");
        assert!(
            args.iter().all(|a| example.contains(&(*a).to_owned())),
            "{args:?}: the example runs another command: {example:?}"
        );
        if args == ["license", "detect"]
            && !openness_testdata::require(licence, "needs /usr/share/common-licenses/Apache-2.0 (Debian's base-files)")
        {
            continue;
        }
        // Each example starts from the same files: what an earlier one wrote is removed.
        let _ = std::fs::remove_dir_all(dir.path().join("catalogue"));
        let r = run(openness().current_dir(dir.path()).args(&example[1..]));
        assert_eq!(r.code, Some(0), "{example:?}:\n{}{}", r.stdout, r.stderr);
    }
}
