//! Every (subcommand, format) pair: the formats a subcommand implements produce valid output
//! (JSON parses, CSV parses, Markdown escapes `|` and HTML, LaTeX compiles, YAML records pass
//! `check`), every other format is a usage error (exit 2) naming the supported ones, and
//! `--help` lists exactly the supported ones. The records shown are generated: a copy of
//! GPT-2's record whose name and organisation carry Markdown, HTML and LaTeX specials.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// Every value `--format` has anywhere.
const ALL: [&str; 11] =
    ["table", "json", "csv", "markdown", "latex", "yaml", "svg", "cyclonedx", "spdx3", "mot", "osai"];

const TABULAR: &[&str] = &["table", "json", "csv", "markdown"];
const RECORDS: &[&str] = &["table", "json", "csv"];

/// A name that breaks Markdown tables, injects HTML and needs every LaTeX escape.
const NAME: &str = "<b>GPT</b> | 2 & 50% $x_1$ #{a}~^\\\\";

fn openness() -> Command {
    let mut cmd = Command::cargo_bin("openness").expect("binary is built");
    cmd.env("NO_COLOR", "1").env("COLUMNS", "80").env_remove("OPENNESS_DATA");
    cmd
}

struct Fixture {
    _dir: tempfile::TempDir,
    /// A catalogue of one record, `gpt-2`, with [`NAME`].
    data: PathBuf,
    /// A model folder for `assess`.
    model: PathBuf,
    /// A licence file from the system's own copies (Debian's `base-files`), when present.
    licence: Option<PathBuf>,
    /// Where `report` and `import` write.
    out: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let original = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/models/gpt-2.yaml");
    let text = std::fs::read_to_string(original).expect("the embedded record");
    let text = text.replacen("name: GPT-2\n", &format!("name: \"{NAME}\"\n"), 1).replacen(
        "organisation: OpenAI\n",
        "organisation: \"Open|AI <i>\"\n",
        1,
    );
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("models")).expect("models/");
    std::fs::write(data.join("models/gpt-2.yaml"), text).expect("written");
    let model = dir.path().join("tiny-model");
    std::fs::create_dir(&model).expect("model folder");
    std::fs::write(
        model.join("README.md"),
        "---\nlicense: apache-2.0\nrelease_date: 2024-03-05\nmodel_name: \"Tiny | <b>model</b>\"\n---\n# Tiny\n\nThe weights are in model.safetensors.\n",
    )
    .expect("card");
    std::fs::write(model.join("config.json"), "{\"model_type\": \"gpt2\", \"n_layer\": 2}").expect("config");
    let licence = Some(PathBuf::from("/usr/share/common-licenses/Apache-2.0")).filter(|p| p.is_file());
    let out = dir.path().join("out");
    Fixture { data, model, licence, out, _dir: dir }
}

/// The subcommands, each with arguments that make it print, and the formats it implements.
fn cases(f: &Fixture) -> Vec<(Vec<String>, &'static [&'static str])> {
    let data = |args: &[&str]| {
        let mut v = vec!["--data".to_owned(), f.data.display().to_string()];
        v.extend(args.iter().map(|s| (*s).to_owned()));
        v
    };
    let plain = |args: &[&str]| args.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let mut cases = vec![
        (data(&["models"]), &["table", "json", "csv", "markdown", "latex"][..]),
        (data(&["show", "gpt-2"]), TABULAR),
        (data(&["stats"]), TABULAR),
        (data(&["check"]), RECORDS),
        (data(&["profile", "gpt-2"]), RECORDS),
        (data(&["lens", "osaid", "gpt-2"]), TABULAR),
        (data(&["lens", "osaid"]), TABULAR),
        (plain(&["lens", "--sources"]), TABULAR),
        (data(&["history", "gpt-2"]), TABULAR),
        (data(&["diff", "gpt-2", "--from", "2019-01"]), TABULAR),
        (data(&["badge", "gpt-2"]), &["svg", "markdown", "json"][..]),
        (data(&["export", "gpt-2"]), &["cyclonedx", "spdx3", "mot", "osai"][..]),
        (plain(&["license", "show", "apache 2.0"]), TABULAR),
        (plain(&["license", "resolve", "MIT OR Apache-2.0"]), RECORDS),
        (plain(&["license", "list", "--kind", "model"]), TABULAR),
        (plain(&["license", "list", "--exceptions"]), TABULAR),
        (plain(&["license", "compare", "mit", "apache-2.0"]), RECORDS),
        (
            plain(&["assess", &f.model.display().to_string()]),
            &["table", "json", "csv", "markdown", "yaml", "cyclonedx", "spdx3"][..],
        ),
        (plain(&["report", "--out", &f.out.join("site").display().to_string()]), &[][..]),
        (
            plain(&[
                "import",
                "site",
                &f.data.join("models").display().to_string(),
                "--out",
                &f.out.join("imported").display().to_string(),
            ]),
            &[][..],
        ),
    ];
    // The other importers print only a summary too.
    for importer in ["mot", "osai", "cyclonedx", "spdx3", "opening-up-chatgpt"] {
        let out = f.out.join(importer).display().to_string();
        cases
            .push((plain(&["import", importer, &f.data.join("models").display().to_string(), "--out", &out]), &[][..]));
    }
    if let Some(licence) = &f.licence {
        cases.push((plain(&["license", "detect", &licence.display().to_string()]), TABULAR));
    }
    cases
}

fn run(args: &[String], format: &str) -> Output {
    openness().args(args).args(["--format", format]).output().expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

/// The formats a subcommand's `--help` lists under `--format`.
fn formats_in_help(args: &[String]) -> Vec<String> {
    let out = openness().args(args).arg("--help").output().expect("runs");
    assert!(out.status.success(), "{args:?} --help");
    let help = text(&out.stdout);
    help.lines()
        .skip_while(|l| l.trim() != "--format <FORMAT>")
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with("--") && !l.contains("[default"))
        .filter_map(|l| l.trim_start().strip_prefix("- ")?.split_once(':').map(|(name, _)| name.to_owned()))
        .collect()
}

#[test]
fn every_subcommand_accepts_exactly_its_formats() {
    let f = fixture();
    for (args, supported) in cases(&f) {
        assert_eq!(formats_in_help(&args), supported.to_vec(), "{args:?} --help");
        for format in ALL {
            let out = run(&args, format);
            if supported.contains(&format) {
                assert!(
                    out.status.success(),
                    "{args:?} --format {format}: {:?}\n{}",
                    out.status.code(),
                    text(&out.stderr)
                );
                valid(&args, format, &text(&out.stdout), &f);
            } else {
                assert_eq!(out.status.code(), Some(2), "{args:?} --format {format} is not implemented");
                let err = text(&out.stderr);
                if supported.is_empty() {
                    assert!(err.contains("unexpected argument '--format'"), "{err}");
                } else {
                    assert!(err.contains(&format!("[possible values: {}]", supported.join(", "))), "{err}");
                }
            }
        }
        // Case does not matter.
        if let Some(format) = supported.first() {
            assert!(run(&args, &format.to_uppercase()).status.success(), "{args:?} --format {}", format.to_uppercase());
        }
    }
}

/// The checks of one format's output.
fn valid(args: &[String], format: &str, out: &str, f: &Fixture) {
    let what = format!("{args:?} --format {format}");
    assert!(!out.trim().is_empty(), "{what}: empty");
    match format {
        "json" | "cyclonedx" | "spdx3" => {
            serde_json::from_str::<serde_json::Value>(out).unwrap_or_else(|e| panic!("{what}: {e}\n{out}"));
        }
        "csv" => {
            let mut reader = csv::Reader::from_reader(out.as_bytes());
            let header = reader.headers().unwrap_or_else(|e| panic!("{what}: {e}")).len();
            assert!(header > 1, "{what}: {header} column(s)");
            for record in reader.records() {
                assert_eq!(record.unwrap_or_else(|e| panic!("{what}: {e}\n{out}")).len(), header, "{what}");
            }
        }
        "markdown" => markdown_is_escaped(&what, out),
        "table" => {
            // Wider only where one token (a URL) cannot be broken.
            let wide = out.lines().find(|l| l.chars().count() > 80 && l.trim().contains(' '));
            assert!(wide.is_none(), "{what}: a line over 80 columns: {wide:?}");
        }
        "latex" => latex_compiles(&what, out),
        "yaml" => {
            let file = f.out.join("draft.yaml");
            std::fs::create_dir_all(&f.out).expect("out");
            std::fs::write(&file, out).expect("written");
            let check = openness().arg("check").arg(&file).output().expect("runs");
            assert!(check.status.success(), "{what}: check fails:\n{}", text(&check.stderr));
        }
        "mot" | "osai" => {
            serde_saphyr::from_str::<serde_json::Value>(out).unwrap_or_else(|e| panic!("{what}: {e}\n{out}"));
        }
        "svg" => {
            assert!(out.trim_start().starts_with("<svg") && out.trim_end().ends_with("</svg>"), "{what}: {out}");
            assert!(!out.contains("<b>"), "{what}: the name is escaped in the SVG");
        }
        other => panic!("{what}: no check for {other}"),
    }
}

/// No HTML survives, and every table row has as many unescaped `|` as its header.
fn markdown_is_escaped(what: &str, out: &str) {
    assert!(!out.contains("<b>") && !out.contains("<i>"), "{what}: HTML passed through:\n{out}");
    let mut columns = None;
    for line in out.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let pipes = line.replace("\\|", "").matches('|').count();
        match columns {
            None => columns = Some(pipes),
            Some(n) => assert_eq!(pipes, n, "{what}: a row breaks the table: {line}"),
        }
    }
}

/// The table inside a minimal document, compiled by pdflatex when it is installed.
fn latex_compiles(what: &str, out: &str) {
    assert!(out.contains("\\begin{tabular}") && out.contains("\\toprule"), "{what}: {out}");
    let present = std::process::Command::new("pdflatex").arg("--version").output().is_ok_and(|o| o.status.success());
    if !openness_testdata::require(present, "needs pdflatex (Debian: texlive-latex-base, texlive-latex-recommended)") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let document = format!(
        "\\documentclass{{article}}\n\\usepackage[T1]{{fontenc}}\n\\usepackage{{booktabs}}\n\\usepackage[table]{{xcolor}}\n\\begin{{document}}\n{out}\n\\end{{document}}\n"
    );
    std::fs::write(dir.path().join("t.tex"), document).expect("written");
    let run = std::process::Command::new("pdflatex")
        .args(["-interaction=nonstopmode", "-halt-on-error", "t.tex"])
        .current_dir(dir.path())
        .output()
        .expect("pdflatex runs");
    assert!(run.status.success(), "{what}: pdflatex fails:\n{}", String::from_utf8_lossy(&run.stdout));
    assert!(dir.path().join("t.pdf").is_file(), "{what}: no PDF");
}
